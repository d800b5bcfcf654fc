#!/usr/bin/env node
// The demo stack: the local Cognito (moto, seeded) and the React example under Vite, both
// on 127.0.0.1. `make demo` runs scripts/demo.sh, which sets things up and then runs this.
//
//   node scripts/demo.mjs
//
// Environment:
//   COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID   use this real user pool instead of the local
//     Cognito (no moto then); optional COGNITO_IDENTITY_POOL_ID and COGNITO_REGION, and
//     COGNITO_MFA_USER_POOL_ID / COGNITO_MFA_CLIENT_ID for the pool switch.
//   DEMO_PORT (default 5173) and MOTO_PORT (default 5000): a busy port is replaced by a free one.
//
// Ctrl-C (SIGINT), SIGTERM or SIGHUP stops every process this started. So does one of
// them dying. Logs: target/demo/{moto,vite}.log.
//
// As a module (tests/e2e/run.mjs): startVite(), viteEnv().
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMoto, seedLocalCognito, freePort, superviseUntilReady } from './local-cognito.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const EXAMPLE = path.join(ROOT, 'examples/react');
const VITE_BIN = path.join(EXAMPLE, 'node_modules/vite/bin/vite.js');

/** The environment the example's vite.config.js reads, for a seeded (or real) config. */
export function viteEnv(config) {
  const env = {
    COGNITO_USER_POOL_ID: config.userPoolId,
    COGNITO_CLIENT_ID: config.userPoolClientId,
    COGNITO_IDENTITY_POOL_ID: config.identityPoolId,
    COGNITO_REGION: config.region,
    COGNITO_MFA_USER_POOL_ID: config.mfaUserPoolId,
    COGNITO_MFA_CLIENT_ID: config.mfaUserPoolClientId,
    COGNITO_ENDPOINT: config.endpoint,
    COGNITO_REFRESH_FLOW: config.refreshFlow,
    COGNITO_DEMO_USERNAME: config.endpoint ? config.username : undefined,
    COGNITO_DEMO_PASSWORD: config.endpoint ? config.password : undefined,
  };
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** `preferred` when it is free, else any free port. */
export async function pickPort(preferred) {
  if (preferred && (await portIsFree(preferred))) return preferred;
  return freePort();
}

/**
 * Starts Vite for examples/react on 127.0.0.1 with `env` and waits until the page answers.
 * @param {{ env: Record<string,string>, port?: number, log?: (chunk: string) => void }} options
 */
export async function startVite({ env, port, log }) {
  if (!existsSync(VITE_BIN)) {
    throw new Error(`${path.relative(process.cwd(), VITE_BIN)} is missing: run scripts/install-examples.sh (make demo does).`);
  }
  port = port || (await freePort());
  const url = `http://127.0.0.1:${port}/`;
  // Only the Cognito variables this demo sets: none left over from the caller's shell.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('COGNITO_')));
  const child = spawn(process.execPath, [VITE_BIN, '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--clearScreen', 'false'], {
    cwd: EXAMPLE,
    env: { ...base, ...env, BROWSER: 'none', FORCE_COLOR: '0', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const service = await superviseUntilReady(child, {
    name: `vite on ${url}`,
    log,
    ready: async () => {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
    },
  });
  return { url, port, pid: child.pid, child, ...service };
}

// ------------------------------------------------------------------------- CLI
async function main() {
  const logDir = path.join(ROOT, 'target/demo');
  mkdirSync(logDir, { recursive: true });
  const motoLog = createWriteStream(path.join(logDir, 'moto.log'));
  const viteLog = createWriteStream(path.join(logDir, 'vite.log'));
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
      if (!stopping) console.log(`\n${sig}: stopping the demo…`);
      stopAll(0);
    });
  }

  try {
    let config;
    const real = process.env.COGNITO_USER_POOL_ID || process.env.COGNITO_CLIENT_ID;
    if (real) {
      if (!process.env.COGNITO_USER_POOL_ID || !process.env.COGNITO_CLIENT_ID) {
        throw new Error('Set both COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID (or neither, for the local Cognito).');
      }
      config = {
        userPoolId: process.env.COGNITO_USER_POOL_ID,
        userPoolClientId: process.env.COGNITO_CLIENT_ID,
        identityPoolId: process.env.COGNITO_IDENTITY_POOL_ID,
        region: process.env.COGNITO_REGION,
        mfaUserPoolId: process.env.COGNITO_MFA_USER_POOL_ID,
        mfaUserPoolClientId: process.env.COGNITO_MFA_CLIENT_ID,
        refreshFlow: process.env.COGNITO_REFRESH_FLOW,
      };
      console.log(`demo: using the real user pool ${config.userPoolId} (no local Cognito)`);
    } else {
      const port = await pickPort(Number(process.env.MOTO_PORT) || 5000);
      console.log(`demo: starting the local Cognito (moto) on 127.0.0.1:${port}`);
      const moto = await startMoto({ port, log: (line) => motoLog.write(`${line}\n`) });
      started.push(moto);
      moto.child.once('exit', (code) => {
        if (!stopping) {
          console.error(`demo: moto exited (${code}); stopping. See target/demo/moto.log`);
          stopAll(1);
        }
      });
      config = { ...(await seedLocalCognito(moto.endpoint)), refreshFlow: process.env.COGNITO_REFRESH_FLOW || 'initiateAuth' };
    }

    const port = await pickPort(Number(process.env.DEMO_PORT) || 5173);
    const vite = await startVite({ env: viteEnv(config), port, log: (t) => viteLog.write(t) });
    started.push(vite);
    vite.child.once('exit', (code) => {
      if (!stopping) {
        console.error(`demo: vite exited (${code}); stopping. See target/demo/vite.log`);
        stopAll(1);
      }
    });

    const line = '─'.repeat(72);
    const out = [
      '',
      line,
      `  cognito-headless demo: ${vite.url}`,
      line,
    ];
    if (config.endpoint) {
      out.push(
        `  Local Cognito (moto): ${config.endpoint}`,
        `  Demo user:            ${config.username} / ${config.password}  (in both pools)`,
        `  Standard pool:        ${config.userPoolId}  (optional TOTP MFA)`,
        `  MFA-required pool:    ${config.mfaUserPoolId}  (${vite.url}?pool=mfa: TOTP setup)`,
        `  Identity pool:        ${config.identityPoolId}`,
        '',
        '  Note: the local Cognito accepts ANY SRP proof and ANY confirmation code.',
        '  A wrong password is refused only in the USER_PASSWORD_AUTH flow (the',
        '  sign-in form has a switch). TOTP codes are checked against the shown secret.',
        '',
        '  Server side (cookie storage), in another terminal:',
        `    COGNITO_ENDPOINT=${config.endpoint} COGNITO_USER_POOL_ID=${config.userPoolId} \\`,
        `    COGNITO_CLIENT_ID=${config.userPoolClientId} COGNITO_IDENTITY_POOL_ID=${config.identityPoolId} \\`,
        `    COGNITO_USERNAME=${config.username} COGNITO_PASSWORD='${config.password}' node examples/node/session.mjs`,
        '',
        '  Next.js App Router example (examples/next: next build, next start) against this',
        '  local Cognito, in another terminal (`make demo-next` starts it with its own):',
        `    COGNITO_ENDPOINT=${config.endpoint} COGNITO_USER_POOL_ID=${config.userPoolId} \\`,
        `    COGNITO_CLIENT_ID=${config.userPoolClientId} COGNITO_DEMO_USERNAME=${config.username} \\`,
        `    COGNITO_DEMO_PASSWORD='${config.password}' node scripts/demo-next.mjs`,
      );
    } else {
      out.push(`  User pool: ${config.userPoolId}  client ${config.userPoolClientId}`);
      if (config.identityPoolId) out.push(`  Identity pool: ${config.identityPoolId}`);
    }
    out.push('', `  Logs: ${config.endpoint ? 'target/demo/moto.log, ' : ''}target/demo/vite.log`, '  Ctrl-C stops everything.', line, '');
    console.log(out.join('\n'));
  } catch (e) {
    console.error(`demo: ${e.message}`);
    await stopAll(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main();
}
