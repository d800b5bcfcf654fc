// Base64url, the one implementation in the package: WebAuthn's buffers (lenient: standard
// base64 and padding accepted), JWT payloads, and the stored-session reader's strict
// decoder (the same rules as src/b64.rs, so that JS and the machine agree on every input).

/** Base64url or standard base64, padding optional (the lenient decoder's alphabet). */
const B64_ANY = /^[A-Za-z0-9_\-+/]*={0,2}$/;

/**
 * Decodes base64url (standard base64 and padding are accepted too).
 * @param {string} s
 * @returns {Uint8Array}
 */
export function base64UrlToBytes(s) {
  if (typeof s !== 'string' || !B64_ANY.test(s)) throw new TypeError('not a base64url string');
  const b64 = s.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (b64.length % 4 === 1) throw new TypeError('not a base64url string (bad length)');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Encodes bytes as base64url without padding.
 * @param {ArrayBuffer | ArrayBufferView} buf
 * @returns {string}
 */
export function bytesToBase64Url(buf) {
  /** @type {Uint8Array} */
  let bytes;
  if (ArrayBuffer.isView(buf)) bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  else if (buf instanceof ArrayBuffer || Object.prototype.toString.call(buf) === '[object ArrayBuffer]') bytes = new Uint8Array(buf);
  else throw new TypeError('not an ArrayBuffer or a view of one');
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    // any: apply takes a typed array at run time; its typing wants number[].
    bin += String.fromCharCode.apply(null, /** @type {any} */ (bytes.subarray(i, i + 0x8000)));
  }
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** @type {Int8Array} */
const B64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_VALUE[B64URL.charCodeAt(i)] = i;

/**
 * src/b64.rs's decode (URL-safe, padding optional but canonical or shorter and only at the
 * end, no single-character final group, zero trailing bits). Undefined when not base64url.
 * @param {string} input
 * @returns {Uint8Array | undefined}
 */
export function decodeBase64UrlStrict(input) {
  const eq = input.indexOf('=');
  const dataLen = eq === -1 ? input.length : eq;
  const padding = input.length - dataLen;
  for (let i = dataLen; i < input.length; i++) if (input[i] !== '=') return undefined;
  const rem = dataLen % 4;
  if (rem === 1) return undefined;
  if (padding > 0 && (rem === 0 || padding > 4 - rem)) return undefined;
  const out = new Uint8Array(Math.floor(dataLen / 4) * 3 + (rem === 0 ? 0 : rem - 1));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < dataLen; i++) {
    const c = input.charCodeAt(i);
    const v = c < 128 ? B64_VALUE[c] : -1;
    if (v < 0) return undefined;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if (bits > 0 && (acc & ((1 << bits) - 1)) !== 0) return undefined;
  return out;
}
