// Section "memory": our wasm's linear memory (WebAssembly.Memory buffer byteLength) over
// many signIn → signOut cycles against the in-process fake Cognito (cognito.mjs), in Node.
// The memory is read through the wasm-bindgen glue of the same package copy: its default
// export returns the already-initialised instance's exports (no public API involved).

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fakeCognito } from './cognito.mjs';
import { summary } from './stats.mjs';

export async function runMemory({ pkgDir, workDir, cycles = 1000, log = () => {} }) {
  // A private copy: a fresh instance that no other section has used.
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.cpSync(pkgDir, workDir, { recursive: true });
  const m = await import(pathToFileURL(path.join(workDir, 'index.js')).href);
  const glue = await import(pathToFileURL(path.join(workDir, 'wasm/cognito_headless.js')).href);
  const cfg = { userPoolId: 'us-east-1_AbCdEf123', userPoolClientId: '1example23456789abcdefghij', endpoint: 'https://cognito-idp.us-east-1.amazonaws.com/' };
  const username = 'demo';
  const fetch = fakeCognito({ userPoolId: cfg.userPoolId, clientId: cfg.userPoolClientId, username });
  const auth = await m.createAuth(cfg, { fetch, storage: m.createMemoryStorage(), crossTab: false, retry: false });
  const exports = await glue.default();
  if (!(exports?.memory instanceof WebAssembly.Memory)) throw new Error('memory: the glue did not return the instance exports');
  const bytes = () => exports.memory.buffer.byteLength;
  const checkpoints = new Set([1, 10, 100, cycles]);
  const points = [{ cycles: 0, bytes: bytes() }];
  const times = [];
  log(`memory: ${cycles} signIn → signOut cycles against the in-process fake Cognito …`);
  for (let i = 1; i <= cycles; i++) {
    const t0 = performance.now();
    const r = await auth.signIn({ username, password: 'Demo-Passw0rd!' });
    if (!r?.isSignedIn) throw new Error(`memory: sign-in ${i} did not complete: ${JSON.stringify(r)}`);
    await auth.signOut();
    times.push(performance.now() - t0);
    if (checkpoints.has(i)) points.push({ cycles: i, bytes: bytes() });
  }
  fs.rmSync(workDir, { recursive: true, force: true });
  return { cycles, points, cycleMs: summary(times), heapUsed: process.memoryUsage().heapUsed };
}
