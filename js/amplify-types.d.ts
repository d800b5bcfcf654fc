// Amplify v6's auth types, by the names and shapes `aws-amplify/auth` exports (@aws-amplify/auth
// 6.21, @aws-amplify/core 6.x): code written against Amplify's types compiles against ours
// (tests/js/amplify-doc-types.test.mjs compiles one doc-style file against both). `nextStep`
// is Amplify's discriminated union on `signInStep` / `signUpStep` / `resetPasswordStep`, so
// a `switch` narrows it (`totpSetupDetails` exists on CONTINUE_SIGN_IN_WITH_TOTP_SETUP, …).
// index.d.ts re-exports these; the createAuth API uses the same types.

import type { AuthFlowType, MfaType } from './wire.js';
import type { KeyValueStorageInterface } from './storage.js';

// ------------------------------------------------------------------------- attributes

/** The attributes Cognito can verify. */
export type AuthVerifiableAttributeKey = 'email' | 'phone_number';
/** Cognito's standard attributes. */
export type AuthStandardAttributeKey =
  | 'address'
  | 'birthdate'
  | 'email_verified'
  | 'family_name'
  | 'gender'
  | 'given_name'
  | 'locale'
  | 'middle_name'
  | 'name'
  | 'nickname'
  | 'phone_number_verified'
  | 'picture'
  | 'preferred_username'
  | 'profile'
  | 'sub'
  | 'updated_at'
  | 'website'
  | 'zoneinfo'
  | AuthVerifiableAttributeKey;
/** `custom:…` and any other attribute name. */
export type CustomAttribute = string & NonNullable<unknown>;
/** A user attribute's name: a standard one or any other. */
export type UserAttributeKey = AuthStandardAttributeKey | CustomAttribute;
/** `email` or `phone_number`. */
export type VerifiableUserAttributeKey = AuthVerifiableAttributeKey;
/** Attribute name → value. */
export type AuthUserAttributes<K extends UserAttributeKey = UserAttributeKey> = Partial<Record<K, string>>;
/** One attribute to update. */
export interface AuthUserAttribute<K extends UserAttributeKey = UserAttributeKey> {
  attributeKey: K;
  value: string;
}
/** Passed to Cognito's Lambda triggers. */
export type ClientMetadata = Record<string, string>;
/** Sign-up validation data for the pre-sign-up trigger. */
export type ValidationData = Record<string, string>;

// ------------------------------------------------------------------------- steps

/** How a code was sent. */
export type AuthDeliveryMedium = 'EMAIL' | 'SMS' | 'PHONE' | 'UNKNOWN';
/** Where a code went (`destination` is masked by Cognito). */
export interface AuthCodeDeliveryDetails<K extends UserAttributeKey = UserAttributeKey> {
  destination?: string;
  deliveryMedium?: AuthDeliveryMedium;
  attributeName?: K;
}
/** Amplify's name for AuthCodeDeliveryDetails. */
export type CodeDeliveryDetails<K extends UserAttributeKey = UserAttributeKey> = AuthCodeDeliveryDetails<K>;
/** Extra parameters of a step (a custom challenge's public parameters). */
export type AuthAdditionalInfo = Record<string, string>;
/** An MFA type as Amplify names it. */
export type AuthMFAType = MfaType;
/** A first factor of the choice-based `USER_AUTH` flow. */
export type AuthFactorType = 'WEB_AUTHN' | 'EMAIL_OTP' | 'SMS_OTP' | 'PASSWORD' | 'PASSWORD_SRP';

/** A TOTP secret and its `otpauth://` URI. */
export interface AuthTOTPSetupDetails {
  sharedSecret: string;
  /** `otpauth://totp/<app>:<account>?secret=…&issuer=<app>` */
  getSetupUri(appName: string, accountName?: string): URL;
}
/** Our older name for AuthTOTPSetupDetails. */
export type TOTPSetupDetails = AuthTOTPSetupDetails;

export interface ContinueSignInWithTOTPSetup {
  signInStep: 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP';
  totpSetupDetails: AuthTOTPSetupDetails;
}
export interface ContinueSignInWithEmailSetup {
  signInStep: 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP';
}
export interface ConfirmSignInWithTOTPCode {
  signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE';
}
export interface ContinueSignInWithMFASelection {
  signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION';
  allowedMFATypes?: AuthMFAType[];
}
export interface ContinueSignInWithMFASetupSelection {
  signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION';
  allowedMFATypes?: AuthMFAType[];
}
export interface ConfirmSignInWithCustomChallenge {
  signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE';
  additionalInfo?: AuthAdditionalInfo;
}
export interface ConfirmSignInWithNewPasswordRequired<K extends UserAttributeKey = UserAttributeKey> {
  signInStep: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED';
  missingAttributes?: K[];
}
export interface ConfirmSignInWithSMSCode {
  signInStep: 'CONFIRM_SIGN_IN_WITH_SMS_CODE';
  codeDeliveryDetails?: AuthCodeDeliveryDetails;
}
export interface ConfirmSignInWithEmailCode {
  signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE';
  codeDeliveryDetails?: AuthCodeDeliveryDetails;
}
export interface ConfirmSignUpStep {
  signInStep: 'CONFIRM_SIGN_UP';
}
export interface ResetPasswordStep {
  signInStep: 'RESET_PASSWORD';
}
export interface DoneSignInStep {
  signInStep: 'DONE';
}
export interface ContinueSignInWithFirstFactorSelection {
  signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION';
  availableChallenges?: AuthFactorType[];
}
export interface ConfirmSignInWithPassword {
  signInStep: 'CONFIRM_SIGN_IN_WITH_PASSWORD';
}

/** `signIn` / `confirmSignIn`'s `nextStep`: one member per `signInStep`. */
export type AuthNextSignInStep<K extends UserAttributeKey = UserAttributeKey> =
  | ConfirmSignInWithCustomChallenge
  | ContinueSignInWithMFASelection
  | ConfirmSignInWithNewPasswordRequired<K>
  | ConfirmSignInWithSMSCode
  | ConfirmSignInWithTOTPCode
  | ConfirmSignInWithEmailCode
  | ContinueSignInWithTOTPSetup
  | ContinueSignInWithEmailSetup
  | ContinueSignInWithMFASetupSelection
  | ContinueSignInWithFirstFactorSelection
  | ConfirmSignInWithPassword
  | ConfirmSignUpStep
  | ResetPasswordStep
  | DoneSignInStep;

export interface AuthSignInOutput<K extends UserAttributeKey = UserAttributeKey> {
  isSignedIn: boolean;
  nextStep: AuthNextSignInStep<K>;
}
export type SignInOutput = AuthSignInOutput;
export type ConfirmSignInOutput = AuthSignInOutput;

export interface ConfirmSignUpSignUpStep<K extends UserAttributeKey = UserAttributeKey> {
  signUpStep: 'CONFIRM_SIGN_UP';
  codeDeliveryDetails: AuthCodeDeliveryDetails<K>;
}
export interface AutoSignInSignUpStep<K extends UserAttributeKey = UserAttributeKey> {
  signUpStep: 'COMPLETE_AUTO_SIGN_IN';
  codeDeliveryDetails?: AuthCodeDeliveryDetails<K>;
}
export interface DoneSignUpStep {
  signUpStep: 'DONE';
}
/** `signUp` / `confirmSignUp`'s `nextStep`. */
export type AuthNextSignUpStep<K extends UserAttributeKey = UserAttributeKey> =
  | ConfirmSignUpSignUpStep<K>
  | AutoSignInSignUpStep<K>
  | DoneSignUpStep;
export interface AuthSignUpOutput<K extends UserAttributeKey = UserAttributeKey> {
  isSignUpComplete: boolean;
  userId?: string;
  nextStep: AuthNextSignUpStep<K>;
}
export type SignUpOutput = AuthSignUpOutput<AuthVerifiableAttributeKey>;
export type ConfirmSignUpOutput = AuthSignUpOutput<AuthVerifiableAttributeKey>;

export type AuthResetPasswordStep = 'CONFIRM_RESET_PASSWORD_WITH_CODE' | 'DONE';
export interface AuthNextResetPasswordStep<K extends UserAttributeKey = UserAttributeKey> {
  resetPasswordStep: AuthResetPasswordStep;
  additionalInfo?: AuthAdditionalInfo;
  codeDeliveryDetails: AuthCodeDeliveryDetails<K>;
}
export interface AuthResetPasswordOutput<K extends UserAttributeKey = UserAttributeKey> {
  isPasswordReset: boolean;
  nextStep: AuthNextResetPasswordStep<K>;
}
export type ResetPasswordOutput = AuthResetPasswordOutput<AuthVerifiableAttributeKey>;

export type AuthUpdateAttributeStep = 'CONFIRM_ATTRIBUTE_WITH_CODE' | 'DONE';
export interface AuthNextUpdateAttributeStep<K extends UserAttributeKey = UserAttributeKey> {
  updateAttributeStep: AuthUpdateAttributeStep;
  codeDeliveryDetails?: AuthCodeDeliveryDetails<K>;
}
export interface AuthUpdateUserAttributeOutput<K extends UserAttributeKey = UserAttributeKey> {
  isUpdated: boolean;
  nextStep: AuthNextUpdateAttributeStep<K>;
}
export type UpdateUserAttributeOutput = AuthUpdateUserAttributeOutput<UserAttributeKey>;
export type UpdateUserAttributesOutput = Record<UserAttributeKey, AuthUpdateUserAttributeOutput<UserAttributeKey>>;

export type ResendSignUpCodeOutput = AuthCodeDeliveryDetails<AuthVerifiableAttributeKey>;
export type SendUserAttributeVerificationCodeOutput = AuthCodeDeliveryDetails<AuthVerifiableAttributeKey>;
export type SetUpTOTPOutput = AuthTOTPSetupDetails;
export type FetchUserAttributesOutput = AuthUserAttributes<UserAttributeKey>;
export interface FetchMFAPreferenceOutput {
  enabled?: AuthMFAType[];
  preferred?: AuthMFAType;
}

// ------------------------------------------------------------------------- users, devices

/** How the current user signed in. */
export interface CognitoAuthSignInDetails {
  loginId?: string;
  authFlowType?: AuthFlowType | (string & NonNullable<unknown>);
}
/** Our older name for CognitoAuthSignInDetails. */
export type AuthSignInDetails = CognitoAuthSignInDetails;
/** `getCurrentUser()`'s result and the `signedIn` event's data. */
export interface AuthUser {
  /** The access token's `username` claim (a pool that signs users in by email: the sub). */
  username: string;
  userId: string;
  signInDetails?: CognitoAuthSignInDetails;
}
export type GetCurrentUserOutput = AuthUser;

type DeviceAttributeKey = 'device_status' | 'device_name' | 'last_ip_used';
/** A remembered device. */
export interface AWSAuthDevice {
  id: string;
  name?: string;
  attributes: Partial<Record<DeviceAttributeKey, string>> & Record<string, string>;
  createDate?: Date;
  lastAuthenticatedDate?: Date;
  lastModifiedDate?: Date;
}
/** Our older name for AWSAuthDevice. */
export type AuthDevice = AWSAuthDevice;
export type FetchDevicesOutput = AWSAuthDevice[];

// ------------------------------------------------------------------------- inputs

/** Amplify's service options: any extra option is accepted. */
export type AuthServiceOptions = Record<string, unknown>;

export type SignInOptions = AuthServiceOptions & {
  authFlowType?: AuthFlowType;
  clientMetadata?: ClientMetadata;
  preferredChallenge?: AuthFactorType;
};
export interface SignInInput {
  username: string;
  password?: string;
  options?: SignInOptions;
}
export type SignInWithCustomAuthInput = SignInInput;
export type SignInWithCustomSRPAuthInput = SignInInput;
export type SignInWithSRPInput = SignInInput;
export type SignInWithUserAuthInput = SignInInput;
export type SignInWithUserPasswordInput = SignInInput;

export type ConfirmSignInOptions = AuthServiceOptions & {
  /** For `CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED`. */
  userAttributes?: AuthUserAttributes;
  clientMetadata?: ClientMetadata;
  /** The TOTP device name for `CONTINUE_SIGN_IN_WITH_TOTP_SETUP`. */
  friendlyDeviceName?: string;
};
export interface ConfirmSignInInput {
  /** The code, answer, new password, email address or selection the step asks for. */
  challengeResponse: string;
  options?: ConfirmSignInOptions;
}

export type SignUpOptions<K extends UserAttributeKey = UserAttributeKey> = {
  userAttributes?: AuthUserAttributes<K>;
  validationData?: ValidationData;
  clientMetadata?: ClientMetadata;
  /** Sign in by itself after `confirmSignUp` (call `autoSignIn()`); the password stays in memory for 3 minutes at most, never in storage. */
  autoSignIn?: SignInOptions | boolean;
};
export interface SignUpInput {
  username: string;
  password?: string;
  options?: SignUpOptions;
}
export type ConfirmSignUpOptions = AuthServiceOptions & { clientMetadata?: ClientMetadata; forceAliasCreation?: boolean };
export interface ConfirmSignUpInput {
  username: string;
  confirmationCode: string;
  options?: ConfirmSignUpOptions;
}
type WithClientMetadata = AuthServiceOptions & { clientMetadata?: ClientMetadata };
export interface ResendSignUpCodeInput {
  username: string;
  options?: WithClientMetadata;
}
export interface ResetPasswordInput {
  username: string;
  options?: WithClientMetadata;
}
export interface ConfirmResetPasswordInput {
  username: string;
  newPassword: string;
  confirmationCode: string;
  options?: WithClientMetadata;
}
export interface UpdatePasswordInput {
  oldPassword: string;
  newPassword: string;
}
export type MFAPreference = 'ENABLED' | 'DISABLED' | 'PREFERRED' | 'NOT_PREFERRED';
export interface UpdateMFAPreferenceInput {
  sms?: MFAPreference;
  totp?: MFAPreference;
  email?: MFAPreference;
}
export interface VerifyTOTPSetupInput {
  code: string;
  options?: AuthServiceOptions & { friendlyDeviceName?: string };
}
export interface UpdateUserAttributesInput {
  userAttributes: AuthUserAttributes<UserAttributeKey>;
  options?: WithClientMetadata;
}
export interface UpdateUserAttributeInput {
  userAttribute: AuthUserAttribute<UserAttributeKey>;
  options?: WithClientMetadata;
}
export interface ConfirmUserAttributeInput {
  userAttributeKey: AuthVerifiableAttributeKey;
  confirmationCode: string;
}
export interface SendUserAttributeVerificationCodeInput {
  userAttributeKey: VerifiableUserAttributeKey;
  options?: WithClientMetadata;
}
export interface DeleteUserAttributesInput {
  userAttributeKeys: [UserAttributeKey, ...UserAttributeKey[]];
}
export interface ForgetDeviceInput {
  /** The device to forget; this one when absent (its keys are removed from storage). */
  device?: { id: string; name?: string };
}
export interface SignOutInput {
  /** Sign out of every device (`GlobalSignOut`). */
  global?: boolean;
  /** With the hosted UI: which configured `redirectSignOut` URL to return to. Default: the one on this origin. */
  oauth?: { redirectUrl?: string };
}

/** Social providers by Amplify's names. */
export type AuthProvider = 'Amazon' | 'Apple' | 'Facebook' | 'Google';
/** The hosted UI's `prompt`, as Amplify spells it (sent lower case). */
export type AuthPrompt = 'NONE' | 'LOGIN' | 'CONSENT' | 'SELECT_ACCOUNT';
export interface SignInWithRedirectInput {
  /** A social provider, `{ custom: 'MyOIDC' }` (a SAML/OIDC provider name) or `{ idpIdentifier }`; the hosted UI's own page when absent. */
  provider?: AuthProvider | { custom: string; idpIdentifier?: never } | { idpIdentifier: string; custom?: never };
  /** Handed back after the redirect as the `customOAuthState` event. */
  customState?: string;
  options?: {
    /** `login_hint`. */
    loginHint?: string;
    /** `lang`: the hosted UI's language. */
    lang?: 'de' | 'en' | 'es' | 'fr' | 'id' | 'it' | 'ja' | 'ko' | 'pt-BR' | 'zh-CN' | 'zh-TW' | (string & NonNullable<unknown>);
    /** `nonce`, echoed in the id token. */
    nonce?: string;
    /** `prompt` (Amplify's upper-case values; the lower-case OIDC words are accepted too). */
    prompt?: AuthPrompt | 'none' | 'login' | 'consent' | 'select_account';
    /** React Native only in Amplify; ignored. */
    preferPrivateSession?: boolean;
    /** React Native only in Amplify; ignored. */
    authSessionOpener?: (...args: never[]) => unknown;
  };
}

// ------------------------------------------------------------------------- session

type JsonPrimitive = null | string | number | boolean;
type JsonArray = (JsonPrimitive | JsonObject | JsonArray)[];
interface JsonObject {
  [x: string]: JsonPrimitive | JsonArray | JsonObject;
}
/** A JWT's payload. */
export type JwtPayload = {
  exp?: number;
  iss?: string;
  aud?: string | string[];
  nbf?: number;
  iat?: number;
  scope?: string;
  jti?: string;
  sub?: string;
} & JsonObject;
/** Amplify's JWT: the decoded payload; `toString()` returns the encoded token. */
export interface JWT {
  payload: JwtPayload;
  toString(): string;
}
export interface AuthTokens {
  idToken?: JWT;
  accessToken: JWT;
  /** How the user signed in (`{ loginId, authFlowType }`, as stored at sign-in). */
  signInDetails?: CognitoAuthSignInDetails;
}
export interface FetchAuthSessionOptions {
  /** Refresh the tokens even when they are still valid. */
  forceRefresh?: boolean;
  /** Passed to the refresh (Cognito's Lambda triggers). */
  clientMetadata?: ClientMetadata;
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
/** `@aws-amplify/core`'s token provider interface. */
export interface TokenProvider {
  getTokens(options?: FetchAuthSessionOptions): Promise<AuthTokens | null>;
}
/** `cognitoUserPoolsTokenProvider`'s type. */
export interface CognitoUserPoolTokenProviderType extends TokenProvider {
  setKeyValueStorage(storage: KeyValueStorageInterface): void;
}
/** Credentials and the identity id they belong to. */
export interface CredentialsAndIdentityId {
  credentials: AWSCredentials;
  identityId?: string;
}
/** What a credentials provider is asked. */
export type GetCredentialsOptions =
  | { authenticated: true; forceRefresh?: boolean; authConfig: unknown; tokens: AuthTokens }
  | { authenticated: false; forceRefresh?: boolean; authConfig: unknown; tokens?: never };
/** `@aws-amplify/core`'s credentials provider interface. */
export interface CredentialsAndIdentityIdProvider {
  getCredentialsAndIdentityId(getCredentialsOptions: GetCredentialsOptions): Promise<CredentialsAndIdentityId | undefined>;
  clearCredentialsAndIdentityId(): void | Promise<void>;
}

// ------------------------------------------------------------------------- passkeys

/** One registered passkey (`listWebAuthnCredentials`). */
export interface AuthWebAuthnCredential {
  credentialId: string | undefined;
  friendlyCredentialName: string | undefined;
  relyingPartyId: string | undefined;
  authenticatorAttachment?: string;
  authenticatorTransports: string[] | undefined;
  createdAt: Date | undefined;
}
export interface ListWebAuthnCredentialsInput {
  pageSize?: number;
  nextToken?: string;
}
export interface ListWebAuthnCredentialsOutput {
  credentials: AuthWebAuthnCredential[];
  nextToken?: string;
}
export interface DeleteWebAuthnCredentialInput {
  credentialId: string;
}

// ------------------------------------------------------------------------- errors

/** An error's HTTP facts (Amplify's `ResponseMetadata`). */
export interface ResponseMetadata {
  extendedRequestId?: string;
  httpStatusCode?: number;
  requestId?: string;
}
