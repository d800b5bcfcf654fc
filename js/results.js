// Amplify v6's result shapes, made from the machine's JSON-shaped outputs: JWT objects
// with toString(), Dates, getSetupUri().

/**
 * Amplify's JWT: `{ payload, toString() }`. The raw token lives in a closure, so
 * JSON.stringify / console.log of a session never prints it.
 * @param {{ jwt: string, payload: Record<string, unknown> }} out
 */
export function toJwt(out) {
  const raw = out.jwt;
  return { payload: out.payload, toString: () => raw };
}

/**
 * AWS credentials as Amplify returns them (`expiration` as a Date).
 * @param {any} c
 */
export function toCredentials(c) {
  if (!c) return undefined;
  const out = { ...c };
  if (typeof c.expiration === 'number') out.expiration = new Date(c.expiration);
  else delete out.expiration;
  return out;
}

/** @param {any} value */
export function toSession(value) {
  const v = value || {};
  const tokens = v.tokens;
  return {
    ...v,
    tokens: tokens
      ? {
          accessToken: toJwt(tokens.accessToken),
          idToken: tokens.idToken ? toJwt(tokens.idToken) : undefined,
        }
      : undefined,
    credentials: toCredentials(v.credentials),
    identityId: v.identityId ?? undefined,
    userSub: v.userSub ?? undefined,
  };
}

/** @param {any} value */
export const toUndefined = (value) => (value === null ? undefined : value);
/** Drops undefined/null fields (the machine reads absent fields as defaults). @param {any} o */
export const clean = (o) => {
  if (!o || typeof o !== 'object') return {};
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null) out[k] = v;
  return out;
};
/** @param {any} value */
export const identity = (value) => value;

/**
 * Amplify's `getSetupUri(appName, accountName)`: the `otpauth://` URI an authenticator app
 * scans.
 * @param {string} secret
 */
export function setupUri(secret) {
  return (/** @type {string} */ appName, /** @type {string} */ accountName) =>
    new URL(
      `otpauth://totp/${encodeURIComponent(appName)}:${encodeURIComponent(accountName ?? '')}` +
        `?secret=${encodeURIComponent(secret)}&issuer=${encodeURIComponent(appName)}`,
    );
}

/** `setUpTOTP`'s result with `getSetupUri`. @param {any} out */
export function toTotpSetup(out) {
  return { sharedSecret: out.sharedSecret, getSetupUri: setupUri(out.sharedSecret) };
}

/** A device with `Date`s. @param {any} d */
export function toDevice(d) {
  const out = { ...d };
  for (const k of ['createDate', 'lastModifiedDate', 'lastAuthenticatedDate']) {
    if (typeof out[k] === 'number') out[k] = new Date(out[k]);
  }
  return out;
}

/**
 * Adds Amplify's `totpSetupDetails.getSetupUri(appName, accountName)` to a sign-in result.
 * @param {any} out
 */
export function toSignInOutput(out) {
  const details = out && out.nextStep && out.nextStep.totpSetupDetails;
  if (details && typeof details.sharedSecret === 'string') {
    details.getSetupUri = setupUri(details.sharedSecret);
  }
  return out;
}
