// cognito-headless/wasm: the WebAssembly file itself, for bundlers that need it imported.
// What the import gives depends on the bundler: esbuild with `--loader:.wasm=file` gives
// its URL (a string); Cloudflare Workers (wrangler) give a compiled WebAssembly.Module.
// Either can be passed to createAuth as `host.wasmModule`.
declare const wasm: string | WebAssembly.Module;
export default wasm;
