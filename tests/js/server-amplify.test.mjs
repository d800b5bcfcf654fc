// cognito-headless/server next to the real @aws-amplify/adapter-nextjs 1.8 (aws-amplify
// 6.22, its token validator aws-jwt-verify) over real Next.js request/response cookie
// objects (next/server's NextRequest / NextResponse, next's read-only cookies() store):
//   - cookies Amplify's adapter writes (a refresh) are read by ours: same user, same tokens;
//   - cookies ours writes (a refresh) are read by Amplify's: same user, same tokens, no
//     refresh of its own (no chunking needed: the tokens are under 3800 bytes);
//   - a React Server Component's read-only cookies(): the refreshed session serves the
//     request, nothing is written and nothing is logged.
// Both verify the tokens: Amplify's validator gets the test pool's key set through
// aws-jwt-verify's fetcher (this machine cannot reach AWS), ours through the runner's fetch.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import { NextRequest, NextResponse } from 'next/server.js';
import { RequestCookiesAdapter } from 'next/dist/server/web/spec-extension/adapters/request-cookies.js';
import { RequestCookies } from 'next/dist/compiled/@edge-runtime/cookies/index.js';
import { SimpleJsonFetcher } from 'aws-jwt-verify/https';
import { createServerRunner as amplifyRunner } from '@aws-amplify/adapter-nextjs';
import * as amplifyAuth from 'aws-amplify/auth/server';
import { importBuilt } from './support/built-package.mjs';
import { createSignedPool } from './support/signed-cognito.mjs';

const ours = await importBuilt('server.js');

const POOL_ID = 'us-east-1_SrvAmplify1';
const CLIENT_ID = 'srvamplifyclient1';
const USER = 'ana@example.com';
const amplifyConfig = { Auth: { Cognito: { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID } } };
const pool = createSignedPool({ poolId: POOL_ID, clientId: CLIENT_ID });

const realFetch = globalThis.fetch;
const realJsonFetch = SimpleJsonFetcher.prototype.fetch;
beforeAll(() => {
  // Amplify's Cognito client uses the global fetch; its validator aws-jwt-verify's fetcher.
  globalThis.fetch = pool.fetch;
  SimpleJsonFetcher.prototype.fetch = async (uri) => {
    const res = await pool.fetch(uri);
    if (!res.ok) throw new Error(`key set ${uri}: ${res.status}`);
    return res.json();
  };
});
afterAll(() => {
  globalThis.fetch = realFetch;
  SimpleJsonFetcher.prototype.fetch = realJsonFetch;
});

/** A browser request's Cookie header from name → value (values as the browser holds them). */
const header = (jar) => [...jar].map(([n, v]) => `${n}=${v}`).join('; ');

/** Applies a NextResponse's Set-Cookie headers to a browser jar (name → header value). */
function applySetCookies(jar, response) {
  for (const line of response.headers.getSetCookie()) {
    const [pair, ...attrs] = line.split(/;\s*/);
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const gone = value === '' || attrs.some((a) => /^max-age=(0|-\d+)$/i.test(a) || /^expires=thu, 01 jan 1970/i.test(a));
    if (gone) jar.delete(name);
    else jar.set(name, value);
  }
  return jar;
}

/** The browser's cookies of a signed-in session, as Amplify's client (js-cookie) writes them. */
function browserCookies(s) {
  const enc = (n) => encodeURIComponent(n).replace(/%(2[346B]|5E|60|7C)/g, decodeURIComponent);
  const p = `CognitoIdentityServiceProvider.${CLIENT_ID}`;
  return new Map([
    [enc(`${p}.LastAuthUser`), encodeURIComponent(USER)],
    [enc(`${p}.${USER}.accessToken`), s.accessToken],
    [enc(`${p}.${USER}.idToken`), s.idToken],
    [enc(`${p}.${USER}.refreshToken`), s.refreshToken],
    [enc(`${p}.${USER}.clockDrift`), '0'],
  ]);
}

/** getCurrentUser + fetchAuthSession through a runner with a NextRequest/NextResponse context. */
async function nextRequest(run, api, jar) {
  const request = new NextRequest('http://localhost:3000/account', { headers: { cookie: header(jar) } });
  const response = NextResponse.next();
  const out = await run({
    nextServerContext: { request, response },
    operation: async (ctx) => ({ user: await api.getCurrentUser(ctx), session: await api.fetchAuthSession(ctx) }),
  });
  return { ...out, response };
}

const plain = (user) => ({ username: user.username, userId: user.userId });

describe('cookies shared with @aws-amplify/adapter-nextjs', () => {
  const { runWithAmplifyServerContext: amplifyRun } = amplifyRunner({ config: amplifyConfig });
  const { runWithAmplifyServerContext: oursRun } = ours.createServerRunner({ config: amplifyConfig, fetch: pool.fetch });

  it('both read the same valid session the same way', async () => {
    const s = pool.session(USER);
    const jar = browserCookies(s);
    const a = await nextRequest(amplifyRun, amplifyAuth, jar);
    const o = await nextRequest(oursRun, ours, jar);
    expect(plain(o.user)).toEqual(plain(a.user));
    expect(o.user).toEqual({ username: USER, userId: s.sub });
    expect(o.session.tokens.accessToken.toString()).toBe(a.session.tokens.accessToken.toString());
    expect(o.session.tokens.idToken.toString()).toBe(a.session.tokens.idToken.toString());
    expect(o.session.userSub).toBe(a.session.userSub);
  });

  it("ours reads the cookies Amplify's adapter wrote after its refresh", async () => {
    const s = pool.session(USER, { expiresIn: -60 });
    const jar = browserCookies(s);
    const before = pool.counts.refresh;
    const a = await nextRequest(amplifyRun, amplifyAuth, jar);
    // Amplify refreshes once per call here (it reads the request's cookies again, which
    // still hold the expired tokens): 2 for getCurrentUser + fetchAuthSession.
    const afterAmplify = pool.counts.refresh;
    expect(afterAmplify).toBeGreaterThan(before);
    const fresh = a.session.tokens.accessToken.toString();
    expect(fresh).not.toBe(s.accessToken);
    applySetCookies(jar, a.response);
    const o = await nextRequest(oursRun, ours, jar);
    expect(pool.counts.refresh).toBe(afterAmplify);
    expect(o.user).toEqual({ username: USER, userId: s.sub });
    expect(o.session.tokens.accessToken.toString()).toBe(fresh);
    expect(o.session.tokens.idToken.toString()).toBe(a.session.tokens.idToken.toString());
    expect(o.response.headers.getSetCookie()).toEqual([]);
  });

  it("Amplify's adapter reads the cookies ours wrote after its refresh", async () => {
    const s = pool.session(USER, { expiresIn: -60 });
    const jar = browserCookies(s);
    const before = pool.counts.refresh;
    const o = await nextRequest(oursRun, ours, jar);
    expect(pool.counts.refresh).toBe(before + 1);
    const fresh = o.session.tokens.accessToken.toString();
    expect(fresh).not.toBe(s.accessToken);
    applySetCookies(jar, o.response);
    const a = await nextRequest(amplifyRun, amplifyAuth, jar);
    // No refresh of its own: it took our tokens as valid.
    expect(pool.counts.refresh).toBe(before + 1);
    expect(plain(a.user)).toEqual({ username: USER, userId: s.sub });
    expect(a.session.tokens.accessToken.toString()).toBe(fresh);
    expect(a.session.tokens.idToken.toString()).toBe(o.session.tokens.idToken.toString());
  });

  it("a server component's read-only cookies(): the refreshed session serves the request, silently", async () => {
    const s = pool.session(USER, { expiresIn: -60 });
    const jar = browserCookies(s);
    const store = RequestCookiesAdapter.seal(new RequestCookies(new Headers({ cookie: header(jar) })));
    expect(() => store.set('x', 'y')).toThrow();
    const errors = vi.spyOn(console, 'error');
    const warns = vi.spyOn(console, 'warn');
    try {
      const before = pool.counts.refresh;
      const out = await oursRun({
        nextServerContext: { cookies: async () => store },
        operation: async (ctx) => ({ session: await ours.fetchAuthSession(ctx), user: await ours.getCurrentUser(ctx), again: await ours.fetchAuthSession(ctx) }),
      });
      expect(pool.counts.refresh).toBe(before + 1);
      expect(out.user).toEqual({ username: USER, userId: s.sub });
      expect(out.session.tokens.accessToken.toString()).not.toBe(s.accessToken);
      expect(out.again.tokens.accessToken.toString()).toBe(out.session.tokens.accessToken.toString());
      expect(errors).not.toHaveBeenCalled();
      expect(warns).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
      warns.mockRestore();
    }
  });

  it("the Pages Router's req/res: Amplify reads what ours appended as Set-Cookie", async () => {
    const s = pool.session(USER, { expiresIn: -60 });
    const jar = browserCookies(s);
    /** A getServerSideProps context: req.cookies decoded (as Next parses them), a real ServerResponse. */
    const pagesContext = () => {
      const req = new http.IncomingMessage(new net.Socket());
      req.cookies = Object.fromEntries([...jar].map(([n, v]) => [n, decodeURIComponent(v)]));
      return { request: req, response: new http.ServerResponse(req) };
    };
    const before = pool.counts.refresh;
    const ctx = pagesContext();
    const o = await oursRun({ nextServerContext: ctx, operation: async (c) => ({ user: await ours.getCurrentUser(c), session: await ours.fetchAuthSession(c) }) });
    expect(pool.counts.refresh).toBe(before + 1);
    expect(o.user).toEqual({ username: USER, userId: s.sub });
    const setCookies = [].concat(ctx.response.getHeader('Set-Cookie') ?? []);
    applySetCookies(jar, { headers: { getSetCookie: () => setCookies } });
    const a = await amplifyRun({ nextServerContext: pagesContext(), operation: async (c) => ({ user: await amplifyAuth.getCurrentUser(c), session: await amplifyAuth.fetchAuthSession(c) }) });
    expect(pool.counts.refresh).toBe(before + 1);
    expect(plain(a.user)).toEqual(o.user);
    expect(a.session.tokens.accessToken.toString()).toBe(o.session.tokens.accessToken.toString());
  });

  it('a forged cookie: Amplify and ours both read it as signed out', async () => {
    const other = createSignedPool({ poolId: POOL_ID, clientId: CLIENT_ID });
    const jar = browserCookies(other.session(USER));
    const run = async (r, api) => {
      const request = new NextRequest('http://localhost:3000/', { headers: { cookie: header(jar) } });
      return r({ nextServerContext: { request, response: NextResponse.next() }, operation: (ctx) => api.getCurrentUser(ctx).then((u) => u.username, (e) => e.name) });
    };
    expect(await run(amplifyRun, amplifyAuth)).toBe('UserUnAuthenticatedException');
    expect(await run(oursRun, ours)).toBe('UserUnAuthenticatedException');
  });
});
