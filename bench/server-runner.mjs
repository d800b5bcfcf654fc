// Section "server", second part: requests through the server runners, tokens verified.
//
//   ours     createServerRunner({ config }) from cognito-headless/server, once; per request
//            runWithServerContext({ cookies: jar over the request's Cookie header,
//            operation: ctx => getCurrentUser(ctx) + fetchAuthSession(ctx) }). The tokens are
//            verified against the pool's key set (RS256, WebCrypto; keys and verified tokens
//            cached per runner).
//   Amplify  createServerRunner({ config }) from @aws-amplify/adapter-nextjs 1.8, once; per
//            request runWithAmplifyServerContext({ nextServerContext: { cookies }, operation:
//            ctx => getCurrentUser(ctx) + fetchAuthSession(ctx) }) with aws-amplify/auth/server,
//            over a Next.js-shaped cookie store on the same header. Its token validator
//            (aws-jwt-verify) verifies both tokens on every read; it gets the key set through
//            aws-jwt-verify's fetcher, which this section answers offline.
//   … without verification: ours with `verification: false`; Amplify as its adapter builds a
//            context (createKeyValueStorageFromCookieStorageAdapter, the two providers,
//            createAmplifyContext) without the validator.
//   … distinct sessions: each request carries one of 1,200 sessions in turn, more than ours
//            remembers verified tokens for (2,000 tokens): every request verifies two
//            signatures.
//   … with a Cognito call: fetchUserAttributes(ctx) (GetUser, answered by a scripted fetch
//            in the same process): ours makes a machine (wasm) per request and disposes it when
//            the operation settles.
//
// Tokens are RS256-signed by the section (node:crypto), as a Cognito pool's; no request
// leaves the process. Requests per second: sequential (each awaited, then a yield to the
// event loop: await setImmediate) and with 50 in flight, the clients alternating in blocks.
// Memory: RSS and our wasm linear memory after 1,000 / 10,000 / 100,000 requests, in a loop
// that yields after each request and in one that never yields (FinalizationRegistry
// callbacks cannot run: only deterministic release keeps memory flat).

import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createSignedPool, sessionCookies } from '../tests/js/support/signed-cognito.mjs';
import { summary } from './stats.mjs';
import { parseCookies } from './server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const POOL_ID = 'us-east-1_BenchSrv01';
export const CLIENT_ID = 'benchserverclient0123456789';
export const CONFIG = Object.freeze({ Auth: { Cognito: { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID } } });
const DISTINCT = 1200;

/** Imports `spec` as the repo root's node_modules has it (ESM entry), so that Amplify's packages are one copy. */
export async function rootImport(spec) {
  const parts = spec.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const sub = `.${spec.slice(name.length)}`;
  const dir = path.join(ROOT, 'node_modules', name);
  const pj = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const pick = (e) => (typeof e === 'string' ? e : e && (pick(e.import) ?? pick(e.default)));
  const target = pick(pj.exports?.[sub]) ?? (sub === '.' ? pj.module ?? pj.main : undefined);
  if (!target) throw new Error(`server-runner: ${spec} has no ESM entry`);
  return import(pathToFileURL(path.join(dir, target)).href);
}

const jsCookieName = (n) => encodeURIComponent(n).replace(/%(2[346B]|5E|60|7C)/g, decodeURIComponent);
const jsCookieValue = (v) => encodeURIComponent(v).replace(/%(2[346BF]|3[AC-F]|40|5[BDE]|60|7[BCD])/g, decodeURIComponent);

/** The Cookie header of a browser holding `s` (Amplify's client layout, js-cookie's encoding). */
function cookieHeader(s) {
  const items = sessionCookies(CLIENT_ID, s, {
    [`CognitoIdentityServiceProvider.${CLIENT_ID}.${s.username}.signInDetails`]: JSON.stringify({ loginId: s.username, authFlowType: 'USER_SRP_AUTH' }),
  });
  return Object.entries(items).map(([k, v]) => `${jsCookieName(k)}=${jsCookieValue(v)}`).join('; ');
}


function forcedGc() {
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc');
  } catch {
    return null;
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/**
 * @param {{ pkgDir: string, workDir: string, requests?: number, rounds?: number, block?: number, machineRequests?: number, log?: (s: string) => void }} o
 */
export async function runServerRunner({ pkgDir, workDir, requests = 100000, rounds = 5, block = 2000, machineRequests = 10000, log = () => {} }) {
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.cpSync(pkgDir, workDir, { recursive: true });
  // Our wasm instance: counted when made, its memory read from the instance.
  let wasmMemory = null;
  const realInstantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = async function (...args) {
    const out = await realInstantiate.apply(this, args);
    const inst = out.instance ?? out;
    if (inst?.exports?.memory instanceof WebAssembly.Memory) wasmMemory = inst.exports.memory;
    return out;
  };
  const realFetch = globalThis.fetch;
  const { SimpleJsonFetcher } = await rootImport('aws-jwt-verify/https');
  const realJsonFetch = SimpleJsonFetcher.prototype.fetch;
  try {
    const ours = await import(pathToFileURL(path.join(workDir, 'server.js')).href);
    const nextAdapter = await rootImport('@aws-amplify/adapter-nextjs');
    const amplifyServer = await rootImport('aws-amplify/auth/server');
    const amplifyCore = await rootImport('aws-amplify/adapter-core');
    const { createAmplifyContext } = await rootImport('aws-amplify');

    const pool = createSignedPool({ poolId: POOL_ID, clientId: CLIENT_ID });
    // Amplify's Cognito client uses the global fetch, its validator aws-jwt-verify's fetcher.
    globalThis.fetch = pool.fetch;
    SimpleJsonFetcher.prototype.fetch = async (uri) => (await pool.fetch(uri)).json();

    const main = pool.session('bench-user');
    const header = cookieHeader(main);
    log(`server runners: signing ${DISTINCT} sessions …`);
    const distinct = Array.from({ length: DISTINCT }, (_, i) => cookieHeader(pool.session(`user-${i}`)));
    let nextDistinct = 0;
    const distinctHeader = () => distinct[nextDistinct++ % DISTINCT];
    let writes = 0;

    const oursRunner = ours.createServerRunner({ config: CONFIG, fetch: pool.fetch });
    const oursPlain = ours.createServerRunner({ config: CONFIG, fetch: pool.fetch, verification: false });
    const amplifyRun = nextAdapter.createServerRunner({ config: CONFIG }).runWithAmplifyServerContext;
    const authConfig = CONFIG.Auth;

    const both = (api) => async (ctx) => ({ user: await api.getCurrentUser(ctx), session: await api.fetchAuthSession(ctx) });
    const attributes = (api) => async (ctx) => ({ attributes: await api.fetchUserAttributes(ctx) });
    const oursJar = (h) => {
      const cookies = parseCookies(h, false);
      return { get: (n) => cookies.get(n), set: () => void writes++, remove: () => void writes++ };
    };
    const nextStore = (h) => {
      const cookies = parseCookies(h, true);
      return {
        get: (name) => (cookies.has(name) ? { name, value: cookies.get(name) } : undefined),
        getAll: () => [...cookies].map(([name, value]) => ({ name, value })),
        set: () => void writes++,
        delete: () => void writes++,
      };
    };
    /** Amplify's context as its adapter builds it, without the token validator. */
    const amplifyPlain = async (h, operation) => {
      const kv = amplifyCore.createKeyValueStorageFromCookieStorageAdapter(nextStore(h));
      const ctx = createAmplifyContext(CONFIG, {
        Auth: { credentialsProvider: amplifyCore.createAWSCredentialsAndIdentityIdProvider(authConfig, kv), tokenProvider: amplifyCore.createUserPoolsTokenProvider(authConfig, kv) },
      });
      return operation(ctx);
    };

    const impl = (label, run, op, headerOf = () => header) => ({ label, run: () => run(headerOf(), op) });
    const oursRun = (runner) => (h, op) => runner.runWithServerContext({ cookies: oursJar(h), operation: op });
    const amplifyNext = (h, op) => amplifyRun({ nextServerContext: { cookies: async () => nextStore(h) }, operation: op });

    const groups = {
      verified: {
        ours: impl('ours, verified', oursRun(oursRunner), both(ours)),
        amplify: impl('Amplify, verified', amplifyNext, both(amplifyServer)),
      },
      plain: {
        ours: impl('ours, not verified', oursRun(oursPlain), both(ours)),
        amplify: impl('Amplify, not verified', amplifyPlain, both(amplifyServer)),
      },
      distinct: {
        ours: impl('ours, verified, distinct sessions', oursRun(oursRunner), both(ours), distinctHeader),
        amplify: impl('Amplify, verified, distinct sessions', amplifyNext, both(amplifyServer), distinctHeader),
      },
      cognito: {
        ours: impl('ours, fetchUserAttributes', oursRun(oursRunner), attributes(ours)),
        amplify: impl('Amplify, fetchUserAttributes', amplifyNext, attributes(amplifyServer)),
      },
    };

    // Every client answers with the request's user before anything is timed.
    for (const [g, impls] of Object.entries(groups)) {
      for (const [id, x] of Object.entries(impls)) {
        const out = await x.run();
        const sub = out.user?.userId ?? out.attributes?.sub;
        if (g !== 'distinct' && sub !== main.sub) throw new Error(`server-runner: ${x.label} did not answer with the request's user`);
        if (out.session && out.session.tokens?.accessToken?.payload?.sub !== out.user.userId) throw new Error(`server-runner: ${x.label}: session and user differ`);
        void id;
      }
    }
    // A forged cookie is refused by both (so "verified" means verified).
    const forged = cookieHeader({ ...main, ...pool.tokens('bench-user', { signer: (await import('../tests/js/support/signed-cognito.mjs')).rsaKey(pool.key.kid) }) });
    for (const [label, run] of [['ours', oursRun(oursRunner)], ['Amplify', amplifyNext]]) {
      const name = await run(forged, (ctx) => (label === 'ours' ? ours : amplifyServer).getCurrentUser(ctx).then(() => 'accepted', (e) => e.name));
      if (name !== 'UserUnAuthenticatedException') throw new Error(`server-runner: ${label} accepted a forged token (${name})`);
    }

    const throughput = {};
    for (const [g, impls] of Object.entries(groups)) {
      const n = g === 'cognito' ? Math.min(block, 1000) : block;
      throughput[g] = await measureThroughput(impls, { rounds, block: n, log: (s) => log(`server runners (${g}): ${s}`) });
    }

    const gc = forcedGc();
    const memoryNow = async (yielding) => {
      if (yielding) {
        await tick();
        await tick();
      }
      gc?.();
      const m = process.memoryUsage();
      return { rss: m.rss, heapUsed: m.heapUsed, wasm: wasmMemory ? wasmMemory.buffer.byteLength : 0 };
    };
    const checkpoints = [1000, 10000, 100000].filter((c) => c <= requests);
    const memory = {};
    for (const [g, n] of [['verified', requests], ['cognito', Math.min(requests, machineRequests)]]) {
      for (const yielding of [true, false]) {
        for (const [id, x] of Object.entries(groups[g])) {
          const key = `${g}/${id}/${yielding ? 'yield' : 'noyield'}`;
          const points = [{ requests: 0, ...(await memoryNow(true)) }];
          const marks = checkpoints.filter((c) => c <= n).concat(n).filter((c, i, a) => a.indexOf(c) === i);
          let done = 0;
          const t0 = performance.now();
          for (const mark of marks) {
            while (done < mark) {
              await x.run();
              done++;
              if (yielding) await tick();
            }
            points.push({ requests: done, ...(await memoryNow(false)) });
          }
          memory[key] = { label: x.label, yielding, group: g, points, perSecond: (done * 1000) / (performance.now() - t0) };
          const last = points.at(-1);
          log(`server runners memory ${key}: ${done} requests, RSS ${(last.rss / 2 ** 20).toFixed(0)} MiB, wasm ${(last.wasm / 2 ** 20).toFixed(2)} MiB`);
        }
      }
    }
    if (pool.counts.refresh) throw new Error(`server-runner: ${pool.counts.refresh} refreshes (none expected)`);
    return { requests, rounds, block, distinct: DISTINCT, throughput, memory, gc: Boolean(gc), jwksFetches: pool.counts.jwks, getUserCalls: pool.counts.getUser };
  } finally {
    WebAssembly.instantiate = realInstantiate;
    globalThis.fetch = realFetch;
    SimpleJsonFetcher.prototype.fetch = realJsonFetch;
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** Sequential (with a yield after each) and 50-in-flight requests per second, the clients alternating in blocks. */
async function measureThroughput(impls, { rounds, block, log }) {
  const ids = Object.keys(impls);
  const seq = Object.fromEntries(ids.map((id) => [id, []]));
  const par = Object.fromEntries(ids.map((id) => [id, []]));
  // Warm-up.
  for (const id of ids) for (let i = 0; i < Math.min(block, 300); i++) await impls[id].run();
  for (let r = 0; r < rounds; r++) {
    const order = ids.map((_, k) => ids[(k + r) % ids.length]);
    for (const id of order) {
      const run = impls[id].run;
      let t0 = performance.now();
      for (let i = 0; i < block; i++) {
        await run();
        await tick();
      }
      seq[id].push((block * 1000) / (performance.now() - t0));
      let started = 0;
      t0 = performance.now();
      const worker = async () => {
        while (started < block) {
          started++;
          await run();
        }
      };
      await Promise.all(Array.from({ length: 50 }, worker));
      par[id].push((block * 1000) / (performance.now() - t0));
    }
  }
  const out = {};
  for (const id of ids) out[id] = { label: impls[id].label, sequential: summary(seq[id]), inFlight50: summary(par[id]) };
  log(ids.map((id) => `${id} ${out[id].sequential.median.toFixed(0)} req/s sequential, ${out[id].inFlight50.median.toFixed(0)} with 50 in flight`).join('; '));
  return out;
}

/** Console lines. */
export function printServerRunner(r) {
  console.log(`\nserver runners (Node): getCurrentUser + fetchAuthSession per request, median req/s of ${r.rounds} blocks`);
  for (const [g, t] of Object.entries(r.throughput)) {
    const a = t.amplify;
    for (const [id, x] of Object.entries(t)) {
      const ratio = id === 'amplify' ? '' : `  (× Amplify: ${(x.sequential.median / a.sequential.median).toFixed(2)} / ${(x.inFlight50.median / a.inFlight50.median).toFixed(2)})`;
      console.log(`  ${x.label.padEnd(40)} ${x.sequential.median.toFixed(0).padStart(6)} sequential ${x.inFlight50.median.toFixed(0).padStart(6)} with 50 in flight${ratio}`);
    }
    void g;
  }
  for (const [key, m] of Object.entries(r.memory)) {
    console.log(`  memory ${key}: ${m.points.map((p) => `${p.requests}: RSS ${(p.rss / 2 ** 20).toFixed(0)} heap ${(p.heapUsed / 2 ** 20).toFixed(1)} wasm ${(p.wasm / 2 ** 20).toFixed(2)} MiB`).join(', ')}`);
  }
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const mib = (b) => (b / 2 ** 20).toFixed(1);

/** The BENCHMARKS.md part. */
export function mdServerRunner(r) {
  const rows = [];
  for (const t of Object.values(r.throughput)) {
    const a = t.amplify;
    for (const [id, x] of Object.entries(t)) {
      const ratio = id === 'amplify' ? '—' : `**${(x.sequential.median / a.sequential.median).toFixed(2)}** / **${(x.inFlight50.median / a.inFlight50.median).toFixed(2)}**`;
      rows.push(`| ${id === 'amplify' ? x.label : `**${x.label}**`} | ${fmt(x.sequential.median)} (${fmt(x.sequential.p10)}–${fmt(x.sequential.p90)}) | ${fmt(x.inFlight50.median)} (${fmt(x.inFlight50.p10)}–${fmt(x.inFlight50.p90)}) | ${ratio} |`);
    }
  }
  const v = r.throughput.verified;
  const d = r.throughput.distinct;
  const costUs = (1e6 / d.ours.sequential.median) - (1e6 / r.throughput.plain.ours.sequential.median);
  const mem = Object.entries(r.memory).map(([, m]) => {
    const cell = (p) => `${mib(p.rss)} / ${mib(p.heapUsed)} / ${p.wasm ? mib(p.wasm) : 'not loaded'}`;
    const cells = m.points.slice(1).map((p) => `${fmt(p.requests)}: ${cell(p)}`);
    return `| ${m.label}, ${m.yielding ? 'yielding' : 'never yielding'} | ${cell(m.points[0])} | ${cells.join('<br>')} |`;
  });
  return `### Server requests through the runners (cognito-headless/server vs @aws-amplify/adapter-nextjs)

Per request: a context over the request's \`Cookie\` header, \`getCurrentUser(ctx)\` and
\`fetchAuthSession(ctx)\` (the last group: \`fetchUserAttributes(ctx)\`, one Cognito call answered
in-process). Ours: \`runWithServerContext\` of one \`createServerRunner({ config })\`
(\`cognito-headless/server\`), tokens verified RS256 against the pool's key set through WebCrypto
(keys cached per runner, verified tokens remembered per runner). Amplify:
\`runWithAmplifyServerContext({ nextServerContext: { cookies }, operation })\` of
\`@aws-amplify/adapter-nextjs\`'s \`createServerRunner\`, its validator (aws-jwt-verify) given
the same key set offline; "not verified": ours with \`verification: false\`, Amplify's context
built as its adapter builds it minus the validator. "Distinct sessions": ${fmt(r.distinct)} signed-in
users in turn, so that ours verifies both signatures on every request (its cost: about
**${costUs.toFixed(0)} µs** per request over not verifying). Tokens are signed by the bench
(node:crypto); a forged one is refused by both before timing. Requests per second, median
(p10–p90) of ${r.rounds} blocks of ${fmt(r.block)}, the clients alternating; sequential = each request
awaited and followed by a yield to the event loop; 50 in flight = 50 concurrent loops.

| client | req/s sequential | req/s, 50 in flight | × Amplify (sequential / 50 in flight) |
|---|---:|---:|---:|
${rows.join('\n')}

Memory in MiB: RSS (the process: every client so far) / V8 heap used / our wasm linear
memory, after a forced GC${r.gc ? '' : ' (not available)'}, at the start of each loop and after the given number of
requests (RSS rises to a plateau as V8 sizes its young generation; the heap is what a leak
would grow). "Never yielding": the loop awaits each
request and never lets the event loop turn (finalizers cannot run); ours releases each
request's machine when its operation settles. A signed-in read makes no machine ("not loaded":
the wasm was never instantiated).

| loop | start | after N requests: RSS / heap / wasm |
|---|---:|---|
${mem.join('\n')}

Ours ÷ Amplify in requests per second, verified, sequential: **${(v.ours.sequential.median / v.amplify.sequential.median).toFixed(2)}×**; with 50 in flight: **${(v.ours.inFlight50.median / v.amplify.inFlight50.median).toFixed(2)}×**. Key set fetches: ${r.jwksFetches} (ours and Amplify, the whole section).
`;
}

// Standalone: node bench/server-runner.mjs [requests] [rounds] [block] (the built package in
// target/pkg-build/package, or SERVER_RUNNER_PKG).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const requests = Number(process.argv[2] ?? 100000);
  const r = await runServerRunner({
    // SERVER_RUNNER_PKG: another built package (a before/after comparison).
    pkgDir: process.env.SERVER_RUNNER_PKG ?? path.join(ROOT, 'target/pkg-build/package'),
    workDir: path.join(ROOT, `bench/dist/server-runner-${process.pid}`),
    requests,
    rounds: Number(process.argv[3] ?? 5),
    block: Number(process.argv[4] ?? 2000),
    log: (s) => console.error('bench:', s),
  });
  printServerRunner(r);
  if (process.env.SERVER_RUNNER_MD) fs.writeFileSync(process.env.SERVER_RUNNER_MD, mdServerRunner(r));
}
