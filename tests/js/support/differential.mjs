// The differential harness's support: one deterministic scripted Cognito (a `fetch` that
// answers by operation), a runner that plays one scenario against the real aws-amplify and
// against our drop-in (`cognito-headless/amplify` from the built package), and `normalize`,
// which turns whatever either returned into a plain tree whose key sets compare exactly.
//
// Determinism: the fake's clock is fixed when this module loads (token iat/exp/auth_time),
// its counters restart for every run, so both libraries receive byte-identical answers.
// Nothing compared depends on either library's clock or randomness (SRP proofs, device
// verifiers and request ids are not compared; the fake accepts any proof).

import { b64url } from './b64url.mjs';

export const POOL_ID = 'us-east-1_DiffPool1';
export const CLIENT_ID = 'diffclient123';
export const REGION = 'us-east-1';
export const PASSWORD = 'Correct-Horse-1';
/** The fake's "now" (s): fixed for the whole file, so both libraries see the same tokens. */
export const T0 = Math.floor(Date.now() / 1000);
export const SUBS = { alice: '5f1c2a9e-1111-4222-8333-944455556666', bob: '5f1c2a9e-1111-4222-8333-944455557777' };

/** A Cognito-looking JWT (RS256 header, base64url payload, a fake signature). */
const makeJwt = (claims, n) => `${b64url(JSON.stringify({ kid: 'diff-kid', alg: 'RS256' }))}.${b64url(JSON.stringify(claims))}.${b64url('sig-' + n)}`;

export const json = (status, body) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/x-amz-json-1.1' } });
const SERVICE_ERROR = Symbol('service error');
/**
 * A Cognito error answer, for a script. A description, not a Response: a script is played
 * twice (once per library), and a Response body can be read only once.
 */
export const serviceError = (name, message, status = 400) => ({ [SERVICE_ERROR]: { name, message, status } });
const errorResponse = ({ name, message, status }) =>
  new Response(JSON.stringify({ __type: name, message }), {
    status,
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-errortype': `${name}:http://internal.amazon.com/coral/com.amazonaws.swbup.service/`,
      // Compared as AuthError.metadata (Amplify's parseMetadata reads these two).
      'x-amzn-requestid': `req-${name}-${status}`,
      'x-amz-id-2': `ext-${status}`,
    },
  });

/**
 * A scripted Cognito. `script[op]` is an answer or a queue of answers for operation `op`
 * (a plain object: 200 with that JSON; `serviceError(name, message)`; a function of
 * (body, fake) returning either). Unscripted operations get the defaults below (USER_PASSWORD_AUTH and SRP for
 * alice, GetUser, ListDevices, refresh, sign-out); anything else is UnknownOperation.
 */
export function createCognito(script = {}) {
  let n = 0;
  const calls = [];
  const accessTokens = new Map();
  const refreshTokens = new Map();
  const queues = new Map(Object.entries(script).map(([op, a]) => [op, Array.isArray(a) ? [...a] : [a]]));

  /** `claimedAs`: the name the tokens carry (an email-login pool: the sub), when not `username`. */
  function tokens(username = 'alice', { refresh = true, claimedAs } = {}) {
    n += 1;
    const sub = SUBS[username];
    const named = claimedAs ?? username;
    const common = { sub, iss: `https://cognito-idp.${REGION}.amazonaws.com/${POOL_ID}`, iat: T0, auth_time: T0, exp: T0 + 3600 };
    const out = {
      AccessToken: makeJwt({ ...common, client_id: CLIENT_ID, token_use: 'access', username: named, scope: 'aws.cognito.signin.user.admin', jti: 'a' + n, origin_jti: 'o' + n }, n),
      IdToken: makeJwt({ ...common, aud: CLIENT_ID, token_use: 'id', 'cognito:username': named, email: `${username}@example.com`, email_verified: true, jti: 'i' + n, origin_jti: 'o' + n }, n),
      ExpiresIn: 3600,
      TokenType: 'Bearer',
    };
    accessTokens.set(out.AccessToken, username);
    if (refresh) {
      out.RefreshToken = `refresh-${username}-${n}`;
      refreshTokens.set(out.RefreshToken, username);
    }
    return out;
  }

  const defaults = {
    InitiateAuth(body) {
      const p = body.AuthParameters ?? {};
      if (body.AuthFlow === 'USER_PASSWORD_AUTH') {
        if (!(p.USERNAME in SUBS) || p.PASSWORD !== PASSWORD) return serviceError('NotAuthorizedException', 'Incorrect username or password.');
        return { AuthenticationResult: tokens(p.USERNAME), ChallengeParameters: {} };
      }
      if (body.AuthFlow === 'USER_SRP_AUTH') {
        if (!(p.USERNAME in SUBS)) return serviceError('UserNotFoundException', 'User does not exist.');
        return {
          ChallengeName: 'PASSWORD_VERIFIER',
          ChallengeParameters: {
            SALT: '3a9f0c1d2e4b5a6978c0d1e2f3a4b5c6',
            // Any B in [1, N) will do: the fake accepts any proof.
            SRP_B: 'a'.repeat(8) + '1234567890abcdef'.repeat(47),
            SECRET_BLOCK: btoa('secret-block-fixed'),
            USER_ID_FOR_SRP: p.USERNAME,
            USERNAME: p.USERNAME,
          },
        };
      }
      if (body.AuthFlow === 'REFRESH_TOKEN_AUTH') {
        const user = refreshTokens.get(p.REFRESH_TOKEN);
        if (!user) return serviceError('NotAuthorizedException', 'Invalid Refresh Token');
        return { AuthenticationResult: tokens(user, { refresh: false }), ChallengeParameters: {} };
      }
      return serviceError('InvalidParameterException', `unscripted flow ${body.AuthFlow}`);
    },
    RespondToAuthChallenge(body) {
      if (body.ChallengeName !== 'PASSWORD_VERIFIER') return serviceError('InvalidParameterException', `unscripted challenge ${body.ChallengeName}`);
      return { AuthenticationResult: tokens(body.ChallengeResponses?.USERNAME ?? 'alice'), ChallengeParameters: {} };
    },
    GetTokensFromRefreshToken(body) {
      const user = refreshTokens.get(body.RefreshToken);
      if (!user) return serviceError('NotAuthorizedException', 'Invalid Refresh Token');
      return { AuthenticationResult: tokens(user, { refresh: false }) };
    },
    GetUser(body) {
      const user = accessTokens.get(body.AccessToken);
      if (!user) return serviceError('NotAuthorizedException', 'Invalid Access Token');
      return {
        Username: user,
        UserAttributes: [
          { Name: 'sub', Value: SUBS[user] },
          { Name: 'email', Value: `${user}@example.com` },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'custom:team', Value: 'blue' },
        ],
        PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA',
        UserMFASettingList: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA'],
      };
    },
    ListDevices: {
      Devices: [
        {
          DeviceKey: `${REGION}_11111111-2222-4333-8444-555555555555`,
          DeviceAttributes: [
            { Name: 'device_name', Value: 'Firefox on Linux' },
            { Name: 'last_ip_used', Value: '192.0.2.1' },
          ],
          DeviceCreateDate: 1700000000,
          DeviceLastModifiedDate: 1700000100.5,
          DeviceLastAuthenticatedDate: 1700000200,
        },
        { DeviceKey: `${REGION}_66666666-7777-4888-9999-000000000000`, DeviceAttributes: [], DeviceCreateDate: 1700000300 },
      ],
    },
    RevokeToken: {},
    GlobalSignOut: {},
    GetId: { IdentityId: `${REGION}:0000000a-aaaa-4bbb-8ccc-dddddddddddd` },
    GetCredentialsForIdentity: (body) => ({
      IdentityId: body.IdentityId,
      Credentials: { AccessKeyId: 'ASIADIFF', SecretKey: 'secret-key', SessionToken: 'session-token', Expiration: T0 + 3600 },
    }),
  };

  async function fetch(url, init = {}) {
    const host = new URL(String(url)).host;
    if (host !== `cognito-idp.${REGION}.amazonaws.com` && host !== `cognito-identity.${REGION}.amazonaws.com`) {
      throw new Error(`differential fake: refused a request to ${url}`);
    }
    const target = new Headers(init.headers).get('x-amz-target') ?? '';
    const op = target.slice(target.indexOf('.') + 1);
    const body = init.body ? JSON.parse(String(init.body)) : {};
    calls.push({ op, body });
    const q = queues.get(op);
    let answer = q && q.length ? q.shift() : defaults[op];
    if (answer === undefined) return serviceError('UnknownOperationException', `unscripted ${target}`);
    if (typeof answer === 'function') answer = await answer(body, api);
    if (answer && answer[SERVICE_ERROR]) return errorResponse(answer[SERVICE_ERROR]);
    return json(200, answer);
  }

  const api = { fetch, calls, tokens, ops: () => calls.map((c) => c.op) };
  return api;
}

// ------------------------------------------------------------------ normalize

/**
 * A plain, comparable tree of `value`: keys sorted; keys whose value is `undefined` dropped
 * (a JS reader sees the same `undefined` either way; a key with a value must be on both
 * sides); functions become '<function>' (a JWT object's `toString()` becomes its string
 * under '<toString>'); Dates their ISO text under '<Date>'; errors `{ '<error>': name,
 * message, metadata? }`; URLs their text.
 */
export function normalize(value) {
  if (value === undefined) return '<undefined>';
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? '<function>' : value;
  if (value instanceof Date) return { '<Date>': value.toISOString() };
  if (value instanceof URL) return { '<URL>': value.href };
  if (value instanceof Error) {
    const meta = /** @type {any} */ (value).metadata;
    return { '<error>': value.name, message: value.message, ...(meta === undefined ? {} : { metadata: normalize(meta) }) };
  }
  if (Array.isArray(value)) return value.map(normalize);
  const out = {};
  for (const key of Object.keys(value).sort()) {
    const v = value[key];
    if (v === undefined) continue;
    if (key === 'toString' && typeof v === 'function') {
      out['<toString>'] = String(value);
      continue;
    }
    out[key] = normalize(v);
  }
  return out;
}

/** Every path (a.b.0.c) where `a` and `b` differ: missing keys, extra keys, other values. */
export function differences(a, b, path = '') {
  if (a === b) return [];
  const isObj = (x) => x !== null && typeof x === 'object';
  if (!isObj(a) || !isObj(b) || Array.isArray(a) !== Array.isArray(b)) {
    return [{ path, amplify: a, ours: b }];
  }
  const out = [];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const p = path ? `${path}.${k}` : k;
    if (!(k in a)) out.push({ path: p, amplify: '<absent>', ours: b[k] });
    else if (!(k in b)) out.push({ path: p, amplify: a[k], ours: '<absent>' });
    else out.push(...differences(a[k], b[k], p));
  }
  return out;
}

// ------------------------------------------------------------------ the two libraries

/**
 * Loads both libraries once. `amplify` is the real aws-amplify (one module-wide singleton:
 * scenarios run one at a time and each gets a fresh storage); `ours` the built package's
 * `amplify.js`. Both get the same surface: { name, configure(storage, fetch), fns, Hub }.
 */
export async function loadLibraries(importBuilt) {
  const [{ Amplify }, auth, { cognitoUserPoolsTokenProvider }, { Hub }] = await Promise.all([
    import('aws-amplify'),
    import('aws-amplify/auth'),
    import('aws-amplify/auth/cognito'),
    import('aws-amplify/utils'),
  ]);
  const ours = await importBuilt('amplify.js');
  const { createMemoryStorage } = await importBuilt('storage.js');
  const configOf = (extra = {}) => ({ Auth: { Cognito: { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, ...extra } } });
  return {
    createMemoryStorage,
    amplify: {
      name: 'amplify',
      configure(storage, fetch, extra) {
        Amplify.configure(configOf(extra));
        cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);
      },
      fns: auth,
      Hub,
    },
    ours: {
      name: 'ours',
      configure(storage, fetch, extra) {
        // A new host object: a new default instance, with this run's storage and fetch.
        ours.configure(configOf(extra), { host: { fetch, storage } });
      },
      fns: ours,
      Hub: ours.Hub,
    },
  };
}

/** The value of a call, or the error it rejected with, as `{ ok }` / `{ error }`. */
export async function settle(promise) {
  try {
    return { ok: await promise };
  } catch (error) {
    return { error };
  }
}

/**
 * Runs `scenario.run(fns, record, fake)` against one library configured with the pool (plus
 * `scenario.config`'s Auth.Cognito members), a fresh fake (`scenario.script`),
 * a fresh in-memory storage and a Hub 'auth' listener; signs out afterwards (not recorded).
 * Returns { results, hub, ops }: the named results the scenario recorded, the Hub capsules
 * and the operations the library sent, each normalized.
 */
export async function runScenario(lib, scenario, createMemoryStorage) {
  const fake = createCognito(typeof scenario.script === 'function' ? scenario.script() : scenario.script);
  const storage = createMemoryStorage();
  const previousFetch = globalThis.fetch;
  // ONE scripted fetch: Amplify reads the global; ours is also given it through its host.
  globalThis.fetch = fake.fetch;
  const hub = [];
  const off = lib.Hub.listen('auth', (capsule) => hub.push(capsule));
  const results = {};
  const record = async (name, promise) => {
    results[name] = await settle(promise);
    return results[name].ok;
  };
  try {
    lib.configure(storage, fake.fetch, scenario.config);
    await scenario.run(lib.fns, record, fake);
    // Let events dispatched after the last call (Amplify dispatches some asynchronously) land.
    await new Promise((r) => setTimeout(r, 0));
  } finally {
    off();
    await lib.fns.signOut().catch(() => {});
    globalThis.fetch = previousFetch;
  }
  return {
    results: normalize(results),
    hub: normalize(hub),
    ops: fake.ops(),
  };
}
