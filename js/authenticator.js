// The headless authenticator: Amplify UI's `useAuthenticator` facade as a store.
//
// Routes, fields, form values, built-in validation and the flows run in the Rust machine
// (`wasm.facade()`, `{ type: 'ui', event }` inputs). The JS side only:
//   - caches the facade by revision (authenticator-core.js) and hands out one frozen
//     snapshot per revision (`getSnapshot` / `subscribe`, for `useSyncExternalStore`),
//     with stable verbs (authenticator-store.js);
//   - runs the app's own validators (`validators`, Amplify's `services.validateCustomSignUp`)
//     after the built-in ones, merges their messages and holds back a SUBMIT they fail
//     (authenticator-store.js);
//   - keeps the registry of the default instance (authenticator-default.js;
//     `cognito-headless/react` uses it when there is no Provider): the one `configure()`
//     made, else the last `createAuth`. On a server (no window) createAuth does not
//     register: there an instance is one request's, and the next request must not find
//     it (see `serverAuthenticator`).
// This file links instances to their stores and re-exports the parts' public names.
// No React here: `react.js` is a thin binding over these stores.

import { isBrowserLike } from './env.js';
import { Core, cores } from './authenticator-core.js';
import { makeStore } from './authenticator-store.js';
import { setDefaultAuth } from './authenticator-default.js';

export { APP_VALIDATION_CODE } from './authenticator-store.js';
export {
  CONFIGURING_SNAPSHOT,
  setDefaultAuth,
  getDefaultAuth,
  followStore,
  defaultAuthenticator,
  serverAuthenticator,
  defaultStoreHere,
  authenticatorFor,
} from './authenticator-default.js';

/**
 * @typedef {import('./index.d.ts').Auth} Auth
 * @typedef {import('./index.d.ts').Authenticator} Authenticator
 * @typedef {import('./index.d.ts').AuthenticatorOptions} AuthenticatorOptions
 */

/**
 * Called by createAuth: links `auth` to its driver, adds `auth.authenticator` (its store,
 * made on first use) and, in a browser page or worker, makes `auth` the default instance
 * (unless `configure()` made one). On a server it does not: the instance is one request's.
 * @param {Omit<Auth, 'authenticator'>} auth
 * @param {import('./driver.js').Driver} driver
 * @param {Record<string, unknown>} config
 * @returns {Auth}
 */
export function attachAuthenticator(auth, driver, config) {
  const core = new Core(driver, config ?? {});
  driver.on('handled', () => core.handled());
  cores.set(auth, core);
  /** @type {Authenticator | undefined} */
  let store;
  Object.defineProperty(auth, 'authenticator', {
    configurable: true,
    enumerable: false,
    get: () => (store ??= makeStore(core, {})),
  });
  if (isBrowserLike()) setDefaultAuth(auth);
  return /** @type {Auth} */ (auth);
}

// ------------------------------------------------------------------------- the store

/**
 * A store over `auth`'s authenticator with the app's own validators. `auth.authenticator`
 * is the same without validators. Stores over one `auth` share its form (values, route);
 * each adds its own validators' messages.
 * @param {Auth} auth
 * @param {AuthenticatorOptions} [options]
 * @returns {Authenticator}
 */
export function createAuthenticator(auth, options = {}) {
  const core = auth && cores.get(auth);
  if (!core) throw new TypeError('createAuthenticator(auth): auth must be an object createAuth returned');
  return makeStore(core, options ?? {});
}

