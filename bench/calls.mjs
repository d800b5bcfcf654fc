// Section "calls": the common calls on a restored, valid session, in Node, per call (µs):
//   getCurrentUser(), fetchAuthSession(), and making an instance over a storage that holds
//   the session (ours: createAuth until it resolves, then close/dispose; Amplify:
//   Amplify.configure + cognitoUserPoolsTokenProvider.setKeyValueStorage, which read
//   nothing: Amplify reads the storage on every call, so the two are not like for like).
// Clients: ours (createAuth), ours through the drop-in (cognito-headless/amplify's free
// functions) and Amplify v6 (aws-amplify, cognitoUserPoolsTokenProvider.setKeyValueStorage
// with an in-memory KeyValueStorage). Every client gets its own Map-backed storage
// (common-session.mjs memoryStorageWith) holding the same kind of session in Amplify's key
// layout; no client may touch the network (a counting fetch fails the run otherwise).
//
// One round times a batch of `batch` sequential awaited calls of each operation for each
// client (createAuth: `createBatch` instances), the order of the clients rotating round by
// round; warm-up rounds first. µs per call = batch time / batch size; median (p10–p90)
// over the rounds.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AMPLIFY_CONFIG, COMMON_CONFIG, checkRestored, disposeAuth, memoryStorageWith, seededSession } from './common-session.mjs';
import { summary } from './stats.mjs';

export async function runCalls({ pkgDir, rounds = 41, warmup = 4, batch = 200, createBatch = 25, log = () => {} }) {
  const ours = await import(pathToFileURL(path.join(pkgDir, 'index.js')).href);
  const dropIn = await import(pathToFileURL(path.join(pkgDir, 'amplify.js')).href);
  const { Amplify } = await import('aws-amplify');
  const amplifyAuth = await import('aws-amplify/auth');
  const { cognitoUserPoolsTokenProvider } = await import('aws-amplify/auth/cognito');

  let networkCalls = 0;
  const noFetch = async (input) => {
    networkCalls++;
    throw new Error(`calls: no network expected (${String(input?.url ?? input)})`);
  };
  const realFetch = globalThis.fetch;
  globalThis.fetch = noFetch; // Amplify and the drop-in use the global fetch

  try {
    const seeds = { ours: seededSession(), 'ours-amplify': seededSession(), amplify: seededSession() };
    const storages = Object.fromEntries(Object.entries(seeds).map(([k, s]) => [k, memoryStorageWith(s.items)]));
    const oursHost = { storage: storages.ours, crossTab: false, fetch: noFetch };

    const oursAuth = await ours.createAuth(COMMON_CONFIG, oursHost);
    dropIn.Amplify.configure(AMPLIFY_CONFIG);
    dropIn.cognitoUserPoolsTokenProvider.setKeyValueStorage(storages['ours-amplify']);
    Amplify.configure(AMPLIFY_CONFIG);
    cognitoUserPoolsTokenProvider.setKeyValueStorage(storages.amplify);

    const impls = {
      ours: {
        getCurrentUser: () => oursAuth.getCurrentUser(),
        fetchAuthSession: () => oursAuth.fetchAuthSession(),
        create: async () => disposeAuth(await ours.createAuth(COMMON_CONFIG, oursHost)),
      },
      'ours-amplify': {
        getCurrentUser: () => dropIn.getCurrentUser(),
        fetchAuthSession: () => dropIn.fetchAuthSession(),
      },
      amplify: {
        getCurrentUser: () => amplifyAuth.getCurrentUser(),
        fetchAuthSession: () => amplifyAuth.fetchAuthSession(),
        // Amplify.configure puts the default storage back (memory, in Node): the app sets its
        // storage again, as at start-up.
        create: async () => {
          Amplify.configure(AMPLIFY_CONFIG);
          cognitoUserPoolsTokenProvider.setKeyValueStorage(storages.amplify);
        },
      },
    };
    const check = async () => {
      for (const [id, impl] of Object.entries(impls)) {
        checkRestored(`calls: ${id}`, seeds[id], await impl.getCurrentUser(), await impl.fetchAuthSession());
      }
    };
    await check();

    const ids = Object.keys(impls);
    const ops = ['getCurrentUser', 'fetchAuthSession', 'create'];
    const samples = Object.fromEntries(ids.map((id) => [id, Object.fromEntries(ops.map((op) => [op, []]))]));
    log(`calls: ${warmup} warm-up + ${rounds} rounds of ${batch} calls (createAuth: ${createBatch}) per client …`);
    for (let r = 0; r < warmup + rounds; r++) {
      const order = ids.map((_, k) => ids[(k + r) % ids.length]);
      for (const op of ops) {
        for (const id of order) {
          const f = impls[id][op];
          if (!f) continue;
          const n = op === 'create' ? createBatch : batch;
          const t0 = performance.now();
          for (let i = 0; i < n; i++) await f();
          const us = ((performance.now() - t0) * 1000) / n;
          if (r >= warmup) samples[id][op].push(us);
        }
      }
    }
    await check();
    if (networkCalls) throw new Error(`calls: ${networkCalls} network calls were made`);
    const out = {};
    for (const id of ids) out[id] = Object.fromEntries(ops.filter((op) => samples[id][op].length).map((op) => [op, summary(samples[id][op])]));
    disposeAuth(oursAuth);
    return { rounds, warmup, batch, createBatch, impls: out };
  } finally {
    globalThis.fetch = realFetch;
  }
}
