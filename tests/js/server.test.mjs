// cognito-headless/server (the BUILT package): per-request contexts over a request's
// cookies, tokens verified against the pool's key set, read-only cookie stores, one
// refresh per refresh token. Tokens are signed by the test with node:crypto
// (support/signed-cognito.mjs), an RS256 signer independent of the package's WebCrypto
// verifier; forgeries are signed with other keys the test generates.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { importBuilt } from './support/built-package.mjs';
import { createSignedPool, rsaKey, sessionCookies, requestJar } from './support/signed-cognito.mjs';

// Counts instantiations of our wasm: a signed-in request that only reads must not make a machine.
let instantiations = 0;
const realInstantiate = WebAssembly.instantiate;
WebAssembly.instantiate = function (...args) {
  // Ours only (Node's own fetch instantiates its HTTP parser's wasm too).
  if (/cognito_headless/.test(new Error().stack ?? '')) instantiations += 1;
  return realInstantiate.apply(this, args);
};
afterAll(() => {
  WebAssembly.instantiate = realInstantiate;
});

const server = await importBuilt('server.js');
const { createAuth } = await importBuilt('index.js');
const { createCookieStorage } = await importBuilt('storage.js');
const { createServerRunner, getCurrentUser, fetchAuthSession, fetchUserAttributes } = server;

const POOL_ID = 'us-east-1_SrvVerif1';
const CLIENT_ID = 'srvverifclient1';
const config = { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID };

/** A runner over a fresh scripted pool. */
function setup(options = {}) {
  const pool = createSignedPool({ poolId: POOL_ID, clientId: CLIENT_ID, ...options.pool });
  const runner = createServerRunner({ config, fetch: pool.fetch, ...options.runner });
  return { pool, runner };
}

/** One request: getCurrentUser (or its error) and fetchAuthSession over `cookies`. */
async function request(runner, cookies, { readOnly = false } = {}) {
  const { jar, setCookies } = requestJar(cookies, { readOnly });
  const out = await runner.runWithServerContext({
    cookies: jar,
    operation: async (ctx) => {
      const user = await getCurrentUser(ctx).catch((e) => e);
      const session = await fetchAuthSession(ctx);
      return { user, session };
    },
  });
  return { ...out, setCookies };
}

/** One request: fetchUserAttributes (or its error) first, then getCurrentUser and fetchAuthSession. */
async function attributesFirst(runner, cookies) {
  const { jar, setCookies } = requestJar(cookies);
  const out = await runner.runWithServerContext({
    cookies: jar,
    operation: async (ctx) => {
      const attributes = await fetchUserAttributes(ctx).catch((e) => e);
      const user = await getCurrentUser(ctx).catch((e) => e);
      const session = await fetchAuthSession(ctx);
      return { attributes, user, session };
    },
  });
  return { ...out, setCookies };
}

const expectSignedOut = (out) => {
  expect(out.user).toMatchObject({ name: 'UserUnAuthenticatedException' });
  expect(out.session.tokens).toBeUndefined();
};

describe('a signed-in request', () => {
  it('is answered from verified cookie tokens without a machine or a Cognito call', async () => {
    const { pool, runner } = setup();
    const s = pool.session('alice');
    for (let i = 0; i < 3; i++) {
      const out = await request(runner, sessionCookies(CLIENT_ID, s));
      expect(out.user).toEqual({ username: 'alice', userId: s.sub });
      expect(out.session.tokens.accessToken.toString()).toBe(s.accessToken);
      expect(out.session.tokens.idToken.toString()).toBe(s.idToken);
      expect(out.session.userSub).toBe(s.sub);
      expect(out.setCookies).toEqual([]);
    }
    // The key set once (cached per runner), nothing else.
    expect(pool.counts).toEqual({ jwks: 1, refresh: 0, initiateAuthRefresh: 0, getUser: 0, other: 0 });
    expect(instantiations).toBe(0);
  });

  it('takes the user name from the tokens, not from a LastAuthUser cookie', async () => {
    const { pool, runner } = setup();
    const s = pool.session('mallory');
    const p = `CognitoIdentityServiceProvider.${CLIENT_ID}`;
    // mallory's own valid tokens filed under the name "admin".
    const cookies = {
      [`${p}.LastAuthUser`]: 'admin',
      [`${p}.admin.accessToken`]: s.accessToken,
      [`${p}.admin.idToken`]: s.idToken,
      [`${p}.admin.refreshToken`]: s.refreshToken,
    };
    const out = await request(runner, cookies);
    expect(out.user).toEqual({ username: 'mallory', userId: s.sub });
  });

  it('without cookies is signed out; a null context too', async () => {
    const { runner } = setup();
    expectSignedOut(await request(runner, {}));
    const user = await runner.runWithAmplifyServerContext({ nextServerContext: null, operation: (ctx) => getCurrentUser(ctx).catch((e) => e.name) });
    expect(user).toBe('UserUnAuthenticatedException');
    expect(instantiations).toBe(0);
  });
});

describe('tokens that do not verify read as signed out (no error page)', () => {
  const cases = {
    'a signature by another key with the pool key id': (pool, s) => {
      const other = rsaKey(pool.key.kid);
      return { ...s, ...pool.tokens('alice', { signer: other }) };
    },
    'an access token of another pool (issuer)': (pool, s) => ({ ...s, accessToken: pool.tokens('alice', { access: { iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' } }).accessToken }),
    'an access token of another client (client_id)': (pool, s) => ({ ...s, accessToken: pool.tokens('alice', { access: { client_id: 'otherclient' } }).accessToken }),
    'an id token of another client (aud)': (pool, s) => ({ ...s, idToken: pool.tokens('alice', { id: { aud: 'otherclient' } }).idToken }),
    'an id token where the access token goes (token_use)': (pool, s) => ({ ...s, accessToken: s.idToken }),
    'a key id the key set does not have': (pool, s) => ({ ...s, ...pool.tokens('alice', { signer: rsaKey('unknown-kid') }) }),
    'alg none': (pool, s) => {
      const [, body] = s.accessToken.split('.');
      return { ...s, accessToken: `${Buffer.from(JSON.stringify({ alg: 'none', kid: pool.key.kid })).toString('base64url')}.${body}.` };
    },
    'a payload changed after signing': (pool, s) => {
      const [head, , sig] = s.accessToken.split('.');
      const claims = JSON.parse(Buffer.from(s.accessToken.split('.')[1], 'base64url'));
      return { ...s, accessToken: `${head}.${Buffer.from(JSON.stringify({ ...claims, username: 'admin' })).toString('base64url')}.${sig}` };
    },
    'expired tokens signed by another key': (pool, s) => ({ ...s, ...pool.tokens('alice', { signer: rsaKey(pool.key.kid), expiresIn: -600 }) }),
  };
  for (const [name, forge] of Object.entries(cases)) {
    it(name, async () => {
      const { pool, runner } = setup();
      const forged = forge(pool, pool.session('alice'));
      const out = await request(runner, sessionCookies(CLIENT_ID, forged));
      expectSignedOut(out);
      // Never a refresh with a forged session's refresh token, never a write.
      expect(pool.counts.refresh).toBe(0);
      expect(out.setCookies).toEqual([]);
      // fetchUserAttributes first (the read that only asks whether someone is signed in):
      // refused the same way, before any Cognito call.
      const first = await attributesFirst(runner, sessionCookies(CLIENT_ID, forged));
      expect(first.attributes).toMatchObject({ name: 'UserUnAuthenticatedException' });
      expectSignedOut(first);
      expect(first.setCookies).toEqual([]);
      expect(pool.counts.getUser + pool.counts.refresh).toBe(0);
    });
  }

  it('an unreachable key set: signed out; fetched again 5 s later at the earliest', async () => {
    let now = Date.now();
    const { pool, runner } = setup({ pool: { now: () => now }, runner: { now: () => now } });
    pool.state.jwksDown = true;
    const s = pool.session('alice');
    expectSignedOut(await request(runner, sessionCookies(CLIENT_ID, s)));
    expectSignedOut(await request(runner, sessionCookies(CLIENT_ID, s)));
    expect(pool.counts.jwks).toBe(1);
    // After a failure: again 5 s later at the earliest.
    now += 2000;
    expectSignedOut(await request(runner, sessionCookies(CLIENT_ID, s)));
    expect(pool.counts.jwks).toBe(1);
    now += 4000;
    expectSignedOut(await request(runner, sessionCookies(CLIENT_ID, s)));
    expect(pool.counts.jwks).toBe(2);
    pool.state.jwksDown = false;
    now += 6000;
    const out = await request(runner, sessionCookies(CLIENT_ID, pool.session('alice')));
    expect(out.user.username).toBe('alice');
    expect(pool.counts.jwks).toBe(3);
  });

  it('unknown key ids refetch the key set at most once per interval; a rotated key is picked up', async () => {
    let now = Date.now();
    const { pool, runner } = setup({ pool: { now: () => now }, runner: { now: () => now } });
    expect((await request(runner, sessionCookies(CLIENT_ID, pool.session('alice')))).user.username).toBe('alice');
    expect(pool.counts.jwks).toBe(1);
    now += 31000;
    for (let i = 0; i < 5; i++) {
      const forged = { ...pool.session('alice'), ...pool.tokens('alice', { signer: rsaKey(`random-${i}`) }) };
      expectSignedOut(await request(runner, sessionCookies(CLIENT_ID, forged)));
    }
    expect(pool.counts.jwks).toBe(2);
    // The pool rotates its key: the new kid is fetched once the interval has passed.
    const next = rsaKey('test-key-2');
    pool.state.keys = [pool.key.jwk, next.jwk];
    now += 31000;
    const rotated = { ...pool.session('alice'), ...pool.tokens('alice', { signer: next }) };
    expect((await request(runner, sessionCookies(CLIENT_ID, rotated))).user.username).toBe('alice');
    expect(pool.counts.jwks).toBe(3);
  });

  it('verification: false trusts the cookies (opt-out)', async () => {
    const { pool, runner } = setup({ runner: { verification: false } });
    const forged = { ...pool.session('alice'), ...pool.tokens('alice', { signer: rsaKey('x') }) };
    expect((await request(runner, sessionCookies(CLIENT_ID, forged))).user.username).toBe('alice');
    expect(pool.counts.jwks).toBe(0);
  });
});

describe('expired tokens', () => {
  it('are refreshed once for a burst of concurrent requests with the same refresh token', async () => {
    const { pool, runner } = setup({ pool: { rotation: true, delay: () => new Promise((r) => setTimeout(r, 5)) } });
    const s = pool.session('alice', { expiresIn: -60 });
    const outs = await Promise.all(Array.from({ length: 20 }, () => request(runner, sessionCookies(CLIENT_ID, s))));
    expect(pool.counts.refresh).toBe(1);
    // A refresh needs the machine (so the wasm-free checks above can fail).
    expect(instantiations).toBe(1);
    const fresh = outs[0].session.tokens.accessToken.toString();
    expect(fresh).not.toBe(s.accessToken);
    for (const out of outs) {
      expect(out.user).toEqual({ username: 'alice', userId: s.sub });
      expect(out.session.tokens.accessToken.toString()).toBe(fresh);
      // The new tokens go back to the browser.
      expect(out.setCookies.find((c) => c.name.endsWith('.alice.accessToken'))?.value).toBe(fresh);
    }
    // Two users' bursts: one refresh each.
    const b = pool.session('bob', { expiresIn: -60 });
    const c = pool.session('carol', { expiresIn: -60 });
    const mixed = await Promise.all([b, c, b, c, b, c].map((x) => request(runner, sessionCookies(CLIENT_ID, x))));
    expect(pool.counts.refresh).toBe(3);
    expect(mixed.map((o) => o.user.username)).toEqual(['bob', 'carol', 'bob', 'carol', 'bob', 'carol']);
  });

  it('InitiateAuth REFRESH_TOKEN_AUTH (refreshFlow initiateAuth): one call for a burst of 30', async () => {
    const pool = createSignedPool({ poolId: POOL_ID, clientId: CLIENT_ID, delay: () => new Promise((r) => setImmediate(r)) });
    const runner = createServerRunner({ config: { ...config, refreshFlow: 'initiateAuth' }, fetch: pool.fetch });
    const s = pool.session('alice', { expiresIn: -60 });
    const outs = await Promise.all(Array.from({ length: 30 }, () => request(runner, sessionCookies(CLIENT_ID, s))));
    expect(pool.counts.initiateAuthRefresh).toBe(1);
    expect(pool.counts.refresh).toBe(1);
    expect(new Set(outs.map((o) => o.session.tokens.accessToken.toString())).size).toBe(1);
    expect(outs.every((o) => o.user.userId === s.sub)).toBe(true);
  });

  it('two runners share nothing: each refreshes for itself', async () => {
    const pool = createSignedPool({ poolId: POOL_ID, clientId: CLIENT_ID });
    const s = pool.session('alice', { expiresIn: -60 });
    const r1 = createServerRunner({ config, fetch: pool.fetch });
    const r2 = createServerRunner({ config, fetch: pool.fetch });
    await request(r1, sessionCookies(CLIENT_ID, s));
    await request(r2, sessionCookies(CLIENT_ID, s));
    expect(pool.counts.refresh).toBe(2);
    expect(pool.counts.jwks).toBe(2);
  });

  it('a read-only cookie store: the refreshed session serves the request, no write, nothing logged', async () => {
    const { pool, runner } = setup();
    const s = pool.session('alice', { expiresIn: -60 });
    const errors = vi.spyOn(console, 'error');
    const warns = vi.spyOn(console, 'warn');
    try {
      const out = await runner.runWithServerContext({
        cookies: requestJar(sessionCookies(CLIENT_ID, s), { readOnly: true }).jar,
        operation: async (ctx) => {
          const first = await fetchAuthSession(ctx);
          const user = await getCurrentUser(ctx);
          const again = await fetchAuthSession(ctx);
          return { first, user, again };
        },
      });
      expect(out.user.username).toBe('alice');
      expect(out.first.tokens.accessToken.toString()).not.toBe(s.accessToken);
      expect(out.again.tokens.accessToken.toString()).toBe(out.first.tokens.accessToken.toString());
      expect(pool.counts.refresh).toBe(1);
      expect(errors).not.toHaveBeenCalled();
      expect(warns).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
      warns.mockRestore();
    }
  });

  it('an invalid refresh token: signed out, no error thrown', async () => {
    const { pool, runner } = setup();
    const s = { ...pool.session('alice', { expiresIn: -60 }), refreshToken: 'refresh.not-known' };
    const out = await request(runner, sessionCookies(CLIENT_ID, s));
    expect(out.user).toMatchObject({ name: 'UserUnAuthenticatedException' });
    expect(out.session.tokens).toBeUndefined();
    expect(pool.counts.refresh).toBe(1);
  });
});

describe('the context', () => {
  it('fetchUserAttributes calls GetUser with the verified token', async () => {
    const { pool, runner } = setup();
    const s = pool.session('alice');
    const attrs = await runner.runWithServerContext({ cookies: requestJar(sessionCookies(CLIENT_ID, s)).jar, operation: (ctx) => fetchUserAttributes(ctx) });
    expect(attrs).toMatchObject({ sub: s.sub, email: 'alice@example.com' });
    expect(pool.counts.getUser).toBe(1);
  });

  it('fetchUserAttributes before getCurrentUser/fetchAuthSession: the same answers as the other order', async () => {
    const { pool, runner } = setup();
    const s = pool.session('alice');
    const readFirst = await request(runner, sessionCookies(CLIENT_ID, s));
    const out = await attributesFirst(runner, sessionCookies(CLIENT_ID, s));
    expect(out.attributes).toMatchObject({ sub: s.sub, email: 'alice@example.com' });
    expect(out.user).toEqual(readFirst.user);
    expect(out.session.tokens.accessToken.toString()).toBe(s.accessToken);
    expect(out.session.tokens.accessToken.payload).toEqual(readFirst.session.tokens.accessToken.payload);
    expect(out.session.tokens.idToken.payload).toEqual(readFirst.session.tokens.idToken.payload);
    expect(out.session.userSub).toBe(s.sub);
    expect(out.setCookies).toEqual([]);
    // Each request gets its own payload objects (nothing shared through the runner).
    expect(out.session.tokens.accessToken.payload).not.toBe(readFirst.session.tokens.accessToken.payload);
  });

  it("tokens of two users (each validly signed) read as signed out in either order; the cookies are left alone", async () => {
    const { pool, runner } = setup();
    const alice = pool.session('alice');
    const bob = pool.session('bob');
    const mixed = sessionCookies(CLIENT_ID, { ...alice, idToken: bob.idToken });
    expectSignedOut(await request(runner, mixed));
    const out = await attributesFirst(runner, mixed);
    expect(out.attributes).toMatchObject({ name: 'UserUnAuthenticatedException' });
    expectSignedOut(out);
    expect(out.setCookies).toEqual([]);
    expect(pool.counts.getUser).toBe(0);
  });

  it("frees each request's machine when its operation settles: wasm memory flat without yielding", async () => {
    const { pool, runner } = setup();
    const cookies = sessionCookies(CLIENT_ID, pool.session('alice'));
    const one = () => runner.runWithServerContext({ cookies: requestJar(cookies).jar, operation: (ctx) => fetchUserAttributes(ctx) });
    // No setImmediate / setTimeout in the loops: finalizers cannot run.
    for (let i = 0; i < 100; i++) await one();
    const exports = await (await importBuilt('wasm/cognito_headless.js')).default();
    const warm = exports.memory.buffer.byteLength;
    for (let i = 0; i < 600; i++) await one();
    expect(exports.memory.buffer.byteLength).toBe(warm);
    expect(pool.counts.getUser).toBe(700);
  }, 60000);

  it('ends with its operation: a kept contextSpec is refused afterwards, and an operation error passes through', async () => {
    const { pool, runner } = setup();
    let kept;
    await runner.runWithServerContext({ cookies: requestJar(sessionCookies(CLIENT_ID, pool.session('alice'))).jar, operation: (ctx) => (kept = ctx) });
    await expect(getCurrentUser(kept)).rejects.toMatchObject({ name: 'InstanceClosedException' });
    await expect(getCurrentUser({ token: { value: Symbol('x') } })).rejects.toMatchObject({ name: 'InvalidServerContextError' });
    await expect(runner.runWithServerContext({ cookies: null, operation: () => Promise.reject(new Error('boom')) })).rejects.toThrow('boom');
  });

  it('concurrent requests of different users see only themselves', async () => {
    const { pool, runner } = setup({ pool: { delay: () => new Promise((r) => setImmediate(r)) } });
    const users = ['u1', 'u2', 'u3', 'u4'].map((u, i) => pool.session(u, { expiresIn: i % 2 ? -60 : 3600 }));
    const outs = await Promise.all(users.concat(users).map((s) => request(runner, sessionCookies(CLIENT_ID, s))));
    expect(outs.map((o) => o.user.username)).toEqual(['u1', 'u2', 'u3', 'u4', 'u1', 'u2', 'u3', 'u4']);
    expect(outs.map((o) => o.session.userSub)).toEqual(users.concat(users).map((s) => s.sub));
  });
});

describe('createCookieStorage over a read-only jar (without the runner)', () => {
  it('createAuth refreshes, keeps the new tokens for the request, logs nothing', async () => {
    const pool = createSignedPool({ poolId: POOL_ID, clientId: CLIENT_ID });
    const s = pool.session('alice', { expiresIn: -60 });
    const { jar, setCookies } = requestJar(sessionCookies(CLIENT_ID, s), { readOnly: true });
    const errors = vi.spyOn(console, 'error');
    try {
      const auth = await createAuth(config, { storage: createCookieStorage(jar), fetch: pool.fetch, crossTab: false });
      const first = await auth.fetchAuthSession();
      const again = await auth.fetchAuthSession();
      auth.dispose();
      expect(first.tokens.accessToken.toString()).not.toBe(s.accessToken);
      expect(again.tokens.accessToken.toString()).toBe(first.tokens.accessToken.toString());
      expect(pool.counts.refresh).toBe(1);
      expect(setCookies).toEqual([]);
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });
});
