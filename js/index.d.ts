// Type declarations for cognito-headless (js/index.js).

import type { KeyValueStorageInterface, StorageLike } from './storage.js';
export type { KeyValueStorageInterface, KeyValueStorageEvent, StorageLike } from './storage.js';

/** The user pool and app client. Amplify's `{ Auth: { Cognito: {...} } }` is accepted too. */
export interface AuthConfig {
  /** `<region>_<id>`, e.g. `us-east-1_AbC123`. */
  userPoolId: string;
  /** The app client id. */
  userPoolClientId: string;
  /** A Cognito-compatible endpoint (a local emulator) instead of `https://cognito-idp.<region>.amazonaws.com/`. */
  endpoint?: string;
  /** Amplify's name for `endpoint`. */
  userPoolEndpoint?: string;
  /** For confidential clients only (adds `SECRET_HASH`). Never ship a secret to a browser. */
  userPoolClientSecret?: string;
  /** An identity pool (`<region>:<uuid>`) for AWS credentials (when the machine supports it). */
  identityPoolId?: string;
  /** Give signed-out users guest credentials from the identity pool. */
  allowGuestAccess?: boolean;
  /** A Cognito-Identity-compatible endpoint; defaults to `endpoint` when that is set. */
  identityPoolEndpoint?: string;
  /** How tokens are refreshed: `GetTokensFromRefreshToken` (`rotation`), `InitiateAuth`, or `auto`. */
  refreshFlow?: 'auto' | 'rotation' | 'initiateAuth';
  /** Other Amplify `Auth.Cognito` fields are accepted and ignored. */
  [other: string]: unknown;
}

/** What the host provides; every field is optional. */
export interface AuthHost {
  /** HTTP transport. Default: `globalThis.fetch`. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /**
   * Where every key lives (tokens, LastAuthUser, device keys, the waiting sign-in step, the
   * identity id): any `{ getItem, setItem, removeItem }`, sync or async (Amplify's
   * `KeyValueStorageInterface`, `window.localStorage`, an adapter from
   * `cognito-headless/storage`). Default: localStorage in browsers, else one in-memory
   * storage per realm.
   */
  storage?: KeyValueStorageInterface | StorageLike;
  /** `n` secure random bytes. Default: `crypto.getRandomValues`. */
  random?: (n: number) => Uint8Array | ArrayLike<number>;
  /** Unix time in milliseconds. Default: `Date.now`. */
  now?: () => number;
  /** Timeout of each HTTP attempt in milliseconds (then `TimeoutError`; a timed-out call is not repeated). Default: 20000. */
  timeoutMs?: number;
  /**
   * Repeating calls that are safe to repeat after a network error, HTTP 429, a 5xx or
   * `TooManyRequestsException`/`ThrottlingException`: at most `maxAttempts` attempts in all
   * (default 3), waiting a jittered `baseDelayMs·2^(n-1)` to `baseDelayMs·2^n` (default
   * base 100 ms; a `Retry-After` up to 10 s is honoured) before attempt n+1. `false`: one
   * attempt. Challenge answers, rotating refreshes, sign-up and password changes are never
   * repeated.
   */
  retry?: false | { maxAttempts?: number; baseDelayMs?: number };
  /** How to wait between attempts (tests). Default: `setTimeout`. */
  sleep?: (ms: number) => Promise<void> | void;
  /**
   * Follow sign-in, refresh and sign-out in other tabs (the storage's `addListener`, e.g.
   * localStorage `storage` events, and a `BroadcastChannel('cognito-headless:<clientId>')`).
   * Default: true in browsers and workers, false in Node and other servers.
   */
  crossTab?: boolean;
  /**
   * The wasm, when it is not next to the package's JS: a compiled `WebAssembly.Module` (edge
   * runtimes that cannot compile wasm at run time), its bytes, or its URL (what a bundler gives for
   * `import wasm from 'cognito-headless/wasm'`). Used by the first createAuth in a realm.
   */
  wasmModule?: WebAssembly.Module | BufferSource | URL | string | Response | PromiseLike<Response>;
}

export type AuthFlowType =
  | 'USER_SRP_AUTH'
  | 'USER_PASSWORD_AUTH'
  | 'CUSTOM_WITH_SRP'
  | 'CUSTOM_WITHOUT_SRP'
  | 'USER_AUTH';

/** First factors of the choice-based `USER_AUTH` flow. */
export type AuthFactorType = 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';

export interface SignInInput {
  username: string;
  password?: string;
  options?: {
    authFlowType?: AuthFlowType;
    clientMetadata?: Record<string, string>;
    preferredChallenge?: AuthFactorType;
  };
}

export interface ConfirmSignInInput {
  /** The code, answer, new password, email address or selection the step asks for. */
  challengeResponse: string;
  options?: {
    /** For `CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED`. */
    userAttributes?: Record<string, string>;
    clientMetadata?: Record<string, string>;
    /** The TOTP device name for `CONTINUE_SIGN_IN_WITH_TOTP_SETUP`. */
    friendlyDeviceName?: string;
  };
}

export type SignInStep =
  | 'DONE'
  | 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE'
  | 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION'
  | 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED'
  | 'CONFIRM_SIGN_IN_WITH_SMS_CODE'
  | 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE'
  | 'CONFIRM_SIGN_IN_WITH_TOTP_CODE'
  | 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP'
  | 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP'
  | 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION'
  | 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION'
  | 'CONFIRM_SIGN_IN_WITH_PASSWORD'
  | 'CONFIRM_SIGN_UP'
  | 'RESET_PASSWORD';

export type MfaType = 'SMS' | 'TOTP' | 'EMAIL';

export interface SignInOutput {
  isSignedIn: boolean;
  nextStep: {
    signInStep: SignInStep;
    codeDeliveryDetails?: { deliveryMedium?: 'SMS' | 'EMAIL' | (string & {}); destination?: string };
    totpSetupDetails?: {
      sharedSecret: string;
      /** `otpauth://totp/<app>:<account>?secret=…&issuer=<app>` */
      getSetupUri(appName: string, accountName?: string): URL;
    };
    allowedMFATypes?: MfaType[];
    missingAttributes?: string[];
    additionalInfo?: Record<string, string>;
    availableChallenges?: AuthFactorType[];
  };
}

export interface AuthSignInDetails {
  loginId?: string;
  authFlowType?: AuthFlowType | (string & {});
}

/** `getCurrentUser()`'s result and the `signedIn` event's data. */
export interface AuthUser {
  username: string;
  userId: string;
  signInDetails?: AuthSignInDetails;
}

export type JwtPayload = Record<string, unknown> & {
  sub?: string;
  exp?: number;
  iat?: number;
  username?: string;
  'cognito:username'?: string;
};

/** Amplify's JWT: the decoded payload; `toString()` returns the encoded token. */
export interface JWT {
  payload: JwtPayload;
  toString(): string;
}

export interface AuthTokens {
  accessToken: JWT;
  idToken?: JWT;
}

export interface FetchAuthSessionOptions {
  /** Refresh the tokens even when they are still valid. */
  forceRefresh?: boolean;
}

/** AWS credentials from an identity pool. */
export interface AWSCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** `fetchAuthSession()`'s result; `tokens` is undefined when no user is signed in. */
export interface AuthSession {
  tokens?: AuthTokens;
  credentials?: AWSCredentials;
  identityId?: string;
  userSub?: string;
}

export interface SignOutInput {
  /** Sign out of every device (`GlobalSignOut`). */
  global?: boolean;
}

export type AuthStatus = 'configuring' | 'authenticated' | 'unauthenticated';

/** The observable state; the same (frozen) object until `revision` changes. Holds no token. */
export interface AuthSnapshot {
  readonly revision: number;
  readonly authStatus: AuthStatus;
  readonly user?: Readonly<AuthUser>;
  readonly isPending: boolean;
  /** The sign-in step waiting for `confirmSignIn`, if any. */
  readonly signInStep?: SignInStep;
}

export type AuthEventName = 'signedIn' | 'signedOut' | 'tokenRefresh' | 'tokenRefresh_failure';

export interface AuthEventDataMap {
  signedIn: AuthUser;
  signedOut: undefined;
  tokenRefresh: undefined;
  tokenRefresh_failure: { error: AuthError };
}

/** What a `listen` handler receives (Amplify Hub's `payload`). */
export type AuthHubPayload<E extends AuthEventName = AuthEventName> = {
  [K in E]: { event: K; data: AuthEventDataMap[K] };
}[E];

export interface CodeDeliveryDetails {
  destination?: string;
  deliveryMedium?: 'SMS' | 'EMAIL' | 'PHONE' | (string & {});
  attributeName?: string;
}

export interface SignUpInput {
  username: string;
  password?: string;
  options?: {
    userAttributes?: Record<string, string>;
    validationData?: Record<string, string>;
    clientMetadata?: Record<string, string>;
    /** Sign in by itself after `confirmSignUp` (call `autoSignIn()`); the password stays in memory for 3 minutes at most, never in storage. */
    autoSignIn?: boolean | { authFlowType?: AuthFlowType };
  };
}

export interface SignUpOutput {
  isSignUpComplete: boolean;
  userId?: string;
  nextStep: { signUpStep: 'CONFIRM_SIGN_UP' | 'COMPLETE_AUTO_SIGN_IN' | 'DONE'; codeDeliveryDetails?: CodeDeliveryDetails };
}

export interface ResetPasswordOutput {
  isPasswordReset: boolean;
  nextStep: { resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE' | 'DONE'; codeDeliveryDetails?: CodeDeliveryDetails };
}

export type MFAPreference = 'ENABLED' | 'DISABLED' | 'PREFERRED' | 'NOT_PREFERRED';

export interface UpdateUserAttributeOutput {
  isUpdated: boolean;
  nextStep: { updateAttributeStep: 'CONFIRM_ATTRIBUTE_WITH_CODE' | 'DONE'; codeDeliveryDetails?: CodeDeliveryDetails };
}

export interface AuthDevice {
  id: string;
  name?: string;
  attributes: Record<string, string>;
  createDate?: Date;
  lastModifiedDate?: Date;
  lastAuthenticatedDate?: Date;
}

export interface TOTPSetupDetails {
  sharedSecret: string;
  getSetupUri(appName: string, accountName?: string): URL;
}

type CodeOptions = { options?: { clientMetadata?: Record<string, string> } };

export interface Auth {
  signUp(input: SignUpInput): Promise<SignUpOutput>;
  confirmSignUp(input: { username: string; confirmationCode: string; options?: { clientMetadata?: Record<string, string>; forceAliasCreation?: boolean } }): Promise<SignUpOutput>;
  resendSignUpCode(input: { username: string } & CodeOptions): Promise<CodeDeliveryDetails>;
  /** After `confirmSignUp` answered `COMPLETE_AUTO_SIGN_IN`; rejects with `AutoSignInException` otherwise. */
  autoSignIn(): Promise<SignInOutput>;
  resetPassword(input: { username: string } & CodeOptions): Promise<ResetPasswordOutput>;
  confirmResetPassword(input: { username: string; newPassword: string; confirmationCode: string } & CodeOptions): Promise<void>;
  updatePassword(input: { oldPassword: string; newPassword: string }): Promise<void>;
  setUpTOTP(): Promise<TOTPSetupDetails>;
  verifyTOTPSetup(input: { code: string; options?: { friendlyDeviceName?: string } }): Promise<void>;
  updateMFAPreference(input: { sms?: MFAPreference; totp?: MFAPreference; email?: MFAPreference }): Promise<void>;
  fetchMFAPreference(): Promise<{ enabled?: MfaType[]; preferred?: MfaType }>;
  fetchUserAttributes(): Promise<Record<string, string>>;
  updateUserAttributes(input: { userAttributes: Record<string, string> } & CodeOptions): Promise<Record<string, UpdateUserAttributeOutput>>;
  updateUserAttribute(input: { userAttribute: { attributeKey: string; value: string } } & CodeOptions): Promise<UpdateUserAttributeOutput>;
  confirmUserAttribute(input: { userAttributeKey: string; confirmationCode: string }): Promise<void>;
  sendUserAttributeVerificationCode(input: { userAttributeKey: string } & CodeOptions): Promise<CodeDeliveryDetails>;
  deleteUserAttributes(input: { userAttributeKeys: string[] }): Promise<void>;
  /** Every device (all pages); with `limit` or `nextToken`, one page. */
  fetchDevices(): Promise<AuthDevice[]>;
  fetchDevices(input: { limit?: number; nextToken?: string }): Promise<{ devices: AuthDevice[]; nextToken?: string }>;
  rememberDevice(): Promise<void>;
  /** Forgets the given device, or this one (its keys are removed from storage). */
  forgetDevice(input?: { device?: { id: string } }): Promise<void>;
  /** Deletes the user, clears this device's keys, signs out (`signedOut`). */
  deleteUser(): Promise<void>;
  signIn(input: SignInInput): Promise<SignInOutput>;
  /** Answers the step `signIn` (or the previous `confirmSignIn`) returned, within 3 minutes. */
  confirmSignIn(input: ConfirmSignInInput): Promise<SignInOutput>;
  /**
   * The sign-in step waiting for `confirmSignIn`, as an opaque string, to resume it in another
   * tab or after a magic link (`importSignInState`). It holds Cognito's challenge session
   * (valid for minutes, one answer) but no password. Rejects with `SignInException` when no
   * step is waiting.
   */
  exportSignInState(): Promise<string>;
  /** Resumes an exported step; resolves with that step. */
  importSignInState(state: string): Promise<SignInOutput>;
  fetchAuthSession(options?: FetchAuthSessionOptions): Promise<AuthSession>;
  getCurrentUser(): Promise<AuthUser>;
  signOut(options?: SignOutInput): Promise<void>;
  /** The current snapshot (for `useSyncExternalStore`). */
  getSnapshot(): AuthSnapshot;
  /** Calls `listener` whenever the snapshot changes. Returns the unsubscribe function. */
  subscribe(listener: (snapshot: AuthSnapshot) => void): () => void;
  /**
   * Stops following other tabs (removes this instance's storage listener and closes its
   * BroadcastChannel). The instance keeps working; call it when discarding an instance in
   * a page that lives on (tests, hot reload).
   */
  close(): void;
  /** Calls `handler` on an auth event (`'*'`: every event). Returns the unsubscribe function. */
  listen<E extends AuthEventName>(eventName: E, handler: (payload: AuthHubPayload<E>) => void): () => void;
  listen(eventName: '*', handler: (payload: AuthHubPayload) => void): () => void;
}

/** Every operation rejects with an AuthError whose `name` is the Cognito or library error name. */
export class AuthError extends Error {
  constructor(params?: {
    name?: string;
    message?: string;
    recoverySuggestion?: string;
    underlyingError?: unknown;
  });
  name: string;
  recoverySuggestion?: string;
  underlyingError?: unknown;
}

/** Amplify Gen 2's `amplify_outputs.json` (the `auth` section is read). */
export interface AmplifyOutputs {
  auth: {
    user_pool_id: string;
    user_pool_client_id: string;
    aws_region?: string;
    identity_pool_id?: string;
    unauthenticated_identities_enabled?: boolean;
    oauth?: {
      domain: string;
      scopes?: string[];
      redirect_sign_in_uri?: string[];
      redirect_sign_out_uri?: string[];
      response_type?: 'code' | 'token';
      identity_providers?: string[];
    };
    [other: string]: unknown;
  };
  [other: string]: unknown;
}

/**
 * Creates an authenticator; resolves once the stored session has been restored. `config`:
 * `{ userPoolId, userPoolClientId, … }`, Amplify's `{ Auth: { Cognito: { … } } }` or an
 * `amplify_outputs.json` object.
 */
export function createAuth(config: AuthConfig | { Auth: { Cognito: AuthConfig } } | AmplifyOutputs, host?: AuthHost): Promise<Auth>;

/** An in-memory KeyValueStorageInterface (async methods). */
export function createMemoryStorage(): KeyValueStorageInterface;

/**
 * Amplify's `decodeJWT`: the payload of an encoded JWT (not verified) and `toString()`.
 * Throws on a malformed token.
 */
export function decodeJWT(token: string): JWT;
