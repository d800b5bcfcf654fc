// The app's configuration: what vite.config.js injected from the environment, plus the
// choices the page keeps in its URL (?pool=mfa, ?flow=USER_PASSWORD_AUTH, ?passkeys=1), so that a
// reload or a second tab keeps them.

/* global __COGNITO_DEMO_CONFIG__ */
const injected = typeof __COGNITO_DEMO_CONFIG__ === 'object' && __COGNITO_DEMO_CONFIG__ ? __COGNITO_DEMO_CONFIG__ : {};

export const SIGN_IN_FLOWS = [
  { value: 'USER_SRP_AUTH', label: 'SRP', title: 'USER_SRP_AUTH: the password never leaves the page' },
  { value: 'USER_PASSWORD_AUTH', label: 'USER_PASSWORD_AUTH', title: 'The password is sent to Cognito (over TLS), which checks it' },
];

/** Cognito's default password policy, which the seeded local pools use too. */
export const PASSWORD_POLICY = {
  minLength: 8,
  requireLowercase: true,
  requireUppercase: true,
  requireNumbers: true,
  requireSpecialCharacters: true,
};

const params = new URLSearchParams(window.location.search);

export const demo = {
  ...injected,
  isLocal: Boolean(injected.endpoint),
  hasMfaPool: Boolean(injected.mfaUserPoolId && injected.mfaUserPoolClientId),
};

/** Which pool this page uses: 'main' or 'mfa' (the MfaConfiguration ON pool). */
export const poolChoice = params.get('pool') === 'mfa' && demo.hasMfaPool ? 'mfa' : 'main';

/** The sign-in flow the sign-in form uses. */
export const flowChoice = SIGN_IN_FLOWS.some((f) => f.value === params.get('flow')) ? params.get('flow') : 'USER_SRP_AUTH';

/** A problem with the configuration, to show instead of the app. */
export function configProblem() {
  if (!demo.userPoolId || !demo.userPoolClientId) {
    return 'COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID are not set. Start the app with `make demo` (local Cognito), or set them to your user pool and app client.';
  }
  const region = demo.userPoolId.split('_')[0];
  if (demo.region && region !== demo.region) {
    return `COGNITO_REGION is ${demo.region}, but the user pool ${demo.userPoolId} is in ${region}.`;
  }
  return undefined;
}

/** The createAuth configuration for the chosen pool. */
export function authConfig() {
  const mfa = poolChoice === 'mfa';
  return {
    userPoolId: mfa ? demo.mfaUserPoolId : demo.userPoolId,
    userPoolClientId: mfa ? demo.mfaUserPoolClientId : demo.userPoolClientId,
    identityPoolId: demo.identityPoolId,
    endpoint: demo.endpoint,
    refreshFlow: demo.refreshFlow,
    // Tabs take turns refreshing (navigator.locks): two tabs never spend the refresh token twice.
    refreshLock: true,
    signUpAttributes: ['email'],
    passwordPolicy: PASSWORD_POLICY,
    totpIssuer: 'cognito-headless demo',
    // Offer a passkey after sign-in and sign-up to users without one (the passkeyPrompt
    // route). On by default against a real pool; the local Cognito has no passkeys (the
    // prompt then never shows), so there it is opt-in with ?passkeys=1.
    passwordless: { passkeyRegistrationPrompts: !demo.isLocal || params.get('passkeys') === '1' },
  };
}

/** This page's URL with one query parameter changed (undefined removes it). */
export function urlWith(name, value) {
  const url = new URL(window.location.href);
  if (value === undefined) url.searchParams.delete(name);
  else url.searchParams.set(name, value);
  return url.pathname + url.search;
}
