// Section "startup": from the .wasm bytes in memory to a ready authenticator, i.e.
// WebAssembly.compile + instantiate + createAuth(config) until it resolves (storage empty,
// so no network), each time with a fresh copy of the package's JS (a fresh module graph:
// its loader instantiates once per realm) and bytes no engine cache has seen (wasm-nonce.mjs).
// Node here; Chromium through startup-page.mjs (one fresh page per sample).

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { withNonce } from './wasm-nonce.mjs';
import { summary } from './stats.mjs';

export const STARTUP_CONFIG = {
  userPoolId: 'us-east-1_AbCdEf123',
  userPoolClientId: '1example23456789abcdefghij',
  endpoint: 'http://127.0.0.1:9/',
};

export async function startupNode({ pkgDir, workDir, runs = 9 }) {
  const bytes = fs.readFileSync(path.join(pkgDir, 'wasm/cognito_headless_bg.wasm'));
  const samples = [];
  let calls = 0;
  const noFetch = async () => {
    calls++;
    throw new Error('startup: no network expected');
  };
  for (let i = 0; i < runs; i++) {
    const dir = path.join(workDir, `node-${i}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.cpSync(pkgDir, dir, { recursive: true, filter: (src) => !src.endsWith('.wasm') });
    const m = await import(pathToFileURL(path.join(dir, 'index.js')).href);
    const b = withNonce(bytes, `node-${process.pid}-${i}-${Date.now()}`);
    const t0 = performance.now();
    const module = await WebAssembly.compile(b);
    const t1 = performance.now();
    await m.createAuth(STARTUP_CONFIG, { wasmModule: module, storage: m.createMemoryStorage(), crossTab: false, fetch: noFetch });
    const t2 = performance.now();
    samples.push({ compile: t1 - t0, init: t2 - t1, total: t2 - t0 });
  }
  if (calls) throw new Error('startup: createAuth made network calls');
  fs.rmSync(workDir, { recursive: true, force: true });
  return summarize(samples);
}

export function summarize(samples) {
  return {
    runs: samples.length,
    compile: summary(samples.map((s) => s.compile)),
    init: summary(samples.map((s) => s.init)),
    total: summary(samples.map((s) => s.total)),
    first: samples[0],
  };
}
