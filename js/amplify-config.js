// Amplify's configuration shapes made into one: Gen 1 `aws-exports.js` /
// `amplifyconfiguration.json`, Gen 2 `amplify_outputs.json` and Amplify's own
// `ResourcesConfig` (`{ Auth: { Cognito } }`) parse into Amplify's normalised
// `ResourcesConfig`, as @aws-amplify/core's parseAmplifyConfig / parseAWSExports /
// parseAmplifyOutputs do for the Auth category (the other categories are not parsed:
// cognito-headless/amplify/with-core hands the original to @aws-amplify/core, which
// does). tests/js/amplify-config.test.mjs compares the result with real aws-amplify's
// `Amplify.getConfig()`. createAuth imports this module only for Gen 1 / Gen 2 objects
// (config.js reads the flat and `{ Auth: { Cognito } }` shapes itself), so it imports
// nothing: a bundler that splits at dynamic imports makes it one chunk of its own, with no
// chunk shared with the page's (amplify-parse.js has the public parseAmplifyConfig).


/** amplify_outputs.json identity providers → Amplify's `loginWith.oauth.providers`. */
const OUTPUT_PROVIDERS = /** @type {Record<string, string>} */ ({
  GOOGLE: 'Google',
  LOGIN_WITH_AMAZON: 'Amazon',
  FACEBOOK: 'Facebook',
  SIGN_IN_WITH_APPLE: 'Apple',
});

/**
 * @typedef {Record<string, any>} Loose any: the app's configuration, read member by member
 */

/**
 * Gen 1 `aws-exports` Auth settings as `Auth.Cognito` (Amplify's parseAWSExports).
 * @param {Loose} c
 * @returns {Loose | undefined}
 */
function cognitoFromAwsExports(c) {
  if (!c.aws_cognito_identity_pool_id && !c.aws_user_pools_id) return undefined;
  const mfaTypes = c.aws_cognito_mfa_types;
  const mfa = c.aws_cognito_mfa_configuration
    ? {
        status: c.aws_cognito_mfa_configuration && c.aws_cognito_mfa_configuration.toLowerCase(),
        totpEnabled: mfaTypes?.includes('TOTP') ?? false,
        smsEnabled: mfaTypes?.includes('SMS') ?? false,
      }
    : undefined;
  const pw = c.aws_cognito_password_protection_settings;
  /** @param {string} flag */
  const requires = (flag) => pw.passwordPolicyCharacters?.includes(flag) ?? false;
  const passwordFormat = pw
    ? {
        minLength: pw.passwordPolicyMinLength,
        requireLowercase: requires('REQUIRES_LOWERCASE'),
        requireUppercase: requires('REQUIRES_UPPERCASE'),
        requireNumbers: requires('REQUIRES_NUMBERS'),
        requireSpecialCharacters: requires('REQUIRES_SYMBOLS'),
      }
    : undefined;
  const merged = [...new Set([...(c.aws_cognito_verification_mechanisms ?? []), ...(c.aws_cognito_signup_attributes ?? [])])];
  /** @type {Record<string, { required: boolean }>} */
  const userAttributes = {};
  for (const key of merged) userAttributes[String(key).toLowerCase()] = { required: true };
  const email = c.aws_cognito_username_attributes?.includes('EMAIL') ?? false;
  const phone = c.aws_cognito_username_attributes?.includes('PHONE_NUMBER') ?? false;
  /** @type {Loose} */
  const cognito = {
    identityPoolId: c.aws_cognito_identity_pool_id,
    allowGuestAccess: c.aws_mandatory_sign_in !== 'enable',
    signUpVerificationMethod: c.aws_cognito_sign_up_verification_method,
    userAttributes,
    userPoolClientId: c.aws_user_pools_web_client_id,
    userPoolId: c.aws_user_pools_id,
    mfa,
    passwordFormat,
    loginWith: { username: !(email || phone), email, phone },
  };
  const oauth = c.oauth;
  if (oauth && Object.keys(oauth).length > 0) {
    const social = c.aws_cognito_social_providers;
    /** @param {string | undefined} s */
    const urls = (s) => s?.split(',') ?? [];
    cognito.loginWith = {
      ...cognito.loginWith,
      oauth: {
        domain: oauth.domain,
        scopes: oauth.scope,
        redirectSignIn: urls(oauth.redirectSignIn),
        redirectSignOut: urls(oauth.redirectSignOut),
        responseType: oauth.responseType,
        ...(social && social.length > 0 && {
          providers: social.map((/** @type {string} */ p) => {
            const lower = p.toLowerCase();
            return lower.charAt(0).toUpperCase() + lower.slice(1);
          }),
        }),
      },
    };
  }
  return cognito;
}

/**
 * Gen 2 `amplify_outputs.json` `auth` as `Auth.Cognito` (Amplify's parseAmplifyOutputs).
 * @param {Loose} a
 * @returns {Loose}
 */
function cognitoFromOutputs(a) {
  /** @type {Loose} */
  const c = { userPoolId: a.user_pool_id, userPoolClientId: a.user_pool_client_id, groups: a.groups };
  if (a.identity_pool_id) c.identityPoolId = a.identity_pool_id;
  const pw = a.password_policy;
  if (pw) {
    c.passwordFormat = {
      requireLowercase: pw.require_lowercase,
      requireNumbers: pw.require_numbers,
      requireUppercase: pw.require_uppercase,
      requireSpecialCharacters: pw.require_symbols,
      minLength: pw.min_length ?? 6,
    };
  }
  if (a.mfa_configuration) {
    const status = { OPTIONAL: 'optional', REQUIRED: 'on' }[/** @type {string} */ (a.mfa_configuration)] ?? 'off';
    c.mfa = { status, smsEnabled: a.mfa_methods?.includes('SMS'), totpEnabled: a.mfa_methods?.includes('TOTP') };
  }
  if (a.unauthenticated_identities_enabled) c.allowGuestAccess = a.unauthenticated_identities_enabled;
  const o = a.oauth;
  if (o) {
    c.loginWith = {
      oauth: {
        domain: o.domain,
        redirectSignIn: o.redirect_sign_in_uri,
        redirectSignOut: o.redirect_sign_out_uri,
        responseType: o.response_type === 'token' ? 'token' : 'code',
        scopes: o.scopes,
        providers: (o.identity_providers ?? []).filter((/** @type {string} */ p) => OUTPUT_PROVIDERS[p] !== undefined).map((/** @type {string} */ p) => OUTPUT_PROVIDERS[p]),
      },
    };
  }
  const names = a.username_attributes;
  if (names) {
    c.loginWith = { ...c.loginWith, email: names.includes('email'), phone: names.includes('phone_number'), username: names.includes('username') };
  }
  if (a.standard_required_attributes) {
    /** @type {Record<string, { required: boolean }>} */
    const attrs = {};
    for (const name of a.standard_required_attributes) attrs[name] = { required: true };
    c.userAttributes = attrs;
  }
  const pl = a.passwordless;
  if (pl) {
    c.passwordless = {
      emailOtpEnabled: pl.email_otp_enabled,
      smsOtpEnabled: pl.sms_otp_enabled,
      webAuthn: pl.web_authn ? { relyingPartyId: pl.web_authn.relying_party_id, userVerification: pl.web_authn.user_verification } : undefined,
      preferredChallenge: pl.preferred_challenge,
    };
  }
  return c;
}

/**
 * Any of Amplify's configuration shapes as Amplify's `ResourcesConfig` (Auth parsed like
 * Amplify's `parseAmplifyConfig`; an object that is already a ResourcesConfig is returned
 * as it is). Gen 1 objects without `aws_project_region` are refused, as by Amplify: with
 * `toError` (AuthError's constructor, which this module does not import) over its fields.
 * @param {Loose} config
 * @param {(fields: { name: string, message: string, recoverySuggestion: string }) => Error} toError
 * @returns {Loose}
 */
export function parseAmplifyConfigWith(config, toError) {
  if (!config || typeof config !== 'object') return config;
  if (Object.keys(config).some((k) => k.startsWith('aws_'))) {
    if (!Object.prototype.hasOwnProperty.call(config, 'aws_project_region')) {
      throw toError({
        name: 'InvalidParameterException',
        message: 'Invalid config parameter.',
        recoverySuggestion: 'Ensure passing the config object imported from  `amplifyconfiguration.json`.',
      });
    }
    const cognito = cognitoFromAwsExports(config);
    return cognito ? { Auth: { Cognito: cognito } } : {};
  }
  if (typeof config.version === 'string' && config.version.startsWith('1')) {
    return config.auth ? { Auth: { Cognito: cognitoFromOutputs(config.auth) } } : {};
  }
  return config;
}
