// Amplify's type names that js/index.d.ts does not declare itself, for the drop-in's
// modules (cognito-headless/amplify/auth, …/auth/cognito): each one the shape our
// function takes or gives. (tests/js/amplify-modules.test.mjs checks that every type
// name aws-amplify's modules export exists in ours.)

import type {
  Auth,
  AuthTokens,
  AWSCredentials,
  KeyValueStorageInterface,
  FetchAuthSessionOptions,
} from './index.js';

type In<K extends keyof Auth> = Auth[K] extends (input: infer I, ...rest: never[]) => unknown ? I : never;
type Out<K extends keyof Auth> = Auth[K] extends (...args: never[]) => Promise<infer R> ? R : never;

export type ConfirmResetPasswordInput = In<'confirmResetPassword'>;
export type ConfirmSignInOutput = Out<'confirmSignIn'>;
export type ConfirmSignUpInput = In<'confirmSignUp'>;
export type ConfirmSignUpOutput = Out<'confirmSignUp'>;
export type ConfirmUserAttributeInput = In<'confirmUserAttribute'>;
export type DeleteUserAttributesInput = In<'deleteUserAttributes'>;
export type DeleteWebAuthnCredentialInput = In<'deleteWebAuthnCredential'>;
export type FetchDevicesOutput = Out<'fetchDevices'> extends infer D ? (D extends unknown[] ? D : never) : never;
export type FetchMFAPreferenceOutput = Out<'fetchMFAPreference'>;
export type FetchUserAttributesOutput = Out<'fetchUserAttributes'>;
export type ForgetDeviceInput = In<'forgetDevice'>;
export type GetCurrentUserOutput = Out<'getCurrentUser'>;
export type ListWebAuthnCredentialsInput = In<'listWebAuthnCredentials'>;
export type ResendSignUpCodeInput = In<'resendSignUpCode'>;
export type ResendSignUpCodeOutput = Out<'resendSignUpCode'>;
export type ResetPasswordInput = In<'resetPassword'>;
export type SendUserAttributeVerificationCodeInput = In<'sendUserAttributeVerificationCode'>;
export type SendUserAttributeVerificationCodeOutput = Out<'sendUserAttributeVerificationCode'>;
export type SetUpTOTPOutput = Out<'setUpTOTP'>;
export type UpdateMFAPreferenceInput = In<'updateMFAPreference'>;
export type UpdatePasswordInput = In<'updatePassword'>;
export type UpdateUserAttributeInput = In<'updateUserAttribute'>;
export type UpdateUserAttributesInput = In<'updateUserAttributes'>;
export type UpdateUserAttributesOutput = Out<'updateUserAttributes'>;
export type VerifyTOTPSetupInput = In<'verifyTOTPSetup'>;

/** Cognito's standard attributes, or a `custom:` one (Amplify's `UserAttributeKey`). */
export type UserAttributeKey =
  | 'address' | 'birthdate' | 'email' | 'email_verified' | 'family_name' | 'gender' | 'given_name' | 'locale'
  | 'middle_name' | 'name' | 'nickname' | 'phone_number' | 'phone_number_verified' | 'picture'
  | 'preferred_username' | 'profile' | 'sub' | 'updated_at' | 'website' | 'zoneinfo'
  | `custom:${string}` | (string & {});
/** The attributes Cognito can send a verification code for. */
export type VerifiableUserAttributeKey = 'email' | 'phone_number';

/** AWS credentials and the identity id (Amplify's `CredentialsAndIdentityId`). */
export interface CredentialsAndIdentityId {
  credentials: AWSCredentials;
  identityId?: string;
}
/** What a credentials provider is asked with (Amplify's `GetCredentialsOptions`). */
export interface GetCredentialsOptions {
  authConfig?: unknown;
  tokens?: AuthTokens;
  authenticated?: boolean;
  forceRefresh?: boolean;
}
/** Amplify's credentials provider interface. */
export interface CredentialsAndIdentityIdProvider {
  getCredentialsAndIdentityId(getCredentialsOptions: GetCredentialsOptions): Promise<CredentialsAndIdentityId | undefined>;
  clearCredentialsAndIdentityId(): void | Promise<void>;
}
/** Amplify's token provider interface. */
export interface TokenProvider {
  getTokens(options?: FetchAuthSessionOptions): Promise<AuthTokens | null>;
}
/** `cognitoUserPoolsTokenProvider`'s type. */
export interface CognitoUserPoolTokenProviderType extends TokenProvider {
  setKeyValueStorage(storage: KeyValueStorageInterface): void;
}

