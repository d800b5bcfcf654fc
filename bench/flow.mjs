// Section "flow": a whole signIn → fetchAuthSession → signOut against the local Cognito
// (moto, started and stopped here), for ours (the built package) and for Amplify v6
// (aws-amplify, configured with Auth.Cognito.userPoolEndpoint), both USER_SRP_AUTH, in one
// Node process, alternating round by round. Also ours through the drop-in
// (cognito-headless/amplify, configured with the same object as Amplify).
//
// Per cycle and per call: wall time, wall time inside fetch (the wrapper reads the body
// inside, so the network and moto are there), process CPU time (user + system, all threads
// of this process; moto is another process), and the CPU time spent while inside fetch
// (Node's own HTTP client). "Client time" = the rest.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startMoto, seedLocalCognito, DEMO_USER, DEMO_PASSWORD } from '../scripts/local-cognito.mjs';
import { timedFetch, motoShim } from './cognito.mjs';
import { summary } from './stats.mjs';

const OPS = ['signIn', 'fetchAuthSession', 'signOut'];

export async function runFlow({ pkgDir, warmup = 3, runs = 21, log = () => {} }) {
  const moto = await startMoto();
  const realFetch = globalThis.fetch;
  try {
    const cfg = await seedLocalCognito(moto.endpoint);
    const timed = timedFetch(realFetch, motoShim());
    // Both clients use the global fetch (Amplify always does; ours does without host.fetch).
    globalThis.fetch = timed.fetch;

    // ---------------------------------------------------------------- ours
    const ours = await import(pathToFileURL(path.join(pkgDir, 'index.js')).href);
    const oursAuth = await ours.createAuth(
      { userPoolId: cfg.userPoolId, userPoolClientId: cfg.userPoolClientId, endpoint: cfg.endpoint },
      { storage: ours.createMemoryStorage(), crossTab: false },
    );

    // ---------------------------------------------------------------- ours, the drop-in
    // cognito-headless/amplify with the very configuration Amplify gets below.
    const dropIn = await import(pathToFileURL(path.join(pkgDir, 'amplify.js')).href);
    const amplifyConfig = {
      Auth: { Cognito: { userPoolId: cfg.userPoolId, userPoolClientId: cfg.userPoolClientId, userPoolEndpoint: cfg.endpoint } },
    };
    dropIn.Amplify.configure(amplifyConfig);

    // ---------------------------------------------------------------- Amplify v6
    const { Amplify } = await import('aws-amplify');
    const amplifyAuth = await import('aws-amplify/auth');
    const warn = console.warn;
    console.warn = () => {}; // "You are using a custom Amazon Cognito User Pool endpoint" on every call
    Amplify.configure(amplifyConfig);

    const impls = { ours: oursAuth, 'ours-amplify': dropIn, amplify: amplifyAuth };
    const input = { username: DEMO_USER, password: DEMO_PASSWORD, options: { authFlowType: 'USER_SRP_AUTH' } };

    async function cycle(name) {
      const a = impls[name];
      const out = { ops: {} };
      const f0 = { ...timed.stats };
      const w0 = performance.now();
      const c0 = process.cpuUsage();
      for (const op of OPS) {
        const fw = timed.stats.wallMs;
        const fc = timed.stats.cpuUs;
        const n = timed.stats.ops.length;
        const t = performance.now();
        const c = process.cpuUsage();
        let r;
        if (op === 'signIn') r = await a.signIn(input);
        else if (op === 'fetchAuthSession') r = await a.fetchAuthSession();
        else r = await a.signOut();
        const cu = process.cpuUsage(c);
        const wall = performance.now() - t;
        if (op === 'signIn' && !r?.isSignedIn) throw new Error(`${name}: signIn did not complete: ${JSON.stringify(r)}`);
        if (op === 'fetchAuthSession' && !r?.tokens?.accessToken) throw new Error(`${name}: fetchAuthSession has no tokens`);
        const fetchWall = timed.stats.wallMs - fw;
        const cpu = (cu.user + cu.system) / 1000;
        const fetchCpu = (timed.stats.cpuUs - fc) / 1000;
        out.ops[op] = { wall, fetchWall, outside: wall - fetchWall, cpu, cpuOutside: cpu - fetchCpu, calls: timed.stats.ops.slice(n) };
      }
      const cu = process.cpuUsage(c0);
      out.wall = performance.now() - w0;
      out.fetchWall = timed.stats.wallMs - f0.wallMs;
      out.outside = out.wall - out.fetchWall;
      out.cpu = (cu.user + cu.system) / 1000;
      out.cpuOutside = out.cpu - (timed.stats.cpuUs - f0.cpuUs) / 1000;
      out.calls = timed.stats.calls - f0.calls;
      return out;
    }

    const names = Object.keys(impls);
    const first = {};
    for (const n of names) first[n] = await cycle(n);
    for (let w = 1; w < warmup; w++) for (const n of names) await cycle(n);
    log(`flow: ${names.join(' and ')} sign in against moto; ${runs} rounds …`);
    const samples = Object.fromEntries(names.map((n) => [n, []]));
    for (let r = 0; r < runs; r++) {
      for (let j = 0; j < names.length; j++) {
        const n = names[(r + j) % names.length];
        samples[n].push(await cycle(n));
      }
    }
    console.warn = warn;

    const result = { runs, warmup, motoEndpoint: cfg.endpoint, impls: {} };
    for (const n of names) {
      const s = samples[n];
      const pick = (f) => summary(s.map(f));
      result.impls[n] = {
        wall: pick((x) => x.wall),
        fetchWall: pick((x) => x.fetchWall),
        outside: pick((x) => x.outside),
        cpu: pick((x) => x.cpu),
        cpuOutside: pick((x) => x.cpuOutside),
        ops: Object.fromEntries(OPS.map((op) => [op, {
          outside: pick((x) => x.ops[op].outside),
          cpu: pick((x) => x.ops[op].cpu),
          calls: s[0].ops[op].calls,
        }])),
        firstCycle: { wall: first[n].wall, outside: first[n].outside, cpu: first[n].cpu },
      };
    }
    // Paired per round: ours ÷ Amplify within the same round (the machine's load hits both).
    const paired = (mine) => {
      const ratio = (f) => summary(samples[mine].map((x, i) => f(x) / f(samples.amplify[i])));
      return { outside: ratio((x) => x.outside), cpu: ratio((x) => x.cpu), cpuOutside: ratio((x) => x.cpuOutside) };
    };
    result.paired = paired('ours');
    result.pairedDropIn = paired('ours-amplify');
    return result;
  } finally {
    globalThis.fetch = realFetch;
    await moto.stop();
  }
}
