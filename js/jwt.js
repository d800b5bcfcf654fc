// decodeJWT: Amplify's `{ payload, toString() }` view of an encoded token.

import { base64UrlToBytes } from './base64url.js';

/**
 * Decodes a JWT's payload without verifying it (as Amplify's `decodeJWT`). The encoded
 * token is kept in a closure: `toString()` returns it, JSON.stringify and console.log of
 * the object do not show it.
 * @param {string} token
 * @returns {{ payload: Record<string, unknown>, toString(): string }}
 */
export function decodeJWT(token) {
  const parts = String(token).split('.');
  if (parts.length !== 3) throw new Error('Invalid token');
  let payload;
  try {
    payload = JSON.parse(new TextDecoder().decode(base64UrlToBytes(parts[1])));
  } catch {
    throw new Error('Invalid token payload');
  }
  if (!payload || typeof payload !== 'object') throw new Error('Invalid token payload');
  const raw = String(token);
  return { payload, toString: () => raw };
}
