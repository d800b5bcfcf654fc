// Engines cache compiled wasm by its bytes (V8 shares a compiled module between
// instantiations of the same bytes within a process). To time a cold compile each time, the
// startup section appends a custom section holding a nonce: a valid module with the same
// code, ~20 bytes longer, that no cache has seen. Runs in Node and in the browser.

/** @param {number} n @returns {number[]} */
function leb128(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

/** @param {Uint8Array} bytes @param {string} nonce @returns {Uint8Array} */
export function withNonce(bytes, nonce) {
  const name = new TextEncoder().encode('bench-nonce');
  const payload = new TextEncoder().encode(nonce);
  const body = [...leb128(name.length), ...name, ...payload];
  const section = new Uint8Array([0, ...leb128(body.length), ...body]);
  const out = new Uint8Array(bytes.length + section.length);
  out.set(bytes, 0);
  out.set(section, bytes.length);
  return out;
}
