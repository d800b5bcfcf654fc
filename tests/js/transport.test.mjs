// The transport's retry rules, with a fake fetch and an injected sleep (no real waiting):
// first createTransport on its own (which answers are repeated, how often, how long it
// waits), then through createAuth, where the machine's `retry` flag decides (InitiateAuth
// and identity calls are repeated; PASSWORD_VERIFIER answers, rotating refreshes and
// SignUp never are).
import { describe, it, expect } from 'vitest';
import { importBuilt } from './support/built-package.mjs';
import { createFakeCognito, json, serviceError } from './support/fake-cognito.mjs';

const { createTransport } = await importBuilt('transport.js');
const { createAuth, createMemoryStorage, AuthError } = await importBuilt('index.js');

const REQUEST = {
  method: 'POST',
  url: 'https://cognito.test.invalid/',
  headers: [
    ['content-type', 'application/x-amz-json-1.1'],
    ['x-amz-target', 'AWSCognitoIdentityProviderService.InitiateAuth'],
  ],
  body: '{}',
};

/** A fetch that answers from a script (one entry per attempt; the last repeats) and counts. */
function scriptedFetch(...script) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, init });
    const step = script[Math.min(calls.length - 1, script.length - 1)];
    return step(init);
  };
  return { fetch, calls };
}

const ok = () => json(200, { AuthenticationResult: {} });
const networkError = () => {
  throw new TypeError('fetch failed: ECONNRESET');
};

function transportWith(fetch, extra = {}) {
  const sleeps = [];
  const t = createTransport({ fetch, sleep: (ms) => void sleeps.push(ms), random: () => 0.5, ...extra });
  return { ...t, sleeps };
}

describe('createTransport: which answers are repeated', () => {
  const retryable = [
    ['a network error', networkError],
    ['HTTP 429', () => json(429, { message: 'Too Many Requests' })],
    ['HTTP 500', () => json(500, { message: 'Internal' })],
    ['HTTP 503 with an HTML body', () => new Response('<html>503</html>', { status: 503, headers: { 'content-type': 'text/html' } })],
    ['400 TooManyRequestsException (x-amzn-errortype)', () => serviceError('TooManyRequestsException', 'Rate exceeded')],
    ['400 ThrottlingException (JSON __type only)', () => json(400, { __type: 'ThrottlingException', message: 'slow down' })],
    ['400 with a namespaced __type', () => json(400, { __type: 'com.amazonaws.cognito#TooManyRequestsException' })],
  ];
  for (const [name, answer] of retryable) {
    it(`${name}: 3 attempts when retry is true, 1 when false`, async () => {
      const a = scriptedFetch(answer);
      const t = transportWith(a.fetch);
      const outcome = await t.send(REQUEST, true);
      expect(a.calls).toHaveLength(3);
      expect(t.sleeps).toHaveLength(2);
      if ('failure' in outcome) expect(outcome.failure.kind).toBe('network');
      else expect(outcome.response.status).toBeGreaterThanOrEqual(400);

      const b = scriptedFetch(answer);
      const u = transportWith(b.fetch);
      await u.send(REQUEST, false);
      expect(b.calls).toHaveLength(1);
      expect(u.sleeps).toEqual([]);
    });
  }

  const final = [
    ['200', ok],
    ['400 NotAuthorizedException', () => serviceError('NotAuthorizedException', 'Incorrect username or password.')],
    ['400 LimitExceededException (a quota, not throttling)', () => serviceError('LimitExceededException', 'Attempt limit exceeded')],
    ['404', () => new Response('not found', { status: 404 })],
    ['400 RefreshTokenReuseException', () => serviceError('RefreshTokenReuseException')],
  ];
  for (const [name, answer] of final) {
    it(`${name}: one attempt even when retry is true`, async () => {
      const a = scriptedFetch(answer);
      const t = transportWith(a.fetch);
      const outcome = await t.send(REQUEST, true);
      expect(a.calls).toHaveLength(1);
      expect(t.sleeps).toEqual([]);
      expect(outcome.response).toBeDefined();
    });
  }

  it('stops at the first good answer and hands it over whole', async () => {
    const a = scriptedFetch(networkError, () => json(503, {}), () => json(200, { X: 1 }, { 'x-amzn-requestid': 'r-1' }));
    const t = transportWith(a.fetch);
    const outcome = await t.send(REQUEST, true);
    expect(a.calls).toHaveLength(3);
    expect(outcome.response.status).toBe(200);
    expect(JSON.parse(outcome.response.body)).toEqual({ X: 1 });
    expect(outcome.response.headers).toContainEqual(['x-amzn-requestid', 'r-1']);
    // The request went out the same each time.
    for (const { url, init } of a.calls) {
      expect(url).toBe(REQUEST.url);
      expect(init).toMatchObject({ method: 'POST', body: '{}' });
      expect(init.headers['x-amz-target']).toBe('AWSCognitoIdentityProviderService.InitiateAuth');
    }
  });

  it('never repeats a timed-out attempt, and aborts it', async () => {
    const a = scriptedFetch(
      (init) =>
        new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))),
    );
    const t = transportWith(a.fetch, { timeoutMs: 30 });
    const outcome = await t.send(REQUEST, true);
    expect(outcome).toEqual({ failure: { kind: 'timeout' } });
    expect(a.calls).toHaveLength(1);
    expect(a.calls[0].init.signal.aborted).toBe(true);
    expect(t.sleeps).toEqual([]);
  });

  it('a body that breaks off mid-read counts as a network error', async () => {
    const broken = () => ({
      status: 200,
      headers: new Headers(),
      text: () => Promise.reject(new TypeError('terminated')),
    });
    const a = scriptedFetch(broken, ok);
    const t = transportWith(a.fetch);
    const outcome = await t.send(REQUEST, true);
    expect(a.calls).toHaveLength(2);
    expect(outcome.response.status).toBe(200);
  });

  it('waits a jittered, growing backoff: [100, 200) ms, then [200, 400) ms', async () => {
    for (const [random, expected] of [
      [0, [100, 200]],
      [0.999, [200, 400]],
    ]) {
      const a = scriptedFetch(() => json(500, {}));
      const sleeps = [];
      const t = createTransport({ fetch: a.fetch, sleep: (ms) => void sleeps.push(ms), random: () => random });
      await t.send(REQUEST, true);
      expect(sleeps).toEqual(expected);
    }
    const { backoff } = createTransport({ fetch: async () => ok(), random: Math.random });
    for (let i = 0; i < 50; i++) {
      const one = backoff(1);
      const two = backoff(2);
      expect(one).toBeGreaterThanOrEqual(50 * 2);
      expect(one).toBeLessThanOrEqual(200);
      expect(two).toBeGreaterThanOrEqual(200);
      expect(two).toBeLessThanOrEqual(400);
    }
  });

  it('honours Retry-After (seconds), capped at 10 s', async () => {
    const a = scriptedFetch(() => json(429, {}, { 'retry-after': '2' }), () => json(429, {}, { 'retry-after': '120' }), ok);
    const t = transportWith(a.fetch);
    await t.send(REQUEST, true);
    expect(t.sleeps).toEqual([2000, 10000]);
  });

  it('maxAttempts and baseDelayMs are configurable', async () => {
    const a = scriptedFetch(networkError);
    const t = transportWith(a.fetch, { maxAttempts: 5, baseDelayMs: 10, random: () => 0 });
    await t.send(REQUEST, true);
    expect(a.calls).toHaveLength(5);
    expect(t.sleeps).toEqual([10, 20, 40, 80]);
  });
});

// ------------------------------------------------------------------------- through createAuth

const POOL_ID = 'us-east-1_TestPool1';
const CLIENT_ID = 'testclient123';
const config = { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, endpoint: 'https://cognito.test.invalid/' };
const PASSWORD = 'Correct-Horse-1';

async function setup({ rotation = false, refreshFlow, identity = false, retry } = {}) {
  const cognito = createFakeCognito({ clientId: CLIENT_ID, poolId: POOL_ID, rotation });
  const sleeps = [];
  const auth = await createAuth(
    {
      ...config,
      ...(refreshFlow ? { refreshFlow } : {}),
      ...(identity ? { identityPoolId: 'us-east-1:11111111-2222-4333-8444-555555555555', allowGuestAccess: true } : {}),
    },
    { fetch: cognito.fetch, storage: createMemoryStorage(), sleep: (ms) => void sleeps.push(ms), ...(retry !== undefined ? { retry } : {}) },
  );
  const count = (op) => cognito.calls.filter((c) => c.op === op).length;
  return { cognito, auth, sleeps, count };
}

describe('through createAuth: the machine says what may be repeated', () => {
  it('SRP sign-in: InitiateAuth is repeated after 503s; the PASSWORD_VERIFIER answer is sent once', async () => {
    const { cognito, auth, sleeps, count } = await setup();
    cognito.fail('InitiateAuth', 2, () => json(503, { message: 'unavailable' }));
    cognito.fail('RespondToAuthChallenge', 1, () => json(503, { message: 'unavailable' }));
    const err = await auth.signIn({ username: 'alice', password: PASSWORD }).catch((e) => e);
    expect(count('InitiateAuth')).toBe(3);
    expect(count('RespondToAuthChallenge')).toBe(1);
    expect(sleeps).toHaveLength(2);
    expect(err).toBeInstanceOf(AuthError);
    expect(auth.getSnapshot().authStatus).toBe('unauthenticated');

    // A throttled challenge answer is not repeated either.
    cognito.fail('RespondToAuthChallenge', 1, () => serviceError('TooManyRequestsException', 'Rate exceeded'));
    const err2 = await auth.signIn({ username: 'alice', password: PASSWORD }).catch((e) => e);
    expect(err2.name).toBe('TooManyRequestsException');
    expect(count('RespondToAuthChallenge')).toBe(2);

    // And when nothing fails, one of each.
    const before = cognito.calls.length;
    await auth.signIn({ username: 'alice', password: PASSWORD });
    expect(cognito.calls.slice(before).map((c) => c.op)).toEqual(['InitiateAuth', 'RespondToAuthChallenge']);
  });

  it('a network error on the PASSWORD_VERIFIER answer rejects with NetworkError after one attempt', async () => {
    const { cognito, auth, count } = await setup();
    cognito.fail('RespondToAuthChallenge', 1, () => {
      throw new TypeError('fetch failed');
    });
    const err = await auth.signIn({ username: 'alice', password: PASSWORD }).catch((e) => e);
    expect(err.name).toBe('NetworkError');
    expect(count('RespondToAuthChallenge')).toBe(1);
  });

  it('a rotating refresh (GetTokensFromRefreshToken) is never repeated; the session survives the 500', async () => {
    const { cognito, auth, count } = await setup({ rotation: true, refreshFlow: 'rotation' });
    await auth.signIn({ username: 'alice', password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    cognito.fail('GetTokensFromRefreshToken', 1, () => json(500, { message: 'boom' }));
    const err = await auth.fetchAuthSession({ forceRefresh: true }).catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(count('GetTokensFromRefreshToken')).toBe(1);
    expect(auth.getSnapshot().authStatus).toBe('authenticated');
    cognito.fail('GetTokensFromRefreshToken', 1, () => {
      throw new TypeError('fetch failed');
    });
    expect((await auth.fetchAuthSession({ forceRefresh: true }).catch((e) => e)).name).toBe('NetworkError');
    expect(count('GetTokensFromRefreshToken')).toBe(2);
    // The refresh token was not consumed by a replay: the next refresh works.
    const session = await auth.fetchAuthSession({ forceRefresh: true });
    expect(session.tokens.accessToken.payload.username).toBe('alice');
    expect(count('GetTokensFromRefreshToken')).toBe(3);
  });

  it('a non-rotating refresh (InitiateAuth REFRESH_TOKEN_AUTH) is repeated after throttling', async () => {
    const { cognito, auth, count, sleeps } = await setup({ refreshFlow: 'initiateAuth' });
    await auth.signIn({ username: 'alice', password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    cognito.fail('InitiateAuth', 2, () => serviceError('TooManyRequestsException', 'Rate exceeded'));
    const session = await auth.fetchAuthSession({ forceRefresh: true });
    expect(session.tokens).toBeDefined();
    expect(count('InitiateAuth')).toBe(1 + 3);
    expect(sleeps).toHaveLength(2);
  });

  it('SignUp is sent once, even after a 503', async () => {
    const { cognito, auth, count } = await setup();
    cognito.fail('SignUp', 1, () => json(503, {}));
    await auth.signUp({ username: 'bob', password: PASSWORD, options: { userAttributes: { email: 'bob@example.com' } } }).catch((e) => e);
    expect(count('SignUp')).toBe(1);
  });

  it('identity pool calls are repeated after 429 and network errors', async () => {
    const { cognito, auth, count } = await setup({ identity: true });
    cognito.fail('GetId', 1, () => json(429, {}));
    cognito.fail('GetCredentialsForIdentity', 1, () => {
      throw new TypeError('fetch failed');
    });
    const session = await auth.fetchAuthSession();
    expect(session.identityId).toMatch(/^us-east-1:/);
    expect(session.credentials.accessKeyId).toBe('ASIAFAKE');
    expect(count('GetId')).toBe(2);
    expect(count('GetCredentialsForIdentity')).toBe(2);
  });

  it('host.retry = false: one attempt for everything', async () => {
    const { cognito, auth, count, sleeps } = await setup({ retry: false });
    cognito.fail('InitiateAuth', 1, () => json(503, {}));
    await auth.signIn({ username: 'alice', password: PASSWORD }).catch((e) => e);
    expect(count('InitiateAuth')).toBe(1);
    expect(sleeps).toEqual([]);
  });
});

// ------------------------------------------------------------------------- the size cap

const CAP = 1 << 20;

/** A look-alike response whose body is a stream of `total` spaces in 64 KiB chunks; counts what was pulled. */
function streamed(total, extra = {}) {
  const seen = { pulled: 0, cancelled: false };
  const body = new ReadableStream({
    pull(controller) {
      const n = Math.min(64 * 1024, total - seen.pulled);
      if (n <= 0) return controller.close();
      seen.pulled += n;
      controller.enqueue(new Uint8Array(n).fill(0x20));
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  const res = new Response(body, { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1', ...extra } });
  return { res, seen };
}

/** An outcome in a few words (a failed comparison never prints a megabyte body). */
const summary = (outcome) =>
  outcome.failure ? `failure ${outcome.failure.kind}` : `response ${outcome.response.status}, ${outcome.response.body.length} chars`;

describe('createTransport: a response body over 1 MiB is not read', () => {
  const tooLarge = 'failure tooLarge';

  it('a streamed body over the cap: a tooLarge failure, reading stops at the cap, no repeat', async () => {
    const s = streamed(64 * CAP);
    const a = scriptedFetch(() => s.res);
    const t = transportWith(a.fetch);
    expect(summary(await t.send(REQUEST, true))).toBe(tooLarge);
    expect(a.calls).toHaveLength(1);
    expect(s.seen.pulled).toBeLessThanOrEqual(CAP + 2 * 64 * 1024);
    expect(s.seen.cancelled).toBe(true);
  });

  it('a body of exactly the cap is read', async () => {
    const s = streamed(CAP);
    const t = transportWith(scriptedFetch(() => s.res).fetch);
    expect(summary(await t.send(REQUEST, true))).toBe(`response 200, ${CAP} chars`);
  });

  it('a Content-Length over the cap is refused before reading', async () => {
    const s = streamed(CAP + 1, { 'content-length': String(CAP + 1) });
    const t = transportWith(scriptedFetch(() => s.res).fetch);
    expect(summary(await t.send(REQUEST, false))).toBe(tooLarge);
    expect(s.seen.pulled).toBeLessThanOrEqual(64 * 1024);
  });

  it('a look-alike response with only text(): the cap counts UTF-8 bytes', async () => {
    const lookAlike = (text) => () => ({ status: 200, headers: {}, text: async () => text });
    const send = (text) => transportWith(scriptedFetch(lookAlike(text)).fetch).send(REQUEST, false);
    expect(summary(await send('x'.repeat(CAP + 1)))).toBe(tooLarge);
    // 'é' is 2 bytes in UTF-8: CAP / 2 of them is the cap, one more is over.
    expect(summary(await send('é'.repeat(CAP / 2 + 1)))).toBe(tooLarge);
    expect(summary(await send('é'.repeat(CAP / 2)))).toBe(`response 200, ${CAP / 2} chars`);
  });
});

describe('through createAuth: the size caps', () => {
  it('an over-cap refresh answer rejects with ResponseTooLargeException and the session is kept', async () => {
    const { cognito, auth, count } = await setup({ refreshFlow: 'initiateAuth' });
    await auth.signIn({ username: 'alice', password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    const before = await auth.fetchAuthSession();
    // Fresh tokens, padded over the cap, and a session-ending error name: neither is read.
    cognito.fail('InitiateAuth', 1, () => json(400, { __type: 'NotAuthorizedException', message: 'x'.repeat(CAP) }));
    const err = await auth.fetchAuthSession({ forceRefresh: true }).catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.name).toBe('ResponseTooLargeException');
    expect(count('InitiateAuth')).toBe(2);
    expect(auth.getSnapshot().authStatus).toBe('authenticated');
    const after = await auth.fetchAuthSession();
    expect(after.tokens.accessToken.toString()).toBe(before.tokens.accessToken.toString());
  });

  it('an input over the wasm boundary cap is refused with InputTooLargeException', async () => {
    const { auth, count } = await setup();
    const err = await auth.signIn({ username: 'a'.repeat(8 * CAP + 1), password: PASSWORD }).catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.name).toBe('InputTooLargeException');
    expect(count('InitiateAuth')).toBe(0);
    // The instance is still usable.
    await auth.signIn({ username: 'alice', password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    expect(auth.getSnapshot().authStatus).toBe('authenticated');
  });
});
