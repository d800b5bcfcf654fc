// The JS driver of the built npm package (target/pkg-build/package, made by `make package`)
// against a scripted fetch: an in-test fake Cognito that checks every request and answers
// with crafted tokens. Covers the effect queue (HTTP, storage, events, op results), the
// Amplify-shaped results, error mapping, restore, refresh and re-entrant listeners.
import { describe, it, expect, vi, afterEach } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { b64url, b64urlJson } from './support/b64url.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkgIndex = path.join(root, 'target/pkg-build/package/index.js');
if (!existsSync(pkgIndex) || !existsSync(path.join(root, 'target/pkg-build/package/wasm/cognito_headless_bg.wasm'))) {
  throw new Error(
    `The npm package is not built (${path.relative(root, pkgIndex)} or its wasm is missing). Run \`make package\` (scripts/package.sh) first.`,
  );
}
const { createAuth, createMemoryStorage, AuthError } = await import(pathToFileURL(pkgIndex).href);

const POOL_ID = 'us-east-1_TestPool1';
const CLIENT_ID = 'testclient123';
const ENDPOINT = 'https://cognito.test.invalid/';
const USERNAME = 'alice';
const PASSWORD = 'Correct-Horse-1';
const SUB = '5f1c2a9e-1111-4222-8333-944455556666';
const PREFIX = `CognitoIdentityServiceProvider.${CLIENT_ID}`;
const userKey = (name, user = USERNAME) => `${PREFIX}.${user}.${name}`;
const LAST_AUTH_USER = `${PREFIX}.LastAuthUser`;

let jtiCounter = 0;
/** A Cognito-looking JWT (RS256 header, base64url payload, fake signature). */
function makeJwt(claims) {
  return `${b64urlJson({ kid: 'test-kid', alg: 'RS256' })}.${b64urlJson(claims)}.${b64url('signature-' + ++jtiCounter)}`;
}
function tokensAt(nowMs, { lifetimeS = 3600, refresh = true } = {}) {
  const iat = Math.floor(nowMs / 1000);
  const common = { sub: SUB, iss: `https://cognito-idp.us-east-1.amazonaws.com/${POOL_ID}`, iat, auth_time: iat, exp: iat + lifetimeS };
  const originJti = 'origin-' + jtiCounter;
  return {
    AccessToken: makeJwt({ ...common, client_id: CLIENT_ID, token_use: 'access', username: USERNAME, scope: 'aws.cognito.signin.user.admin', jti: 'a' + jtiCounter, origin_jti: originJti }),
    IdToken: makeJwt({ ...common, aud: CLIENT_ID, token_use: 'id', 'cognito:username': USERNAME, email: 'alice@example.com', jti: 'i' + jtiCounter, origin_jti: originJti }),
    ...(refresh ? { RefreshToken: 'refresh-token-' + jtiCounter } : {}),
    ExpiresIn: lifetimeS,
    TokenType: 'Bearer',
  };
}

const json = (status, body, headers = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/x-amz-json-1.1', ...headers } });
const serviceError = (name, message, status = 400) =>
  json(status, { __type: name, message }, { 'x-amzn-errortype': `${name}:http://internal.amazon.com/coral/com.amazonaws.swbup.service/` });

/**
 * A fake Cognito user pool API. `mode` changes how it answers: 'ok', 'html500', 'throw', 'hang'.
 */
function fakeCognito({ now = () => Date.now(), lifetimeS = 3600 } = {}) {
  const calls = [];
  const state = { mode: 'ok', refreshTokens: new Set(), revoked: [] };
  const fetch = vi.fn(async (url, init) => {
    const headers = new Headers(init.headers);
    const target = headers.get('x-amz-target');
    const body = JSON.parse(init.body);
    calls.push({ url, method: init.method, headers, target, body });
    if (state.mode === 'throw') throw new TypeError('fetch failed: ECONNREFUSED');
    if (state.mode === 'hang') {
      return new Promise((_, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    }
    if (state.mode === 'html500') {
      return new Response('<html><body><h1>500 Internal Server Error</h1></body></html>', { status: 500, headers: { 'content-type': 'text/html' } });
    }
    // Every request is an unsigned POST of Cognito JSON.
    expect(url).toBe(ENDPOINT);
    expect(init.method).toBe('POST');
    expect(headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(target).toMatch(/^AWSCognitoIdentityProviderService\.[A-Za-z]+$/);
    expect(headers.get('authorization')).toBeNull();
    switch (target) {
      case 'AWSCognitoIdentityProviderService.InitiateAuth': {
        expect(body.ClientId).toBe(CLIENT_ID);
        if (body.AuthFlow === 'USER_PASSWORD_AUTH') {
          expect(body.AuthParameters.USERNAME).toBe(USERNAME);
          if (body.AuthParameters.PASSWORD !== PASSWORD) {
            return serviceError('NotAuthorizedException', 'Incorrect username or password.');
          }
          const result = tokensAt(now(), { lifetimeS });
          state.refreshTokens.add(result.RefreshToken);
          return json(200, { AuthenticationResult: result, ChallengeParameters: {} });
        }
        if (body.AuthFlow === 'REFRESH_TOKEN_AUTH') {
          if (!state.refreshTokens.has(body.AuthParameters.REFRESH_TOKEN)) {
            return serviceError('NotAuthorizedException', 'Invalid Refresh Token');
          }
          // Cognito answers a refresh without a new refresh token.
          return json(200, { AuthenticationResult: tokensAt(now(), { lifetimeS, refresh: false }), ChallengeParameters: {} });
        }
        return serviceError('InvalidParameterException', `unsupported flow ${body.AuthFlow}`);
      }
      case 'AWSCognitoIdentityProviderService.GetTokensFromRefreshToken': {
        expect(body.ClientId).toBe(CLIENT_ID);
        if (!state.refreshTokens.has(body.RefreshToken)) {
          return serviceError('NotAuthorizedException', 'Invalid Refresh Token');
        }
        // No rotation configured on this fake client: no new refresh token.
        return json(200, { AuthenticationResult: tokensAt(now(), { lifetimeS, refresh: false }) });
      }
      case 'AWSCognitoIdentityProviderService.RevokeToken':
        expect(body.ClientId).toBe(CLIENT_ID);
        state.revoked.push(body.Token);
        state.refreshTokens.delete(body.Token);
        return json(200, {});
      default:
        return serviceError('UnknownOperationException', `no ${target}`);
    }
  });
  return { fetch, calls, state };
}

/** The refresh requests among the fake's calls (either refresh operation) and their refresh tokens. */
const refreshRequests = (calls) =>
  calls
    .filter(
      (c) =>
        c.target === 'AWSCognitoIdentityProviderService.GetTokensFromRefreshToken' ||
        (c.target === 'AWSCognitoIdentityProviderService.InitiateAuth' && c.body.AuthFlow === 'REFRESH_TOKEN_AUTH'),
    )
    .map((c) => c.body.RefreshToken ?? c.body.AuthParameters.REFRESH_TOKEN);

/** A storage whose contents the test can read synchronously; counts its calls. */
function mapStorage(initial = {}) {
  const map = new Map(Object.entries(initial));
  const ops = [];
  return {
    map,
    ops,
    async setItem(key, value) {
      ops.push(['set', key]);
      map.set(key, value);
    },
    async getItem(key) {
      ops.push(['get', key]);
      return map.has(key) ? map.get(key) : null;
    },
    async removeItem(key) {
      ops.push(['remove', key]);
      map.delete(key);
    },
    async clear() {
      map.clear();
    },
  };
}

const config = { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, endpoint: ENDPOINT };

async function signedIn(extraHost = {}) {
  const cognito = fakeCognito(extraHost.cognitoOptions);
  const storage = extraHost.storage ?? mapStorage();
  const auth = await createAuth(config, { fetch: cognito.fetch, storage, ...extraHost.host });
  await auth.signIn({ username: USERNAME, password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
  return { auth, cognito, storage };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createAuth', () => {
  it('resolves unauthenticated over empty storage after reading LastAuthUser', async () => {
    const storage = mapStorage();
    const auth = await createAuth(config, { fetch: fakeCognito().fetch, storage });
    const snap = auth.getSnapshot();
    expect(snap.authStatus).toBe('unauthenticated');
    expect(snap.isPending).toBe(false);
    expect(snap.user).toBeUndefined();
    // LastAuthUser, then the persisted sign-in step (a confirmSignIn that survives a reload).
    expect(storage.ops).toEqual([['get', LAST_AUTH_USER], ['get', `${PREFIX}.signInState`]]);
  });

  it('rejects a bad configuration with an AuthError', async () => {
    await expect(createAuth({ userPoolId: 'nounderscore', userPoolClientId: CLIENT_ID })).rejects.toMatchObject({
      name: 'AuthUserPoolException',
    });
    const err = await createAuth({ userPoolId: POOL_ID, userPoolClientId: '' }).catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err).toBeInstanceOf(Error);
  });

  it('accepts Amplify-shaped config and sync storage methods', async () => {
    const map = new Map();
    const storage = {
      getItem: (k) => (map.has(k) ? map.get(k) : null),
      setItem: (k, v) => void map.set(k, v),
      removeItem: (k) => void map.delete(k),
      clear: () => map.clear(),
    };
    const cognito = fakeCognito();
    const auth = await createAuth({ Auth: { Cognito: config } }, { fetch: cognito.fetch, storage });
    await auth.signIn({ username: USERNAME, password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    expect(map.get(LAST_AUTH_USER)).toBe(USERNAME);
  });

  it('treats a throwing storage as empty instead of hanging', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const storage = {
      getItem: async () => {
        throw new Error('storage is broken');
      },
      setItem: async () => {},
      removeItem: async () => {},
      clear: async () => {},
    };
    const auth = await createAuth(config, { fetch: fakeCognito().fetch, storage });
    expect(auth.getSnapshot().authStatus).toBe('unauthenticated');
    expect(errors).toHaveBeenCalled();
  });
});

describe('signIn / fetchAuthSession / getCurrentUser / signOut', () => {
  it('signs in with USER_PASSWORD_AUTH, stores Amplify keys, emits signedIn and updates the snapshot', async () => {
    const cognito = fakeCognito();
    const storage = mapStorage();
    const random = vi.fn((n) => globalThis.crypto.getRandomValues(new Uint8Array(n)));
    const auth = await createAuth(config, { fetch: cognito.fetch, storage, random });

    const before = auth.getSnapshot();
    expect(auth.getSnapshot()).toBe(before); // same object until the revision changes
    const snapshots = [];
    const unsubscribe = auth.subscribe(() => snapshots.push(auth.getSnapshot()));
    const events = [];
    auth.listen('signedIn', (payload) => events.push(payload));

    const out = await auth.signIn({
      username: USERNAME,
      password: PASSWORD,
      options: { authFlowType: 'USER_PASSWORD_AUTH', clientMetadata: { source: 'test' } },
    });
    expect(out).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });

    // The request.
    expect(cognito.calls).toHaveLength(1);
    const [call] = cognito.calls;
    expect(call.target).toBe('AWSCognitoIdentityProviderService.InitiateAuth');
    expect(call.headers.get('cache-control')).toBe('no-store');
    expect(call.headers.get('x-amz-user-agent')).toMatch(/cognito-headless/);
    expect(call.body).toMatchObject({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: CLIENT_ID,
      AuthParameters: { USERNAME, PASSWORD },
      ClientMetadata: { source: 'test' },
    });
    expect(random).toHaveBeenCalledWith(512); // COMMAND_ENTROPY_BYTES

    // Storage: Amplify's layout.
    const access = storage.map.get(userKey('accessToken'));
    expect(access.split('.')).toHaveLength(3);
    expect(storage.map.get(userKey('idToken')).split('.')).toHaveLength(3);
    expect(storage.map.get(userKey('refreshToken'))).toMatch(/^refresh-token-/);
    expect(Number.isFinite(Number(storage.map.get(userKey('clockDrift'))))).toBe(true);
    expect(JSON.parse(storage.map.get(userKey('signInDetails')))).toEqual({ loginId: USERNAME, authFlowType: 'USER_PASSWORD_AUTH' });
    expect(storage.map.get(LAST_AUTH_USER)).toBe(USERNAME);
    // LastAuthUser is written last, so a half-written session is never the current one.
    const sets = storage.ops.filter(([op]) => op === 'set').map(([, k]) => k);
    expect(sets[sets.length - 1]).toBe(LAST_AUTH_USER);

    // Event and snapshot.
    expect(events).toEqual([
      { event: 'signedIn', data: { username: USERNAME, userId: SUB, signInDetails: { loginId: USERNAME, authFlowType: 'USER_PASSWORD_AUTH' } } },
    ]);
    const after = auth.getSnapshot();
    expect(after).not.toBe(before);
    expect(after.revision).toBeGreaterThan(before.revision);
    expect(after).toMatchObject({ authStatus: 'authenticated', isPending: false, user: { username: USERNAME, userId: SUB } });
    expect(auth.getSnapshot()).toBe(after);
    expect(Object.isFrozen(after)).toBe(true);
    expect(snapshots.length).toBeGreaterThanOrEqual(1);
    expect(snapshots.at(-1)).toBe(after);
    expect(snapshots.some((s) => s.isPending)).toBe(true); // the in-flight state was published

    unsubscribe();
    const count = snapshots.length;
    await auth.signOut();
    expect(snapshots.length).toBe(count);
  });

  it('fetchAuthSession returns Amplify JWT objects ({ payload, toString() }) and userSub', async () => {
    const { auth, storage, cognito } = await signedIn();
    const session = await auth.fetchAuthSession();
    const { accessToken, idToken } = session.tokens;
    expect(accessToken.toString()).toBe(storage.map.get(userKey('accessToken')));
    expect(`${idToken}`).toBe(storage.map.get(userKey('idToken')));
    expect(accessToken.payload).toMatchObject({ sub: SUB, username: USERNAME, token_use: 'access', client_id: CLIENT_ID });
    expect(typeof accessToken.payload.exp).toBe('number');
    expect(typeof accessToken.payload.iat).toBe('number');
    expect(idToken.payload).toMatchObject({ sub: SUB, 'cognito:username': USERNAME, email: 'alice@example.com' });
    expect(session.userSub).toBe(SUB);
    // The raw token never shows up when the session is serialized or logged.
    expect(JSON.stringify(session)).not.toContain(accessToken.toString());
    // Valid tokens: no request.
    expect(cognito.calls).toHaveLength(1);
  });

  it('getCurrentUser returns username, userId and signInDetails', async () => {
    const { auth } = await signedIn();
    await expect(auth.getCurrentUser()).resolves.toEqual({
      username: USERNAME,
      userId: SUB,
      signInDetails: { loginId: USERNAME, authFlowType: 'USER_PASSWORD_AUTH' },
    });
  });

  it('signIn while signed in rejects with UserAlreadyAuthenticatedException', async () => {
    const { auth } = await signedIn();
    const err = await auth.signIn({ username: USERNAME, password: PASSWORD }).catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.name).toBe('UserAlreadyAuthenticatedException');
  });

  it('signOut clears the stored tokens and LastAuthUser, revokes the refresh token and emits signedOut', async () => {
    const storage = mapStorage({ [userKey('deviceKey')]: 'us-east-1_device' });
    const { auth, cognito } = await signedIn({ storage });
    const refreshToken = storage.map.get(userKey('refreshToken'));
    const signedOut = vi.fn();
    auth.listen('signedOut', signedOut);

    await expect(auth.signOut()).resolves.toBeUndefined();
    for (const name of ['accessToken', 'idToken', 'refreshToken', 'clockDrift', 'signInDetails']) {
      expect(storage.map.has(userKey(name))).toBe(false);
    }
    expect(storage.map.has(LAST_AUTH_USER)).toBe(false);
    expect(storage.map.get(userKey('deviceKey'))).toBe('us-east-1_device'); // device memory survives
    expect(signedOut).toHaveBeenCalledTimes(1);
    expect(signedOut).toHaveBeenCalledWith({ event: 'signedOut', data: undefined }, { otherTab: false });
    // The access token has origin_jti: RevokeToken(refresh token), as Amplify does.
    expect(cognito.calls.at(-1).target).toBe('AWSCognitoIdentityProviderService.RevokeToken');
    expect(cognito.state.revoked).toEqual([refreshToken]);

    expect(auth.getSnapshot()).toMatchObject({ authStatus: 'unauthenticated' });
    await expect(auth.getCurrentUser()).rejects.toMatchObject({ name: 'UserUnAuthenticatedException' });
    const session = await auth.fetchAuthSession();
    expect(session.tokens).toBeUndefined();
    expect(session.userSub).toBeUndefined();
  });

  it('a new createAuth over the same storage restores the session without a request', async () => {
    const { storage } = await signedIn();
    const cognito = fakeCognito();
    const auth2 = await createAuth(config, { fetch: cognito.fetch, storage });
    expect(auth2.getSnapshot()).toMatchObject({ authStatus: 'authenticated', user: { username: USERNAME, userId: SUB } });
    await expect(auth2.getCurrentUser()).resolves.toMatchObject({ username: USERNAME, userId: SUB });
    const session = await auth2.fetchAuthSession();
    expect(session.tokens.accessToken.toString()).toBe(storage.map.get(userKey('accessToken')));
    expect(cognito.calls).toHaveLength(0);
  });

  it('createAuth resolves only after a slow storage has been read', async () => {
    const { storage } = await signedIn();
    let release;
    const gate = new Promise((r) => (release = r));
    const slow = { ...storage, getItem: async (k) => (await gate, storage.getItem(k)) };
    let resolved = false;
    const pending = createAuth(config, { fetch: fakeCognito().fetch, storage: slow }).then((a) => {
      resolved = true;
      return a;
    });
    await new Promise((r) => setTimeout(r, 30));
    expect(resolved).toBe(false);
    release();
    const auth = await pending;
    expect(auth.getSnapshot().authStatus).toBe('authenticated');
    await expect(auth.getCurrentUser()).resolves.toMatchObject({ username: USERNAME });
  });
});

describe('errors', () => {
  it('NotAuthorizedException (x-amzn-errortype + __type) rejects with an AuthError of that name; storage untouched', async () => {
    const cognito = fakeCognito();
    const storage = mapStorage();
    const auth = await createAuth(config, { fetch: cognito.fetch, storage });
    const err = await auth
      .signIn({ username: USERNAME, password: 'wrong', options: { authFlowType: 'USER_PASSWORD_AUTH' } })
      .catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('NotAuthorizedException');
    expect(err.message).toBe('Incorrect username or password.');
    expect(storage.map.size).toBe(0);
    expect(storage.ops.filter(([op]) => op !== 'get')).toEqual([]);
    expect(auth.getSnapshot()).toMatchObject({ authStatus: 'unauthenticated', isPending: false });
  });

  it('an HTML 500 page rejects with UnexpectedResponseException', async () => {
    const cognito = fakeCognito();
    cognito.state.mode = 'html500';
    const auth = await createAuth(config, { fetch: cognito.fetch, storage: mapStorage() });
    const err = await auth
      .signIn({ username: USERNAME, password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } })
      .catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.name).toBe('UnexpectedResponseException');
    expect(err.message).toMatch(/500/);
    expect(typeof err.recoverySuggestion).toBe('string');
  });

  it('a throwing fetch rejects signIn with NetworkError and writes nothing', async () => {
    const cognito = fakeCognito();
    cognito.state.mode = 'throw';
    const storage = mapStorage();
    const auth = await createAuth(config, { fetch: cognito.fetch, storage });
    const err = await auth
      .signIn({ username: USERNAME, password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } })
      .catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.name).toBe('NetworkError');
    expect(err.message).toMatch(/ECONNREFUSED/);
    expect(storage.map.size).toBe(0);
  });

  it('a throwing fetch during a refresh rejects with NetworkError, keeps the session and storage unchanged', async () => {
    const { auth, cognito, storage } = await signedIn();
    const before = new Map(storage.map);
    const failures = [];
    auth.listen('tokenRefresh_failure', (p) => failures.push(p));
    cognito.state.mode = 'throw';
    const err = await auth.fetchAuthSession({ forceRefresh: true }).catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.name).toBe('NetworkError');
    expect(storage.map).toEqual(before);
    expect(auth.getSnapshot().authStatus).toBe('authenticated');
    expect(failures).toHaveLength(1);
    expect(failures[0].data.error).toBeInstanceOf(AuthError);
    expect(failures[0].data.error.name).toBe('NetworkError');
    // Back online: the session still works.
    cognito.state.mode = 'ok';
    const session = await auth.fetchAuthSession({ forceRefresh: true });
    expect(session.tokens.accessToken.toString()).not.toBe(before.get(userKey('accessToken')));
  });

  it('a request that never answers times out with TimeoutError and aborts the fetch', async () => {
    const cognito = fakeCognito();
    const storage = mapStorage();
    const auth = await createAuth(config, { fetch: cognito.fetch, storage, timeoutMs: 50 });
    cognito.state.mode = 'hang';
    const err = await auth
      .signIn({ username: USERNAME, password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } })
      .catch((e) => e);
    expect(err.name).toBe('TimeoutError');
    expect(cognito.fetch.mock.calls[0][1].signal.aborted).toBe(true);
    expect(storage.map.size).toBe(0);
  });

  it('validation errors use Amplify names', async () => {
    const auth = await createAuth(config, { fetch: fakeCognito().fetch, storage: mapStorage() });
    await expect(auth.signIn({ username: '', password: 'x' })).rejects.toMatchObject({ name: 'EmptySignInUsername' });
    await expect(auth.signIn({ username: USERNAME })).rejects.toMatchObject({ name: 'EmptySignInPassword' });
    await expect(auth.signIn({ username: USERNAME, password: 'x', options: { authFlowType: 'NOPE' } })).rejects.toBeInstanceOf(
      AuthError,
    );
    // The queue survives a refused input.
    await expect(auth.getCurrentUser()).rejects.toMatchObject({ name: 'UserUnAuthenticatedException' });
  });
});

describe('refresh', () => {
  it('refreshes expired tokens once for concurrent callers, stores them and emits tokenRefresh', async () => {
    let now = Date.UTC(2026, 0, 1, 12, 0, 0);
    const cognitoOptions = { now: () => now, lifetimeS: 3600 };
    const { auth, cognito, storage } = await signedIn({ cognitoOptions, host: { now: () => now } });
    const oldAccess = storage.map.get(userKey('accessToken'));
    const oldRefresh = storage.map.get(userKey('refreshToken'));
    const refreshed = vi.fn();
    auth.listen('tokenRefresh', refreshed);

    now += 3600 * 1000; // expired
    const [a, b, c] = await Promise.all([auth.fetchAuthSession(), auth.fetchAuthSession(), auth.fetchAuthSession()]);
    expect(refreshRequests(cognito.calls)).toEqual([oldRefresh]); // single flight
    const fresh = a.tokens.accessToken.toString();
    expect(fresh).not.toBe(oldAccess);
    expect(b.tokens.accessToken.toString()).toBe(fresh);
    expect(c.tokens.accessToken.toString()).toBe(fresh);
    expect(a.tokens.accessToken.payload.exp * 1000).toBeGreaterThan(now);
    expect(storage.map.get(userKey('accessToken'))).toBe(fresh);
    expect(storage.map.get(userKey('refreshToken'))).toBe(oldRefresh); // not rotated: kept
    expect(refreshed).toHaveBeenCalledTimes(1);
  });

  it('a dead refresh token ends the session: empty session, storage cleared, tokenRefresh_failure only (as Amplify)', async () => {
    const { auth, cognito, storage } = await signedIn();
    cognito.state.refreshTokens.clear();
    const events = [];
    auth.listen('*', ({ event }) => events.push(event));
    const ui = auth.authenticator;
    expect(ui.getSnapshot().route).toBe('authenticated');
    const session = await auth.fetchAuthSession({ forceRefresh: true });
    expect(session.tokens).toBeUndefined();
    expect(storage.map.has(LAST_AUTH_USER)).toBe(false);
    expect(storage.map.has(userKey('accessToken'))).toBe(false);
    // @aws-amplify/auth TokenOrchestrator.handleErrors: tokenRefresh_failure, then clearTokens() without signedOut.
    expect(events).toEqual(['tokenRefresh_failure']);
    expect(auth.getSnapshot().authStatus).toBe('unauthenticated');
    // The authenticator goes back to signIn all the same.
    expect(ui.getSnapshot().route).toBe('signIn');
  });
});

describe('listeners and re-entrancy', () => {
  it('a signedIn listener may call back into auth (getCurrentUser) safely', async () => {
    const cognito = fakeCognito();
    const auth = await createAuth(config, { fetch: cognito.fetch, storage: mapStorage() });
    let inner;
    auth.listen('signedIn', () => {
      inner = auth.getCurrentUser();
    });
    await auth.signIn({ username: USERNAME, password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    expect(inner).toBeInstanceOf(Promise);
    await expect(inner).resolves.toMatchObject({ username: USERNAME, userId: SUB });
  });

  it('subscribers may read the snapshot and call auth; a throwing listener does not break the queue', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const cognito = fakeCognito();
    const auth = await createAuth(config, { fetch: cognito.fetch, storage: mapStorage() });
    const seen = [];
    auth.subscribe((snap) => {
      seen.push(snap.authStatus);
      if (snap.authStatus === 'authenticated') auth.fetchAuthSession().then((s) => seen.push(s.userSub));
    });
    auth.listen('signedIn', () => {
      throw new Error('listener bug');
    });
    auth.listen('signedIn', async () => {
      throw new Error('async listener bug');
    });
    const later = vi.fn();
    auth.listen('signedIn', later);
    await auth.signIn({ username: USERNAME, password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    await new Promise((r) => setTimeout(r, 10));
    expect(later).toHaveBeenCalledTimes(1);
    expect(seen).toContain('authenticated');
    expect(seen).toContain(SUB);
    expect(errors).toHaveBeenCalledTimes(2);
    await expect(auth.getCurrentUser()).resolves.toMatchObject({ username: USERNAME });
  });

  it('listen and subscribe return working unsubscribe functions', async () => {
    const cognito = fakeCognito();
    const auth = await createAuth(config, { fetch: cognito.fetch, storage: mapStorage() });
    const handler = vi.fn();
    const any = vi.fn();
    const stop = auth.listen('signedIn', handler);
    auth.listen('*', any);
    stop();
    await auth.signIn({ username: USERNAME, password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    await auth.signOut();
    expect(handler).not.toHaveBeenCalled();
    expect(any.mock.calls.map(([p]) => p.event)).toEqual(['signedIn', 'signedOut']);
  });
});

describe('defaults', () => {
  it('createMemoryStorage is an async KeyValueStorageInterface', async () => {
    const s = createMemoryStorage();
    expect(await s.getItem('k')).toBeNull();
    await s.setItem('k', 'v');
    expect(await s.getItem('k')).toBe('v');
    await s.removeItem('k');
    expect(await s.getItem('k')).toBeNull();
    await s.setItem('a', '1');
    await s.clear();
    expect(await s.getItem('a')).toBeNull();
  });

  it('without host.storage in Node (a server), each createAuth has its own storage', async () => {
    // In a browser page they share localStorage (storage-dom.test.mjs); a server's
    // instances are different requests' (server-isolation.test.mjs).
    const cognito = fakeCognito();
    const a = await createAuth(config, { fetch: cognito.fetch });
    await a.signIn({ username: USERNAME, password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    const b = await createAuth(config, { fetch: cognito.fetch });
    expect(b.getSnapshot().authStatus).toBe('unauthenticated');
    expect(a.getSnapshot().authStatus).toBe('authenticated');
  });

  it('uses globalThis.fetch when no fetch is given', async () => {
    const cognito = fakeCognito();
    vi.stubGlobal('fetch', cognito.fetch);
    try {
      const auth = await createAuth(config, { storage: mapStorage() });
      await auth.signIn({ username: USERNAME, password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
      expect(cognito.fetch).toHaveBeenCalledTimes(1);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
