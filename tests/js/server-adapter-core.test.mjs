// cognito-headless/adapter-core + cognito-headless/server as aliases of aws-amplify/adapter-core
// + aws-amplify/auth/server: one request handler, written against Amplify's modules, runs
// with Amplify's (aws-amplify 6.22) and with ours over the same cookies: same user, same
// tokens; an expired session is refreshed by each and written back through the cookie
// adapter; ours refuses a forged token (Amplify's adapter-core has no validator here).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as amplifyCore from 'aws-amplify/adapter-core';
import * as amplifyServer from 'aws-amplify/auth/server';
import { importBuilt } from './support/built-package.mjs';
import { createSignedPool, rsaKey, sessionCookies } from './support/signed-cognito.mjs';

const oursCore = await importBuilt('adapter-core.js');
const oursServer = await importBuilt('server.js');

const POOL_ID = 'us-east-1_SrvCore1';
const CLIENT_ID = 'srvcoreclient1';
const config = { Auth: { Cognito: { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID } } };
const pool = createSignedPool({ poolId: POOL_ID, clientId: CLIENT_ID });
// Our runner fetches through the global fetch by default, as Amplify does.
const realFetch = globalThis.fetch;
beforeAll(() => {
  globalThis.fetch = pool.fetch;
});
afterAll(() => {
  globalThis.fetch = realFetch;
});

/** The handler, as written for aws-amplify/adapter-core (the modules passed in). */
async function handler({ core, server }, cookies) {
  const writes = [];
  const adapter = {
    get: (name) => (cookies.has(name) ? { name, value: cookies.get(name) } : undefined),
    getAll: () => [...cookies].map(([name, value]) => ({ name, value })),
    set: (name, value) => writes.push([name, value]),
    delete: (name) => writes.push([name, null]),
  };
  const kv = core.createKeyValueStorageFromCookieStorageAdapter(adapter);
  const out = await core.runWithAmplifyServerContext(
    config,
    { Auth: { tokenProvider: core.createUserPoolsTokenProvider(config.Auth, kv), credentialsProvider: core.createAWSCredentialsAndIdentityIdProvider(config.Auth, kv) } },
    async (ctx) => {
      const user = await server.getCurrentUser(ctx).catch((e) => e.name);
      const session = await server.fetchAuthSession(ctx);
      return { user, access: session.tokens?.accessToken.toString() };
    },
  );
  return { ...out, writes };
}

const amplify = { core: amplifyCore, server: amplifyServer };
const ours = { core: oursCore, server: oursServer };
const plain = (u) => (typeof u === 'string' ? u : { username: u.username, userId: u.userId });

describe('cognito-headless/adapter-core in place of aws-amplify/adapter-core', () => {
  it('the same handler reads the same session', async () => {
    const s = pool.session('alice');
    const cookies = new Map(Object.entries(sessionCookies(CLIENT_ID, s)));
    const a = await handler(amplify, cookies);
    const o = await handler(ours, cookies);
    expect(plain(o.user)).toEqual(plain(a.user));
    expect(plain(o.user)).toEqual({ username: 'alice', userId: s.sub });
    expect(o.access).toBe(a.access);
    expect(o.writes).toEqual([]);
  });

  it('an expired session: each refreshes once and writes the new tokens through the adapter', async () => {
    const s = pool.session('bob', { expiresIn: -60 });
    const cookies = new Map(Object.entries(sessionCookies(CLIENT_ID, s)));
    const before = pool.counts.refresh;
    const o = await handler(ours, cookies);
    expect(pool.counts.refresh).toBe(before + 1);
    expect(plain(o.user)).toEqual({ username: 'bob', userId: s.sub });
    const key = `CognitoIdentityServiceProvider.${CLIENT_ID}.bob.accessToken`;
    expect(o.writes.filter(([n, v]) => n === key && v !== null).map(([, v]) => v)).toEqual([o.access]);
    // Amplify, given the cookies ours wrote, takes them as they are.
    for (const [n, v] of o.writes) if (v !== null) cookies.set(n, v);
    const a = await handler(amplify, cookies);
    expect(pool.counts.refresh).toBe(before + 1);
    expect(a.access).toBe(o.access);
  });

  it('ours refuses a forged token', async () => {
    const forged = { ...pool.session('carol'), ...pool.tokens('carol', { signer: rsaKey(pool.key.kid) }) };
    const o = await handler(ours, new Map(Object.entries(sessionCookies(CLIENT_ID, forged))));
    expect(o.user).toBe('UserUnAuthenticatedException');
    expect(o.access).toBeUndefined();
  });
});
