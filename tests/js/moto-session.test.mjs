// Session lifecycle and sign-in challenges through the built npm package
// (target/pkg-build/package, made by `bash scripts/package.sh`) against moto's local
// Cognito on 127.0.0.1: refresh deduplication, forced refresh and its events, identity
// pool credentials, NEW_PASSWORD_REQUIRED and TOTP setup. Every request is counted by the
// test's fetch, which refuses anything but the local moto.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MOTO_SERVER as motoServer, call as motoCall, checkCorsPreflight, startMoto } from '../../scripts/local-cognito.mjs';
import { totpAt, totpNow } from './support/totp.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkgIndex = path.join(root, 'target/pkg-build/package/index.js');
const pkgWasm = path.join(root, 'target/pkg-build/package/wasm/cognito_headless_bg.wasm');

if (!existsSync(pkgIndex) || !existsSync(pkgWasm)) {
  throw new Error(
    `The npm package is not built (${path.relative(root, pkgIndex)} or its wasm is missing). Run \`bash scripts/package.sh\` (make package) first.`,
  );
}
if (!existsSync(motoServer)) {
  throw new Error(
    `${path.relative(root, motoServer)} is missing: this test needs moto. Run scripts/setup.sh (or \`python3 -m venv .venv && .venv/bin/pip install 'moto[server]==5.2.5'\`).`,
  );
}
const { createAuth, createMemoryStorage, AuthError } = await import(pathToFileURL(pkgIndex).href);

const PASSWORD = 'Str0ng-Passw0rd!';
const TEMP_PASSWORD = 'Temp-Passw0rd!';
const IDP = 'AWSCognitoIdentityProviderService';
const IDENTITY = 'AWSCognitoIdentityService';

// ------------------------------------------------------------------------- moto

/** The running moto ({ endpoint, stop, logTail }). */
let moto;
let endpoint;
/** A direct (admin) JSON call to moto; must succeed. */
const call = (service, op, body) => motoCall(endpoint, service, op, body);
const idp = (op, body) => call(IDP, op, body);

/** A user pool (MfaConfiguration `mfa`) with a public client allowing SRP, password and refresh. */
async function createPool(name, mfa = 'OFF') {
  const { UserPool } = await idp('CreateUserPool', { PoolName: name, MfaConfiguration: mfa });
  const { UserPoolClient } = await idp('CreateUserPoolClient', {
    UserPoolId: UserPool.Id,
    ClientName: 'web',
    GenerateSecret: false,
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_CUSTOM_AUTH'],
  });
  const poolId = UserPool.Id;
  const clientId = UserPoolClient.ClientId;
  const prefix = `CognitoIdentityServiceProvider.${clientId}`;
  return { poolId, clientId, key: (user, name) => `${prefix}.${user}.${name}`, lastAuthUser: `${prefix}.LastAuthUser` };
}

/** AdminCreateUser (temporary password); with `permanent`, AdminSetUserPassword too. Returns the sub. */
async function createUser(pool, username, { permanent = true } = {}) {
  const { User } = await idp('AdminCreateUser', {
    UserPoolId: pool.poolId,
    Username: username,
    TemporaryPassword: TEMP_PASSWORD,
    MessageAction: 'SUPPRESS',
  });
  if (permanent) {
    await idp('AdminSetUserPassword', { UserPoolId: pool.poolId, Username: username, Password: PASSWORD, Permanent: true });
  }
  return User.Attributes.find((a) => a.Name === 'sub').Value;
}

// ------------------------------------------------------------------------- the host's fetch

/**
 * A fetch that only reaches moto and records every request ({ op, body, status }). It
 * counts moto's Python-repr list parameters (`"MFAS_CAN_SETUP": "['SOFTWARE_TOKEN_MFA']"`),
 * which the machine reads as they are.
 */
function recordingFetch() {
  const calls = [];
  const state = { pythonLists: 0 };
  const fetchFn = async (input, init) => {
    const url = new URL(String(input));
    if (url.href !== endpoint) throw new Error(`test refused a request to ${url.href}`);
    const target = new Headers(init?.headers).get('x-amz-target') ?? '';
    const entry = { op: target.split('.').pop(), target, body: JSON.parse(init.body), status: undefined };
    calls.push(entry);
    const res = await fetch(input, init);
    entry.status = res.status;
    const text = await res.text();
    entry.response = text;
    if (res.ok && /"MFAS_CAN_SETUP":\s*"\['/.test(text)) state.pythonLists += 1;
    return new Response(text, { status: res.status, headers: res.headers });
  };
  const ops = (from = 0) => calls.slice(from).map((c) => c.op);
  return { fetch: fetchFn, calls, ops, state };
}

// ------------------------------------------------------------------------- tests

beforeAll(async () => {
  moto = await startMoto();
  endpoint = moto.endpoint;
}, 90000);

afterAll(async () => {
  await moto?.stop();
}, 30000);

describe('the package against moto', () => {
  it("moto lets a browser page through: the CORS preflight of a Cognito call is allowed", async () => {
    await checkCorsPreflight(endpoint, 'http://localhost:4321');
    const res = await fetch(endpoint, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:4321', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-amz-target' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:4321');
  });

  it('100 concurrent fetchAuthSession calls with an expired token make exactly one refresh request', async () => {
    const pool = await createPool('dedupe');
    const sub = await createUser(pool, 'dee');
    const storage = createMemoryStorage();
    const config = { userPoolId: pool.poolId, userPoolClientId: pool.clientId, endpoint, refreshFlow: 'initiateAuth' };

    // Sign in on the real clock; the tokens are stored.
    const signer = recordingFetch();
    const a = await createAuth(config, { fetch: signer.fetch, storage });
    await expect(a.signIn({ username: 'dee', password: PASSWORD })).resolves.toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    const stored = await storage.getItem(pool.key('dee', 'accessToken'));
    expect(stored).toBeTruthy();

    // A second instance over that storage whose clock is 2 h later: the tokens are expired.
    const counting = recordingFetch();
    const b = await createAuth(config, { fetch: counting.fetch, storage, now: () => Date.now() + 2 * 3600 * 1000 });
    expect(b.getSnapshot().authStatus).toBe('authenticated');
    const refreshes = [];
    b.listen('tokenRefresh', (p) => refreshes.push(p.event));
    const results = await Promise.all(Array.from({ length: 100 }, () => b.fetchAuthSession()));

    expect(counting.calls.length).toBe(1);
    expect(counting.calls[0].op).toBe('InitiateAuth');
    expect(counting.calls[0].body.AuthFlow).toBe('REFRESH_TOKEN_AUTH');
    expect(refreshes).toEqual(['tokenRefresh']);
    const fresh = await storage.getItem(pool.key('dee', 'accessToken'));
    expect(fresh).not.toBe(stored);
    const shapes = results.map((s) => JSON.stringify({ ...s, tokens: { access: s.tokens.accessToken.toString(), id: s.tokens.idToken.toString() } }));
    expect(new Set(shapes).size).toBe(1);
    expect(results[0].tokens.accessToken.toString()).toBe(fresh);
    expect(results[0].userSub).toBe(sub);

    // Afterwards the new tokens are fresh on that clock: no request.
    await b.fetchAuthSession();
    expect(counting.calls.length).toBe(1);

    // With the default `auto` flow: one GetTokensFromRefreshToken (moto: HTML 500), one
    // InitiateAuth, shared by all 100 callers.
    const autoFetch = recordingFetch();
    const c = await createAuth({ ...config, refreshFlow: undefined }, { fetch: autoFetch.fetch, storage, now: () => Date.now() + 4 * 3600 * 1000 });
    const autoResults = await Promise.all(Array.from({ length: 100 }, () => c.fetchAuthSession()));
    expect(autoFetch.ops()).toEqual(['GetTokensFromRefreshToken', 'InitiateAuth']);
    expect(autoFetch.calls[0].status).toBe(500);
    expect(new Set(autoResults.map((s) => s.tokens.accessToken.toString())).size).toBe(1);
  }, 60000);

  it('SRP sign-in, forced refresh with tokenRefresh events, unsubscribe', async () => {
    const pool = await createPool('refresh');
    const sub = await createUser(pool, 'ron');
    const storage = createMemoryStorage();
    const rec = recordingFetch();
    const auth = await createAuth({ userPoolId: pool.poolId, userPoolClientId: pool.clientId, endpoint }, { fetch: rec.fetch, storage });

    await expect(auth.signIn({ username: 'ron', password: PASSWORD })).resolves.toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect(rec.ops()).toEqual(['InitiateAuth', 'RespondToAuthChallenge']);
    expect(rec.calls[0].body.AuthFlow).toBe('USER_SRP_AUTH');
    expect(rec.calls[1].body.ChallengeName).toBe('PASSWORD_VERIFIER');
    const first = await auth.fetchAuthSession();
    expect(first.userSub).toBe(sub);
    const refreshToken = await storage.getItem(pool.key('ron', 'refreshToken'));

    const events = [];
    const all = [];
    const off = auth.listen('tokenRefresh', (p) => events.push(p));
    const offAll = auth.listen('*', (p) => all.push(p.event));

    // One refresh: moto has no GetTokensFromRefreshToken (HTML 500), so `auto` falls back
    // to InitiateAuth REFRESH_TOKEN_AUTH within the same refresh.
    let from = rec.calls.length;
    const refreshed = await auth.fetchAuthSession({ forceRefresh: true });
    expect(rec.ops(from)).toEqual(['GetTokensFromRefreshToken', 'InitiateAuth']);
    expect(rec.calls[from].status).toBe(500);
    expect(rec.calls[from + 1].body).toMatchObject({ AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken } });
    expect(refreshed.tokens.accessToken.toString()).not.toBe(first.tokens.accessToken.toString());
    expect(refreshed.tokens.idToken.toString()).not.toBe(first.tokens.idToken.toString());
    expect(refreshed.tokens.accessToken.payload).toMatchObject({ username: 'ron', sub });
    expect(await storage.getItem(pool.key('ron', 'accessToken'))).toBe(refreshed.tokens.accessToken.toString());
    expect(await storage.getItem(pool.key('ron', 'refreshToken'))).toBe(refreshToken);
    expect(events).toEqual([{ event: 'tokenRefresh', data: undefined }]);
    expect(all).toEqual(['tokenRefresh']);
    // moto accepts the new access token.
    expect((await idp('GetUser', { AccessToken: refreshed.tokens.accessToken.toString() })).Username).toBe('ron');

    // Unsubscribed handlers hear nothing; later refreshes go straight to InitiateAuth.
    off();
    from = rec.calls.length;
    const again = await auth.fetchAuthSession({ forceRefresh: true });
    expect(rec.ops(from)).toEqual(['InitiateAuth']);
    expect(again.tokens.accessToken.toString()).not.toBe(refreshed.tokens.accessToken.toString());
    expect(events).toHaveLength(1);
    expect(all).toEqual(['tokenRefresh', 'tokenRefresh']);
    offAll();
    await auth.fetchAuthSession({ forceRefresh: true });
    expect(all).toHaveLength(2);
  }, 60000);

  it('identity pool credentials from moto, as a guest and signed in', async () => {
    const pool = await createPool('identity');
    await createUser(pool, 'ivy');
    const provider = `cognito-idp.us-east-1.amazonaws.com/${pool.poolId}`;
    const { IdentityPoolId } = await call(IDENTITY, 'CreateIdentityPool', {
      IdentityPoolName: 'app',
      AllowUnauthenticatedIdentities: true,
      CognitoIdentityProviders: [{ ProviderName: provider, ClientId: pool.clientId }],
    });
    const guestKey = `com.amplify.Cognito.${IdentityPoolId}.identityId`;
    const storage = createMemoryStorage();
    const rec = recordingFetch();
    const auth = await createAuth(
      { userPoolId: pool.poolId, userPoolClientId: pool.clientId, endpoint, identityPoolId: IdentityPoolId, allowGuestAccess: true },
      { fetch: rec.fetch, storage },
    );

    const guest = await auth.fetchAuthSession();
    expect(rec.ops()).toEqual(['GetId', 'GetCredentialsForIdentity']);
    expect(rec.calls[0].target).toBe(`${IDENTITY}.GetId`);
    expect(guest.tokens).toBeUndefined();
    expect(guest.identityId).toMatch(/^us-east-1:/);
    expect(await storage.getItem(guestKey)).toBe(guest.identityId);
    expect(guest.credentials).toMatchObject({ accessKeyId: 'TESTACCESSKEY12345', secretAccessKey: 'ABCSECRETKEY', sessionToken: 'ABC12345' });
    expect(guest.credentials.expiration).toBeInstanceOf(Date);
    // moto's credentials last 90 s.
    const ttl = guest.credentials.expiration.getTime() - Date.now();
    expect(ttl).toBeGreaterThan(30000);
    expect(ttl).toBeLessThan(120000);

    await auth.signIn({ username: 'ivy', password: PASSWORD });
    const idToken = await storage.getItem(pool.key('ivy', 'idToken'));
    const from = rec.calls.length;
    const session = await auth.fetchAuthSession();
    expect(rec.ops(from)).toEqual(['GetId', 'GetCredentialsForIdentity']);
    expect(rec.calls[from].body).toEqual({ IdentityPoolId, Logins: { [provider]: idToken } });
    expect(session.identityId).toMatch(/^us-east-1:/);
    expect(session.identityId).not.toBe(guest.identityId);
    expect(session.tokens.idToken.toString()).toBe(idToken);
    expect(session.credentials.accessKeyId).toBe('TESTACCESSKEY12345');
    expect(session.credentials.expiration).toBeInstanceOf(Date);
    // Only the guest id is persisted.
    expect(await storage.getItem(guestKey)).toBe(guest.identityId);
  }, 60000);

  it('confirmSignIn for NEW_PASSWORD_REQUIRED', async () => {
    const pool = await createPool('new-password');
    const sub = await createUser(pool, 'nina', { permanent: false });
    const storage = createMemoryStorage();
    const rec = recordingFetch();
    const auth = await createAuth({ userPoolId: pool.poolId, userPoolClientId: pool.clientId, endpoint }, { fetch: rec.fetch, storage });

    await expect(auth.signIn({ username: 'nina', password: TEMP_PASSWORD })).resolves.toEqual({
      isSignedIn: false,
      nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED', missingAttributes: [] },
    });
    expect(auth.getSnapshot()).toMatchObject({ authStatus: 'unauthenticated', signInStep: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED' });
    expect(await storage.getItem(pool.lastAuthUser)).toBeNull();

    // Refused by moto's password policy: a typed error, the step stays open.
    const err = await auth.confirmSignIn({ challengeResponse: 'short' }).catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.name).toBe('InvalidPasswordException');
    expect(auth.getSnapshot().signInStep).toBe('CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED');

    const signedIn = [];
    auth.listen('signedIn', (p) => signedIn.push(p.data));
    await expect(auth.confirmSignIn({ challengeResponse: 'N3w-Passw0rd!' })).resolves.toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    const last = rec.calls[rec.calls.length - 1];
    expect(last.body).toMatchObject({ ChallengeName: 'NEW_PASSWORD_REQUIRED', ChallengeResponses: { USERNAME: 'nina', NEW_PASSWORD: 'N3w-Passw0rd!' } });
    expect(signedIn).toEqual([{ username: 'nina', userId: sub, signInDetails: { loginId: 'nina', authFlowType: 'USER_SRP_AUTH' } }]);
    expect(auth.getSnapshot()).toMatchObject({ authStatus: 'authenticated', user: { username: 'nina', userId: sub } });
    expect(await storage.getItem(pool.lastAuthUser)).toBe('nina');
    const { UserStatus } = await idp('AdminGetUser', { UserPoolId: pool.poolId, Username: 'nina' });
    expect(UserStatus).toBe('CONFIRMED');
  }, 60000);

  it('TOTP setup: totpSetupDetails.getSetupUri, a wrong code, then the right one', async () => {
    const pool = await createPool('totp', 'ON');
    await idp('SetUserPoolMfaConfig', { UserPoolId: pool.poolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } });
    await createUser(pool, 'alice');
    const storage = createMemoryStorage();
    const rec = recordingFetch();
    const auth = await createAuth({ userPoolId: pool.poolId, userPoolClientId: pool.clientId, endpoint }, { fetch: rec.fetch, storage });

    const out = await auth.signIn({ username: 'alice', password: PASSWORD });
    expect(rec.ops()).toEqual(['InitiateAuth', 'RespondToAuthChallenge', 'AssociateSoftwareToken']);
    expect(rec.state.pythonLists).toBe(1); // moto's "['SOFTWARE_TOKEN_MFA']", read as is
    expect(out.isSignedIn).toBe(false);
    expect(out.nextStep.signInStep).toBe('CONTINUE_SIGN_IN_WITH_TOTP_SETUP');
    const { sharedSecret } = out.nextStep.totpSetupDetails;
    expect(sharedSecret).not.toBe('');
    expect(sharedSecret).toBe(JSON.parse(rec.calls[2].response).SecretCode); // as moto sent it
    const uri = out.nextStep.totpSetupDetails.getSetupUri('App', 'alice');
    expect(uri).toBeInstanceOf(URL);
    expect(uri.href).toBe(`otpauth://totp/App:alice?secret=${sharedSecret}&issuer=App`);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(sharedSecret);
    expect(uri.searchParams.get('issuer')).toBe('App');

    const valid = [-30, 0, 30].map((d) => totpAt(sharedSecret, Date.now() / 1000 + d));
    const wrong = ['000000', '111111', '222222', '333333'].find((c) => !valid.includes(c));
    const err = await auth.confirmSignIn({ challengeResponse: wrong }).catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.name).toBe('CodeMismatchException');
    expect(auth.getSnapshot().signInStep).toBe('CONTINUE_SIGN_IN_WITH_TOTP_SETUP');

    const from = rec.calls.length;
    await expect(
      auth.confirmSignIn({ challengeResponse: await totpNow(sharedSecret), options: { friendlyDeviceName: 'laptop' } }),
    ).resolves.toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect(rec.ops(from)).toEqual(['VerifySoftwareToken', 'RespondToAuthChallenge']);
    expect(rec.calls[from].body.FriendlyDeviceName).toBe('laptop');
    expect(rec.calls[from + 1].body.ChallengeName).toBe('MFA_SETUP');
    expect(auth.getSnapshot().authStatus).toBe('authenticated');
    expect(await storage.getItem(pool.lastAuthUser)).toBe('alice');

    // The next sign-in asks for a TOTP code.
    await auth.signOut();
    await expect(auth.signIn({ username: 'alice', password: PASSWORD })).resolves.toEqual({
      isSignedIn: false,
      nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' },
    });
    await expect(auth.confirmSignIn({ challengeResponse: await totpNow(sharedSecret) })).resolves.toMatchObject({ isSignedIn: true });
  }, 60000);
});
