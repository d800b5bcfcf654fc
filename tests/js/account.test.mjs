// The account functions of the built npm package (target/pkg-build/package, made by
// `bash scripts/package.sh`) against a scripted fetch: each test lists the exact requests it
// expects (operation and body, as Amplify v6 sends them) and the answers, and the fetch
// fails the test on anything else. Covers the JS wrappers' result shapes (Dates, getSetupUri,
// updateUserAttribute), sign-up with auto sign-in, device pagination, deleteUser's sign-out,
// validation and signed-out errors (no request at all).
//
// Amplify's usual calls leave `options` out (`confirmSignUp({ username, confirmationCode })`);
// the last test checks that they work (a regression once: `options: undefined` reached the
// wasm boundary, which refuses it for option structs).
import { describe, it, expect, vi } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { b64url, b64urlJson } from './support/b64url.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkgIndex = path.join(root, 'target/pkg-build/package/index.js');
const pkgWasm = path.join(root, 'target/pkg-build/package/wasm/cognito_headless_bg.wasm');
if (!existsSync(pkgIndex) || !existsSync(pkgWasm)) {
  throw new Error(
    `The npm package is not built (${path.relative(root, pkgIndex)} or its wasm is missing). Run \`bash scripts/package.sh\` (make package) first.`,
  );
}
const { createAuth, AuthError } = await import(pathToFileURL(pkgIndex).href);

const POOL_ID = 'us-east-1_AcctPool1';
const CLIENT_ID = 'acctclient123';
const ENDPOINT = 'https://cognito.test.invalid/';
const USERNAME = 'bob';
const PASSWORD = 'Sup3r-Secret-Pw!';
const SUB = '0b0b0b0b-1111-4222-8333-944455556666';
const PREFIX = `CognitoIdentityServiceProvider.${CLIENT_ID}`;
const userKey = (name, user = USERNAME) => `${PREFIX}.${user}.${name}`;
const LAST_AUTH_USER = `${PREFIX}.LastAuthUser`;
const SESSION_KEYS = ['accessToken', 'idToken', 'refreshToken', 'clockDrift', 'signInDetails'];
const config = { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, endpoint: ENDPOINT };

// ------------------------------------------------------------------------- tokens

let counter = 0;
function makeJwt(claims) {
  return `${b64urlJson({ kid: 'k', alg: 'RS256' })}.${b64urlJson(claims)}.${b64url('sig-' + ++counter)}`;
}
/** An AuthenticationResult for `username` (no origin_jti: signOut sends no RevokeToken). */
function authResult(username = USERNAME) {
  const iat = Math.floor(Date.now() / 1000);
  const common = { sub: SUB, iss: `https://cognito-idp.us-east-1.amazonaws.com/${POOL_ID}`, iat, auth_time: iat, exp: iat + 3600 };
  return {
    AccessToken: makeJwt({ ...common, client_id: CLIENT_ID, token_use: 'access', username, jti: 'a' + counter }),
    IdToken: makeJwt({ ...common, aud: CLIENT_ID, token_use: 'id', 'cognito:username': username, jti: 'i' + counter }),
    RefreshToken: 'refresh-' + counter,
    ExpiresIn: 3600,
    TokenType: 'Bearer',
  };
}

// ------------------------------------------------------------------------- scripted Cognito

const reply = (body, status = 200, headers = {}) => ({ status, body, headers });
const serviceError = (name, message) =>
  reply({ __type: name, message }, 400, { 'x-amzn-errortype': `${name}:http://internal.amazon.com/coral/com.amazonaws.swbup.service/` });

/**
 * A fetch that answers from a script: `expect(op, body, answer)` appends one exchange;
 * `body` is the exact request body or a function that checks it. Any request that is not
 * the next scripted one fails (the fetch throws, and the test checks `done()`).
 */
function scriptedCognito() {
  const script = [];
  const calls = [];
  const failures = [];
  const fetch = vi.fn(async (url, init) => {
    const headers = new Headers(init.headers);
    const target = headers.get('x-amz-target') ?? '';
    const op = target.replace('AWSCognitoIdentityProviderService.', '');
    const body = JSON.parse(init.body);
    calls.push({ op, body });
    const next = script.shift();
    try {
      expect(url).toBe(ENDPOINT);
      expect(init.method).toBe('POST');
      expect(headers.get('content-type')).toBe('application/x-amz-json-1.1');
      expect(target).toBe(`AWSCognitoIdentityProviderService.${op}`);
      expect(next, `unscripted request ${op} ${init.body}`).toBeDefined();
      expect(op).toBe(next.op);
      if (typeof next.body === 'function') next.body(body);
      else expect(body).toEqual(next.body);
    } catch (e) {
      failures.push(e);
      throw e;
    }
    const answer = next.answer;
    return new Response(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/x-amz-json-1.1', ...answer.headers },
    });
  });
  return {
    fetch,
    calls,
    expect(op, body, answer = reply({})) {
      script.push({ op, body, answer });
      return this;
    },
    /** Every scripted request was made, and nothing else. */
    done() {
      if (failures.length) throw failures[0];
      expect(script.map((s) => s.op), 'scripted requests never made').toEqual([]);
    },
  };
}

function mapStorage(initial = {}) {
  const map = new Map(Object.entries(initial));
  return {
    map,
    async setItem(k, v) {
      map.set(k, v);
    },
    async getItem(k) {
      return map.has(k) ? map.get(k) : null;
    },
    async removeItem(k) {
      map.delete(k);
    },
    async clear() {
      map.clear();
    },
  };
}

/** A signed-in auth (USER_PASSWORD_AUTH); returns the access token too. */
async function signedIn(storage = mapStorage()) {
  const cognito = scriptedCognito();
  const auth = await createAuth(config, { fetch: cognito.fetch, storage });
  const result = authResult();
  cognito.expect(
    'InitiateAuth',
    (b) => {
      expect(b.AuthFlow).toBe('USER_PASSWORD_AUTH');
      expect(b.AuthParameters.USERNAME).toBe(USERNAME);
    },
    reply({ AuthenticationResult: result, ChallengeParameters: {} }),
  );
  await expect(
    auth.signIn({ username: USERNAME, password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } }),
  ).resolves.toMatchObject({ isSignedIn: true });
  cognito.done();
  cognito.calls.length = 0;
  return { auth, cognito, storage, access: result.AccessToken };
}

/** Rejects with an AuthError named `name`. */
async function rejectsWith(promise, name) {
  const err = await promise.then(
    (v) => {
      throw new Error(`expected ${name}, resolved with ${JSON.stringify(v)}`);
    },
    (e) => e,
  );
  expect(err).toBeInstanceOf(AuthError);
  expect(err.name).toBe(name);
  return err;
}

// ------------------------------------------------------------------------- tests

describe('sign-up', () => {
  it('signUp → confirmSignUp → autoSignIn: Amplify bodies, signedIn, the password never stored', async () => {
    const cognito = scriptedCognito();
    const storage = mapStorage({ unrelated: 'kept' });
    const auth = await createAuth(config, { fetch: cognito.fetch, storage });
    const signedInEvents = [];
    auth.listen('signedIn', (p) => signedInEvents.push(p));

    cognito.expect(
      'SignUp',
      {
        Username: USERNAME,
        Password: PASSWORD,
        ClientId: CLIENT_ID,
        UserAttributes: [
          { Name: 'email', Value: 'bob@example.com' },
          { Name: 'name', Value: 'Bob' },
        ],
      },
      reply({
        UserConfirmed: false,
        UserSub: SUB,
        CodeDeliveryDetails: { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'b***@e***' },
      }),
    );
    await expect(
      auth.signUp({
        username: USERNAME,
        password: PASSWORD,
        options: { userAttributes: { email: 'bob@example.com', name: 'Bob' }, autoSignIn: true },
      }),
    ).resolves.toEqual({
      isSignUpComplete: false,
      userId: SUB,
      nextStep: {
        signUpStep: 'CONFIRM_SIGN_UP',
        codeDeliveryDetails: { attributeName: 'email', deliveryMedium: 'EMAIL', destination: 'b***@e***' },
      },
    });
    // Not confirmed yet.
    await rejectsWith(auth.autoSignIn(), 'AutoSignInException');

    cognito.expect(
      'ResendConfirmationCode',
      { Username: USERNAME, ClientId: CLIENT_ID },
      reply({ CodeDeliveryDetails: { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'b***@e***' } }),
    );
    await expect(auth.resendSignUpCode({ username: USERNAME, options: {} })).resolves.toEqual({
      attributeName: 'email',
      deliveryMedium: 'EMAIL',
      destination: 'b***@e***',
    });

    // A wrong code: the service error, by name; the auto sign-in keeps waiting.
    cognito.expect(
      'ConfirmSignUp',
      { Username: USERNAME, ConfirmationCode: '000000', ClientId: CLIENT_ID },
      serviceError('CodeMismatchException', 'Invalid verification code provided, please try again.'),
    );
    const err = await rejectsWith(auth.confirmSignUp({ username: USERNAME, confirmationCode: '000000', options: {} }), 'CodeMismatchException');
    expect(err.message).toBe('Invalid verification code provided, please try again.');

    cognito.expect(
      'ConfirmSignUp',
      { Username: USERNAME, ConfirmationCode: '123456', ClientId: CLIENT_ID, ClientMetadata: { src: 'test' } },
      reply({}),
    );
    await expect(
      auth.confirmSignUp({ username: USERNAME, confirmationCode: '123456', options: { clientMetadata: { src: 'test' } } }),
    ).resolves.toEqual({ isSignUpComplete: true, nextStep: { signUpStep: 'COMPLETE_AUTO_SIGN_IN' } });
    expect([...storage.map.keys()]).toEqual(['unrelated']);

    // autoSignIn: SRP (the default flow), so the password never leaves after SignUp.
    const result = authResult();
    cognito
      .expect(
        'InitiateAuth',
        (b) => {
          expect(b.AuthFlow).toBe('USER_SRP_AUTH');
          expect(b.ClientId).toBe(CLIENT_ID);
          expect(b.AuthParameters.USERNAME).toBe(USERNAME);
          expect(b.AuthParameters.SRP_A).toMatch(/^[0-9a-f]+$/);
        },
        reply({
          ChallengeName: 'PASSWORD_VERIFIER',
          ChallengeParameters: {
            SALT: 'a1b2c3d4',
            SECRET_BLOCK: Buffer.from('secret-block').toString('base64'),
            SRP_B: '1f2e3d4c5b6a79887766554433221100',
            USERNAME,
            USER_ID_FOR_SRP: USERNAME,
          },
        }),
      )
      .expect(
        'RespondToAuthChallenge',
        (b) => {
          expect(b.ChallengeName).toBe('PASSWORD_VERIFIER');
          expect(b.ClientId).toBe(CLIENT_ID);
          expect(Object.keys(b.ChallengeResponses).sort()).toEqual(
            ['PASSWORD_CLAIM_SECRET_BLOCK', 'PASSWORD_CLAIM_SIGNATURE', 'TIMESTAMP', 'USERNAME'].sort(),
          );
          expect(b.ChallengeResponses.USERNAME).toBe(USERNAME);
        },
        reply({ AuthenticationResult: result, ChallengeParameters: {} }),
      );
    await expect(auth.autoSignIn()).resolves.toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    cognito.done();

    expect(signedInEvents).toEqual([
      {
        event: 'signedIn',
        data: { username: USERNAME, userId: SUB, signInDetails: { loginId: USERNAME, authFlowType: 'USER_SRP_AUTH' } },
      },
    ]);
    expect(storage.map.get(LAST_AUTH_USER)).toBe(USERNAME);
    expect(storage.map.get(userKey('accessToken'))).toBe(result.AccessToken);
    expect(storage.map.get(userKey('refreshToken'))).toBe(result.RefreshToken);
    expect(storage.map.get('unrelated')).toBe('kept');
    for (const [k, v] of storage.map) {
      expect(k).not.toContain(PASSWORD);
      expect(v).not.toContain(PASSWORD);
    }
    // Only SignUp carried the password.
    expect(cognito.calls.filter((c) => JSON.stringify(c.body).includes(PASSWORD)).map((c) => c.op)).toEqual(['SignUp']);
    expect(auth.getSnapshot()).toMatchObject({ authStatus: 'authenticated', user: { username: USERNAME, userId: SUB } });
    await expect(auth.getCurrentUser()).resolves.toMatchObject({ username: USERNAME, userId: SUB });
    // Used once.
    await auth.signOut();
    await rejectsWith(auth.autoSignIn(), 'AutoSignInException');
    cognito.done();
  });

  it('resetPassword → confirmResetPassword, and updatePassword', async () => {
    const cognito = scriptedCognito();
    const auth = await createAuth(config, { fetch: cognito.fetch, storage: mapStorage() });
    cognito.expect(
      'ForgotPassword',
      { Username: USERNAME, ClientId: CLIENT_ID },
      reply({ CodeDeliveryDetails: { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'b***@e***' } }),
    );
    await expect(auth.resetPassword({ username: USERNAME, options: {} })).resolves.toEqual({
      isPasswordReset: false,
      nextStep: {
        resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE',
        codeDeliveryDetails: { attributeName: 'email', deliveryMedium: 'EMAIL', destination: 'b***@e***' },
      },
    });
    cognito.expect('ConfirmForgotPassword', {
      Username: USERNAME,
      ConfirmationCode: '654321',
      Password: 'N3w-Secret-Pw!',
      ClientId: CLIENT_ID,
    });
    await expect(
      auth.confirmResetPassword({ username: USERNAME, newPassword: 'N3w-Secret-Pw!', confirmationCode: '654321', options: {} }),
    ).resolves.toBeUndefined();
    cognito.done();

    const s = await signedIn();
    s.cognito.expect('ChangePassword', { AccessToken: s.access, PreviousPassword: PASSWORD, ProposedPassword: 'N3w-Secret-Pw!' });
    await expect(s.auth.updatePassword({ oldPassword: PASSWORD, newPassword: 'N3w-Secret-Pw!' })).resolves.toBeUndefined();
    s.cognito.done();
  });
});

describe('MFA', () => {
  it('setUpTOTP returns sharedSecret and getSetupUri; verifyTOTPSetup, updateMFAPreference, fetchMFAPreference', async () => {
    const { auth, cognito, access } = await signedIn();
    const secret = 'JBSWY3DPEHPK3PXP';
    cognito.expect('AssociateSoftwareToken', { AccessToken: access }, reply({ SecretCode: secret }));
    const setup = await auth.setUpTOTP();
    expect(setup.sharedSecret).toBe(secret);
    const uri = setup.getSetupUri('App', 'bob');
    expect(uri).toBeInstanceOf(URL);
    expect(uri.href).toBe(`otpauth://totp/App:bob?secret=${secret}&issuer=App`);

    cognito.expect(
      'VerifySoftwareToken',
      { AccessToken: access, UserCode: '123456', FriendlyDeviceName: 'phone' },
      reply({ Status: 'SUCCESS' }),
    );
    await expect(auth.verifyTOTPSetup({ code: '123456', options: { friendlyDeviceName: 'phone' } })).resolves.toBeUndefined();

    cognito.expect('SetUserMFAPreference', {
      AccessToken: access,
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      SMSMfaSettings: { Enabled: false },
    });
    await expect(auth.updateMFAPreference({ totp: 'PREFERRED', sms: 'DISABLED' })).resolves.toBeUndefined();

    cognito.expect(
      'GetUser',
      { AccessToken: access },
      reply({
        Username: USERNAME,
        UserAttributes: [{ Name: 'sub', Value: SUB }],
        UserMFASettingList: ['SOFTWARE_TOKEN_MFA'],
        PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA',
      }),
    );
    await expect(auth.fetchMFAPreference()).resolves.toEqual({ enabled: ['TOTP'], preferred: 'TOTP' });
    cognito.done();
  });
});

describe('attributes', () => {
  it('fetchUserAttributes, updateUserAttribute(s), confirm / send verification code, deleteUserAttributes', async () => {
    const { auth, cognito, access } = await signedIn();
    cognito.expect(
      'GetUser',
      { AccessToken: access },
      reply({
        Username: USERNAME,
        UserAttributes: [
          { Name: 'sub', Value: SUB },
          { Name: 'email', Value: 'bob@example.com' },
        ],
      }),
    );
    await expect(auth.fetchUserAttributes()).resolves.toEqual({ sub: SUB, email: 'bob@example.com' });

    // One attribute that needs a code: that attribute's { isUpdated, nextStep }.
    cognito.expect(
      'UpdateUserAttributes',
      { AccessToken: access, UserAttributes: [{ Name: 'email', Value: 'new@example.com' }] },
      reply({ CodeDeliveryDetailsList: [{ AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'n***@e***' }] }),
    );
    await expect(auth.updateUserAttribute({ userAttribute: { attributeKey: 'email', value: 'new@example.com' }, options: {} })).resolves.toEqual({
      isUpdated: false,
      nextStep: {
        updateAttributeStep: 'CONFIRM_ATTRIBUTE_WITH_CODE',
        codeDeliveryDetails: { attributeName: 'email', deliveryMedium: 'EMAIL', destination: 'n***@e***' },
      },
    });
    cognito.expect('UpdateUserAttributes', { AccessToken: access, UserAttributes: [{ Name: 'name', Value: 'Bob' }] });
    await expect(auth.updateUserAttribute({ userAttribute: { attributeKey: 'name', value: 'Bob' }, options: {} })).resolves.toEqual({
      isUpdated: true,
      nextStep: { updateAttributeStep: 'DONE' },
    });
    cognito.expect(
      'UpdateUserAttributes',
      {
        AccessToken: access,
        UserAttributes: [
          { Name: 'custom:team', Value: 'blue' },
          { Name: 'phone_number', Value: '+15555550123' },
        ],
        ClientMetadata: { k: 'v' },
      },
      reply({ CodeDeliveryDetailsList: [{ AttributeName: 'phone_number', DeliveryMedium: 'SMS', Destination: '+***0123' }] }),
    );
    await expect(
      auth.updateUserAttributes({
        userAttributes: { phone_number: '+15555550123', 'custom:team': 'blue' },
        options: { clientMetadata: { k: 'v' } },
      }),
    ).resolves.toEqual({
      'custom:team': { isUpdated: true, nextStep: { updateAttributeStep: 'DONE' } },
      phone_number: {
        isUpdated: false,
        nextStep: {
          updateAttributeStep: 'CONFIRM_ATTRIBUTE_WITH_CODE',
          codeDeliveryDetails: { attributeName: 'phone_number', deliveryMedium: 'SMS', destination: '+***0123' },
        },
      },
    });

    cognito.expect('VerifyUserAttribute', { AccessToken: access, AttributeName: 'email', Code: '111222' });
    await expect(auth.confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: '111222' })).resolves.toBeUndefined();
    cognito.expect(
      'GetUserAttributeVerificationCode',
      { AccessToken: access, AttributeName: 'email' },
      reply({ CodeDeliveryDetails: { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'n***@e***' } }),
    );
    await expect(auth.sendUserAttributeVerificationCode({ userAttributeKey: 'email', options: {} })).resolves.toEqual({
      attributeName: 'email',
      deliveryMedium: 'EMAIL',
      destination: 'n***@e***',
    });
    cognito.expect('DeleteUserAttributes', { AccessToken: access, UserAttributeNames: ['custom:team', 'nickname'] });
    await expect(auth.deleteUserAttributes({ userAttributeKeys: ['custom:team', 'nickname'] })).resolves.toBeUndefined();
    cognito.done();
  });
});

describe('devices', () => {
  const device = (key, name, seconds) => ({
    DeviceKey: key,
    DeviceAttributes: [
      { Name: 'device_name', Value: name },
      { Name: 'last_ip_used', Value: '192.0.2.1' },
    ],
    DeviceCreateDate: seconds,
    DeviceLastModifiedDate: seconds + 60,
    DeviceLastAuthenticatedDate: seconds + 120.5,
  });

  it('fetchDevices() follows every page and returns Dates', async () => {
    const { auth, cognito, access } = await signedIn();
    cognito
      .expect('ListDevices', { AccessToken: access, Limit: 60 }, reply({ Devices: [device('us-east-1_d1', 'Firefox', 1.7e9)], PaginationToken: 'page-2' }))
      .expect('ListDevices', { AccessToken: access, Limit: 60, PaginationToken: 'page-2' }, reply({ Devices: [device('us-east-1_d2', 'Chrome', 1.71e9)] }));
    const devices = await auth.fetchDevices();
    cognito.done();
    expect(Array.isArray(devices)).toBe(true);
    expect(devices.map((d) => d.id)).toEqual(['us-east-1_d1', 'us-east-1_d2']);
    expect(devices[0]).toEqual({
      id: 'us-east-1_d1',
      name: 'Firefox',
      attributes: { device_name: 'Firefox', last_ip_used: '192.0.2.1' },
      createDate: new Date(1.7e12),
      lastModifiedDate: new Date(1.7e12 + 60000),
      lastAuthenticatedDate: new Date(1.7e12 + 120500),
    });
    for (const d of devices) {
      for (const k of ['createDate', 'lastModifiedDate', 'lastAuthenticatedDate']) expect(d[k]).toBeInstanceOf(Date);
    }
    expect(devices[1].createDate.getTime()).toBe(1.71e12);
  });

  it('fetchDevices({ limit }) returns one page with nextToken; nextToken continues', async () => {
    const { auth, cognito, access } = await signedIn();
    cognito.expect('ListDevices', { AccessToken: access, Limit: 1 }, reply({ Devices: [device('us-east-1_d1', 'Firefox', 1.7e9)], PaginationToken: 'page-2' }));
    const first = await auth.fetchDevices({ limit: 1 });
    expect(Object.keys(first).sort()).toEqual(['devices', 'nextToken']);
    expect(first.nextToken).toBe('page-2');
    expect(first.devices).toHaveLength(1);
    expect(first.devices[0].createDate).toBeInstanceOf(Date);
    cognito.expect('ListDevices', { AccessToken: access, Limit: 1, PaginationToken: 'page-2' }, reply({ Devices: [device('us-east-1_d2', 'Chrome', 1.71e9)] }));
    const second = await auth.fetchDevices({ limit: 1, nextToken: first.nextToken });
    expect(second.devices.map((d) => d.id)).toEqual(['us-east-1_d2']);
    expect(second.nextToken).toBeUndefined();
    cognito.done();
  });

  it('rememberDevice / forgetDevice() without a remembered device reject with DeviceMetadataNotFoundException, no request', async () => {
    const { auth, cognito, access } = await signedIn();
    await rejectsWith(auth.rememberDevice(), 'DeviceMetadataNotFoundException');
    await rejectsWith(auth.forgetDevice(), 'DeviceMetadataNotFoundException');
    expect(cognito.calls).toEqual([]);
    // Another device, by id, needs no local device.
    cognito.expect('ForgetDevice', { AccessToken: access, DeviceKey: 'us-east-1_other' });
    await expect(auth.forgetDevice({ device: { id: 'us-east-1_other' } })).resolves.toBeUndefined();
    cognito.done();
    expect(auth.getSnapshot().authStatus).toBe('authenticated');
  });
});

describe('deleteUser', () => {
  it('deletes, clears the session and the device keys, emits signedOut', async () => {
    const storage = mapStorage({
      unrelated: 'kept',
      [userKey('deviceKey')]: 'us-east-1_dev',
      [userKey('deviceGroupKey')]: 'group',
      [userKey('randomPasswordKey')]: 'random',
    });
    const { auth, cognito, access } = await signedIn(storage);
    const signedOut = vi.fn();
    auth.listen('signedOut', signedOut);
    for (const name of SESSION_KEYS) expect(storage.map.has(userKey(name))).toBe(true);

    cognito.expect('DeleteUser', { AccessToken: access });
    await expect(auth.deleteUser()).resolves.toBeUndefined();
    cognito.done();
    expect(signedOut).toHaveBeenCalledTimes(1);
    expect(signedOut).toHaveBeenCalledWith({ event: 'signedOut', data: undefined }, { otherTab: false });
    expect([...storage.map.entries()]).toEqual([['unrelated', 'kept']]);
    expect(auth.getSnapshot().authStatus).toBe('unauthenticated');
    await rejectsWith(auth.getCurrentUser(), 'UserUnAuthenticatedException');
    expect((await auth.fetchAuthSession()).tokens).toBeUndefined();
  });

  it('a failed DeleteUser keeps the session', async () => {
    const { auth, cognito, storage, access } = await signedIn();
    const before = new Map(storage.map);
    const signedOut = vi.fn();
    auth.listen('signedOut', signedOut);
    cognito.expect('DeleteUser', { AccessToken: access }, reply('<!doctype html><title>500</title>', 500, { 'content-type': 'text/html' }));
    await rejectsWith(auth.deleteUser(), 'UnexpectedResponseException');
    cognito.done();
    expect(storage.map).toEqual(before);
    expect(signedOut).not.toHaveBeenCalled();
    expect(auth.getSnapshot().authStatus).toBe('authenticated');
  });
});

describe('errors before any request', () => {
  it('validation errors reject with AuthError names', async () => {
    const cognito = scriptedCognito();
    const auth = await createAuth(config, { fetch: cognito.fetch, storage: mapStorage() });
    const cases = [
      [() => auth.signUp({ username: '', password: PASSWORD, options: {} }), 'EmptySignUpUsername'],
      [() => auth.signUp({ username: '  ', password: PASSWORD, options: {} }), 'EmptySignUpUsername'],
      [() => auth.confirmSignUp({ username: USERNAME, confirmationCode: '', options: {} }), 'EmptyConfirmSignUpCode'],
      [() => auth.confirmSignUp({ username: '', confirmationCode: '123456', options: {} }), 'EmptyConfirmSignUpUsername'],
      [() => auth.resendSignUpCode({ username: '', options: {} }), 'EmptySignUpUsername'],
      [() => auth.resetPassword({ username: '', options: {} }), 'EmptyResetPasswordUsername'],
      [() => auth.confirmResetPassword({ username: '', newPassword: 'x', confirmationCode: '1', options: {} }), 'EmptyConfirmResetPasswordUsername'],
      [() => auth.confirmResetPassword({ username: USERNAME, newPassword: '', confirmationCode: '1', options: {} }), 'EmptyConfirmResetPasswordNewPassword'],
      [() => auth.confirmResetPassword({ username: USERNAME, newPassword: 'x', confirmationCode: ' ', options: {} }), 'EmptyConfirmResetPasswordConfirmationCode'],
      [() => auth.updatePassword({ oldPassword: PASSWORD, newPassword: '' }), 'EmptyUpdatePassword'],
      [() => auth.verifyTOTPSetup({ code: '', options: {} }), 'EmptyVerifyTOTPSetupCode'],
      [() => auth.confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: '' }), 'EmptyConfirmUserAttributeCode'],
    ];
    for (const [call, name] of cases) await rejectsWith(call(), name);
    expect(cognito.fetch).not.toHaveBeenCalled();
    // The queue survives.
    await rejectsWith(auth.autoSignIn(), 'AutoSignInException');
    expect(cognito.fetch).not.toHaveBeenCalled();
  });

  it('calls that need a user reject with UserUnAuthenticatedException while signed out', async () => {
    const cognito = scriptedCognito();
    const auth = await createAuth(config, { fetch: cognito.fetch, storage: mapStorage() });
    const calls = {
      updatePassword: () => auth.updatePassword({ oldPassword: PASSWORD, newPassword: 'N3w-Secret-Pw!' }),
      setUpTOTP: () => auth.setUpTOTP(),
      verifyTOTPSetup: () => auth.verifyTOTPSetup({ code: '123456', options: {} }),
      updateMFAPreference: () => auth.updateMFAPreference({ totp: 'PREFERRED' }),
      fetchMFAPreference: () => auth.fetchMFAPreference(),
      fetchUserAttributes: () => auth.fetchUserAttributes(),
      updateUserAttributes: () => auth.updateUserAttributes({ userAttributes: { name: 'Bob' }, options: {} }),
      updateUserAttribute: () => auth.updateUserAttribute({ userAttribute: { attributeKey: 'name', value: 'Bob' }, options: {} }),
      confirmUserAttribute: () => auth.confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: '1' }),
      sendUserAttributeVerificationCode: () => auth.sendUserAttributeVerificationCode({ userAttributeKey: 'email', options: {} }),
      deleteUserAttributes: () => auth.deleteUserAttributes({ userAttributeKeys: ['name'] }),
      fetchDevices: () => auth.fetchDevices(),
      fetchDevicesPage: () => auth.fetchDevices({ limit: 1 }),
      rememberDevice: () => auth.rememberDevice(),
      forgetDevice: () => auth.forgetDevice(),
      forgetOtherDevice: () => auth.forgetDevice({ device: { id: 'us-east-1_other' } }),
      deleteUser: () => auth.deleteUser(),
    };
    for (const [name, call] of Object.entries(calls)) {
      const err = await call().catch((e) => e);
      expect(err, name).toBeInstanceOf(AuthError);
      expect(err.name, name).toBe('UserUnAuthenticatedException');
    }
    expect(cognito.fetch).not.toHaveBeenCalled();
  });
});

describe('calls without options', () => {
  it('Amplify-style calls without `options` send their request and resolve', async () => {
    const delivery = { CodeDeliveryDetails: { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'b***@e***' } };
    // [name, needs a user, operation, call, answer]
    const cases = [
      ['signUp', false, 'SignUp', (a) => a.signUp({ username: 'amy', password: PASSWORD }), { UserConfirmed: false, UserSub: SUB }],
      ['confirmSignUp', false, 'ConfirmSignUp', (a) => a.confirmSignUp({ username: 'amy', confirmationCode: '123456' }), {}],
      ['resendSignUpCode', false, 'ResendConfirmationCode', (a) => a.resendSignUpCode({ username: 'amy' }), delivery],
      ['resetPassword', false, 'ForgotPassword', (a) => a.resetPassword({ username: 'amy' }), delivery],
      ['confirmResetPassword', false, 'ConfirmForgotPassword',
        (a) => a.confirmResetPassword({ username: 'amy', newPassword: 'N3w-Secret-Pw!', confirmationCode: '1' }), {}],
      ['verifyTOTPSetup', true, 'VerifySoftwareToken', (a) => a.verifyTOTPSetup({ code: '123456' }), { Status: 'SUCCESS' }],
      ['updateUserAttributes', true, 'UpdateUserAttributes', (a) => a.updateUserAttributes({ userAttributes: { name: 'Bob' } }), {}],
      ['updateUserAttribute', true, 'UpdateUserAttributes',
        (a) => a.updateUserAttribute({ userAttribute: { attributeKey: 'name', value: 'Bob' } }), {}],
      ['sendUserAttributeVerificationCode', true, 'GetUserAttributeVerificationCode',
        (a) => a.sendUserAttributeVerificationCode({ userAttributeKey: 'email' }), delivery],
    ];
    const broken = [];
    for (const [name, needsUser, op, call, answer] of cases) {
      let auth;
      let cognito;
      if (needsUser) ({ auth, cognito } = await signedIn());
      else {
        cognito = scriptedCognito();
        auth = await createAuth(config, { fetch: cognito.fetch, storage: mapStorage() });
      }
      cognito.expect(op, () => {}, reply(answer));
      const err = await call(auth).then(() => undefined, (e) => e);
      if (err) broken.push(`${name}: ${err.name}: ${err.message}`);
      else cognito.done();
    }
    // An empty call gets Amplify's validation name, not an input error.
    const anon = await createAuth(config, { fetch: scriptedCognito().fetch, storage: mapStorage() });
    const empty = await anon.signUp(undefined).then(() => undefined, (e) => e);
    if (empty?.name !== 'EmptySignUpUsername') broken.push(`signUp(undefined): ${empty?.name}: ${empty?.message}`);
    expect(broken).toEqual([]);
  });
});
