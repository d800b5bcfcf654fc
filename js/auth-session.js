// The API's session queries and the instance's life: fetchAuthSession and getCurrentUser
// (answered from the machine's view when it holds), the snapshot store, Hub-style
// events, close and dispose.

import { toSession } from './results.js';

/**
 * @typedef {import('./index.d.ts').Auth} Auth
 * @typedef {import('./index.d.ts').AuthHubPayload} AuthHubPayload
 * @typedef {import('./driver.js').Driver} Driver
 */

/**
 * getCurrentUser's result: a fresh object each call (the view's is frozen).
 * @param {unknown} value the machine's wire.d.ts `AuthUser`
 * @returns {import('./index.d.ts').AuthUser}
 */
export function copyUser(value) {
  const u = /** @type {import('./wire.js').AuthUser} */ (value);
  const out = { ...u };
  if (u.signInDetails) out.signInDetails = { ...u.signInDetails };
  return out;
}


/**
 * fetchAuthSession and getCurrentUser.
 * @param {Driver} driver
 * @returns {Pick<Auth, 'fetchAuthSession' | 'getCurrentUser'>}
 */
export function sessionApi(driver) {
  return {
    fetchAuthSession(options) {
      // `clientMetadata` goes with the refresh this call makes (Amplify's TokenOrchestrator).
      const clientMetadata = options && options.clientMetadata ? { ...options.clientMetadata } : undefined;
      if (options && options.forceRefresh) return driver.command({ type: 'fetchAuthSession', forceRefresh: true, clientMetadata }, toSession);
      return driver.query('session', { type: 'fetchAuthSession', forceRefresh: false, clientMetadata }, toSession);
    },
    getCurrentUser() {
      return driver.query('user', { type: 'getCurrentUser' }, copyUser);
    },
  };
}

/**
 * The snapshot store (`getSnapshot` / `subscribe`), events (`listen`), and the end of the
 * instance: `close` stops following other tabs, `dispose` also frees the wasm memory.
 * @param {Driver} driver
 * @param {{ stop(): void } | undefined} tabs the cross-tab sync, if on
 * @param {(() => void) | undefined} stopAnnouncing ends the announcing of written keys to other tabs
 * @returns {Pick<Auth, 'getSnapshot' | 'subscribe' | 'listen' | 'close' | 'dispose'>}
 */
export function lifecycleApi(driver, tabs, stopAnnouncing) {
  const close = () => {
    tabs?.stop();
    // A change seen but not yet delivered: queries stop waiting for it.
    driver.unstale?.();
    stopAnnouncing?.();
  };
  return {
    getSnapshot() {
      return driver.snapshot;
    },
    subscribe(listener) {
      if (typeof listener !== 'function') throw new TypeError('subscribe(listener): listener must be a function');
      return driver.subscribe(listener);
    },
    close,
    dispose() {
      close();
      // The wasm memory goes now, not at garbage collection.
      driver.dispose();
    },
    /** @param {import('./index.d.ts').AuthEventName | '*'} eventName @param {(payload: AuthHubPayload, info: { otherTab: boolean }) => void} handler */
    listen(eventName, handler) {
      if (typeof handler !== 'function') throw new TypeError('listen(eventName, handler): handler must be a function');
      return driver.listen(eventName, handler);
    },
  };
}
