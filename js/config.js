// The configuration shapes createAuth and configure() accept, made into the machine's.
// The flat `{ userPoolId, userPoolClientId, … }` and `{ Auth: { Cognito } }` shapes are
// read here; Gen 1 (`aws-exports`) and Gen 2 (`amplify_outputs.json`) objects need
// Amplify's parser (amplify-config.js), which index.js's createAuth imports only for them.

import { AuthError } from './errors.js';

/** @typedef {Record<string, any>} Loose any: the app's configuration, read member by member */
/** @typedef {(config: Loose) => Loose} AmplifyParser amplify-parse.js's parseAmplifyConfig */

/** An AuthError over `fields` (amplify-config.js's errors). @param {{ name: string, message: string, recoverySuggestion: string }} fields */
export const toAuthErrorOf = (fields) => new AuthError(fields);

/**
 * True for the shapes Amplify's parser reads (Gen 1: `aws_…` keys; Gen 2: `version` "1…",
 * or no `version` and `auth.user_pool_id`, as amplify_outputs.json objects written by hand
 * sometimes are); false for the flat and `{ Auth: { Cognito } }` shapes (and non-objects).
 * @param {any} config (any: the app's configuration, read member by member)
 */
export function needsAmplifyParser(config) {
  if (!config || typeof config !== 'object') return false;
  if (Object.keys(config).some((k) => k.startsWith('aws_'))) return true;
  if (typeof config.version === 'string' && config.version.startsWith('1')) return true;
  return config.version === undefined && !!config.auth && typeof config.auth === 'object' && 'user_pool_id' in config.auth;
}

/**
 * Accepts `{ userPoolId, userPoolClientId, … }`, Amplify's `{ Auth: { Cognito: {…} } }`, and,
 * given Amplify's parser, an `amplify_outputs.json` object (Gen 2) or an `aws-exports.js`
 * object (Gen 1), all parsed as Amplify parses them and then made into the machine's
 * settings: every set field is passed on (the machine ignores what it does not know);
 * Amplify's `userPoolEndpoint` is taken as `endpoint`, `loginWith.oauth` as `oauth`,
 * `loginWith` as the authenticator's login mechanisms, `userAttributes` as its sign-up
 * attributes and `passwordFormat` as its password policy.
 * @param {any} config (any: the app's configuration in one of four shapes)
 * @param {AmplifyParser} [parse] Amplify's parser, for Gen 1 / Gen 2 objects (without it,
 *   every object is read as the flat or `{ Auth: { Cognito } }` shape)
 * @returns {Record<string, unknown>}
 */
export function normalizeConfig(config, parse) {
  let c = config;
  if (parse && needsAmplifyParser(c)) {
    const outputsWithoutVersion = c.version === undefined && c.auth && typeof c.auth === 'object' && 'user_pool_id' in c.auth;
    c = parse(outputsWithoutVersion ? { ...c, version: '1' } : c);
  }
  if (c && typeof c === 'object') {
    // The parser's result is new: without Auth.Cognito there is nothing to use.
    const cognito = c.Auth && typeof c.Auth === 'object' ? c.Auth.Cognito : undefined;
    c = cognito && typeof cognito === 'object' ? cognito : c === config ? c : undefined;
  }
  if (!c || typeof c !== 'object') {
    throw new AuthError({
      name: 'AuthUserPoolException',
      message: 'The config needs userPoolId and userPoolClientId.',
      recoverySuggestion:
        'Pass { userPoolId, userPoolClientId }, Amplify\'s { Auth: { Cognito: { … } } }, the amplify_outputs.json or the aws-exports object.',
    });
  }
  const out = cognitoToMachine(c);
  // An identity pool alone (guest credentials): the machine takes empty user pool ids and
  // refuses what needs the user pool with Amplify's AuthUserPoolException.
  if (out.userPoolId === undefined && typeof out.identityPoolId === 'string' && out.identityPoolId !== '') {
    out.userPoolId = '';
    if (out.userPoolClientId === undefined) out.userPoolClientId = '';
  }
  if (out.oauth !== undefined) out.oauth = normalizeOAuth(out.oauth);
  return out;
}

/** A list from an array or a separated string (`'a,b'`, `'openid email'`). @param {unknown} v @param {RegExp} sep */
function list(v, sep) {
  if (Array.isArray(v)) return v.filter((x) => typeof x === 'string' && x !== '');
  if (typeof v === 'string') return v.split(sep).map((x) => x.trim()).filter(Boolean);
  return [];
}

/**
 * Amplify's `loginWith.oauth` (and the older `aws-exports` `oauth`: `scope`, comma-separated
 * redirect URLs, a domain with `https://`) as the machine's `{ domain, scopes,
 * redirectSignIn, redirectSignOut, providers }`.
 * @param {any} o (any: the app's oauth section, checked member by member)
 */
function normalizeOAuth(o) {
  if (!o || typeof o !== 'object' || typeof o.domain !== 'string' || o.domain.trim() === '') {
    throw new AuthError({
      name: 'OAuthNotConfigureException',
      message: 'oauth needs a domain (the hosted UI, e.g. my-app.auth.us-east-1.amazoncognito.com).',
      recoverySuggestion: 'Set loginWith.oauth: { domain, scopes, redirectSignIn, redirectSignOut }.',
    });
  }
  if (o.responseType === 'token') {
    try {
      console.warn("cognito-headless: oauth.responseType 'token' (implicit grant) is not supported; the code grant with PKCE is used.");
    } catch {
      // no console
    }
  }
  return {
    ...o,
    domain: o.domain.trim().replace(/^https:\/\//i, '').replace(/\/+$/, ''),
    scopes: list(o.scopes ?? o.scope, /[\s,]+/),
    redirectSignIn: list(o.redirectSignIn, /,/),
    redirectSignOut: list(o.redirectSignOut, /,/),
    providers: Array.isArray(o.providers) ? o.providers : [],
  };
}

/**
 * Amplify UI's login mechanisms from `loginWith`: its true members in their order
 * (`phone` as `phone_number`), oauth left out.
 * @param {Loose | undefined} loginWith
 * @returns {string[] | undefined}
 */
function loginMechanismsOf(loginWith) {
  if (!loginWith || typeof loginWith !== 'object') return undefined;
  return Object.entries(loginWith)
    .filter(([key, value]) => key !== 'oauth' && !!value)
    .map(([key]) => (key === 'phone' ? 'phone_number' : key));
}

/**
 * Amplify's normalised `Auth.Cognito` as the machine's and the authenticator's settings:
 * every member kept, plus `endpoint` (from `userPoolEndpoint`), `oauth` (from
 * `loginWith.oauth`), `loginMechanisms` (from `loginWith`, as Amplify UI derives them),
 * `signUpAttributes` (the `userAttributes` names) and `passwordPolicy` (from
 * `passwordFormat`), each only where the app did not set ours.
 * @param {Loose} cognito
 * @returns {Record<string, unknown>}
 */
function cognitoToMachine(cognito) {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [k, v] of Object.entries(cognito)) {
    if (v !== undefined && v !== null) out[k] = v;
  }
  if (out.endpoint === undefined && typeof out.userPoolEndpoint === 'string') out.endpoint = out.userPoolEndpoint;
  const loginWith = cognito.loginWith;
  if (out.oauth === undefined && loginWith && typeof loginWith === 'object' && loginWith.oauth) out.oauth = loginWith.oauth;
  if (out.loginMechanisms === undefined) {
    const mechanisms = loginMechanismsOf(loginWith);
    if (mechanisms && mechanisms.length > 0) out.loginMechanisms = mechanisms;
  }
  const attrs = cognito.userAttributes;
  if (out.signUpAttributes === undefined && attrs && typeof attrs === 'object') {
    // aws-amplify <= 6.0.5 gave an array of `{ name: { required } }`.
    /** @type {unknown[]} */
    const names = Array.isArray(attrs) ? attrs.map((a) => Object.keys(a)[0]) : Object.keys(attrs);
    const login = /** @type {unknown[]} */ (out.loginMechanisms ?? ['username']);
    const extra = names.filter((n) => typeof n === 'string' && !login.includes(n));
    if (extra.length > 0) out.signUpAttributes = extra;
  }
  if (out.passwordPolicy === undefined && cognito.passwordFormat && typeof cognito.passwordFormat === 'object') {
    /** @type {Record<string, unknown>} */
    const policy = {};
    for (const [k, v] of Object.entries(cognito.passwordFormat)) if (v !== undefined && v !== null) policy[k] = v;
    out.passwordPolicy = policy;
    delete out.passwordFormat;
  }
  return out;
}
