// cognito-headless/amplify/auth/cognito: `aws-amplify/auth/cognito`. The functions are
// the drop-in's; the providers and the classes Amplify exports for custom setups
// (`Amplify.configure(config, { Auth: { tokenProvider, credentialsProvider } })`) are
// backed by the default authenticator; the OAuth helpers work as Amplify's.

import { AuthError } from './errors.js';
import { getAuth, getConfig, cognitoUserPoolsTokenProvider, defaultStorageFor } from './amplify.js';
import { sha256 } from './sha256.js';

export {
  cognitoUserPoolsTokenProvider,
  signIn, confirmSignIn, signOut, fetchAuthSession, getCurrentUser, signUp, confirmSignUp, resendSignUpCode, autoSignIn,
  resetPassword, confirmResetPassword, updatePassword, setUpTOTP, verifyTOTPSetup, updateMFAPreference, fetchMFAPreference,
  fetchUserAttributes, updateUserAttributes, updateUserAttribute, confirmUserAttribute, sendUserAttributeVerificationCode,
  deleteUserAttributes, fetchDevices, rememberDevice, forgetDevice, deleteUser, signInWithRedirect,
} from './amplify.js';

/**
 * @typedef {import('./index.d.ts').KeyValueStorageInterface} KeyValueStorageInterface
 * @typedef {import('./index.d.ts').AuthTokens} AuthTokens
 * @typedef {{ credentials: import('./index.d.ts').AWSCredentials, identityId?: string }} CredentialsAndIdentityId
 * @typedef {{ forceRefresh?: boolean, tokens?: unknown, authenticated?: boolean, authConfig?: unknown }} GetCredentialsOptions
 */

/** The prefix of every user-pool storage key (Amplify's). */
export const AUTH_KEY_PREFIX = 'CognitoIdentityServiceProvider';

const TOKEN_KEYS = ['accessToken', 'idToken', 'oidcProvider', 'clockDrift', 'refreshToken', 'deviceKey', 'randomPasswordKey', 'deviceGroupKey', 'signInDetails', 'oauthMetadata'];

/**
 * Amplify's storage key names for one client: `{ accessToken: '<prefix>.<client>.accessToken', … }`.
 * @param {string} provider usually AUTH_KEY_PREFIX
 * @param {string} identifier the app client id
 * @returns {Record<string, string>}
 */
export function createKeysForAuthStorage(provider, identifier) {
  if (!identifier) {
    throw new AuthError({ name: 'InvalidAuthStorageKeysPrefix', message: 'createKeysForAuthStorage needs the app client id.' });
  }
  return Object.fromEntries(TOKEN_KEYS.map((k) => [k, `${provider}.${identifier}.${k}`]));
}

/**
 * The session's AWS credentials and identity id, from the default authenticator.
 * @param {GetCredentialsOptions} [options]
 * @returns {Promise<CredentialsAndIdentityId | undefined>}
 */
async function credentialsOfDefault(options = {}) {
  // When core's AuthClass asks, it has just asked the token provider (which refreshed when
  // `forceRefresh` was set): do not refresh a second time.
  const refresh = options.forceRefresh === true && options.tokens === undefined;
  const session = await (await getAuth()).fetchAuthSession(refresh ? { forceRefresh: true } : undefined);
  if (!session.credentials) return undefined;
  return { credentials: session.credentials, identityId: session.identityId };
}

/** `aws-amplify/auth/cognito`'s credentials provider, backed by the default authenticator. */
export const cognitoCredentialsProvider = {
  /** @param {GetCredentialsOptions} options */
  getCredentialsAndIdentityId: (options) => credentialsOfDefault(options),
  /** Credentials live with the session; a sign-out clears them. */
  async clearCredentialsAndIdentityId() {},
};

/** Amplify's identity id store; ours keeps the identity id with the session. */
export class DefaultIdentityIdStore {
  /** @param {KeyValueStorageInterface} [keyValueStorage] */
  constructor(keyValueStorage) {
    /** The storage given (the default authenticator's is used). */
    this.keyValueStorage = keyValueStorage;
  }
  /** @param {unknown} authConfig */
  setAuthConfig(authConfig) {
    void authConfig;
  }
  /** The identity id of the session, if any. */
  async loadIdentityId() {
    const got = await credentialsOfDefault();
    return got?.identityId ? { id: got.identityId, type: /** @type {const} */ ('primary') } : null;
  }
  /** @param {unknown} identity kept by the authenticator itself */
  async storeIdentityId(identity) {
    void identity;
  }
  async clearIdentityId() {}
}

/** Amplify's credentials provider class (for custom `Amplify.configure` providers), backed by the default authenticator. */
export class CognitoAWSCredentialsAndIdentityIdProvider {
  /** @param {DefaultIdentityIdStore} [identityIdStore] */
  constructor(identityIdStore) {
    /** The store given. */
    this.identityIdStore = identityIdStore;
  }
  /** @param {GetCredentialsOptions} options */
  getCredentialsAndIdentityId(options) {
    return credentialsOfDefault(options);
  }
  async clearCredentialsAndIdentityId() {}
  async clearCredentials() {}
}

/** Amplify's token store, over the default authenticator (tokens are read, never written from outside). */
export class DefaultTokenStore {
  /** @param {KeyValueStorageInterface} storage */
  setKeyValueStorage(storage) {
    cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);
  }
  /** @param {unknown} authConfig */
  setAuthConfig(authConfig) {
    void authConfig;
  }
  /** The stored tokens (refreshed when due), or null. */
  loadTokens() {
    return cognitoUserPoolsTokenProvider.getTokens();
  }
}

/** Amplify's token orchestrator, over the default authenticator. */
export class TokenOrchestrator {
  /** @param {unknown} authConfig */
  setAuthConfig(authConfig) {
    void authConfig;
  }
  /** @param {unknown} store */
  setAuthTokenStore(store) {
    void store;
  }
  /** @param {unknown} refresher */
  setTokenRefresher(refresher) {
    void refresher;
  }
  /** @param {{ forceRefresh?: boolean }} [options] */
  getTokens(options) {
    return cognitoUserPoolsTokenProvider.getTokens(options);
  }
  async clearTokens() {}
}

/**
 * Amplify's refresher: the default authenticator's session, refreshed now.
 * @param {unknown} [input] Amplify's `{ tokens, authConfig, username }` (the authenticator has them)
 * @returns {Promise<AuthTokens | null>}
 */
export async function refreshAuthTokens(input) {
  void input;
  return cognitoUserPoolsTokenProvider.getTokens({ forceRefresh: true });
}
/** Amplify's refresher without its de-duplication (ours de-duplicates anyway). */
export const refreshAuthTokensWithoutDedupe = refreshAuthTokens;

const CHARSET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** @param {number} length */
function randomString(length) {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  let out = '';
  for (const b of bytes) out += CHARSET.charAt(b % CHARSET.length);
  return out;
}

/** A random OAuth `state` (32 characters, Amplify's). */
export function generateState() {
  return randomString(32);
}

/**
 * A PKCE code verifier (RFC 7636) and its S256 challenge, as Amplify's.
 * @param {number} length 43 to 128
 */
export function generateCodeVerifier(length) {
  const value = randomString(length);
  /** @type {string | undefined} */
  let challenge;
  return {
    value,
    method: /** @type {const} */ ('S256'),
    toCodeChallenge() {
      if (challenge === undefined) {
        const digest = sha256(new TextEncoder().encode(value));
        let binary = '';
        for (const b of digest) binary += String.fromCharCode(b);
        challenge = btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=/g, '');
      }
      return challenge;
    },
  };
}

/** @param {string} name @param {string} message */
const redirectError = (name, message) => new AuthError({ name, message });

/**
 * Amplify's choice of redirect URL: the preferred one if listed; else one on this page's
 * origin and path, else on its host name; other origins are an error.
 * @param {string[]} redirects
 * @param {string} [preferredRedirectUrl]
 * @returns {string}
 */
export function getRedirectUrl(redirects, preferredRedirectUrl) {
  if (preferredRedirectUrl) {
    const found = redirects?.find((r) => r === preferredRedirectUrl);
    if (!found) throw redirectError('InvalidPreferredRedirectUrlException', 'The given preferredRedirectUrl does not match any items in the redirect URLs from the config.');
    return found;
  }
  const loc = globalThis.location;
  const here = loc ? String(loc.origin + (loc.pathname || '/')) : undefined;
  const same = (here && redirects?.find((r) => r.startsWith(here))) ?? (loc && redirects?.find((r) => r.includes(String(loc.hostname))));
  if (same) return same;
  if (redirects?.find((r) => r.startsWith('https://') || r.startsWith('http://'))) {
    throw redirectError('InvalidOriginException', 'redirect is coming from a different origin. The oauth flow needs to be initiated from the same origin');
  }
  throw redirectError('InvalidRedirectException', 'signInRedirect or signOutRedirect had an invalid format or was not found.');
}

/**
 * Amplify's check of an OAuth callback's `state` against the one the redirect stored.
 * @param {string | null} state
 * @returns {Promise<string>}
 */
export async function validateState(state) {
  const cognito = /** @type {Record<string, any>} */ (getConfig()).Auth?.Cognito;
  const client = cognito?.userPoolClientId;
  const saved = client ? await defaultStorageFor().getItem(`${AUTH_KEY_PREFIX}.${client}.oauthState`) : null;
  if (state !== null && state === saved) return state;
  throw new AuthError({
    name: 'OAuthSignInException',
    message: state === null ? '`signInWithRedirect` has been canceled.' : 'An error occurred while validating the state.',
    recoverySuggestion: state === null ? undefined : 'Try to initiate an OAuth flow from Amplify',
  });
}
