// createAuth's parts that come from the host: where the session is stored (the default
// storage, the waiting sign-in step's own storage) and how requests are sent.

import { report } from './errors.js';
import { isBrowserLike } from './env.js';
import { createTransport, DEFAULT_TIMEOUT_MS } from './transport.js';
import { createMemoryStorage, fromStorageLike, localStorageAdapter, sessionStorageAdapter, hasLocalStorage } from './storage.js';

/** @typedef {import('./index.d.ts').AuthHost} AuthHost */
/** @typedef {import('./index.d.ts').KeyValueStorageInterface} KeyValueStorageInterface */

/** @type {KeyValueStorageInterface | undefined} */
let pageMemoryStorage;

/**
 * The default storage. In a browser page: localStorage (other tabs' changes arrive as
 * storage events), shared by every instance of the page like Amplify's defaultStorage;
 * where localStorage does not work, one in-memory storage for the page. Elsewhere (a
 * server: Node, Deno, Bun, edge workers, without a DOM): a new in-memory storage for each
 * createAuth, because a server process serves many users and an instance is one
 * request's; a shared one would hand one request's user to the next. This holds even
 * where the runtime has a global localStorage.
 * @returns {KeyValueStorageInterface}
 */
function defaultStorage() {
  if (!isBrowserLike()) return createMemoryStorage();
  if (hasLocalStorage()) return localStorageAdapter;
  return (pageMemoryStorage ??= createMemoryStorage());
}

/**
 * Where the waiting sign-in step (Cognito's challenge Session, a new TOTP secret) lives:
 * `host.signInStateStorage`; else, in a browser, sessionStorage (like Amplify v6's
 * signInStore: this tab only, survives a reload, gone when the tab closes; never
 * localStorage, which every tab shares and which outlives the browser session); else
 * (a server) undefined: with the other keys.
 * @param {AuthHost} host
 * @returns {KeyValueStorageInterface | undefined}
 */
function stepStorage(host) {
  if (host.signInStateStorage) return fromStorageLike(host.signInStateStorage);
  return isBrowserLike() ? sessionStorageAdapter : undefined;
}

/**
 * `main` with the one key `key` kept in `other` instead. Other tabs' changes are `main`'s.
 * @param {KeyValueStorageInterface} main
 * @param {string} key
 * @param {KeyValueStorageInterface} other
 * @returns {KeyValueStorageInterface}
 */
function withKeyElsewhere(main, key, other) {
  /** @param {string} k */
  const pick = (k) => (k === key ? other : main);
  /** @type {KeyValueStorageInterface} */
  const routed = {
    setItem: (k, value) => pick(k).setItem(k, value),
    getItem: (k) => pick(k).getItem(k),
    removeItem: (k) => pick(k).removeItem(k),
    async clear() {
      await main.clear();
      await other.removeItem(key);
    },
  };
  const listen = main.addListener;
  if (typeof listen === 'function') routed.addListener = (listener) => listen.call(main, listener);
  return routed;
}

/**
 * Removes a waiting step an earlier version stored in `main` (localStorage, cookies) when
 * steps now live elsewhere. When both are one storage (the same value in both), nothing.
 * @param {KeyValueStorageInterface} main
 * @param {string} key
 * @param {KeyValueStorageInterface} other
 */
async function dropStaleStep(main, key, other) {
  try {
    const [here, there] = await Promise.all([main.getItem(key), other.getItem(key)]);
    if (here !== null && here !== undefined && here !== there) await main.removeItem(key);
  } catch (e) {
    report(`could not clean up an old sign-in step in the storage (${key})`, e);
  }
}

/**
 * The storage an instance uses: the host's (or the default), with the waiting sign-in
 * step kept in its own storage (stepStorage) and an old copy of it in the main storage
 * removed.
 * @param {AuthHost} host
 * @param {string} clientId the app client id (the keys' prefix)
 * @returns {Promise<KeyValueStorageInterface>}
 */
export async function openStorage(host, clientId) {
  const mainStorage = host.storage ? fromStorageLike(host.storage) : defaultStorage();
  const steps = stepStorage(host);
  const stepKey = `CognitoIdentityServiceProvider.${clientId}.signInState`;
  if (steps) await dropStaleStep(mainStorage, stepKey, steps);
  return steps ? withKeyElsewhere(mainStorage, stepKey, steps) : mainStorage;
}

/**
 * The transport over the host's fetch (else the global one), timeout and retry options.
 * @param {AuthHost} host
 */
export function hostTransport(host) {
  const hostFetch = host.fetch;
  // any: a host fetch may return a Response look-alike (transport.js reads only status,
  // headers, body and text()).
  /** @type {(url: string, init: RequestInit) => Promise<any>} */
  const fetchFn = hostFetch
    ? (input, init) => hostFetch(input, init)
    : (input, init) => {
        if (typeof globalThis.fetch !== 'function') {
          return Promise.reject(new Error('fetch is not available; pass host.fetch'));
        }
        return globalThis.fetch(input, init);
      };
  const retry = host.retry === false ? { maxAttempts: 1 } : host.retry ?? {};
  return createTransport({
    fetch: fetchFn,
    timeoutMs: host.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxAttempts: retry.maxAttempts,
    baseDelayMs: retry.baseDelayMs,
    sleep: host.sleep,
  });
}
