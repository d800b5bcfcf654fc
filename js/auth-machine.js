// createAuth's machine: its configuration (with what the page adds), the wasm loaded
// on first need, and the machine made from a parse shared by equal configurations.

import { toAuthError } from './errors.js';
import { isBrowserLike } from './env.js';
import { loadWasm } from './wasm-loader.js';
import { WasmAuth, WasmConfig } from './wasm/cognito_headless.js';
import { normalizeConfig, needsAmplifyParser, toAuthErrorOf } from './config.js';
import { currentOrigin } from './oauth.js';

/** @typedef {import('./index.d.ts').AuthConfig} AuthConfig */
/** @typedef {() => Promise<typeof import('./amplify-config.js').parseAmplifyConfigWith>} ParserLoader */
/** @typedef {import('./index.d.ts').AuthHost} AuthHost */

/**
 * The machine's configuration: `config` normalised, with the page's origin (it picks the
 * hosted UI's redirect URLs) and, with Web Locks and cross-tab sync on, the refresh lock
 * (one tab refreshes at a time). Amplify's parser (amplify-config.js) is loaded only for
 * Gen 1 / Gen 2 objects (`loadParser`: index.js's dynamic import, which a bundler that
 * splits makes a chunk of its own); without a loader the config is read as the flat or
 * `{ Auth: { Cognito } }` shape (the drop-in hands createAuth its normalised config).
 * @param {AuthConfig} config
 * @param {AuthHost} host
 * @param {ParserLoader} [loadParser]
 */
export async function prepareConfig(config, host, loadParser) {
  /** @type {import('./config.js').AmplifyParser | undefined} */
  let parse;
  if (loadParser && needsAmplifyParser(config)) {
    const parseAmplifyConfigWith = await loadParser();
    parse = (c) => parseAmplifyConfigWith(c, toAuthErrorOf);
  }
  const machineConfig = normalizeConfig(config, parse);
  return withPageSettings(machineConfig, host);
}

/**
 * prepareConfig's part after the normalisation (a server runner normalises once).
 * @param {Record<string, unknown>} machineConfig normalised (config.js); completed here
 * @param {AuthHost} host
 */
export function withPageSettings(machineConfig, host) {
  const crossTab = host.crossTab ?? isBrowserLike();
  const locks = host.locks !== undefined ? host.locks : globalThis.navigator?.locks;
  if (machineConfig.origin === undefined) {
    const origin = currentOrigin();
    if (origin) machineConfig.origin = origin;
  }
  if (machineConfig.refreshLock === undefined && crossTab && locks && typeof locks.request === 'function') {
    machineConfig.refreshLock = true;
  }
  const origin = typeof machineConfig.origin === 'string' ? machineConfig.origin : undefined;
  return { machineConfig, crossTab, locks, origin };
}

/**
 * Loads the wasm (the host's module, else next to this file) once, on the first call.
 * @param {AuthHost} host
 * @returns {() => Promise<void>}
 */
export function lazyWasm(host) {
  /** @type {Promise<void> | undefined} */
  let wasmLoaded;
  return () => {
    if (!wasmLoaded) {
      wasmLoaded = loadWasm(host.wasmModule);
      wasmLoaded.catch(() => {});
    }
    return wasmLoaded;
  };
}

/** Parsed configurations by their JSON text: instances with the same one share it. @type {Map<string, WasmConfig>} */
const parsedConfigs = new Map();
const PARSED_CONFIGS_MAX = 16;

/**
 * A machine for `config`, its parse shared with every instance of the same configuration
 * (a server makes one instance per request).
 * @param {Record<string, unknown>} config
 */
export function newMachine(config) {
  try {
    const text = JSON.stringify(config);
    let parsed = parsedConfigs.get(text);
    if (!parsed) {
      parsed = new WasmConfig(config);
      if (parsedConfigs.size >= PARSED_CONFIGS_MAX) {
        const oldest = parsedConfigs.keys().next().value;
        if (oldest !== undefined) parsedConfigs.get(oldest)?.free();
        parsedConfigs.delete(/** @type {string} */ (oldest));
      }
      parsedConfigs.set(text, parsed);
    }
    return WasmAuth.fromConfig(parsed);
  } catch (e) {
    throw toAuthError(e, 'AuthUserPoolException');
  }
}

/**
 * Runs `fn` when the page is idle (`requestIdleCallback`, at most 500 ms later), else after
 * the current task.
 * @param {() => void} fn
 */
export function whenIdle(fn) {
  const idle = /** @type {{ requestIdleCallback?: (cb: () => void, opts: { timeout: number }) => unknown }} */ (globalThis).requestIdleCallback;
  if (typeof idle === 'function') idle.call(globalThis, fn, { timeout: 500 });
  else setTimeout(fn, 0);
}

