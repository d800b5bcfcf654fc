// Verifying Cognito tokens on a server: RS256 signatures against the user pool's JSON Web
// Key Set, through WebCrypto (`globalThis.crypto.subtle`: Node 20, Deno, Bun, edge
// runtimes), and the claims Cognito's own docs list: `iss`, `token_use`, `client_id`
// (access) / `aud` (id), `exp` (with a clock skew).
//
// One verifier per server runner: the key set is fetched through the host's fetch when
// first needed, cached, and fetched again for a `kid` it does not know, at most once per
// `refetchIntervalMs` (a forged token naming random kids cannot make it hammer the pool);
// after a failed fetch (unreachable, not a key set), again after 5 s at the earliest.
// A token whose signature and fixed claims passed is remembered (by its text, a bounded
// number of them), so a session's next requests cost a map lookup; its expiry is checked
// on every call.

import { decodeBase64UrlStrict } from './base64url.js';

/** The longest a key set fetch may take. */
const JWKS_TIMEOUT_MS = 5000;
/** After a failed key set fetch, the next may come this much later (at most refetchIntervalMs). */
const FAILED_RETRY_MS = 5000;
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

/** base64url (strict, as the machine reads it) as bytes WebCrypto takes. @param {string} s */
const b64url = (s) => /** @type {Uint8Array<ArrayBuffer> | undefined} */ (decodeBase64UrlStrict(s));

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

/** RS256 public keys as WebCrypto imports them. */
const RS256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };

/**
 * The RS256 keys of a JWKS answer, by kid (malformed or other keys skipped).
 * @param {any} body (any: the key set's JSON, checked member by member)
 * @returns {Promise<Map<string, CryptoKey>>}
 */
async function importKeys(body) {
  const list = body && Array.isArray(body.keys) ? body.keys : [];
  /** @type {Map<string, CryptoKey>} */
  const out = new Map();
  for (const jwk of list) {
    if (!jwk || jwk.kty !== 'RSA' || typeof jwk.kid !== 'string' || typeof jwk.n !== 'string' || typeof jwk.e !== 'string') continue;
    if ((jwk.alg !== undefined && jwk.alg !== 'RS256') || (jwk.use !== undefined && jwk.use !== 'sig')) continue;
    try {
      out.set(jwk.kid, await globalThis.crypto.subtle.importKey('jwk', { kty: 'RSA', n: jwk.n, e: jwk.e, alg: 'RS256', ext: true }, RS256, false, ['verify']));
    } catch {
      // a malformed key: skipped
    }
  }
  return out;
}

/** A pool's key set: fetched when a kid is unknown, at most as often as the rate limit allows. */
class PoolKeys {
  /**
   * @param {string} jwksUri
   * @param {(url: string, init?: RequestInit) => Promise<any>} fetch
   * @param {number} refetchMs
   * @param {() => number} now
   */
  constructor(jwksUri, fetch, refetchMs, now) {
    this.jwksUri = jwksUri;
    this.fetch = fetch;
    this.refetchMs = refetchMs;
    this.now = now;
    /** @type {Map<string, CryptoKey>} */
    this.keys = new Map();
    /** When the key set may be fetched again for an unknown kid. */
    this.nextFetchAt = -Infinity;
    /** @type {Promise<void> | undefined} */
    this.fetching = undefined;
  }

  /** The key for `kid`, fetching the key set when it is unknown and the rate limit allows. @param {string} kid */
  async keyFor(kid) {
    const known = this.keys.get(kid);
    if (known) return known;
    if (!this.fetching && this.now() >= this.nextFetchAt) {
      this.fetching = this.refetch().finally(() => {
        this.fetching = undefined;
      });
    }
    if (this.fetching) await this.fetching;
    return this.keys.get(kid);
  }

  /** Fetches the key set; a failure keeps the old keys and may be retried after FAILED_RETRY_MS. */
  async refetch() {
    const started = this.now();
    this.nextFetchAt = started + Math.min(this.refetchMs, FAILED_RETRY_MS);
    try {
      /** @type {RequestInit} */
      const init = { method: 'GET', headers: { accept: 'application/json' } };
      if (typeof AbortSignal !== 'undefined' && typeof AbortSignal.timeout === 'function') init.signal = AbortSignal.timeout(JWKS_TIMEOUT_MS);
      const res = await this.fetch(this.jwksUri, init);
      if (!res || !res.ok) return;
      const next = await importKeys(await res.json());
      if (next.size > 0) {
        this.keys = next;
        this.nextFetchAt = started + this.refetchMs;
      }
    } catch {
      // unreachable or not JSON: the tokens it would have verified are not trusted
    }
  }
}

/**
 * The signature and fixed claims of `token` (time is checked by the caller).
 * @param {string} token @param {'access' | 'id'} use
 * @param {{ issuer: string, clientId: string, keys: PoolKeys }} pool
 * @returns {Promise<Verdict>}
 */
async function checkSignature(token, use, { issuer, clientId, keys }) {
  const subtle = globalThis.crypto?.subtle;
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
  const key = await keys.keyFor(header.kid);
  if (!key) return { ok: false, reason: 'kid' };
  let good = false;
  try {
    good = await subtle.verify(RS256, key, signature, encoder.encode(`${parts[0]}.${parts[1]}`));
  } catch {
    good = false;
  }
  return good ? { ok: true, payload, expired: false } : { ok: false, reason: 'signature' };
}

/**
 * A verifier of one pool client's tokens.
 * @param {VerifierOptions} options
 */
export function createTokenVerifier(options) {
  const { issuer, jwksUri, clientId } = options;
  const skewMs = (options.clockSkewSeconds ?? 60) * 1000;
  const now = options.now ?? (() => Date.now());
  const pool = { issuer, clientId, keys: new PoolKeys(jwksUri, options.fetch, options.refetchIntervalMs ?? 30000, now) };
  /** Signature and fixed claims passed: `<use> <token>` → payload. @type {Map<string, Record<string, unknown>>} */
  const verified = new Map();

  /**
   * Verifies `token` as a `use` token of this pool client.
   * @param {string} token @param {'access' | 'id'} use
   * @returns {Promise<Verdict>}
   */
  async function verify(token, use) {
    const cacheKey = `${use} ${token}`;
    let payload = verified.get(cacheKey);
    if (!payload) {
      const checked = await checkSignature(token, use, pool);
      if (!checked.ok) return checked;
      payload = checked.payload;
      if (verified.size >= VERIFIED_MAX) verified.delete(/** @type {string} */ (verified.keys().next().value));
      verified.set(cacheKey, payload);
    }
    const t = now();
    const nbf = payload.nbf;
    if (typeof nbf === 'number' && nbf * 1000 > t + skewMs) return { ok: false, reason: 'nbf' };
    return { ok: true, payload, expired: /** @type {number} */ (payload.exp) * 1000 + skewMs <= t };
  }

  return { verify, issuer, jwksUri };
}
