// The local Cognito's own signing key (moto's `cognitoidp/resources/jwks-private.json`,
// kid `dummy`, one key for every pool) as a node:crypto private key, so that a test can
// issue tokens the server must accept as the pool's: e.g. an expired access token that
// only a refresh can replace. moto ships the JWK with n, e and d only; node:crypto wants
// the CRT parameters too, which are recovered from n, e, d (the standard randomized
// factoring of n from a multiple of its Carmichael function, as in `cryptography`'s
// rsa_recover_prime_factors).
import { createPrivateKey } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

const big = (b64url) => BigInt(`0x${Buffer.from(b64url, 'base64url').toString('hex') || '0'}`);
const b64url = (n) => {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return Buffer.from(hex, 'hex').toString('base64url');
};

function modPow(base, exp, mod) {
  let result = 1n;
  let b = base % mod;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
  }
  return result;
}

function gcd(a, b) {
  while (b) [a, b] = [b, a % b];
  return a;
}

function modInverse(a, m) {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % m) + m) % m;
}

/** p and q from n, e, d. */
function recoverPrimes(n, e, d) {
  const k = d * e - 1n;
  let t = k;
  while (!(t & 1n)) t >>= 1n;
  for (let g = 2n; g < 1000n; g += 1n) {
    for (let x = modPow(g, t, n), s = t; s < k; s *= 2n) {
      const y = (x * x) % n;
      if (y === 1n && x !== 1n && x !== n - 1n) {
        const p = gcd(x - 1n, n);
        return [p, n / p];
      }
      x = y;
    }
  }
  throw new Error('could not factor the modulus');
}

/** moto's signing key from the .venv the suite's moto runs from. */
export function motoSigningKey(root) {
  const lib = path.join(root, '.venv/lib');
  const python = readdirSync(lib).find((name) => name.startsWith('python'));
  const file = path.join(lib, python, 'site-packages/moto/cognitoidp/resources/jwks-private.json.gz');
  const jwk = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'));
  const [n, e, d] = [big(jwk.n), big(jwk.e), big(jwk.d)];
  const [p, q] = recoverPrimes(n, e, d);
  const full = { kty: 'RSA', n: jwk.n, e: jwk.e, d: jwk.d, p: b64url(p), q: b64url(q), dp: b64url(d % (p - 1n)), dq: b64url(d % (q - 1n)), qi: b64url(modInverse(q, p)) };
  return { kid: jwk.kid, key: createPrivateKey({ key: full, format: 'jwk' }) };
}
