// Passkeys in real headless Chromium (playwright-core, Debian chromium) with the DevTools
// protocol's virtual authenticator (ctap2, internal, resident keys, user verification): the
// built package served from 127.0.0.1 (opened as http://localhost, a secure context and a
// valid relying party id), Cognito's user pool API answered from this file through
// context.route(). The scripted Cognito is a real WebAuthn relying party: it checks
// clientDataJSON (type, challenge, origin), the authenticator data (rpIdHash, user present
// and verified flags, counter) and the ES256 signature over authenticatorData ‖
// SHA-256(clientDataJSON) with the public key from the attestation, and refuses a
// tampered assertion. Covered: associateWebAuthnCredential (a real attestation with the
// fields Cognito expects), sign-in with preferredChallenge WEB_AUTHN and through
// SELECT_CHALLENGE, list/delete, PasskeyAlreadyExists (excludeCredentials), the
// JSON ⇄ buffer fallbacks (no parse*FromJSON, no toJSON), RelyingPartyMismatch,
// cancellations (user not verified, authenticator removed, no user presence) and
// PasskeyNotSupported.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createHash, createPublicKey, verify as verifySignature, randomBytes } from 'node:crypto';
import { importBuilt, pkgDir } from './support/built-package.mjs';
import { createFakeCognito, json, serviceError } from './support/fake-cognito.mjs';
import { startStaticServer } from './support/static-server.mjs';
import { launchChromium, pageLog } from './support/chromium.mjs';

await importBuilt('index.js'); // fails early with a clear message when the package is not built

const POOL_ID = 'us-east-1_PasskeyPool1';
const CLIENT_ID = 'passkeyclient123';
const ENDPOINT = 'https://cognito.test/';
const RP_ID = 'localhost';
const PASSWORD = 'Correct-Horse-1';

const sha256 = (data) => createHash('sha256').update(data).digest();
const fromB64url = (s) => Buffer.from(s, 'base64url');

// ------------------------------------------------------------------ a little CBOR

/** Decodes one CBOR item at `pos`: [value, next]. Maps become Map (COSE keys are ints). */
function cbor(buf, pos = 0) {
  const first = buf[pos++];
  const major = first >> 5;
  const info = first & 31;
  let n = info;
  if (info === 24) n = buf[pos++];
  else if (info === 25) (n = buf.readUInt16BE(pos)), (pos += 2);
  else if (info === 26) (n = buf.readUInt32BE(pos)), (pos += 4);
  else if (info === 27) (n = Number(buf.readBigUInt64BE(pos))), (pos += 8);
  else if (info > 27) throw new Error(`CBOR: indefinite lengths are not used by authenticators (info ${info})`);
  switch (major) {
    case 0:
      return [n, pos];
    case 1:
      return [-1 - n, pos];
    case 2:
      return [buf.subarray(pos, pos + n), pos + n];
    case 3:
      return [buf.subarray(pos, pos + n).toString('utf8'), pos + n];
    case 4: {
      const out = [];
      for (let i = 0; i < n; i++) {
        let v;
        [v, pos] = cbor(buf, pos);
        out.push(v);
      }
      return [out, pos];
    }
    case 5: {
      const out = new Map();
      for (let i = 0; i < n; i++) {
        let k;
        let v;
        [k, pos] = cbor(buf, pos);
        [v, pos] = cbor(buf, pos);
        out.set(k, v);
      }
      return [out, pos];
    }
    case 7:
      return [{ 20: false, 21: true, 22: null }[info], pos];
    default:
      throw new Error(`CBOR: major type ${major} not expected`);
  }
}

/** Authenticator data: rpIdHash, flags, counter, and the attested credential when present. */
function parseAuthData(data) {
  const out = { rpIdHash: data.subarray(0, 32), flags: data[32], signCount: data.readUInt32BE(33) };
  out.up = !!(out.flags & 0x01);
  out.uv = !!(out.flags & 0x04);
  out.at = !!(out.flags & 0x40);
  if (out.at) {
    const len = data.readUInt16BE(53);
    out.credentialId = data.subarray(55, 55 + len);
    const [cose] = cbor(data, 55 + len);
    out.cose = cose;
  }
  return out;
}

// ------------------------------------------------------------------ the relying party (Cognito)

/**
 * The user pool API for passkeys, on top of the shared scripted Cognito (passwords, tokens,
 * RevokeToken, …). `opts.rpId` overrides the relying party id it asks for.
 */
function createRelyingParty(origin) {
  const cognito = createFakeCognito({ clientId: CLIENT_ID, poolId: POOL_ID });
  const users = { alice: cognito.subs.alice };
  const credentials = []; // { id, username, jwk, signCount, userHandle, createdAt, transports, attachment }
  const sessions = new Map(); // Session -> { username, challenge }
  const rp = { settings: { rpId: RP_ID, timeout: 60000, tamper: undefined }, registrations: [], assertions: [], refused: [], calls: [] };
  let pendingRegistration; // { username, challenge }

  const challenge = () => randomBytes(32).toString('base64url');
  const userId = (username) => Buffer.from(users[username]).toString('base64url');
  const userOf = (body) => cognito.state.accessTokens.get(body.AccessToken);
  const requestOptions = (username) => ({
    challenge: challenge(),
    rpId: rp.settings.rpId,
    timeout: rp.settings.timeout,
    userVerification: 'required',
    allowCredentials: credentials.filter((c) => c.username === username).map((c) => ({ type: 'public-key', id: c.id, transports: c.transports })),
  });
  const webAuthnChallenge = (username) => {
    const options = requestOptions(username);
    const session = `session-${randomBytes(6).toString('hex')}`;
    sessions.set(session, { username, challenge: options.challenge });
    return json(200, {
      ChallengeName: 'WEB_AUTHN',
      Session: session,
      ChallengeParameters: { USERNAME: username, CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options) },
    });
  };

  function verifyRegistration(credential, expected) {
    const problems = [];
    const check = (ok, what) => ok || problems.push(what);
    check(credential && typeof credential === 'object', 'credential object');
    const r = credential.response ?? {};
    for (const k of ['id', 'rawId']) check(typeof credential[k] === 'string' && /^[A-Za-z0-9_-]+$/.test(credential[k]), `${k} base64url`);
    check(credential.type === 'public-key', 'type public-key');
    check(typeof r.clientDataJSON === 'string' && typeof r.attestationObject === 'string', 'clientDataJSON + attestationObject');
    check(Array.isArray(r.transports), 'response.transports');
    check(credential.clientExtensionResults && typeof credential.clientExtensionResults === 'object', 'clientExtensionResults');
    if (problems.length) return { problems };
    const clientData = JSON.parse(fromB64url(r.clientDataJSON).toString('utf8'));
    check(clientData.type === 'webauthn.create', 'clientData.type webauthn.create');
    check(clientData.challenge === expected.challenge, 'clientData.challenge');
    check(clientData.origin === origin, 'clientData.origin');
    check(clientData.crossOrigin !== true, 'not cross-origin');
    const [att] = cbor(fromB64url(r.attestationObject));
    const authDataBytes = att.get('authData');
    const auth = parseAuthData(authDataBytes);
    check(auth.rpIdHash.equals(sha256(rp.settings.rpId)), 'rpIdHash');
    check(auth.up && auth.uv && auth.at, 'flags UP, UV, AT');
    check(auth.credentialId && auth.credentialId.toString('base64url') === credential.rawId && credential.rawId === credential.id, 'credential id');
    const cose = auth.cose;
    check(cose && cose.get(1) === 2 && cose.get(3) === -7 && cose.get(-1) === 1, 'COSE EC2 P-256 ES256');
    if (problems.length) return { problems };
    const jwk = { kty: 'EC', crv: 'P-256', x: cose.get(-2).toString('base64url'), y: cose.get(-3).toString('base64url') };
    if (r.authenticatorData !== undefined) check(fromB64url(r.authenticatorData).equals(authDataBytes), 'response.authenticatorData = attested authData');
    if (r.publicKeyAlgorithm !== undefined) check(r.publicKeyAlgorithm === -7, 'publicKeyAlgorithm -7');
    if (r.publicKey !== undefined) {
      const spki = createPublicKey({ key: fromB64url(r.publicKey), format: 'der', type: 'spki' }).export({ format: 'jwk' });
      check(spki.x === jwk.x && spki.y === jwk.y, 'response.publicKey = attested key');
    }
    if (att.get('fmt') === 'packed') {
      const stmt = att.get('attStmt');
      const data = Buffer.concat([authDataBytes, sha256(fromB64url(r.clientDataJSON))]);
      if (!stmt.get('x5c')) check(verifySignature('sha256', data, createPublicKey({ key: jwk, format: 'jwk' }), stmt.get('sig')), 'packed self-attestation');
    } else {
      check(att.get('fmt') === 'none', `attestation format ${att.get('fmt')}`);
    }
    return { problems, jwk, signCount: auth.signCount, fmt: att.get('fmt'), clientData };
  }

  function verifyAssertion(credential, session) {
    const problems = [];
    const check = (ok, what) => ok || problems.push(what);
    const stored = credentials.find((c) => c.id === credential.id && c.username === session.username);
    if (!stored) return { problems: ['unknown credential'] };
    const r = credential.response ?? {};
    let clientDataBytes = fromB64url(r.clientDataJSON ?? '');
    let signature = fromB64url(r.signature ?? '');
    if (rp.settings.tamper === 'signature') signature = Buffer.from(signature.map((b, i) => (i === signature.length - 1 ? b ^ 1 : b)));
    if (rp.settings.tamper === 'clientData') {
      const cd = JSON.parse(clientDataBytes.toString('utf8'));
      clientDataBytes = Buffer.from(JSON.stringify({ ...cd, origin: 'https://evil.example' }));
    }
    const clientData = JSON.parse(clientDataBytes.toString('utf8'));
    check(clientData.type === 'webauthn.get', 'clientData.type webauthn.get');
    check(clientData.challenge === session.challenge, 'clientData.challenge');
    check(clientData.origin === origin, 'clientData.origin');
    const authData = fromB64url(r.authenticatorData ?? '');
    const auth = parseAuthData(authData);
    check(auth.rpIdHash.equals(sha256(rp.settings.rpId)), 'rpIdHash');
    check(auth.up && auth.uv, 'flags UP, UV');
    check(auth.signCount === 0 || auth.signCount > stored.signCount, 'counter increases');
    if (r.userHandle !== undefined) check(r.userHandle === stored.userHandle, 'userHandle');
    const key = createPublicKey({ key: stored.jwk, format: 'jwk' });
    check(verifySignature('sha256', Buffer.concat([authData, sha256(clientDataBytes)]), key, signature), 'ES256 signature over authenticatorData ‖ SHA-256(clientDataJSON)');
    if (problems.length === 0) stored.signCount = auth.signCount;
    return { problems, signCount: auth.signCount };
  }

  async function handle(target, body) {
    const op = target.slice(target.indexOf('.') + 1);
    rp.calls.push(op);
    switch (op) {
      case 'InitiateAuth': {
        if (body.AuthFlow !== 'USER_AUTH') return undefined;
        const username = body.AuthParameters?.USERNAME;
        if (!(username in users)) return serviceError('UserNotFoundException', 'User does not exist.');
        if (body.AuthParameters.PREFERRED_CHALLENGE === 'WEB_AUTHN') return webAuthnChallenge(username);
        const session = `select-${randomBytes(6).toString('hex')}`;
        sessions.set(session, { username });
        return json(200, { ChallengeName: 'SELECT_CHALLENGE', Session: session, AvailableChallenges: ['WEB_AUTHN', 'PASSWORD'], ChallengeParameters: {} });
      }
      case 'RespondToAuthChallenge': {
        const session = sessions.get(body.Session);
        if (!session) return undefined;
        sessions.delete(body.Session);
        if (body.ChallengeName === 'SELECT_CHALLENGE' && body.ChallengeResponses?.ANSWER === 'WEB_AUTHN') return webAuthnChallenge(session.username);
        if (body.ChallengeName !== 'WEB_AUTHN') return serviceError('InvalidParameterException', `unexpected ${body.ChallengeName}`);
        const credential = JSON.parse(body.ChallengeResponses?.CREDENTIAL ?? 'null');
        const result = verifyAssertion(credential, session);
        if (result.problems.length) {
          rp.refused.push(result.problems);
          return serviceError('NotAuthorizedException', `Invalid passkey: ${result.problems.join(', ')}`);
        }
        rp.assertions.push({ id: credential.id, signCount: result.signCount, credential });
        return json(200, { AuthenticationResult: cognito.tokensFor(session.username), ChallengeParameters: {} });
      }
      case 'StartWebAuthnRegistration': {
        const username = userOf(body);
        if (!username) return serviceError('NotAuthorizedException', 'Invalid Access Token');
        pendingRegistration = { username, challenge: challenge() };
        return json(200, {
          CredentialCreationOptions: {
            challenge: pendingRegistration.challenge,
            rp: { id: rp.settings.rpId, name: 'Passkey test' },
            user: { id: userId(username), name: username, displayName: username },
            pubKeyCredParams: [{ type: 'public-key', alg: -7 }, { type: 'public-key', alg: -257 }],
            timeout: rp.settings.timeout,
            excludeCredentials: credentials.filter((c) => c.username === username).map((c) => ({ type: 'public-key', id: c.id })),
            authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
          },
        });
      }
      case 'CompleteWebAuthnRegistration': {
        const username = userOf(body);
        if (!username || !pendingRegistration || pendingRegistration.username !== username) return serviceError('NotAuthorizedException', 'no registration');
        const result = verifyRegistration(body.Credential, pendingRegistration);
        pendingRegistration = undefined;
        if (result.problems.length) {
          rp.refused.push(result.problems);
          return serviceError('WebAuthnCredentialNotSupportedException', result.problems.join(', '));
        }
        credentials.push({
          id: body.Credential.id,
          username,
          jwk: result.jwk,
          signCount: result.signCount,
          userHandle: userId(username),
          createdAt: Date.now() / 1000,
          transports: body.Credential.response.transports,
          attachment: body.Credential.authenticatorAttachment,
        });
        rp.registrations.push({ credential: body.Credential, fmt: result.fmt, clientData: result.clientData });
        return json(200, {});
      }
      case 'ListWebAuthnCredentials': {
        const username = userOf(body);
        if (!username) return serviceError('NotAuthorizedException', 'Invalid Access Token');
        const mine = credentials.filter((c) => c.username === username);
        const start = body.NextToken ? Number(body.NextToken) : 0;
        const size = body.MaxResults ?? 20;
        return json(200, {
          Credentials: mine.slice(start, start + size).map((c, i) => ({
            CredentialId: c.id,
            FriendlyCredentialName: `Passkey ${start + i + 1}`,
            RelyingPartyId: RP_ID,
            AuthenticatorAttachment: c.attachment,
            AuthenticatorTransports: c.transports,
            CreatedAt: c.createdAt,
          })),
          ...(start + size < mine.length ? { NextToken: String(start + size) } : {}),
        });
      }
      case 'DeleteWebAuthnCredential': {
        const username = userOf(body);
        const i = credentials.findIndex((c) => c.id === body.CredentialId && c.username === username);
        if (i < 0) return serviceError('ResourceNotFoundException', 'Credential not found');
        credentials.splice(i, 1);
        return json(200, {});
      }
      default:
        return undefined;
    }
  }

  const CORS = {
    'access-control-allow-origin': '*',
    'access-control-allow-headers': 'content-type, x-amz-target, x-amz-user-agent, cache-control',
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-expose-headers': 'x-amzn-errortype, x-amzn-requestid',
  };
  /** A context.route handler for the endpoint. */
  const route = async (route) => {
    const req = route.request();
    if (req.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: CORS });
    const headers = req.headers();
    const bodyText = req.postData() ?? '{}';
    const target = headers['x-amz-target'] ?? '';
    let res = await handle(target, JSON.parse(bodyText));
    if (!res) res = await cognito.fetch(req.url(), { method: req.method(), headers, body: bodyText });
    const out = {};
    res.headers.forEach((v, k) => (out[k] = v));
    return route.fulfill({ status: res.status, headers: { ...out, ...CORS }, body: await res.text() });
  };
  return { rp, credentials, cognito, route };
}

// ------------------------------------------------------------------ the page

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>passkeys</title>
<script type="module">
  import { createAuth, isPasskeySupported } from '/pkg/index.js';
  window.isPasskeySupported = isPasskeySupported;
  window.ready = (async () => {
    window.auth = await createAuth(${JSON.stringify({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, endpoint: ENDPOINT })});
    return window.auth.getSnapshot().authStatus;
  })();
  // Calls auth[name](...args); resolves { ok } or { error: { name, message, recoverySuggestion } }.
  window.run = async (name, ...args) => {
    try {
      const out = await window.auth[name](...args);
      return { ok: out === undefined ? null : JSON.parse(JSON.stringify(out)) };
    } catch (e) {
      return { error: { name: e.name, message: e.message, recoverySuggestion: e.recoverySuggestion } };
    }
  };
</script>`;

let server;
let browser;

beforeAll(async () => {
  server = await startStaticServer({ '/pkg/': pkgDir }, { pages: { '/passkeys.html': PAGE } });
  browser = await launchChromium();
}, 30000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** http://localhost:<port>: the relying party id `localhost` is valid there (127.0.0.1 would not be). */
const originOf = () => server.url.replace('127.0.0.1', 'localhost');

/** A fresh context and page with a scripted relying party and (optionally) a virtual authenticator. */
async function open({ authenticator = {}, initScript } = {}) {
  const context = await browser.newContext();
  const relying = createRelyingParty(originOf());
  await context.route(`${ENDPOINT}**`, relying.route);
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  const log = pageLog(page);
  await page.goto(`${originOf()}/passkeys.html`);
  expect(await page.evaluate(() => window.ready)).toBe('unauthenticated');
  let cdp;
  let authenticatorId;
  if (authenticator) {
    cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    ({ authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, ...authenticator },
    }));
  }
  const run = (name, ...args) => page.evaluate(([n, a]) => window.run(n, ...a), [name, args]);
  const signInWithPassword = async () => {
    const out = await run('signIn', { username: 'alice', password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    expect(out).toEqual({ ok: { isSignedIn: true, nextStep: { signInStep: 'DONE' } } });
  };
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
  return { context, page, relying, cdp, authenticatorId, run, signInWithPassword, withLogs };
}

const PASSKEY_SIGN_IN = { username: 'alice', options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } };

describe('passkeys in headless Chromium with a virtual authenticator', () => {
  it('registers a real passkey, signs in with it (preferred and selected), lists and deletes it; a tampered assertion is refused', async () => {
    const t = await open();
    await t.withLogs(async () => {
      const { run, relying, cdp, authenticatorId, page } = t;
      expect(await page.evaluate(() => window.isPasskeySupported() && window.auth.isPasskeySupported())).toBe(true);
      await t.signInWithPassword();

      // Registration: navigator.credentials.create → CompleteWebAuthnRegistration, verified.
      expect(await run('associateWebAuthnCredential')).toEqual({ ok: null });
      expect(relying.rp.refused).toEqual([]);
      expect(relying.credentials).toHaveLength(1);
      const reg = relying.rp.registrations[0];
      expect(Object.keys(reg.credential).sort()).toEqual(['authenticatorAttachment', 'clientExtensionResults', 'id', 'rawId', 'response', 'type']);
      expect(Object.keys(reg.credential.response).sort()).toEqual(
        ['attestationObject', 'authenticatorData', 'clientDataJSON', 'publicKey', 'publicKeyAlgorithm', 'transports'],
      );
      expect(reg.credential.authenticatorAttachment).toBe('platform');
      expect(reg.credential.response.transports).toContain('internal');
      expect(reg.clientData).toMatchObject({ type: 'webauthn.create', origin: originOf() });
      // The authenticator holds it: a discoverable credential for localhost and this user.
      const { credentials: held } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      expect(held).toHaveLength(1);
      expect(held[0]).toMatchObject({ rpId: RP_ID, isResidentCredential: true, userHandle: Buffer.from(relying.cognito.subs.alice).toString('base64') });
      expect(Buffer.from(held[0].credentialId, 'base64').toString('base64url')).toBe(reg.credential.id);

      // The same authenticator again: excluded → PasskeyAlreadyExists, nothing registered.
      const again = await run('associateWebAuthnCredential');
      expect(again.error).toMatchObject({ name: 'PasskeyAlreadyExists', recoverySuggestion: expect.any(String) });
      expect(relying.credentials).toHaveLength(1);
      expect(relying.rp.calls.filter((c) => c === 'CompleteWebAuthnRegistration')).toHaveLength(1);

      const list = await page.evaluate(async () => {
        const out = await window.auth.listWebAuthnCredentials();
        return { ...out, dates: out.credentials.map((c) => c.createdAt instanceof Date && !Number.isNaN(c.createdAt.getTime())) };
      });
      expect(list.dates).toEqual([true]);
      expect(list.credentials[0]).toMatchObject({
        credentialId: reg.credential.id,
        friendlyCredentialName: 'Passkey 1',
        relyingPartyId: RP_ID,
        authenticatorAttachment: 'platform',
        authenticatorTransports: reg.credential.response.transports,
      });
      expect(Math.abs(new Date(list.credentials[0].createdAt).getTime() - Date.now())).toBeLessThan(60000);

      // Passwordless sign-in: a real assertion over Cognito's challenge.
      await run('signOut');
      expect(await run('signIn', PASSKEY_SIGN_IN)).toEqual({ ok: { isSignedIn: true, nextStep: { signInStep: 'DONE' } } });
      expect(relying.rp.assertions).toHaveLength(1);
      const first = relying.rp.assertions[0];
      expect(first.id).toBe(reg.credential.id);
      expect(Object.keys(first.credential.response).sort()).toEqual(['authenticatorData', 'clientDataJSON', 'signature', 'userHandle']);
      expect(await page.evaluate(() => window.auth.getSnapshot().user.username)).toBe('alice');

      // Through first-factor selection.
      await run('signOut');
      expect(await run('signIn', { username: 'alice', options: { authFlowType: 'USER_AUTH' } })).toEqual({
        ok: { isSignedIn: false, nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['WEB_AUTHN', 'PASSWORD'] } },
      });
      expect(await run('confirmSignIn', { challengeResponse: 'WEB_AUTHN' })).toEqual({ ok: { isSignedIn: true, nextStep: { signInStep: 'DONE' } } });
      expect(relying.rp.assertions).toHaveLength(2);
      expect(relying.rp.assertions[1].signCount).toBeGreaterThan(first.signCount);

      // Tampered: a flipped signature bit, a changed clientDataJSON. Refused.
      for (const tamper of ['signature', 'clientData']) {
        await run('signOut');
        relying.rp.settings.tamper = tamper;
        const refused = await run('signIn', PASSKEY_SIGN_IN);
        expect(refused.error).toMatchObject({ name: 'NotAuthorizedException' });
        expect(relying.rp.refused.at(-1)).toContain('ES256 signature over authenticatorData ‖ SHA-256(clientDataJSON)');
        expect(await page.evaluate(() => window.auth.getSnapshot().authStatus)).toBe('unauthenticated');
      }
      expect(relying.rp.refused.at(-1)).toContain('clientData.origin');
      relying.rp.settings.tamper = undefined;

      // Delete: gone from the list.
      expect(await run('signIn', PASSKEY_SIGN_IN)).toMatchObject({ ok: { isSignedIn: true } });
      expect(await run('deleteWebAuthnCredential', { credentialId: reg.credential.id })).toEqual({ ok: null });
      expect(await run('listWebAuthnCredentials')).toEqual({ ok: { credentials: [] } });
    });
  }, 45000);

  it('without parse*OptionsFromJSON and toJSON (older browsers) the own conversions make credentials the server verifies', async () => {
    const t = await open({
      initScript: () => {
        delete PublicKeyCredential.parseCreationOptionsFromJSON;
        delete PublicKeyCredential.parseRequestOptionsFromJSON;
        delete PublicKeyCredential.prototype.toJSON;
      },
    });
    await t.withLogs(async () => {
      const { run, relying, page } = t;
      expect(await page.evaluate(() => [typeof PublicKeyCredential.parseRequestOptionsFromJSON, typeof PublicKeyCredential.prototype.toJSON])).toEqual([
        'undefined',
        'undefined',
      ]);
      await t.signInWithPassword();
      expect(await run('associateWebAuthnCredential')).toEqual({ ok: null });
      expect(relying.rp.refused).toEqual([]);
      const reg = relying.rp.registrations[0].credential;
      expect(Object.keys(reg.response).sort()).toEqual(['attestationObject', 'authenticatorData', 'clientDataJSON', 'publicKey', 'publicKeyAlgorithm', 'transports']);
      await run('signOut');
      expect(await run('signIn', PASSKEY_SIGN_IN)).toMatchObject({ ok: { isSignedIn: true } });
      expect(relying.rp.assertions).toHaveLength(1);
      expect(relying.rp.assertions[0].credential.response.userHandle).toBe(Buffer.from(relying.cognito.subs.alice).toString('base64url'));
    });
  }, 30000);

  it("failures carry Amplify's names: RelyingPartyMismatch, cancellations, an authenticator gone", async () => {
    const t = await open();
    await t.withLogs(async () => {
      const { run, relying, cdp, authenticatorId, page } = t;
      await t.signInWithPassword();

      // The pool's relying party is another site.
      relying.rp.settings.rpId = 'other.localhost';
      expect((await run('associateWebAuthnCredential')).error).toMatchObject({ name: 'RelyingPartyMismatch' });
      relying.rp.settings.rpId = RP_ID;
      expect(await run('associateWebAuthnCredential')).toEqual({ ok: null });
      await run('signOut');

      // The user does not verify (dismisses the prompt): NotAllowedError.
      await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
      const canceled = await run('signIn', PASSKEY_SIGN_IN);
      expect(canceled.error).toMatchObject({ name: 'PasskeyAuthenticationCanceled', message: expect.stringContaining('NotAllowedError') });
      expect(await page.evaluate(() => window.auth.getSnapshot())).toMatchObject({ authStatus: 'unauthenticated', isPending: false });
      await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: true });

      // The authenticator is gone (security key unplugged): the ceremony times out.
      await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
      relying.rp.settings.timeout = 1000;
      const gone = await run('signIn', PASSKEY_SIGN_IN);
      expect(gone.error).toMatchObject({ name: 'PasskeyAuthenticationCanceled' });
      // Only the ceremonies' InitiateAuth calls reached Cognito: no credential was answered.
      expect(relying.rp.calls.filter((c) => c === 'RespondToAuthChallenge')).toHaveLength(0);

      // Registration that nobody confirms (no user presence) is PasskeyRegistrationCanceled.
      await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: false },
      });
      await t.signInWithPassword();
      expect((await run('associateWebAuthnCredential')).error).toMatchObject({ name: 'PasskeyRegistrationCanceled' });
    });
  }, 30000);

  it('PasskeyNotSupported where WebAuthn is absent; isPasskeySupported() says so first', async () => {
    const t = await open({ authenticator: null, initScript: () => delete window.PublicKeyCredential });
    await t.withLogs(async () => {
      const { run, relying, page } = t;
      expect(await page.evaluate(() => [window.isPasskeySupported(), window.auth.isPasskeySupported()])).toEqual([false, false]);
      expect((await run('signIn', PASSKEY_SIGN_IN)).error).toMatchObject({
        name: 'PasskeyNotSupported',
        recoverySuggestion: expect.stringContaining('secure context'),
      });
      await t.signInWithPassword();
      expect((await run('associateWebAuthnCredential')).error).toMatchObject({ name: 'PasskeyNotSupported' });
      expect(relying.rp.calls).not.toContain('CompleteWebAuthnRegistration');
    });
  }, 30000);
});
