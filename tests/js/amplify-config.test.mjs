// Config parity: Gen 1 `aws-exports`, Gen 2 `amplify_outputs.json` and Amplify's own
// `{ Auth: { Cognito } }` give, through cognito-headless/amplify's configure, the
// `getConfig().Auth` real aws-amplify's `Amplify.getConfig()` gives after
// `Amplify.configure` of the same object (the reference runs in this test). And that one
// normalised config drives the authenticator: the login field, the sign-up fields, the
// password rules.
import { describe, it, expect, vi, beforeAll, afterAll } from 'vitest';
import { Amplify as RealAmplify } from 'aws-amplify';
import { importBuilt } from './support/built-package.mjs';
import { createScriptedCognito } from './support/scripted-cognito.mjs';

const amplify = await importBuilt('amplify.js');
const { parseAmplifyConfig } = await importBuilt('amplify-utils.js');
const { createAuth, createMemoryStorage } = await importBuilt('index.js');

const POOL = 'us-east-1_Parity1';
const CLIENT = 'parityclient1';
const IDENTITY = 'us-east-1:11111111-2222-4333-8444-555555555555';

const gen1 = (extra = {}) => ({
  aws_project_region: 'us-east-1',
  aws_cognito_region: 'us-east-1',
  aws_user_pools_id: POOL,
  aws_user_pools_web_client_id: CLIENT,
  ...extra,
});
const gen2 = (auth = {}, extra = {}) => ({
  version: '1.3',
  auth: { aws_region: 'us-east-1', user_pool_id: POOL, user_pool_client_id: CLIENT, ...auth },
  ...extra,
});

/** [name, config] pairs: every Auth member of the three shapes, alone and together. */
const CASES = [
  ['gen1 minimal', gen1()],
  ['gen1 everything', gen1({
    aws_cognito_identity_pool_id: IDENTITY,
    aws_cognito_sign_up_verification_method: 'code',
    aws_cognito_username_attributes: ['EMAIL'],
    aws_cognito_social_providers: ['GOOGLE', 'FACEBOOK', 'AMAZON', 'APPLE'],
    aws_cognito_signup_attributes: ['EMAIL', 'NAME', 'PHONE_NUMBER'],
    aws_cognito_mfa_configuration: 'OPTIONAL',
    aws_cognito_mfa_types: ['SMS', 'TOTP'],
    aws_cognito_password_protection_settings: {
      passwordPolicyMinLength: 10,
      passwordPolicyCharacters: ['REQUIRES_LOWERCASE', 'REQUIRES_UPPERCASE', 'REQUIRES_NUMBERS', 'REQUIRES_SYMBOLS'],
    },
    aws_cognito_verification_mechanisms: ['EMAIL'],
    oauth: {
      domain: 'parity.auth.us-east-1.amazoncognito.com',
      scope: ['phone', 'email', 'openid', 'profile', 'aws.cognito.signin.user.admin'],
      redirectSignIn: 'http://localhost:3000/,https://app.example.com/',
      redirectSignOut: 'http://localhost:3000/',
      responseType: 'code',
    },
  })],
  ['gen1 phone login, MFA on, SMS only', gen1({ aws_cognito_username_attributes: ['PHONE_NUMBER'], aws_cognito_mfa_configuration: 'ON', aws_cognito_mfa_types: ['SMS'] })],
  ['gen1 email and phone login', gen1({ aws_cognito_username_attributes: ['EMAIL', 'PHONE_NUMBER'] })],
  ['gen1 mandatory sign-in, MFA OFF without types', gen1({ aws_mandatory_sign_in: 'enable', aws_cognito_mfa_configuration: 'OFF', aws_cognito_identity_pool_id: IDENTITY })],
  ['gen1 password settings without characters', gen1({ aws_cognito_password_protection_settings: { passwordPolicyMinLength: 8 } })],
  ['gen1 empty oauth', gen1({ oauth: {} })],
  ['gen1 oauth without social providers', gen1({ oauth: { domain: 'x.auth.us-east-1.amazoncognito.com', scope: ['openid'], redirectSignIn: 'https://a/', redirectSignOut: 'https://a/', responseType: 'code' } })],
  ['gen1 identity pool only', { aws_project_region: 'us-east-1', aws_cognito_identity_pool_id: IDENTITY, aws_cognito_region: 'us-east-1' }],
  ['gen1 with other categories', gen1({ aws_appsync_graphqlEndpoint: 'https://api.example.com/graphql', aws_appsync_region: 'us-east-1', aws_appsync_authenticationType: 'AMAZON_COGNITO_USER_POOLS', aws_user_files_s3_bucket: 'b' })],
  ['gen2 minimal', gen2()],
  ['gen2 everything', gen2({
    identity_pool_id: IDENTITY,
    unauthenticated_identities_enabled: true,
    username_attributes: ['email'],
    standard_required_attributes: ['email', 'name'],
    user_verification_types: ['email'],
    password_policy: { min_length: 10, require_lowercase: true, require_numbers: false, require_symbols: true, require_uppercase: true },
    mfa_configuration: 'OPTIONAL',
    mfa_methods: ['SMS', 'TOTP'],
    groups: [{ ADMINS: { precedence: 0 } }, { EDITORS: { precedence: 1 } }],
    passwordless: { email_otp_enabled: true, sms_otp_enabled: false, web_authn: { relying_party_id: 'example.com', user_verification: 'preferred' }, preferred_challenge: 'WEB_AUTHN' },
    oauth: {
      identity_providers: ['GOOGLE', 'SIGN_IN_WITH_APPLE', 'LOGIN_WITH_AMAZON', 'FACEBOOK', 'OIDC_THING'],
      domain: 'parity2.auth.us-east-1.amazoncognito.com',
      scopes: ['openid', 'email'],
      redirect_sign_in_uri: ['http://localhost:3000/'],
      redirect_sign_out_uri: ['http://localhost:3000/'],
      response_type: 'code',
    },
  })],
  ['gen2 phone login, MFA REQUIRED, no min length', gen2({ username_attributes: ['phone_number'], mfa_configuration: 'REQUIRED', mfa_methods: ['TOTP'], password_policy: { require_numbers: true } })],
  ['gen2 MFA NONE, guests off', gen2({ mfa_configuration: 'NONE', unauthenticated_identities_enabled: false, identity_pool_id: IDENTITY })],
  ['gen2 token response type', gen2({ oauth: { identity_providers: [], domain: 'd.auth.us-east-1.amazoncognito.com', scopes: ['openid'], redirect_sign_in_uri: ['https://a/'], redirect_sign_out_uri: ['https://a/'], response_type: 'token' } })],
  ['ResourcesConfig', { Auth: { Cognito: {
    userPoolId: POOL, userPoolClientId: CLIENT, identityPoolId: IDENTITY, allowGuestAccess: true,
    signUpVerificationMethod: 'link',
    loginWith: { email: true, phone: false, username: false, oauth: { domain: 'o.auth.us-east-1.amazoncognito.com', scopes: ['openid'], redirectSignIn: ['https://a/'], redirectSignOut: ['https://a/'], responseType: 'code', providers: ['Google', { custom: 'MyOIDC' }] } },
    userAttributes: { email: { required: true }, given_name: { required: true } },
    mfa: { status: 'optional', totpEnabled: true, smsEnabled: false },
    passwordFormat: { minLength: 9, requireNumbers: true },
    groups: [{ ADMINS: { precedence: 0 } }],
    userPoolEndpoint: 'http://127.0.0.1:9999/',
  } } }],
];

describe('getConfig() after configure(x) as real aws-amplify\'s', () => {
  beforeAll(() => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterAll(() => {
    vi.restoreAllMocks();
    amplify.configure({});
  });

  for (const [name, config] of CASES) {
    it(name, () => {
      RealAmplify.configure(config);
      amplify.configure(config);
      const reference = RealAmplify.getConfig().Auth;
      expect(reference.Cognito).toBeTypeOf('object');
      expect(amplify.getConfig().Auth).toEqual(reference);
      expect(parseAmplifyConfig(config).Auth).toEqual(reference);
      // Frozen all the way down, as Amplify's.
      if (reference) expect(Object.isFrozen(amplify.getConfig().Auth.Cognito)).toBe(true);
    });
  }

  it('a Gen 1 object without aws_project_region is refused as by Amplify', () => {
    const bad = { aws_user_pools_id: POOL, aws_user_pools_web_client_id: CLIENT };
    let reference;
    try {
      RealAmplify.configure(bad);
    } catch (e) {
      reference = e;
    }
    let ours;
    try {
      amplify.configure(bad);
    } catch (e) {
      ours = e;
    }
    expect(reference?.name).toBe('InvalidParameterException');
    expect(ours?.name).toBe(reference.name);
    expect(ours?.message).toBe(reference.message);
  });
});

/** Waits until `check(store.getSnapshot())` holds. */
async function until(store, check, ms = 3000) {
  const end = Date.now() + ms;
  while (!check(store.getSnapshot())) {
    if (Date.now() > end) throw new Error(`timed out; facade: ${JSON.stringify(store.getSnapshot())}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return store.getSnapshot();
}

describe('the normalised config drives the authenticator', () => {
  const shapes = [
    ['aws-exports', gen1({
      aws_cognito_username_attributes: ['EMAIL'],
      aws_cognito_signup_attributes: ['EMAIL', 'NAME'],
      aws_cognito_verification_mechanisms: ['EMAIL'],
      aws_cognito_password_protection_settings: { passwordPolicyMinLength: 12, passwordPolicyCharacters: ['REQUIRES_NUMBERS'] },
    })],
    ['amplify_outputs', gen2({
      username_attributes: ['email'],
      standard_required_attributes: ['email', 'name'],
      password_policy: { min_length: 12, require_numbers: true },
    })],
    ['Auth.Cognito', { Auth: { Cognito: {
      userPoolId: POOL, userPoolClientId: CLIENT,
      loginWith: { email: true },
      userAttributes: { email: { required: true }, name: { required: true } },
      passwordFormat: { minLength: 12, requireNumbers: true },
    } } }],
  ];
  for (const [name, config] of shapes) {
    it(`${name}: email sign-in field, the required attributes on sign-up, the pool's password rules`, async () => {
      const cognito = createScriptedCognito();
      const auth = await createAuth(config, { fetch: cognito.fetch, storage: createMemoryStorage(), crossTab: false });
      const store = auth.authenticator;
      let f = await until(store, (s) => s.route === 'signIn');
      expect(f.loginMechanism).toBe('email');
      expect(f.fields.map((x) => [x.name, x.type, x.label])).toEqual([['username', 'email', 'Email'], ['password', 'password', 'Password']]);
      store.toSignUp();
      f = await until(store, (s) => s.route === 'signUp');
      expect(f.fields.map((x) => x.name)).toEqual(['email', 'password', 'confirm_password', 'name']); // Amplify UI names the sign-up login field by its mechanism
      store.updateForm({ name: 'password', value: 'shortpass' });
      store.updateBlur({ name: 'password' });
      f = await until(store, (s) => !!s.validationErrors.password);
      expect(f.validationErrors.password).toEqual(['Password must have at least 12 characters', 'Password must have numbers']);
      auth.close();
    });
  }
});

describe('an identity pool alone (no user pool) as in real aws-amplify', () => {
  it('guest credentials from fetchAuthSession; signIn rejects with AuthUserPoolException', async () => {
    const { createFakeCognito } = await import('./support/fake-cognito.mjs');
    const realAuth = await import('aws-amplify/auth');
    const config = { aws_project_region: 'us-east-1', aws_cognito_region: 'us-east-1', aws_cognito_identity_pool_id: IDENTITY };
    const run = async (configure, api) => {
      const cognito = createFakeCognito({ clientId: CLIENT, poolId: POOL });
      vi.stubGlobal('fetch', async (url, init) => {
        const host = new URL(String(url instanceof Request ? url.url : url)).host;
        if (host !== 'cognito-identity.us-east-1.amazonaws.com') throw new Error(`test refused a request to ${url}`);
        return cognito.fetch(url, init);
      });
      try {
        configure(config);
        const session = await api.fetchAuthSession();
        const signIn = await api.signIn({ username: 'alice', password: 'Correct-Horse-1' }).catch((e) => e);
        return {
          tokens: session.tokens,
          accessKeyId: session.credentials?.accessKeyId,
          identityId: typeof session.identityId,
          ops: cognito.calls.map((c) => c.op),
          signIn: [signIn.name, signIn.message],
        };
      } finally {
        vi.unstubAllGlobals();
      }
    };
    const reference = await run((c) => RealAmplify.configure(c), realAuth);
    const ours = await run((c) => amplify.configure(c), amplify);
    expect(reference.accessKeyId).toBe('ASIAFAKE');
    expect(ours).toEqual(reference);
  });
});
