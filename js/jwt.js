// decodeJWT: Amplify's `{ payload, toString() }` view of an encoded token.

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
    const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    payload = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new Error('Invalid token payload');
  }
  if (!payload || typeof payload !== 'object') throw new Error('Invalid token payload');
  const raw = String(token);
  return { payload, toString: () => raw };
}
