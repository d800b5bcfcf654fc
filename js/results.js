// Amplify v6's result shapes, made from the machine's JSON-shaped outputs: JWT objects
// with toString(), Dates, getSetupUri().

import { totpSetupUri } from './wasm/cognito_headless.js';

/**
 * @typedef {import('./index.d.ts').AWSCredentials} AWSCredentials
 * @typedef {import('./index.d.ts').AuthSession} AuthSession
 * @typedef {import('./index.d.ts').AuthDevice} AuthDevice
 * @typedef {import('./index.d.ts').SignInOutput} SignInOutput
 * @typedef {import('./index.d.ts').TOTPSetupDetails} TOTPSetupDetails
 * @typedef {import('./index.d.ts').JWT} JWT
 */

/**
 * Amplify's JWT: `{ payload, toString() }`. The raw token lives in a closure, so
 * JSON.stringify / console.log of a session never prints it.
 * @param {{ jwt: string, payload: Record<string, unknown> }} out
 * @returns {JWT}
 */
export function toJwt(out) {
  const raw = out.jwt;
  return { payload: /** @type {JWT['payload']} */ (out.payload), toString: () => raw };
}

/**
 * AWS credentials as Amplify returns them (`expiration` as a Date).
 * @param {import('./wire.js').CredentialsOut | undefined} c
 * @returns {AWSCredentials | undefined}
 */
export function toCredentials(c) {
  if (!c) return undefined;
  /** @type {Omit<AWSCredentials, 'expiration'> & { expiration?: number | Date }} */
  const out = { ...c };
  if (typeof c.expiration === 'number') out.expiration = new Date(c.expiration);
  else delete out.expiration;
  return /** @type {AWSCredentials} */ (out);
}

/**
 * `fetchAuthSession`'s result (the machine's output is wire.d.ts's `AuthSession`).
 * @param {unknown} value
 * @returns {AuthSession}
 */
export function toSession(value) {
  const v = /** @type {import('./wire.js').AuthSession} */ (value || {});
  const tokens = v.tokens;
  return {
    ...v,
    tokens: tokens
      ? {
          accessToken: toJwt(tokens.accessToken),
          idToken: tokens.idToken ? toJwt(tokens.idToken) : undefined,
          signInDetails: tokens.signInDetails ? { ...tokens.signInDetails } : undefined,
        }
      : undefined,
    credentials: toCredentials(v.credentials),
    identityId: v.identityId ?? undefined,
    userSub: v.userSub ?? undefined,
  };
}

/**
 * A command's output (`null`, Rust's `Done`) as `undefined`: the operations that resolve
 * with nothing.
 * @param {unknown} value @returns {undefined}
 */
export const toUndefined = (value) => /** @type {undefined} */ (value === null ? undefined : value);
/** Drops undefined/null fields (the machine reads absent fields as defaults). @param {unknown} o */
export const clean = (o) => {
  if (!o || typeof o !== 'object') return {};
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null) out[k] = v;
  return out;
};
/**
 * The machine's output as it is: for the account calls its JSON is already Amplify's
 * result shape (wire.d.ts's `Output` says `unknown`: auth.js names the type per call).
 * @param {unknown} value
 */
export const identity = (value) => value;

/**
 * Amplify's `getSetupUri(appName, accountName)`: the `otpauth://` URI an authenticator app
 * scans, built by the machine's one `totp_setup_uri` (src/url.rs; the wasm is loaded: a
 * TOTP secret only comes from it).
 * @param {string} secret
 */
export function setupUri(secret) {
  return (/** @type {string} */ appName, /** @type {string} */ accountName) =>
    new URL(totpSetupUri(secret, appName, accountName ?? ''));
}

/** `setUpTOTP`'s result with `getSetupUri`. @param {unknown} out @returns {TOTPSetupDetails} */
export function toTotpSetup(out) {
  const { sharedSecret } = /** @type {import('./wire.js').TotpSetupDetails} */ (out);
  return { sharedSecret, getSetupUri: setupUri(sharedSecret) };
}

/**
 * A device with `Date`s (the machine gives Unix ms).
 * @param {Omit<AuthDevice, 'createDate' | 'lastModifiedDate' | 'lastAuthenticatedDate'>} d
 * @returns {AuthDevice}
 */
export function toDevice(d) {
  /** @type {Record<string, unknown>} */
  const out = { ...d };
  for (const k of ['createDate', 'lastModifiedDate', 'lastAuthenticatedDate']) {
    if (typeof out[k] === 'number') out[k] = new Date(out[k]);
  }
  return /** @type {AuthDevice} */ (/** @type {unknown} */ (out));
}

/**
 * Adds Amplify's `totpSetupDetails.getSetupUri(appName, accountName)` to a sign-in result.
 * @param {unknown} value the machine's wire.d.ts `SignInOutput`
 * @returns {SignInOutput}
 */
export function toSignInOutput(value) {
  const out = /** @type {SignInOutput} */ (value);
  const step = out && out.nextStep;
  const details = /** @type {Partial<TOTPSetupDetails> | undefined} */ (step && 'totpSetupDetails' in step ? step.totpSetupDetails : undefined);
  if (details && typeof details.sharedSecret === 'string') {
    details.getSetupUri = setupUri(details.sharedSecret);
  }
  return out;
}
