// The configuration shapes createAuth and configure() accept, made into the machine's.

import { AuthError } from './errors.js';
import { parseAmplifyConfig, cognitoToMachine } from './amplify-config.js';

/**
 * Accepts `{ userPoolId, userPoolClientId, … }`, Amplify's `{ Auth: { Cognito: {…} } }`, an
 * `amplify_outputs.json` object (Gen 2) or an `aws-exports.js` object (Gen 1), all parsed
 * as Amplify parses them (amplify-config.js) and then made into the machine's settings:
 * every set field is passed on (the machine ignores what it does not know); Amplify's
 * `userPoolEndpoint` is taken as `endpoint`, `loginWith.oauth` as `oauth`, `loginWith` as
 * the authenticator's login mechanisms, `userAttributes` as its sign-up attributes and
 * `passwordFormat` as its password policy.
 * @param {any} config (any: the app's configuration in one of four shapes)
 * @returns {Record<string, unknown>}
 */
export function normalizeConfig(config) {
  let c = config;
  if (c && typeof c === 'object') {
    // amplify_outputs.json objects written by hand sometimes lack `version`.
    const outputsWithoutVersion = c.version === undefined && c.auth && typeof c.auth === 'object' && 'user_pool_id' in c.auth;
    const parsed = parseAmplifyConfig(outputsWithoutVersion ? { ...c, version: '1' } : c);
    const cognito = parsed && parsed.Auth && typeof parsed.Auth === 'object' ? parsed.Auth.Cognito : undefined;
    c = cognito && typeof cognito === 'object' ? cognito : parsed === c ? c : undefined;
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
