// cognito-headless: the JavaScript driver around the WebAssembly authenticator.
//
// The Rust machine (in ./wasm/) never performs I/O. This file is the host: it feeds the
// machine inputs (`wasm.handle(now, input)`) and carries out the effects it returns
// (HTTP through `fetch`, storage through a KeyValueStorageInterface, events to
// listeners, operation results to promises), strictly in order, through one serial
// async queue. The wasm is never called from inside an effect handler: every input,
// including one that a listener triggers by calling back into `auth`, goes through the
// queue, so re-entrant calls are safe.

import initWasm, { initSync, WasmAuth } from './wasm/cognito_headless.js';

/** @typedef {import('./index.d.ts').AuthConfig} AuthConfig */
/** @typedef {import('./index.d.ts').AuthHost} AuthHost */
/** @typedef {import('./index.d.ts').Auth} Auth */
/** @typedef {import('./index.d.ts').AuthSnapshot} AuthSnapshot */
/** @typedef {import('./index.d.ts').KeyValueStorageInterface} KeyValueStorageInterface */

/** Random bytes sent with every command (the machine's `COMMAND_ENTROPY_BYTES`). */
const COMMAND_ENTROPY_BYTES = 512;
const DEFAULT_TIMEOUT_MS = 20000;

// ------------------------------------------------------------------------- errors

/**
 * The error every operation rejects with. `name` is the Cognito error name
 * (`NotAuthorizedException`, …) or the library's (`NetworkError`,
 * `UserUnAuthenticatedException`, …), as in Amplify v6.
 */
export class AuthError extends Error {
  /**
   * @param {{ name?: string, message?: string, recoverySuggestion?: string, underlyingError?: unknown }} [params]
   */
  constructor(params = {}) {
    const { name, message, recoverySuggestion, underlyingError } = params;
    super(message ?? name ?? 'Unknown error');
    Object.setPrototypeOf(this, new.target.prototype);
    /** @type {string} */
    this.name = name ?? 'AuthError';
    /** @type {string | undefined} */
    this.recoverySuggestion = recoverySuggestion;
    /** @type {unknown} */
    this.underlyingError = underlyingError;
  }
}

/**
 * @param {unknown} value
 * @param {string} [fallbackName]
 * @returns {AuthError}
 */
function toAuthError(value, fallbackName = 'UnknownException') {
  if (value instanceof AuthError) return value;
  if (value instanceof Error) {
    return new AuthError({
      name: value.name && value.name !== 'Error' ? value.name : fallbackName,
      message: value.message,
      underlyingError: value,
    });
  }
  if (value && typeof value === 'object') {
    const v = /** @type {Record<string, unknown>} */ (value);
    return new AuthError({
      name: typeof v.name === 'string' ? v.name : fallbackName,
      message: typeof v.message === 'string' ? v.message : String(v.name ?? fallbackName),
      recoverySuggestion: typeof v.recoverySuggestion === 'string' ? v.recoverySuggestion : undefined,
    });
  }
  return new AuthError({ name: fallbackName, message: String(value), underlyingError: value });
}

// ------------------------------------------------------------------------- wasm

/** @type {Promise<void> | undefined} */
let wasmReady;

const isNode = () =>
  typeof process !== 'undefined' && !!(process.versions && process.versions.node);

/**
 * Loads and instantiates the wasm once per realm.
 * @param {WebAssembly.Module | BufferSource | undefined} wasmModule
 * @returns {Promise<void>}
 */
function loadWasm(wasmModule) {
  if (!wasmReady) {
    wasmReady = instantiate(wasmModule);
    // A failed load may be retried by the next createAuth.
    wasmReady.catch(() => {
      wasmReady = undefined;
    });
  }
  return wasmReady;
}

/** @param {WebAssembly.Module | BufferSource | undefined} wasmModule */
async function instantiate(wasmModule) {
  if (wasmModule) {
    initSync({ module: wasmModule });
    return;
  }
  if (isNode()) {
    // Node's fetch cannot read file: URLs: read the bytes. The module names are held in
    // variables so that browser bundlers leave these imports alone.
    const url = new URL('./wasm/cognito_headless_bg.wasm', import.meta.url);
    if (url.protocol === 'file:') {
      const fsName = 'node:fs/promises';
      const urlName = 'node:url';
      const [{ readFile }, { fileURLToPath }] = await Promise.all([
        import(/* @vite-ignore */ /* webpackIgnore: true */ fsName),
        import(/* @vite-ignore */ /* webpackIgnore: true */ urlName),
      ]);
      // fileURLToPath(href): under jsdom, `URL` is jsdom's, which node:fs does not accept.
      const bytes = await readFile(fileURLToPath(url.href));
      initSync({ module: bytes });
      return;
    }
  }
  await initWasm({
    module_or_path: new URL('./wasm/cognito_headless_bg.wasm', import.meta.url),
  });
}

// ------------------------------------------------------------------------- storage

/**
 * An in-memory KeyValueStorageInterface (async methods, like Amplify's).
 * @returns {KeyValueStorageInterface}
 */
export function createMemoryStorage() {
  /** @type {Map<string, string>} */
  const map = new Map();
  return {
    async setItem(key, value) {
      map.set(String(key), String(value));
    },
    async getItem(key) {
      const value = map.get(String(key));
      return value === undefined ? null : value;
    },
    async removeItem(key) {
      map.delete(String(key));
    },
    async clear() {
      map.clear();
    },
  };
}

/** @returns {Storage | undefined} */
function workingLocalStorage() {
  try {
    // In Node (without a DOM such as jsdom) use memory, even where a global
    // localStorage exists: server processes serve many users.
    if (isNode() && typeof window === 'undefined') return undefined;
    const ls = globalThis.localStorage;
    if (!ls) return undefined;
    const probe = '__cognito_headless_probe__';
    ls.setItem(probe, probe);
    ls.removeItem(probe);
    return ls;
  } catch {
    return undefined;
  }
}

/** @type {KeyValueStorageInterface | undefined} */
let defaultStorageInstance;

/**
 * The default storage: localStorage when it works, else one in-memory storage shared by
 * every createAuth in this realm (like Amplify's defaultStorage).
 * @returns {KeyValueStorageInterface}
 */
function defaultStorage() {
  if (defaultStorageInstance) return defaultStorageInstance;
  const ls = workingLocalStorage();
  defaultStorageInstance = ls
    ? {
        async setItem(key, value) {
          ls.setItem(key, value);
        },
        async getItem(key) {
          return ls.getItem(key);
        },
        async removeItem(key) {
          ls.removeItem(key);
        },
        async clear() {
          ls.clear();
        },
      }
    : createMemoryStorage();
  return defaultStorageInstance;
}

// ------------------------------------------------------------------------- host

/**
 * @returns {Promise<(n: number) => Uint8Array>}
 */
async function defaultRandom() {
  /** @type {{ getRandomValues<T extends ArrayBufferView | null>(array: T): T } | undefined} */
  let crypto = globalThis.crypto;
  if ((!crypto || typeof crypto.getRandomValues !== 'function') && isNode()) {
    // Node 18 has no global WebCrypto.
    const name = 'node:crypto';
    const mod = await import(/* @vite-ignore */ /* webpackIgnore: true */ name);
    crypto = mod.webcrypto;
  }
  if (!crypto || typeof crypto.getRandomValues !== 'function') {
    throw new AuthError({
      name: 'AuthUserPoolException',
      message: 'No secure random source: crypto.getRandomValues is missing; pass host.random.',
    });
  }
  const source = crypto;
  return (n) => source.getRandomValues(new Uint8Array(n));
}

/**
 * @param {any} res a fetch Response (or look-alike)
 * @returns {[string, string][]}
 */
function responseHeaders(res) {
  const headers = res && res.headers;
  if (!headers) return [];
  /** @type {[string, string][]} */
  const out = [];
  if (typeof headers[Symbol.iterator] === 'function') {
    for (const [k, v] of headers) out.push([String(k), String(v)]);
  } else if (typeof headers.forEach === 'function') {
    headers.forEach((/** @type {string} */ v, /** @type {string} */ k) => out.push([String(k), String(v)]));
  } else if (typeof headers === 'object') {
    for (const [k, v] of Object.entries(headers)) out.push([k, String(v)]);
  }
  return out;
}

/** @param {unknown} e */
function errorMessage(e) {
  if (e && typeof e === 'object' && 'message' in e) return String(/** @type {any} */ (e).message);
  return String(e);
}

/** @param {string} what @param {unknown} e */
function report(what, e) {
  try {
    console.error(`cognito-headless: ${what}`, e);
  } catch {
    // console may be missing or broken; never let reporting break the queue.
  }
}

/** @param {unknown} v @returns {v is PromiseLike<unknown>} */
const isThenable = (v) =>
  !!v && (typeof v === 'object' || typeof v === 'function') && typeof (/** @type {any} */ (v).then) === 'function';

// ------------------------------------------------------------------------- results

/**
 * Amplify's JWT: `{ payload, toString() }`. The raw token lives in a closure, so
 * JSON.stringify / console.log of a session never prints it.
 * @param {{ jwt: string, payload: Record<string, unknown> }} out
 */
function toJwt(out) {
  const raw = out.jwt;
  return { payload: out.payload, toString: () => raw };
}

/**
 * AWS credentials as Amplify returns them (`expiration` as a Date).
 * @param {any} c
 */
function toCredentials(c) {
  if (!c) return undefined;
  const out = { ...c };
  if (typeof c.expiration === 'number') out.expiration = new Date(c.expiration);
  else delete out.expiration;
  return out;
}

/** @param {any} value */
function toSession(value) {
  const v = value || {};
  const tokens = v.tokens;
  return {
    ...v,
    tokens: tokens
      ? {
          accessToken: toJwt(tokens.accessToken),
          idToken: tokens.idToken ? toJwt(tokens.idToken) : undefined,
        }
      : undefined,
    credentials: toCredentials(v.credentials),
    identityId: v.identityId ?? undefined,
    userSub: v.userSub ?? undefined,
  };
}

/** @param {any} value */
const toUndefined = (value) => (value === null ? undefined : value);
/** Drops undefined/null fields (the machine reads absent fields as defaults). @param {any} o */
const clean = (o) => {
  if (!o || typeof o !== 'object') return undefined;
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null) out[k] = v;
  return out;
};
/** @param {any} value */
const identity = (value) => value;

/** @param {any} snapshot @returns {AuthSnapshot} */
function freezeSnapshot(snapshot) {
  if (snapshot && snapshot.user) {
    if (snapshot.user.signInDetails) Object.freeze(snapshot.user.signInDetails);
    Object.freeze(snapshot.user);
  }
  return Object.freeze(snapshot);
}

// ------------------------------------------------------------------------- driver

/**
 * @typedef {{ input: any, op?: number }} QueuedInput
 * @typedef {{ resolve: (v: any) => void, reject: (e: any) => void, map: (v: any) => any }} PendingOp
 */

class Driver {
  /**
   * @param {WasmAuth} wasm
   * @param {{ fetch: typeof fetch, storage: KeyValueStorageInterface, random: (n: number) => Uint8Array, now: () => number, timeoutMs: number }} host
   */
  constructor(wasm, host) {
    this.wasm = wasm;
    this.host = host;
    /** @type {QueuedInput[]} */
    this.inputs = [];
    this.running = false;
    this.nextOp = 0;
    /** @type {Map<number, PendingOp>} */
    this.ops = new Map();
    /** @type {Set<(s: AuthSnapshot) => void>} */
    this.subscribers = new Set();
    /** @type {Map<string, Set<(payload: any) => void>>} */
    this.listeners = new Map();
    /** @type {AuthSnapshot} */
    this.snapshot = freezeSnapshot(wasm.snapshot());
    /** @type {((error?: unknown) => void) | undefined} */
    this.onConfigured = undefined;
  }

  /**
   * Queues an input; the wasm sees it from the queue, never synchronously.
   * @param {QueuedInput} item
   */
  feed(item) {
    this.inputs.push(item);
    if (!this.running) {
      this.running = true;
      queueMicrotask(() => {
        this.run();
      });
    }
  }

  async run() {
    try {
      while (this.inputs.length > 0) {
        const item = /** @type {QueuedInput} */ (this.inputs.shift());
        /** @type {any[]} */
        let effects;
        try {
          effects = this.wasm.handle(this.host.now(), item.input);
        } catch (e) {
          this.inputFailed(item, e);
          continue;
        }
        this.updateSnapshot();
        for (const effect of effects) {
          try {
            const pending = this.apply(effect);
            if (isThenable(pending)) await pending;
          } catch (e) {
            report(`failed to carry out a ${effect && effect.type} effect`, e);
          }
        }
      }
    } finally {
      this.running = false;
      if (this.inputs.length > 0) {
        this.running = true;
        queueMicrotask(() => {
          this.run();
        });
      }
    }
  }

  /** @param {QueuedInput} item @param {unknown} e */
  inputFailed(item, e) {
    const error = toAuthError(e, 'InvalidInputException');
    if (item.op !== undefined) {
      const pending = this.ops.get(item.op);
      this.ops.delete(item.op);
      if (pending) pending.reject(error);
      return;
    }
    report(`the authenticator refused an input of type ${item.input && item.input.type}`, error);
    if (this.onConfigured && this.snapshot.authStatus === 'configuring') this.onConfigured(error);
  }

  updateSnapshot() {
    /** @type {any} */
    let next;
    try {
      next = this.wasm.snapshot();
    } catch (e) {
      report('snapshot failed', e);
      return;
    }
    if (!next || next.revision === this.snapshot.revision) return;
    this.snapshot = freezeSnapshot(next);
    if (this.onConfigured && this.snapshot.authStatus !== 'configuring') this.onConfigured();
    for (const listener of [...this.subscribers]) {
      try {
        const r = /** @type {unknown} */ (listener(this.snapshot));
        if (isThenable(r)) Promise.resolve(r).catch((e) => report('a subscriber failed', e));
      } catch (e) {
        report('a subscriber threw', e);
      }
    }
  }

  /**
   * Carries out one effect. Returns a promise only when the queue must wait for it.
   * @param {any} effect
   * @returns {void | Promise<void>}
   */
  apply(effect) {
    switch (effect.type) {
      case 'http':
        this.http(effect.id, effect.request);
        return;
      case 'load':
        return this.load(effect.id, effect.keys);
      case 'store':
        return this.storageCall('setItem', effect.key, effect.value);
      case 'remove':
        return this.storageCall('removeItem', effect.key);
      case 'emit':
        this.emit(effect.event);
        return;
      case 'complete':
        this.complete(effect.op, effect.result);
        return;
      default:
        report(`unknown effect type ${effect && effect.type}`, effect);
    }
  }

  /**
   * @param {'setItem' | 'removeItem'} method
   * @param {string} key
   * @param {string} [value]
   */
  async storageCall(method, key, value) {
    try {
      const storage = this.host.storage;
      if (method === 'setItem') await storage.setItem(key, /** @type {string} */ (value));
      else await storage.removeItem(key);
    } catch (e) {
      report(`storage.${method}(${JSON.stringify(key)}) failed`, e);
    }
  }

  /** @param {number} id @param {string[]} keys */
  async load(id, keys) {
    /** @type {Record<string, string | null>} */
    const values = {};
    for (const key of keys) {
      try {
        const value = await this.host.storage.getItem(key);
        values[key] = value === null || value === undefined ? null : String(value);
      } catch (e) {
        report(`storage.getItem(${JSON.stringify(key)}) failed; treating it as absent`, e);
        values[key] = null;
      }
    }
    this.feed({ input: { type: 'storageLoaded', id, values } });
  }

  /**
   * Fires the request without blocking the queue; the answer comes back as an input.
   * @param {number} id
   * @param {{ method: string, url: string, headers: [string, string][], body: string }} request
   */
  http(id, request) {
    this.transport(request).then(
      (outcome) => this.feed({ input: { type: 'httpResult', id, outcome } }),
      (e) =>
        this.feed({
          input: { type: 'httpResult', id, outcome: { failure: { kind: 'network', message: errorMessage(e) } } },
        }),
    );
  }

  /**
   * @param {{ method: string, url: string, headers: [string, string][], body: string }} request
   * @returns {Promise<any>}
   */
  async transport(request) {
    const fetchFn = this.host.fetch;
    const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
    let timedOut = false;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => {
        timedOut = true;
        try {
          controller?.abort();
        } catch {
          // ignore
        }
        resolve({ failure: { kind: 'timeout' } });
      }, this.host.timeoutMs);
    });
    const attempt = (async () => {
      try {
        /** @type {Record<string, string>} */
        const headers = {};
        for (const [k, v] of request.headers) headers[k] = v;
        /** @type {RequestInit} */
        const init = { method: request.method, headers, body: request.body };
        if (controller) init.signal = controller.signal;
        const res = await fetchFn(request.url, init);
        const body = await res.text();
        return { response: { status: res.status, headers: responseHeaders(res), body } };
      } catch (e) {
        if (timedOut) return { failure: { kind: 'timeout' } };
        return { failure: { kind: 'network', message: errorMessage(e) } };
      }
    })();
    try {
      return await Promise.race([attempt, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** @param {{ name: string, data?: any }} event */
  emit(event) {
    const name = event.name;
    let data = event.data === null ? undefined : event.data;
    if (name === 'tokenRefresh_failure' && data && data.error) {
      data = { ...data, error: toAuthError(data.error) };
    }
    const payload = { event: name, data };
    const handlers = [...(this.listeners.get(name) ?? []), ...(this.listeners.get('*') ?? [])];
    for (const handler of handlers) {
      try {
        const r = /** @type {unknown} */ (handler(payload));
        if (isThenable(r)) Promise.resolve(r).catch((e) => report(`a '${name}' listener failed`, e));
      } catch (e) {
        report(`a '${name}' listener threw`, e);
      }
    }
  }

  /** @param {number} op @param {any} result */
  complete(op, result) {
    const pending = this.ops.get(op);
    if (!pending) return;
    this.ops.delete(op);
    if (result && 'error' in result) {
      pending.reject(toAuthError(result.error));
      return;
    }
    try {
      pending.resolve(pending.map(result ? result.ok : undefined));
    } catch (e) {
      pending.reject(toAuthError(e));
    }
  }

  /**
   * Sends a command and returns its result.
   * @param {any} command
   * @param {(v: any) => any} map
   * @returns {Promise<any>}
   */
  command(command, map) {
    return new Promise((resolve, reject) => {
      /** @type {number[]} */
      let random;
      try {
        random = Array.from(this.host.random(COMMAND_ENTROPY_BYTES));
        if (random.length < COMMAND_ENTROPY_BYTES) throw new Error(`host.random returned ${random.length} bytes`);
      } catch (e) {
        reject(toAuthError(e, 'RandomSourceException'));
        return;
      }
      const op = ++this.nextOp;
      this.ops.set(op, { resolve, reject, map });
      this.feed({ input: { type: 'command', op, command, random }, op });
    });
  }

  /** Resolves once the stored session was read (authStatus is no longer 'configuring'). */
  untilConfigured() {
    if (this.snapshot.authStatus !== 'configuring') return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.onConfigured = (error) => {
        this.onConfigured = undefined;
        if (error) reject(error);
        else resolve(undefined);
      };
    });
  }
}

// ------------------------------------------------------------------------- API

/**
 * Amplify's `getSetupUri(appName, accountName)`: the `otpauth://` URI an authenticator app
 * scans.
 * @param {string} secret
 */
function setupUri(secret) {
  return (/** @type {string} */ appName, /** @type {string} */ accountName) =>
    new URL(
      `otpauth://totp/${encodeURIComponent(appName)}:${encodeURIComponent(accountName ?? '')}` +
        `?secret=${encodeURIComponent(secret)}&issuer=${encodeURIComponent(appName)}`,
    );
}

/** `setUpTOTP`'s result with `getSetupUri`. @param {any} out */
function toTotpSetup(out) {
  return { sharedSecret: out.sharedSecret, getSetupUri: setupUri(out.sharedSecret) };
}

/** A device with `Date`s. @param {any} d */
function toDevice(d) {
  const out = { ...d };
  for (const k of ['createDate', 'lastModifiedDate', 'lastAuthenticatedDate']) {
    if (typeof out[k] === 'number') out[k] = new Date(out[k]);
  }
  return out;
}

/**
 * Adds Amplify's `totpSetupDetails.getSetupUri(appName, accountName)` to a sign-in result.
 * @param {any} out
 */
function toSignInOutput(out) {
  const details = out && out.nextStep && out.nextStep.totpSetupDetails;
  if (details && typeof details.sharedSecret === 'string') {
    details.getSetupUri = setupUri(details.sharedSecret);
  }
  return out;
}

/**
 * Accepts `{ userPoolId, userPoolClientId, … }` or Amplify's `{ Auth: { Cognito: {…} } }`.
 * Every set field is passed on (the machine ignores what it does not know); Amplify's
 * `userPoolEndpoint` is accepted as `endpoint`.
 * @param {any} config
 */
function wasmConfig(config) {
  const c = config && config.Auth && config.Auth.Cognito ? config.Auth.Cognito : config;
  if (!c || typeof c !== 'object') {
    throw new AuthError({
      name: 'AuthUserPoolException',
      message: 'createAuth needs a config object with userPoolId and userPoolClientId.',
    });
  }
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [k, v] of Object.entries(c)) {
    if (v !== undefined && v !== null) out[k] = v;
  }
  if (out.endpoint === undefined && typeof out.userPoolEndpoint === 'string') out.endpoint = out.userPoolEndpoint;
  return out;
}

/**
 * Creates an authenticator. Resolves once the stored session has been restored.
 * @param {AuthConfig} config
 * @param {AuthHost} [host]
 * @returns {Promise<Auth>}
 */
export async function createAuth(config, host = {}) {
  host = host ?? {};
  await loadWasm(host.wasmModule);

  /** @type {WasmAuth} */
  let wasm;
  try {
    wasm = new WasmAuth(wasmConfig(config));
  } catch (e) {
    throw toAuthError(e, 'AuthUserPoolException');
  }

  const hostFetch = host.fetch;
  /** @type {typeof fetch} */
  const fetchFn = hostFetch
    ? (input, init) => hostFetch(input, init)
    : (input, init) => {
        if (typeof globalThis.fetch !== 'function') {
          return Promise.reject(new Error('fetch is not available; pass host.fetch'));
        }
        return globalThis.fetch(input, init);
      };
  const random = host.random ? host.random : await defaultRandom();
  const driver = new Driver(wasm, {
    fetch: fetchFn,
    storage: host.storage ?? defaultStorage(),
    random,
    now: host.now ?? (() => Date.now()),
    timeoutMs: host.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });

  const configured = driver.untilConfigured();
  driver.feed({ input: { type: 'start' } });
  await configured;

  /** @type {Auth} */
  const auth = {
    signIn(input) {
      const { username, password, options } = input ?? /** @type {any} */ ({});
      /** @type {Record<string, unknown>} */
      const command = { type: 'signIn', username: username ?? '' };
      if (password != null) command.password = password;
      if (options) {
        command.options = {
          authFlowType: options.authFlowType ?? undefined,
          clientMetadata: options.clientMetadata ?? undefined,
          preferredChallenge: options.preferredChallenge ?? undefined,
        };
      }
      return driver.command(command, toSignInOutput);
    },
    confirmSignIn(input) {
      const { challengeResponse, options } = input ?? /** @type {any} */ ({});
      /** @type {Record<string, unknown>} */
      const command = { type: 'confirmSignIn', challengeResponse: challengeResponse ?? '' };
      if (options) {
        command.options = {
          userAttributes: options.userAttributes ?? undefined,
          clientMetadata: options.clientMetadata ?? undefined,
          friendlyDeviceName: options.friendlyDeviceName ?? undefined,
        };
      }
      return driver.command(command, toSignInOutput);
    },
    exportSignInState() {
      return driver.command({ type: 'exportSignInState' }, identity);
    },
    importSignInState(state) {
      return driver.command({ type: 'importSignInState', state: String(state ?? '') }, toSignInOutput);
    },
    fetchAuthSession(options) {
      return driver.command({ type: 'fetchAuthSession', forceRefresh: !!(options && options.forceRefresh) }, toSession);
    },
    getCurrentUser() {
      return driver.command({ type: 'getCurrentUser' }, identity);
    },
    signUp(input) {
      const { username, password, options } = input ?? /** @type {any} */ ({});
      return driver.command({ type: 'signUp', username: username ?? '', password, options: clean(options) }, identity);
    },
    confirmSignUp(input) {
      const { username, confirmationCode, options } = input ?? /** @type {any} */ ({});
      return driver.command(
        { type: 'confirmSignUp', username: username ?? '', confirmationCode: confirmationCode ?? '', options: clean(options) },
        identity,
      );
    },
    resendSignUpCode(input) {
      const { username, options } = input ?? /** @type {any} */ ({});
      return driver.command({ type: 'resendSignUpCode', username: username ?? '', options: clean(options) }, identity);
    },
    autoSignIn() {
      return driver.command({ type: 'autoSignIn' }, toSignInOutput);
    },
    resetPassword(input) {
      const { username, options } = input ?? /** @type {any} */ ({});
      return driver.command({ type: 'resetPassword', username: username ?? '', options: clean(options) }, identity);
    },
    confirmResetPassword(input) {
      const { username, newPassword, confirmationCode, options } = input ?? /** @type {any} */ ({});
      return driver.command(
        {
          type: 'confirmResetPassword',
          username: username ?? '',
          newPassword: newPassword ?? '',
          confirmationCode: confirmationCode ?? '',
          options: clean(options),
        },
        toUndefined,
      );
    },
    updatePassword(input) {
      const { oldPassword, newPassword } = input ?? /** @type {any} */ ({});
      return driver.command({ type: 'updatePassword', oldPassword: oldPassword ?? '', newPassword: newPassword ?? '' }, toUndefined);
    },
    setUpTOTP() {
      return driver.command({ type: 'setUpTOTP' }, toTotpSetup);
    },
    verifyTOTPSetup(input) {
      const { code, options } = input ?? /** @type {any} */ ({});
      return driver.command({ type: 'verifyTOTPSetup', code: code ?? '', options: clean(options) }, toUndefined);
    },
    updateMFAPreference(input) {
      return driver.command({ type: 'updateMFAPreference', ...clean(input) }, toUndefined);
    },
    fetchMFAPreference() {
      return driver.command({ type: 'fetchMFAPreference' }, identity);
    },
    fetchUserAttributes() {
      return driver.command({ type: 'fetchUserAttributes' }, identity);
    },
    updateUserAttributes(input) {
      const { userAttributes, options } = input ?? /** @type {any} */ ({});
      return driver.command({ type: 'updateUserAttributes', userAttributes: userAttributes ?? {}, options: clean(options) }, identity);
    },
    updateUserAttribute(input) {
      const { userAttribute, options } = input ?? /** @type {any} */ ({});
      const key = userAttribute?.attributeKey ?? '';
      return driver.command(
        { type: 'updateUserAttributes', userAttributes: { [key]: userAttribute?.value ?? '' }, options: clean(options) },
        (/** @type {any} */ out) => out[key],
      );
    },
    confirmUserAttribute(input) {
      const { userAttributeKey, confirmationCode } = input ?? /** @type {any} */ ({});
      return driver.command(
        { type: 'confirmUserAttribute', userAttributeKey: userAttributeKey ?? '', confirmationCode: confirmationCode ?? '' },
        toUndefined,
      );
    },
    sendUserAttributeVerificationCode(input) {
      const { userAttributeKey, options } = input ?? /** @type {any} */ ({});
      return driver.command(
        { type: 'sendUserAttributeVerificationCode', userAttributeKey: userAttributeKey ?? '', options: clean(options) },
        identity,
      );
    },
    deleteUserAttributes(input) {
      return driver.command({ type: 'deleteUserAttributes', userAttributeKeys: input?.userAttributeKeys ?? [] }, toUndefined);
    },
    fetchDevices(input) {
      const { limit, nextToken } = input ?? {};
      return driver.command({ type: 'fetchDevices', limit, nextToken }, (/** @type {any} */ out) =>
        Array.isArray(out) ? out.map(toDevice) : { ...out, devices: out.devices.map(toDevice) },
      );
    },
    rememberDevice() {
      return driver.command({ type: 'rememberDevice' }, toUndefined);
    },
    forgetDevice(input) {
      return driver.command({ type: 'forgetDevice', device: input?.device ? { id: input.device.id } : undefined }, toUndefined);
    },
    deleteUser() {
      return driver.command({ type: 'deleteUser' }, toUndefined);
    },
    signOut(options) {
      return driver.command({ type: 'signOut', global: !!(options && options.global) }, toUndefined);
    },
    getSnapshot() {
      return driver.snapshot;
    },
    subscribe(listener) {
      if (typeof listener !== 'function') throw new TypeError('subscribe(listener): listener must be a function');
      const entry = (/** @type {AuthSnapshot} */ s) => listener(s);
      driver.subscribers.add(entry);
      return () => {
        driver.subscribers.delete(entry);
      };
    },
    listen(eventName, handler) {
      if (typeof handler !== 'function') throw new TypeError('listen(eventName, handler): handler must be a function');
      let set = driver.listeners.get(eventName);
      if (!set) driver.listeners.set(eventName, (set = new Set()));
      const entry = (/** @type {any} */ payload) => handler(payload);
      set.add(entry);
      return () => {
        driver.listeners.get(eventName)?.delete(entry);
      };
    },
  };
  return auth;
}
