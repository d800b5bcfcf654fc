// Cognito tokens signed by the test with node:crypto (an RS256 signer independent of the
// package's WebCrypto verifier), the pool's key set, and a scripted Cognito `fetch` that
// serves the key set and answers refreshes (counted) with newly signed tokens.
//
//   const pool = createSignedPool({ poolId, clientId });
//   pool.session('alice', { expiresIn: 3600 })   // { accessToken, idToken, refreshToken, sub }
//   pool.fetch        // JWKS, InitiateAuth REFRESH_TOKEN_AUTH, GetTokensFromRefreshToken, GetUser
//   pool.counts                                   // { jwks, refresh, getUser }
import crypto from 'node:crypto';

const b64url = (buf) => Buffer.from(buf).toString('base64url');

/** A new RSA key pair as { privateKey, jwk } (public JWK with `kid`). */
export function rsaKey(kid) {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  return { privateKey, jwk, kid };
}

/** A JWT signed RS256 with `key` (node:crypto). `header` overrides the header's fields. */
export function signJwt(claims, key, header = {}) {
  const head = b64url(JSON.stringify({ kid: key.kid, alg: 'RS256', ...header }));
  const body = b64url(JSON.stringify(claims));
  const signature = crypto.sign('sha256', Buffer.from(`${head}.${body}`), key.privateKey);
  return `${head}.${body}.${b64url(signature)}`;
}

/**
 * A pool whose tokens this test signs.
 * @param {{ poolId: string, clientId: string, region?: string, endpoint?: string, now?: () => number, delay?: () => Promise<void>, rotation?: boolean }} o
 *   `rotation`: GetTokensFromRefreshToken returns a new refresh token and spends the old one
 *   (a second use: RefreshTokenReuseException)
 */
export function createSignedPool({ poolId, clientId, region = poolId.split('_')[0], endpoint, now = () => Date.now(), delay, rotation = false }) {
  const key = rsaKey('test-key-1');
  const issuer = `https://cognito-idp.${region}.amazonaws.com/${poolId}`;
  const jwksUrl = `${endpoint ? `${endpoint.replace(/\/+$/, '')}/${poolId}` : issuer}/.well-known/jwks.json`;
  const counts = { jwks: 0, refresh: 0, initiateAuthRefresh: 0, getUser: 0, other: 0 };
  const subs = new Map();
  const refreshTokens = new Map();
  let n = 0;
  const state = { jwksDown: false, keys: [key.jwk] };

  const subOf = (username) => {
    if (!subs.has(username)) subs.set(username, crypto.randomUUID());
    return subs.get(username);
  };

  /** Tokens for `username` (claims as Cognito writes them). `expiresIn` may be negative (already expired). */
  function tokens(username, { expiresIn = 3600, signer = key, access = {}, id = {} } = {}) {
    const iat = Math.floor(now() / 1000);
    const sub = subOf(username);
    n += 1;
    const common = { sub, iss: issuer, iat, auth_time: iat, exp: iat + expiresIn, origin_jti: `o-${n}` };
    return {
      sub,
      accessToken: signJwt({ ...common, client_id: clientId, token_use: 'access', username, scope: 'aws.cognito.signin.user.admin', jti: `a-${n}`, ...access }, signer),
      idToken: signJwt({ ...common, aud: clientId, token_use: 'id', 'cognito:username': username, email: `${username}@example.com`, jti: `i-${n}`, ...id }, signer),
    };
  }

  /** A signed-in session: tokens and a refresh token the scripted Cognito knows. */
  function session(username, options = {}) {
    const t = tokens(username, options);
    const refreshToken = `refresh.${username}.${crypto.randomBytes(24).toString('base64url')}`;
    refreshTokens.set(refreshToken, username);
    return { ...t, refreshToken, username };
  }

  const json = (status, body) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/x-amz-json-1.1' } });

  async function fetch(url, init = {}) {
    const u = String(url);
    if (delay) await delay();
    if (u === jwksUrl) {
      counts.jwks += 1;
      if (state.jwksDown) throw new TypeError('fetch failed (key set unreachable)');
      return new Response(JSON.stringify({ keys: state.keys }), { status: 200, headers: { 'content-type': 'application/json' } });
    }
    const target = new Headers(init.headers).get('x-amz-target') ?? '';
    const body = init.body ? JSON.parse(init.body) : {};
    if (target.endsWith('.InitiateAuth') && body.AuthFlow === 'REFRESH_TOKEN_AUTH') {
      counts.refresh += 1;
      counts.initiateAuthRefresh += 1;
      const username = refreshTokens.get(body.AuthParameters?.REFRESH_TOKEN);
      if (!username) return json(400, { __type: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
      const t = tokens(username);
      return json(200, { AuthenticationResult: { AccessToken: t.accessToken, IdToken: t.idToken, ExpiresIn: 3600, TokenType: 'Bearer' }, ChallengeParameters: {} });
    }
    if (target.endsWith('.GetUser')) {
      counts.getUser += 1;
      const auth = body.AccessToken ? JSON.parse(Buffer.from(body.AccessToken.split('.')[1], 'base64url').toString()) : {};
      return json(200, { Username: auth.username, UserAttributes: [{ Name: 'sub', Value: auth.sub }, { Name: 'email', Value: `${auth.username}@example.com` }] });
    }
    if (target.endsWith('.GetTokensFromRefreshToken')) {
      counts.refresh += 1;
      const username = refreshTokens.get(body.RefreshToken);
      if (username === null) return json(400, { __type: 'RefreshTokenReuseException', message: 'Refresh token has been used already' });
      if (!username) return json(400, { __type: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
      const t = tokens(username);
      /** @type {Record<string, unknown>} */
      const result = { AccessToken: t.accessToken, IdToken: t.idToken, ExpiresIn: 3600, TokenType: 'Bearer' };
      if (rotation) {
        // Rotation without a grace period: the old token is spent.
        refreshTokens.set(body.RefreshToken, null);
        result.RefreshToken = `refresh.${username}.${crypto.randomBytes(24).toString('base64url')}`;
        refreshTokens.set(result.RefreshToken, username);
      }
      return json(200, { AuthenticationResult: result });
    }
    counts.other += 1;
    return json(400, { __type: 'InvalidParameterException', message: `scripted pool: ${target || u} not scripted` });
  }

  return { poolId, clientId, issuer, jwksUrl, key, counts, state, tokens, session, fetch, signJwt: (claims, signer = key, header) => signJwt(claims, signer, header) };
}

/** The cookies (name → header value) of a session as Amplify's layout under `clientId`. */
export function sessionCookies(clientId, s, extra = {}) {
  const p = `CognitoIdentityServiceProvider.${clientId}`;
  const out = {
    [`${p}.LastAuthUser`]: s.username,
    [`${p}.${s.username}.accessToken`]: s.accessToken,
    [`${p}.${s.username}.idToken`]: s.idToken,
    [`${p}.${s.username}.refreshToken`]: s.refreshToken,
    [`${p}.${s.username}.clockDrift`]: '0',
    ...extra,
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

/**
 * A request's cookie jar over `cookies` (name → header value): reads them, records writes
 * as `setCookies` ({ name, value, options } / { name, removed: true }). `readOnly`: set and
 * remove throw, as a React Server Component's cookies() store.
 */
export function requestJar(cookies, { readOnly = false } = {}) {
  const incoming = new Map(Object.entries(cookies));
  const setCookies = [];
  const jar = {
    get: (name) => incoming.get(name),
    set: (name, value, options) => {
      if (readOnly) throw new Error('Cookies can only be modified in a Server Action or Route Handler.');
      setCookies.push({ name, value, options });
    },
    remove: (name, options) => {
      if (readOnly) throw new Error('Cookies can only be modified in a Server Action or Route Handler.');
      setCookies.push({ name, removed: true, options });
    },
  };
  return { jar, setCookies };
}
