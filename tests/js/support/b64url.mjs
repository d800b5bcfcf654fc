// The tests' one base64url (and hex) helper: crafted JWTs, PKCE challenges, WebAuthn
// buffers. Plain ES module without Node APIs (btoa/atob, TextEncoder), so it runs in a
// headless Chromium page too (fake-cognito.mjs imports it there). Checked against Node's
// Buffer 'base64url' in b64url.test.mjs.

const enc = new TextEncoder();

/** The bytes of `input`: a string (its UTF-8), an ArrayBuffer, a view, or numbers. */
function bytesOf(input) {
  if (typeof input === 'string') return enc.encode(input);
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  return Uint8Array.from(input);
}

/** Base64url without padding of `input` (see bytesOf). */
export function b64url(input) {
  let bin = '';
  for (const byte of bytesOf(input)) bin += String.fromCharCode(byte);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Base64url of a value's JSON (a JWT's header or payload). */
export const b64urlJson = (value) => b64url(JSON.stringify(value));

/** The bytes of a base64url string (padding optional). */
export function fromB64url(s) {
  const b64 = s.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** Lower-case hex of `input` (see bytesOf). */
export const hex = (input) => Array.from(bytesOf(input), (b) => b.toString(16).padStart(2, '0')).join('');
