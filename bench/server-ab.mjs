// A before/after comparison of server requests in one process: two built packages (A and B)
// and Amplify's adapter-nextjs, alternating in blocks, as bench/server-runner.mjs measures
// them (same sessions, jar, scripted fetch, sequential and 50-in-flight loops).
//
//   node bench/server-ab.mjs A_PKG_DIR B_PKG_DIR [rounds] [block] [groups]
//
// groups: comma-separated of `cognito` (fetchUserAttributes: a machine per request, one
// GetUser answered in-process) and `verified` (getCurrentUser + fetchAuthSession, no
// machine). Prints median req/s (p10–p90) per client and the ratios B ÷ A and ÷ Amplify, by
// wall time and by process CPU time (steadier when other work shares the cores).
// CPU profile: node --cpu-prof bench/server-ab.mjs A A 3 2000 cognito.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createSignedPool, sessionCookies } from '../tests/js/support/signed-cognito.mjs';
import { summary } from './stats.mjs';
import { parseCookies } from './server.mjs';
import { POOL_ID, CLIENT_ID, CONFIG, rootImport } from './server-runner.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const jsCookieName = (n) => encodeURIComponent(n).replace(/%(2[346B]|5E|60|7C)/g, decodeURIComponent);
const jsCookieValue = (v) => encodeURIComponent(v).replace(/%(2[346BF]|3[AC-F]|40|5[BDE]|60|7[BCD])/g, decodeURIComponent);
const tick = () => new Promise((resolve) => setImmediate(resolve));

/** The Cookie header of a browser holding `s` (Amplify's client layout). */
function cookieHeader(s) {
  const items = sessionCookies(CLIENT_ID, s, {
    [`CognitoIdentityServiceProvider.${CLIENT_ID}.${s.username}.signInDetails`]: JSON.stringify({ loginId: s.username, authFlowType: 'USER_SRP_AUTH' }),
  });
  return Object.entries(items).map(([k, v]) => `${jsCookieName(k)}=${jsCookieValue(v)}`).join('; ');
}

/** Imports a package's server entry from a private copy (its own wasm instance and module state). */
async function loadPackage(dir, tag) {
  const copy = path.join(ROOT, `bench/dist/server-ab-${process.pid}-${tag}`);
  fs.rmSync(copy, { recursive: true, force: true });
  fs.cpSync(dir, copy, { recursive: true });
  const mod = await import(pathToFileURL(path.join(copy, 'server.js')).href);
  return { mod, cleanup: () => fs.rmSync(copy, { recursive: true, force: true }) };
}

async function measure(impls, { rounds, block, log }) {
  const ids = Object.keys(impls);
  const seq = Object.fromEntries(ids.map((id) => [id, []]));
  const par = Object.fromEntries(ids.map((id) => [id, []]));
  const cpuSeq = Object.fromEntries(ids.map((id) => [id, []]));
  const cpuPar = Object.fromEntries(ids.map((id) => [id, []]));
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  for (const id of ids) for (let i = 0; i < Math.min(block, 300); i++) await impls[id]();
  for (let r = 0; r < rounds; r++) {
    const order = ids.map((_, k) => ids[(k + r) % ids.length]);
    for (const id of order) {
      const run = impls[id];
      let t0 = performance.now();
      let c0 = cpuMs();
      for (let i = 0; i < block; i++) {
        await run();
        await tick();
      }
      seq[id].push((block * 1000) / (performance.now() - t0));
      cpuSeq[id].push((block * 1000) / (cpuMs() - c0));
      let started = 0;
      t0 = performance.now();
      c0 = cpuMs();
      const worker = async () => {
        while (started < block) {
          started++;
          await run();
        }
      };
      await Promise.all(Array.from({ length: 50 }, worker));
      par[id].push((block * 1000) / (performance.now() - t0));
      cpuPar[id].push((block * 1000) / (cpuMs() - c0));
    }
    log(`round ${r + 1}/${rounds}`);
  }
  return Object.fromEntries(
    ids.map((id) => [id, { sequential: summary(seq[id]), inFlight50: summary(par[id]), cpuSequential: summary(cpuSeq[id]), cpuInFlight50: summary(cpuPar[id]) }]),
  );
}

const [aDir, bDir, roundsArg, blockArg, groupsArg] = process.argv.slice(2);
if (!aDir || !bDir) {
  console.error('usage: node bench/server-ab.mjs A_PKG_DIR B_PKG_DIR [rounds] [block] [cognito,verified]');
  process.exit(2);
}
const rounds = Number(roundsArg ?? 7);
const block = Number(blockArg ?? 1000);
const groups = (groupsArg ?? 'cognito,verified').split(',');
const A = await loadPackage(path.resolve(aDir), 'a');
const B = await loadPackage(path.resolve(bDir), 'b');
const realFetch = globalThis.fetch;
const { SimpleJsonFetcher } = await rootImport('aws-jwt-verify/https');
try {
  const nextAdapter = await rootImport('@aws-amplify/adapter-nextjs');
  const amplifyServer = await rootImport('aws-amplify/auth/server');
  const pool = createSignedPool({ poolId: POOL_ID, clientId: CLIENT_ID });
  globalThis.fetch = pool.fetch;
  SimpleJsonFetcher.prototype.fetch = async (uri) => (await pool.fetch(uri)).json();
  const main = pool.session('bench-user');
  const header = cookieHeader(main);
  const jar = () => {
    const cookies = parseCookies(header, false);
    return { get: (n) => cookies.get(n), set: () => {}, remove: () => {} };
  };
  const store = () => {
    const cookies = parseCookies(header, true);
    return {
      get: (name) => (cookies.has(name) ? { name, value: cookies.get(name) } : undefined),
      getAll: () => [...cookies].map(([name, value]) => ({ name, value })),
      set: () => {},
      delete: () => {},
    };
  };
  const ops = {
    cognito: (api) => async (ctx) => ({ attributes: await api.fetchUserAttributes(ctx) }),
    verified: (api) => async (ctx) => ({ user: await api.getCurrentUser(ctx), session: await api.fetchAuthSession(ctx) }),
  };
  const runA = A.mod.createServerRunner({ config: CONFIG, fetch: pool.fetch });
  const runB = B.mod.createServerRunner({ config: CONFIG, fetch: pool.fetch });
  const amplifyRun = nextAdapter.createServerRunner({ config: CONFIG }).runWithAmplifyServerContext;
  for (const g of groups) {
    const impls = {
      A: () => runA.runWithServerContext({ cookies: jar(), operation: ops[g](A.mod) }),
      B: () => runB.runWithServerContext({ cookies: jar(), operation: ops[g](B.mod) }),
      Amplify: () => amplifyRun({ nextServerContext: { cookies: async () => store() }, operation: ops[g](amplifyServer) }),
    };
    for (const [id, run] of Object.entries(impls)) {
      const out = await run();
      const sub = out.user?.userId ?? out.attributes?.sub;
      if (sub !== main.sub) throw new Error(`server-ab: ${id} (${g}) did not answer with the request's user`);
    }
    const r = await measure(impls, { rounds, block, log: (s) => console.error(`server-ab ${g}: ${s}`) });
    const cell = (s) => `${s.median.toFixed(0).padStart(6)} (${s.p10.toFixed(0)}–${s.p90.toFixed(0)})`;
    console.log(`\n${g}: median req/s of ${rounds} blocks of ${block} (p10–p90)`);
    for (const [id, x] of Object.entries(r)) {
      console.log(
        `  ${id.padEnd(8)} sequential ${cell(x.sequential)}  50 in flight ${cell(x.inFlight50)}` +
          `  ÷ Amplify ${(x.sequential.median / r.Amplify.sequential.median).toFixed(2)} / ${(x.inFlight50.median / r.Amplify.inFlight50.median).toFixed(2)}`,
      );
    }
    console.log(`  B ÷ A: ${(r.B.sequential.median / r.A.sequential.median).toFixed(2)} / ${(r.B.inFlight50.median / r.A.inFlight50.median).toFixed(2)}`);
    console.log(`  per CPU second (process CPU time, steadier on a shared machine):`);
    for (const [id, x] of Object.entries(r)) {
      console.log(
        `  ${id.padEnd(8)} sequential ${cell(x.cpuSequential)}  50 in flight ${cell(x.cpuInFlight50)}` +
          `  ÷ Amplify ${(x.cpuSequential.median / r.Amplify.cpuSequential.median).toFixed(2)} / ${(x.cpuInFlight50.median / r.Amplify.cpuInFlight50.median).toFixed(2)}`,
      );
    }
    console.log(`  B ÷ A: ${(r.B.cpuSequential.median / r.A.cpuSequential.median).toFixed(2)} / ${(r.B.cpuInFlight50.median / r.A.cpuInFlight50.median).toFixed(2)}`);
  }
} finally {
  globalThis.fetch = realFetch;
  A.cleanup();
  B.cleanup();
}
