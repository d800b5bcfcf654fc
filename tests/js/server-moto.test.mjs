// cognito-headless/server (the BUILT package) against moto's local Cognito: the tokens moto
// issues verify against moto's own key set, fetched under the configured endpoint
// (`<endpoint>/<poolId>/.well-known/jwks.json`), with the issuer moto writes into them
// (the canonical `https://cognito-idp.<region>.amazonaws.com/<poolId>`). moto signs every
// pool's tokens with one key (kid `dummy`): another pool's tokens carry a valid signature
// and must still be refused (issuer, client). A token the test signs with its own key
// under kid `dummy` is refused too.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { call as motoCall, startMoto } from '../../scripts/local-cognito.mjs';
import { importBuilt } from './support/built-package.mjs';
import { rsaKey, signJwt, sessionCookies, requestJar } from './support/signed-cognito.mjs';

const { createServerRunner, getCurrentUser, fetchAuthSession } = await importBuilt('server.js');

const IDP = 'AWSCognitoIdentityProviderService';
const PASSWORD = 'Str0ng-Passw0rd!';
let moto;
let endpoint;
const idp = (op, body) => motoCall(endpoint, IDP, op, body);

beforeAll(async () => {
  moto = await startMoto();
  endpoint = moto.endpoint;
}, 90000);
afterAll(async () => {
  await moto?.stop();
}, 30000);

/** A pool and client on moto, a user, and the user's tokens from USER_PASSWORD_AUTH. */
async function signedInUser(poolName, username) {
  const { UserPool } = await idp('CreateUserPool', { PoolName: poolName });
  const { UserPoolClient } = await idp('CreateUserPoolClient', {
    UserPoolId: UserPool.Id,
    ClientName: 'web',
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  await idp('AdminCreateUser', { UserPoolId: UserPool.Id, Username: username, TemporaryPassword: 'Temp-Passw0rd!', MessageAction: 'SUPPRESS' });
  await idp('AdminSetUserPassword', { UserPoolId: UserPool.Id, Username: username, Password: PASSWORD, Permanent: true });
  const { AuthenticationResult: r } = await idp('InitiateAuth', {
    ClientId: UserPoolClient.ClientId,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: username, PASSWORD },
  });
  const sub = JSON.parse(Buffer.from(r.AccessToken.split('.')[1], 'base64url')).sub;
  return {
    poolId: UserPool.Id,
    clientId: UserPoolClient.ClientId,
    session: { username, accessToken: r.AccessToken, idToken: r.IdToken, refreshToken: r.RefreshToken, sub },
  };
}

/** A fetch that reaches only moto and records the URLs and Cognito operations. */
function recordingFetch() {
  const calls = [];
  const f = (url, init = {}) => {
    const u = String(url);
    if (!u.startsWith(endpoint)) throw new Error(`not moto: ${u}`);
    calls.push((new Headers(init.headers).get('x-amz-target') ?? '').split('.').pop() || u.slice(endpoint.length - 1));
    return fetch(url, init);
  };
  return { fetch: f, calls };
}

/** getCurrentUser (or its error name) and fetchAuthSession over the cookies. */
async function request(runner, cookies, options) {
  const { jar, setCookies } = requestJar(cookies);
  const out = await runner.runWithServerContext({
    cookies: jar,
    operation: async (ctx) => ({
      user: await getCurrentUser(ctx).catch((e) => e.name),
      session: await fetchAuthSession(ctx, options),
    }),
  });
  return { ...out, setCookies };
}

describe('server verification against moto', () => {
  it("verifies moto's tokens with moto's key set under the endpoint, and refreshes through moto", async () => {
    const a = await signedInUser('server-a', 'alice');
    const net = recordingFetch();
    const runner = createServerRunner({ config: { userPoolId: a.poolId, userPoolClientId: a.clientId, endpoint }, fetch: net.fetch });
    const cookies = sessionCookies(a.clientId, a.session);
    const out = await request(runner, cookies);
    expect(out.user).toEqual({ username: 'alice', userId: a.session.sub });
    expect(out.session.tokens.accessToken.toString()).toBe(a.session.accessToken);
    expect(net.calls).toEqual([`/${a.poolId}/.well-known/jwks.json`]);
    const jwks = await (await fetch(`${endpoint}${a.poolId}/.well-known/jwks.json`)).json();
    expect(jwks.keys.map((k) => k.kid)).toEqual(['dummy']);

    // A forced refresh goes to moto; the next request reads (and verifies) the new cookies.
    const forced = await request(runner, cookies, { forceRefresh: true });
    expect(net.calls).toContain('InitiateAuth');
    const fresh = forced.session.tokens.accessToken.toString();
    expect(fresh).not.toBe(a.session.accessToken);
    const next = { ...cookies };
    for (const c of forced.setCookies) if (!c.removed) next[c.name] = c.value;
    const after = await request(runner, next);
    expect(after.user).toEqual({ username: 'alice', userId: a.session.sub });
    expect(after.session.tokens.accessToken.toString()).toBe(fresh);
    expect(net.calls.filter((c) => c.endsWith('jwks.json'))).toHaveLength(1);
  });

  it("refuses another pool's validly signed tokens, and a token signed by another key as kid dummy", async () => {
    const a = await signedInUser('server-b', 'bob');
    const other = await signedInUser('server-c', 'bob');
    const runner = createServerRunner({ config: { userPoolId: a.poolId, userPoolClientId: a.clientId, endpoint }, fetch: recordingFetch().fetch });
    // The other pool's session filed under this client's cookie names.
    expect((await request(runner, sessionCookies(a.clientId, other.session))).user).toBe('UserUnAuthenticatedException');
    // This pool's claims, signed by a key the test made, named `dummy`.
    const claims = JSON.parse(Buffer.from(a.session.accessToken.split('.')[1], 'base64url'));
    const forged = signJwt({ ...claims, username: 'bob' }, rsaKey('dummy'));
    const out = await request(runner, sessionCookies(a.clientId, { ...a.session, accessToken: forged }));
    expect(out.user).toBe('UserUnAuthenticatedException');
    expect(out.session.tokens).toBeUndefined();
    // The real session still reads.
    expect((await request(runner, sessionCookies(a.clientId, a.session))).user).toEqual({ username: 'bob', userId: a.session.sub });
  });

  it('with an identity pool: credentials for the signed-in user, guest credentials without cookies', async () => {
    const a = await signedInUser('server-d', 'dora');
    const { IdentityPoolId } = await motoCall(endpoint, 'AWSCognitoIdentityService', 'CreateIdentityPool', {
      IdentityPoolName: 'app',
      AllowUnauthenticatedIdentities: true,
      CognitoIdentityProviders: [{ ProviderName: `cognito-idp.us-east-1.amazonaws.com/${a.poolId}`, ClientId: a.clientId }],
    });
    const net = recordingFetch();
    const runner = createServerRunner({
      config: { userPoolId: a.poolId, userPoolClientId: a.clientId, endpoint, identityPoolId: IdentityPoolId, allowGuestAccess: true },
      fetch: net.fetch,
    });
    // getCurrentUser alone needs no credentials (and no machine).
    const user = await runner.runWithServerContext({ cookies: requestJar(sessionCookies(a.clientId, a.session)).jar, operation: (ctx) => getCurrentUser(ctx) });
    expect(user).toEqual({ username: 'dora', userId: a.session.sub });
    expect(net.calls).toEqual([`/${a.poolId}/.well-known/jwks.json`]);
    const out = await request(runner, sessionCookies(a.clientId, a.session));
    expect(out.user).toEqual({ username: 'dora', userId: a.session.sub });
    expect(out.session.tokens.accessToken.toString()).toBe(a.session.accessToken);
    expect(out.session.credentials.accessKeyId).toEqual(expect.any(String));
    expect(out.session.identityId).toEqual(expect.stringContaining(':'));
    expect(net.calls).toEqual(expect.arrayContaining(['GetId', 'GetCredentialsForIdentity']));
    const guest = await runner.runWithServerContext({ cookies: null, operation: (ctx) => fetchAuthSession(ctx) });
    expect(guest.tokens).toBeUndefined();
    expect(guest.credentials.accessKeyId).toEqual(expect.any(String));
  });
});
