#!/usr/bin/env node
// The local Cognito of the demo and the end-to-end tests: a moto server on 127.0.0.1
// (MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP=true) and the seed both use.
//
//   node scripts/local-cognito.mjs [--port N]
//     starts moto, seeds it, prints the seeded configuration as one JSON line and keeps
//     running until Ctrl-C (SIGINT/SIGTERM stop moto too).
//
// As a module: startMoto({ port?, log? }) → { endpoint, port, stop(), logTail() } and
// seedLocalCognito(endpoint) → the configuration (see DEMO_* below).
//
// The seed:
//   - pool "demo": password policy (8+ characters, upper, lower, digit, symbol), `email`
//     a required attribute (auto-verified), MFA OPTIONAL with TOTP enabled;
//   - pool "demo-mfa": the same with MfaConfiguration ON (TOTP): every sign-in without a
//     TOTP device goes through the TOTP setup route;
//   - for each, a public app client (no secret) allowing USER_SRP_AUTH,
//     USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH and CUSTOM_AUTH;
//   - an identity pool (guests allowed) trusting both pools' clients;
//   - in both pools, the confirmed user DEMO_USER (verified email) with DEMO_PASSWORD.
//
// moto checks neither SRP proofs nor confirmation codes: any code confirms a sign-up, and
// a wrong password is only refused in the USER_PASSWORD_AUTH flow. It does check TOTP
// codes (MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP) against the secret it handed out.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const MOTO_SERVER = process.env.MOTO_SERVER || path.join(ROOT, '.venv/bin/moto_server');

export const REGION = 'us-east-1';
export const DEMO_USER = 'demo';
export const DEMO_PASSWORD = 'Demo-Passw0rd!';
export const DEMO_EMAIL = 'demo@example.com';
/** The pools' password policy, in Cognito's shape and in the authenticator's. */
export const PASSWORD_POLICY = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
};
export const UI_PASSWORD_POLICY = {
  minLength: 8,
  requireUppercase: true,
  requireLowercase: true,
  requireNumbers: true,
  requireSpecialCharacters: true,
};

const IDP = 'AWSCognitoIdentityProviderService';
const IDENTITY = 'AWSCognitoIdentityService';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** One JSON call to the local Cognito; throws unless HTTP 200. */
export async function call(endpoint, service, op, body) {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${service}.${op}` },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${op} -> HTTP ${res.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : {};
}

/**
 * Starts moto on 127.0.0.1 and waits until it answers.
 * @param {{ port?: number, log?: (line: string) => void }} [options]
 */
export async function startMoto(options = {}) {
  if (!existsSync(MOTO_SERVER)) {
    throw new Error(
      `${path.relative(process.cwd(), MOTO_SERVER)} is missing: run scripts/setup.sh (it installs moto[server] into .venv).`,
    );
  }
  const port = options.port || (await freePort());
  const endpoint = `http://127.0.0.1:${port}/`;
  const child = spawn(MOTO_SERVER, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1', MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP: 'true' },
  });
  const log = options.log && ((text) => {
    for (const line of text.split('\n')) if (line.trim()) options.log(line);
  });
  const service = await superviseUntilReady(child, {
    name: `moto_server on port ${port}`,
    log,
    intervalMs: 150,
    ready: () => call(endpoint, IDP, 'ListUserPools', { MaxResults: 1 }),
  });
  try {
    await checkCorsPreflight(endpoint);
  } catch (e) {
    await service.stop();
    throw e;
  }
  return { endpoint, port, pid: child.pid, child, stop: service.stop, logTail: service.logTail };
}

/**
 * Sends the CORS preflight a browser page sends before its first Cognito call and throws
 * unless the answer lets the call through (some moto versions answer it with an HTML 500,
 * and then no page can reach the local Cognito).
 * @param {string} endpoint
 * @param {string} [origin] the page's origin
 */
export async function checkCorsPreflight(endpoint, origin = 'http://127.0.0.1:5173') {
  const res = await fetch(endpoint, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,x-amz-target,x-amz-user-agent',
    },
  });
  await res.arrayBuffer();
  const allowOrigin = res.headers.get('access-control-allow-origin');
  const allowHeaders = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase();
  if (!res.ok || (allowOrigin !== origin && allowOrigin !== '*') || !allowHeaders.includes('x-amz-target')) {
    throw new Error(
      `the local Cognito at ${endpoint} refuses a browser's CORS preflight (HTTP ${res.status}, ` +
        `allow-origin ${allowOrigin}, allow-headers ${allowHeaders || 'none'}): pages cannot reach it. ` +
        `Use the moto version scripts/setup.sh installs.`,
    );
  }
}

/**
 * Watches a spawned server: keeps the tail of its output, polls `ready()` until it
 * resolves (at most 60 s) and returns `{ stop, exited, logTail }`; throws, after stopping
 * the child, when it exits first or never gets ready. `stop()` sends SIGTERM, then SIGKILL
 * after 5 s.
 * @param {import('node:child_process').ChildProcess} child
 * @param {{ name: string, ready: () => Promise<unknown>, log?: (text: string) => void, intervalMs?: number }} options
 */
export async function superviseUntilReady(child, { name, ready, log, intervalMs = 200 }) {
  let tail = '';
  const keep = (chunk) => {
    const text = chunk.toString();
    tail = (tail + text).slice(-6000);
    log?.(text);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if (!(await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]))) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    const code = await Promise.race([exited, sleep(intervalMs).then(() => undefined)]);
    if (code !== undefined) throw new Error(`${name} exited (${code}):\n${tail}`);
    try {
      await ready();
      return { stop, exited, logTail: () => tail };
    } catch {
      // not up yet
    }
  }
  await stop();
  throw new Error(`${name} did not answer within 60 s:\n${tail}`);
}

async function createPool(endpoint, name, mfa) {
  const idp = (op, body) => call(endpoint, IDP, op, body);
  const { UserPool } = await idp('CreateUserPool', {
    PoolName: name,
    Policies: { PasswordPolicy: PASSWORD_POLICY },
    Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }],
    AutoVerifiedAttributes: ['email'],
    MfaConfiguration: mfa,
    AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
  });
  await idp('SetUserPoolMfaConfig', {
    UserPoolId: UserPool.Id,
    MfaConfiguration: mfa,
    SoftwareTokenMfaConfiguration: { Enabled: true },
  });
  const { UserPoolClient } = await idp('CreateUserPoolClient', {
    UserPoolId: UserPool.Id,
    ClientName: `${name}-web`,
    GenerateSecret: false,
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_CUSTOM_AUTH'],
  });
  return { userPoolId: UserPool.Id, userPoolClientId: UserPoolClient.ClientId };
}

/** A confirmed user with a permanent password and a verified email. */
export async function createConfirmedUser(endpoint, userPoolId, username, password, email) {
  const idp = (op, body) => call(endpoint, IDP, op, body);
  await idp('AdminCreateUser', {
    UserPoolId: userPoolId,
    Username: username,
    TemporaryPassword: 'Temp-Passw0rd!',
    MessageAction: 'SUPPRESS',
    UserAttributes: [
      { Name: 'email', Value: email },
      { Name: 'email_verified', Value: 'true' },
    ],
  });
  await idp('AdminSetUserPassword', { UserPoolId: userPoolId, Username: username, Password: password, Permanent: true });
}

/**
 * Seeds a fresh local Cognito. Returns the configuration the example app and the tests use.
 * @param {string} endpoint
 */
export async function seedLocalCognito(endpoint) {
  const main = await createPool(endpoint, 'demo', 'OPTIONAL');
  const mfa = await createPool(endpoint, 'demo-mfa', 'ON');
  const { IdentityPoolId } = await call(endpoint, IDENTITY, 'CreateIdentityPool', {
    IdentityPoolName: 'demo_identities',
    AllowUnauthenticatedIdentities: true,
    CognitoIdentityProviders: [main, mfa].map((p) => ({
      ProviderName: `cognito-idp.${REGION}.amazonaws.com/${p.userPoolId}`,
      ClientId: p.userPoolClientId,
    })),
  });
  for (const pool of [main, mfa]) {
    await createConfirmedUser(endpoint, pool.userPoolId, DEMO_USER, DEMO_PASSWORD, DEMO_EMAIL);
  }
  return {
    endpoint,
    region: REGION,
    userPoolId: main.userPoolId,
    userPoolClientId: main.userPoolClientId,
    mfaUserPoolId: mfa.userPoolId,
    mfaUserPoolClientId: mfa.userPoolClientId,
    identityPoolId: IdentityPoolId,
    username: DEMO_USER,
    password: DEMO_PASSWORD,
    email: DEMO_EMAIL,
  };
}

// ------------------------------------------------------------------------- CLI
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--port');
  const port = i > 0 ? Number(process.argv[i + 1]) : undefined;
  const moto = await startMoto({ port });
  const shutdown = async () => {
    await moto.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  try {
    console.log(JSON.stringify(await seedLocalCognito(moto.endpoint)));
  } catch (e) {
    console.error(e.message);
    await moto.stop();
    process.exit(1);
  }
}
