// cognito-headless/storage in Node: memory, fromStorageLike (sync and async), the cookie
// storage for SSR (chunking, encoding, per-request overlay, Next.js and Express jar shapes),
// two users' requests interleaved in one process, and every key (identity id included)
// going through the one configured storage.
import { describe, it, expect } from 'vitest';
import { importBuilt } from './support/built-package.mjs';
import { createFakeCognito } from './support/fake-cognito.mjs';

const storageEntry = await importBuilt('storage.js');
const { createMemoryStorage, fromStorageLike, createCookieStorage, localStorageAdapter, sessionStorageAdapter, COOKIE_CHUNK_BYTES } =
  storageEntry;
const { createAuth } = await importBuilt('index.js');

const POOL_ID = 'us-east-1_TestPool1';
const CLIENT_ID = 'testclient123';
const IDENTITY_POOL = 'us-east-1:11111111-2222-4333-8444-555555555555';
const config = { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, endpoint: 'https://cognito.test.invalid/' };
const PREFIX = `CognitoIdentityServiceProvider.${CLIENT_ID}`;

/**
 * An Express-like cookie jar for one request: `get` reads the request's cookies (which do not
 * change when the response sets some), `set`/`remove` record Set-Cookie headers. Values are
 * percent-encoded on the way out and decoded on the way in, as cookie/cookie-parser do.
 */
function requestJar(browserCookies) {
  const incoming = new Map(browserCookies);
  const setCookies = [];
  const jar = {
    get: (name) => incoming.get(name),
    set: (name, value, options) => void setCookies.push({ name, value: encodeURIComponent(value), options }),
    remove: (name, options) => void setCookies.push({ name, value: '', options: { ...options, maxAge: 0 } }),
  };
  /** The browser applies the response's Set-Cookie headers. */
  const applyTo = (store) => {
    for (const c of setCookies) {
      // A real cookie header line is at most 4096 bytes.
      expect(c.name.length + c.value.length, `cookie ${c.name}`).toBeLessThanOrEqual(4096);
      expect(c.value).not.toMatch(/[;,\s"\\]/);
      if (c.options.maxAge === 0) store.delete(c.name);
      else store.set(c.name, decodeURIComponent(c.value));
    }
  };
  return { jar, setCookies, applyTo };
}

/** A Map-backed jar whose writes are visible at once (Next.js's cookies() in a route handler). */
function liveJar() {
  const map = new Map();
  const log = [];
  return {
    map,
    log,
    jar: {
      get: async (name) => (map.has(name) ? { name, value: map.get(name) } : undefined),
      set: async (name, value, options) => {
        log.push(['set', name, options]);
        map.set(name, value);
      },
      remove: async (name, options) => {
        log.push(['remove', name, options]);
        map.delete(name);
      },
    },
  };
}

const bigValue = (n, seed = 'x') => {
  let s = '';
  while (s.length < n) s += `${seed}${s.length.toString(36)}.`;
  return s.slice(0, n);
};

describe('createMemoryStorage and fromStorageLike', () => {
  it('memory storage is async and isolated per object', async () => {
    const a = createMemoryStorage();
    const b = createMemoryStorage();
    await a.setItem('k', 'v');
    expect(await a.getItem('k')).toBe('v');
    expect(await b.getItem('k')).toBeNull();
    await a.removeItem('k');
    expect(await a.getItem('k')).toBeNull();
  });

  it('wraps sync and async storages; undefined reads become null; clear is optional', async () => {
    const map = new Map();
    const sync = fromStorageLike({
      getItem: (k) => map.get(k),
      setItem: (k, v) => void map.set(k, v),
      removeItem: (k) => void map.delete(k),
    });
    await sync.setItem('a', '1');
    expect(await sync.getItem('a')).toBe('1');
    expect(await sync.getItem('missing')).toBeNull();
    await sync.clear();
    expect(sync.addListener).toBeUndefined();

    const calls = [];
    const asyncStore = fromStorageLike({
      getItem: async (k) => (calls.push(['get', k]), map.get(k) ?? null),
      setItem: async (k, v) => (calls.push(['set', k]), map.set(k, v)),
      removeItem: async (k) => (calls.push(['remove', k]), map.delete(k)),
      clear: async () => map.clear(),
    });
    await asyncStore.setItem('b', '2');
    expect(await asyncStore.getItem('b')).toBe('2');
    await asyncStore.removeItem('b');
    await asyncStore.clear();
    expect(map.size).toBe(0);
    expect(calls).toEqual([['set', 'b'], ['get', 'b'], ['remove', 'b']]);

    expect(() => fromStorageLike({ getItem() {} })).toThrow(TypeError);
  });

  it('passes addListener on and always returns an unsubscribe function', async () => {
    const listeners = new Set();
    const withOff = fromStorageLike({
      getItem: () => null,
      setItem() {},
      removeItem() {},
      addListener: (l) => (listeners.add(l), () => listeners.delete(l)),
    });
    const seen = [];
    const off = withOff.addListener((e) => seen.push(e.key));
    for (const l of listeners) l({ key: 'k', oldValue: null, newValue: 'v' });
    off();
    expect(listeners.size).toBe(0);
    expect(seen).toEqual(['k']);
    // Amplify's older addListener returns nothing.
    const voidOff = fromStorageLike({ getItem: () => null, setItem() {}, removeItem() {}, addListener() {} });
    expect(typeof voidOff.addListener(() => {})).toBe('function');
  });

  it('localStorageAdapter and sessionStorageAdapter fall back to memory in Node', async () => {
    await localStorageAdapter.setItem('k', 'local');
    await sessionStorageAdapter.setItem('k', 'session');
    expect(await localStorageAdapter.getItem('k')).toBe('local');
    expect(await sessionStorageAdapter.getItem('k')).toBe('session');
    await localStorageAdapter.removeItem('k');
    await sessionStorageAdapter.clear();
    expect(await localStorageAdapter.getItem('k')).toBeNull();
    expect(await sessionStorageAdapter.getItem('k')).toBeNull();
  });
});

describe('createCookieStorage', () => {
  const key = `${PREFIX}.alice.idToken`;

  it('a short value is one cookie, set with the configured attributes', async () => {
    const { jar, map, log } = liveJar();
    const s = createCookieStorage(jar, { domain: 'example.com', httpOnly: true, maxAge: 3600 });
    await s.setItem(key, 'short.jwt.value');
    expect(map.get(key)).toBe('short.jwt.value');
    expect(log).toEqual([['set', key, { path: '/', secure: true, sameSite: 'lax', maxAge: 3600, domain: 'example.com', httpOnly: true }]]);
    expect(await s.getItem(key)).toBe('short.jwt.value');
    expect(await createCookieStorage(jar).getItem(key)).toBe('short.jwt.value');
    await s.removeItem(key);
    expect(map.size).toBe(0);
    expect(log.at(-1)).toEqual(['remove', key, { path: '/', domain: 'example.com' }]);
  });

  it('defaults: path /, Secure, SameSite=Lax, 365 days, no Domain, no HttpOnly', async () => {
    const { jar, log } = liveJar();
    await createCookieStorage(jar).setItem('k', 'v');
    expect(log[0][2]).toEqual({ path: '/', secure: true, sameSite: 'lax', maxAge: 365 * 24 * 3600 });
  });

  it('splits long values into <key>.N chunks with a count, joins them, and cleans up when values shrink', async () => {
    const { jar, map } = liveJar();
    const s = createCookieStorage(jar);
    const names = () => [...map.keys()].sort();

    const v10k = bigValue(10000, 'a');
    await s.setItem(key, v10k);
    expect(names()).toEqual([`${key}.0`, `${key}.1`, `${key}.2`, `${key}.chunks`]);
    expect(map.get(`${key}.chunks`)).toBe('3');
    for (const i of [0, 1, 2]) expect(map.get(`${key}.${i}`).length).toBeLessThanOrEqual(COOKIE_CHUNK_BYTES);
    expect(await s.getItem(key)).toBe(v10k);
    // A fresh adapter (the next request) reads the same.
    expect(await createCookieStorage(jar).getItem(key)).toBe(v10k);

    const v5k = bigValue(5000, 'b');
    await s.setItem(key, v5k);
    expect(names()).toEqual([`${key}.0`, `${key}.1`, `${key}.chunks`]);
    expect(await createCookieStorage(jar).getItem(key)).toBe(v5k);

    await s.setItem(key, 'small');
    expect(names()).toEqual([key]);
    expect(await createCookieStorage(jar).getItem(key)).toBe('small');

    const v8k = bigValue(8000, 'c');
    await s.setItem(key, v8k);
    expect(names()).toEqual([`${key}.0`, `${key}.1`, `${key}.2`, `${key}.chunks`]);
    expect(await createCookieStorage(jar).getItem(key)).toBe(v8k);

    await s.removeItem(key);
    expect(names()).toEqual([]);
    expect(await s.getItem(key)).toBeNull();
  });

  it('a missing chunk reads as absent, not as a truncated token', async () => {
    const { jar, map } = liveJar();
    const s = createCookieStorage(jar);
    await s.setItem(key, bigValue(9000));
    map.delete(`${key}.1`);
    expect(await createCookieStorage(jar).getItem(key)).toBeNull();
  });

  it('encodes values and names as js-cookie (Amplify\'s CookieStorage) does, so either reads the other', async () => {
    const { jar, map } = liveJar();
    const s = createCookieStorage(jar);
    const details = JSON.stringify({ loginId: 'al ice@example.com', authFlowType: 'USER_SRP_AUTH' });
    const k = `${PREFIX}.al ice@example.com.signInDetails`;
    await s.setItem(k, details);
    const [[name, value]] = [...map.entries()];
    expect(name).toBe(`${PREFIX}.al%20ice%40example.com.signInDetails`);
    expect(value).not.toMatch(/[;,\s"\\]/);
    expect(await s.getItem(k)).toBe(details);
    // A cookie as Amplify (js-cookie) wrote it.
    map.set(`${PREFIX}.LastAuthUser`, 'al%20ice%40example.com');
    expect(await s.getItem(`${PREFIX}.LastAuthUser`)).toBe('al ice@example.com');
    // A jar that already decoded the value (Next.js) reads the same.
    map.set(`${PREFIX}.x`, 'plain-value');
    expect(await s.getItem(`${PREFIX}.x`)).toBe('plain-value');
  });

  it('writes and reads every printable ASCII name and value as js-cookie 3 (the reference) does', async () => {
    // js-cookie writes document.cookie; a stand-in captures what it wrote.
    const written = [];
    const before = globalThis.document;
    globalThis.document = { get cookie() { return ''; }, set cookie(line) { written.push(line.split(';')[0]); } };
    try {
      const { default: Cookies } = await import('js-cookie');
      const { jar, map } = liveJar();
      const s = createCookieStorage(jar);
      const chars = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).concat(['é', '✓']);
      for (const ch of chars) {
        const key = `${PREFIX}.a${ch}b.idToken`;
        const value = `v${ch}w`;
        map.clear();
        written.length = 0;
        await s.setItem(key, value);
        Cookies.set(key, value);
        expect([...map].map(([n, v]) => `${n}=${v}`), JSON.stringify(ch)).toEqual(written);
        expect(await s.getItem(key), JSON.stringify(ch)).toBe(value);
      }
    } finally {
      globalThis.document = before;
    }
  });

  it('escapes are never split across chunks', async () => {
    const { jar, map } = liveJar();
    const s = createCookieStorage(jar, { chunkBytes: 10 });
    const value = '"{}"'.repeat(20); // every character is %XX-encoded: 3 bytes each
    await s.setItem('k', value);
    for (const [name, v] of map) if (name !== 'k.chunks') expect(() => decodeURIComponent(v)).not.toThrow();
    expect(await createCookieStorage(jar, { chunkBytes: 10 }).getItem('k')).toBe(value);
  });

  it('refuses a chunkBytes too small for one %XX escape (below 3) or not a whole number', () => {
    const { jar } = liveJar();
    for (const chunkBytes of [2, 1, 0, -5, 2.5, NaN, Infinity, '8', null]) {
      expect(() => createCookieStorage(jar, { chunkBytes }), String(chunkBytes)).toThrow(TypeError);
      expect(() => createCookieStorage(jar, { chunkBytes }), String(chunkBytes)).toThrow(/chunkBytes must be a whole number of at least 3/);
    }
  });

  it('chunkBytes 3, the smallest allowed, stores a value made of escapes one escape per cookie', async () => {
    const { jar, map } = liveJar();
    const s = createCookieStorage(jar, { chunkBytes: 3 });
    const value = 'ab"c"'; // ab%22c%22 once encoded: 9 bytes, an escape at offset 2
    await s.setItem('k', value);
    expect(map.get('k.chunks')).toBe('4');
    expect([0, 1, 2, 3].map((i) => map.get(`k.${i}`))).toEqual(['ab', '%22', 'c', '%22']);
    expect(await createCookieStorage(jar, { chunkBytes: 3 }).getItem('k')).toBe(value);
  });

  it('within one request, reads see the writes even though the request\'s cookies do not change', async () => {
    const browser = new Map();
    const { jar, applyTo } = requestJar(browser);
    const s = createCookieStorage(jar);
    await s.setItem(key, bigValue(9000, 'd'));
    expect(await s.getItem(key)).toBe(bigValue(9000, 'd'));
    await s.setItem(key, 'tiny');
    expect(await s.getItem(key)).toBe('tiny');
    applyTo(browser);
    expect([...browser.keys()]).toEqual([key]);
    // Removing writes removals only for cookies that exist.
    const second = requestJar(browser);
    await createCookieStorage(second.jar).removeItem(key);
    expect(second.setCookies.map((c) => c.name)).toEqual([key]);
  });

  it('checks the jar', () => {
    expect(() => createCookieStorage({ get() {} })).toThrow(TypeError);
    expect(() => createCookieStorage()).toThrow(/document\.cookie/);
  });
});

describe('SSR: per-request cookie storages in one Node process', () => {
  it('two users\' requests, interleaved and concurrent, never see each other\'s session', async () => {
    const users = { alice: 'Alice-Passw0rd!', bob: 'Bob-Passw0rd!' };
    // Long id tokens (a big `cognito:groups` claim) so that they need several cookies.
    const groups = Array.from({ length: 400 }, (_, i) => `group-${i}`);
    const cognito = createFakeCognito({
      clientId: CLIENT_ID,
      poolId: POOL_ID,
      users,
      idClaims: { 'cognito:groups': groups },
      // Random latency, so the two users' requests interleave.
      delay: () => new Promise((r) => setTimeout(r, Math.random() * 8)),
    });
    const browsers = { alice: new Map(), bob: new Map() };

    /** One server request for `user`: an authenticator over that request's cookies. */
    async function request(user, handler) {
      const { jar, applyTo } = requestJar(browsers[user]);
      const auth = await createAuth(config, { fetch: cognito.fetch, storage: createCookieStorage(jar, { httpOnly: true }) });
      const out = await handler(auth);
      applyTo(browsers[user]);
      return out;
    }

    await Promise.all(
      Object.entries(users).map(([user, password]) =>
        request(user, (auth) => auth.signIn({ username: user, password, options: { authFlowType: 'USER_PASSWORD_AUTH' } })),
      ),
    );
    for (const user of Object.keys(users)) {
      expect(browsers[user].get(`${PREFIX}.LastAuthUser`)).toBe(user);
      expect(browsers[user].get(`${PREFIX}.${user}.idToken.chunks`)).toMatch(/^[2-9]$/);
    }

    const check = (user) =>
      request(user, async (auth) => {
        expect(auth.getSnapshot().user?.username).toBe(user);
        const forceRefresh = Math.random() < 0.3;
        const session = await auth.fetchAuthSession({ forceRefresh });
        expect(session.tokens.idToken.payload['cognito:username']).toBe(user);
        expect(session.tokens.accessToken.payload.username).toBe(user);
        expect(session.tokens.idToken.payload['cognito:groups']).toHaveLength(400);
        expect((await auth.getCurrentUser()).username).toBe(user);
        expect((await auth.fetchUserAttributes()).email).toBe(`${user}@example.com`);
        return user;
      });
    const rounds = [];
    for (let i = 0; i < 15; i++) rounds.push(check('alice'), check('bob'), check(i % 2 ? 'alice' : 'bob'));
    expect((await Promise.all(rounds)).length).toBe(45);

    // Alice signs out; Bob's requests are unaffected.
    await Promise.all([request('alice', (auth) => auth.signOut()), check('bob')]);
    expect([...browsers.alice.keys()].filter((k) => k.includes('Token'))).toEqual([]);
    await request('alice', async (auth) => {
      expect(auth.getSnapshot().authStatus).toBe('unauthenticated');
      expect((await auth.fetchAuthSession()).tokens).toBeUndefined();
    });
    await check('bob');
  });

  it('every key goes through the configured storage: tokens, LastAuthUser and the identity id', async () => {
    const cognito = createFakeCognito({ clientId: CLIENT_ID, poolId: POOL_ID });
    const written = new Set();
    const inner = createMemoryStorage();
    const storage = {
      getItem: (k) => inner.getItem(k),
      setItem: (k, v) => (written.add(k), inner.setItem(k, v)),
      removeItem: (k) => inner.removeItem(k),
    };
    const auth = await createAuth(
      { ...config, identityPoolId: IDENTITY_POOL, allowGuestAccess: true },
      { fetch: cognito.fetch, storage },
    );
    const guest = await auth.fetchAuthSession();
    expect(guest.identityId).toMatch(/^us-east-1:/);
    expect(written.has(`com.amplify.Cognito.${IDENTITY_POOL}.identityId`)).toBe(true);
    expect(await inner.getItem(`com.amplify.Cognito.${IDENTITY_POOL}.identityId`)).toBe(guest.identityId);
    await auth.signIn({ username: 'alice', password: 'Correct-Horse-1', options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    for (const k of ['LastAuthUser', 'alice.accessToken', 'alice.idToken', 'alice.refreshToken', 'alice.clockDrift', 'alice.signInDetails']) {
      expect(written.has(`${PREFIX}.${k}`), k).toBe(true);
    }
    // Every key written is one of the layouts Amplify uses.
    for (const k of written) expect(k).toMatch(/^(CognitoIdentityServiceProvider\.|com\.amplify\.Cognito\.)/);
  });

  it('the identity id is kept in a per-request cookie storage too', async () => {
    const cognito = createFakeCognito({ clientId: CLIENT_ID, poolId: POOL_ID });
    const browser = new Map();
    const first = requestJar(browser);
    const auth = await createAuth(
      { ...config, identityPoolId: IDENTITY_POOL, allowGuestAccess: true },
      { fetch: cognito.fetch, storage: createCookieStorage(first.jar) },
    );
    const { identityId } = await auth.fetchAuthSession();
    first.applyTo(browser);
    // The name as js-cookie writes it (':' is not allowed in a cookie name).
    expect(browser.get(`com.amplify.Cognito.${IDENTITY_POOL.replace(':', '%3A')}.identityId`)).toBe(identityId);
    // The next request reuses it: no second GetId.
    const second = requestJar(browser);
    const again = await createAuth(
      { ...config, identityPoolId: IDENTITY_POOL, allowGuestAccess: true },
      { fetch: cognito.fetch, storage: createCookieStorage(second.jar) },
    );
    expect((await again.fetchAuthSession()).identityId).toBe(identityId);
    expect(cognito.calls.filter((c) => c.op === 'GetId')).toHaveLength(1);
  });
});
