// Loaded by startup.html in headless Chromium (one fresh page per sample); run.mjs calls
// window.startupOnce(nonce). The package is served at /pkg/.
import { withNonce } from './wasm-nonce.mjs';

const CONFIG = {
  userPoolId: 'us-east-1_AbCdEf123',
  userPoolClientId: '1example23456789abcdefghij',
  endpoint: 'http://127.0.0.1:9/',
};

window.startupOnce = async (nonce) => {
  const bytes = new Uint8Array(await (await fetch('/pkg/wasm/cognito_headless_bg.wasm')).arrayBuffer());
  const m = await import('/pkg/index.js');
  const b = withNonce(bytes, nonce);
  let calls = 0;
  const noFetch = async () => {
    calls++;
    throw new Error('startup: no network expected');
  };
  const t0 = performance.now();
  const module = await WebAssembly.compile(b);
  const t1 = performance.now();
  await m.createAuth(CONFIG, { wasmModule: module, storage: m.createMemoryStorage(), fetch: noFetch });
  const t2 = performance.now();
  if (calls) throw new Error('startup: createAuth made network calls');
  return { compile: t1 - t0, init: t2 - t1, total: t2 - t0 };
};
window.startupReady = true;
