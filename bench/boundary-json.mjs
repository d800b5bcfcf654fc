// Issue #21 item 4: JSON text against direct JS values for the effects that remain.
// A standalone measurement (not a section): `node bench/boundary-json.mjs [cycles]`.
//
// Our boundary today: the glue's WasmAuth.handle(now, input) calls JSON.stringify(input)
// (js_sys::JSON::stringify), copies the text into the module (UTF-16 → UTF-8), the Rust
// parser reads it; the effects are written as JSON text in Rust, copied out (UTF-8 →
// UTF-16) and JSON.parse'd. The alternative (walking the JS objects with js_sys::Reflect
// and building the effects with Reflect::set) removes the stringify/parse but not the
// string copies (each string value still crosses), and adds a wasm↔JS call per property
// (plus a key string per property).
//
// Here: createAuth over the in-process fake Cognito (cognito.mjs), `cycles` signIn →
// signOut cycles (the default USER_SRP_AUTH flow: signIn command, InitiateAuth challenge,
// RespondToAuthChallenge with an AuthenticationResult of realistic JWTs, RevokeToken, …).
// Every WasmAuth.handle call is timed as a whole, and for the same input and effects,
// outside the timed call: JSON.stringify(input), JSON.parse(text of the effects) (each
// repeated REP times for resolution), and the property count of both (what a Reflect walk
// would visit). Per input kind, medians in µs.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fakeCognito } from './cognito.mjs';
import { summary } from './stats.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cycles = Number(process.argv[2] ?? 200);
const REP = 20;
const pkgDir = path.join(ROOT, 'target/pkg-build/package');
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'boundary-json-'));
fs.cpSync(pkgDir, workDir, { recursive: true });
const m = await import(pathToFileURL(path.join(workDir, 'index.js')).href);
const glue = await import(pathToFileURL(path.join(workDir, 'wasm/cognito_headless.js')).href);

const props = (v) => {
  if (v === null || typeof v !== 'object') return 1;
  let n = 0;
  for (const x of Array.isArray(v) ? v : Object.values(v)) n += 1 + props(x);
  return n;
};
const kindOf = (input, effects) => {
  if (input.type === 'command') return `command ${input.command?.type}`;
  if (input.type === 'httpResult') {
    const body = input.outcome?.response?.body ?? '';
    return `httpResult ${body.includes('AuthenticationResult') ? 'tokens' : body.includes('ChallengeName') ? 'challenge' : 'other'}`;
  }
  return input.type;
};
const rows = new Map();
const proto = glue.WasmAuth.prototype;
const orig = proto.handle;
proto.handle = function (now, input) {
  const t0 = performance.now();
  const effects = orig.call(this, now, input);
  const t1 = performance.now();
  const s0 = performance.now();
  let inText = '';
  for (let i = 0; i < REP; i++) inText = JSON.stringify(input);
  const s1 = performance.now();
  const outText = JSON.stringify(effects);
  const p0 = performance.now();
  for (let i = 0; i < REP; i++) JSON.parse(outText);
  const p1 = performance.now();
  const k = kindOf(input, effects);
  let r = rows.get(k);
  if (!r) rows.set(k, (r = { handle: [], stringify: [], parse: [], inBytes: 0, outBytes: 0, inProps: 0, outProps: 0, effects: '' }));
  r.handle.push((t1 - t0) * 1000);
  r.stringify.push(((s1 - s0) * 1000) / REP);
  r.parse.push(((p1 - p0) * 1000) / REP);
  r.inBytes = inText.length;
  r.outBytes = outText.length;
  r.inProps = props(input);
  r.outProps = props(effects);
  r.effects = effects.map((e) => e.type + (e.type === 'storage' ? `:${e.op ?? e.method ?? ''}` : '')).join(',');
  return effects;
};

const cfg = { userPoolId: 'us-east-1_AbCdEf123', userPoolClientId: '1example23456789abcdefghij', endpoint: 'https://cognito-idp.us-east-1.amazonaws.com/' };
const username = 'demo';
const fetch = fakeCognito({ userPoolId: cfg.userPoolId, clientId: cfg.userPoolClientId, username });
const auth = await m.createAuth(cfg, { fetch, storage: m.createMemoryStorage(), crossTab: false, retry: false });
for (let i = 0; i < cycles; i++) {
  const r = await auth.signIn({ username, password: 'Demo-Passw0rd!' });
  if (!r?.isSignedIn) throw new Error(`sign-in ${i}: ${JSON.stringify(r)}`);
  await auth.signOut();
}
auth.dispose?.();
fs.rmSync(workDir, { recursive: true, force: true });

console.log(`${cycles} signIn → signOut cycles (USER_SRP_AUTH, in-process fake Cognito), Node ${process.version}; µs per handle() call, median (p10–p90)`);
console.log('| input | calls | handle() total | JSON.stringify(input) | JSON.parse(effects) | JSON share | input chars / props | effects chars / props | effects |');
console.log('|---|---:|---:|---:|---:|---:|---|---|---|');
const f = (s) => `${s.median.toFixed(1)} (${s.p10.toFixed(1)}–${s.p90.toFixed(1)})`;
let tot = { handle: 0, json: 0 };
for (const [k, r] of rows) {
  const h = summary(r.handle);
  const s = summary(r.stringify);
  const p = summary(r.parse);
  tot.handle += r.handle.reduce((a, b) => a + b, 0);
  tot.json += (s.median + p.median) * r.handle.length;
  console.log(`| ${k} | ${r.handle.length} | ${f(h)} | ${f(s)} | ${f(p)} | ${(((s.median + p.median) / h.median) * 100).toFixed(1)} % | ${r.inBytes} / ${r.inProps} | ${r.outBytes} / ${r.outProps} | ${r.effects} |`);
}
console.log(`all calls: handle() ${(tot.handle / 1000).toFixed(1)} ms in total, of which the JS side of JSON (stringify + parse, medians × calls) ≈ ${(tot.json / 1000).toFixed(1)} ms (${((tot.json / tot.handle) * 100).toFixed(1)} %)`);

// The alternative's JS side per property, for the estimate in bench/levers.md: a short key
// decoded from wasm memory (JsValue::from_str), Reflect.get, a string value encoded into wasm
// memory (as_string). No wasm call itself is counted, so this is a lower bound.
{
  const enc = new TextEncoder();
  const dec = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
  const buf = new Uint8Array(1 << 16);
  const keys = ['type', 'status', 'headers', 'body', 'AccessToken', 'IdToken', 'RefreshToken', 'ExpiresIn'];
  const obj = { type: 'x', status: 200, headers: 'a', body: 'b', AccessToken: 'c', IdToken: 'd', RefreshToken: 'e', ExpiresIn: 3600 };
  const N = 2e6;
  const us = [];
  let sink = 0;
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) {
      const n = enc.encodeInto(keys[i & 7], buf).written;
      const v = Reflect.get(obj, dec.decode(buf.subarray(0, n)));
      if (typeof v === 'string') sink += enc.encodeInto(v, buf).written;
    }
    us.push(((performance.now() - t0) * 1000) / N);
  }
  console.log(`a Reflect walk's JS side per property (decode key + Reflect.get + encode value): ${us.map((x) => x.toFixed(3)).join(' / ')} µs (${sink > 0 ? 'ok' : '?'})`);
}
