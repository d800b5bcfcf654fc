// Section "json": parse time of a 1 MB JSON object (about 40,000 members in shuffled key
// order: the parser sorts them), ours against JSON.parse of the same text, in one Node
// process, alternating. Ours goes through the existing boundary: a `WasmAuth` (the
// wasm-bindgen class `createAuth` uses) is handed an `httpResult` input carrying the text
// as a 200 response body for a request id nobody waits for, so the machine parses the body
// (`cognito::parse_response`) and drops it. Our figure therefore also includes the input
// envelope: `JSON.stringify` of the input in the glue, the copy into the module and the
// parse of that JSON string.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { summary } from './stats.mjs';

/** About `bytes` of JSON: an object of `{"k<i>":[i,"v<i>"]}` members in a fixed shuffled order. */
export function bigObjectText(bytes = 1_000_000) {
  const keys = [];
  let size = 2;
  for (let i = 0; size < bytes; i++) {
    const member = `"k${i}":[${i},"v${i}"]`;
    if (size + member.length + 1 > bytes) break;
    keys.push(member);
    size += member.length + 1;
  }
  // Fisher–Yates with a fixed LCG: the same text every run.
  let state = 0x2545f491;
  for (let i = keys.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [keys[i], keys[j]] = [keys[j], keys[i]];
  }
  return { text: `{${keys.join(',')}}`, members: keys.length };
}

export async function runJson({ pkgDir, workDir, runs = 21, warmup = 3, log = () => {} }) {
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.cpSync(pkgDir, workDir, { recursive: true });
  const m = await import(pathToFileURL(path.join(workDir, 'index.js')).href);
  const glue = await import(pathToFileURL(path.join(workDir, 'wasm/cognito_headless.js')).href);
  const cfg = { userPoolId: 'us-east-1_AbCdEf123', userPoolClientId: '1example23456789abcdefghij', endpoint: 'https://cognito-idp.us-east-1.amazonaws.com/' };
  // createAuth initialises the module; then a bare WasmAuth of the same instance.
  await m.createAuth(cfg, { fetch: async () => { throw new Error('no network in this section'); }, storage: m.createMemoryStorage(), crossTab: false });
  await glue.default();
  const wasm = new glue.WasmAuth(cfg);
  const { text, members } = bigObjectText();
  const bytes = Buffer.byteLength(text);
  const input = { type: 'httpResult', id: 1e9, outcome: { response: { status: 200, headers: [], body: text } } };
  const ours = () => wasm.handle(Date.now(), input);
  const theirs = () => JSON.parse(text);
  if (!Array.isArray(ours())) throw new Error('json: the machine did not take the input');
  if (Object.keys(theirs()).length !== members) throw new Error('json: JSON.parse lost members');
  log(`json: ${bytes} B object of ${members} members, ${warmup} warm-up + ${runs} rounds …`);
  const t = { ours: [], jsonParse: [] };
  for (let i = 0; i < warmup + runs; i++) {
    const order = i % 2 ? [['ours', ours], ['jsonParse', theirs]] : [['jsonParse', theirs], ['ours', ours]];
    for (const [name, f] of order) {
      const t0 = performance.now();
      f();
      const ms = performance.now() - t0;
      if (i >= warmup) t[name].push(ms);
    }
  }
  wasm.free?.();
  fs.rmSync(workDir, { recursive: true, force: true });
  return { bytes, members, runs, ours: summary(t.ours), jsonParse: summary(t.jsonParse) };
}
