// The configuration shapes createAuth and configure() accept, made into the machine's.

import { AuthError } from './errors.js';

/** amplify_outputs.json identity provider names → Amplify's `loginWith.oauth.providers`. */
const OUTPUT_PROVIDERS = /** @type {Record<string, string>} */ ({
  GOOGLE: 'Google',
  FACEBOOK: 'Facebook',
  LOGIN_WITH_AMAZON: 'Amazon',
  SIGN_IN_WITH_APPLE: 'Apple',
});

/**
 * Amplify Gen 2's `amplify_outputs.json` `auth` section as `Auth.Cognito` fields.
 * @param {any} auth (any: the app's JSON, read member by member)
 */
function fromOutputs(auth) {
  /** @type {Record<string, unknown>} */
  const c = {
    userPoolId: auth.user_pool_id,
    userPoolClientId: auth.user_pool_client_id,
    identityPoolId: auth.identity_pool_id,
    allowGuestAccess: auth.unauthenticated_identities_enabled,
  };
  const o = auth.oauth;
  if (o && typeof o === 'object' && o.domain) {
    c.oauth = {
      domain: o.domain,
      scopes: o.scopes ?? [],
      redirectSignIn: o.redirect_sign_in_uri ?? [],
      redirectSignOut: o.redirect_sign_out_uri ?? [],
      responseType: o.response_type ?? 'code',
      providers: (o.identity_providers ?? []).map((/** @type {string} */ p) => OUTPUT_PROVIDERS[p] ?? p),
    };
  }
  return c;
}

/**
 * Accepts `{ userPoolId, userPoolClientId, … }`, Amplify's `{ Auth: { Cognito: {…} } }` or
 * an `amplify_outputs.json` object (`{ auth: { user_pool_id, … } }`). Every set field is
 * passed on (the machine ignores what it does not know); Amplify's `userPoolEndpoint` is
 * taken as `endpoint` and `loginWith.oauth` as `oauth`.
 * @param {any} config (any: the app's configuration in one of three shapes)
 * @returns {Record<string, unknown>}
 */
export function normalizeConfig(config) {
  let c = config;
  if (c && typeof c === 'object') {
    if (c.Auth && typeof c.Auth === 'object' && c.Auth.Cognito) c = c.Auth.Cognito;
    else if (c.auth && typeof c.auth === 'object' && 'user_pool_id' in c.auth) c = fromOutputs(c.auth);
  }
  if (!c || typeof c !== 'object') {
    throw new AuthError({
      name: 'AuthUserPoolException',
      message: 'The config needs userPoolId and userPoolClientId.',
      recoverySuggestion:
        'Pass { userPoolId, userPoolClientId }, Amplify\'s { Auth: { Cognito: { … } } } or the amplify_outputs.json object.',
    });
  }
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [k, v] of Object.entries(c)) {
    if (v !== undefined && v !== null) out[k] = v;
  }
  if (out.endpoint === undefined && typeof out.userPoolEndpoint === 'string') out.endpoint = out.userPoolEndpoint;
  // any: the app's `loginWith`, whatever it holds; only an object's `oauth` is taken.
  const loginWith = /** @type {any} */ (out.loginWith);
  if (out.oauth === undefined && loginWith && typeof loginWith === 'object' && loginWith.oauth) out.oauth = loginWith.oauth;
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
