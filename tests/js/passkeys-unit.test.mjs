// Passkeys in Node, against the built package: the JSON ⇄ ArrayBuffer conversions (the
// browser's parse*FromJSON / toJSON when present, our own otherwise), DOMException → Amplify
// passkey error names, and the whole sign-in / registration / list / delete path through
// createAuth with a host.webauthn override and a scripted Cognito (exact requests).
import { describe, it, expect, vi, afterEach } from 'vitest';
import { importBuilt } from './support/built-package.mjs';
import { createFakeCognito, json, serviceError } from './support/fake-cognito.mjs';

const pk = await importBuilt('passkeys.js');
const { createAuth, createMemoryStorage, isPasskeySupported } = await importBuilt('index.js');

const bytes = (buf) => Array.from(new Uint8Array(buf instanceof ArrayBuffer ? buf : buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)));
const b64url = (arr) => Buffer.from(arr).toString('base64url');
const ab = (arr) => new Uint8Array(arr).buffer;

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('base64url', () => {
  it('round-trips every length and byte; accepts padding and standard base64; refuses garbage', () => {
    for (let n = 0; n < 70; n++) {
      const data = Array.from({ length: n }, (_, i) => (i * 151 + n * 7) & 255);
      const enc = pk.bytesToBase64Url(new Uint8Array(data));
      expect(enc).toBe(b64url(data));
      expect(enc).not.toMatch(/[+/=]/);
      expect(Array.from(pk.base64UrlToBytes(enc))).toEqual(data);
      expect(Array.from(pk.base64UrlToBytes(Buffer.from(data).toString('base64')))).toEqual(data);
    }
    // ArrayBuffer, a view at an offset.
    const big = new Uint8Array([9, 1, 2, 3, 9]);
    expect(pk.bytesToBase64Url(big.subarray(1, 4))).toBe(b64url([1, 2, 3]));
    expect(pk.bytesToBase64Url(big.buffer)).toBe(b64url([9, 1, 2, 3, 9]));
    // A large buffer (chunked String.fromCharCode).
    const large = new Uint8Array(200000).map((_, i) => i & 255);
    expect(pk.bytesToBase64Url(large)).toBe(Buffer.from(large).toString('base64url'));
    for (const bad of ['a b', 'abc$', 'a', 12, null]) expect(() => pk.base64UrlToBytes(bad)).toThrow(TypeError);
  });
});

const REQUEST_JSON = {
  challenge: b64url([1, 2, 3, 4, 250, 251]),
  rpId: 'example.com',
  timeout: 60000,
  userVerification: 'required',
  allowCredentials: [{ type: 'public-key', id: b64url([7, 7, 255]), transports: ['internal', 'hybrid'] }],
};
const CREATION_JSON = {
  challenge: b64url([9, 8, 7]),
  rp: { id: 'example.com', name: 'Example' },
  user: { id: b64url([0xde, 0xad, 0xbe, 0xef]), name: 'alice', displayName: 'Alice' },
  pubKeyCredParams: [{ type: 'public-key', alg: -7 }, { type: 'public-key', alg: -257 }],
  timeout: 60000,
  excludeCredentials: [{ type: 'public-key', id: b64url([1, 1]) }],
  authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  attestation: 'none',
};

describe('options JSON → ArrayBuffers', () => {
  it('request options: challenge and allowCredentials ids become ArrayBuffers, the rest is kept', () => {
    const o = pk.requestOptionsFromJSON(REQUEST_JSON, { native: false });
    expect(o.challenge).toBeInstanceOf(ArrayBuffer);
    expect(bytes(o.challenge)).toEqual([1, 2, 3, 4, 250, 251]);
    expect(bytes(o.allowCredentials[0].id)).toEqual([7, 7, 255]);
    expect(o.allowCredentials[0]).toMatchObject({ type: 'public-key', transports: ['internal', 'hybrid'] });
    expect(o).toMatchObject({ rpId: 'example.com', timeout: 60000, userVerification: 'required' });
    // The input is not changed.
    expect(typeof REQUEST_JSON.challenge).toBe('string');
    // No allowCredentials (discoverable credentials): none added.
    expect(pk.requestOptionsFromJSON({ challenge: 'AQ' }, { native: false })).not.toHaveProperty('allowCredentials');
  });

  it('creation options: challenge, user.id and excludeCredentials ids become ArrayBuffers', () => {
    const o = pk.creationOptionsFromJSON(CREATION_JSON, { native: false });
    expect(bytes(o.challenge)).toEqual([9, 8, 7]);
    expect(bytes(o.user.id)).toEqual([0xde, 0xad, 0xbe, 0xef]);
    expect(o.user).toMatchObject({ name: 'alice', displayName: 'Alice' });
    expect(bytes(o.excludeCredentials[0].id)).toEqual([1, 1]);
    expect(o).toMatchObject({ rp: CREATION_JSON.rp, pubKeyCredParams: CREATION_JSON.pubKeyCredParams, attestation: 'none' });
  });

  it("invalid options are Amplify's Invalid*Options errors", () => {
    const name = (f) => {
      try {
        f();
      } catch (e) {
        return e.name;
      }
      return 'no error';
    };
    expect(name(() => pk.requestOptionsFromJSON({}))).toBe('InvalidPasskeyAuthenticationOptions');
    expect(name(() => pk.requestOptionsFromJSON({ challenge: 'ok', allowCredentials: [{ id: 'bad id!' }] }, { native: false }))).toBe(
      'InvalidPasskeyAuthenticationOptions',
    );
    expect(name(() => pk.requestOptionsFromJSON({ challenge: 'ok', allowCredentials: 'x' }, { native: false }))).toBe('InvalidPasskeyAuthenticationOptions');
    expect(name(() => pk.creationOptionsFromJSON({ challenge: 'AQ', user: {} }))).toBe('InvalidPasskeyRegistrationOptions');
    expect(name(() => pk.creationOptionsFromJSON({ ...CREATION_JSON, challenge: '%%' }, { native: false }))).toBe('InvalidPasskeyRegistrationOptions');
  });

  it("uses the browser's parse*OptionsFromJSON when it exists, and falls back when it throws", () => {
    const parseRequestOptionsFromJSON = vi.fn(() => ({ native: 'request' }));
    const parseCreationOptionsFromJSON = vi.fn(() => {
      throw new TypeError('unknown member');
    });
    vi.stubGlobal('PublicKeyCredential', Object.assign(function PublicKeyCredential() {}, { parseRequestOptionsFromJSON, parseCreationOptionsFromJSON }));
    expect(pk.requestOptionsFromJSON(REQUEST_JSON)).toEqual({ native: 'request' });
    expect(parseRequestOptionsFromJSON).toHaveBeenCalledWith(REQUEST_JSON);
    const o = pk.creationOptionsFromJSON(CREATION_JSON);
    expect(parseCreationOptionsFromJSON).toHaveBeenCalledTimes(1);
    expect(bytes(o.user.id)).toEqual([0xde, 0xad, 0xbe, 0xef]);
  });
});

/** A PublicKeyCredential look-alike (what navigator.credentials returns), without toJSON. */
function fakeCredential(kind) {
  const common = {
    id: b64url([5, 6, 7]),
    rawId: ab([5, 6, 7]),
    type: 'public-key',
    authenticatorAttachment: 'platform',
    getClientExtensionResults: () => ({ credProps: { rk: true } }),
  };
  if (kind === 'create') {
    return {
      ...common,
      response: {
        clientDataJSON: ab([123, 125]),
        attestationObject: ab([0xa3, 1, 2]),
        getTransports: () => ['internal'],
        getPublicKeyAlgorithm: () => -7,
        getPublicKey: () => ab([0x30, 0x59]),
        getAuthenticatorData: () => ab([0xaa, 0xbb]),
      },
    };
  }
  return {
    ...common,
    response: { clientDataJSON: ab([123, 125]), authenticatorData: ab([1, 2]), signature: ab([0x30, 0x44]), userHandle: ab([0x75]) },
  };
}

describe('credential → JSON', () => {
  it('registration: every field Cognito reads, buffers as base64url', () => {
    expect(pk.credentialToJSON(fakeCredential('create'), 'create')).toEqual({
      id: b64url([5, 6, 7]),
      rawId: b64url([5, 6, 7]),
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: { credProps: { rk: true } },
      response: {
        clientDataJSON: b64url([123, 125]),
        attestationObject: b64url([0xa3, 1, 2]),
        transports: ['internal'],
        publicKeyAlgorithm: -7,
        publicKey: b64url([0x30, 0x59]),
        authenticatorData: b64url([0xaa, 0xbb]),
      },
    });
  });

  it('assertion: clientDataJSON, authenticatorData, signature, userHandle (left out when empty)', () => {
    const json = pk.credentialToJSON(fakeCredential('get'), 'get');
    expect(json.response).toEqual({
      clientDataJSON: b64url([123, 125]),
      authenticatorData: b64url([1, 2]),
      signature: b64url([0x30, 0x44]),
      userHandle: b64url([0x75]),
    });
    const noHandle = fakeCredential('get');
    noHandle.response.userHandle = null;
    expect(pk.credentialToJSON(noHandle, 'get').response).not.toHaveProperty('userHandle');
    expect(() => pk.credentialToJSON({ response: {} }, 'get')).toThrow();
  });

  it("uses the browser's toJSON() when there is one (null fields dropped)", () => {
    const c = fakeCredential('get');
    c.toJSON = () => ({ id: 'x', rawId: 'x', type: 'public-key', authenticatorAttachment: null, response: { clientDataJSON: 'e30', signature: 'MA', userHandle: null }, clientExtensionResults: {} });
    expect(pk.credentialToJSON(c, 'get')).toEqual({ id: 'x', rawId: 'x', type: 'public-key', response: { clientDataJSON: 'e30', signature: 'MA' }, clientExtensionResults: {} });
    expect(pk.credentialToJSON(c, 'get', { native: false }).response.authenticatorData).toBe(b64url([1, 2]));
  });
});

describe("DOMException → Amplify's passkey errors", () => {
  const dom = (name, message = `${name} happened`) => new DOMException(message, name);
  it.each([
    ['NotAllowedError', 'get', 'PasskeyAuthenticationCanceled'],
    ['NotAllowedError', 'create', 'PasskeyRegistrationCanceled'],
    ['InvalidStateError', 'create', 'PasskeyAlreadyExists'],
    ['InvalidStateError', 'get', 'PasskeyRetrievalFailed'],
    ['SecurityError', 'get', 'RelyingPartyMismatch'],
    ['SecurityError', 'create', 'RelyingPartyMismatch'],
    ['AbortError', 'get', 'PasskeyOperationAborted'],
    ['NotSupportedError', 'create', 'PasskeyRegistrationFailed'],
    ['UnknownError', 'get', 'PasskeyRetrievalFailed'],
    ['TypeError', 'create', 'PasskeyRegistrationFailed'],
  ])('%s on %s → %s', (from, ceremony, to) => {
    const e = pk.passkeyError(dom(from), ceremony);
    expect(e.name).toBe(to);
    expect(e.message).toContain(`${from} happened`);
  });

  it('keeps a name that already is a passkey error; messages for empty errors', () => {
    expect(pk.passkeyError({ name: 'PasskeyNotSupported', message: 'no' }, 'get')).toEqual({ name: 'PasskeyNotSupported', message: 'no' });
    expect(pk.passkeyError(undefined, 'get').name).toBe('PasskeyRetrievalFailed');
    expect(pk.passkeyError(new TypeError('x'), 'get').name).toBe('PasskeyRetrievalFailed');
    expect(pk.passkeyError('weird', 'create')).toMatchObject({ name: 'PasskeyRegistrationFailed', message: 'weird' });
  });

  it('runCeremony never rejects; in Node without an override it is PasskeyNotSupported', async () => {
    expect(isPasskeySupported()).toBe(false);
    await expect(pk.runCeremony('get', REQUEST_JSON, undefined)).resolves.toMatchObject({ error: { name: 'PasskeyNotSupported' } });
    await expect(pk.runCeremony('create', CREATION_JSON, { create: () => null })).resolves.toMatchObject({ error: { name: 'PasskeyRegistrationFailed' } });
    await expect(pk.runCeremony('get', REQUEST_JSON, { get: () => Promise.reject(dom('NotAllowedError')) })).resolves.toMatchObject({
      error: { name: 'PasskeyAuthenticationCanceled' },
    });
    // An override may return the PublicKeyCredential itself: it is serialized.
    const out = await pk.runCeremony('create', CREATION_JSON, { create: async () => fakeCredential('create') });
    expect(out.credential.response.attestationObject).toBe(b64url([0xa3, 1, 2]));
  });

  it('navigator.credentials when it is there: JSON in, JSON out; a null credential is a failure', async () => {
    const get = vi.fn(async () => fakeCredential('get'));
    vi.stubGlobal('window', globalThis);
    vi.stubGlobal('isSecureContext', true);
    vi.stubGlobal('PublicKeyCredential', function PublicKeyCredential() {});
    vi.stubGlobal('navigator', { credentials: { get, create: async () => null } });
    expect(pk.isPasskeySupported()).toBe(true);
    const out = await pk.runCeremony('get', REQUEST_JSON, undefined);
    expect(bytes(get.mock.calls[0][0].publicKey.challenge)).toEqual([1, 2, 3, 4, 250, 251]);
    expect(out.credential.response.signature).toBe(b64url([0x30, 0x44]));
    await expect(pk.runCeremony('create', CREATION_JSON, undefined)).resolves.toMatchObject({ error: { name: 'PasskeyRegistrationFailed' } });
    vi.stubGlobal('isSecureContext', false);
    expect(pk.isPasskeySupported()).toBe(false);
  });
});

// ------------------------------------------------------------------ through createAuth

const POOL_ID = 'us-east-1_PasskeyPool';
const CLIENT_ID = 'passkeyclient1';
const CRED = { id: 'Y3JlZA', rawId: 'Y3JlZA', type: 'public-key', response: { clientDataJSON: 'e30', authenticatorData: 'YXV0aA', signature: 'c2ln' }, clientExtensionResults: {} };

function passkeyCognito() {
  const cognito = createFakeCognito({ clientId: CLIENT_ID, poolId: POOL_ID });
  const passkeys = [];
  const fetch = async (url, init) => {
    const target = new Headers(init.headers).get('x-amz-target') ?? '';
    const op = target.slice(target.indexOf('.') + 1);
    const body = JSON.parse(init.body);
    const record = () => cognito.calls.push({ op, body });
    switch (op) {
      case 'InitiateAuth':
        if (body.AuthFlow !== 'USER_AUTH') break;
        record();
        return json(200, {
          ChallengeName: 'WEB_AUTHN',
          Session: 'session-1',
          ChallengeParameters: { USERNAME: 'alice', CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(REQUEST_JSON) },
        });
      case 'RespondToAuthChallenge':
        if (body.ChallengeName !== 'WEB_AUTHN') break;
        record();
        return json(200, { AuthenticationResult: cognito.tokensFor('alice'), ChallengeParameters: {} });
      case 'StartWebAuthnRegistration':
        record();
        return json(200, { CredentialCreationOptions: CREATION_JSON });
      case 'CompleteWebAuthnRegistration':
        record();
        passkeys.push(body.Credential);
        return json(200, {});
      case 'ListWebAuthnCredentials': {
        record();
        const all = passkeys.map((c, i) => ({
          CredentialId: c.id,
          FriendlyCredentialName: `Key ${i + 1}`,
          RelyingPartyId: 'example.com',
          AuthenticatorAttachment: 'platform',
          AuthenticatorTransports: ['internal'],
          CreatedAt: 1772528707.25 + i,
        }));
        const start = body.NextToken ? Number(body.NextToken) : 0;
        const size = body.MaxResults ?? 2;
        const page = all.slice(start, start + size);
        return json(200, { Credentials: page, ...(start + size < all.length ? { NextToken: String(start + size) } : {}) });
      }
      case 'DeleteWebAuthnCredential':
        record();
        if (!passkeys.some((c) => c.id === body.CredentialId)) return serviceError('ResourceNotFoundException', 'no such credential');
        passkeys.splice(passkeys.findIndex((c) => c.id === body.CredentialId), 1);
        return json(200, {});
      default:
        break;
    }
    return cognito.fetch(url, init);
  };
  return { fetch, cognito, passkeys };
}

describe('passkeys through createAuth (host.webauthn)', () => {
  it('sign-in with preferredChallenge WEB_AUTHN hands Cognito options to get() and sends back the credential', async () => {
    const c = passkeyCognito();
    const get = vi.fn(async () => CRED);
    const auth = await createAuth({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, endpoint: 'https://cognito.test.invalid/' }, { storage: createMemoryStorage(), fetch: c.fetch, webauthn: { get } });
    const out = await auth.signIn({ username: 'alice', options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } });
    expect(out).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect(get).toHaveBeenCalledWith(REQUEST_JSON, { signal: expect.any(AbortSignal) });
    expect(get.mock.calls[0][1].signal.aborted).toBe(false);
    const respond = c.cognito.calls.find((x) => x.op === 'RespondToAuthChallenge');
    expect(respond.body.ChallengeResponses.USERNAME).toBe('alice');
    expect(JSON.parse(respond.body.ChallengeResponses.CREDENTIAL)).toEqual(CRED);
    expect(respond.body.Session).toBe('session-1');
  });

  it("a cancelled ceremony rejects with Amplify's name and recovery suggestion; no answer is sent", async () => {
    const c = passkeyCognito();
    const auth = await createAuth(
      { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, endpoint: 'https://cognito.test.invalid/' },
      { storage: createMemoryStorage(), fetch: c.fetch, webauthn: { get: () => Promise.reject(new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError')) } },
    );
    const error = await auth.signIn({ username: 'alice', options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } }).catch((e) => e);
    expect(error.name).toBe('PasskeyAuthenticationCanceled');
    expect(error.message).toContain('not allowed');
    expect(error.recoverySuggestion).toMatch(/dismissed|timed out/);
    expect(c.cognito.calls.map((x) => x.op)).toEqual(['InitiateAuth']);
    expect(auth.getSnapshot()).toMatchObject({ authStatus: 'unauthenticated', isPending: false });
  });

  it('a passkey sign-in replaced by another aborts the first ceremony (its signal), and only the second answers Cognito', async () => {
    const c = passkeyCognito();
    /** @type {AbortSignal[]} */
    const signals = [];
    const get = vi.fn((_options, { signal }) => {
      signals.push(signal);
      // The first ceremony waits for the user (a dialog nobody answers) until aborted; it
      // ignores the signal on purpose: runCeremony must end it anyway.
      return signals.length === 1 ? new Promise(() => {}) : Promise.resolve(CRED);
    });
    const auth = await createAuth({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, endpoint: 'https://cognito.test.invalid/' }, { storage: createMemoryStorage(), fetch: c.fetch, webauthn: { get } });
    const input = { username: 'alice', options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } };
    const first = auth.signIn(input).catch((e) => e);
    await vi.waitFor(() => expect(get).toHaveBeenCalledTimes(1));
    expect(signals[0].aborted).toBe(false);
    const second = await auth.signIn(input);
    expect(second).toMatchObject({ isSignedIn: true });
    expect(signals[0].aborted).toBe(true);
    expect(signals[1].aborted).toBe(false);
    expect((await first).name).toBe('UnexpectedSignInInterruptionException');
    expect(c.cognito.calls.map((x) => x.op)).toEqual(['InitiateAuth', 'InitiateAuth', 'RespondToAuthChallenge']);
  });

  it('signing out during a registration aborts the browser ceremony; associateWebAuthnCredential rejects with PasskeyOperationAborted', async () => {
    const c = passkeyCognito();
    const create = vi.fn();
    vi.stubGlobal('window', globalThis);
    vi.stubGlobal('isSecureContext', true);
    vi.stubGlobal('PublicKeyCredential', function PublicKeyCredential() {});
    // The browser's create(): rejects with an AbortError when its signal aborts.
    const browserCreate = vi.fn((init) => new Promise((_, reject) => {
      init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    }));
    vi.stubGlobal('navigator', { credentials: { get: create, create: browserCreate } });
    const auth = await createAuth({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, endpoint: 'https://cognito.test.invalid/' }, { storage: createMemoryStorage(), fetch: c.fetch, webauthn: { get: async () => CRED } });
    await auth.signIn({ username: 'alice', options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } });
    const pending = auth.associateWebAuthnCredential().catch((e) => e);
    await vi.waitFor(() => expect(browserCreate).toHaveBeenCalledTimes(1));
    await auth.signOut();
    const error = await pending;
    expect(error.name).toBe('PasskeyOperationAborted');
    expect(browserCreate.mock.calls[0][0].signal.aborted).toBe(true);
    expect(c.cognito.calls.map((x) => x.op)).not.toContain('CompleteWebAuthnRegistration');
  });

  it('without a browser or an override: PasskeyNotSupported', async () => {
    const c = passkeyCognito();
    const auth = await createAuth({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, endpoint: 'https://cognito.test.invalid/' }, { storage: createMemoryStorage(), fetch: c.fetch });
    await expect(auth.signIn({ username: 'alice', options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } })).rejects.toMatchObject({
      name: 'PasskeyNotSupported',
      recoverySuggestion: expect.stringContaining('secure context'),
    });
    expect(auth.isPasskeySupported()).toBe(false);
  });

  it('associate (create → CompleteWebAuthnRegistration), list (all pages, Dates; one page), delete', async () => {
    const c = passkeyCognito();
    let n = 0;
    const create = vi.fn(async () => {
      n += 1;
      const cred = fakeCredential('create');
      cred.id = `cred-${n}`;
      return cred; // the PublicKeyCredential itself: serialized by the driver
    });
    const auth = await createAuth({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, endpoint: 'https://cognito.test.invalid/' }, { storage: createMemoryStorage(), fetch: c.fetch, webauthn: { create } });
    await expect(auth.associateWebAuthnCredential()).rejects.toMatchObject({ name: 'UserUnAuthenticatedException' });
    await auth.signIn({ username: 'alice', password: 'Correct-Horse-1', options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    for (let i = 0; i < 3; i++) await expect(auth.associateWebAuthnCredential()).resolves.toBeUndefined();
    expect(create).toHaveBeenCalledWith(CREATION_JSON, { signal: expect.any(AbortSignal) });
    const start = c.cognito.calls.find((x) => x.op === 'StartWebAuthnRegistration');
    expect(Object.keys(start.body)).toEqual(['AccessToken']);
    const complete = c.cognito.calls.find((x) => x.op === 'CompleteWebAuthnRegistration');
    expect(complete.body.Credential).toMatchObject({ id: 'cred-1', type: 'public-key', response: { attestationObject: b64url([0xa3, 1, 2]), transports: ['internal'] } });

    const all = await auth.listWebAuthnCredentials();
    expect(all.nextToken).toBeUndefined();
    expect(all.credentials.map((x) => x.credentialId)).toEqual(['cred-1', 'cred-2', 'cred-3']);
    expect(all.credentials[0]).toEqual({
      credentialId: 'cred-1',
      friendlyCredentialName: 'Key 1',
      relyingPartyId: 'example.com',
      authenticatorAttachment: 'platform',
      authenticatorTransports: ['internal'],
      createdAt: new Date(1772528707250),
    });
    expect(all.credentials[0].createdAt).toBeInstanceOf(Date);
    const page = await auth.listWebAuthnCredentials({ pageSize: 2 });
    expect(page.credentials).toHaveLength(2);
    expect(page.nextToken).toBe('2');
    const rest = await auth.listWebAuthnCredentials({ pageSize: 2, nextToken: page.nextToken });
    expect(rest.credentials.map((x) => x.credentialId)).toEqual(['cred-3']);
    expect(rest).not.toHaveProperty('nextToken');

    await expect(auth.deleteWebAuthnCredential({ credentialId: 'cred-2' })).resolves.toBeUndefined();
    expect(c.cognito.calls.at(-1).body).toMatchObject({ CredentialId: 'cred-2' });
    expect((await auth.listWebAuthnCredentials()).credentials.map((x) => x.credentialId)).toEqual(['cred-1', 'cred-3']);
    await expect(auth.deleteWebAuthnCredential({ credentialId: 'nope' })).rejects.toMatchObject({ name: 'ResourceNotFoundException' });

    // A failed ceremony: nothing is sent to Cognito.
    create.mockImplementationOnce(async () => {
      throw new DOMException('excluded', 'InvalidStateError');
    });
    const before = c.cognito.calls.filter((x) => x.op === 'CompleteWebAuthnRegistration').length;
    await expect(auth.associateWebAuthnCredential()).rejects.toMatchObject({ name: 'PasskeyAlreadyExists' });
    expect(c.cognito.calls.filter((x) => x.op === 'CompleteWebAuthnRegistration')).toHaveLength(before);
  });
});
