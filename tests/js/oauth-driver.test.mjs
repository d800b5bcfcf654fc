// The host side of the hosted UI and of the cross-tab refresh lock, in Node against the
// built package: `navigate` effects (host.navigate; a warning without one), the authorize
// URL and what is stored for it, the callback's code exchange (form-encoded, PKCE verifier
// checked against the S256 challenge), events, sign-out to /logout, Amplify's oauth config
// shapes; and `lock`/`unlock` effects over a fake navigator.locks (one refresh request for
// two instances sharing a storage; the lock is released only once the new tokens are
// written; no locks: granted at once).
import { describe, it, expect, vi, afterEach } from 'vitest';
import { createHash } from 'node:crypto';
import { importBuilt } from './support/built-package.mjs';
import { createFakeCognito } from './support/fake-cognito.mjs';
import { b64url } from './support/b64url.mjs';

const { createAuth, createMemoryStorage } = await importBuilt('index.js');
const { isOAuthCallback } = await importBuilt('oauth.js');

const POOL_ID = 'us-east-1_OAuthPool1';
const CLIENT_ID = 'oauthclient123';
const PREFIX = `CognitoIdentityServiceProvider.${CLIENT_ID}`;
const APP = 'https://app.example';
const OAUTH = {
  domain: 'auth.example.test',
  scopes: ['openid', 'email', 'profile'],
  redirectSignIn: ['http://localhost:3000/', `${APP}/callback`],
  redirectSignOut: ['http://localhost:3000/', `${APP}/bye`],
  providers: ['Google'],
};
const config = (extra = {}) => ({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, endpoint: 'https://cognito.test.invalid/', oauth: OAUTH, origin: APP, ...extra });
const s256 = (verifier) => b64url(createHash('sha256').update(verifier).digest());

afterEach(() => {
  vi.restoreAllMocks();
});

/** A hosted UI token endpoint + the scripted Cognito, as one fetch. */
function hostedUi({ now = () => Date.now() } = {}) {
  const cognito = createFakeCognito({ clientId: CLIENT_ID, poolId: POOL_ID, now });
  const issued = new Map(); // code -> { challenge, redirectUri }
  const exchanges = [];
  const fetch = async (url, init = {}) => {
    if (!String(url).startsWith('https://auth.example.test/oauth2/token')) return cognito.fetch(url, init);
    const headers = new Headers(init.headers);
    const form = new URLSearchParams(init.body);
    const exchange = { method: init.method, contentType: headers.get('content-type'), form: Object.fromEntries(form) };
    exchanges.push(exchange);
    const grant = issued.get(form.get('code'));
    const refuse = (error) => new Response(JSON.stringify({ error }), { status: 400, headers: { 'content-type': 'application/json' } });
    if (form.get('grant_type') !== 'authorization_code' || form.get('client_id') !== CLIENT_ID) return refuse('invalid_request');
    if (!grant || grant.used || grant.redirectUri !== form.get('redirect_uri')) return refuse('invalid_grant');
    if (s256(form.get('code_verifier') ?? '') !== grant.challenge) return refuse('invalid_grant');
    grant.used = true;
    const t = cognito.tokensFor('alice');
    return new Response(
      JSON.stringify({ access_token: t.AccessToken, id_token: t.IdToken, refresh_token: t.RefreshToken, expires_in: 3600, token_type: 'Bearer' }),
      { status: 200, headers: { 'content-type': 'application/json' } },
    );
  };
  /** What the hosted UI does at /oauth2/authorize: remember the challenge, hand out a code. */
  const authorize = (authorizeUrl) => {
    const u = new URL(authorizeUrl);
    const code = `code-${issued.size + 1}`;
    issued.set(code, { challenge: u.searchParams.get('code_challenge'), redirectUri: u.searchParams.get('redirect_uri') });
    return `${u.searchParams.get('redirect_uri')}?code=${code}&state=${encodeURIComponent(u.searchParams.get('state'))}`;
  };
  return { fetch, cognito, exchanges, authorize, issued };
}

function recorder() {
  const navigations = [];
  const events = [];
  return {
    navigations,
    events,
    host: {
      navigate: (url, how) => {
        navigations.push({ url, replace: how.replace });
      },
      onEvent: ({ event, data }) => events.push({ event, data }),
    },
  };
}

describe('signInWithRedirect', () => {
  it('stores the PKCE verifier and state under Amplify keys and navigates to /oauth2/authorize', async () => {
    const storage = createMemoryStorage();
    const rec = recorder();
    const auth = await createAuth(config(), { storage, ...rec.host });
    const out = await auth.signInWithRedirect({ provider: 'Google', customState: 'cart/42?x=1&y=ü', options: { loginHint: 'alice@example.com', lang: 'fr', prompt: 'login' } });
    expect(out).toBeUndefined();
    expect(rec.navigations).toHaveLength(1);
    const { url, replace } = rec.navigations[0];
    expect(replace).toBe(false);
    const u = new URL(url);
    expect(u.origin + u.pathname).toBe('https://auth.example.test/oauth2/authorize');
    const q = Object.fromEntries(u.searchParams);
    // The redirect URL on this origin, not the first one.
    expect(q).toMatchObject({
      redirect_uri: `${APP}/callback`,
      response_type: 'code',
      client_id: CLIENT_ID,
      identity_provider: 'Google',
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      login_hint: 'alice@example.com',
      lang: 'fr',
      prompt: 'login',
    });
    const verifier = await storage.getItem(`${PREFIX}.oauthPKCE`);
    expect(verifier).toMatch(/^[A-Za-z0-9]{128}$/);
    expect(q.code_challenge).toBe(s256(verifier));
    expect(await storage.getItem(`${PREFIX}.oauthState`)).toBe(q.state);
    expect(q.state).toMatch(new RegExp(`^[A-Za-z0-9]{32}-${Buffer.from('cart/42?x=1&y=ü').toString('hex')}$`));
    expect(await storage.getItem(`${PREFIX}.inflightOAuth`)).toBe('true');
    expect(Number(await storage.getItem(`${PREFIX}.inflightOAuthDeadline`))).toBeGreaterThan(Date.now());
    // A second flow draws fresh randomness.
    await auth.signInWithRedirect();
    const second = new URL(rec.navigations[1].url).searchParams;
    expect(second.get('identity_provider')).toBe('COGNITO');
    expect(second.get('state')).not.toBe(q.state);
    expect(second.get('code_challenge')).not.toBe(q.code_challenge);
  });

  it('maps custom and idpIdentifier providers; without oauth it is OAuthNotConfigureException', async () => {
    const rec = recorder();
    const auth = await createAuth(config(), { storage: createMemoryStorage(), ...rec.host });
    await auth.signInWithRedirect({ provider: { custom: 'Corp SAML' } });
    await auth.signInWithRedirect({ provider: { idpIdentifier: 'corp.example' } });
    await auth.signInWithRedirect({ provider: 'Amazon' });
    const params = rec.navigations.map((n) => new URL(n.url).searchParams);
    expect(params[0].get('identity_provider')).toBe('Corp SAML');
    expect(params[1].get('idp_identifier')).toBe('corp.example');
    expect(params[2].get('identity_provider')).toBe('LoginWithAmazon');

    const plain = await createAuth({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID }, { storage: createMemoryStorage() });
    await expect(plain.signInWithRedirect()).rejects.toMatchObject({ name: 'OAuthNotConfigureException' });
  });

  it("accepts Amplify's loginWith.oauth and the older aws-exports shape", async () => {
    const rec = recorder();
    const amplify = await createAuth(
      { Auth: { Cognito: { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, loginWith: { oauth: { ...OAUTH, responseType: 'code' } } } } },
      { storage: createMemoryStorage(), ...rec.host },
    );
    await amplify.signInWithRedirect();
    // No origin in Node: the first redirect URL.
    expect(new URL(rec.navigations[0].url).searchParams.get('redirect_uri')).toBe('http://localhost:3000/');

    const old = await createAuth(
      {
        userPoolId: POOL_ID,
        userPoolClientId: CLIENT_ID,
        origin: APP,
        oauth: { domain: 'https://auth.example.test/', scope: ['email', 'openid'], redirectSignIn: `http://localhost:3000/,${APP}/callback`, redirectSignOut: `${APP}/bye`, responseType: 'code' },
      },
      { storage: createMemoryStorage(), ...rec.host },
    );
    await old.signInWithRedirect();
    const u = new URL(rec.navigations[1].url);
    expect(u.host).toBe('auth.example.test');
    expect(u.searchParams.get('scope')).toBe('email openid');
    expect(u.searchParams.get('redirect_uri')).toBe(`${APP}/callback`);

    await expect(createAuth({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, oauth: { scopes: [] } })).rejects.toMatchObject({
      name: 'OAuthNotConfigureException',
    });
  });

  it('without host.navigate in Node it warns and goes on', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const storage = createMemoryStorage();
    const auth = await createAuth(config(), { storage });
    await expect(auth.signInWithRedirect()).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
    const message = String(warn.mock.calls[0][0]);
    expect(message).toContain('https://auth.example.test/oauth2/authorize');
    expect(message).toContain('host.navigate');
    // The query (state, challenge) is not logged.
    expect(message).not.toContain('code_challenge');
    expect(await storage.getItem(`${PREFIX}.oauthPKCE`)).toMatch(/^[A-Za-z0-9]{128}$/);
  });
});

describe('handleOAuthCallback', () => {
  it('exchanges the code with the verifier, stores the tokens, cleans the URL, emits the events', async () => {
    const storage = createMemoryStorage();
    const ui = hostedUi();
    const rec = recorder();
    const auth = await createAuth(config(), { storage, fetch: ui.fetch, ...rec.host });
    await auth.signInWithRedirect({ customState: 'back-to=/orders' });
    const back = ui.authorize(rec.navigations[0].url);
    const listened = [];
    auth.listen('*', ({ event }) => listened.push(event));

    const out = await auth.handleOAuthCallback(back);
    expect(out).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect(ui.exchanges).toHaveLength(1);
    const ex = ui.exchanges[0];
    expect(ex.method).toBe('POST');
    expect(ex.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.keys(ex.form).sort()).toEqual(['client_id', 'code', 'code_verifier', 'grant_type', 'redirect_uri']);
    expect(ex.form.redirect_uri).toBe(`${APP}/callback`);
    // Tokens stored like any sign-in; the OAuth keys are gone.
    expect(await storage.getItem(`${PREFIX}.LastAuthUser`)).toBe('alice');
    expect(await storage.getItem(`${PREFIX}.alice.refreshToken`)).toMatch(/^refresh-alice-/);
    for (const k of ['oauthPKCE', 'oauthState', 'inflightOAuth', 'inflightOAuthDeadline']) expect(await storage.getItem(`${PREFIX}.${k}`)).toBeNull();
    expect(rec.navigations.at(-1)).toEqual({ url: `${APP}/callback`, replace: true });
    const names = rec.events.map((e) => e.event);
    // Amplify's order (@aws-amplify/auth completeOAuthFlow.mjs `completeFlow`).
    expect(names).toEqual(['customOAuthState', 'signInWithRedirect', 'signedIn']);
    expect(rec.events[0].data).toBe('back-to=/orders');
    expect(listened).toEqual(names);
    expect(auth.getSnapshot()).toMatchObject({ authStatus: 'authenticated', user: { username: 'alice' } });
    expect((await auth.fetchAuthSession()).tokens.accessToken.payload.username).toBe('alice');
    // A URL that is no callback does nothing.
    await expect(auth.handleOAuthCallback(`${APP}/callback?page=2`)).resolves.toBeUndefined();
  });

  it('a forged callback (a state not ours) changes nothing and shows none of its text; the real sign-in then completes', async () => {
    const storage = createMemoryStorage();
    const ui = hostedUi();
    const rec = recorder();
    const auth = await createAuth(config(), { storage, fetch: ui.fetch, ...rec.host });
    await auth.signInWithRedirect();
    const real = ui.authorize(rec.navigations.at(-1).url);
    const keys = ['oauthPKCE', 'oauthState', 'inflightOAuth', 'inflightOAuthDeadline', 'oauthSignIn'].map((k) => `${PREFIX}.${k}`);
    const stored = await Promise.all(keys.map((k) => storage.getItem(k)));
    const navigations = rec.navigations.length;
    for (const forged of [
      `${APP}/callback?error=access_denied&error_description=Your+account+is+locked.+Call+555-0100&state=forged`,
      `${APP}/callback?error=Call+555-0100`,
      `${APP}/callback?code=attackers-code&state=forged`,
    ]) {
      const error = await auth.handleOAuthCallback(forged).then(
        () => undefined,
        (e) => e,
      );
      expect(error, forged).toBeInstanceOf(Error);
      expect(error.name).toBe('OAuthSignInException');
      expect(error.message).toBe("the callback's OAuth state does not match a sign-in started here (a forged or stale callback); nothing was changed");
      expect(JSON.stringify({ ...error, message: error.message })).not.toContain('555-0100');
      expect(error.underlyingError).toBeUndefined();
    }
    expect(rec.events).toEqual([]);
    expect(rec.navigations).toHaveLength(navigations);
    expect(ui.exchanges).toHaveLength(0);
    expect(await Promise.all(keys.map((k) => storage.getItem(k)))).toEqual(stored);
    // The user comes back from the hosted UI: the sign-in was not cancelled.
    await expect(auth.handleOAuthCallback(real)).resolves.toMatchObject({ isSignedIn: true });
    expect(rec.events.map((e) => e.event)).toEqual(['signInWithRedirect', 'signedIn']);
  });

  it('a wrong verifier and an error in the URL are OAuthSignInException + signInWithRedirect_failure; the IdP text is underlyingError', async () => {
    const storage = createMemoryStorage();
    const ui = hostedUi();
    const rec = recorder();
    const auth = await createAuth(config(), { storage, fetch: ui.fetch, ...rec.host });

    // A wrong verifier: the token endpoint refuses it.
    await auth.signInWithRedirect();
    const back2 = ui.authorize(rec.navigations.at(-1).url);
    await storage.setItem(`${PREFIX}.oauthPKCE`, 'x'.repeat(128));
    await expect(auth.handleOAuthCallback(back2)).rejects.toMatchObject({ name: 'OAuthSignInException', message: expect.stringContaining('invalid_grant') });
    expect(ui.exchanges).toHaveLength(1);
    expect(ui.exchanges[0].form.code_verifier).toBe('x'.repeat(128));
    expect(auth.getSnapshot().authStatus).toBe('unauthenticated');
    expect(rec.navigations.at(-1)).toEqual({ url: `${APP}/callback`, replace: true });
    expect(await storage.getItem(`${PREFIX}.oauthPKCE`)).toBeNull();

    // error/error_description from the hosted UI, with our state: the sign-in ends, and
    // the identity provider's words are data (underlyingError), not our message.
    await auth.signInWithRedirect();
    const state = new URL(rec.navigations.at(-1).url).searchParams.get('state');
    const idpError = { error: 'access_denied', error_description: 'User cancelled the login' };
    const rejected = auth.handleOAuthCallback(`${APP}/callback?error=access_denied&error_description=User+cancelled+the+login&state=${state}`);
    await expect(rejected).rejects.toMatchObject({
      name: 'OAuthSignInException',
      message: 'the hosted UI returned an error instead of an authorization code (see underlyingError)',
      underlyingError: idpError,
    });
    const failures = rec.events.filter((e) => e.event === 'signInWithRedirect_failure');
    expect(failures).toHaveLength(2);
    // The event's error is an AuthError, as the rejection.
    expect(failures[1].data.error).toBeInstanceOf(Error);
    expect(failures[1].data.error).toMatchObject({
      name: 'OAuthSignInException',
      message: 'the hosted UI returned an error instead of an authorization code (see underlyingError)',
      underlyingError: idpError,
    });
    expect(rec.events.some((e) => e.event === 'signedIn')).toBe(false);
    expect(await storage.getItem(`${PREFIX}.oauthState`)).toBeNull();
  });
});

describe('isOAuthCallback', () => {
  it('code or error with state, in the query or the fragment, on a redirectSignIn URL', () => {
    const list = [`${APP}/callback`, 'http://localhost:3000/'];
    expect(isOAuthCallback(`${APP}/callback?code=c&state=s`, list)).toBe(true);
    expect(isOAuthCallback(`${APP}/callback/?error=access_denied&state=s`, list)).toBe(true);
    expect(isOAuthCallback('http://localhost:3000/#code=c&state=s', list)).toBe(true);
    expect(isOAuthCallback('http://localhost:3000?code=c&state=s#top', list)).toBe(true);
    expect(isOAuthCallback(`${APP}/callback?code=c`, list)).toBe(false);
    expect(isOAuthCallback(`${APP}/callback?state=s`, list)).toBe(false);
    expect(isOAuthCallback(`${APP}/checkout?code=c&state=s`, list)).toBe(false);
    expect(isOAuthCallback(`${APP}/checkout?code=c&state=s`)).toBe(true);
    expect(isOAuthCallback(undefined, list)).toBe(false);
  });
});

describe('signOut with the hosted UI', () => {
  it('clears the tokens, then navigates to /logout with the redirect for this origin (or oauth.redirectUrl)', async () => {
    const storage = createMemoryStorage();
    const ui = hostedUi();
    const rec = recorder();
    const auth = await createAuth(config(), { storage, fetch: ui.fetch, ...rec.host });
    const signIn = async () => {
      await auth.signInWithRedirect();
      await auth.handleOAuthCallback(ui.authorize(rec.navigations.at(-1).url));
    };
    await signIn();
    await auth.signOut();
    expect(await storage.getItem(`${PREFIX}.alice.accessToken`)).toBeNull();
    const logout = new URL(rec.navigations.at(-1).url);
    expect(rec.navigations.at(-1).replace).toBe(false);
    expect(logout.origin + logout.pathname).toBe('https://auth.example.test/logout');
    expect(Object.fromEntries(logout.searchParams)).toEqual({ client_id: CLIENT_ID, logout_uri: `${APP}/bye` });
    expect(ui.cognito.calls.map((c) => c.op)).toContain('RevokeToken');

    await signIn();
    await auth.signOut({ oauth: { redirectUrl: 'http://localhost:3000/' } });
    expect(new URL(rec.navigations.at(-1).url).searchParams.get('logout_uri')).toBe('http://localhost:3000/');
  });
});

// ------------------------------------------------------------------ locks

/** A Web Locks look-alike (exclusive locks, FIFO per name) shared by several instances. */
function fakeLocks() {
  const queues = new Map();
  const log = [];
  const run = (name) => {
    const entry = queues.get(name)[0];
    log.push(`acquire:${entry.who}`);
    Promise.resolve()
      .then(() => entry.callback({ name, mode: 'exclusive' }))
      .then(entry.resolve, entry.reject)
      .finally(() => {
        log.push(`release:${entry.who}`);
        queues.get(name).shift();
        if (queues.get(name).length > 0) run(name);
      });
  };
  const manager = (who) => ({
    request(name, options, callback) {
      if (typeof options === 'function') [options, callback] = [{}, options];
      return new Promise((resolve, reject) => {
        const q = queues.get(name) ?? [];
        queues.set(name, q);
        q.push({ who, callback, resolve, reject });
        log.push(`request:${who}:${name}`);
        if (q.length === 1) run(name);
      });
    },
  });
  return { manager, log };
}

describe('the cross-tab refresh lock', () => {
  const setUp = async ({ locks, rotation = true, wrap = (m) => m, storage = createMemoryStorage() }) => {
    let now = Date.UTC(2026, 10, 22, 12, 0, 0);
    const clock = () => now;
    const cognito = createFakeCognito({ clientId: CLIENT_ID, poolId: POOL_ID, now: clock, rotation });
    const base = { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, endpoint: 'https://cognito.test.invalid/', refreshFlow: 'rotation' };
    const a = await createAuth({ ...base, refreshLock: !!locks }, { storage, fetch: cognito.fetch, now: clock, locks: locks ? wrap(locks.manager('a'), storage) : null });
    await a.signIn({ username: 'alice', password: 'Correct-Horse-1', options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    const b = await createAuth({ ...base, refreshLock: !!locks }, { storage, fetch: cognito.fetch, now: clock, locks: locks ? wrap(locks.manager('b'), storage) : null });
    expect(b.getSnapshot().authStatus).toBe('authenticated');
    now += 2 * 3600 * 1000; // both hold expired access tokens
    return { a, b, cognito, storage };
  };
  const refreshes = (cognito) => cognito.calls.filter((c) => c.op === 'GetTokensFromRefreshToken');

  it('two instances sharing a storage send one refresh: the second adopts the tokens the first stored', async () => {
    const locks = fakeLocks();
    const { a, b, cognito } = await setUp({ locks });
    const events = [];
    b.listen('*', ({ event }) => events.push(event));
    const [sa, sb] = await Promise.all([a.fetchAuthSession(), b.fetchAuthSession()]);
    expect(refreshes(cognito)).toHaveLength(1);
    expect(sa.tokens.accessToken.toString()).toBe(sb.tokens.accessToken.toString());
    expect(b.getSnapshot().authStatus).toBe('authenticated');
    expect(events).toEqual(['tokenRefresh']);
    // Strictly one after the other, each released.
    await new Promise((r) => setTimeout(r, 20));
    const name = `cognito-headless.refresh.${CLIENT_ID}`;
    expect(locks.log).toEqual([`request:a:${name}`, 'acquire:a', `request:b:${name}`, 'release:a', 'acquire:b', 'release:b']);
  });

  it('without locks both refresh with the same rotating token (the replay the lock prevents)', async () => {
    const { a, b, cognito } = await setUp({ locks: undefined });
    await Promise.allSettled([a.fetchAuthSession(), b.fetchAuthSession()]);
    expect(refreshes(cognito)).toHaveLength(2);
    expect(refreshes(cognito)[0].body.RefreshToken).toBe(refreshes(cognito)[1].body.RefreshToken);
  });

  it('the lock is released only after the new tokens are written (the next holder reads them)', async () => {
    const locks = fakeLocks();
    const atRelease = [];
    // A storage whose writes take a while (IndexedDB, a remote store).
    const map = new Map();
    const slow = {
      getItem: async (k) => map.get(k) ?? null,
      setItem: (k, v) => new Promise((r) => setTimeout(() => r(map.set(k, v)), 5)),
      removeItem: (k) => new Promise((r) => setTimeout(() => r(map.delete(k)), 5)),
      clear: async () => map.clear(),
    };
    const { a, cognito, storage } = await setUp({
      locks,
      storage: slow,
      wrap: (manager, storage) => ({
        request: (name, options, callback) =>
          manager.request(name, options, async (lock) => {
            const r = await callback(lock);
            atRelease.push(await storage.getItem(`${PREFIX}.alice.accessToken`));
            return r;
          }),
      }),
    });
    const before = await storage.getItem(`${PREFIX}.alice.accessToken`);
    const session = await a.fetchAuthSession();
    expect(refreshes(cognito)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(atRelease).toEqual([session.tokens.accessToken.toString()]);
    expect(atRelease[0]).not.toBe(before);
  });

  it('refreshLock turns itself on with locks and cross-tab sync; a failing or absent lock manager never blocks', async () => {
    const cognito = createFakeCognito({ clientId: CLIENT_ID, poolId: POOL_ID });
    const base = { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, endpoint: 'https://cognito.test.invalid/' };
    const storage = createMemoryStorage();
    const requests = [];
    const counting = { request: (name, options, cb) => (requests.push(name), cb({ name })) };
    const a = await createAuth(base, { storage, fetch: cognito.fetch, crossTab: true, locks: counting });
    await a.signIn({ username: 'alice', password: 'Correct-Horse-1', options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    await a.fetchAuthSession({ forceRefresh: true });
    expect(requests).toEqual([`cognito-headless.refresh.${CLIENT_ID}`]);
    a.close();

    // crossTab off: no lock.
    const b = await createAuth(base, { storage, fetch: cognito.fetch, crossTab: false, locks: counting });
    await b.fetchAuthSession({ forceRefresh: true });
    expect(requests).toHaveLength(1);

    // A lock manager that throws or rejects: the refresh goes on without it.
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const throwing = { request: () => Promise.reject(new DOMException('denied', 'SecurityError')) };
    const c = await createAuth({ ...base, refreshLock: true }, { storage, fetch: cognito.fetch, locks: throwing });
    const s = await c.fetchAuthSession({ forceRefresh: true });
    expect(s.tokens.accessToken.payload.username).toBe('alice');
    expect(error).toHaveBeenCalled();
    // No lock manager at all: granted at once.
    const d = await createAuth({ ...base, refreshLock: true }, { storage, fetch: cognito.fetch, locks: null });
    expect((await d.fetchAuthSession({ forceRefresh: true })).tokens.accessToken.payload.username).toBe('alice');
  });
});
