// Verifying Cognito tokens on a server: RS256 signatures against the user pool's JSON Web
// Key Set, through WebCrypto (`globalThis.crypto.subtle`: Node 20, Deno, Bun, edge
// runtimes), and the claims Cognito's own docs list: `iss`, `token_use`, `client_id`
// (access) / `aud` (id), `exp` (with a clock skew).
//
// One verifier per server runner: the key set is fetched through the host's fetch when
// first needed, cached, and fetched again for a `kid` it does not know, at most once per
// `refetchIntervalMs` (a forged token naming random kids cannot make it hammer the pool).
// A token whose signature and fixed claims passed is remembered (by its text, a bounded
// number of them), so a session's next requests cost a map lookup; its expiry is checked
// on every call.

/** The longest a key set fetch may take. */
const JWKS_TIMEOUT_MS = 5000;
/** Verified tokens remembered per runner. */
const VERIFIED_MAX = 2000;

/**
 * @typedef {{ ok: true, payload: Record<string, unknown>, expired: boolean } | { ok: false, reason: string }} Verdict
 * @typedef {{
 *   issuer: string,
 *   jwksUri: string,
 *   clientId: string,
 *   fetch: (url: string, init?: RequestInit) => Promise<any>,
 *   clockSkewSeconds?: number,
 *   refetchIntervalMs?: number,
 *   now?: () => number,
 * }} VerifierOptions
 */

/**
 * The issuer and key set URL of a pool: Cognito's canonical ones, or with a configured
 * endpoint (a local emulator such as moto) the key set under that endpoint; the issuer
 * stays canonical (moto writes the canonical one into its tokens) unless `issuer` is given.
 * @param {string} userPoolId
 * @param {{ endpoint?: string, issuer?: string, jwksUri?: string }} where
 */
export function poolKeySet(userPoolId, { endpoint, issuer, jwksUri }) {
  const region = userPoolId.slice(0, userPoolId.indexOf('_'));
  const canonical = `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
  const base = endpoint ? `${endpoint.replace(/\/+$/, '')}/${userPoolId}` : canonical;
  return { issuer: issuer ?? canonical, jwksUri: jwksUri ?? `${base}/.well-known/jwks.json` };
}

/** @param {string} s @returns {Uint8Array<ArrayBuffer> | undefined} */
function b64url(s) {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return undefined;
  try {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return undefined;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/** A base64url JSON object, or undefined. @param {string} part @returns {Record<string, unknown> | undefined} */
function jsonPart(part) {
  const bytes = b64url(part);
  if (!bytes) return undefined;
  try {
    const v = JSON.parse(utf8.decode(bytes));
    return v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The checks that do not depend on time: `iss`, `token_use`, the client.
 * @param {Record<string, unknown>} p @param {'access' | 'id'} use @param {string} issuer @param {string} clientId
 */
function claimsProblem(p, use, issuer, clientId) {
  if (p.iss !== issuer) return 'issuer';
  if (p.token_use !== use) return 'token_use';
  if (use === 'access' && p.client_id !== clientId) return 'client_id';
  if (use === 'id') {
    const aud = p.aud;
    if (!(aud === clientId || (Array.isArray(aud) && aud.includes(clientId)))) return 'aud';
  }
  if (typeof p.exp !== 'number' || !Number.isFinite(p.exp)) return 'exp';
  return undefined;
}

/**
 * A verifier of one pool client's tokens.
 * @param {VerifierOptions} options
 */
export function createTokenVerifier(options) {
  const { issuer, jwksUri, clientId, fetch } = options;
  const skewMs = (options.clockSkewSeconds ?? 60) * 1000;
  const refetchMs = options.refetchIntervalMs ?? 30000;
  const now = options.now ?? (() => Date.now());
  /** @type {Map<string, CryptoKey>} */
  let keys = new Map();
  let fetchedAt = -Infinity;
  /** @type {Promise<void> | undefined} */
  let fetching;
  /** Signature and fixed claims passed: `<use> <token>` → payload. @type {Map<string, Record<string, unknown>>} */
  const verified = new Map();

  const subtle = globalThis.crypto?.subtle;

  /** Fetches the key set and imports its RS256 keys; a failure keeps the old keys. */
  async function refetch() {
    fetchedAt = now();
    try {
      /** @type {RequestInit} */
      const init = { method: 'GET', headers: { accept: 'application/json' } };
      if (typeof AbortSignal !== 'undefined' && typeof AbortSignal.timeout === 'function') init.signal = AbortSignal.timeout(JWKS_TIMEOUT_MS);
      const res = await fetch(jwksUri, init);
      if (!res || !res.ok) return;
      const body = await res.json();
      const list = body && Array.isArray(body.keys) ? body.keys : [];
      /** @type {Map<string, CryptoKey>} */
      const next = new Map();
      for (const jwk of list) {
        if (!jwk || jwk.kty !== 'RSA' || typeof jwk.kid !== 'string' || typeof jwk.n !== 'string' || typeof jwk.e !== 'string') continue;
        if (jwk.alg !== undefined && jwk.alg !== 'RS256') continue;
        if (jwk.use !== undefined && jwk.use !== 'sig') continue;
        try {
          const key = await subtle.importKey('jwk', { kty: 'RSA', n: jwk.n, e: jwk.e, alg: 'RS256', ext: true }, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
          next.set(jwk.kid, key);
        } catch {
          // a malformed key: skipped
        }
      }
      if (next.size > 0) keys = next;
    } catch {
      // unreachable or not JSON: the tokens it would have verified are not trusted
    }
  }

  /** The key for `kid`, fetching the key set when it is unknown and the rate limit allows. @param {string} kid */
  async function keyFor(kid) {
    const known = keys.get(kid);
    if (known) return known;
    if (!fetching && now() - fetchedAt >= refetchMs) {
      fetching = refetch().finally(() => {
        fetching = undefined;
      });
    }
    if (fetching) await fetching;
    return keys.get(kid);
  }

  /**
   * Verifies `token` as a `use` token of this pool client.
   * @param {string} token @param {'access' | 'id'} use
   * @returns {Promise<Verdict>}
   */
  async function verify(token, use) {
    const cacheKey = `${use} ${token}`;
    let payload = verified.get(cacheKey);
    if (!payload) {
      const checked = await checkSignature(token, use);
      if (!checked.ok) return checked;
      payload = checked.payload;
      if (verified.size >= VERIFIED_MAX) verified.delete(/** @type {string} */ (verified.keys().next().value));
      verified.set(cacheKey, payload);
    }
    const t = now();
    const exp = /** @type {number} */ (payload.exp) * 1000;
    const nbf = payload.nbf;
    if (typeof nbf === 'number' && nbf * 1000 > t + skewMs) return { ok: false, reason: 'nbf' };
    return { ok: true, payload, expired: exp + skewMs <= t };
  }

  /** @param {string} token @param {'access' | 'id'} use @returns {Promise<Verdict>} */
  async function checkSignature(token, use) {
    if (!subtle) return { ok: false, reason: 'no WebCrypto' };
    const parts = typeof token === 'string' ? token.split('.') : [];
    if (parts.length !== 3) return { ok: false, reason: 'malformed' };
    const header = jsonPart(parts[0]);
    const payload = jsonPart(parts[1]);
    const signature = b64url(parts[2]);
    if (!header || !payload || !signature) return { ok: false, reason: 'malformed' };
    if (header.alg !== 'RS256' || typeof header.kid !== 'string') return { ok: false, reason: 'alg' };
    const problem = claimsProblem(payload, use, issuer, clientId);
    if (problem) return { ok: false, reason: problem };
    const key = await keyFor(header.kid);
    if (!key) return { ok: false, reason: 'kid' };
    let good = false;
    try {
      good = await subtle.verify('RSASSA-PKCS1-v1_5', key, signature, encoder.encode(`${parts[0]}.${parts[1]}`));
    } catch {
      good = false;
    }
    return good ? { ok: true, payload, expired: false } : { ok: false, reason: 'signature' };
  }

  return { verify, issuer, jwksUri };
}
