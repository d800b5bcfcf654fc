// Section "server": a server-side-rendering request loop in Node. Each request carries a
// signed-in user's session in its Cookie header (Amplify's key layout as cookie names,
// common-session.mjs), and the handler makes a new client over that request's cookies and
// calls getCurrentUser() and fetchAuthSession():
//
//   ours     createAuth(config, { storage: createCookieStorage(jar over the parsed cookies),
//            crossTab: false }), both calls, then auth.dispose() (close() and free the wasm
//            instance at once, not at garbage collection). A signed-in request that only
//            reads makes no machine at all (the stored session's JS reader answers), so
//            here the wasm memory is flat with close() alone too (measured: 1,114,112 B
//            throughout 10,000 requests either way); dispose() matters for requests that
//            make one (signed out, a refresh, a command: tests/js/dispose.test.mjs)
//   Amplify  runWithAmplifyServerContext(config, { Auth: { tokenProvider:
//            createUserPoolsTokenProvider(..), credentialsProvider:
//            createAWSCredentialsAndIdentityIdProvider(..) } }, ctx => getCurrentUser(ctx) +
//            fetchAuthSession(ctx)) from aws-amplify/adapter-core and aws-amplify/auth/server,
//            over createKeyValueStorageFromCookieStorageAdapter(adapter over the same cookies)
//            (no token validator: Amplify's Next.js adapter adds one that fetches the pool's
//            JWKS, which this machine cannot reach; here neither client verifies signatures)
//
// Both parse the Cookie header with the same function inside the timed request. After each
// request the loop yields to the event loop (await a setImmediate promise), as a server
// between requests; a request's yield counts in its time. The clients alternate in blocks
// of `block` requests (the order rotating), `requests` requests each. The calls must
// resolve with the request's user and no network call may be made (a counting fetch).
//
// Memory: process RSS and V8 heap (after a forced GC when available) and our wasm linear
// memory after the first request of each, after the warm-up (up to 500 requests each) and
// after every 10 % of the requests. Ours runs from a private copy
// of the package, so the wasm memory is this section's own instance; both clients share the
// process, so RSS and heap are the two together.

import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { pathToFileURL } from 'node:url';
import { AMPLIFY_CONFIG, COMMON_CONFIG, checkRestored, disposeAuth, seededSession } from './common-session.mjs';
import { summary } from './stats.mjs';

/**
 * `name=value; …` → Map (what `cookie.parse` or a framework gives): values decoded, or as
 * sent with `decode` false. Shared with server-runner.mjs.
 */
export function parseCookies(header, decode = true) {
  const out = new Map();
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (decode && value.includes('%')) {
      try {
        value = decodeURIComponent(value);
      } catch {
        // keep it raw
      }
    }
    if (!out.has(name)) out.set(name, value);
  }
  return out;
}

function forcedGc() {
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc');
  } catch {
    return null;
  }
}

export async function runServer({ pkgDir, workDir, requests = 100000, block = 1000, log = () => {} }) {
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.cpSync(pkgDir, workDir, { recursive: true });
  const ours = await import(pathToFileURL(path.join(workDir, 'index.js')).href);
  const oursStorage = await import(pathToFileURL(path.join(workDir, 'storage.js')).href);
  const glue = await import(pathToFileURL(path.join(workDir, 'wasm/cognito_headless.js')).href);
  const { runWithAmplifyServerContext, createKeyValueStorageFromCookieStorageAdapter, createUserPoolsTokenProvider, createAWSCredentialsAndIdentityIdProvider } =
    await import('aws-amplify/adapter-core');
  const amplifyServer = await import('aws-amplify/auth/server');

  let networkCalls = 0;
  const noFetch = async (input) => {
    networkCalls++;
    throw new Error(`server: no network expected (${String(input?.url ?? input)})`);
  };
  const realFetch = globalThis.fetch;
  globalThis.fetch = noFetch; // Amplify's clients use the global fetch
  const gc = forcedGc();
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  try {
    const seed = seededSession();
    const cookieHeader = Object.entries(seed.items).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
    const authConfig = AMPLIFY_CONFIG.Auth;
    let setCookies = 0;

    const oursRequest = async (header) => {
      const cookies = parseCookies(header);
      const jar = {
        get: (name) => cookies.get(name),
        set: () => {
          setCookies++;
        },
        remove: () => {
          setCookies++;
        },
      };
      const auth = await ours.createAuth(COMMON_CONFIG, { storage: oursStorage.createCookieStorage(jar), crossTab: false, fetch: noFetch });
      try {
        const user = await auth.getCurrentUser();
        const session = await auth.fetchAuthSession();
        return { user, session };
      } finally {
        // dispose(): frees the wasm instance now (disposeAuth falls back to close() for an
        // older package without it).
        disposeAuth(auth);
      }
    };
    const amplifyRequest = async (header) => {
      const cookies = parseCookies(header);
      const adapter = {
        get: (name) => (cookies.has(name) ? { name, value: cookies.get(name) } : undefined),
        getAll: () => [...cookies].map(([name, value]) => ({ name, value })),
        set: () => {
          setCookies++;
        },
        delete: () => {
          setCookies++;
        },
      };
      const kv = createKeyValueStorageFromCookieStorageAdapter(adapter);
      return runWithAmplifyServerContext(
        AMPLIFY_CONFIG,
        {
          Auth: {
            tokenProvider: createUserPoolsTokenProvider(authConfig, kv),
            credentialsProvider: createAWSCredentialsAndIdentityIdProvider(authConfig, kv),
          },
        },
        async (ctx) => {
          const user = await amplifyServer.getCurrentUser(ctx);
          const session = await amplifyServer.fetchAuthSession(ctx);
          return { user, session };
        },
      );
    };
    const impls = { ours: oursRequest, amplify: amplifyRequest };
    for (const [id, f] of Object.entries(impls)) {
      const { user, session } = await f(cookieHeader);
      checkRestored(`server: ${id}`, seed, user, session);
    }

    // The package's own load of the wasm (createAuth starts it; a signed-in request never
    // waits for it), then the glue's exports of that instance. Calling the glue's init first
    // would race the package's load and fetch the default URL itself.
    if (typeof ours.preloadWasm === 'function') await ours.preloadWasm();
    const exports = await glue.default();
    const wasmBytes = () => (exports?.memory instanceof WebAssembly.Memory ? exports.memory.buffer.byteLength : NaN);
    // After a forced GC and two turns of the event loop (FinalizationRegistry callbacks, which
    // free wasm-bindgen objects, run after the collection).
    const memory = async () => {
      gc?.();
      await tick();
      await tick();
      gc?.();
      const m = process.memoryUsage();
      return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, wasm: wasmBytes() };
    };

    const initial = await memory();
    // Warm-up: a block of each.
    for (const f of Object.values(impls)) {
      for (let i = 0; i < Math.min(block, 500); i++) {
        await f(cookieHeader);
        await tick();
      }
    }
    const points = [{ requests: 0, ...(await memory()) }];
    const ids = Object.keys(impls);
    const time = Object.fromEntries(ids.map((id) => [id, 0]));
    const blockUs = Object.fromEntries(ids.map((id) => [id, []]));
    const done = Object.fromEntries(ids.map((id) => [id, 0]));
    const step = Math.max(block, Math.ceil(requests / 10 / block) * block);
    let nextPoint = step;
    log(`server: ${requests.toLocaleString('en-US')} requests per client in blocks of ${block}, alternating …`);
    for (let b = 0; done[ids[0]] < requests; b++) {
      const n = Math.min(block, requests - done[ids[0]]);
      const order = ids.map((_, k) => ids[(k + b) % ids.length]);
      for (const id of order) {
        const f = impls[id];
        const t0 = performance.now();
        for (let i = 0; i < n; i++) {
          const { user, session } = await f(cookieHeader);
          if (user.userId !== seed.sub || session.tokens?.accessToken?.payload?.sub !== seed.sub) {
            throw new Error(`server: ${id}: request ${done[id] + i} did not restore the request's user`);
          }
          await tick();
        }
        const ms = performance.now() - t0;
        time[id] += ms;
        blockUs[id].push((ms * 1000) / n);
        done[id] += n;
      }
      if (done[ids[0]] >= nextPoint || done[ids[0]] >= requests) {
        points.push({ requests: done[ids[0]], ...(await memory()) });
        log(`server: ${done[ids[0]].toLocaleString('en-US')} requests each: ${ids.map((id) => `${id} ${((done[id] * 1000) / time[id]).toFixed(0)} req/s`).join(', ')}; RSS ${(points.at(-1).rss / 2 ** 20).toFixed(0)} MiB, wasm ${(points.at(-1).wasm / 2 ** 20).toFixed(1)} MiB`);
        while (nextPoint <= done[ids[0]]) nextPoint += step;
      }
    }
    if (networkCalls) throw new Error(`server: ${networkCalls} network calls were made`);
    const out = {};
    for (const id of ids) out[id] = { requests: done[id], seconds: time[id] / 1000, perSecond: (done[id] * 1000) / time[id], usPerRequest: (time[id] * 1000) / done[id], blockUs: summary(blockUs[id]) };
    return { requests, block, warmup: Math.min(block, 500), impls: out, initial, points, gc: Boolean(gc), setCookies };
  } finally {
    globalThis.fetch = realFetch;
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
