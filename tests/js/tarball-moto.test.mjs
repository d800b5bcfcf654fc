// The packed npm tarball (dist/cognito-headless-0.1.0.tgz, made by `make package`),
// installed into a fresh directory with npm, driven against moto's local Cognito on
// 127.0.0.1: SRP and password sign-in, sessions, refresh, sign-out and restore. No
// network beyond loopback.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { MOTO_SERVER as motoServer, call, startMoto } from '../../scripts/local-cognito.mjs';

const execFileP = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const version = JSON.parse(readFileSync(path.join(root, 'pkg-template/package.json'), 'utf8')).version;
const tarball = path.join(root, `dist/cognito-headless-${version}.tgz`);

const REGION = 'us-east-1';
const USERNAME = 'mallory';
const PASSWORD = 'Str0ng-Passw0rd!';

let tmpDir;
let pkg;
let pool;

let moto;
let endpoint;
/** A direct (admin) JSON call to moto's Cognito user pool API. */
const cognito = (op, body) => call(endpoint, 'AWSCognitoIdentityProviderService', op, body);

async function createPool() {
  const { UserPool } = await cognito('CreateUserPool', {
    PoolName: 'tarball-test',
    Policies: {
      PasswordPolicy: {
        MinimumLength: 8,
        RequireUppercase: true,
        RequireLowercase: true,
        RequireNumbers: true,
        RequireSymbols: true,
      },
    },
  });
  const { UserPoolClient } = await cognito('CreateUserPoolClient', {
    UserPoolId: UserPool.Id,
    ClientName: 'web',
    GenerateSecret: false,
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  const { User } = await cognito('AdminCreateUser', {
    UserPoolId: UserPool.Id,
    Username: USERNAME,
    TemporaryPassword: 'Temp-Passw0rd!',
    MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: 'mallory@example.com' }],
  });
  await cognito('AdminSetUserPassword', {
    UserPoolId: UserPool.Id,
    Username: USERNAME,
    Password: PASSWORD,
    Permanent: true,
  });
  const sub = User.Attributes.find((a) => a.Name === 'sub')?.Value;
  expect(UserPool.Id.startsWith(`${REGION}_`)).toBe(true);
  expect(sub).toMatch(/^[0-9a-f-]{36}$/);
  return { poolId: UserPool.Id, clientId: UserPoolClient.ClientId, sub };
}

/** A storage the test can inspect: Map contents plus every write. */
function recordingStorage() {
  const map = new Map();
  const writes = [];
  return {
    map,
    writes,
    async setItem(k, v) {
      writes.push(['set', k]);
      map.set(k, v);
    },
    async getItem(k) {
      return map.has(k) ? map.get(k) : null;
    },
    async removeItem(k) {
      writes.push(['remove', k]);
      map.delete(k);
    },
    async clear() {
      map.clear();
    },
  };
}

const seen = { srpChallenges: 0 };

/**
 * Every request the package makes goes through here: loopback only. It counts the
 * PASSWORD_VERIFIER challenges so the test can prove SRP ran (moto sends the sub as
 * `USER_ID_FOR_SRP` and the name as `USERNAME`; the machine answers with `USERNAME`).
 */
const loopbackFetch = async (input, init) => {
  const url = new URL(String(input));
  if (url.hostname !== '127.0.0.1') throw new Error(`test refused a request to ${url.href}`);
  const res = await fetch(input, init);
  const target = new Headers(init?.headers).get('x-amz-target');
  if (target !== 'AWSCognitoIdentityProviderService.InitiateAuth' || !res.ok) return res;
  const text = await res.text();
  if (text.includes('"PASSWORD_VERIFIER"')) seen.srpChallenges += 1;
  return new Response(text, { status: res.status, headers: res.headers });
};

beforeAll(async () => {
  if (!existsSync(tarball)) {
    throw new Error(`${path.relative(root, tarball)} is missing. Run \`make package\` (scripts/package.sh) first.`);
  }
  if (!existsSync(motoServer)) {
    throw new Error(`${path.relative(root, motoServer)} is missing. Run scripts/setup.sh (it creates .venv with moto[server]).`);
  }
  tmpDir = await mkdtemp(path.join(os.tmpdir(), 'cognito-headless-tarball-'));
  await writeFile(
    path.join(tmpDir, 'package.json'),
    JSON.stringify({ name: 'tarball-consumer', version: '1.0.0', private: true, type: 'module' }, null, 2),
  );
  const [, started] = await Promise.all([
    execFileP('npm', ['install', '--no-audit', '--no-fund', '--offline', '--no-package-lock', tarball], {
      cwd: tmpDir,
      env: { ...process.env, npm_config_update_notifier: 'false' },
      timeout: 120000,
    }),
    startMoto().then((m) => {
      moto = m;
      endpoint = m.endpoint;
      return true;
    }),
  ]);
  expect(started).toBe(true);
  const installed = path.join(tmpDir, 'node_modules/cognito-headless');
  pkg = await import(pathToFileURL(path.join(installed, 'index.js')).href);
  pool = await createPool();
}, 180000);

afterAll(async () => {
  await moto?.stop();
  if (tmpDir) await rm(tmpDir, { recursive: true, force: true });
}, 30000);

describe('the installed tarball', () => {
  it('has the package layout and resolves through its exports map', async () => {
    const installed = path.join(tmpDir, 'node_modules/cognito-headless');
    const manifest = JSON.parse(await readFile(path.join(installed, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ name: 'cognito-headless', version, type: 'module', sideEffects: false, license: 'MIT' });
    expect(manifest.dependencies ?? {}).toEqual({});
    for (const f of ['index.js', 'index.d.ts', 'README.md', 'wasm/cognito_headless.js', 'wasm/cognito_headless_bg.wasm', 'wasm/cognito_headless.d.ts']) {
      expect(existsSync(path.join(installed, f)), f).toBe(true);
    }
    expect(existsSync(path.join(installed, 'wasm/package.json'))).toBe(false);
    // A consumer's bare import, in a plain node process (no vitest transforms).
    const script = [
      "import * as m from 'cognito-headless';",
      "import { createRequire } from 'node:module';",
      "const manifest = createRequire(import.meta.url)('cognito-headless/package.json');",
      'console.log(JSON.stringify({ exports: Object.keys(m).sort(), name: manifest.name }));',
    ].join('\n');
    const { stdout } = await execFileP(process.execPath, ['--input-type=module', '-e', script], { cwd: tmpDir, timeout: 60000 });
    expect(JSON.parse(stdout.trim())).toEqual({
      exports: ['AuthError', 'createAuth', 'createAuthenticator', 'createMemoryStorage', 'decodeJWT', 'isPasskeySupported', 'preloadWasm'],
      name: 'cognito-headless',
    });
  }, 60000);

  it('works against moto: SRP sign-in, session, sign-out, restore, wrong password, forced refresh', async () => {
    const { createAuth, AuthError } = pkg;
    const config = { userPoolId: pool.poolId, userPoolClientId: pool.clientId, endpoint };
    const storage = recordingStorage();
    const prefix = `CognitoIdentityServiceProvider.${pool.clientId}`;
    const lastAuthUser = `${prefix}.LastAuthUser`;
    const key = (name) => `${prefix}.${USERNAME}.${name}`;

    const auth = await createAuth(config, { fetch: loopbackFetch, storage, timeoutMs: 30000 });
    expect(auth.getSnapshot().authStatus).toBe('unauthenticated');

    // 1. SRP sign-in (the default flow).
    const signedInEvents = [];
    auth.listen('signedIn', (p) => signedInEvents.push(p.data));
    await expect(auth.signIn({ username: USERNAME, password: PASSWORD })).resolves.toEqual({
      isSignedIn: true,
      nextStep: { signInStep: 'DONE' },
    });
    expect(signedInEvents).toEqual([
      { username: USERNAME, userId: pool.sub, signInDetails: { loginId: USERNAME, authFlowType: 'USER_SRP_AUTH' } },
    ]);
    expect(auth.getSnapshot()).toMatchObject({ authStatus: 'authenticated', user: { username: USERNAME, userId: pool.sub } });
    expect(storage.map.get(lastAuthUser)).toBe(USERNAME);
    expect(seen.srpChallenges).toBe(1); // the SRP flow (InitiateAuth -> PASSWORD_VERIFIER) ran

    // 2. The session's tokens are moto's, for this user.
    const session = await auth.fetchAuthSession();
    expect(session.userSub).toBe(pool.sub);
    expect(session.tokens.accessToken.payload).toMatchObject({ username: USERNAME, sub: pool.sub, token_use: 'access', client_id: pool.clientId });
    expect(session.tokens.idToken.payload).toMatchObject({ 'cognito:username': USERNAME, sub: pool.sub, token_use: 'id', aud: pool.clientId });
    expect(session.tokens.accessToken.toString()).toBe(storage.map.get(key('accessToken')));
    // moto knows the token: GetUser with it works.
    const user = await cognito('GetUser', { AccessToken: session.tokens.accessToken.toString() });
    expect(user.Username).toBe(USERNAME);
    await expect(auth.getCurrentUser()).resolves.toMatchObject({ username: USERNAME, userId: pool.sub });

    // 3. Sign out: tokens and LastAuthUser gone (moto lacks RevokeToken; its error is swallowed).
    await expect(auth.signOut()).resolves.toBeUndefined();
    expect(storage.map.has(lastAuthUser)).toBe(false);
    for (const name of ['accessToken', 'idToken', 'refreshToken', 'clockDrift', 'signInDetails']) {
      expect(storage.map.has(key(name)), name).toBe(false);
    }
    expect(auth.getSnapshot().authStatus).toBe('unauthenticated');
    expect((await auth.fetchAuthSession()).tokens).toBeUndefined();

    // 4. Sign in again (SRP).
    await auth.signIn({ username: USERNAME, password: PASSWORD, options: { authFlowType: 'USER_SRP_AUTH' } });
    const access2 = storage.map.get(key('accessToken'));
    expect(access2).toBeTruthy();

    // 5. A new createAuth over the same storage restores the session.
    const auth2 = await createAuth(config, { fetch: loopbackFetch, storage, timeoutMs: 30000 });
    expect(auth2.getSnapshot()).toMatchObject({ authStatus: 'authenticated', user: { username: USERNAME, userId: pool.sub } });
    const restored = await auth2.fetchAuthSession();
    expect(restored.tokens.accessToken.toString()).toBe(access2);

    // 6. A forced refresh returns new tokens from moto and stores them.
    const refreshEvents = [];
    auth2.listen('tokenRefresh', (p) => refreshEvents.push(p.event));
    const refreshToken = storage.map.get(key('refreshToken'));
    const fresh = await auth2.fetchAuthSession({ forceRefresh: true });
    expect(fresh.tokens.accessToken.toString()).not.toBe(access2);
    expect(fresh.tokens.accessToken.payload).toMatchObject({ username: USERNAME, sub: pool.sub });
    expect(fresh.userSub).toBe(pool.sub);
    expect(storage.map.get(key('accessToken'))).toBe(fresh.tokens.accessToken.toString());
    expect(storage.map.get(key('refreshToken'))).toBe(refreshToken);
    expect(refreshEvents).toEqual(['tokenRefresh']);
    const refreshedUser = await cognito('GetUser', { AccessToken: fresh.tokens.accessToken.toString() });
    expect(refreshedUser.Username).toBe(USERNAME);

    // 7. USER_PASSWORD_AUTH with a wrong password, from a signed-out instance: NotAuthorizedException, storage unchanged.
    await auth2.signOut();
    const before = new Map(storage.map);
    const writes = storage.writes.length;
    const err = await auth2
      .signIn({ username: USERNAME, password: 'Wr0ng-Passw0rd!', options: { authFlowType: 'USER_PASSWORD_AUTH' } })
      .catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.name).toBe('NotAuthorizedException');
    expect(storage.map).toEqual(before);
    expect(storage.writes.length).toBe(writes);
    expect(auth2.getSnapshot().authStatus).toBe('unauthenticated');

    // 8. And the right password with USER_PASSWORD_AUTH signs in.
    await expect(
      auth2.signIn({ username: USERNAME, password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } }),
    ).resolves.toMatchObject({ isSignedIn: true });
    expect(JSON.parse(storage.map.get(key('signInDetails')))).toEqual({ loginId: USERNAME, authFlowType: 'USER_PASSWORD_AUTH' });
  }, 120000);
});
