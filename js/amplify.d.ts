// Type declarations for cognito-headless/amplify (js/amplify.js): the `aws-amplify/auth`
// drop-in.

import type {
  Auth,
  AuthConfig,
  AuthSession,
  FetchAuthSessionOptions,
  OAuthConfig,
  AuthHost,
  AmplifyOutputs,
  AuthEventName,
  AuthEventDataMap,
  AuthTokens,
  KeyValueStorageInterface,
} from './index.js';

export { AuthError, decodeJWT } from './index.js';
export { I18n, ConsoleLogger, parseAmplifyConfig } from './amplify-utils.js';
export type * from './index.js';

/** Amplify's `LibraryOptions`, plus `host` (what createAuth's second argument takes). */
export interface LibraryOptions {
  /** In a browser: keep the session in cookies (document.cookie) so a server can read it. */
  ssr?: boolean;
  /** Host overrides for the default authenticator (fetch, storage, wasmModule, …). */
  host?: AuthHost;
  [other: string]: unknown;
}

/** Amplify's `loginWith`: how users sign in (the authenticator's sign-in field) and the hosted UI. */
export interface LoginWith {
  email?: boolean;
  phone?: boolean;
  username?: boolean;
  oauth?: OAuthConfig;
}

/** Amplify's `Auth.Cognito` members beyond createAuth's (parsed from every config shape). */
export interface AmplifyCognitoSettings {
  loginWith?: LoginWith;
  /** Sign-up attributes: `{ email: { required: true }, … }` (the authenticator's sign-up fields). */
  userAttributes?: Partial<Record<string, { required: boolean }>>;
  signUpVerificationMethod?: 'code' | 'link';
  mfa?: { status?: 'on' | 'off' | 'optional'; totpEnabled?: boolean; smsEnabled?: boolean };
  groups?: Record<string, Record<string, number>>[];
  /** Amplify's passwordless settings, and Amplify UI's `passkeyRegistrationPrompts`. */
  passwordless?: {
    emailOtpEnabled?: boolean;
    smsOtpEnabled?: boolean;
    webAuthn?: { relyingPartyId?: string; userVerification?: string };
    preferredChallenge?: 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';
    passkeyRegistrationPrompts?: boolean | { afterSignin?: 'ALWAYS' | 'NEVER'; afterSignup?: 'ALWAYS' | 'NEVER' };
  };
}

/** `T` without its index signatures (its named members only). */
type KnownMembers<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };

/**
 * Amplify's `Auth.Cognito` (a user pool, an identity pool, or both), with createAuth's own
 * settings (`endpoint`, `refreshFlow`, …) allowed too.
 */
export type AmplifyCognitoConfig = Omit<KnownMembers<AuthConfig>, 'userPoolId' | 'userPoolClientId' | 'passwordless'> &
  AmplifyCognitoSettings & { userPoolId?: string; userPoolClientId?: string; identityPoolId?: string };

/** Amplify's resources config: the `Auth.Cognito` section is used (other categories: with-core). */
export interface ResourcesConfig {
  Auth?: { Cognito: AmplifyCognitoConfig };
  // any: the other categories' sections (API, Storage, …), Amplify's own types.
  [other: string]: any;
}

/** `loginWith.oauth` as `getConfig()` gives it (Amplify's `OAuthConfig`). */
export interface NormalizedOAuthConfig {
  domain: string;
  scopes: string[];
  redirectSignIn: string[];
  redirectSignOut: string[];
  responseType: 'code' | 'token';
  providers?: Array<'Google' | 'Facebook' | 'Amazon' | 'Apple' | { custom: string }>;
}

/** A user pool's `Auth.Cognito` as `getConfig()` gives it (Amplify's `CognitoUserPoolConfig`). */
export interface NormalizedUserPoolConfig {
  userPoolId: string;
  userPoolClientId: string;
  userPoolEndpoint?: string;
  signUpVerificationMethod?: 'code' | 'link';
  loginWith?: { oauth?: NormalizedOAuthConfig; username?: boolean; email?: boolean; phone?: boolean };
  userAttributes?: Partial<Record<string, { required: boolean }>>;
  mfa?: { status?: 'on' | 'off' | 'optional'; totpEnabled?: boolean; smsEnabled?: boolean };
  passwordFormat?: { minLength?: number; requireLowercase?: boolean; requireUppercase?: boolean; requireNumbers?: boolean; requireSpecialCharacters?: boolean };
  groups?: Record<string, Record<string, number>>[];
  passwordless?: {
    emailOtpEnabled?: boolean;
    smsOtpEnabled?: boolean;
    webAuthn?: { relyingPartyId?: string; userVerification?: string };
    preferredChallenge?: 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';
  };
}

/** An identity pool's `Auth.Cognito` members (Amplify's `CognitoIdentityPoolConfig`). */
export interface NormalizedIdentityPoolConfig {
  identityPoolId: string;
  identityPoolEndpoint?: string;
  allowGuestAccess?: boolean;
}

type Never<T> = { [K in keyof T]?: never };

/** `Auth` as `getConfig()` gives it: a user pool, an identity pool, or both. */
export type NormalizedAuthConfig =
  | { Cognito: NormalizedUserPoolConfig & Never<NormalizedIdentityPoolConfig> }
  | { Cognito: NormalizedIdentityPoolConfig & Never<NormalizedUserPoolConfig> }
  | { Cognito: NormalizedUserPoolConfig & NormalizedIdentityPoolConfig };

/** What `getConfig()` returns: Amplify's normalised `ResourcesConfig`. */
export interface NormalizedResourcesConfig {
  Auth?: NormalizedAuthConfig;
  // any: the other categories' sections (with-core: core's parse of them).
  [other: string]: any;
}

/** An `amplify_outputs.json` of any version (Amplify's `AmplifyOutputsUnknown`). */
export interface AmplifyOutputsUnknown {
  version?: string;
  [key: string]: unknown;
}

/** Gen 1's `aws-exports.js` / `amplifyconfiguration.json` object (Amplify's `LegacyConfig`). */
export interface LegacyConfig {
  aws_project_region: string;
  [key: string]: unknown;
}

/** Configures the default authenticator (same config again: no change). */
export function configure(config: ResourcesConfig | LegacyConfig | AmplifyOutputs | AmplifyOutputsUnknown, libraryOptions?: LibraryOptions): void;
/** @internal configure, the Hub's `configure` event only when `announce` (with-core). */
export function configureDefault(config: unknown, libraryOptions: LibraryOptions | undefined, announce: boolean): void;
/** @internal the storage the default authenticator keeps its keys in. */
export function defaultStorageFor(): KeyValueStorageInterface;
/** The configuration in use in Amplify's normalised shape (`{}` before configure). */
export function getConfig(): NormalizedResourcesConfig;
/** `import { Amplify } from 'aws-amplify'`. */
export const Amplify: {
  configure: typeof configure;
  getConfig: typeof getConfig;
  fetchAuthSession(options?: FetchAuthSessionOptions): Promise<AuthSession>;
  getTokens(options?: FetchAuthSessionOptions): Promise<AuthTokens | undefined>;
  clearCredentials(): Promise<void>;
};

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
