// tests/js/support/b64url.mjs, the tests' one base64url and hex helper, against Node's
// Buffer ('base64url', 'hex') as the independent reference: every length from 0 to 64
// (each padding case), every byte value, UTF-8 text, and the decoder's round trip.
import { describe, it, expect } from 'vitest';
import { b64url, b64urlJson, fromB64url, hex } from './support/b64url.mjs';

/** Deterministic bytes (a small LCG): the same inputs every run. */
function bytes(n, seed) {
  const out = new Uint8Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('support/b64url.mjs against Buffer', () => {
  it('encodes and decodes every length 0..64 and every byte value as Buffer does', () => {
    const inputs = [Uint8Array.from({ length: 256 }, (_, i) => i), ...Array.from({ length: 65 }, (_, n) => bytes(n, n + 1))];
    for (const input of inputs) {
      const reference = Buffer.from(input).toString('base64url');
      expect(b64url(input)).toBe(reference);
      expect(b64url(input.buffer)).toBe(reference);
      expect(b64url(Array.from(input))).toBe(reference);
      expect(Buffer.from(fromB64url(reference)).equals(Buffer.from(input))).toBe(true);
      expect(hex(input)).toBe(Buffer.from(input).toString('hex'));
    }
  });

  it('takes a string as its UTF-8 and a view at an offset as its own bytes', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'cart/42?x=1&y=ü', '🙂 ~~~ ???', JSON.stringify({ sub: 'x', exp: 1 })]) {
      expect(b64url(text)).toBe(Buffer.from(text, 'utf8').toString('base64url'));
      expect(hex(text)).toBe(Buffer.from(text, 'utf8').toString('hex'));
    }
    const big = bytes(16, 7);
    expect(b64url(big.subarray(3, 11))).toBe(Buffer.from(big.subarray(3, 11)).toString('base64url'));
    expect(b64urlJson({ kid: 'k', alg: 'RS256' })).toBe(Buffer.from('{"kid":"k","alg":"RS256"}').toString('base64url'));
  });

  it('decodes padded input as Buffer does', () => {
    for (let n = 0; n < 8; n++) {
      const padded = Buffer.from(bytes(n, 99)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
      expect(Buffer.from(fromB64url(padded)).equals(Buffer.from(bytes(n, 99)))).toBe(true);
    }
  });
});
