// Type declarations for cognito-headless/amplify (js/amplify.js): the `aws-amplify/auth`
// drop-in.

import type {
  Auth,
  AuthConfig,
  AuthHost,
  AmplifyOutputs,
  AuthEventName,
  AuthEventDataMap,
  AuthTokens,
  KeyValueStorageInterface,
} from './index.js';

export { AuthError, decodeJWT } from './index.js';
export type * from './index.js';

/** Amplify's `LibraryOptions`, plus `host` (what createAuth's second argument takes). */
export interface LibraryOptions {
  /** In a browser: keep the session in cookies (document.cookie) so a server can read it. */
  ssr?: boolean;
  /** Host overrides for the default authenticator (fetch, storage, wasmModule, …). */
  host?: AuthHost;
  [other: string]: unknown;
}

/** Amplify's resources config: the `Auth.Cognito` section is used. */
export interface ResourcesConfig {
  Auth?: { Cognito: AuthConfig };
  [other: string]: unknown;
}

/** Configures the default authenticator (same config again: no change). */
export function configure(config: ResourcesConfig | AmplifyOutputs, libraryOptions?: LibraryOptions): void;
/** The configuration in use as `{ Auth: { Cognito } }` (`{}` before configure). */
export function getConfig(): ResourcesConfig;
/** `import { Amplify } from 'aws-amplify'`. */
export const Amplify: { configure: typeof configure; getConfig: typeof getConfig };

/** The default authenticator itself (subscribe/getSnapshot, exportSignInState, …). */
export function getAuth(): Promise<Auth>;

/** `aws-amplify/auth/cognito`'s token provider. */
export const cognitoUserPoolsTokenProvider: {
  /** The storage for every key; call it before or right after configure. */
  setKeyValueStorage(storage: KeyValueStorageInterface): void;
  getTokens(options?: { forceRefresh?: boolean }): Promise<AuthTokens | null>;
};

export type AuthHubEventData = {
  [K in AuthEventName]: { event: K; data: AuthEventDataMap[K]; message?: string };
}[AuthEventName];

/** What a Hub listener receives. */
export interface HubCapsule<Payload = { event: string; data?: unknown; message?: string }> {
  channel: string;
  payload: Payload;
  source: string;
  patternInfo: string[];
  /** True on an event that happened in another tab (only listeners with `enableCrossTabEvents` get those). */
  crossTab?: boolean;
}

/** `Hub.listen`'s third argument: a listener name, or options. */
export type HubListenOptions = string | { listenerName?: string; enableCrossTabEvents?: boolean };

/** Amplify's Hub. */
export const Hub: {
  /**
   * Listens on `channel`. Events another tab caused (its sign-in, refresh, sign-out, seen
   * through the shared storage) reach only listeners on 'auth' that pass
   * `{ enableCrossTabEvents: true }`, as in Amplify.
   */
  listen(channel: 'auth', callback: (capsule: HubCapsule<AuthHubEventData>) => void, options?: HubListenOptions): () => void;
  listen(channel: string, callback: (capsule: HubCapsule) => void, options?: HubListenOptions): () => void;
  dispatch(channel: string, payload: { event: string; data?: unknown; message?: string }, source?: string): void;
};

/** Amplify's storages (`aws-amplify/utils`). */
export const defaultStorage: KeyValueStorageInterface;
export const sessionStorage: KeyValueStorageInterface;
export const sharedInMemoryStorage: KeyValueStorageInterface;
export class CookieStorage implements KeyValueStorageInterface {
  constructor(options?: { domain?: string; path?: string; expires?: number; secure?: boolean; sameSite?: 'strict' | 'lax' | 'none' });
  setItem(key: string, value: string): Promise<void>;
  getItem(key: string): Promise<string | null>;
  removeItem(key: string): Promise<void>;
  clear(): Promise<void>;
}

export const signIn: Auth['signIn'];
export const confirmSignIn: Auth['confirmSignIn'];
export const signOut: Auth['signOut'];
export const fetchAuthSession: Auth['fetchAuthSession'];
export const getCurrentUser: Auth['getCurrentUser'];
export const signUp: Auth['signUp'];
export const confirmSignUp: Auth['confirmSignUp'];
export const resendSignUpCode: Auth['resendSignUpCode'];
export const autoSignIn: Auth['autoSignIn'];
export const resetPassword: Auth['resetPassword'];
export const confirmResetPassword: Auth['confirmResetPassword'];
export const updatePassword: Auth['updatePassword'];
export const setUpTOTP: Auth['setUpTOTP'];
export const verifyTOTPSetup: Auth['verifyTOTPSetup'];
export const updateMFAPreference: Auth['updateMFAPreference'];
export const fetchMFAPreference: Auth['fetchMFAPreference'];
export const fetchUserAttributes: Auth['fetchUserAttributes'];
export const updateUserAttributes: Auth['updateUserAttributes'];
export const updateUserAttribute: Auth['updateUserAttribute'];
export const confirmUserAttribute: Auth['confirmUserAttribute'];
export const sendUserAttributeVerificationCode: Auth['sendUserAttributeVerificationCode'];
export const deleteUserAttributes: Auth['deleteUserAttributes'];
export const fetchDevices: Auth['fetchDevices'];
export const rememberDevice: Auth['rememberDevice'];
export const forgetDevice: Auth['forgetDevice'];
export const deleteUser: Auth['deleteUser'];
export const signInWithRedirect: Auth['signInWithRedirect'];
export const associateWebAuthnCredential: Auth['associateWebAuthnCredential'];
export const listWebAuthnCredentials: Auth['listWebAuthnCredentials'];
export const deleteWebAuthnCredential: Auth['deleteWebAuthnCredential'];
