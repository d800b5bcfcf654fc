// Hosted-UI sign-in in real headless Chromium (playwright-core, Debian chromium): a page on
// a local test server (127.0.0.1) loads the built package; the hosted UI at
// https://auth.test is answered from this file through context.route() (no TLS, nothing
// leaves the machine): /oauth2/authorize records the S256 code_challenge and redirects
// back with a code, /oauth2/token (form-encoded) checks base64url(SHA-256(code_verifier))
// against that challenge and refuses anything else with {"error":"invalid_grant"}, /logout
// redirects to logout_uri. Round trip: click → authorize → back with a code → tokens stored
// → signInWithRedirect + customOAuthState events → address bar cleaned; then sign-out
// through /logout and back. Failures: a forged state (changes nothing), a verifier that
// does not match, an error from the hosted UI, an abandoned flow (never a hang).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createHash } from 'node:crypto';
import { importBuilt, pkgDir } from './support/built-package.mjs';
import { createFakeCognito } from './support/fake-cognito.mjs';
import { startStaticServer } from './support/static-server.mjs';
import { launchChromium, pageLog } from './support/chromium.mjs';

await importBuilt('index.js'); // fails early with a clear message when the package is not built

const POOL_ID = 'us-east-1_OAuthPool1';
const CLIENT_ID = 'oauthbrowserclient1';
const PREFIX = `CognitoIdentityServiceProvider.${CLIENT_ID}`;
const DOMAIN = 'auth.test';
const ENDPOINT = 'https://cognito.test/';
const CUSTOM_STATE = 'cart/42?coupon=ÉTÉ&x=1';
const s256 = (verifier) => createHash('sha256').update(verifier).digest('base64url');

const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*', 'access-control-allow-methods': 'POST, GET, OPTIONS' };

/** The hosted UI and the user pool API, as context.route handlers. */
function createHostedUi(appUrl, { redirectSignIn, redirectSignOut }) {
  const cognito = createFakeCognito({ clientId: CLIENT_ID, poolId: POOL_ID });
  const ui = {
    mode: 'ok', // 'ok' | 'forge-state' | 'error' | 'tamper-verifier' | 'abandon'
    authorizations: [],
    exchanges: [],
    logouts: [],
    codes: new Map(), // code -> { challenge, redirectUri, clientId, used }
  };
  const redirect = (route, location) => route.fulfill({ status: 302, headers: { location, 'cache-control': 'no-store' } });
  const tokenError = (route, error) =>
    route.fulfill({ status: 400, headers: { ...CORS, 'content-type': 'application/json' }, body: JSON.stringify({ error }) });

  const hostedUi = async (route) => {
    const req = route.request();
    const url = new URL(req.url());
    if (req.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: CORS });
    if (url.pathname === '/oauth2/authorize') {
      const q = Object.fromEntries(url.searchParams);
      ui.authorizations.push(q);
      if (q.client_id !== CLIENT_ID || !redirectSignIn.includes(q.redirect_uri) || q.response_type !== 'code' || q.code_challenge_method !== 'S256') {
        return route.fulfill({ status: 400, body: 'bad authorize request' });
      }
      if (ui.mode === 'abandon') return route.fulfill({ status: 200, headers: { 'content-type': 'text/html' }, body: '<!doctype html><title>Hosted UI</title><p>Sign in'} );
      if (ui.mode === 'error') return redirect(route, `${q.redirect_uri}?error=access_denied&error_description=${encodeURIComponent('User cancelled the login')}&state=${encodeURIComponent(q.state)}`);
      const code = `code-${ui.codes.size + 1}-${Math.random().toString(36).slice(2)}`;
      ui.codes.set(code, { challenge: q.code_challenge, redirectUri: q.redirect_uri, clientId: q.client_id, used: false });
      const state = ui.mode === 'forge-state' ? 'forged-state-from-an-attacker' : q.state;
      const back = `${q.redirect_uri}?code=${code}&state=${encodeURIComponent(state)}`;
      // tamper-verifier: a page of the app's origin swaps the stored verifier on the way back.
      if (ui.mode === 'tamper-verifier') return redirect(route, `${appUrl}/tamper.html?next=${encodeURIComponent(back)}`);
      return redirect(route, back);
    }
    if (url.pathname === '/oauth2/token') {
      const form = new URLSearchParams(req.postData() ?? '');
      const exchange = { contentType: req.headers()['content-type'], form: Object.fromEntries(form) };
      ui.exchanges.push(exchange);
      const grant = ui.codes.get(form.get('code'));
      if (form.get('grant_type') !== 'authorization_code' || form.get('client_id') !== CLIENT_ID) return tokenError(route, 'invalid_request');
      if (!grant || grant.used || grant.redirectUri !== form.get('redirect_uri')) return tokenError(route, 'invalid_grant');
      const verifier = form.get('code_verifier') ?? '';
      exchange.verifierMatches = s256(verifier) === grant.challenge;
      if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier) || !exchange.verifierMatches) return tokenError(route, 'invalid_grant');
      grant.used = true;
      const t = cognito.tokensFor('alice');
      exchange.accessToken = t.AccessToken;
      return route.fulfill({
        status: 200,
        headers: { ...CORS, 'content-type': 'application/json;charset=UTF-8' },
        body: JSON.stringify({ access_token: t.AccessToken, id_token: t.IdToken, refresh_token: t.RefreshToken, expires_in: 3600, token_type: 'Bearer' }),
      });
    }
    if (url.pathname === '/logout') {
      const q = Object.fromEntries(url.searchParams);
      ui.logouts.push(q);
      if (q.client_id !== CLIENT_ID || !redirectSignOut.includes(q.logout_uri)) return route.fulfill({ status: 400, body: 'bad logout request' });
      return redirect(route, q.logout_uri);
    }
    return route.fulfill({ status: 404, body: 'not found' });
  };

  const userPool = async (route) => {
    const req = route.request();
    if (req.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: CORS });
    const res = await cognito.fetch(req.url(), { method: req.method(), headers: req.headers(), body: req.postData() ?? '{}' });
    return route.fulfill({ status: res.status, headers: { ...CORS, 'content-type': 'application/x-amz-json-1.1' }, body: await res.text() });
  };
  return { ui, cognito, hostedUi, userPool };
}

// ------------------------------------------------------------------ the app

const appPage = (config) => `<!doctype html>
<meta charset="utf-8">
<title>app</title>
<button id="signin">Sign in with Google</button>
<button id="signout">Sign out</button>
<script type="module">
  import { createAuth } from '/pkg/index.js';
  const loads = Number(sessionStorage.getItem('loads') ?? '0') + 1;
  sessionStorage.setItem('loads', String(loads));
  window.loadNo = loads;
  window.loadedAt = location.href;
  window.events = [];
  const onEvent = ({ event, data }) =>
    window.events.push({
      event,
      data: data && data.error
        ? { name: data.error.name, message: data.error.message, ...(data.error.underlyingError ? { underlyingError: data.error.underlyingError } : {}) }
        : data && data.username ? data.username : data,
    });
  window.ready = (async () => {
    const started = Date.now();
    const auth = await createAuth(${JSON.stringify(config)}, { onEvent });
    window.auth = auth;
    window.createMs = Date.now() - started;
    document.getElementById('signin').onclick = () =>
      auth.signInWithRedirect({ provider: 'Google', customState: ${JSON.stringify(CUSTOM_STATE)} }).catch((e) => (window.redirectError = e.name));
    document.getElementById('signout').onclick = () => auth.signOut();
    window.settledAt = location.href;
    return auth.getSnapshot().authStatus;
  })();
</script>`;

// Swaps the stored PKCE verifier for another well-formed one, then goes on to the callback.
const TAMPER_PAGE = `<!doctype html><meta charset="utf-8"><script>
  const key = ${JSON.stringify(`${PREFIX}.oauthPKCE`)};
  sessionStorage.setItem('original-verifier', localStorage.getItem(key));
  localStorage.setItem(key, 'A'.repeat(128));
  location.replace(new URLSearchParams(location.search).get('next'));
</script>`;

let server;
let browser;
const pages = {};
let appUrl;
let redirects;

beforeAll(async () => {
  server = await startStaticServer({ '/pkg/': pkgDir }, { pages });
  appUrl = `${server.url}/app.html`;
  redirects = {
    // The one on this origin is chosen, wherever it is in the list.
    redirectSignIn: ['https://elsewhere.example/callback', appUrl],
    redirectSignOut: ['https://elsewhere.example/', `${server.url}/app.html`],
  };
  pages['/app.html'] = appPage({
    userPoolId: POOL_ID,
    userPoolClientId: CLIENT_ID,
    endpoint: ENDPOINT,
    // Amplify's shape.
    loginWith: { oauth: { domain: DOMAIN, scopes: ['openid', 'email', 'profile'], ...redirects, responseType: 'code', providers: ['Google'] } },
  });
  pages['/other.html'] = pages['/app.html'];
  pages['/tamper.html'] = TAMPER_PAGE;
  browser = await launchChromium();
}, 30000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open() {
  const context = await browser.newContext();
  const hosted = createHostedUi(server.url, redirects);
  await context.route(`https://${DOMAIN}/**`, hosted.hostedUi);
  await context.route(`${ENDPOINT}**`, hosted.userPool);
  const page = await context.newPage();
  const log = pageLog(page);
  /** Waits for page load number `n` (each load counts in sessionStorage) and its createAuth. */
  const loaded = async (n) => {
    const end = Date.now() + 20000;
    for (;;) {
      try {
        await page.waitForFunction((k) => window.loadNo === k && window.ready !== undefined, n, { timeout: Math.max(1, end - Date.now()) });
        return await page.evaluate(() => window.ready);
      } catch (e) {
        // A navigation replaced the document while we polled it: look at the next one.
        if (Date.now() > end || !/context was destroyed|navigat/i.test(String(e && e.message))) throw e;
      }
    }
  };
  const storage = () => page.evaluate((prefix) => Object.fromEntries(Object.entries(localStorage).filter(([k]) => k.startsWith(prefix))), PREFIX);
  const withLogs = async (fn) => {
    try {
      await fn();
    } catch (e) {
      e.message += `\npage logs:\n${log.join('\n')}`;
      throw e;
    } finally {
      await context.close();
    }
  };
  await page.goto(appUrl);
  expect(await loaded(1)).toBe('unauthenticated');
  return { context, page, hosted, loaded, storage, withLogs };
}

describe('hosted-UI sign-in in headless Chromium', () => {
  it('round trip: authorize with S256 → code → verified exchange → tokens, events, clean URL; sign-out through /logout', async () => {
    const t = await open();
    await t.withLogs(async () => {
      const { page, hosted, loaded, storage } = t;
      await page.click('#signin');
      expect(await loaded(2)).toBe('authenticated');

      // What the hosted UI was asked for.
      expect(hosted.ui.authorizations).toHaveLength(1);
      const authz = hosted.ui.authorizations[0];
      expect(authz).toMatchObject({
        client_id: CLIENT_ID,
        redirect_uri: appUrl,
        response_type: 'code',
        identity_provider: 'Google',
        scope: 'openid email profile',
        code_challenge_method: 'S256',
      });
      expect(authz.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(authz.state).toMatch(new RegExp(`^[A-Za-z0-9]{32}-${Buffer.from(CUSTOM_STATE).toString('hex')}$`));

      // The exchange: form-encoded, the verifier whose SHA-256 is the challenge.
      expect(hosted.ui.exchanges).toHaveLength(1);
      const ex = hosted.ui.exchanges[0];
      expect(ex.contentType).toBe('application/x-www-form-urlencoded');
      expect(ex.verifierMatches).toBe(true);
      expect(ex.form.code_verifier).toMatch(/^[A-Za-z0-9]{128}$/);
      expect(ex.form).toMatchObject({ grant_type: 'authorization_code', client_id: CLIENT_ID, redirect_uri: appUrl });

      // The page: loaded with code and state, cleaned, signed in, events in order.
      const after = await page.evaluate(() => ({ loadedAt: window.loadedAt, settledAt: window.settledAt, href: location.href, events: window.events, history: history.length }));
      expect(after.loadedAt).toMatch(/\?code=code-1-.*&state=/);
      expect(after.settledAt).toBe(appUrl);
      expect(after.href).toBe(appUrl);
      // Amplify's order (@aws-amplify/auth completeOAuthFlow.mjs `completeFlow`).
      expect(after.events).toEqual([
        { event: 'customOAuthState', data: CUSTOM_STATE },
        { event: 'signInWithRedirect' },
        { event: 'signedIn', data: 'alice' },
      ]);
      const stored = await storage();
      expect(stored[`${PREFIX}.LastAuthUser`]).toBe('alice');
      expect(stored[`${PREFIX}.alice.accessToken`]).toBe(ex.accessToken);
      expect(stored[`${PREFIX}.alice.refreshToken`]).toMatch(/^refresh-alice-/);
      expect(JSON.parse(stored[`${PREFIX}.alice.signInDetails`])).toMatchObject({ authFlowType: 'OAUTH' });
      for (const k of ['oauthPKCE', 'oauthState', 'inflightOAuth', 'inflightOAuthDeadline']) expect(stored[`${PREFIX}.${k}`]).toBeUndefined();
      expect(await page.evaluate(async () => (await window.auth.fetchAuthSession()).tokens.idToken.payload['cognito:username'])).toBe('alice');

      // A reload of the clean URL restores the session without another exchange.
      await page.reload();
      expect(await loaded(3)).toBe('authenticated');
      expect(hosted.ui.exchanges).toHaveLength(1);

      // Sign-out: tokens cleared and revoked, then /logout, then back to the app.
      await page.click('#signout');
      expect(await loaded(4)).toBe('unauthenticated');
      expect(hosted.ui.logouts).toEqual([{ client_id: CLIENT_ID, logout_uri: `${server.url}/app.html` }]);
      expect(hosted.cognito.calls.map((c) => c.op)).toContain('RevokeToken');
      expect(Object.keys(await storage()).filter((k) => /Token|LastAuthUser/.test(k))).toEqual([]);
    });
  }, 45000);

  it('a forged state changes nothing: no exchange, no event, the sign-in\'s keys kept, the URL left as it came', async () => {
    const t = await open();
    await t.withLogs(async () => {
      const { page, hosted, loaded, storage } = t;
      hosted.ui.mode = 'forge-state';
      await page.click('#signin');
      expect(await loaded(2)).toBe('unauthenticated');
      expect(hosted.ui.exchanges).toHaveLength(0);
      const after = await page.evaluate(() => ({ href: location.href, events: window.events }));
      expect(after.href).toContain('state=forged-state-from-an-attacker');
      expect(after.events).toEqual([]);
      // The PKCE verifier and state of the sign-in started here are still there.
      const keys = Object.keys(await storage());
      for (const k of ['oauthPKCE', 'oauthState', 'inflightOAuth']) expect(keys).toContain(`${PREFIX}.${k}`);

      // A callback URL from elsewhere, with the attacker's text: the same, and createAuth still resolves.
      const forged = `${appUrl}?error=access_denied&error_description=${encodeURIComponent('Call 555-0100 now')}&state=whatever`;
      await page.goto(forged);
      expect(await loaded(3)).toBe('unauthenticated');
      expect(await page.evaluate(() => [location.href, window.events])).toEqual([forged, []]);
      expect(hosted.ui.exchanges).toHaveLength(0);

      // ?code=&state= on a page that is no redirectSignIn URL (a payment provider's return): left alone.
      const other = `${server.url}/other.html?code=psp-code&state=psp-state`;
      await page.goto(other);
      expect(await loaded(4)).toBe('unauthenticated');
      expect(await page.evaluate(() => [location.href, window.events])).toEqual([other, []]);
    });
  }, 30000);

  it('the token endpoint refuses a verifier that does not match the challenge (invalid_grant)', async () => {
    const t = await open();
    await t.withLogs(async () => {
      const { page, hosted, loaded } = t;
      hosted.ui.mode = 'tamper-verifier';
      await page.click('#signin');
      expect(await loaded(2)).toBe('unauthenticated');
      expect(hosted.ui.exchanges).toHaveLength(1);
      expect(hosted.ui.exchanges[0].form.code_verifier).toBe('A'.repeat(128));
      expect(hosted.ui.exchanges[0].verifierMatches).toBe(false);
      const original = await page.evaluate(() => sessionStorage.getItem('original-verifier'));
      expect(s256(original)).toBe(hosted.ui.authorizations[0].code_challenge);
      expect(await page.evaluate(() => window.events)).toEqual([
        { event: 'signInWithRedirect_failure', data: { name: 'OAuthSignInException', message: expect.stringContaining('invalid_grant') } },
      ]);
      expect(await page.evaluate(() => location.href)).toBe(appUrl);
    });
  }, 30000);

  it('an error from the hosted UI is typed; an abandoned flow never blocks the session calls', async () => {
    const t = await open();
    await t.withLogs(async () => {
      const { page, hosted, loaded, storage } = t;
      hosted.ui.mode = 'error';
      await page.click('#signin');
      expect(await loaded(2)).toBe('unauthenticated');
      expect(await page.evaluate(() => window.events)).toEqual([
        {
          event: 'signInWithRedirect_failure',
          data: {
            name: 'OAuthSignInException',
            message: 'the hosted UI returned an error instead of an authorization code (see underlyingError)',
            underlyingError: { error: 'access_denied', error_description: 'User cancelled the login' },
          },
        },
      ]);
      expect(hosted.ui.exchanges).toHaveLength(0);

      // Abandoned: the user leaves the hosted UI and comes back without a code.
      hosted.ui.mode = 'abandon';
      await page.click('#signin');
      await page.waitForURL(/auth\.test\/oauth2\/authorize/);
      await page.goto(appUrl);
      expect(await loaded(3)).toBe('unauthenticated');
      expect((await storage())[`${PREFIX}.inflightOAuth`]).toBe('true');
      const calls = await page.evaluate(async () => {
        const started = Date.now();
        const session = await window.auth.fetchAuthSession();
        const user = await window.auth.getCurrentUser().catch((e) => e.name);
        return { ms: Date.now() - started, tokens: session.tokens ?? null, user, createMs: window.createMs };
      });
      expect(calls).toMatchObject({ tokens: null, user: 'UserUnAuthenticatedException' });
      // Amplify's bug is a hang without end; a busy CI box may still take a while.
      expect(calls.ms).toBeLessThan(3000);
      expect(calls.createMs).toBeLessThan(10000);

      // Starting again works.
      hosted.ui.mode = 'ok';
      await page.click('#signin');
      expect(await loaded(4)).toBe('authenticated');
      expect(hosted.ui.exchanges.at(-1).verifierMatches).toBe(true);
    });
  }, 30000);
});
