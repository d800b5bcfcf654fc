// Differential test (issue 21): the JS reader of the stored session (js/stored-session.js,
// what answers a returning user before the wasm has loaded) against the wasm machine
// (driven through createAuth, BUILT package). Both get the same stored session at the same
// `now`; their getCurrentUser/fetchAuthSession answers (or errors) must be identical, and
// where the reader says "ask the machine" the machine must indeed need a request.
//
// Fixtures: sessions the machine itself stored after sign-ins through the fake Cognito
// (tests/js/support/fake-cognito.mjs: with and without a refresh token, with long id
// claims, after a refresh), and generated ones: Amplify v6 and amazon-cognito-identity-js
// layouts, clock drift of both signs, tokens just inside and just outside the 5 s
// tolerance, missing id or refresh token, corrupt JWTs, whitespace around LastAuthUser,
// non-JSON signInDetails, odd clockDrift texts, identity pools with and without guests.
// Expected values come from the machine (src/session, src/machine), not from the reader.
import { describe, it, expect } from 'vitest';
import { importBuilt } from './support/built-package.mjs';
import { createFakeCognito } from './support/fake-cognito.mjs';

const { createAuth, createMemoryStorage } = await importBuilt('index.js');
const { readStoredSession } = await importBuilt('stored-session.js');
const { toSession } = await importBuilt('results.js');

const POOL_ID = 'us-east-1_DiffPool1';
const CLIENT_ID = 'diffclient1';
const IDENTITY_POOL = 'us-east-1:11111111-2222-3333-4444-555555555555';
const PREFIX = `CognitoIdentityServiceProvider.${CLIENT_ID}`;
const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);
const NOW_S = Math.floor(NOW / 1000);

const b64url = (s) => Buffer.from(s).toString('base64url');
const jwt = (claims) => `${b64url('{"alg":"RS256"}')}.${b64url(JSON.stringify(claims))}.c2ln`;
const SUB = 'aaaaaaaa-1111-4222-8333-944455556666';
const access = (extra = {}) => jwt({ sub: SUB, iat: NOW_S - 60, exp: NOW_S + 3600, username: 'alice', origin_jti: 'o1', ...extra });
const idTok = (extra = {}) => jwt({ sub: SUB, iat: NOW_S - 60, exp: NOW_S + 3600, 'cognito:username': 'alice', iss: `https://cognito-idp.us-east-1.amazonaws.com/${POOL_ID}`, ...extra });

/** A stored session: user keys by short name; `last` is LastAuthUser (undefined: absent). */
function stored({ last = 'alice', user = 'alice', keys = {}, extra = {} }) {
  const out = { ...extra };
  if (last !== undefined) out[`${PREFIX}.LastAuthUser`] = last;
  for (const [name, value] of Object.entries(keys)) if (value !== undefined) out[`${PREFIX}.${user}.${name}`] = value;
  return out;
}
const v6 = (keys) => ({ accessToken: access(), idToken: idTok(), refreshToken: 'r1', clockDrift: '0', signInDetails: '{"loginId":"alice","authFlowType":"USER_SRP_AUTH"}', ...keys });
const idjs = (keys) => ({ accessToken: access(), idToken: idTok(), refreshToken: 'r1', clockDrift: '0', ...keys });

/** Tokens whose window ends `offsetMs` from NOW under drift `driftMs` (exp in seconds). */
function edge(driftMs, offsetMs) {
  // valid iff now + drift + 5000 <= exp * 1000
  const expMs = NOW + driftMs + 5000 + offsetMs;
  return { exp: expMs / 1000 };
}

function generated() {
  const cases = [];
  const add = (name, values, config = {}) => cases.push({ name, values, config });
  add('v6 session', stored({ keys: v6() }));
  add('identity-js session', stored({ keys: idjs() }));
  add('nobody signed in', {});
  add('whitespace LastAuthUser', stored({ last: '  alice \n', keys: v6() }));
  add('blank LastAuthUser', stored({ last: '   ', keys: v6() }));
  add('LastAuthUser of a user without tokens', stored({ last: 'bob', keys: v6() }));
  add('missing id token', stored({ keys: v6({ idToken: undefined }) }));
  add('empty id token', stored({ keys: v6({ idToken: '' }) }));
  add('missing refresh token', stored({ keys: v6({ refreshToken: undefined }) }));
  add('missing access token', stored({ keys: v6({ accessToken: undefined }) }));
  add('non-JSON signInDetails', stored({ keys: v6({ signInDetails: 'not json' }) }));
  add('signInDetails with a number loginId', stored({ keys: v6({ signInDetails: '{"loginId":7}' }) }));
  add('signInDetails null members', stored({ keys: v6({ signInDetails: '{"loginId":null,"authFlowType":"CUSTOM_WITHOUT_SRP"}' }) }));
  add('signInDetails array', stored({ keys: v6({ signInDetails: '[1]' }) }));
  add('oauthMetadata marks v6', stored({ keys: idjs({ oauthMetadata: '{"oauthSignIn":true}', clockDrift: '-2000' }) }));
  add('id token sub differs', stored({ keys: v6({ idToken: idTok({ sub: 'other' }) }) }));
  add('id token without sub', stored({ keys: v6({ idToken: idTok({ sub: undefined }) }) }));
  add('no sub at all', stored({ keys: v6({ accessToken: access({ sub: undefined }), idToken: idTok({ sub: undefined }) }) }));
  add('saved sign-in step while signed in', stored({ keys: v6(), extra: { [`${PREFIX}.signInState`]: '{}' } }));
  add('saved sign-in step, signed out', { [`${PREFIX}.signInState`]: 'garbage' });
  // Corrupt JWTs.
  const body = b64url(JSON.stringify({ sub: SUB, exp: NOW_S + 3600 }));
  for (const [what, token] of [
    ['two parts', `x.${body}`],
    ['four parts', `x.${body}.y.z`],
    ['bad base64', 'x.@@@.y'],
    ['non-JSON payload', `x.${b64url('not json')}.y`],
    ['array payload', `x.${b64url('[1,2]')}.y`],
    ['string payload', `x.${b64url('"s"')}.y`],
    ['padded payload', `x.${Buffer.from(JSON.stringify({ sub: SUB, exp: NOW_S + 3600 })).toString('base64').replace(/\+/g, '-').replace(/\//g, '_')}.y`],
    ['standard alphabet', `x.${Buffer.from('{"sub":"??>","exp":' + (NOW_S + 3600) + '}').toString('base64')}.y`],
    ['non-canonical trailing bits', `x.${b64url('{"a":1}').slice(0, -1)}${String.fromCharCode(b64url('{"a":1}').slice(-1).charCodeAt(0) + 1)}.y`],
    ['single trailing char', `x.${body}A.y`],
    ['invalid UTF-8', `x.${Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]).toString('base64url')}.y`],
    ['empty payload', 'x..y'],
  ]) {
    add(`corrupt access token: ${what}`, stored({ keys: v6({ accessToken: token }) }));
    add(`corrupt id token: ${what}`, stored({ keys: v6({ idToken: token }) }));
  }
  // Claims.
  add('exp as a string', stored({ keys: v6({ accessToken: access({ exp: String(NOW_S + 3600) }) }) }));
  add('exp as a float', stored({ keys: v6({ accessToken: access({ exp: NOW_S + 3600.75 }) }) }));
  add('no exp', stored({ keys: v6({ accessToken: access({ exp: undefined }) }) }));
  add('id token without exp', stored({ keys: v6({ idToken: idTok({ exp: undefined }) }) }));
  add('id token expires first', stored({ keys: v6({ idToken: idTok({ exp: NOW_S - 10 }) }) }));
  add('huge exp', stored({ keys: v6({ accessToken: access({ exp: 1e300 }), idToken: idTok({ exp: 1e300 }) }) }));
  add('expired', stored({ keys: v6({ accessToken: access({ exp: NOW_S - 3600 }) }) }));
  // The tolerance edge, with drift of both signs, in both layouts.
  for (const driftMs of [0, 90_000, -90_000, 3_600_000, -7_200_000, 1234, -1234]) {
    for (const offset of [0, -1, 1, 999, -999]) {
      const e = edge(driftMs, offset);
      const claims = { exp: e.exp };
      add(`v6 drift ${driftMs} ms, edge ${offset} ms`, stored({ keys: v6({ clockDrift: String(driftMs), accessToken: access(claims), idToken: idTok(claims) }) }));
      if (driftMs % 1000 === 0) {
        // identity-js: seconds, local minus server.
        add(`identity-js drift ${-driftMs / 1000} s, edge ${offset} ms`, stored({ keys: idjs({ clockDrift: String(-driftMs / 1000), accessToken: access(claims), idToken: idTok(claims) }) }));
      }
    }
  }
  for (const text of ['abc', ' 12 ', '\t-5\n', 'Infinity', '-inf', 'NaN', '1e400', '-1e400', '1e300', '-0', '+7', '.5', '5.', '0x10', '', '1_000', '\ufeff3', '1.5e3']) {
    add(`v6 clockDrift ${JSON.stringify(text)}`, stored({ keys: v6({ clockDrift: text }) }));
    add(`identity-js clockDrift ${JSON.stringify(text)}`, stored({ keys: idjs({ clockDrift: text }) }));
  }
  // Identity pools.
  const pool = { identityPoolId: IDENTITY_POOL };
  add('identity pool, signed in', stored({ keys: v6() }), pool);
  add('identity pool, signed in without id token', stored({ keys: v6({ idToken: undefined }) }), pool);
  add('identity pool, signed out, no guests', {}, pool);
  add('identity pool, signed out, guests', {}, { ...pool, allowGuestAccess: true });
  add('identity pool, guests, stored guest id', { [`com.amplify.Cognito.${IDENTITY_POOL}.identityId`]: 'us-east-1:guest' }, { ...pool, allowGuestAccess: true });
  return cases;
}

/** Sessions the machine stored itself after sign-ins through the fake Cognito. */
async function fromSignIns() {
  const cases = [];
  for (const [name, options, signIn] of [
    ['signed in (USER_PASSWORD_AUTH)', {}, { authFlowType: 'USER_PASSWORD_AUTH' }],
    ['signed in (USER_SRP_AUTH)', {}, {}],
    ['signed in with long id claims', { idClaims: { 'cognito:groups': Array.from({ length: 40 }, (_, i) => `group-${i}`) } }, { authFlowType: 'USER_PASSWORD_AUTH' }],
    ['signed in, tokens expire in 10 s', { lifetimeS: 10 }, { authFlowType: 'USER_PASSWORD_AUTH' }],
    ['signed in, tokens expire in 5 s', { lifetimeS: 5 }, { authFlowType: 'USER_PASSWORD_AUTH' }],
  ]) {
    const cognito = createFakeCognito({ clientId: CLIENT_ID, poolId: POOL_ID, now: () => NOW, ...options });
    const storage = createMemoryStorage();
    const auth = await createAuth({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, endpoint: 'https://cognito.test.invalid/' }, { storage, fetch: cognito.fetch, now: () => NOW, crossTab: false });
    await auth.signIn({ username: 'alice', password: 'Correct-Horse-1', options: signIn });
    const values = await dump(storage);
    cases.push({ name, values, config: {} });
    // The same session read back 30 minutes later (past a 10 s lifetime).
    cases.push({ name: `${name}, 30 min later`, values, config: {}, now: NOW + 30 * 60 * 1000 });
  }
  return cases;
}

/** Every key of a memory storage (it has no keys(): read the ones a session uses). */
async function dump(storage) {
  const out = {};
  const names = ['accessToken', 'idToken', 'refreshToken', 'clockDrift', 'signInDetails', 'oauthMetadata', 'deviceKey', 'deviceGroupKey', 'randomPasswordKey'];
  const last = await storage.getItem(`${PREFIX}.LastAuthUser`);
  if (last !== null) out[`${PREFIX}.LastAuthUser`] = last;
  for (const n of names) {
    const v = await storage.getItem(`${PREFIX}.${last}.${n}`);
    if (v !== null) out[`${PREFIX}.${last}.${n}`] = v;
  }
  return out;
}

/** A storage over `values` that records writes. */
function storageOf(values) {
  const map = new Map(Object.entries(values));
  const writes = [];
  return {
    writes,
    getItem: async (k) => (map.has(k) ? map.get(k) : null),
    setItem: async (k, v) => {
      writes.push(['set', k]);
      map.set(k, v);
    },
    removeItem: async (k) => {
      writes.push(['remove', k]);
      map.delete(k);
    },
  };
}

/** A comparable form of an answer. */
function plain(value) {
  return JSON.parse(
    JSON.stringify(value, (k, v) => (v && typeof v === 'object' && typeof v.toString === 'function' && 'payload' in v ? { jwt: v.toString(), payload: v.payload } : v)),
  );
}
const errorOf = (e) => ({ error: { name: e.name, message: e.message, recoverySuggestion: e.recoverySuggestion } });

/** The machine's answers: a createAuth whose machine has read the session, at `now`. */
async function machineAnswers(values, config, now) {
  const storage = storageOf(values);
  const requests = [];
  const fetch = async (url, init) => {
    requests.push(init.headers['x-amz-target'] ?? new Headers(init.headers).get('x-amz-target'));
    throw new Error('offline');
  };
  const auth = await createAuth(
    { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, ...config },
    { storage, fetch, now: () => now, crossTab: false, retry: false },
  );
  // Start the machine (reading the facade does) and wait until it has read the session.
  auth.authenticator.getSnapshot();
  for (let i = 0; i < 200 && auth.authenticator.getSnapshot().revision < 0; i++) await new Promise((r) => setTimeout(r, 1));
  const user = await auth.getCurrentUser().then(plain, errorOf);
  const before = requests.length;
  const session = await auth.fetchAuthSession().then(plain, errorOf);
  return { user, session, asked: requests.length > before, writes: storage.writes, step: auth.getSnapshot().signInStep, auth };
}

/** The reader's answers: what createAuth answers with before the wasm. */
async function readerAnswers(values, config, now) {
  const storage = storageOf(values);
  const identityKey = config.identityPoolId ? `com.amplify.Cognito.${config.identityPoolId}.identityId` : undefined;
  const read = await readStoredSession(storage, { userPoolClientId: CLIENT_ID, identityKey, allowGuestAccess: !!config.allowGuestAccess });
  if (!read.settled) return { settled: false };
  const view = read.view;
  const user = view.user ? plain(view.user) : errorOf(view.userError);
  const session = view.session && (view.sessionUntil === undefined || now <= view.sessionUntil) ? plain(toSession(view.session)) : 'ask';
  return { settled: true, user, session, writes: storage.writes };
}

describe('the stored-session reader answers as the machine does', async () => {
  const cases = [...generated(), ...(await fromSignIns())];

  it(`covers ${cases.length} stored sessions`, () => {
    expect(cases.length).toBeGreaterThan(150);
  });

  it.each(cases.map((c) => [c.name, c]))('%s', async (_name, c) => {
    const now = c.now ?? NOW;
    const js = await readerAnswers(c.values, c.config, now);
    const wasm = await machineAnswers(c.values, c.config, now);
    expect(js.writes ?? []).toEqual([]);
    if (!js.settled) {
      // The reader leaves it to the machine only when the machine does more than read:
      // it cleans up a corrupt session or resumes (or drops) a waiting sign-in step.
      expect(wasm.writes.length > 0 || wasm.step !== undefined).toBe(true);
      return;
    }
    expect(wasm.writes).toEqual([]);
    expect(js.user).toEqual(wasm.user);
    if (js.session === 'ask') {
      // The machine needs a request (a refresh, identity credentials): it fails offline.
      expect(wasm.asked).toBe(true);
    } else {
      expect(wasm.asked).toBe(false);
      expect(js.session).toEqual(wasm.session);
    }
  });

  it('a createAuth over a stored session answers before its machine exists, as the machine does', async () => {
    const values = stored({ keys: v6({ clockDrift: '-1500' }) });
    let fetched = 0;
    const auth = await createAuth(
      { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID },
      { storage: storageOf(values), fetch: async () => (fetched++, Promise.reject(new Error('offline'))), now: () => NOW, crossTab: false },
    );
    expect(auth.getSnapshot()).toMatchObject({ authStatus: 'authenticated', user: { username: 'alice', userId: SUB } });
    const early = { user: plain(await auth.getCurrentUser()), session: plain(await auth.fetchAuthSession()) };
    const late = await machineAnswers(values, {}, NOW);
    expect(early).toEqual({ user: late.user, session: late.session });
    expect(fetched).toBe(0);
  });
});
