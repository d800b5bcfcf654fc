// The default authenticator instance of `cognito-headless/react` (the one `configure()`
// made, else the last createAuth in a browser page; never one on a server), and stores
// that follow a changing target (an Auth, a store, or a promise of either).

import { report } from './errors.js';
import { isThenable, isBrowserLike } from './env.js';
import { cores } from './authenticator-core.js';
import { EMPTY_LIST, EMPTY_MAP } from './authenticator-store.js';

/**
 * @typedef {import('./index.d.ts').Auth} Auth
 * @typedef {import('./index.d.ts').Authenticator} Authenticator
 * @typedef {import('./index.d.ts').AuthenticatorSnapshot} AuthenticatorSnapshot
 * @typedef {{ getSnapshot(): AuthenticatorSnapshot, subscribe(listener: () => void): () => void }} Store
 */

// ------------------------------------------------------------------------- before any instance

/** @type {() => void} */
const NOOP = () => {};
const VERBS = /** @type {const} */ ([
  'submitForm',
  'updateForm',
  'updateBlur',
  'resendCode',
  'skipVerification',
  'signOut',
  'toSignIn',
  'toSignUp',
  'toForgotPassword',
  'toFederatedSignIn',
  'initializeMachine',
  'selectAuthMethod',
  'toShowAuthMethods',
]);
/** The snapshot before any instance exists (its verbs do nothing). */
// (Through unknown: Amplify UI types `user` and `username` as always present.)
export const CONFIGURING_SNAPSHOT = /** @type {AuthenticatorSnapshot} */ (/** @type {unknown} */ (
  Object.freeze({
    route: 'idle',
    authStatus: 'configuring',
    user: undefined,
    username: undefined,
    error: undefined,
    authError: undefined,
    isPending: true,
    validationErrors: EMPTY_MAP,
    validationErrorCodes: EMPTY_MAP,
    hasValidationErrors: false,
    fields: EMPTY_LIST,
    formValues: EMPTY_MAP,
    challengeName: undefined,
    codeDeliveryDetails: undefined,
    totpSecretCode: null,
    QRFields: null,
    totpSetupUri: undefined,
    allowedMfaTypes: undefined,
    availableAuthMethods: undefined,
    preferredChallenge: undefined,
    selectedAuthMethod: undefined,
    missingAttributes: EMPTY_LIST,
    availableChallenges: EMPTY_LIST,
    unverifiedUserAttributes: undefined,
    loginMechanism: 'username',
    socialProviders: EMPTY_LIST,
    revision: -1,
    submitForm: NOOP,
    updateForm: NOOP,
    updateBlur: NOOP,
    resendCode: NOOP,
    skipVerification: NOOP,
    signOut: NOOP,
    toSignIn: NOOP,
    toSignUp: NOOP,
    toForgotPassword: NOOP,
    toFederatedSignIn: NOOP,
    initializeMachine: NOOP,
    selectAuthMethod: NOOP,
    toShowAuthMethods: NOOP,
  })
));

// ------------------------------------------------------------------------- the default instance

/**
 * @type {{ target: unknown, primary: boolean, listeners: Set<() => void> }}
 */
const registry = { target: undefined, primary: false, listeners: new Set() };

/**
 * Makes `auth` (an Auth, a promise of one, an authenticator store, or `undefined`) the
 * default instance of `cognito-headless/react`. createAuth calls it for every instance;
 * `configure()` (cognito-headless/amplify) with `primary`, after which plain createAuth
 * calls no longer replace it.
 * @param {unknown} auth
 * @param {{ primary?: boolean }} [options]
 */
export function setDefaultAuth(auth, options = {}) {
  const primary = !!options.primary;
  if (registry.primary && !primary) return;
  if (registry.target === auth && registry.primary === primary) return;
  registry.target = auth;
  registry.primary = primary && auth !== undefined;
  for (const listener of [...registry.listeners]) {
    try {
      listener();
    } catch (e) {
      report('a default-instance listener threw', e);
    }
  }
}

/** The default instance, as given to setDefaultAuth (maybe a promise). */
export function getDefaultAuth() {
  return registry.target;
}

/**
 * The store of `target`: an Auth → `auth.authenticator`; a store → itself; else undefined.
 * @param {unknown} target
 * @returns {Store | undefined}
 */
function storeOf(target) {
  if (!target || typeof target !== 'object') return undefined;
  if (cores.has(target)) return /** @type {Auth} */ (target).authenticator;
  const t = /** @type {{ getSnapshot?: unknown, subscribe?: unknown, submitForm?: unknown }} */ (target);
  if (typeof t.getSnapshot === 'function' && typeof t.subscribe === 'function' && typeof t.submitForm === 'function') return /** @type {Store} */ (t);
  return undefined;
}

/**
 * CONFIGURING_SNAPSHOT with verbs that reach the store `resolve` gives, once there is one.
 * @param {() => Store | undefined} resolve
 * @returns {AuthenticatorSnapshot}
 */
function configuringUntil(resolve) {
  /** @type {Record<string, Function>} */
  const forward = {};
  for (const verb of VERBS) {
    forward[verb] = (/** @type {unknown[]} */ ...args) => {
      const store = /** @type {Authenticator | undefined} */ (resolve());
      if (store) /** @type {(...a: unknown[]) => void} */ (store[verb])(...args);
    };
  }
  return /** @type {AuthenticatorSnapshot} */ (Object.freeze({ ...CONFIGURING_SNAPSHOT, ...forward }));
}

/**
 * A store that follows a changing target: an Auth, an authenticator store, or a promise of
 * either. Until a target resolves its snapshot is CONFIGURING_SNAPSHOT's data (`authStatus`
 * 'configuring', route 'idle').
 * @param {() => unknown} current the target now
 * @param {(onChange: () => void) => () => void} [watch] calls onChange when `current()` changes
 * @returns {Store}
 */
export function followStore(current, watch) {
  /** @type {WeakMap<object, { store?: Store }>} */
  const settled = new WeakMap();
  /** @type {Set<() => void>} */
  const listeners = new Set();
  /** @type {(() => void) | undefined} */
  let stopInner;
  /** @type {Store | undefined} */
  let inner;
  /** @type {(() => void) | undefined} */
  let stopWatch;

  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  // Until a target resolves: 'configuring', with verbs that reach the target once it is
  // there (a component that selected nothing keeps this snapshot's verbs).
  const configuring = configuringUntil(() => resolve());

  /** @returns {Store | undefined} */
  function resolve() {
    const target = current();
    if (!target || (typeof target !== 'object' && typeof target !== 'function')) return undefined;
    if (!isThenable(target)) return storeOf(target);
    const obj = /** @type {object} */ (target);
    let entry = settled.get(obj);
    if (!entry) {
      const fresh = /** @type {{ store?: Store }} */ ({});
      entry = fresh;
      settled.set(obj, fresh);
      /** @type {PromiseLike<unknown>} */ (target).then(
        (value) => {
          fresh.store = storeOf(value);
          if (current() === target) follow();
        },
        () => {},
      );
    }
    return entry.store;
  }

  /** Subscribes to the current inner store (when someone listens); notifies on a change. */
  function follow() {
    const next = resolve();
    if (next === inner && (stopInner || listeners.size === 0)) return;
    stopInner?.();
    stopInner = undefined;
    inner = next;
    if (inner && listeners.size > 0) stopInner = inner.subscribe(notify);
    notify();
  }

  return {
    getSnapshot() {
      const store = resolve();
      return store ? store.getSnapshot() : configuring;
    },
    subscribe(listener) {
      const entry = () => listener();
      listeners.add(entry);
      if (listeners.size === 1) {
        stopWatch = watch?.(follow);
        inner = resolve();
        stopInner = inner?.subscribe(notify);
      }
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        listeners.delete(entry);
        if (listeners.size === 0) {
          stopInner?.();
          stopWatch?.();
          stopInner = stopWatch = inner = undefined;
        }
      };
    },
  };
}

/** The store of the default instance (what the hook uses without a Provider). */
export const defaultAuthenticator = followStore(
  () => registry.target,
  (onChange) => {
    registry.listeners.add(onChange);
    return () => {
      registry.listeners.delete(onChange);
    };
  },
);

/**
 * What the hooks use on a server (no window) without a Provider's `auth`: always Amplify
 * UI's initial facade (CONFIGURING_SNAPSHOT: 'configuring', route 'idle', no user; its
 * verbs do nothing), never a registered instance, which on a server would be another
 * request's. To render a user on the server, give the Provider that request's instance.
 * @type {Store}
 */
export const serverAuthenticator = Object.freeze({
  getSnapshot: () => CONFIGURING_SNAPSHOT,
  subscribe: () => NOOP,
});

/**
 * The store the hooks use without a Provider's `auth`: the default instance's in a browser
 * page or worker, `serverAuthenticator` elsewhere.
 * @returns {Store}
 */
export function defaultStoreHere() {
  return isBrowserLike() ? defaultAuthenticator : serverAuthenticator;
}

/**
 * The store for a Provider's `auth`: an Auth, a promise of one, or an authenticator store.
 * @param {unknown} target
 * @returns {Store}
 */
export function authenticatorFor(target) {
  if (!isThenable(target)) {
    const store = storeOf(target);
    if (store) return store;
    throw new TypeError('AuthenticatorProvider: auth must be what createAuth returned (or a promise of it), or an authenticator store');
  }
  return followStore(() => target);
}
