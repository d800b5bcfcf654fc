// RFC 6238 TOTP codes (SHA-1, 6 digits, 30-second steps) for tests that answer a TOTP
// challenge or finish TOTP setup from the secret the app showed. Independent of the
// library: Node's own HMAC.
import { createHmac } from 'node:crypto';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** RFC 4648 base32 (padding and white space ignored) to bytes. */
export function base32Decode(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of s.replace(/=+$/, '').replace(/\s+/g, '').toUpperCase()) {
    const i = alphabet.indexOf(c);
    if (i < 0) throw new Error(`not base32: ${c}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** The code for `secret` (base32) at `unixSeconds`. */
export function totpAt(secret, unixSeconds) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const digest = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  return String((digest.readUInt32BE(offset) & 0x7fffffff) % 1000000).padStart(6, '0');
}

/** The current code; waits for the next 30-second window when fewer than 5 s remain. */
export async function totpNow(secret) {
  const left = 30000 - (Date.now() % 30000);
  if (left < 5000) await sleep(left + 250);
  return totpAt(secret, Date.now() / 1000);
}
