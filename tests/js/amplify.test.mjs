// cognito-headless/amplify, the aws-amplify/auth drop-in: configure() with Amplify's config
// and with amplify_outputs.json, the free functions bound to the default instance, Hub's
// capsule shape, reconfiguration, the storage hook, users signed in under Amplify staying
// signed in, and an app written against aws-amplify that runs after only its import
// specifiers are changed (scripted fetch on globalThis; nothing leaves the process).
import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { importBuilt, pkgDir, root } from './support/built-package.mjs';
import { createFakeCognito } from './support/fake-cognito.mjs';

const amplify = await importBuilt('amplify.js');
const core = await importBuilt('index.js');
const { createMemoryStorage } = await importBuilt('storage.js');

const POOL_ID = 'us-east-1_AmplifyPool';
const CLIENT_ID = 'amplifyclient123';
const PASSWORD = 'Correct-Horse-1';
const PREFIX = `CognitoIdentityServiceProvider.${CLIENT_ID}`;
const outputs = {
  version: '1.3',
  auth: {
    user_pool_id: POOL_ID,
    aws_region: 'us-east-1',
    user_pool_client_id: CLIENT_ID,
    identity_pool_id: 'us-east-1:11111111-2222-4333-8444-555555555555',
    unauthenticated_identities_enabled: true,
    username_attributes: ['email'],
    standard_required_attributes: ['email'],
    user_verification_types: ['email'],
    mfa_configuration: 'OPTIONAL',
    mfa_methods: ['TOTP'],
    password_policy: { min_length: 8, require_lowercase: true, require_numbers: true, require_symbols: true, require_uppercase: true },
  },
};

/** The functions aws-amplify/auth has that this entry must have too. */
const AUTH_FUNCTIONS = [
  'signIn', 'confirmSignIn', 'signOut', 'fetchAuthSession', 'getCurrentUser', 'signUp', 'confirmSignUp', 'resendSignUpCode',
  'autoSignIn', 'resetPassword', 'confirmResetPassword', 'updatePassword', 'setUpTOTP', 'verifyTOTPSetup', 'updateMFAPreference',
  'fetchMFAPreference', 'fetchUserAttributes', 'updateUserAttributes', 'updateUserAttribute', 'confirmUserAttribute',
  'sendUserAttributeVerificationCode', 'deleteUserAttributes', 'fetchDevices', 'rememberDevice', 'forgetDevice', 'deleteUser', 'decodeJWT',
  'signInWithRedirect', 'associateWebAuthnCredential', 'listWebAuthnCredentials', 'deleteWebAuthnCredential',
];

let cognito;
/** A fetch for the real Cognito URLs that answers from the fake and refuses anything else. */
function stubFetch() {
  cognito = createFakeCognito({ clientId: CLIENT_ID, poolId: POOL_ID });
  vi.stubGlobal('fetch', async (url, init) => {
    const host = new URL(String(url)).host;
    if (host !== 'cognito-idp.us-east-1.amazonaws.com' && host !== 'cognito-identity.us-east-1.amazonaws.com') {
      throw new Error(`test refused a request to ${url}`);
    }
    return cognito.fetch(url, init);
  });
}

beforeEach(() => stubFetch());
afterEach(() => vi.unstubAllGlobals());

describe('cognito-headless/amplify', () => {
  it('has every aws-amplify/auth function, AuthError, Amplify, Hub and the token provider', () => {
    for (const name of AUTH_FUNCTIONS) expect(typeof amplify[name], name).toBe('function');
    expect(amplify.AuthError).toBe(core.AuthError);
    expect(amplify.decodeJWT).toBe(core.decodeJWT);
    expect(typeof amplify.Amplify.configure).toBe('function');
    expect(typeof amplify.Hub.listen).toBe('function');
    expect(typeof amplify.cognitoUserPoolsTokenProvider.setKeyValueStorage).toBe('function');
  });

  it('before configure, every function rejects with AuthUserPoolException', async () => {
    const err = await amplify.getCurrentUser().catch((e) => e);
    expect(err).toBeInstanceOf(core.AuthError);
    expect(err.name).toBe('AuthUserPoolException');
    expect(err.message).toBe('Auth UserPool not configured.');
    await expect(amplify.signIn({ username: 'alice', password: PASSWORD })).rejects.toMatchObject({ name: 'AuthUserPoolException' });
    expect(amplify.getConfig()).toEqual({});
  });

  it('configure(amplify_outputs) → signIn, Hub events with Amplify\'s capsule, session with identity credentials, signOut', async () => {
    const storage = createMemoryStorage();
    const core_ = [];
    const offCore = amplify.Hub.listen('core', (capsule) => core_.push(capsule));
    amplify.configure(outputs);
    amplify.cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);
    expect(core_).toMatchObject([{ channel: 'core', payload: { event: 'configure' }, source: 'Configure' }]);
    expect(amplify.getConfig()).toEqual({
      Auth: {
        Cognito: expect.objectContaining({
          userPoolId: POOL_ID,
          userPoolClientId: CLIENT_ID,
          identityPoolId: outputs.auth.identity_pool_id,
          allowGuestAccess: true,
        }),
      },
    });
    offCore();

    const capsules = [];
    const off = amplify.Hub.listen('auth', (capsule) => capsules.push(capsule));
    const out = await amplify.signIn({ username: 'alice', password: PASSWORD });
    expect(out).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect(cognito.calls.map((c) => c.op)).toEqual(['InitiateAuth', 'RespondToAuthChallenge']);
    expect(cognito.calls[0].url).toBe('https://cognito-idp.us-east-1.amazonaws.com/');
    expect(capsules).toEqual([
      {
        channel: 'auth',
        payload: {
          event: 'signedIn',
          data: { username: 'alice', userId: cognito.subs.alice, signInDetails: { loginId: 'alice', authFlowType: 'USER_SRP_AUTH' } },
        },
        source: 'Auth',
        patternInfo: [],
      },
    ]);
    // The storage hook: every key went to the given storage.
    expect(await storage.getItem(`${PREFIX}.LastAuthUser`)).toBe('alice');

    expect(await amplify.getCurrentUser()).toMatchObject({ username: 'alice', userId: cognito.subs.alice });
    const session = await amplify.fetchAuthSession();
    expect(session.tokens.accessToken.payload.username).toBe('alice');
    expect(session.credentials.accessKeyId).toBe('ASIAFAKE');
    expect(session.identityId).toMatch(/^us-east-1:/);
    expect((await amplify.cognitoUserPoolsTokenProvider.getTokens()).idToken.payload['cognito:username']).toBe('alice');
    expect(amplify.decodeJWT(session.tokens.idToken.toString()).payload.sub).toBe(cognito.subs.alice);
    expect((await amplify.fetchUserAttributes()).email).toBe('alice@example.com');

    await amplify.fetchAuthSession({ forceRefresh: true });
    await amplify.signOut();
    expect(capsules.map((c) => c.payload.event)).toEqual(['signedIn', 'tokenRefresh', 'signedOut']);
    expect(capsules[2].payload.data).toBeUndefined();
    await expect(amplify.getCurrentUser()).rejects.toMatchObject({ name: 'UserUnAuthenticatedException' });
    off();
  });

  it('configure with the same config keeps the instance; another config replaces it and its events stop', async () => {
    const storage = createMemoryStorage();
    const config = { Auth: { Cognito: { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID } } };
    amplify.configure(config);
    amplify.cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);
    const first = await amplify.getAuth();
    amplify.configure({ Auth: { Cognito: { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID } } });
    expect(await amplify.getAuth()).toBe(first);

    const events = [];
    const off = amplify.Hub.listen('auth', ({ payload }) => events.push(payload.event));
    amplify.configure({ Auth: { Cognito: { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, refreshFlow: 'initiateAuth' } } });
    const second = await amplify.getAuth();
    expect(second).not.toBe(first);
    // The old instance still answers calls made on it, but the app no longer hears it.
    await first.signIn({ username: 'alice', password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    expect(events).toEqual([]);
    // The new one restores what is in the (same) storage.
    amplify.configure({ Auth: { Cognito: { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID } } });
    expect((await amplify.getCurrentUser()).username).toBe('alice');
    await amplify.signOut();
    expect(events).toEqual(['signedOut']);
    off();
  });

  it('users signed in under Amplify stay signed in: the keys are Amplify\'s', async () => {
    const storage = createMemoryStorage();
    // What aws-amplify 6 leaves in storage after a sign-in.
    const t = cognito.tokensFor('alice');
    await storage.setItem(`${PREFIX}.LastAuthUser`, 'alice');
    await storage.setItem(`${PREFIX}.alice.accessToken`, t.AccessToken);
    await storage.setItem(`${PREFIX}.alice.idToken`, t.IdToken);
    await storage.setItem(`${PREFIX}.alice.refreshToken`, t.RefreshToken);
    await storage.setItem(`${PREFIX}.alice.clockDrift`, '0');
    await storage.setItem(`${PREFIX}.alice.signInDetails`, JSON.stringify({ loginId: 'alice', authFlowType: 'USER_SRP_AUTH' }));
    amplify.configure({ Auth: { Cognito: { userPoolId: POOL_ID, userPoolClientId: 'another-client' } } });
    amplify.configure({ Auth: { Cognito: { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID } } });
    amplify.cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);
    expect(await amplify.getCurrentUser()).toMatchObject({ username: 'alice', signInDetails: { loginId: 'alice' } });
    expect((await amplify.fetchAuthSession()).tokens.accessToken.toString()).toBe(t.AccessToken);
    expect(cognito.calls).toEqual([]);
    await amplify.signOut();
  });

  it('Hub.dispatch on the app\'s own channels; listeners that throw do not break others', async () => {
    const seen = [];
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const offA = amplify.Hub.listen('app', () => {
      throw new Error('listener bug');
    });
    const offB = amplify.Hub.listen('app', (capsule) => seen.push(capsule));
    amplify.Hub.dispatch('app', { event: 'ping', data: 1 }, 'me');
    offA();
    offB();
    amplify.Hub.dispatch('app', { event: 'ping', data: 2 });
    expect(seen).toEqual([{ channel: 'app', payload: { event: 'ping', data: 1 }, source: 'me', patternInfo: [] }]);
    expect(errors).toHaveBeenCalled();
    errors.mockRestore();
  });
});

describe('an app written against aws-amplify', () => {
  it('works with only its import specifiers changed to cognito-headless/amplify', async () => {
    const source = await readFile(path.join(root, 'tests/js/support/amplify-app.mjs'), 'utf8');
    const target = pathToFileURL(path.join(pkgDir, 'amplify.js')).href;
    const specifiers = /from '(aws-amplify(?:\/[a-z/]+)?)'/g;
    expect([...source.matchAll(specifiers)].map((m) => m[1])).toEqual([
      'aws-amplify',
      'aws-amplify/utils',
      'aws-amplify/auth',
      'aws-amplify/auth/cognito',
    ]);
    const migrated = source.replace(specifiers, () => `from '${target}'`);
    // Only the four specifier lines differ.
    const before = source.split('\n');
    const after = migrated.split('\n');
    expect(after.length).toBe(before.length);
    expect(before.filter((line, i) => line !== after[i])).toHaveLength(4);

    const dir = await mkdtemp(path.join(os.tmpdir(), 'cognito-headless-amplify-app-'));
    try {
      const file = path.join(dir, 'app.mjs');
      await writeFile(file, migrated);
      const app = await import(pathToFileURL(file).href);
      const storage = createMemoryStorage();
      const stop = app.setUp(outputs, storage);
      expect(await app.logIn('mallory', 'whatever')).toEqual({ error: 'UserNotFoundException' });
      expect(await app.logIn('alice', PASSWORD)).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
      expect(await app.whoAmI()).toEqual({ username: 'alice', userId: cognito.subs.alice, email: 'alice@example.com', fromIdToken: 'alice' });
      expect(await app.authHeader()).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
      await app.logOut();
      expect(await app.authHeader()).toBeUndefined();
      expect(app.hubEvents).toEqual([
        { channel: 'auth', source: 'Auth', event: 'signedIn', username: 'alice' },
        { channel: 'auth', source: 'Auth', event: 'signedOut', username: undefined },
      ]);
      stop();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
