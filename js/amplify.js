// cognito-headless/amplify: a drop-in for code written against `aws-amplify/auth`.
//
// `configure()` (also as `Amplify.configure`) takes Amplify's `{ Auth: { Cognito: { … } } }`
// or an `amplify_outputs.json` object and makes one default authenticator; the free
// functions (`signIn`, `fetchAuthSession`, …) wait for it and call it; `Hub.listen('auth', …)`
// receives its events with Amplify's capsule shape. Storage keys are Amplify's, so users
// signed in under Amplify stay signed in. Migrating means changing the import paths
// (`aws-amplify`, `aws-amplify/auth`, `aws-amplify/auth/cognito`, `aws-amplify/utils`) to
// `cognito-headless/amplify`.

import { createAuth } from './auth.js';
import { setDefaultAuth } from './authenticator.js';
import { AuthError } from './errors.js';
import { Hub, hubDispatch, INTERNAL } from './amplify-hub.js';
import { decodeJWT } from './jwt.js';
import { normalizeConfig } from './config.js';
import { parseAmplifyConfig } from './amplify-parse.js';
import {
  createCookieStorage,
  createMemoryStorage,
  fromStorageLike,
  localStorageAdapter,
  sessionStorageAdapter,
} from './storage.js';

export { AuthError, decodeJWT, Hub };
export { I18n } from './amplify-i18n.js';
export { ConsoleLogger } from './amplify-logger.js';
export { parseAmplifyConfig };

/**
 * @typedef {import('./index.d.ts').Auth} Auth
 * @typedef {import('./index.d.ts').AuthHost} AuthHost
 * @typedef {import('./index.d.ts').KeyValueStorageInterface} KeyValueStorageInterface
 * @typedef {import('./amplify.d.ts').LibraryOptions} LibraryOptions
 */

// ------------------------------------------------------------------------- the default instance

/**
 * @typedef {{
 *   config: Record<string, unknown> | undefined,
 *   resources: Record<string, any> | undefined,
 *   key: string | undefined,
 *   options: LibraryOptions,
 *   storage: KeyValueStorageInterface | undefined,
 *   instance: Promise<Auth> | undefined,
 *   generation: number,
 * }} DefaultState
 */

/** @type {DefaultState} */
const state = { config: undefined, resources: undefined, key: undefined, options: {}, storage: undefined, instance: undefined, generation: 0 };

/** @returns {KeyValueStorageInterface | import('./index.d.ts').StorageLike | undefined} */
function chosenStorage() {
  if (state.options.host && state.options.host.storage) return state.options.host.storage;
  if (state.storage) return state.storage;
  if (state.options.ssr && typeof document !== 'undefined') return createCookieStorage(undefined, { sameSite: 'lax' });
  return undefined;
}

/**
 * The storage the default authenticator keeps its keys in (for readers of those keys).
 * @returns {KeyValueStorageInterface}
 */
export function defaultStorageFor() {
  const chosen = chosenStorage();
  return chosen ? fromStorageLike(chosen) : localStorageAdapter;
}

/** Ends the current instance (its listeners, its tab sync); calls already made still finish. */
function retire() {
  const old = state.instance;
  state.instance = undefined;
  state.generation += 1;
  if (old) old.then((auth) => auth.close(), () => {});
}

/** @returns {Promise<Auth>} */
function ensureInstance() {
  if (state.instance) return state.instance;
  if (!state.config) {
    return Promise.reject(
      new AuthError({
        name: 'AuthUserPoolException',
        message: 'Auth UserPool not configured.',
        recoverySuggestion: 'Make sure to call Amplify.configure in your app with userPoolId and userPoolClientId.',
      }),
    );
  }
  const generation = state.generation;
  /** @type {AuthHost} */
  const host = { ...(state.options.host ?? {}) };
  const storage = chosenStorage();
  if (storage) host.storage = storage;
  const created = createAuth(/** @type {import('./index.d.ts').AuthConfig} */ (state.config), host).then((auth) => {
    auth.listen('*', ({ event, data }, info) => {
      // Events of an instance that was replaced meanwhile are not the app's any more.
      if (state.generation === generation) hubDispatch('auth', { event, data }, 'Auth', INTERNAL, info?.otherTab === true);
    });
    return auth;
  });
  state.instance = created;
  // cognito-headless/react's useAuthenticator follows this instance when there is no Provider.
  setDefaultAuth(created, { primary: true });
  // A failed creation (a bad config, the wasm not loading) is reported to every caller
  // and tried again by the next call.
  created.catch(() => {
    if (state.instance === created) state.instance = undefined;
  });
  return created;
}

/**
 * Amplify's normalised `ResourcesConfig` for any accepted shape: Amplify's own, the
 * amplify_outputs.json (Gen 2) or aws-exports (Gen 1) object, or our flat
 * `{ userPoolId, userPoolClientId, … }` (as `{ Auth: { Cognito } }`).
 * @param {any} resourcesConfig (any: the app's configuration, read member by member)
 * @returns {Record<string, any>}
 */
function toResourcesConfig(resourcesConfig) {
  if (!resourcesConfig || typeof resourcesConfig !== 'object') return {};
  if ('userPoolId' in resourcesConfig || 'identityPoolId' in resourcesConfig) return { Auth: { Cognito: { ...resourcesConfig } } };
  const r = resourcesConfig;
  const outputsWithoutVersion = r.version === undefined && r.auth && typeof r.auth === 'object' && 'user_pool_id' in r.auth;
  return parseAmplifyConfig(outputsWithoutVersion ? { ...r, version: '1' } : r);
}

/** @template T @param {T} value @returns {T} frozen all the way down, as Amplify's getConfig() is */
function deepFreeze(value) {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Configures the default authenticator: Amplify's `{ Auth: { Cognito: { … } } }`, the
 * `amplify_outputs.json` object or the `aws-exports` object. Calling it again with the
 * same configuration changes nothing; with another, the next calls use a new authenticator.
 * @param {any} resourcesConfig the app's configuration object (any: one of Amplify's
 *   shapes, read member by member)
 * @param {LibraryOptions} [libraryOptions]
 */
export function configure(resourcesConfig, libraryOptions = {}) {
  configureDefault(resourcesConfig, libraryOptions, true);
}

/**
 * `configure`, with the Hub's `configure` event left out when `announce` is false
 * (cognito-headless/amplify/with-core: @aws-amplify/core's configure sends it).
 * @param {any} resourcesConfig (any: as configure's)
 * @param {LibraryOptions | undefined} libraryOptions
 * @param {boolean} announce
 */
export function configureDefault(resourcesConfig, libraryOptions, announce) {
  const resources = toResourcesConfig(resourcesConfig);
  const cognito = resources.Auth && typeof resources.Auth === 'object' ? resources.Auth.Cognito : undefined;
  /** @type {Record<string, unknown> | undefined} */
  const config = cognito && typeof cognito === 'object' ? normalizeConfig({ Auth: { Cognito: cognito } }) : undefined;
  const options = libraryOptions ?? {};
  const key = config ? JSON.stringify(config) : undefined;
  const sameOptions =
    (options.ssr ?? false) === (state.options.ssr ?? false) && (options.host ?? undefined) === (state.options.host ?? undefined);
  state.resources = deepFreeze(structuredCloneLoose(resources));
  if (key !== undefined && key === state.key && sameOptions) return;
  retire();
  state.config = config;
  state.key = key;
  state.options = options;
  if (announce) hubDispatch('core', { event: 'configure', data: getConfig() }, 'Configure', INTERNAL);
  // Start restoring the session soon, but after the caller's synchronous code (which may
  // still call cognitoUserPoolsTokenProvider.setKeyValueStorage).
  if (config) {
    queueMicrotask(() => {
      if (state.config === config && !state.instance) ensureInstance().catch(() => {});
    });
  }
}

/**
 * A copy of the app's configuration that freezing cannot touch (functions and class
 * instances, such as a ResourcesConfig's custom providers, are kept as they are).
 * @param {unknown} value
 * @returns {any}
 */
function structuredCloneLoose(value) {
  if (Array.isArray(value)) return value.map(structuredCloneLoose);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = structuredCloneLoose(v);
    return out;
  }
  return value;
}

/** The configuration in use in Amplify's normalised shape (`{}` before configure). */
export function getConfig() {
  return state.resources ?? {};
}

/** `import { Amplify } from 'aws-amplify'`, with aws-amplify 6.22's session helpers. */
export const Amplify = {
  configure,
  getConfig,
  /** @param {{ forceRefresh?: boolean }} [options] */
  fetchAuthSession: async (options) => (await ensureInstance()).fetchAuthSession(options),
  /** @param {{ forceRefresh?: boolean }} [options] the tokens, or undefined when signed out */
  getTokens: async (options) => (await (await ensureInstance()).fetchAuthSession(options)).tokens ?? undefined,
  /** Credentials live with the session: nothing to clear apart from a sign-out. */
  clearCredentials: async () => {},
};

/** `aws-amplify/auth/cognito`'s token provider: choose the storage, read the tokens. */
export const cognitoUserPoolsTokenProvider = {
  /** @param {KeyValueStorageInterface} storage */
  setKeyValueStorage(storage) {
    if (storage === state.storage) return;
    state.storage = storage;
    if (state.instance) retire();
  },
  /** @param {{ forceRefresh?: boolean }} [options] */
  async getTokens(options) {
    const session = await (await ensureInstance()).fetchAuthSession(options);
    return session.tokens ?? null;
  },
};

/**
 * The default authenticator itself (for `subscribe`/`getSnapshot`, `exportSignInState`, …).
 * @returns {Promise<Auth>}
 */
export function getAuth() {
  return ensureInstance();
}

// ------------------------------------------------------------------------- storages (aws-amplify/utils)

/** Amplify's `defaultStorage`: localStorage, memory where there is none. */
export const defaultStorage = localStorageAdapter;
/** Amplify's `sessionStorage`: sessionStorage, memory where there is none. */
const sessionStorageExport = sessionStorageAdapter;
export { sessionStorageExport as sessionStorage };
/** Amplify's `sharedInMemoryStorage`. */
export const sharedInMemoryStorage = createMemoryStorage();

/** Amplify's `CookieStorage` (document.cookie): `{ domain, path = '/', expires = 365 days, secure = true, sameSite }`. */
export class CookieStorage {
  /** @param {{ domain?: string, path?: string, expires?: number, secure?: boolean, sameSite?: 'strict' | 'lax' | 'none' }} [options] */
  constructor(options = {}) {
    const { expires = 365, ...rest } = options;
    const inner = createCookieStorage(undefined, { ...rest, maxAge: Math.round(expires * 24 * 60 * 60) });
    /** @param {string} key @param {string} value */
    this.setItem = (key, value) => inner.setItem(key, value);
    /** @param {string} key */
    this.getItem = (key) => inner.getItem(key);
    /** @param {string} key */
    this.removeItem = (key) => inner.removeItem(key);
    this.clear = () => inner.clear();
  }
}

// ------------------------------------------------------------------------- the free functions

/** @type {Auth['signIn']} */
export const signIn = async (input) => (await ensureInstance()).signIn(input);
/** @type {Auth['confirmSignIn']} */
export const confirmSignIn = async (input) => (await ensureInstance()).confirmSignIn(input);
/** @type {Auth['signOut']} */
export const signOut = async (input) => (await ensureInstance()).signOut(input);
/** @type {Auth['fetchAuthSession']} */
export const fetchAuthSession = async (options) => (await ensureInstance()).fetchAuthSession(options);
/** @type {Auth['getCurrentUser']} */
export const getCurrentUser = async () => (await ensureInstance()).getCurrentUser();
/** @type {Auth['signUp']} */
export const signUp = async (input) => (await ensureInstance()).signUp(input);
/** @type {Auth['confirmSignUp']} */
export const confirmSignUp = async (input) => (await ensureInstance()).confirmSignUp(input);
/** @type {Auth['resendSignUpCode']} */
export const resendSignUpCode = async (input) => (await ensureInstance()).resendSignUpCode(input);
/** @type {Auth['autoSignIn']} */
export const autoSignIn = async () => (await ensureInstance()).autoSignIn();
/** @type {Auth['resetPassword']} */
export const resetPassword = async (input) => (await ensureInstance()).resetPassword(input);
/** @type {Auth['confirmResetPassword']} */
export const confirmResetPassword = async (input) => (await ensureInstance()).confirmResetPassword(input);
/** @type {Auth['updatePassword']} */
export const updatePassword = async (input) => (await ensureInstance()).updatePassword(input);
/** @type {Auth['setUpTOTP']} */
export const setUpTOTP = async () => (await ensureInstance()).setUpTOTP();
/** @type {Auth['verifyTOTPSetup']} */
export const verifyTOTPSetup = async (input) => (await ensureInstance()).verifyTOTPSetup(input);
/** @type {Auth['updateMFAPreference']} */
export const updateMFAPreference = async (input) => (await ensureInstance()).updateMFAPreference(input);
/** @type {Auth['fetchMFAPreference']} */
export const fetchMFAPreference = async () => (await ensureInstance()).fetchMFAPreference();
/** @type {Auth['fetchUserAttributes']} */
export const fetchUserAttributes = async () => (await ensureInstance()).fetchUserAttributes();
/** @type {Auth['updateUserAttributes']} */
export const updateUserAttributes = async (input) => (await ensureInstance()).updateUserAttributes(input);
/** @type {Auth['updateUserAttribute']} */
export const updateUserAttribute = async (input) => (await ensureInstance()).updateUserAttribute(input);
/** @type {Auth['confirmUserAttribute']} */
export const confirmUserAttribute = async (input) => (await ensureInstance()).confirmUserAttribute(input);
/** @type {Auth['sendUserAttributeVerificationCode']} */
export const sendUserAttributeVerificationCode = async (input) =>
  (await ensureInstance()).sendUserAttributeVerificationCode(input);
/** @type {Auth['deleteUserAttributes']} */
export const deleteUserAttributes = async (input) => (await ensureInstance()).deleteUserAttributes(input);
/** @type {Auth['fetchDevices']} */
export const fetchDevices = /** @type {Auth['fetchDevices']} */ (
  // One implementation for both overloads: `input` is passed on as given.
  async (/** @type {{ limit?: number, nextToken?: string }} */ input) => (await ensureInstance()).fetchDevices(input)
);
/** @type {Auth['rememberDevice']} */
export const rememberDevice = async () => (await ensureInstance()).rememberDevice();
/** @type {Auth['forgetDevice']} */
export const forgetDevice = async (input) => (await ensureInstance()).forgetDevice(input);
/** @type {Auth['deleteUser']} */
export const deleteUser = async () => (await ensureInstance()).deleteUser();
/** @type {Auth['signInWithRedirect']} */
export const signInWithRedirect = async (input) => (await ensureInstance()).signInWithRedirect(input);
/** @type {Auth['associateWebAuthnCredential']} */
export const associateWebAuthnCredential = async () => (await ensureInstance()).associateWebAuthnCredential();
/** @type {Auth['listWebAuthnCredentials']} */
export const listWebAuthnCredentials = async (input) => (await ensureInstance()).listWebAuthnCredentials(input);
/** @type {Auth['deleteWebAuthnCredential']} */
export const deleteWebAuthnCredential = async (input) => (await ensureInstance()).deleteWebAuthnCredential(input);
