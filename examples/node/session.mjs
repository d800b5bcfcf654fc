#!/usr/bin/env node
// cognito-headless on a server, as a server-side-rendered app uses it: every request gets
// its own `createAuth` over that request's cookies (`createCookieStorage`), so the
// session lives in the browser's cookies and any server process can pick it up.
//
// This script plays three requests of one browser against one server:
//   1. POST /login    signIn + fetchAuthSession(); the response sets the session cookies
//   2. GET  /profile  a new instance over the cookies the browser sends back: the session
//                     is restored from them, with no sign-in call (fetchAuthSession() again)
//   3. POST /logout   signOut(); the response clears the cookies
//
// Run it against the demo's local Cognito (`make demo` prints the exact command) or a real
// pool:
//   COGNITO_USER_POOL_ID=… COGNITO_CLIENT_ID=… [COGNITO_IDENTITY_POOL_ID=…] [COGNITO_ENDPOINT=…]
//   COGNITO_USERNAME=… COGNITO_PASSWORD=… [COGNITO_AUTH_FLOW=USER_PASSWORD_AUTH] node session.mjs [--json]
// --json prints one JSON object (what the end-to-end test reads) instead of the walk-through.
import { createAuth } from 'cognito-headless';
import { createCookieStorage } from 'cognito-headless/storage';

const json = process.argv.includes('--json');
const env = (name, fallback) => process.env[name] || fallback;
const config = {
  userPoolId: env('COGNITO_USER_POOL_ID'),
  userPoolClientId: env('COGNITO_CLIENT_ID'),
  identityPoolId: env('COGNITO_IDENTITY_POOL_ID'),
  endpoint: env('COGNITO_ENDPOINT'),
  refreshFlow: env('COGNITO_REFRESH_FLOW'),
};
const username = env('COGNITO_USERNAME');
const password = env('COGNITO_PASSWORD');
const authFlowType = env('COGNITO_AUTH_FLOW', 'USER_SRP_AUTH');
if (!config.userPoolId || !config.userPoolClientId || !username || !password) {
  console.error(
    'Set COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID, COGNITO_USERNAME and COGNITO_PASSWORD (and COGNITO_ENDPOINT for a local Cognito).\n' +
      '`make demo` prints the command for its local Cognito.',
  );
  process.exit(2);
}
const log = (...a) => {
  if (!json) console.log(...a);
};

// ------------------------------------------------------------------ a browser's cookies

/** What a browser keeps: name → value (this demo ignores paths, domains and expiry dates). */
const browserCookies = new Map();
const cookieHeader = () => [...browserCookies].map(([n, v]) => `${n}=${v}`).join('; ');
/** Applies a response's Set-Cookie headers. */
function applySetCookies(headers) {
  for (const h of headers) {
    const [pair, ...attrs] = h.split('; ');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const gone = attrs.some((a) => /^max-age=0$/i.test(a));
    if (gone) browserCookies.delete(name);
    else browserCookies.set(name, pair.slice(eq + 1));
  }
}

// ------------------------------------------------------------------ one server request

/**
 * A request's cookie jar, as frameworks give one: the incoming Cookie header to read, and
 * the Set-Cookie headers of the response being built.
 */
function requestJar(header) {
  const incoming = new Map(
    header
      .split(/;\s*/)
      .filter(Boolean)
      .map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)]),
  );
  const setCookie = [];
  const attrs = (o) =>
    [o.path && `Path=${o.path}`, o.domain && `Domain=${o.domain}`, o.maxAge !== undefined && `Max-Age=${o.maxAge}`, o.httpOnly && 'HttpOnly', o.secure && 'Secure', o.sameSite && `SameSite=${o.sameSite}`]
      .filter(Boolean)
      .join('; ');
  const jar = {
    get: (name) => incoming.get(name),
    set: (name, value, o) => {
      incoming.set(name, value);
      setCookie.push(`${name}=${value}; ${attrs(o)}`);
    },
    remove: (name, o) => {
      incoming.delete(name);
      setCookie.push(`${name}=; ${attrs({ ...o, maxAge: 0 })}`);
    },
  };
  return { jar, setCookie };
}

/** A fetch that records the Cognito operations a request made. */
function countingFetch() {
  const ops = [];
  const f = (url, init) => {
    const target = new Headers(init?.headers).get('x-amz-target') ?? '';
    ops.push(target.split('.').pop());
    return fetch(url, init);
  };
  return { fetch: f, ops };
}

/** fetchAuthSession()'s result as plain data (token payloads, credentials without secrets). */
function printable(session) {
  const c = session.credentials;
  return {
    tokens: session.tokens && {
      accessToken: { payload: session.tokens.accessToken.payload },
      idToken: session.tokens.idToken && { payload: session.tokens.idToken.payload },
    },
    credentials: c && {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey ? '(hidden)' : undefined,
      sessionToken: c.sessionToken ? '(hidden)' : undefined,
      expiration: c.expiration instanceof Date ? c.expiration.toISOString() : c.expiration,
    },
    identityId: session.identityId,
    userSub: session.userSub,
  };
}

/** Runs `handler(auth)` as one request: a fresh instance over that request's cookies. */
async function request(name, handler) {
  log(`\n── ${name}`);
  const { jar, setCookie } = requestJar(cookieHeader());
  const net = countingFetch();
  // httpOnly: the tokens are for the server only. `secure` would be right in production (https).
  const storage = createCookieStorage(jar, { httpOnly: true, secure: false, sameSite: 'lax' });
  const auth = await createAuth(config, { storage, fetch: net.fetch });
  const result = await handler(auth);
  auth.close();
  applySetCookies(setCookie);
  log(`   Cognito calls: ${net.ops.join(', ') || 'none'}`);
  log(`   Set-Cookie: ${setCookie.length} header(s); the browser now holds ${browserCookies.size} cookie(s)`);
  return { ...result, ops: net.ops, setCookies: setCookie.length, browserCookies: browserCookies.size };
}

const t0 = Date.now();
const login = await request('POST /login', async (auth) => {
  const signIn = await auth.signIn({ username, password, options: { authFlowType } });
  if (!signIn.isSignedIn) throw new Error(`sign-in needs another step: ${signIn.nextStep.signInStep}`);
  const session = printable(await auth.fetchAuthSession());
  log('   signIn →', JSON.stringify(signIn));
  log('   fetchAuthSession() →', JSON.stringify(session, null, 2).replace(/\n/g, '\n   '));
  return { signIn, session };
});
const profile = await request('GET /profile', async (auth) => {
  const status = auth.getSnapshot().authStatus;
  const user = await auth.getCurrentUser();
  const session = printable(await auth.fetchAuthSession());
  log(`   restored from cookies: ${status}, user ${user.username} (${user.userId})`);
  log(`   access token expires ${new Date(session.tokens.accessToken.payload.exp * 1000).toISOString()}`);
  if (session.credentials) log(`   identity ${session.identityId}, credentials expire ${session.credentials.expiration}`);
  return { status, user, session };
});
const logout = await request('POST /logout', async (auth) => {
  await auth.signOut();
  return { status: auth.getSnapshot().authStatus };
});
const cognitoCookiesLeft = [...browserCookies.keys()].filter((k) => k.includes('CognitoIdentityServiceProvider') && !/device/i.test(k));

const summary = {
  ok:
    login.signIn.isSignedIn &&
    profile.status === 'authenticated' &&
    profile.session.userSub === login.session.userSub &&
    !profile.ops.includes('InitiateAuth') &&
    logout.status === 'unauthenticated' &&
    cognitoCookiesLeft.length === 0,
  login,
  profile,
  logout,
  cognitoCookiesLeft,
  ms: Date.now() - t0,
};
if (json) console.log(JSON.stringify(summary));
else {
  log(`\n${summary.ok ? 'OK' : 'NOT OK'}: signed in, restored the session from cookies on the next request without signing in again, signed out (${summary.ms} ms)`);
}
process.exit(summary.ok ? 0 : 1);
