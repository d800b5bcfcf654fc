// cookiesFromNode / cookiesFromFetch (the BUILT package's cognito-headless/server): the
// runner over a real node:http server (Node parses the Cookie header we send and writes the
// Set-Cookie headers we read back with undici's getSetCookie) and over Fetch API objects.
// Tokens are signed by the test (support/signed-cognito.mjs), independent of our verifier.
import { describe, it, expect, afterEach } from 'vitest';
import http from 'node:http';
import { importBuilt } from './support/built-package.mjs';
import { createSignedPool, sessionCookies } from './support/signed-cognito.mjs';

const { createServerRunner, getCurrentUser, fetchAuthSession, cookiesFromNode, cookiesFromFetch } = await importBuilt('server.js');
const { parseCookieHeader } = await importBuilt('server-http.js');

const POOL_ID = 'us-east-1_SrvHttp1';
const CLIENT_ID = 'srvhttpclient1';
const P = `CognitoIdentityServiceProvider.${CLIENT_ID}`;

const cookieHeader = (cookies) => Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join('; ');
/** Set-Cookie lines as name → { value, attributes } (the first `=` splits name and value). */
const setCookieMap = (lines) =>
  new Map(
    lines.map((line) => {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      return [pair.slice(0, eq), { value: pair.slice(eq + 1), attrs: attrs.map((a) => a.toLowerCase()) }];
    }),
  );

/** One route, `/me`: the user's name and access token (or 401), through cookiesFromNode. */
async function listen(runner) {
  const server = http.createServer(async (req, res) => {
    try {
      const out = await runner.runWithServerContext({
        cookies: cookiesFromNode(req, res),
        operation: async (ctx) => {
          const user = await getCurrentUser(ctx).catch(() => null);
          const session = await fetchAuthSession(ctx);
          return { username: user?.username ?? null, access: session.tokens?.accessToken.toString() ?? null };
        },
      });
      res.writeHead(out.username ? 200 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify(out));
    } catch (e) {
      res.writeHead(500);
      res.end(String(e));
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/me`;
  return { url, close: () => new Promise((r) => server.close(r)) };
}

let closing = [];
afterEach(async () => {
  await Promise.all(closing.map((c) => c()));
  closing = [];
});

describe('cookiesFromNode over node:http', () => {
  it('reads the session from the Cookie header and writes a refresh back as Set-Cookie', async () => {
    const pool = createSignedPool({ poolId: POOL_ID, clientId: CLIENT_ID });
    const runner = createServerRunner({ config: { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID }, fetch: pool.fetch });
    const { url, close } = await listen(runner);
    closing.push(close);

    const fresh = pool.session('alice');
    const ok = await fetch(url, { headers: { cookie: cookieHeader(sessionCookies(CLIENT_ID, fresh)) } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ username: 'alice', access: fresh.accessToken });
    expect(ok.headers.getSetCookie()).toEqual([]);

    const expired = pool.session('alice', { expiresIn: -60 });
    const refreshed = await fetch(url, { headers: { cookie: cookieHeader(sessionCookies(CLIENT_ID, expired)) } });
    const body = await refreshed.json();
    expect(body.username).toBe('alice');
    expect(body.access).not.toBe(expired.accessToken);
    expect(pool.counts.refresh).toBe(1);
    const written = setCookieMap(refreshed.headers.getSetCookie());
    expect(written.get(`${P}.alice.accessToken`)?.value).toBe(body.access);
    expect(written.get(`${P}.alice.accessToken`)?.attrs).toContain('path=/');

    // The browser sends back what it was given: signed in, no second refresh.
    const next = { ...sessionCookies(CLIENT_ID, expired) };
    for (const [name, { value }] of written) next[name] = value;
    const again = await fetch(url, { headers: { cookie: cookieHeader(next) } });
    expect(await again.json()).toEqual({ username: 'alice', access: body.access });
    expect(pool.counts.refresh).toBe(1);
  });

  it('no Cookie header, or one without a session: signed out, nothing written', async () => {
    const pool = createSignedPool({ poolId: POOL_ID, clientId: CLIENT_ID });
    const runner = createServerRunner({ config: { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID }, fetch: pool.fetch });
    const { url, close } = await listen(runner);
    closing.push(close);
    for (const headers of [{}, { cookie: 'theme=dark; other=1' }]) {
      const res = await fetch(url, { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ username: null, access: null });
      expect(res.headers.getSetCookie()).toEqual([]);
    }
  });
});

describe('cookiesFromFetch', () => {
  it('reads a Request and appends Set-Cookie to the response headers', async () => {
    const pool = createSignedPool({ poolId: POOL_ID, clientId: CLIENT_ID });
    const runner = createServerRunner({ config: { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID }, fetch: pool.fetch });
    const expired = pool.session('bob', { expiresIn: -60 });
    const request = new Request('http://app.test/me', { headers: { cookie: cookieHeader(sessionCookies(CLIENT_ID, expired)) } });
    const headers = new Headers();
    const access = await runner.runWithServerContext({
      cookies: cookiesFromFetch(request, headers),
      operation: async (ctx) => (await fetchAuthSession(ctx)).tokens?.accessToken.toString(),
    });
    expect(access).toBeTypeOf('string');
    expect(access).not.toBe(expired.accessToken);
    expect(setCookieMap(headers.getSetCookie()).get(`${P}.bob.accessToken`)?.value).toBe(access);
  });
});

describe('parseCookieHeader', () => {
  it('splits on ";", trims, keeps "=" inside values and the first of duplicates, unquotes', () => {
    const m = parseCookieHeader(' a=1 ;b=x=y; a=2; novalue; c="q"; =empty; d=');
    expect([...m]).toEqual([
      ['a', '1'],
      ['b', 'x=y'],
      ['c', 'q'],
      ['d', ''],
    ]);
    expect(parseCookieHeader(undefined).size).toBe(0);
  });
});
