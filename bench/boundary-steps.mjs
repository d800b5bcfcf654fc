// Per-input wasm time of a server request that calls Cognito (fetchUserAttributes through
// cognito-headless/server, GetUser answered in-process): WasmAuth.handle timed per call and
// labelled by input type (the second storage load apart), plus free().
// A standalone measurement: `node bench/boundary-steps.mjs [requests] [pkgDir …]`; several
// package directories are measured interleaved (before/after of a change).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createSignedPool, sessionCookies } from '../tests/js/support/signed-cognito.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const POOL_ID = 'us-east-1_BenchSrv01';
const CLIENT_ID = 'benchserverclient0123456789';
const CONFIG = Object.freeze({ Auth: { Cognito: { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID } } });
const requests = Number(process.argv[2] ?? 3000);
const dirs = process.argv.slice(3);
if (dirs.length === 0) dirs.push(path.join(ROOT, 'target/pkg-build/package'));

const pool = createSignedPool({ poolId: POOL_ID, clientId: CLIENT_ID });
const main = pool.session('bench-user');
const items = sessionCookies(CLIENT_ID, main, {});
const cookies = new Map(Object.entries(items));
const jar = () => ({ get: (n) => cookies.get(n), set: () => {}, remove: () => {} });

async function load(dir, i) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `boundary-steps-${i}-`));
  fs.cpSync(dir, work, { recursive: true });
  const glue = await import(pathToFileURL(path.join(work, 'wasm/cognito_headless.js')).href);
  const server = await import(pathToFileURL(path.join(work, 'server.js')).href);
  const times = new Map();
  const add = (k, t) => (times.get(k) ?? times.set(k, []).get(k)).push(t);
  const proto = glue.WasmAuth.prototype;
  const handle = proto.handle;
  const free = proto.free;
  const seen = new WeakMap();
  proto.handle = function (now, input) {
    let label = input?.type ?? '?';
    if (label === 'storageLoaded') {
      const n = (seen.get(this) ?? 0) + 1;
      seen.set(this, n);
      label += ` #${n}`;
    }
    const t0 = performance.now();
    try {
      return handle.call(this, now, input);
    } finally {
      add(label, performance.now() - t0);
    }
  };
  proto.free = function () {
    const t0 = performance.now();
    try {
      return free.call(this);
    } finally {
      add('free', performance.now() - t0);
    }
  };
  const runner = server.createServerRunner({ config: CONFIG, fetch: pool.fetch });
  const run = () => runner.runWithServerContext({ cookies: jar(), operation: (ctx) => server.fetchUserAttributes(ctx) });
  const out = await run();
  if (out.sub !== main.sub) throw new Error(`boundary-steps: ${dir}: wrong user`);
  return { dir, times, run };
}

const subjects = [];
for (const [i, d] of dirs.entries()) subjects.push(await load(d, i));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
for (const s of subjects) s.times.clear();
const block = 200;
for (let done = 0; done < requests; done += block) {
  for (const s of subjects) for (let i = 0; i < block; i++) await s.run();
}
for (const s of subjects) {
  console.log(`\n${s.dir}`);
  let total = 0;
  for (const [k, xs] of s.times) {
    const us = median(xs) * 1000;
    total += us * (xs.length / requests);
    console.log(`  ${k.padEnd(18)} ${us.toFixed(1).padStart(7)} µs  (${xs.length} calls)`);
  }
  console.log(`  ${'total/request'.padEnd(18)} ${total.toFixed(1).padStart(7)} µs`);
}
