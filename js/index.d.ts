// Type declarations for cognito-headless (js/index.js).

import type { KeyValueStorageInterface, StorageLike } from './storage.js';
export type { KeyValueStorageInterface, KeyValueStorageEvent, StorageLike } from './storage.js';
// Wire words and shapes are generated from the Rust types (js/wire.d.ts, tests/ts_decls.rs).
import type { AuthFlowType, AuthStatus, LoginMechanism, MfaType, PasswordPolicy, Route, SignInStep } from './wire.js';
export type { AuthFlowType, AuthStatus, LoginMechanism, MfaType, PasswordPolicy, SignInStep } from './wire.js';
// Amplify's auth types (names, shapes, nextStep unions): js/amplify-types.d.ts.
import type * as A from './amplify-types.js';
import type { AuthFactorType, AuthProvider, AuthSession, AuthUser, CodeDeliveryDetails, JWT, ResponseMetadata, SignInOutput } from './amplify-types.js';
export type * from './amplify-types.js';

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
  /** The authenticator's sign-in field (first entry) and sign-up fields. Default `['username']`. */
  loginMechanisms?: LoginMechanism[];
  /** Extra attributes the sign-up form asks for (`name`, `birthdate`, …). */
  signUpAttributes?: string[];
  /** The pool's password policy, checked by the authenticator's forms (Amplify's `passwordFormat` is accepted too). */
  passwordPolicy?: PasswordPolicy;
  passwordFormat?: PasswordPolicy;
  /** The authenticator's first route when signed out. Default `signIn`. */
  initialState?: 'signIn' | 'signUp' | 'forgotPassword';
  /** The issuer in `totpSetupUri`. Default `AWSCognito`. */
  totpIssuer?: string;
  /**
   * Amplify UI's `passwordless` settings. `passkeyRegistrationPrompts`: after a sign-in
   * (`afterSignin`) or a sign-up's automatic sign-in (`afterSignup`) of a user without a
   * passkey, the authenticator shows the `passkeyPrompt` route (`submitForm()` registers a
   * passkey, `skipVerification()` goes on). `true` means both. Off by default. No prompt
   * when the pool cannot list passkeys (WebAuthn not enabled).
   */
  passwordless?: PasswordlessSettings & {
    emailOtpEnabled?: boolean;
    smsOtpEnabled?: boolean;
    preferredChallenge?: string;
  };
  /** A Cognito-Identity-compatible endpoint; defaults to `endpoint` when that is set. */
  identityPoolEndpoint?: string;
  /** How tokens are refreshed: `GetTokensFromRefreshToken` (`rotation`), `InitiateAuth`, or `auto`. */
  refreshFlow?: 'auto' | 'rotation' | 'initiateAuth';
  /** The hosted UI (Amplify's `loginWith.oauth`, which is accepted too). */
  oauth?: OAuthConfig;
  /**
   * The page's origin, to pick the matching `redirectSignIn` / `redirectSignOut` URL.
   * Default: `location.origin` in browsers.
   */
  origin?: string;
  /**
   * Take a cross-tab lock (Web Locks) around token refreshes: one tab refreshes, the others
   * adopt its tokens, so a rotating refresh token is never sent twice. Default: true when
   * `navigator.locks` (or `host.locks`) exists and cross-tab sync is on.
   */
  refreshLock?: boolean;
  /**
   * Refresh the tokens about a minute before they expire (through the cross-tab lock, like
   * any refresh), so `fetchAuthSession` rarely waits for a refresh. Off by default: it
   * spends a request per token lifetime even when nobody reads the session.
   */
  refreshAhead?: boolean;
  /** Other Amplify `Auth.Cognito` fields are accepted and ignored. */
  [other: string]: unknown;
}

/** Amplify's `loginWith.oauth`: the Cognito hosted UI (authorization code grant with PKCE). */
/** Amplify UI's `passwordless` prop (`<Authenticator passwordless={…}>`). */
export interface PasswordlessSettings {
  /** First factors not offered (`PASSWORD`, `EMAIL_OTP`, `SMS_OTP`, `WEB_AUTHN`); given, every passwordless one is assumed available. */
  hiddenAuthMethods?: Array<'PASSWORD' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN'>;
  /** The first factor the sign-in form uses without asking (over the pool's `preferredChallenge`). */
  preferredAuthMethod?: 'PASSWORD' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';
  /** Offer a passkey after a sign-in (`afterSignin`) or a sign-up (`afterSignup`); `true` means both. */
  passkeyRegistrationPrompts?: boolean | { afterSignin?: 'ALWAYS' | 'NEVER'; afterSignup?: 'ALWAYS' | 'NEVER' };
}

export interface OAuthConfig {
  /** The hosted UI domain, e.g. `my-app.auth.us-east-1.amazoncognito.com` (no scheme). */
  domain: string;
  /** Scopes, e.g. `['openid', 'email', 'profile']`. */
  scopes?: string[];
  /** Where the hosted UI returns after sign-in (the one on this page's origin is used). */
  redirectSignIn?: string | string[];
  /** Where the hosted UI returns after sign-out. */
  redirectSignOut?: string | string[];
  /** Only `'code'` is supported. */
  responseType?: 'code' | 'token';
  /** Social providers the authenticator offers. */
  providers?: Array<AuthProvider | { custom: string }>;
}

/** A WebAuthn ceremony carried out by the host (`host.webauthn`). */
export interface WebAuthnHost {
  /**
   * Sign in with a passkey: Cognito's `CREDENTIAL_REQUEST_OPTIONS` (JSON, base64url
   * buffers) in, the assertion as JSON (`PublicKeyCredential.toJSON()`) out. Throw a
   * DOMException (or an error named like a passkey error) to fail. `init.signal` aborts
   * when the credential is no longer wanted (the sign-in was replaced, the user signed
   * out): stop the ceremony then; its result is ignored either way.
   */
  get?(optionsJSON: PublicKeyCredentialRequestOptionsJSONLike, init: { signal: AbortSignal }): PublicKeyCredentialJSONLike | Promise<PublicKeyCredentialJSONLike>;
  /** Register a passkey: Cognito's `CredentialCreationOptions` in, the attestation JSON out. */
  create?(optionsJSON: PublicKeyCredentialCreationOptionsJSONLike, init: { signal: AbortSignal }): PublicKeyCredentialJSONLike | Promise<PublicKeyCredentialJSONLike>;
}

/** WebAuthn request options as JSON (buffers as base64url). */
export interface PublicKeyCredentialRequestOptionsJSONLike {
  challenge: string;
  rpId?: string;
  timeout?: number;
  allowCredentials?: Array<{ type: 'public-key'; id: string; transports?: string[] }>;
  userVerification?: 'required' | 'preferred' | 'discouraged';
  [other: string]: unknown;
}

/** WebAuthn creation options as JSON (buffers as base64url). */
export interface PublicKeyCredentialCreationOptionsJSONLike {
  challenge: string;
  rp: { id?: string; name: string };
  user: { id: string; name: string; displayName: string };
  pubKeyCredParams: Array<{ type: 'public-key'; alg: number }>;
  timeout?: number;
  excludeCredentials?: Array<{ type: 'public-key'; id: string; transports?: string[] }>;
  authenticatorSelection?: Record<string, unknown>;
  attestation?: string;
  [other: string]: unknown;
}

/** A PublicKeyCredential as JSON (`toJSON()`): buffers as base64url. */
export interface PublicKeyCredentialJSONLike {
  id: string;
  rawId: string;
  type: 'public-key' | (string & {});
  response: Record<string, unknown>;
  authenticatorAttachment?: string;
  clientExtensionResults?: Record<string, unknown>;
  [other: string]: unknown;
}

/** A cross-tab lock manager (`navigator.locks`' `request`). */
export interface LockManagerLike {
  request(name: string, options: { signal?: AbortSignal }, callback: (lock: unknown) => Promise<unknown>): Promise<unknown>;
}

/** What the host provides; every field is optional. */
export interface AuthHost {
  /** HTTP transport. Default: `globalThis.fetch`. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /**
   * Where the keys live (tokens, LastAuthUser, device keys, the identity id; outside
   * browsers, or when `signInStateStorage` says so, the waiting sign-in step too): any
   * `{ getItem, setItem, removeItem }`, sync or async (Amplify's
   * `KeyValueStorageInterface`, `window.localStorage`, an adapter from
   * `cognito-headless/storage`). Default: localStorage in a browser page, shared by its
   * instances; elsewhere (a server) a new in-memory storage for each createAuth, so that
   * no request sees another's user.
   */
  storage?: KeyValueStorageInterface | StorageLike;
  /**
   * Where the waiting sign-in step lives (`…<clientId>.signInState`: Cognito's challenge
   * `Session` and, while setting up TOTP, the new TOTP secret; 3 minutes at most).
   * Default: in a browser, sessionStorage whatever `storage` is (as Amplify v6: this tab
   * only, survives a reload, gone with the tab; never localStorage or cookies); elsewhere
   * `storage` (a server answering `confirmSignIn` in a later request needs it there).
   * `exportSignInState()` moves a step to another tab.
   */
  signInStateStorage?: KeyValueStorageInterface | StorageLike;
  /**
   * `n` secure random bytes, for deterministic tests. By default the wasm draws its own
   * (`crypto.getRandomValues` through getrandom) and nothing random crosses the boundary.
   */
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
  /**
   * Carries out navigation: to the hosted UI and its `/logout` (`replace: false`), and the
   * cleaning of `code`/`state` from the address bar after a callback (`replace: true`).
   * Default: `location.assign` / `history.replaceState` in browsers; elsewhere a warning.
   */
  navigate?: (url: string, how: { replace: boolean }) => void | Promise<void>;
  /** Runs WebAuthn ceremonies. Default: `navigator.credentials` with JSON ⇄ ArrayBuffer conversion. */
  webauthn?: WebAuthnHost;
  /** The cross-tab lock manager. Default: `navigator.locks` (absent: no locking). `null`: none. */
  locks?: LockManagerLike | null;
  /**
   * Receives every event from the start, including those createAuth's own start-up emits
   * (after a hosted-UI redirect: `signInWithRedirect`, `customOAuthState`,
   * `signInWithRedirect_failure`), before `listen` can be called.
   */
  onEvent?: (payload: AuthHubPayload) => void;
}

















/** Amplify's passkey error names (`AuthError.name`). */
export type PasskeyErrorName =
  | 'PasskeyNotSupported'
  | 'PasskeyAlreadyExists'
  | 'InvalidPasskeyRegistrationOptions'
  | 'InvalidPasskeyAuthenticationOptions'
  | 'RelyingPartyMismatch'
  | 'PasskeyRegistrationFailed'
  | 'PasskeyRetrievalFailed'
  | 'PasskeyRegistrationCanceled'
  | 'PasskeyAuthenticationCanceled'
  | 'PasskeyOperationAborted';

/** The observable state; the same (frozen) object until `revision` changes. Holds no token. */
export interface AuthSnapshot {
  readonly revision: number;
  readonly authStatus: AuthStatus;
  readonly user?: Readonly<AuthUser>;
  readonly isPending: boolean;
  /** The sign-in step waiting for `confirmSignIn`, if any. */
  readonly signInStep?: SignInStep;
}

export type AuthEventName =
  | 'signedIn'
  | 'signedOut'
  | 'tokenRefresh'
  | 'tokenRefresh_failure'
  | 'signInWithRedirect'
  | 'signInWithRedirect_failure'
  | 'customOAuthState';

export interface AuthEventDataMap {
  signedIn: AuthUser;
  signedOut: undefined;
  tokenRefresh: undefined;
  tokenRefresh_failure: { error: AuthError };
  signInWithRedirect: undefined;
  signInWithRedirect_failure: { error: AuthError };
  customOAuthState: string;
}

/** What a `listen` handler receives (Amplify Hub's `payload`). */
export type AuthHubPayload<E extends AuthEventName = AuthEventName> = {
  [K in E]: { event: K; data: AuthEventDataMap[K] };
}[E];









export interface Auth {
  signUp(input: A.SignUpInput): Promise<A.SignUpOutput>;
  confirmSignUp(input: A.ConfirmSignUpInput): Promise<A.ConfirmSignUpOutput>;
  resendSignUpCode(input: A.ResendSignUpCodeInput): Promise<A.ResendSignUpCodeOutput>;
  /** After `confirmSignUp` answered `COMPLETE_AUTO_SIGN_IN`; rejects with `AutoSignInException` otherwise. */
  autoSignIn(): Promise<A.SignInOutput>;
  resetPassword(input: A.ResetPasswordInput): Promise<A.ResetPasswordOutput>;
  confirmResetPassword(input: A.ConfirmResetPasswordInput): Promise<void>;
  updatePassword(input: A.UpdatePasswordInput): Promise<void>;
  setUpTOTP(): Promise<A.SetUpTOTPOutput>;
  verifyTOTPSetup(input: A.VerifyTOTPSetupInput): Promise<void>;
  updateMFAPreference(input: A.UpdateMFAPreferenceInput): Promise<void>;
  fetchMFAPreference(): Promise<A.FetchMFAPreferenceOutput>;
  fetchUserAttributes(): Promise<A.FetchUserAttributesOutput>;
  updateUserAttributes(input: A.UpdateUserAttributesInput): Promise<A.UpdateUserAttributesOutput>;
  updateUserAttribute(input: A.UpdateUserAttributeInput): Promise<A.UpdateUserAttributeOutput>;
  confirmUserAttribute(input: A.ConfirmUserAttributeInput): Promise<void>;
  sendUserAttributeVerificationCode(input: A.SendUserAttributeVerificationCodeInput): Promise<A.SendUserAttributeVerificationCodeOutput>;
  deleteUserAttributes(input: A.DeleteUserAttributesInput): Promise<void>;
  /** Every device (all pages); with `limit` or `nextToken`, one page. */
  fetchDevices(): Promise<A.FetchDevicesOutput>;
  fetchDevices(input: { limit?: number; nextToken?: string }): Promise<{ devices: A.AWSAuthDevice[]; nextToken?: string }>;
  rememberDevice(): Promise<void>;
  /** Forgets the given device, or this one (its keys are removed from storage). */
  forgetDevice(input?: A.ForgetDeviceInput): Promise<void>;
  /** Deletes the user, clears this device's keys, signs out (`signedOut`). */
  deleteUser(): Promise<void>;
  signIn(input: A.SignInInput): Promise<A.SignInOutput>;
  /** Answers the step `signIn` (or the previous `confirmSignIn`) returned, within 3 minutes. */
  confirmSignIn(input: A.ConfirmSignInInput): Promise<A.ConfirmSignInOutput>;
  /**
   * The sign-in step waiting for `confirmSignIn`, as an opaque string, to resume it in another
   * tab or after a magic link (`importSignInState`). It holds Cognito's challenge session
   * (valid for minutes, one answer) but no password. Rejects with `SignInException` when no
   * step is waiting.
   */
  exportSignInState(): Promise<string>;
  /** Resumes an exported step; resolves with that step. */
  importSignInState(state: string): Promise<SignInOutput>;
  fetchAuthSession(options?: A.FetchAuthSessionOptions): Promise<AuthSession>;
  getCurrentUser(): Promise<AuthUser>;
  /**
   * Signs out (local tokens first, then `RevokeToken`/`GlobalSignOut`); with the hosted UI
   * configured, then navigates to its `/logout`, which returns to `redirectSignOut`.
   */
  signOut(options?: A.SignOutInput): Promise<void>;
  /**
   * Goes to the hosted UI (PKCE S256, a random `state`); resolves once the verifier and
   * state are stored and the navigation started. The page that loads on return finishes the
   * sign-in when createAuth runs there. Rejects with `OAuthNotConfigureException` without
   * `oauth`, `UserAlreadyAuthenticatedException` when signed in.
   */
  signInWithRedirect(input?: A.SignInWithRedirectInput): Promise<void>;
  /**
   * Finishes a hosted-UI sign-in from a callback URL (default: `location.href`): checks
   * `state`, exchanges the code with the stored PKCE verifier, stores the tokens, cleans the
   * address bar. createAuth calls it by itself in browsers. Resolves `undefined` when the
   * URL is no callback. A callback whose `state` is not the one stored here (forged or
   * stale) changes nothing: it rejects with `OAuthSignInException` and a fixed message,
   * emits nothing, removes nothing and leaves the address bar alone. A callback for this
   * sign-in that fails rejects with `OAuthSignInException` and emits
   * `signInWithRedirect_failure`; an OAuth `error` from the hosted UI is then in
   * `underlyingError` (`{ error, error_description? }`), not in the message.
   */
  handleOAuthCallback(url?: string): Promise<SignInOutput | undefined>;
  /** Registers a passkey for the signed-in user (`StartWebAuthnRegistration` → `navigator.credentials.create` → `CompleteWebAuthnRegistration`). */
  associateWebAuthnCredential(): Promise<void>;
  /** Every registered passkey (all pages); with `pageSize` or `nextToken`, one page. */
  listWebAuthnCredentials(input?: A.ListWebAuthnCredentialsInput): Promise<A.ListWebAuthnCredentialsOutput>;
  deleteWebAuthnCredential(input: A.DeleteWebAuthnCredentialInput): Promise<void>;
  /** Whether passkeys can work here (a secure browser context with the Web Authentication API). */
  isPasskeySupported(): boolean;
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
  /**
   * `close()`, then frees the instance's wasm memory at once instead of when the garbage
   * collector runs (a server making one instance per request keeps its memory flat).
   * Waiting and later commands reject with `InstanceClosedException`. Also
   * `[Symbol.dispose]`, where the runtime has it (`using auth = await createAuth(…)`).
   */
  dispose(): void;
  /**
   * Calls `handler` on an auth event (`'*'`: every event). Returns the unsubscribe function.
   * `info.otherTab`: another tab caused it (its sign-in, refresh or sign-out, seen in the
   * shared storage).
   */
  listen<E extends AuthEventName>(eventName: E, handler: (payload: AuthHubPayload<E>, info: { otherTab: boolean }) => void): () => void;
  listen(eventName: '*', handler: (payload: AuthHubPayload, info: { otherTab: boolean }) => void): () => void;
  /**
   * The authenticator (Amplify UI's `useAuthenticator` facade) of this instance, as a store;
   * made on first use, always the same object. Without app validators: see
   * `createAuthenticator(auth, { validators })`.
   */
  readonly authenticator: Authenticator;
}

// ------------------------------------------------------------------------- the authenticator

/** Amplify UI's routes (generated: `Route` in wire.d.ts). */
export type AuthenticatorRoute = Route;

/** A field the current route asks for. */
export interface AuthenticatorField {
  /** The form value's name: `username`, `password`, `confirm_password`, `confirmation_code`, `email`, `phone_number`, `mfa_type`, an attribute. */
  readonly name: string;
  /** English label (Amplify UI's default text). */
  readonly label: string;
  /** English placeholder (Amplify UI's default text). */
  readonly placeholder?: string;
  /** `text`, `password`, `email`, `tel`, `radio`, `date`, `url`. */
  readonly type: string;
  /** Must be filled in (a radio group: one choice picked). */
  readonly isRequired: boolean;
  /** The `autocomplete` hint. */
  readonly autocomplete?: string;
  /** A `tel` field's default country code (`+1`). */
  readonly dialCode?: string;
  /**
   * A radio choice's value. As in Amplify UI, a radio group is one entry per choice:
   * selectMfaType's `{ name: 'mfa_type', label: 'Authenticator App (TOTP)', value: 'TOTP' }`,
   * verifyUser's `{ name: 'email', label: 'a@example.com', value: 'a@example.com' }` (the
   * choice is submitted as `unverifiedAttr`: the attribute name).
   */
  readonly value?: string;
}

/** Amplify UI's `codeDeliveryDetails` (v5 keys). */
export interface AuthenticatorCodeDeliveryDetails {
  readonly Destination?: string;
  readonly DeliveryMedium?: 'EMAIL' | 'SMS' | 'PHONE' | (string & {});
  readonly AttributeName?: string;
}

/** Amplify UI's `challengeName` values. */
export type AuthenticatorChallengeName = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP' | 'SELECT_MFA_TYPE' | 'MFA_SETUP' | (string & {});

/**
 * Stable codes of the built-in validation messages (translate by code), plus `CUSTOM` for
 * the app's own validators.
 */
export type ValidationErrorCode =
  | 'REQUIRED'
  | 'PASSWORD_TOO_SHORT'
  | 'PASSWORD_NEEDS_LOWERCASE'
  | 'PASSWORD_NEEDS_UPPERCASE'
  | 'PASSWORD_NEEDS_NUMBERS'
  | 'PASSWORD_NEEDS_SPECIAL_CHARACTERS'
  | 'PASSWORDS_DO_NOT_MATCH'
  | 'CUSTOM'
  | (string & {});

/** The state part of the facade. Frozen; the same object until something in it changed. */
export interface AuthenticatorState {
  readonly route: AuthenticatorRoute;
  readonly authStatus: AuthStatus;
  /** The signed-in user (typed as Amplify UI types it; undefined until signed in). */
  readonly user: Readonly<AuthUser>;
  /** The user name the current flow is about, after a submit (typed as Amplify UI types it; undefined before). */
  readonly username: string;
  /** The last operation's error message (Amplify UI's `error`), cleared by the next operation. */
  readonly error?: string;
  /** The same error as an AuthError (`name`: `NotAuthorizedException`, …). */
  readonly authError?: AuthError;
  /** A request is in flight (or the session is being restored). */
  readonly isPending: boolean;
  /** Field → messages: built-in ones for touched (blurred) fields, all after a submit, then the app validators'. */
  readonly validationErrors: Readonly<Record<string, readonly string[]>>;
  /** Field → codes, in the order of `validationErrors`. */
  readonly validationErrorCodes: Readonly<Record<string, readonly ValidationErrorCode[]>>;
  readonly hasValidationErrors: boolean;
  /** What the route asks for (from `loginMechanisms`, `signUpAttributes`, the challenge). */
  readonly fields: readonly AuthenticatorField[];
  /** The form as typed (passwords included; other values are trimmed when submitted). */
  readonly formValues: Readonly<Record<string, string>>;
  /** Amplify UI's `challengeName`: `SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP` (confirmSignIn), `SELECT_MFA_TYPE`, `MFA_SETUP` (setupTotp, setupEmail, the setup choice); undefined on other steps. */
  readonly challengeName: AuthenticatorChallengeName | undefined;
  /** Where the code went, in Amplify UI's shape (`{ Destination, DeliveryMedium, AttributeName }`). */
  readonly codeDeliveryDetails: Readonly<AuthenticatorCodeDeliveryDetails>;
  /** The TOTP secret on `setupTotp`; null when there is none. */
  readonly totpSecretCode: string | null;
  /** Amplify UI's legacy `QRFields` (`{ totpIssuer?, totpUsername? }` on setupTotp, else null). */
  readonly QRFields: Readonly<{ totpIssuer?: string; totpUsername?: string }> | null;
  /** Amplify UI's first factors (`PASSWORD`, then the passwordless ones enabled); undefined before any form. */
  readonly availableAuthMethods: readonly string[] | undefined;
  /** The configured preferred first factor. */
  readonly preferredChallenge: string | undefined;
  /** The first factor chosen (`PASSWORD` after a sign-up with a password). */
  readonly selectedAuthMethod: string | undefined;
  /** `otpauth://totp/<issuer>:<user>?secret=…&issuer=<issuer>` (issuer: config `totpIssuer`, default `AWSCognito`). */
  readonly totpSetupUri?: string;
  /** On `selectMfaType` (undefined elsewhere, as in Amplify UI). */
  readonly allowedMfaTypes: readonly MfaType[] | undefined;
  /** Attributes `forceNewPassword` asks for. */
  readonly missingAttributes: readonly string[];
  /** First factors on `signInSelectAuthFactor`. */
  readonly availableChallenges: readonly AuthFactorType[];
  /**
   * Contact attributes to verify on `verifyUser`, with their values, as Amplify UI's
   * `unverifiedUserAttributes`: `{ email: 'a@example.com' }` (undefined when there are
   * none). Submit the chosen key as `unverifiedAttr`.
   */
  readonly unverifiedUserAttributes: Readonly<{ email?: string; phone_number?: string }> | undefined;
  /** The first of config `loginMechanisms`. */
  readonly loginMechanism: LoginMechanism;
  /** config `oauth.providers`, lower case (`google`, …). */
  readonly socialProviders: readonly string[];
  /** Increases whenever the facade may have changed (-1 before any instance exists). */
  readonly revision: number;
}

/** The verbs of the facade (Amplify UI's send helpers). Stable functions; they return nothing. */
export interface AuthenticatorVerbs {
  /** SUBMIT: `data` is merged into the form first. Held back while an app validator fails (its messages show). */
  submitForm(data?: Record<string, string | number | boolean>): void;
  /** CHANGE. */
  updateForm(input: { name: string; value: string | number | boolean | null | undefined }): void;
  /** BLUR: the field's validation messages show from now on. */
  updateBlur(input: { name: string }): void;
  /** RESEND (confirmSignUp, confirmResetPassword; confirmSignIn of a passwordless code: `signIn` again with USER_AUTH and the same method). */
  resendCode(): void;
  /** SKIP (verifyUser, confirmVerifyUser → authenticated). */
  skipVerification(): void;
  signOut(): void;
  toSignIn(): void;
  toSignUp(): void;
  toForgotPassword(): void;
  /** The hosted UI (`signInWithRedirect`); `provider`: `google` / `Google`, `facebook`, `amazon`, `apple` or a custom name. */
  toFederatedSignIn(input?: { provider?: string }): void;
  /** Amplify UI's INIT (the machine starts by itself): the first one's `passwordless` goes over the configured settings. */
  initializeMachine(data?: { passwordless?: PasswordlessSettings }): void;
  /** Amplify UI's SELECT_METHOD: on signInSelectAuthFactor, signs in with `method` (`PASSWORD` by SRP; `EMAIL_OTP`, `SMS_OTP`, `WEB_AUTHN` as USER_AUTH's preferredChallenge), or answers Cognito's first-factor choice; elsewhere nothing. */
  selectAuthMethod(input?: { method?: string }): void;
  /** Amplify UI's SHOW_AUTH_METHODS: from the signIn form to signInSelectAuthFactor (choose a first factor before any request). */
  toShowAuthMethods(): void;
}

/** What `useAuthenticator` returns and `Authenticator.getSnapshot()` gives. */
export type AuthenticatorSnapshot = AuthenticatorState & AuthenticatorVerbs;

/** A store for `useSyncExternalStore`, with the verbs. */
export interface Authenticator extends AuthenticatorVerbs {
  /** The facade; a new (frozen) object only when it changed. */
  getSnapshot(): AuthenticatorSnapshot;
  /** Calls `listener` after the facade changed. Returns the unsubscribe function (idempotent). */
  subscribe(listener: () => void): () => void;
}

/** An app validator's result: a message, several, or nothing. */
export type ValidatorResult = string | string[] | undefined | null | void;

export interface AuthenticatorOptions {
  /**
   * Per-field validators, run in JS after the built-in ones on every route that shows the
   * field (or where it has a value): their messages show once the field was blurred, and
   * all of them on submit, where they hold the SUBMIT back. May be async.
   */
  validators?: Record<string, (value: string, formValues: Readonly<Record<string, string>>, route: AuthenticatorRoute) => ValidatorResult | Promise<ValidatorResult>>;
  /** Amplify UI's `services`; `validateCustomSignUp` runs on `signUp` (others are not used). */
  services?: {
    validateCustomSignUp?: (
      formData: Record<string, string>,
      touchData: Record<string, boolean>,
    ) => Record<string, string | string[] | undefined> | null | undefined | void | Promise<Record<string, string | string[] | undefined> | null | undefined | void>;
    [other: string]: unknown;
  };
}

/**
 * A store over `auth`'s authenticator with the app's own validators. Stores over one
 * `auth` share its form and route; each adds its validators' messages. (`auth.authenticator`
 * is the one without validators.)
 */
export function createAuthenticator(auth: Auth, options?: AuthenticatorOptions): Authenticator;

/** Every operation rejects with an AuthError whose `name` is the Cognito or library error name. */
export class AuthError extends Error {
  constructor(params?: {
    name?: string;
    message?: string;
    recoverySuggestion?: string;
    underlyingError?: unknown;
    metadata?: ResponseMetadata;
  });
  name: string;
  recoverySuggestion?: string;
  /** HTTP facts of a Cognito error answer (`httpStatusCode`, `requestId`), when there was one. */
  metadata?: ResponseMetadata;
  /**
   * What caused it, as data. For an `OAuthSignInException` from a hosted-UI callback that
   * carried an OAuth error: `{ error, error_description? }`, the identity provider's words
   * (never part of `message`).
   */
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

/** Whether passkeys can work here (a secure browser context with the Web Authentication API). */
export function isPasskeySupported(): boolean;
/**
 * Starts loading and compiling the wasm now (createAuth does it too). Call it where a
 * sign-in form is about to appear. `source`: what `host.wasmModule` takes. Never rejects.
 */
export function preloadWasm(source?: unknown): Promise<void>;

/** An in-memory KeyValueStorageInterface (async methods). */
export function createMemoryStorage(): KeyValueStorageInterface;

/**
 * Amplify's `decodeJWT`: the payload of an encoded JWT (not verified) and `toString()`.
 * Throws on a malformed token.
 */
export function decodeJWT(token: string): JWT;
