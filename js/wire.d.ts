// The JSON shapes that cross the wasm boundary, generated from the Rust types
// (`#[derive(FromJson, ToJson)]`, derive/) by tests/ts_decls.rs. Do not edit: change the
// Rust type, then run `UPDATE_WIRE_DTS=1 cargo test --test ts_decls`.
// `?` marks a member that may be absent (a Rust `Option`, a defaulted or skipped member).

/** The user pool and app client to talk to. Read from Amplify's `Auth.Cognito` members (`Config` flattens it). */
export interface UserPoolConfig {
  /** `<region>_<id>`, e.g. `us-east-1_AbC123`. */
  userPoolId: string;
  /** The app client id. */
  userPoolClientId: string;
  /** The app client secret, for confidential clients (adds `SECRET_HASH`). Keep it off browsers: a secret shipped to a browser is not a secret. */
  userPoolClientSecret?: string;
  /** A Cognito-compatible endpoint (a local emulator) instead of the regional one. */
  endpoint?: string;
}

/** How tokens are refreshed: `'auto' | 'rotation' | 'initiateAuth'`. */
export type RefreshFlow =
  /** `GetTokensFromRefreshToken`, falling back for good (per instance) to `InitiateAuth` when the service does not know the operation (`UnknownOperationException` or a non-JSON error body). */
  | 'auto'
  /** Always `GetTokensFromRefreshToken` (refresh-token rotation). */
  | 'rotation'
  /** Always `InitiateAuth` with `REFRESH_TOKEN_AUTH`. */
  | 'initiateAuth';

/** Amplify's `loginWith.oauth`. */
export interface OAuthConfig {
  /** The hosted UI domain (`auth.example.com` or `x.auth.us-east-1.amazoncognito.com`). */
  domain: string;
  /** Scopes (`openid`, `email`, …). */
  scopes?: Array<string>;
  /** Where the hosted UI returns after sign-in (a string or a list). */
  redirectSignIn?: string | Array<string>;
  /** Where the hosted UI returns after sign-out (a string or a list). */
  redirectSignOut?: string | Array<string>;
  /** Social providers offered by the authenticator (`Google`, `Facebook`, `Amazon`, `Apple`). */
  providers?: Array<unknown>;
}

/** Everything the machine needs to know about the pools: Amplify's `Auth.Cognito` members (camelCase) and ours; unknown members are ignored. */
export interface Config extends UserPoolConfig {
  /** An identity pool (`<region>:<uuid>`) for AWS credentials. */
  identityPoolId?: string;
  /** Give signed-out users guest credentials. */
  allowGuestAccess?: boolean;
  /** How to refresh tokens. */
  refreshFlow?: RefreshFlow;
  /** An identity-pool-compatible endpoint; defaults to `endpoint` when that is set. */
  identityPoolEndpoint?: string;
  /** The `DeviceName` sent with `ConfirmDevice` (Amplify sends the user agent). */
  deviceName?: string;
  /** The hosted UI (Amplify's `loginWith.oauth`). */
  oauth?: OAuthConfig;
  /** The page's origin (`location.origin`), for redirect URLs when a command names none. */
  origin?: string;
  /** Take a cross-tab lock around refreshes (the JS host turns it on where Web Locks exist): one tab refreshes, the others adopt its tokens, so rotating refresh tokens are never replayed. */
  refreshLock?: boolean;
  /** Refresh the tokens shortly before they expire (through the cross-tab lock, like any refresh), so that `fetchAuthSession` rarely waits. Off by default: it spends a request per token lifetime on sessions nobody reads. */
  refreshAhead?: boolean;
}

/** How users sign in (Amplify UI's `loginMechanisms`): `username`, `email`, `phone_number`. */
export type LoginMechanism =
  /** A user name. */
  | 'username'
  /** An email address. */
  | 'email'
  /** A phone number. */
  | 'phone_number';

/** A user pool's password policy (Amplify's `passwordFormat`). Missing members keep [`PasswordPolicy::default`]'s values. */
export interface PasswordPolicy {
  /** Minimum length (Cognito's default 8). */
  minLength?: number;
  /** Needs a lower-case letter. */
  requireLowercase?: boolean;
  /** Needs an upper-case letter. */
  requireUppercase?: boolean;
  /** Needs a digit. */
  requireNumbers?: boolean;
  /** Needs one of [`SPECIAL_CHARACTERS`]. */
  requireSpecialCharacters?: boolean;
}

/** Amplify UI's routes (camelCase words). */
export type Route =
  | 'idle'
  | 'setup'
  | 'signIn'
  | 'signUp'
  | 'confirmSignUp'
  | 'confirmSignIn'
  | 'setupTotp'
  | 'setupEmail'
  | 'selectMfaType'
  | 'forceNewPassword'
  | 'forgotPassword'
  | 'confirmResetPassword'
  | 'verifyUser'
  | 'confirmVerifyUser'
  | 'signInSelectAuthFactor'
  /** After sign-in or sign-up, when `passwordless.passkeyRegistrationPrompts` asks for it and the user has no passkey: `SUBMIT` registers one, `SKIP` goes on. */
  | 'passkeyPrompt'
  | 'authenticated'
  | 'signOut'
  | 'transition';

/** The authenticator's own settings (Amplify UI's props and `Auth.Cognito` extras). Every member optional. */
export interface UiConfig {
  /** The first one decides the sign-in field (`username`, `email`, `phone_number`). */
  loginMechanisms?: Array<LoginMechanism>;
  /** Extra attributes the sign-up form asks for. */
  signUpAttributes?: Array<string>;
  /** The pool's password policy (Amplify's `passwordFormat` is read too). */
  passwordPolicy?: PasswordPolicy;
  /** `signIn` (default), `signUp` or `forgotPassword` (`initialRoute` is read too). */
  initialState?: Route;
  /** The issuer in `totpSetupUri` (Amplify UI's `AWSCognito`). */
  totpIssuer?: string;
  /** Amplify UI's `passwordless` prop; `passkeyRegistrationPrompts` is read from it: `true` / `false`, or `{ afterSignin, afterSignup }` each `ALWAYS` or `NEVER`. */
  passwordless?: unknown;
}

/** Amplify's `authFlowType`: `USER_SRP_AUTH`, … (also stored in `signInDetails`). */
export type AuthFlowType =
  /** SRP: the password never leaves the client. */
  | 'USER_SRP_AUTH'
  /** The password is sent to Cognito over TLS. */
  | 'USER_PASSWORD_AUTH'
  /** `CUSTOM_AUTH` starting with SRP. */
  | 'CUSTOM_WITH_SRP'
  /** `CUSTOM_AUTH` without a password. */
  | 'CUSTOM_WITHOUT_SRP'
  /** Choice-based sign-in (`USER_AUTH`). */
  | 'USER_AUTH';

/** A first factor of choice-based sign-in (`preferredChallenge`, `availableChallenges`). */
export type AuthFactor =
  /** The password, sent over TLS. */
  | 'PASSWORD'
  /** The password, by SRP. */
  | 'PASSWORD_SRP'
  /** A code by email. */
  | 'EMAIL_OTP'
  /** A code by SMS. */
  | 'SMS_OTP'
  /** A passkey. */
  | 'WEB_AUTHN'
  /** A factor this client does not know. */
  | (string & {});

/** `signIn` options. */
export interface SignInOptions {
  /** The flow; `USER_SRP_AUTH` by default. */
  authFlowType?: AuthFlowType;
  /** For `USER_AUTH`: the first factor to try (`PASSWORD`, `PASSWORD_SRP`, `EMAIL_OTP`, `SMS_OTP`). */
  preferredChallenge?: AuthFactor;
  /** Passed to Lambda triggers. */
  clientMetadata?: Record<string, unknown>;
}

/** `signIn`'s input. */
export interface SignInInput {
  /** User name or alias. */
  username: string;
  /** The password (password flows). */
  password?: string;
  /** Options. */
  options?: SignInOptions;
}

/** `confirmSignIn` options. */
export interface ConfirmSignInOptions {
  /** Attributes for `NEW_PASSWORD_REQUIRED` (sent as `userAttributes.<name>`). */
  userAttributes?: Record<string, string>;
  /** Passed to Lambda triggers. */
  clientMetadata?: Record<string, unknown>;
  /** The name of the TOTP device being set up. */
  friendlyDeviceName?: string;
}

/** `confirmSignIn`'s input. */
export interface ConfirmSignInInput {
  /** The code, answer, new password or selection the current step asks for. */
  challengeResponse: string;
  /** Options. */
  options?: ConfirmSignInOptions;
}

/** `autoSignIn: true | { authFlowType, … }` (untagged: a boolean, else sign-in options). */
export type AutoSignInOption =
  /** `true` / `false`. */
  | boolean
  /** With sign-in options. */
  | SignInOptions;

/** `signUp` options. */
export interface SignUpOptions {
  /** Attributes (`email`, `phone_number`, …). */
  userAttributes?: Record<string, string>;
  /** For the pre-sign-up trigger. */
  validationData?: Record<string, string>;
  /** Passed to Lambda triggers. */
  clientMetadata?: Record<string, unknown>;
  /** Sign in automatically once confirmed: `true` or sign-in options. */
  autoSignIn?: AutoSignInOption;
}

/** Options of the calls that send or check a code. */
export interface CodeOptions {
  /** Passed to Lambda triggers. */
  clientMetadata?: Record<string, unknown>;
  /** `confirmSignUp`: take over an alias another user has. */
  forceAliasCreation?: boolean;
}

/** `verifyTOTPSetup` options. */
export interface VerifyTotpOptions {
  /** A name for the authenticator. */
  friendlyDeviceName?: string;
}

/** `updateMFAPreference` values: `ENABLED | DISABLED | PREFERRED | NOT_PREFERRED`. */
export type MfaPreference =
  /** Enabled, not preferred. */
  | 'ENABLED'
  /** Disabled. */
  | 'DISABLED'
  /** Enabled and preferred. */
  | 'PREFERRED'
  /** Enabled, explicitly not preferred. */
  | 'NOT_PREFERRED';

/** `{ id }` of a device. */
export interface DeviceRef {
  /** The device key. */
  id: string;
}

/** `signInWithRedirect`'s provider: `'Google'`, `{ custom }` or `{ idpIdentifier }`, tried in that order. */
export type Provider =
  /** `Google`, `Facebook`, `Amazon`, `Apple`. */
  | string
  /** `{ custom: 'MyOIDC' }`. */
  | { custom: string }
  /** `{ idpIdentifier: 'example.com' }`. */
  | { idpIdentifier: string };

/** `signInWithRedirect` options. */
export interface RedirectOptions {
  /** `login_hint`. */
  loginHint?: string;
  /** `lang`. */
  lang?: string;
  /** `nonce`. */
  nonce?: string;
  /** `prompt`. */
  prompt?: string;
}

/** A user command: Amplify v6's functions, by name (tagged by `type`). */
export type Command =
  /** `signIn`. */
  | ({ type: 'signIn' } & SignInInput)
  /** `fetchAuthSession`. */
  | { type: 'fetchAuthSession'; forceRefresh?: boolean; clientMetadata?: Record<string, unknown> }
  /** `confirmSignIn`. */
  | ({ type: 'confirmSignIn' } & ConfirmSignInInput)
  /** Hands out the sign-in step waiting for `confirmSignIn`, to resume it elsewhere. */
  | { type: 'exportSignInState' }
  /** Resumes a step exported by `ExportSignInState` (another tab, a magic link). */
  | { type: 'importSignInState'; state: string }
  /** `getCurrentUser`. */
  | { type: 'getCurrentUser' }
  /** `signUp`. */
  | { type: 'signUp'; username: string; password?: string; options?: SignUpOptions }
  /** `confirmSignUp`. */
  | { type: 'confirmSignUp'; username: string; confirmationCode: string; options?: CodeOptions }
  /** `resendSignUpCode`. */
  | { type: 'resendSignUpCode'; username: string; options?: CodeOptions }
  /** `autoSignIn` after a confirmed sign-up. */
  | { type: 'autoSignIn' }
  /** `resetPassword`. */
  | { type: 'resetPassword'; username: string; options?: CodeOptions }
  /** `confirmResetPassword`. */
  | { type: 'confirmResetPassword'; username: string; newPassword: string; confirmationCode: string; options?: CodeOptions }
  /** `updatePassword`. */
  | { type: 'updatePassword'; oldPassword: string; newPassword: string }
  /** `setUpTOTP`. */
  | { type: 'setUpTOTP' }
  /** `verifyTOTPSetup`. */
  | { type: 'verifyTOTPSetup'; code: string; options?: VerifyTotpOptions }
  /** `updateMFAPreference`. */
  | { type: 'updateMFAPreference'; sms?: MfaPreference; totp?: MfaPreference; email?: MfaPreference }
  /** `fetchMFAPreference`. */
  | { type: 'fetchMFAPreference' }
  /** `fetchUserAttributes`. */
  | { type: 'fetchUserAttributes' }
  /** `updateUserAttributes`. */
  | { type: 'updateUserAttributes'; userAttributes: Record<string, string>; options?: CodeOptions }
  /** `confirmUserAttribute`. */
  | { type: 'confirmUserAttribute'; userAttributeKey: string; confirmationCode: string }
  /** `sendUserAttributeVerificationCode`. */
  | { type: 'sendUserAttributeVerificationCode'; userAttributeKey: string; options?: CodeOptions }
  /** `deleteUserAttributes`. */
  | { type: 'deleteUserAttributes'; userAttributeKeys: Array<string> }
  /** `fetchDevices`: every page, or one page when `limit` or `nextToken` is given. */
  | { type: 'fetchDevices'; limit?: number; nextToken?: string }
  /** `rememberDevice`. */
  | { type: 'rememberDevice' }
  /** `forgetDevice`: the given device, or this one. */
  | { type: 'forgetDevice'; device?: DeviceRef }
  /** `deleteUser`. */
  | { type: 'deleteUser' }
  /** `associateWebAuthnCredential`: register a passkey. */
  | { type: 'associateWebAuthnCredential' }
  /** `listWebAuthnCredentials`: every page, or one with `pageSize` / `nextToken`. */
  | { type: 'listWebAuthnCredentials'; pageSize?: number; nextToken?: string }
  /** `deleteWebAuthnCredential`. */
  | { type: 'deleteWebAuthnCredential'; credentialId: string }
  /** `signOut`. */
  | { type: 'signOut'; global?: boolean; origin?: string }
  /** `signInWithRedirect`: to the hosted UI, with PKCE. */
  | { type: 'signInWithRedirect'; provider?: Provider; customState?: string; options?: RedirectOptions; origin?: string }
  /** The page loaded at `url`: finishes a hosted-UI sign-in when it carries `code` or `error` (does nothing otherwise). */
  | { type: 'handleOAuthCallback'; url: string };

/** The host's answer to an [`HttpRequest`]. The body may hold tokens: `Debug` redacts it. `{ status, headers?: [[name, value], …], body? }`. */
export interface HttpResponse {
  /** HTTP status code. */
  status: number;
  /** Response headers (any case). */
  headers?: Array<[string, string]>;
  /** The response body as text. */
  body?: string;
}

/** Why the host could not get a response: `{ kind: 'network', message? }`, `{ kind: 'timeout' }` or `{ kind: 'tooLarge' }`. */
export type TransportError =
  /** The request did not reach the server or the connection broke. */
  | { kind: 'network'; message?: string }
  /** The host gave up waiting. */
  | { kind: 'timeout' }
  /** The host stopped reading a body longer than [`MAX_RESPONSE_BYTES`]. */
  | { kind: 'tooLarge' };

/** What came back for an HTTP request: `{ response: {…} }` or `{ failure: {…} }`. */
export type HttpOutcome =
  /** The server answered (any status). */
  | { response: HttpResponse }
  /** No answer. */
  | { failure: TransportError };

/** A WebAuthn failure the host mapped to Amplify's passkey error names. */
export interface PasskeyError {
  /** `PasskeyNotSupported`, `PasskeyAuthenticationCanceled`, `PasskeyAlreadyExists`, `RelyingPartyMismatch`, … */
  name: string;
  /** What the browser said. */
  message?: string;
}

/** An input to [`crate::machine::AuthMachine::handle`]. `Debug` shows no secret: not the random bytes (they seed SRP's private `a`), not the loaded storage values (tokens). Tagged by `type` (camelCase), members in camelCase. */
export type Input =
  /** Begin: restore the stored session. Commands sent earlier wait for it. */
  | { type: 'start' }
  /** A user command. */
  | { type: 'command'; op: number; command: Command; random?: Array<number> | Record<string, number> }
  /** The outcome of an [`crate::machine::Effect::Http`]. */
  | { type: 'httpResult'; id: number; outcome: HttpOutcome }
  /** A storage key changed outside this instance (another tab's `storage` event, a `BroadcastChannel` message): the machine reads the session again and follows it. */
  | { type: 'storageChanged'; key: string }
  /** The lock of an [`crate::machine::Effect::Lock`] is held. */
  | { type: 'lockAcquired'; id: number }
  /** The lock of an [`crate::machine::Effect::Lock`] is held, granted after another tab held it: that tab's last storage writes may still be on their way (Chromium grants the Web Lock and delivers localStorage writes on separate channels), so the machine waits a moment (50 ms, a deadline of its own through [`crate::machine::AuthMachine::poll_timeout`]) before it reads storage. */
  | { type: 'lockHandedOver'; id: number }
  /** The outcome of an [`crate::machine::Effect::WebAuthn`] ceremony. */
  | { type: 'webAuthnResult'; id: number; credential?: unknown; error?: PasskeyError }
  /** The time [`crate::machine::AuthMachine::poll_timeout`] named has come (or passed: a late or early timer is harmless, the machine acts on what is due at `now`). */
  | { type: 'timeout' }
  /** The values of an [`crate::machine::Effect::Load`] (`None` = absent). */
  | { type: 'storageLoaded'; id: number; values: Record<string, string | null> };

/** A form event (Amplify UI's machine events), tagged by `type` in SCREAMING_SNAKE_CASE. */
export type UiEvent =
  /** Submit the form; `data` is merged into the form values first. */
  | { type: 'SUBMIT'; data?: Record<string, string> }
  /** Check the form as a submit would, flagging what is missing, without submitting. */
  | { type: 'VALIDATE'; data?: Record<string, string> }
  | { type: 'CHANGE'; name: string; value: string }
  | { type: 'BLUR'; name: string }
  | { type: 'RESEND' }
  | { type: 'SKIP' }
  | { type: 'SIGN_IN' }
  | { type: 'SIGN_UP' }
  | { type: 'FORGOT_PASSWORD' }
  | { type: 'FEDERATED_SIGN_IN'; provider?: string }
  | { type: 'SIGN_OUT' }
  /** Amplify UI's `toShowAuthMethods`: from the sign-in form to the choice of a first factor (signInSelectAuthFactor), before any request. */
  | { type: 'SHOW_AUTH_METHODS' }
  /** Amplify UI's `selectAuthMethod`: on signInSelectAuthFactor, signs in with `method` (`PASSWORD`, `EMAIL_OTP`, `SMS_OTP`, `WEB_AUTHN`; USER_AUTH for all but `PASSWORD`). */
  | { type: 'SELECT_METHOD'; method: string }
  /** Amplify UI's INIT (`initializeMachine`, which `<Authenticator>` sends with its props): the first one's `data.passwordless` (`hiddenAuthMethods`, `preferredAuthMethod`, `passkeyRegistrationPrompts`) goes over the configured one. */
  | { type: 'INIT'; data?: unknown };

/** A form event as the host sends it: `{ type: 'ui', event, random }` (`handle` tells it from a machine [`Input`] by its `type`). */
export interface UiInput {
  /** The event. */
  event: UiEvent;
  /** Fresh random bytes, as for a command. */
  random?: Array<number> | Record<string, number>;
}

/** A request for the host to send. The body may hold a password or a token, so `Debug` redacts it. `{ method, url, headers: [[name, value], …], body }`. */
export interface HttpRequest {
  /** `POST` for every Cognito call. */
  method: string;
  /** Absolute URL. */
  url: string;
  /** Header names in lower case, in the order they should be sent. */
  headers: Array<[string, string]>;
  /** The body (JSON for the Cognito APIs). Secret: may hold passwords and tokens. */
  body: string;
}

/** Which WebAuthn ceremony. */
export type Ceremony =
  /** `navigator.credentials.get`: sign in with a passkey. */
  | 'get'
  /** `navigator.credentials.create`: register a passkey. */
  | 'create';

/** What Amplify stores as `signInDetails`: the name typed at sign-in and the flow used. `{ loginId?, authFlowType? }`. */
export interface SignInDetails {
  /** The login id as the user typed it (user name, email or phone alias). */
  loginId?: string;
  /** The `authFlowType` of the sign-in. */
  authFlowType?: string;
}

/** `getCurrentUser()`'s result and the `signedIn` event's data. */
export interface AuthUser {
  /** The user name the session is stored under. */
  username: string;
  /** `sub`. */
  userId: string;
  /** How the user signed in. */
  signInDetails?: SignInDetails;
}

/** The identity provider's error parameters (RFC 6749 §4.1.2.1). */
export interface OAuthUnderlying {
  /** `access_denied`, … */
  error: string;
  /** The provider's text. */
  error_description?: string;
}

/** What JS receives as `AuthError.metadata` (the keys Amplify's `AmplifyError` keeps). */
export interface ErrorMetadata {
  /** The HTTP status. */
  httpStatusCode: number;
  /** The request id. */
  requestId?: string;
  /** `x-amz-id-2`. */
  extendedRequestId?: string;
}

/** What JS receives for an [`AuthError`] (the JS layer makes it an `AuthError` instance). */
export interface AuthErrorData {
  /** The exception name (`NotAuthorizedException`, …) or our own (`NetworkError`, …). */
  name: string;
  /** What happened. */
  message: string;
  /** What the user or the app can do about it. */
  recoverySuggestion?: string;
  /** The identity provider's own error, for `OAuthProvider`. */
  underlyingError?: OAuthUnderlying;
  /** The HTTP facts of a Cognito error answer. */
  metadata?: ErrorMetadata;
}

/** An `auth` channel event, named as in Amplify's Hub: `{ name, data? }`. */
export type AuthEvent =
  /** A user signed in. */
  | { name: 'signedIn'; data: AuthUser }
  /** The user signed out (or the session ended). */
  | { name: 'signedOut' }
  /** Tokens were refreshed. */
  | { name: 'tokenRefresh' }
  /** A refresh failed. */
  | { name: 'tokenRefresh_failure'; data: { error: AuthErrorData } }
  /** A hosted-UI sign-in finished. */
  | { name: 'signInWithRedirect' }
  /** A hosted-UI sign-in failed. */
  | { name: 'signInWithRedirect_failure'; data: { error: AuthErrorData } }
  /** The `customState` given to `signInWithRedirect`. */
  | { name: 'customOAuthState'; data: string };

/** Amplify's `nextStep.signInStep`. */
export type SignInStep =
  /** Signed in. */
  | 'DONE'
  /** Enter the code sent by SMS. */
  | 'CONFIRM_SIGN_IN_WITH_SMS_CODE'
  /** Enter the code sent by email. */
  | 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE'
  /** Enter the code of the authenticator app. */
  | 'CONFIRM_SIGN_IN_WITH_TOTP_CODE'
  /** Answer the custom challenge. */
  | 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE'
  /** Register an authenticator app (the shared secret is in `totpSetupDetails`). */
  | 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP'
  /** Give an email address for email MFA. */
  | 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP'
  /** Choose an MFA type (`allowedMFATypes`). */
  | 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION'
  /** Choose an MFA type to set up (`allowedMFATypes`). */
  | 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION'
  /** Choose a new password (`missingAttributes` too). */
  | 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED'
  /** Choose a first factor (`availableChallenges`). */
  | 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION'
  /** Enter the password (choice-based sign-in). */
  | 'CONFIRM_SIGN_IN_WITH_PASSWORD'
  /** The user is not confirmed yet. */
  | 'CONFIRM_SIGN_UP'
  /** The password must be reset first. */
  | 'RESET_PASSWORD';

/** Where a code was sent (`codeDeliveryDetails.deliveryMedium`). */
export type DeliveryMedium =
  /** By SMS. */
  | 'SMS'
  /** By email. */
  | 'EMAIL'
  /** Another medium, as Cognito named it. */
  | (string & {});

/** Amplify's `codeDeliveryDetails`. */
export interface CodeDeliveryDetails {
  /** `SMS` or `EMAIL`. */
  deliveryMedium?: DeliveryMedium;
  /** The masked destination. */
  destination?: string;
}

/** Amplify's `totpSetupDetails` (without the `getSetupUri` function, added in JS). */
export interface TotpSetupDetails {
  /** The base32 shared secret. The user must see it to set up an authenticator app. */
  sharedSecret: string;
}

/** Amplify's MFA types (`allowedMFATypes`, `fetchMFAPreference`). */
export type MfaType =
  /** A code by SMS (`SMS_MFA`). */
  | 'SMS'
  /** An authenticator app (`SOFTWARE_TOKEN_MFA`). */
  | 'TOTP'
  /** A code by email (`EMAIL_OTP`). */
  | 'EMAIL';

/** Amplify's `nextStep`. */
export interface NextStep {
  /** `DONE`, `CONFIRM_SIGN_IN_WITH_SMS_CODE`, `CONFIRM_SIGN_UP`, … */
  signInStep: SignInStep;
  /** Where a code was sent. */
  codeDeliveryDetails?: CodeDeliveryDetails;
  /** The TOTP secret to register (the JS layer adds `getSetupUri`). */
  totpSetupDetails?: TotpSetupDetails;
  /** `SMS` / `TOTP` / `EMAIL`, for MFA selection steps. */
  allowedMFATypes?: Array<MfaType>;
  /** Attributes `NEW_PASSWORD_REQUIRED` needs. */
  missingAttributes?: Array<string>;
  /** A custom challenge's public parameters. */
  additionalInfo?: Record<string, string>;
  /** First factors offered by `SELECT_CHALLENGE`. */
  availableChallenges?: Array<AuthFactor>;
}

/** `{ isSignedIn, nextStep: { signInStep } }`. */
export interface SignInOutput {
  /** True once tokens are stored. */
  isSignedIn: boolean;
  /** What the user must do next. */
  nextStep: NextStep;
}

/** A JWT as JS sees it: `{ jwt, payload }` (the JS layer adds `toString()`). */
export interface JwtOut {
  /** The encoded token (secret). */
  jwt: string;
  /** The decoded payload. */
  payload: Record<string, unknown>;
}

/** `{ accessToken, idToken }`. */
export interface SessionTokens {
  /** The access token. */
  accessToken: JwtOut;
  /** The id token. */
  idToken?: JwtOut;
  /** How the user signed in (stored at sign-in), as Amplify's `tokens.signInDetails`. */
  signInDetails?: SignInDetails;
}

/** AWS credentials as JS sees them (`expiration` in Unix ms; the JS layer makes a `Date`). */
export interface CredentialsOut {
  /** Access key id. */
  accessKeyId: string;
  /** Secret access key (secret). */
  secretAccessKey: string;
  /** Session token (secret). */
  sessionToken: string;
  /** Expiry, Unix ms. */
  expiration?: number;
}

/** `fetchAuthSession()`'s result: empty when signed out (unless guest access is on). */
export interface AuthSession {
  /** The tokens, when signed in. */
  tokens?: SessionTokens;
  /** AWS credentials from the identity pool, when one is configured. */
  credentials?: CredentialsOut;
  /** The identity pool identity id. */
  identityId?: string;
  /** `sub`, when signed in. */
  userSub?: string;
}

/** What an operation returns. Untagged: the inner value's own shape; `Done` is `null`. */
export type Output =
  /** `signIn`. */
  | SignInOutput
  /** `fetchAuthSession`. */
  | AuthSession
  /** `getCurrentUser`. */
  | AuthUser
  /** Account calls: Amplify's result shape as JSON. */
  | unknown
  /** `exportSignInState`: the waiting step as JSON (secret: holds the challenge session). */
  | string
  /** `signOut` (resolves with nothing). */
  | null;

/** An effect for the host to carry out, in order. Tagged by `type` (camelCase), members in camelCase. */
export type Effect =
  /** Send this request; answer with [`crate::machine::Input::HttpResult`] and the same id. */
  | { type: 'http'; id: number; request: HttpRequest; retry: boolean }
  /** Read these keys; answer with [`crate::machine::Input::StorageLoaded`]. */
  | { type: 'load'; id: number; keys: Array<string> }
  /** Write a value (may be a token: secret). */
  | { type: 'store'; key: string; value: string }
  /** Delete a key. */
  | { type: 'remove'; key: string }
  /** Go to this URL (the hosted UI, its `/logout`), or with `replace` clean the current one (`history.replaceState`) after a callback. */
  | { type: 'navigate'; url: string; replace: boolean }
  /** Run a WebAuthn ceremony (`navigator.credentials.get` / `.create`) with Cognito's JSON options; answer with [`crate::machine::Input::WebAuthnResult`]. */
  | { type: 'webAuthn'; id: number; ceremony: Ceremony; options: unknown }
  /** Stop the ceremony `id` if it is still running (`AbortController.abort()`): the sign-in or registration it served is over (replaced by another sign-in, signed out, another user signed in), so the browser's passkey dialog closes. Its answer, if one still comes, is ignored. */
  | { type: 'abortWebAuthn'; id: number }
  /** Take the cross-tab lock `name` (Web Locks' `navigator.locks.request`), then answer [`crate::machine::Input::LockAcquired`] ([`crate::machine::Input::LockHandedOver`] when another tab held it first). A host without locks answers at once. */
  | { type: 'lock'; id: number; name: string }
  /** Release the lock taken for `id`. */
  | { type: 'unlock'; id: number }
  /** Tell listeners (Amplify Hub's `auth` channel events). */
  | { type: 'emit'; event: AuthEvent; otherTab?: boolean }
  /** An operation finished. */
  | { type: 'complete'; op: number; result: { ok: Output } | { error: AuthErrorData } };

/** Amplify UI's `authStatus`. */
export type AuthStatus =
  /** The stored session is being read. */
  | 'configuring'
  /** A user is signed in. */
  | 'authenticated'
  /** No user is signed in. */
  | 'unauthenticated';

/** The machine's observable state. Holds no secret. */
export interface Snapshot {
  /** Increases whenever anything below may have changed. */
  revision: number;
  /** `configuring` / `authenticated` / `unauthenticated`. */
  authStatus: AuthStatus;
  /** The signed-in user. */
  user?: AuthUser;
  /** True while a sign-in request is in flight. */
  isPending: boolean;
  /** The sign-in step waiting for `confirmSignIn`, if any (`CONFIRM_SIGN_IN_WITH_TOTP_CODE`, …). */
  signInStep?: SignInStep;
}

/** What the current step shows (from the last sign-in result); flattened into the facade, empty lists left out. Amplify UI's actor context: a new flow (sign in, sign up, reset password, after a sign-out) starts it empty. */
export interface StepInfo {
  /** Amplify UI's `challengeName`: `SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`, `SELECT_MFA_TYPE`, `MFA_SETUP` (other steps: none). */
  challengeName?: string;
  /** The waiting sign-in step (for the machine's own decisions; not in the facade). */
  signInStep?: SignInStep;
  /** Amplify UI's shape: `{ Destination, DeliveryMedium, AttributeName }`. */
  codeDeliveryDetails?: unknown;
  totpSecretCode?: string;
  allowedMfaTypes?: Array<string>;
  missingAttributes?: Array<string>;
  availableChallenges?: Array<string>;
  /** The first factor the user chose (`PASSWORD` on a sign-up with a password). */
  selectedAuthMethod?: string;
  /** Contact attributes awaiting verification, with their values (`email` → the address), like Amplify UI's `unverifiedUserAttributes`. */
  unverifiedUserAttributes?: Record<string, string>;
}

/** A form field, in the shape of Amplify UI's `useAuthenticator().fields`: `{ name, label, placeholder?, type, isRequired, autocomplete?, dialCode?, value? }`. A radio group is one entry per choice (same `name`, its own `value`), as there. */
export interface Field {
  /** The form value's name (`username`, `password`, `confirmation_code`, …). */
  name: string;
  /** English label (Amplify UI's default text). */
  label: string;
  /** English placeholder (Amplify UI's default text). */
  placeholder?: string;
  /** `text`, `password`, `email`, `tel`, `date`, `url`, `radio`. */
  type: string;
  /** Must be filled in (a radio group: one choice must be picked). */
  isRequired: boolean;
  /** The `autocomplete` hint. */
  autocomplete?: string;
  /** The default country code of a `tel` field (`+1`). */
  dialCode?: string;
  /** A radio choice's value. */
  value?: string;
}

/** The facade Amplify UI's `useAuthenticator` returns (data part; the JS adds the verbs). */
export interface Facade extends StepInfo {
  /** Increases whenever anything here may have changed. */
  revision: number;
  /** The route. */
  route: Route;
  /** `configuring` / `authenticated` / `unauthenticated`. */
  authStatus: AuthStatus;
  /** The signed-in user. */
  user?: AuthUser;
  /** The user name the current flow is about. */
  username?: string;
  /** The last operation's error. */
  error?: AuthErrorData;
  /** An operation is in flight. */
  isPending: boolean;
  /** Field → messages (Amplify UI's shape). */
  validationErrors: Record<string, Array<string>>;
  /** Field → stable codes, in the same order as the messages. */
  validationErrorCodes: Record<string, Array<string>>;
  /** Any validation error. */
  hasValidationErrors: boolean;
  /** The fields of the route. */
  fields: Array<Field>;
  /** The form values (passwords included: this is the form the user is typing). */
  formValues: Record<string, string>;
  /** The `otpauth://` URI for `setupTotp`. */
  totpSetupUri?: string;
  /** Amplify UI's first factors (`PASSWORD`, then the passwordless ones configured), from the first form on (none while configuring, nor for a restored session). */
  availableAuthMethods?: Array<string>;
  /** Amplify UI's `preferredChallenge`: the configured preferred first factor. */
  preferredChallenge?: string;
}

/** What queries read: `{ user? | userError?, session?, sessionUntil? }`. Holds tokens and credentials: never log it. */
export interface View {
  /** `getCurrentUser()`'s answer, or neither this nor [`View::user_error`]: ask the machine. */
  user?: AuthUser;
  /** `getCurrentUser()`'s error (signed out). */
  userError?: AuthErrorData;
  /** `fetchAuthSession()`'s answer (without `forceRefresh`), or `None`: ask the machine. */
  session?: AuthSession;
  /** The last host time (Unix ms, inclusive) at which [`View::session`] holds; after it (tokens or credentials expired), ask the machine. `None`: no limit. */
  sessionUntil?: number;
}

/** An error's `name`: Cognito's exception names the machine acts on, and Amplify's library error names this client gives its own errors. Any other name Cognito sends travels in `Other`, unchanged. The machine matches on these, never on the text. */
export type ErrorName =
  /** Wrong credentials, or a refresh token that is no longer valid. */
  | 'NotAuthorizedException'
  /** The refresh token was revoked. */
  | 'TokenRevokedException'
  /** No such user. */
  | 'UserNotFoundException'
  /** The user must reset the password. */
  | 'PasswordResetRequiredException'
  /** The user has not confirmed the sign-up. */
  | 'UserNotConfirmedException'
  /** A rotated refresh token was used again. */
  | 'RefreshTokenReuseException'
  /** The code has expired. */
  | 'ExpiredCodeException'
  /** The endpoint does not know the operation (no `GetTokensFromRefreshToken`). */
  | 'UnknownOperationException'
  /** The identity pool does not know the identity id. */
  | 'ResourceNotFoundException'
  /** `VerifySoftwareToken` did not succeed. */
  | 'EnableSoftwareTokenMFAException'
  /** The hosted-UI sign-in failed. */
  | 'OAuthSignInException'
  /** The request did not complete. */
  | 'NetworkError'
  /** The host gave up waiting for the response. */
  | 'TimeoutError'
  /** The response body is not JSON. */
  | 'UnexpectedResponseException'
  /** The response body is JSON of the wrong shape. */
  | 'MalformedResponseException'
  /** The response body is too long to read. */
  | 'ResponseTooLargeException'
  /** The SRP values are unusable. */
  | 'SrpException'
  /** A user is already signed in. */
  | 'UserAlreadyAuthenticatedException'
  /** Nobody is signed in. */
  | 'UserUnAuthenticatedException'
  /** Cognito asked for a challenge this client does not answer. */
  | 'UnexpectedChallengeException'
  /** The sign-in was interrupted by another. */
  | 'UnexpectedSignInInterruptionException'
  /** The configuration is unusable. */
  | 'AuthUserPoolException'
  /** No sign-in waits for an answer. */
  | 'SignInException'
  /** The remembered device is gone. */
  | 'DeviceMetadataNotFoundException'
  /** The host gave too few random bytes. */
  | 'InsufficientRandomException'
  /** Auto sign-in after sign-up failed. */
  | 'AutoSignInException'
  /** Any other name, as Cognito wrote it. */
  | (string & {});
