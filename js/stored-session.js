// The stored session read in JS, before the wasm has loaded: a returning user is known
// (getCurrentUser, fetchAuthSession while the tokens are valid, the snapshot's authStatus
// and user) without waiting for the machine.
//
// It reads exactly what the machine's restore reads, in the same order (LastAuthUser, the
// waiting sign-in step, the guest identity id; then the user's token and device keys), and
// decides with the machine's rules (src/session/tokens.rs, src/session/jwt.rs,
// src/machine/session_ops.rs, src/machine/view.rs): the same JWT decoding, the same drift
// (Amplify v6's ms, or amazon-cognito-identity-js's seconds of the other sign), the same
// 5 s tolerance. tests/js/stored-session-diff.test.mjs keeps the two identical. Whatever it
// is unsure of (a corrupt session the machine would clean up, a waiting sign-in step) it
// reports as `settled: false`, and createAuth waits for the machine as before. It never
// writes: the machine stays the only writer.

import { report } from './errors.js';
import { decodeBase64UrlStrict } from './base64url.js';

/** Amplify's prefix for user-pool keys. */
const PREFIX = 'CognitoIdentityServiceProvider';
/** The machine's tolerance: a token within 5 s of expiry counts as expired. */
export const EXPIRY_TOLERANCE_MS = 5000;
/** The keys the machine loads per user, in its order (USER_TOKEN_KEYS, USER_DEVICE_KEYS). */
const USER_KEYS = ['accessToken', 'idToken', 'refreshToken', 'clockDrift', 'signInDetails', 'oauthMetadata', 'deviceKey', 'deviceGroupKey', 'randomPasswordKey'];
const I64_MAX = 9223372036854775807;
const I64_MIN = -9223372036854775808;

/** getCurrentUser's error when nobody is signed in (the machine's AuthError::Unauthenticated). */
export const UNAUTHENTICATED = Object.freeze({
  name: 'UserUnAuthenticatedException',
  message: 'User needs to be authenticated to call this API.',
  recoverySuggestion: 'Sign in before calling this API.',
});

/** Rust's `str::trim`: Unicode White_Space (JS's trim also strips U+FEFF, Rust's keeps it). */
const RUST_WS = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;
/** @param {string} s */
const rustTrim = (s) => s.replace(RUST_WS, '');

/** Rust's `f64 as i64`: truncation, saturating, NaN → 0. @param {number} f */
function asI64(f) {
  if (Number.isNaN(f)) return 0;
  if (f >= I64_MAX) return I64_MAX;
  if (f <= I64_MIN) return I64_MIN;
  return Math.trunc(f) || 0;
}

/** Rust's `str::parse::<f64>` (src/json/float.rs): decimal grammar, inf/infinity/nan. @param {string} s */
function parseF64(s) {
  let body = s;
  let negative = false;
  if (body[0] === '-' || body[0] === '+') {
    negative = body[0] === '-';
    body = body.slice(1);
  }
  const lower = body.toLowerCase();
  if (lower === 'inf' || lower === 'infinity') return negative ? -Infinity : Infinity;
  if (lower === 'nan') return NaN;
  if (!/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(body)) return undefined;
  const v = Number(body);
  return negative ? -v : v;
}

const utf8 = typeof TextDecoder === 'function' ? new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }) : undefined;

/**
 * src/session/jwt.rs's `Jwt::parse`: three parts, a base64url payload that is a JSON
 * object. Undefined when it is not one.
 * @param {string} raw
 * @returns {{ jwt: string, payload: Record<string, unknown> } | undefined}
 */
export function parseJwt(raw) {
  const parts = raw.split('.');
  if (parts.length !== 3) return undefined;
  const bytes = decodeBase64UrlStrict(parts[1]);
  if (!bytes || !utf8) return undefined;
  let payload;
  try {
    payload = JSON.parse(utf8.decode(bytes));
  } catch {
    return undefined;
  }
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
  return { jwt: raw, payload };
}

/** A numeric claim as the machine reads it (i64, or f64 truncated). @param {Record<string, unknown>} payload @param {string} name */
function numberClaim(payload, name) {
  const v = payload[name];
  return typeof v === 'number' ? asI64(v) : undefined;
}

/** @param {Record<string, unknown>} payload @param {string} name */
function stringClaim(payload, name) {
  const v = payload[name];
  return typeof v === 'string' ? v : undefined;
}

/** Saturating i64 arithmetic on doubles (exact for the values tokens carry). @param {number} v */
const sat = (v) => (v > I64_MAX ? I64_MAX : v < I64_MIN ? I64_MIN : v);

/**
 * The last time (ms) at which the tokens are not expired (Tokens::valid_until), or
 * undefined when a token has no `exp`.
 * @param {{ payload: Record<string, unknown> }} access @param {{ payload: Record<string, unknown> } | undefined} id @param {number} driftMs
 */
export function validUntil(access, id, driftMs) {
  /** @param {{ payload: Record<string, unknown> }} t */
  const until = (t) => {
    const exp = numberClaim(t.payload, 'exp');
    return exp === undefined ? undefined : sat(sat(sat(exp * 1000) - driftMs) - EXPIRY_TOLERANCE_MS);
  };
  const a = until(access);
  if (a === undefined) return undefined;
  if (!id) return a;
  const i = until(id);
  return i === undefined ? undefined : Math.min(a, i);
}

/** SignInDetails' FromJson: an object whose loginId/authFlowType are strings or null. @param {string} text */
function parseSignInDetails(text) {
  let v;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  /** @type {import('./wire.js').SignInDetails} */
  const out = {};
  for (const name of /** @type {const} */ (['loginId', 'authFlowType'])) {
    const x = v[name];
    if (x === undefined || x === null) continue;
    if (typeof x !== 'string') return undefined;
    out[name] = x;
  }
  return out;
}

/**
 * The stored clock drift in ms, server minus local, as StoredSession::from_storage reads it:
 * Amplify v6 (which writes `signInDetails` or `oauthMetadata`) stores ms, server minus
 * local; amazon-cognito-identity-js stores seconds, local minus server.
 * @param {(name: string) => string | undefined} get a user key's non-empty value
 */
export function storedDriftMs(get) {
  const driftText = get('clockDrift');
  let stored = driftText === undefined ? undefined : parseF64(rustTrim(driftText));
  if (stored === undefined || !Number.isFinite(stored)) stored = 0;
  const writtenByV6 = get('signInDetails') !== undefined || get('oauthMetadata') !== undefined;
  return writtenByV6 ? asI64(stored) : asI64(-stored * 1000);
}

/**
 * StoredSession::from_storage over the loaded values, then what the machine reports:
 * undefined when it would refuse the session (and clean it up).
 * @param {string} username
 * @param {(name: string) => string | undefined} get a user key's non-empty value
 */
export function sessionFrom(username, get) {
  const accessRaw = get('accessToken');
  if (accessRaw === undefined) return undefined;
  const access = parseJwt(accessRaw);
  if (!access) return undefined;
  const idRaw = get('idToken');
  const id = idRaw === undefined ? undefined : parseJwt(idRaw);
  if (idRaw !== undefined && !id) return undefined;
  const accessSub = stringClaim(access.payload, 'sub');
  const idSub = id ? stringClaim(id.payload, 'sub') : undefined;
  if (accessSub !== undefined && idSub !== undefined && accessSub !== idSub) return undefined;
  const driftMs = storedDriftMs(get);
  const detailsText = get('signInDetails');
  const signInDetails = detailsText === undefined ? undefined : parseSignInDetails(detailsText);
  // The machine's auth_user: the id token's `cognito:username`, else the access token's
  // `username` (Jwt::username reads `username` first), else the stored name.
  const claimName = (/** @type {Record<string, unknown>} */ p) => stringClaim(p, 'username') ?? stringClaim(p, 'cognito:username');
  const shownName = (id ? claimName(id.payload) : undefined) ?? claimName(access.payload) ?? username;
  /** @type {import('./wire.js').AuthUser} */
  const user = { username: shownName, userId: idSub ?? accessSub ?? '' };
  if (signInDetails) user.signInDetails = signInDetails;
  /** @type {import('./wire.js').SessionTokens} */
  const tokens = { accessToken: access };
  if (id) tokens.idToken = id;
  if (signInDetails) tokens.signInDetails = { ...signInDetails };
  return { user, tokens, until: validUntil(access, id, driftMs) };
}

/**
 * Reads the stored session the way the machine's restore does.
 * @param {{ getItem(key: string): unknown }} storage
 * @param {{ userPoolClientId: string, identityKey?: string, allowGuestAccess?: boolean }} where
 * @returns {Promise<{
 *   settled: boolean,
 *   view?: import('./wire.js').View,
 *   values: Map<string, string | null>,
 *   loads: string[][],
 * }>}
 *   `values`: every key read (the machine's own loads are answered from them); `loads`:
 *   the key lists, in the machine's order.
 */
export async function readStoredSession(storage, { userPoolClientId, identityKey, allowGuestAccess }) {
  const client = `${PREFIX}.${userPoolClientId}`;
  /** @type {Map<string, string | null>} */
  const values = new Map();
  /** @type {string[][]} */
  const loads = [];
  /** @param {string[]} keys */
  const load = async (keys) => {
    loads.push(keys);
    for (const key of keys) {
      let v = null;
      try {
        const got = await storage.getItem(key);
        v = got === null || got === undefined ? null : String(got);
      } catch (e) {
        report(`storage.getItem(${JSON.stringify(key)}) failed; treating it as absent`, e);
        v = null;
      }
      values.set(key, v);
    }
  };
  const lastKey = `${client}.LastAuthUser`;
  const savedKey = `${client}.signInState`;
  await load(identityKey ? [lastKey, savedKey, identityKey] : [lastKey, savedKey]);
  const last = values.get(lastKey);
  const username = last === null || last === undefined ? '' : rustTrim(last);
  if (username === '') {
    // A waiting sign-in step is the machine's to resume.
    if (values.get(savedKey) !== null) return { settled: false, values, loads };
    return { settled: true, view: signedOutView(identityKey, !!allowGuestAccess), values, loads };
  }
  // Signed in already: the machine removes a leftover sign-in step (a write): its call.
  if (values.get(savedKey) !== null) return { settled: false, values, loads };
  await load(USER_KEYS.map((name) => `${client}.${username}.${name}`));
  const session = sessionFrom(username, (name) => {
    const v = values.get(`${client}.${username}.${name}`);
    return v === null || v === undefined || v === '' ? undefined : v;
  });
  // Corrupt or partial: the machine cleans it up (writes): wait for it.
  if (!session) return { settled: false, values, loads };
  /** @type {import('./wire.js').View} */
  const view = { user: session.user };
  const credentialsDue = identityKey !== undefined && session.tokens.idToken !== undefined;
  if (session.until !== undefined && !credentialsDue) {
    /** @type {import('./wire.js').AuthSession} */
    const out = { tokens: session.tokens };
    if (session.user.userId !== '') out.userSub = session.user.userId;
    view.session = out;
    view.sessionUntil = session.until;
  }
  return { settled: true, view, values, loads };
}

/**
 * The view of a signed-out machine: getCurrentUser fails; fetchAuthSession is empty, or
 * (guest access) waits for the machine's credentials.
 * @param {string | undefined} identityKey
 * @param {boolean} guestAccess
 */
function signedOutView(identityKey, guestAccess) {
  if (identityKey !== undefined && guestAccess) return { userError: UNAUTHENTICATED };
  return { userError: UNAUTHENTICATED, session: {} };
}
