// The measuring loop of the flow section, shared by Node (flow.mjs) and Chromium
// (flow-page.mjs): one cycle = signIn → fetchAuthSession → signOut; warm-up rounds, then
// rounds that run every client once, the order rotating round by round.
//
// `timed` is a timedFetch (cognito.mjs) both clients go through. `cpuMs()` returns the
// process CPU time in ms (Node: process.cpuUsage), or is absent (the browser: wall time only).

import { summary } from './stats.mjs';

export const OPS = ['signIn', 'fetchAuthSession', 'signOut'];

export async function runFlowRounds({ impls, timed, input, warmup, runs, cpuMs, log = () => {} }) {
  const cpu = cpuMs ?? (() => NaN);
  const s = timed.stats;
  async function cycle(name) {
    const a = impls[name];
    const out = { ops: {} };
    const f0 = { calls: s.calls, wallMs: s.wallMs, cpuMs: s.cpuMs };
    const w0 = performance.now();
    const c0 = cpu();
    for (const op of OPS) {
      const fw = s.wallMs;
      const fc = s.cpuMs;
      const n = s.ops.length;
      const c = cpu();
      const t = performance.now();
      let r;
      if (op === 'signIn') r = await a.signIn(input);
      else if (op === 'fetchAuthSession') r = await a.fetchAuthSession();
      else r = await a.signOut();
      const wall = performance.now() - t;
      const used = cpu() - c;
      if (op === 'signIn' && !r?.isSignedIn) throw new Error(`${name}: signIn did not complete: ${JSON.stringify(r)}`);
      if (op === 'fetchAuthSession' && !r?.tokens?.accessToken) throw new Error(`${name}: fetchAuthSession has no tokens`);
      const fetchWall = s.wallMs - fw;
      out.ops[op] = { wall, fetchWall, outside: wall - fetchWall, cpu: used, cpuOutside: used - (s.cpuMs - fc), calls: s.ops.slice(n) };
    }
    out.cpu = cpu() - c0;
    out.wall = performance.now() - w0;
    out.fetchWall = s.wallMs - f0.wallMs;
    out.outside = out.wall - out.fetchWall;
    out.cpuOutside = out.cpu - (s.cpuMs - f0.cpuMs);
    out.calls = s.calls - f0.calls;
    return out;
  }

  const names = Object.keys(impls);
  const first = {};
  for (const n of names) first[n] = await cycle(n);
  for (let w = 1; w < warmup; w++) for (const n of names) await cycle(n);
  log(`flow: ${names.join(', ')}; ${runs} rounds …`);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < runs; r++) {
    for (let j = 0; j < names.length; j++) {
      const n = names[(r + j) % names.length];
      samples[n].push(await cycle(n));
    }
  }

  const result = { runs, warmup, cpu: !!cpuMs, impls: {} };
  for (const n of names) {
    const xs = samples[n];
    const pick = (f) => summary(xs.map(f));
    result.impls[n] = {
      wall: pick((x) => x.wall),
      fetchWall: pick((x) => x.fetchWall),
      outside: pick((x) => x.outside),
      cpu: pick((x) => x.cpu),
      cpuOutside: pick((x) => x.cpuOutside),
      ops: Object.fromEntries(OPS.map((op) => [op, {
        outside: pick((x) => x.ops[op].outside),
        cpu: pick((x) => x.ops[op].cpu),
        calls: xs[0].ops[op].calls,
      }])),
      firstCycle: { wall: first[n].wall, outside: first[n].outside, cpu: first[n].cpu },
    };
  }
  // Paired per round: mine ÷ Amplify within the same round (the machine's load hits both).
  const paired = (mine) => {
    if (!samples[mine] || !samples.amplify) return undefined;
    const ratio = (f) => summary(samples[mine].map((x, i) => f(x) / f(samples.amplify[i])));
    return { outside: ratio((x) => x.outside), cpu: ratio((x) => x.cpu), cpuOutside: ratio((x) => x.cpuOutside) };
  };
  result.paired = paired('ours');
  result.pairedDropIn = paired('ours-amplify');
  return result;
}
