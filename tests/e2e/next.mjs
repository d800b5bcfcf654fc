// The Next.js App Router example (examples/next) end to end, as one scenario of
// tests/e2e/run.mjs (E2E_ONLY=next runs only it): a fresh `next build` with telemetry off
// and every non-loopback connection refused (offline-guard.cjs), `next start` against the
// suite's local Cognito, then in Chromium: the proxy keeps a signed-out visitor out of
// /account, sign-in with useAuthenticator writes cookies, /account renders the user on
// the server (and again after a reload), an expired access token is refreshed by the
// proxy into the response's cookies, a forged session cookie (signed with a key made
// here) is refused, and sign-out ends it.
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { motoSigningKey } from './moto-key.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXAMPLE = path.join(ROOT, 'examples/next');
const GUARD = path.join(ROOT, 'tests/e2e/offline-guard.cjs');
const COOKIE_PREFIX = 'CognitoIdentityServiceProvider.';
const secs = (ms) => `${(ms / 1000).toFixed(1)}s`;

const b64urlJson = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
const toB64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A JWT with `token`'s header (kid and all) and payload, `claims` changed, signed RS256
 * with `privateKey`: the right shape for the pool, the wrong signature.
 */
function forge(token, claims, privateKey) {
  const [header, payload] = token.split('.');
  const data = `${toB64url(b64urlJson(header))}.${toB64url({ ...b64urlJson(payload), ...claims })}`;
  return `${data}.${sign('RSA-SHA256', Buffer.from(data), privateKey).toString('base64url')}`;
}

/** `Cookie:` header value of a browser context's cookies. */
const cookieHeader = (cookies) => cookies.map((c) => `${c.name}=${c.value}`).join('; ');

/**
 * @param {object} t what run.mjs lends: scenario, newContext, newPage, track, stack,
 *   assert, assertEq, say
 */
export async function nextExample(t) {
  const { scenario, newContext, newPage, track, stack, assert, assertEq, say } = t;
  const c = stack.config;
  let base;
  let page;
  /** The signed-in session's cookies (name → value). */
  let session;

  await scenario(
    'next',
    'Next.js App Router example: offline next build, proxy redirect, server-rendered user, reload, refresh in the proxy, forged cookie refused, sign out',
    async (s) => {
      const { buildNext, startNext, nextEnv } = await import(path.join(ROOT, 'scripts/demo-next.mjs'));
      const swc = path.join(EXAMPLE, 'node_modules/@next/swc-linux-x64-gnu');
      if (process.platform === 'linux' && process.arch === 'x64' && !existsSync(swc)) {
        throw new Error(`${path.relative(ROOT, swc)} is missing: next build would try to download SWC (scripts/install-examples.sh installs it)`);
      }
      // A build from scratch (nothing left from an earlier one can hide a problem), in its
      // own directory (a running `make demo-next` keeps its .next).
      const distEnv = { NEXT_DIST_DIR: '.next-e2e' };
      rmSync(path.join(EXAMPLE, distEnv.NEXT_DIST_DIR), { recursive: true, force: true });
      const guardLog = path.join(ROOT, 'tests/e2e/output/next-offline-guard.log');
      rmSync(guardLog, { force: true });
      const nodeOptions = [process.env.NODE_OPTIONS, `--require=${GUARD}`].filter(Boolean).join(' ');
      const build = await buildNext({ env: { ...distEnv, NODE_OPTIONS: nodeOptions, OFFLINE_GUARD_LOG: guardLog } });
      const refused = existsSync(guardLog) ? readFileSync(guardLog, 'utf8').trim() : '';
      if (refused) throw new Error(`next build tried to reach the network:\n${refused}`);
      if (!/Next\.js 16\./.test(build.output)) throw new Error(`not Next.js 16:\n${build.output.slice(0, 500)}`);
      const log = [];
      const next = await startNext({ env: { ...nextEnv(c), ...distEnv }, log: (text) => log.push(text) });
      track({ name: 'next start', stop: next.stop, child: next.child });
      base = next.url.replace(/\/$/, '');
      s.nextLog = log;
      say(`  next build ${secs(build.ms)} (offline, from scratch); next start ${next.url} (pid ${next.pid})`);
      await newContext(s);
      page = await newPage(s, 'next');
    },
    [
      [
        'signed out: the proxy redirects /account to /sign-in (HTTP and in the browser)',
        async () => {
          const res = await fetch(`${base}/account`, { redirect: 'manual' });
          assertEq(res.status, 307, '/account status without cookies');
          assertEq(new URL(res.headers.get('location'), base).pathname + new URL(res.headers.get('location'), base).search, '/sign-in?next=%2Faccount', 'redirect target');
          await page.goto(`${base}/account`);
          assertEq(new URL(page.url()).pathname, '/sign-in', 'page after /account');
          await page.waitForSelector('form[data-route="signIn"]');
        },
      ],
      [
        'sign in with useAuthenticator: cookies written, /account renders the user on the server',
        async (s) => {
          const before = s.calls.length;
          await page.fill('input[name="username"]', c.username);
          await page.fill('input[name="password"]', c.password);
          await page.click('[data-testid="submit"]');
          await page.waitForSelector('[data-testid="username"]');
          assertEq(new URL(page.url()).pathname, '/account', 'page after sign-in');
          const sent = s.calls.slice(before).map((x) => x.op);
          assert(sent.includes('InitiateAuth') && sent.includes('RespondToAuthChallenge'), `SRP sign-in from the page: ${sent}`);
          const cookies = (await s.context.cookies()).filter((k) => k.name.startsWith(COOKIE_PREFIX));
          session = Object.fromEntries(cookies.map((k) => [k.name, k.value]));
          const prefix = `${COOKIE_PREFIX}${c.userPoolClientId}`;
          assertEq(session[`${prefix}.LastAuthUser`], c.username, 'LastAuthUser cookie');
          for (const kind of ['accessToken', 'idToken', 'refreshToken']) {
            assert(session[`${prefix}.${c.username}.${kind}`], `${kind} cookie (cookies: ${Object.keys(session).join(', ')})`);
          }
          const access = b64urlJson(session[`${prefix}.${c.username}.accessToken`].split('.')[1]);
          assertEq((await page.locator('[data-testid="username"]').innerText()).trim(), c.username, 'username on /account');
          assertEq((await page.locator('[data-testid="user-id"]').innerText()).trim(), access.sub, 'user id on /account');
          assertEq((await page.locator('[data-testid="email"]').innerText()).trim(), c.email, 'email (fetchUserAttributes on the server)');
          assertEq(Number(await page.locator('[data-testid="access-token-expiry"]').getAttribute('data-exp')), access.exp * 1000, 'access token expiry');
          // The HTML itself (no browser JavaScript) holds the user: rendered on the server.
          const res = await fetch(`${base}/account`, { redirect: 'manual', headers: { cookie: cookieHeader(cookies) } });
          const html = await res.text();
          assertEq(res.status, 200, '/account with the session cookies (server fetch)');
          assert(html.includes(`data-testid="username">${c.username}<`), 'the server-rendered HTML names the user');
        },
      ],
      [
        'reload: rendered on the server again, no sign-in request',
        async (s) => {
          const before = s.calls.length;
          const renderedAt = await page.locator('[data-testid="rendered-at"]').innerText();
          await page.reload();
          await page.waitForSelector('[data-testid="username"]');
          assertEq(new URL(page.url()).pathname, '/account', 'page after the reload');
          assert((await page.locator('[data-testid="rendered-at"]').innerText()) !== renderedAt, 'a new server render');
          assertEq((await page.locator('[data-testid="username"]').innerText()).trim(), c.username, 'username after the reload');
          const sent = s.calls.slice(before).map((x) => x.op);
          assert(!sent.includes('InitiateAuth') && !sent.includes('RespondToAuthChallenge'), `no sign-in after the reload: ${sent}`);
        },
      ],
      [
        'an expired access token (signed with the local Cognito\'s key): the proxy refreshes it, the page and the cookies get the new one',
        async (s) => {
          const accessName = `${COOKIE_PREFIX}${c.userPoolClientId}.${c.username}.accessToken`;
          const { kid, key } = motoSigningKey(ROOT);
          const real = session[accessName];
          assertEq(b64urlJson(real.split('.')[0]).kid, kid, "the key id of the local Cognito's tokens");
          const now = Math.floor(Date.now() / 1000);
          const expired = forge(real, { iat: now - 3700, auth_time: now - 3700, exp: now - 120, jti: randomUUID() }, key);
          await s.context.addCookies([{ name: accessName, value: expired, url: base }]);
          const before = s.calls.length;
          await page.goto(`${base}/account`);
          await page.waitForSelector('[data-testid="username"]');
          assertEq(new URL(page.url()).pathname, '/account', 'page with an expired access token');
          const cookie = (await s.context.cookies()).find((k) => k.name === accessName)?.value;
          assert(cookie && cookie !== expired, 'the response replaced the access token cookie');
          const fresh = b64urlJson(cookie.split('.')[1]);
          assert(fresh.exp > now, `the new access token is unexpired (exp ${fresh.exp}, now ${now})`);
          const shown = Number(await page.locator('[data-testid="access-token-expiry"]').getAttribute('data-exp'));
          assertEq(shown, fresh.exp * 1000, 'the expiry the page shows is the new cookie\'s');
          const refreshes = s.calls.slice(before).filter((x) => x.body?.AuthFlow === 'REFRESH_TOKEN_AUTH' || x.op === 'GetTokensFromRefreshToken');
          assertEq(refreshes.length, 0, 'refresh requests from the browser (the server refreshed)');
          session[accessName] = cookie;
        },
      ],
      [
        'a forged session cookie (right shape, signed with a key made here) is refused',
        async (s) => {
          const prefix = `${COOKIE_PREFIX}${c.userPoolClientId}`;
          const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
          const sub = randomUUID();
          const intruder = 'mallory';
          const access = forge(session[`${prefix}.${c.username}.accessToken`], { sub, username: intruder }, privateKey);
          const id = forge(session[`${prefix}.${c.username}.idToken`], { sub, 'cognito:username': intruder, email: 'mallory@example.com' }, privateKey);
          const forged = [
            { name: `${prefix}.LastAuthUser`, value: intruder },
            { name: `${prefix}.${intruder}.accessToken`, value: access },
            { name: `${prefix}.${intruder}.idToken`, value: id },
          ];
          // Over HTTP: the proxy redirects, the home page renders signed out.
          const res = await fetch(`${base}/account`, { redirect: 'manual', headers: { cookie: cookieHeader(forged) } });
          await res.arrayBuffer();
          assertEq(res.status, 307, '/account with forged cookies');
          const home = await (await fetch(`${base}/`, { headers: { cookie: cookieHeader(forged) } })).text();
          assert(home.includes('data-testid="home-signed-out"') && !home.includes(intruder), 'the home page renders signed out');
          // In a browser holding only the forged session.
          const other = await s.context.browser().newContext();
          try {
            const url = new URL(base);
            await other.addCookies(forged.map((k) => ({ ...k, domain: url.hostname, path: '/' })));
            const p = await other.newPage();
            s.pages.forged = p;
            await p.goto(`${base}/account`);
            assertEq(new URL(p.url()).pathname, '/sign-in', 'the forged browser is sent to sign in');
            // The page's own instance reads the cookies unverified: the sign-in page says
            // the server refused them instead of sending the browser back to /account.
            await p.waitForSelector('[data-testid="session-refused"]');
            await s.shot('forged');
            assertEq(new URL(p.url()).pathname, '/sign-in', 'still on /sign-in');
            await p.click('[data-testid="session-refused"] button');
            await p.waitForSelector('form[data-route="signIn"]');
            await p.goto(`${base}/`);
            await p.waitForSelector('[data-testid="home-signed-out"]');
            assert(!(await p.content()).includes(intruder), 'the home page does not name the forged user');
          } finally {
            delete s.pages.forged;
            await other.close();
          }
        },
      ],
      [
        'sign out: the cookies go, /account redirects again',
        async (s) => {
          await page.click('[data-testid="sign-out"]');
          await page.waitForSelector('[data-testid="home-signed-out"]');
          const left = (await s.context.cookies()).filter((k) => k.name.startsWith(COOKIE_PREFIX)).map((k) => k.name);
          assertEq(left, [], 'Cognito cookies after sign-out');
          await page.goto(`${base}/account`);
          assertEq(new URL(page.url()).pathname, '/sign-in', 'page after sign-out');
        },
      ],
    ],
  );
}
