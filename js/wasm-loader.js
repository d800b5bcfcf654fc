// Loads the WebAssembly authenticator once per JS realm.

import initWasm, { initSync } from './wasm/cognito_headless.js';
import { isNode } from './env.js';
import { report } from './errors.js';

/** @type {Promise<void> | undefined} */
let wasmReady;

/**
 * Loads and instantiates the wasm once per realm. `source` (the first caller's wins) may be
 * a compiled `WebAssembly.Module` (edge runtimes that cannot compile wasm at run time), the bytes, a URL or URL
 * string (what a bundler's file loader gives for `cognito-headless/wasm`), a `Response` or a
 * promise of one. Without it: next to this file (`new URL(…, import.meta.url)`; in Node
 * the file is read from disk).
 * @param {unknown} source
 * @returns {Promise<void>}
 */
export function loadWasm(source) {
  if (!wasmReady) {
    wasmReady = instantiate(source);
    // A failed load may be retried by the next createAuth.
    wasmReady.catch(() => {
      wasmReady = undefined;
    });
  }
  return wasmReady;
}

/**
 * Starts loading the wasm now (createAuth does it too): call it where a sign-in form is
 * about to appear, so the module is compiled before the user submits. Same `source` as
 * host.wasmModule. Never rejects (a failed load is retried by createAuth).
 * @param {unknown} [source]
 * @returns {Promise<void>}
 */
export function preloadWasm(source) {
  return loadWasm(source).catch(() => {});
}

/** @param {unknown} source */
async function instantiate(source) {
  if (source !== undefined && source !== null) {
    if (typeof WebAssembly !== 'undefined' && source instanceof WebAssembly.Module) {
      initSync({ module: source });
      return;
    }
    // Bytes, a URL, a Request/Response or a promise of one: the async path (browsers
    // refuse to compile large modules synchronously on the main thread).
    await initWasm({ module_or_path: source });
    return;
  }
  const here = String(import.meta.url);
  if (isNode() && here.startsWith('file:')) {
    // Node's fetch cannot read file: URLs: read the bytes. The module names are held in
    // variables so that browser bundlers leave these imports alone. The path is made
    // with strings: under jsdom the global URL resolves file: URLs against its page.
    const fsName = 'node:fs/promises';
    const urlName = 'node:url';
    const [{ readFile }, { fileURLToPath }] = await Promise.all([
      import(/* @vite-ignore */ /* webpackIgnore: true */ fsName),
      import(/* @vite-ignore */ /* webpackIgnore: true */ urlName),
    ]);
    const file = here.slice(0, here.lastIndexOf('/') + 1) + 'wasm/cognito_headless_bg.wasm';
    const bytes = await readFile(fileURLToPath(file));
    await initWasm({ module_or_path: bytes });
    return;
  }
  await initWasm({ module_or_path: new URL('./wasm/cognito_headless_bg.wasm', import.meta.url) });
}

/** Frees a wasm-bindgen object (its linear memory) now. @param {unknown} wasm */
export function freeInstance(wasm) {
  try {
    /** @type {{ free?: () => void }} */ (wasm).free?.();
  } catch (e) {
    report('freeing the wasm instance failed', e);
  }
}
