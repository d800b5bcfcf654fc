#!/usr/bin/env node
// The Next.js App Router example (examples/next) against a local Cognito: `make demo-next`
// (scripts/demo.sh --next sets things up, then runs this), or the command `make demo`
// prints, which points it at that demo's local Cognito.
//
//   node scripts/demo-next.mjs
//
// Environment:
//   COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID (+ COGNITO_ENDPOINT for a local Cognito, and
//     COGNITO_DEMO_USERNAME / COGNITO_DEMO_PASSWORD to show on the sign-in page): use this
//     pool; no moto is started. Unset: a local Cognito (moto) is started and seeded here.
//   NEXT_PORT (default 3000) and MOTO_PORT (default 5000): a busy port is replaced by a free one.
//   NEXT_REBUILD=1: run `next build` even when examples/next/.next is newer than its sources.
//
// Ctrl-C (SIGINT), SIGTERM or SIGHUP stops every process this started. Logs:
// target/demo/{moto-next,next}.log.
//
// As a module (tests/e2e/next.mjs): buildNext(), startNext(), nextEnv().
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMoto, seedLocalCognito, freePort, superviseUntilReady } from './local-cognito.mjs';
import { pickPort } from './demo.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const NEXT_EXAMPLE = path.join(ROOT, 'examples/next');
const NEXT_BIN = path.join(NEXT_EXAMPLE, 'node_modules/next/dist/bin/next');

/** The environment examples/next reads at run time (lib/config.ts), for a seeded (or real) config. */
export function nextEnv(config) {
  const env = {
    COGNITO_USER_POOL_ID: config.userPoolId,
    COGNITO_CLIENT_ID: config.userPoolClientId,
    COGNITO_ENDPOINT: config.endpoint,
    COGNITO_DEMO_USERNAME: config.endpoint ? config.username : undefined,
    COGNITO_DEMO_PASSWORD: config.endpoint ? config.password : undefined,
  };
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
}

/** The caller's environment without COGNITO_* (only what this script sets reaches the app), telemetry off. */
function baseEnv(extra) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('COGNITO_')));
  return { ...base, NEXT_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0', NO_COLOR: '1', ...extra };
}

function checkInstalled() {
  if (!existsSync(NEXT_BIN)) {
    throw new Error(`${path.relative(process.cwd(), NEXT_BIN)} is missing: run scripts/install-examples.sh (make demo-next does).`);
  }
}

/**
 * `next build` in examples/next. The Cognito configuration is read at run time, so the
 * build needs none. Resolves with the build's wall time and output; rejects with the
 * output's tail when it fails.
 * @param {{ env?: Record<string,string>, log?: (chunk: string) => void }} [options]
 */
export async function buildNext({ env = {}, log } = {}) {
  checkInstalled();
  const t = Date.now();
  const child = spawn(process.execPath, [NEXT_BIN, 'build'], { cwd: NEXT_EXAMPLE, env: baseEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => {
    output += chunk;
    log?.(chunk.toString());
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const code = await new Promise((resolve) => child.once('exit', (c, signal) => resolve(c ?? signal)));
  if (code !== 0) throw new Error(`next build exited (${code}):\n${output.slice(-3000)}`);
  return { ms: Date.now() - t, output, pid: child.pid };
}

/** True when examples/next/.next is missing or older than a source of the app or the package. */
export function nextBuildIsStale() {
  const stamp = path.join(NEXT_EXAMPLE, '.next/BUILD_ID');
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  const sources = ['app', 'lib', 'proxy.ts', 'next.config.mjs', 'package.json', 'tsconfig.json'].map((p) => path.join(NEXT_EXAMPLE, p));
  sources.push(path.join(ROOT, 'target/pkg-build/package'));
  const newer = (p) => {
    if (!existsSync(p)) return false;
    const st = statSync(p);
    if (st.mtimeMs > built) return true;
    if (!st.isDirectory()) return false;
    return readdirSync(p).some((name) => newer(path.join(p, name)));
  };
  return sources.some(newer);
}

/**
 * `next start` for examples/next on 127.0.0.1 with `env`; waits until it answers.
 * @param {{ env: Record<string,string>, port?: number, log?: (chunk: string) => void }} options
 */
export async function startNext({ env, port, log }) {
  checkInstalled();
  port = port || (await freePort());
  const url = `http://127.0.0.1:${port}/`;
  const child = spawn(process.execPath, [NEXT_BIN, 'start', '--hostname', '127.0.0.1', '--port', String(port)], {
    cwd: NEXT_EXAMPLE,
    env: baseEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const service = await superviseUntilReady(child, {
    name: `next start on ${url}`,
    log,
    ready: async () => {
      const res = await fetch(url, { redirect: 'manual' });
      await res.arrayBuffer();
      if (res.status >= 500) throw new Error(`HTTP ${res.status}`);
    },
  });
  return { url, port, pid: child.pid, child, ...service };
}

// ------------------------------------------------------------------------- CLI
async function main() {
  const logDir = path.join(ROOT, 'target/demo');
  mkdirSync(logDir, { recursive: true });
  const motoLog = createWriteStream(path.join(logDir, 'moto-next.log'));
  const nextLog = createWriteStream(path.join(logDir, 'next.log'));
  const started = [];
  let stopping = false;
  const stopAll = async (code) => {
    if (stopping) return;
    stopping = true;
    for (const p of started.reverse()) {
      try {
        await p.stop();
      } catch {
        // already gone
      }
    }
    process.exit(code);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      if (!stopping) console.log(`\n${sig}: stopping the Next.js demo…`);
      stopAll(0);
    });
  }
  try {
    let config;
    if (process.env.COGNITO_USER_POOL_ID || process.env.COGNITO_CLIENT_ID) {
      if (!process.env.COGNITO_USER_POOL_ID || !process.env.COGNITO_CLIENT_ID) {
        throw new Error('Set both COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID (or neither, for a local Cognito started here).');
      }
      config = {
        userPoolId: process.env.COGNITO_USER_POOL_ID,
        userPoolClientId: process.env.COGNITO_CLIENT_ID,
        endpoint: process.env.COGNITO_ENDPOINT || undefined,
        username: process.env.COGNITO_DEMO_USERNAME,
        password: process.env.COGNITO_DEMO_PASSWORD,
      };
      console.log(`demo-next: using the user pool ${config.userPoolId}${config.endpoint ? ` at ${config.endpoint}` : ''} (no local Cognito started)`);
    } else {
      const port = await pickPort(Number(process.env.MOTO_PORT) || 5000);
      console.log(`demo-next: starting the local Cognito (moto) on 127.0.0.1:${port}`);
      const moto = await startMoto({ port, log: (line) => motoLog.write(`${line}\n`) });
      started.push(moto);
      moto.child.once('exit', (code) => {
        if (!stopping) {
          console.error(`demo-next: moto exited (${code}); stopping. See target/demo/moto-next.log`);
          stopAll(1);
        }
      });
      config = await seedLocalCognito(moto.endpoint);
    }

    if (process.env.NEXT_REBUILD === '1' || nextBuildIsStale()) {
      console.log('demo-next: next build (examples/next)…');
      const { ms } = await buildNext({ log: (t) => nextLog.write(t) });
      console.log(`demo-next: built in ${(ms / 1000).toFixed(1)} s`);
    } else {
      console.log('demo-next: examples/next/.next is up to date (NEXT_REBUILD=1 rebuilds it)');
    }
    const port = await pickPort(Number(process.env.NEXT_PORT) || 3000);
    const next = await startNext({ env: nextEnv(config), port, log: (t) => nextLog.write(t) });
    started.push(next);
    next.child.once('exit', (code) => {
      if (!stopping) {
        console.error(`demo-next: next exited (${code}); stopping. See target/demo/next.log`);
        stopAll(1);
      }
    });
    const line = '─'.repeat(72);
    const out = ['', line, `  cognito-headless Next.js demo: ${next.url}`, line, `  Protected page (proxy.ts + a server component): ${next.url}account`];
    if (config.endpoint) out.push(`  Local Cognito (moto): ${config.endpoint}`);
    if (config.username && config.password) out.push(`  Demo user:            ${config.username} / ${config.password}`);
    out.push(`  User pool:            ${config.userPoolId}  client ${config.userPoolClientId}`);
    out.push('', '  Logs: target/demo/next.log', '  Ctrl-C stops everything.', line, '');
    console.log(out.join('\n'));
  } catch (e) {
    console.error(`demo-next: ${e.message}`);
    await stopAll(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main();
}
