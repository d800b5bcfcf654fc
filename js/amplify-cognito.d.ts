// Type declarations for cognito-headless/amplify/auth/cognito (js/amplify-cognito.js):
// `aws-amplify/auth/cognito`.

import type { AuthTokens, KeyValueStorageInterface } from './index.js';
import type { CredentialsAndIdentityId, CredentialsAndIdentityIdProvider, GetCredentialsOptions } from './amplify-types.js';

export {
  cognitoUserPoolsTokenProvider,
  signIn, confirmSignIn, signOut, fetchAuthSession, getCurrentUser, signUp, confirmSignUp, resendSignUpCode, autoSignIn,
  resetPassword, confirmResetPassword, updatePassword, setUpTOTP, verifyTOTPSetup, updateMFAPreference, fetchMFAPreference,
  fetchUserAttributes, updateUserAttributes, updateUserAttribute, confirmUserAttribute, sendUserAttributeVerificationCode,
  deleteUserAttributes, fetchDevices, rememberDevice, forgetDevice, deleteUser, signInWithRedirect,
} from './amplify.js';
export type * from './index.js';
export type * from './amplify-types.js';

/** The prefix of every user-pool storage key: `'CognitoIdentityServiceProvider'`. */
export const AUTH_KEY_PREFIX: 'CognitoIdentityServiceProvider';
/** Amplify's storage key names for one app client. */
export function createKeysForAuthStorage(provider: string, identifier: string): Record<
  'accessToken' | 'idToken' | 'oidcProvider' | 'clockDrift' | 'refreshToken' | 'deviceKey' | 'randomPasswordKey' | 'deviceGroupKey' | 'signInDetails' | 'oauthMetadata',
  string
>;
/** The credentials provider, backed by the default authenticator. */
export const cognitoCredentialsProvider: CredentialsAndIdentityIdProvider;
/** Amplify's identity id store (the default authenticator keeps the id with the session). */
export class DefaultIdentityIdStore {
  constructor(keyValueStorage?: KeyValueStorageInterface);
  setAuthConfig(authConfig: unknown): void;
  loadIdentityId(): Promise<{ id: string; type: 'primary' | 'guest' } | null>;
  storeIdentityId(identity: unknown): Promise<void>;
  clearIdentityId(): Promise<void>;
}
/** Amplify's credentials provider class, backed by the default authenticator. */
export class CognitoAWSCredentialsAndIdentityIdProvider implements CredentialsAndIdentityIdProvider {
  constructor(identityIdStore?: DefaultIdentityIdStore);
  getCredentialsAndIdentityId(options: GetCredentialsOptions): Promise<CredentialsAndIdentityId | undefined>;
  clearCredentialsAndIdentityId(): Promise<void>;
  clearCredentials(): Promise<void>;
}
/** Amplify's token store, over the default authenticator. */
export class DefaultTokenStore {
  setKeyValueStorage(storage: KeyValueStorageInterface): void;
  setAuthConfig(authConfig: unknown): void;
  loadTokens(): Promise<AuthTokens | null>;
}
/** Amplify's token orchestrator, over the default authenticator. */
export class TokenOrchestrator {
  setAuthConfig(authConfig: unknown): void;
  setAuthTokenStore(store: unknown): void;
  setTokenRefresher(refresher: unknown): void;
  getTokens(options?: { forceRefresh?: boolean }): Promise<AuthTokens | null>;
  clearTokens(): Promise<void>;
}
/** The default authenticator's session, refreshed now. */
export function refreshAuthTokens(input?: unknown): Promise<AuthTokens | null>;
export const refreshAuthTokensWithoutDedupe: typeof refreshAuthTokens;
/** A random OAuth `state` (32 characters). */
export function generateState(): string;
/** A PKCE code verifier and its S256 challenge. */
export function generateCodeVerifier(length: number): { value: string; method: 'S256'; toCodeChallenge(): string };
/** Amplify's choice of redirect URL for this page. */
export function getRedirectUrl(redirects: string[], preferredRedirectUrl?: string): string;
/** Checks an OAuth callback's `state` against the stored one. */
export function validateState(state?: string | null): Promise<string>;
