// The implementations compared by bench/run.mjs, one "SRP sign-in" each: draw a (128 random
// bytes), A = g^a and SRP_A as hex (before InitiateAuth), then u, x, g^x, S, HKDF, TIMESTAMP
// and the claim signature (the critical path from PASSWORD_VERIFIER to the response).
// Each returns [`${SRP_A} ${signature}`, ms spent on that critical path].
//
// Bundled by esbuild (platform=browser, format=esm) into bench/dist/impls.js, which both Node
// and Chromium load, so the incumbents run the same code in both.

// @aws-amplify/auth 6.21.1 internals (the package's exports map hides them; import the files).
import { getAuthenticationHelper } from './node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/getAuthenticationHelper.mjs';
import AmplifyAuthenticationHelper from './node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/AuthenticationHelper/AuthenticationHelper.mjs';
import AmplifyBigInteger from './node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/BigInteger/BigInteger.mjs';
import { calculateA } from './node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/calculate/calculateA.mjs';
import { getSignatureString } from './node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/getSignatureString.mjs';
import { getNowString } from './node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/getNowString.mjs';
import { INIT_N } from './node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/constants.mjs';
// amazon-cognito-identity-js 6.3.21: its AuthenticationHelper, plus the signature step exactly
// as CognitoUser.authenticateUserDefaultAuth computes it (Buffer + its own @aws-crypto/sha256-js).
import AcijAuthenticationHelper from './node_modules/amazon-cognito-identity-js/es/AuthenticationHelper.js';
import AcijBigInteger from './node_modules/amazon-cognito-identity-js/es/BigInteger.js';
import AcijDateHelper from './node_modules/amazon-cognito-identity-js/es/DateHelper.js';
import { Sha256 as AcijSha256 } from './node_modules/amazon-cognito-identity-js/node_modules/@aws-crypto/sha256-js/build/index.js';
import { Buffer } from 'buffer';
// The plain-BigInt baseline hashes with the same SHA-256 as Amplify.
import { Sha256 } from '@aws-crypto/sha256-js';

const hexOf = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const randomHex = (n) => hexOf(crypto.getRandomValues(new Uint8Array(n)));

/// Fixed, realistic challenge parameters (B and salt as Cognito sends them: unpadded hex).
export function makeParams() {
  const N = BigInt('0x' + INIT_N);
  // A random B in [1, N), as Cognito's B = k·v + g^b mod N is indistinguishable from one.
  let b = 0n;
  while (b === 0n) b = BigInt('0x' + randomHex(400)) % N;
  const secret = crypto.getRandomValues(new Uint8Array(1100));
  let bin = '';
  for (const c of secret) bin += String.fromCharCode(c);
  return {
    userPoolId: 'us-east-1_AbCdEf123',
    poolName: 'AbCdEf123',
    userId: 'b4e8c1a2-93d1-4c5e-8f70-2a6b9d3e1f05',
    password: 'correct horse battery staple 42!',
    saltHex: BigInt('0x' + randomHex(16)).toString(16),
    bHex: b.toString(16),
    secretBlock: btoa(bin),
  };
}

/// The check uses this time; its TIMESTAMP string is `CHECK_TIMESTAMP`.
export const CHECK_NOW_MS = 1772528707000;
export const CHECK_TIMESTAMP = 'Tue Mar 3 09:05:07 UTC 2026';

// ---------------------------------------------------------------- ours (wasm)
/**
 * Ours, drawing `aBytes` random bytes for `a`: 32 (a 256-bit `a`, what the package draws,
 * see SECURITY.md) or 128 (Amplify's 1024-bit `a`, like for like). The agreement check
 * passes the same fixed 128-byte `a` to every implementation.
 */
export function oursImpl(mod, aBytes = 32) {
  if (!mod.srpBenchStart) {
    // Older builds (the lever variants) export only the one-call srpBench.
    return (p, aHex, nowMs) => [mod.srpBench(aHex ?? randomHex(aBytes), p.userPoolId, p.userId,
      p.password, p.saltHex, p.bHex, p.secretBlock, nowMs ?? Date.now()), NaN];
  }
  return (p, aHex, nowMs) => {
    const srpA = mod.srpBenchStart(aHex ?? randomHex(aBytes));
    const t0 = performance.now();
    const sig = mod.srpBenchFinish(p.userPoolId, p.userId, p.password, p.saltHex, p.bHex,
      p.secretBlock, nowMs ?? Date.now());
    return [`${srpA} ${sig}`, performance.now() - t0];
  };
}

// ---------------------------------------------------------------- @aws-amplify/auth
export async function amplify(p, aHex, nowMs) {
  let helper;
  if (aHex === undefined) {
    helper = await getAuthenticationHelper(p.poolName); // draws a, computes A
  } else {
    const N = new AmplifyBigInteger(INIT_N, 16);
    const g = new AmplifyBigInteger('2', 16);
    const a = new AmplifyBigInteger(aHex, 16);
    const A = await calculateA({ a, g, N });
    helper = new AmplifyAuthenticationHelper({ userPoolName: p.poolName, a, g, A, N });
  }
  const srpA = helper.A.toString(16);
  // handlePasswordVerifierChallenge:
  const t0 = performance.now();
  const hkdf = await helper.getPasswordAuthenticationKey({
    username: p.userId,
    password: p.password,
    serverBValue: new AmplifyBigInteger(p.bHex, 16),
    salt: new AmplifyBigInteger(p.saltHex, 16),
  });
  const dateNow = nowMs === undefined ? getNowString() : CHECK_TIMESTAMP;
  const sig = getSignatureString({
    userPoolName: p.poolName,
    username: p.userId,
    challengeParameters: { SECRET_BLOCK: p.secretBlock },
    dateNow,
    hkdf,
  });
  return [`${srpA} ${sig}`, performance.now() - t0];
}

// ---------------------------------------------------------------- amazon-cognito-identity-js
export function acij(p, aHex, nowMs) {
  const helper = new AcijAuthenticationHelper(p.poolName); // draws a, computes A
  if (aHex !== undefined) {
    helper.smallAValue = new AcijBigInteger(aHex, 16);
    helper.largeAValue = undefined;
  }
  return new Promise((resolve, reject) => {
    helper.getLargeAValue((errA, largeA) => {
      if (errA) return reject(errA);
      const srpA = largeA.toString(16);
      const t0 = performance.now();
      const serverB = new AcijBigInteger(p.bHex, 16);
      const salt = new AcijBigInteger(p.saltHex, 16);
      helper.getPasswordAuthenticationKey(p.userId, p.password, serverB, salt, (err, hkdf) => {
        if (err) return reject(err);
        const dateNow = nowMs === undefined ? new AcijDateHelper().getNowString() : CHECK_TIMESTAMP;
        const concat = Buffer.concat([
          Buffer.from(p.poolName, 'utf8'),
          Buffer.from(p.userId, 'utf8'),
          Buffer.from(p.secretBlock, 'base64'),
          Buffer.from(dateNow, 'utf8'),
        ]);
        const h = new AcijSha256(hkdf);
        h.update(concat);
        const sig = Buffer.from(h.digestSync()).toString('base64');
        resolve([`${srpA} ${sig}`, performance.now() - t0]);
      });
    });
  });
}

// ---------------------------------------------------------------- plain V8 BigInt
const N_BIG = BigInt('0x' + INIT_N);
const G_BIG = 2n;

function modPow(base, exp, m) {
  // Left-to-right binary square-and-multiply, nothing else.
  const bits = exp.toString(2);
  let r = 1n;
  base %= m;
  for (let i = 0; i < bits.length; i++) {
    r = (r * r) % m;
    if (bits.charCodeAt(i) === 49) r = (r * base) % m;
  }
  return r;
}
function padHex(n) {
  const h = n.toString(16);
  if (h.length % 2 === 1) return '0' + h;
  return '89abcdef'.includes(h[0]) ? '00' + h : h;
}
function bytesFromHex(h) {
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.substr(i * 2, 2), 16);
  return out;
}
function sha(data, key) {
  const h = new Sha256(key);
  h.update(data);
  return h.digestSync();
}
const hexHash = (h) => hexOf(sha(bytesFromHex(h)));
const K_BIG = BigInt('0x' + hexHash(padHex(N_BIG) + padHex(G_BIG)));
const INFO = new TextEncoder().encode('Caldera Derived Key\u0001');

export function bigint(p, aHex, nowMs) {
  const a = BigInt('0x' + (aHex ?? randomHex(128)));
  const A = modPow(G_BIG, a, N_BIG);
  const srpA = A.toString(16);
  const t0 = performance.now();
  const B = BigInt('0x' + p.bHex);
  if (B % N_BIG === 0n) throw new Error('B is zero');
  const u = BigInt('0x' + hexHash(padHex(A) + padHex(B)));
  const inner = hexOf(sha(new TextEncoder().encode(`${p.poolName}${p.userId}:${p.password}`)));
  const x = BigInt('0x' + hexHash(padHex(BigInt('0x' + p.saltHex)) + inner));
  const gx = modPow(G_BIG, x, N_BIG);
  const base = (((B - K_BIG * gx) % N_BIG) + N_BIG) % N_BIG;
  const S = modPow(base, a + u * x, N_BIG);
  const prk = sha(bytesFromHex(padHex(S)), bytesFromHex(padHex(u)));
  const key = sha(INFO, prk).slice(0, 16);
  const dateNow = nowMs === undefined ? getNowString() : CHECK_TIMESTAMP;
  const enc = new TextEncoder();
  const block = Uint8Array.from(atob(p.secretBlock), (c) => c.charCodeAt(0));
  const msg = new Uint8Array([...enc.encode(p.poolName), ...enc.encode(p.userId), ...block, ...enc.encode(dateNow)]);
  let bin = '';
  for (const c of sha(msg, key)) bin += String.fromCharCode(c);
  return [`${srpA} ${btoa(bin)}`, performance.now() - t0];
}

// ---------------------------------------------------------------- harness
/// Same fixed a, same inputs: every implementation must produce the same SRP_A and signature.
export async function check(impls, p) {
  const aHex = randomHex(128);
  const out = {};
  for (const [name, fn] of Object.entries(impls)) [out[name]] = await fn(p, aHex, CHECK_NOW_MS);
  const values = Object.values(out);
  const ok = values.every((v) => v === values[0]) && !values[0].startsWith('error');
  return { ok, out };
}

function quantile(sorted, q) {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/// Warm-up, then `runs` rounds; each round runs every implementation once, in an order that
/// rotates from round to round, so drift and noise on a shared machine hit all alike.
export async function runSuite(impls, p, { warmup = 8, runs = 61 } = {}) {
  const names = Object.keys(impls);
  const first = {};
  for (const name of names) {
    const t0 = performance.now();
    await impls[name](p);
    first[name] = performance.now() - t0;
  }
  for (let w = 1; w < warmup; w++) for (const name of names) await impls[name](p);
  const times = Object.fromEntries(names.map((n) => [n, []]));
  const verifier = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < runs; r++) {
    for (let j = 0; j < names.length; j++) {
      const name = names[(r + j) % names.length];
      const t0 = performance.now();
      const [, critical] = await impls[name](p);
      times[name].push(performance.now() - t0);
      verifier[name].push(critical);
    }
  }
  const result = {};
  for (const name of names) {
    const s = times[name].slice().sort((x, y) => x - y);
    const v = verifier[name].slice().sort((x, y) => x - y);
    result[name] = {
      runs: s.length,
      first: first[name],
      median: quantile(s, 0.5),
      p10: quantile(s, 0.1),
      p90: quantile(s, 0.9),
      min: s[0],
      verifierMedian: quantile(v, 0.5),
      verifierP10: quantile(v, 0.1),
      verifierP90: quantile(v, 0.9),
    };
  }
  return result;
}

export { INIT_N };
