// @vitest-environment jsdom
// cognito-headless/react's `useAuthenticator` against Amplify UI's real headless one
// (@aws-amplify/ui-react's, over the real aws-amplify), key by key. The same app code runs
// under each library's `<Authenticator.Provider>`: it sends the same UI events (sign in, the
// MFA challenges, TOTP setup, sign up + confirm, reset password, force new password, select
// MFA, sign out) against the same scripted Cognito (support/differential.mjs), and after
// every step the two facades are compared: every key of Amplify UI's facade must be in
// ours with the same value (null vs undefined included; functions only need to be
// functions). Extra keys of ours are allowed. Intended differences are in ALLOWED below,
// each with its reason; anything else fails.
//
// PARITY_DUMP=1 prints both facades of every step.
import { describe, it, expect, afterAll } from 'vitest';
import { act, createElement as h, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { Amplify } from 'aws-amplify';
import { signOut as amplifySignOut } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import * as amplifyUi from '@aws-amplify/ui-react';
import { importBuilt } from './support/built-package.mjs';
import { createCognito, normalize, differences, serviceError, POOL_ID, CLIENT_ID, PASSWORD } from './support/differential.mjs';

globalThis.IS_REACT_ACT_ENVIRONMENT = true;

const ours = await importBuilt('amplify.js');
const oursReact = await importBuilt('react.js');
const { createMemoryStorage } = await importBuilt('storage.js');

/** The Amplify config of a scenario: the pool plus the scenario's Auth.Cognito members. */
const configOf = (extra = {}) => ({ Auth: { Cognito: { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, ...extra } } });

/**
 * Intended differences: [step pattern (`route: path`), reason]. A path is `key` or
 * `key.sub.0.name`. Not listed because the comparison lets ours have more:
 * `codeDeliveryDetails.AttributeName` (Amplify UI reads v6's `attributName`, a typo, so
 * its AttributeName is always undefined; ours carries the attribute) and our extra keys
 * (formValues, validationErrorCodes, authError, totpSetupUri, availableChallenges,
 * missingAttributes, revision).
 */
const ALLOWED = [
  [
    /: fields\.\d+\.dialCodeList$/,
    "Amplify UI puts its list of ~240 country dial codes in every phone field; ours gives the default `dialCode` only (a phone input brings its own list).",
  ],
  [
    /^authenticated: (challengeName|codeDeliveryDetails|totpSecretCode|selectedAuthMethod)$/,
    "Amplify UI's `authenticated` facade still shows the finished sign-in's step details (the stopped actor's context: " +
      'the TOTP secret, the SMS destination, MFA_SETUP); ours clears them when the sign-in completes.',
  ],
];

/** The two libraries as the app sees them: a Provider, the hook, and how to set up. */
const LIBS = {
  amplify: {
    Provider: amplifyUi.Authenticator.Provider,
    useAuthenticator: amplifyUi.useAuthenticator,
    setUp(fetch, storage, config) {
      globalThis.fetch = fetch;
      Amplify.configure(config);
      cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);
    },
    tearDown: () => amplifySignOut().catch(() => {}),
  },
  ours: {
    Provider: oursReact.Authenticator?.Provider,
    useAuthenticator: oursReact.useAuthenticator,
    setUp(fetch, storage, config) {
      globalThis.fetch = fetch;
      ours.configure(config, { host: { fetch, storage, crossTab: false } });
    },
    tearDown: () => ours.signOut().catch(() => {}),
  },
};

const tokensOf = (fake, user = 'alice') => ({ AuthenticationResult: fake.tokens(user), ChallengeParameters: {} });
/** RespondToAuthChallenge's answers: to the SRP proof `challenge`, then `rest`. */
const afterSrp = (challenge, ...rest) => [challenge, ...rest];

/**
 * The scenarios: a script for the fake Cognito, and steps. A step is [label, action on the
 * facade (or null), the route to wait for].
 */
const SCENARIOS = [
  {
    name: 'sign in → SMS_MFA → authenticated → sign out',
    script: () => ({
      RespondToAuthChallenge: afterSrp(
        { ChallengeName: 'SMS_MFA', Session: 's-sms', ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******1234' } },
        (body, fake) => tokensOf(fake),
      ),
    }),
    steps: [
      ['start', null, 'signIn'],
      ['type username', (f) => f.updateForm({ name: 'username', value: 'alice' }), 'signIn'],
      ['blur username', (f) => f.updateBlur({ name: 'username' }), 'signIn'],
      ['sign in', (f) => f.submitForm({ username: 'alice', password: PASSWORD }), 'confirmSignIn'],
      ['code', (f) => f.submitForm({ confirmation_code: '123456' }), 'authenticated'],
      ['sign out', (f) => f.signOut(), 'signIn'],
    ],
  },
  {
    name: 'sign in → SOFTWARE_TOKEN_MFA',
    script: () => ({
      RespondToAuthChallenge: afterSrp({ ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 's-totp', ChallengeParameters: {} }, (b, fake) => tokensOf(fake)),
    }),
    steps: [
      ['start', null, 'signIn'],
      ['sign in', (f) => f.submitForm({ username: 'alice', password: PASSWORD }), 'confirmSignIn'],
      ['code', (f) => f.submitForm({ confirmation_code: '123456' }), 'authenticated'],
    ],
  },
  {
    name: 'sign in → EMAIL_OTP, a wrong code',
    script: () => ({
      RespondToAuthChallenge: afterSrp(
        { ChallengeName: 'EMAIL_OTP', Session: 's-email', ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'a***@e***' } },
        serviceError('CodeMismatchException', 'Invalid code received for user'),
      ),
    }),
    steps: [
      ['start', null, 'signIn'],
      ['sign in', (f) => f.submitForm({ username: 'alice', password: PASSWORD }), 'confirmSignIn'],
      ['wrong code', (f) => f.submitForm({ confirmation_code: '00000000' }), 'confirmSignIn'],
    ],
  },
  {
    name: 'a wrong password, then sign in → verifyUser → skip',
    script: () => ({
      RespondToAuthChallenge: [serviceError('NotAuthorizedException', 'Incorrect username or password.'), (b, fake) => tokensOf(fake)],
      GetUser: {
        Username: 'alice',
        UserAttributes: [
          { Name: 'sub', Value: '5f1c2a9e-1111-4222-8333-944455556666' },
          { Name: 'email', Value: 'alice@example.com' },
          { Name: 'email_verified', Value: 'false' },
        ],
      },
    }),
    steps: [
      ['start', null, 'signIn'],
      ['wrong password', (f) => f.submitForm({ username: 'alice', password: 'wrong-password' }), 'signIn'],
      ['sign in', (f) => f.submitForm({ username: 'alice', password: PASSWORD }), 'verifyUser'],
      ['skip', (f) => f.skipVerification(), 'authenticated'],
    ],
  },
  {
    name: 'sign in → SELECT_MFA_TYPE → TOTP',
    script: () => ({
      RespondToAuthChallenge: afterSrp(
        { ChallengeName: 'SELECT_MFA_TYPE', Session: 's-sel', ChallengeParameters: { MFAS_CAN_CHOOSE: '["SMS_MFA","SOFTWARE_TOKEN_MFA"]' } },
        { ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 's-sel-2', ChallengeParameters: {} },
        (b, fake) => tokensOf(fake),
      ),
    }),
    steps: [
      ['start', null, 'signIn'],
      ['sign in', (f) => f.submitForm({ username: 'alice', password: PASSWORD }), 'selectMfaType'],
      ['choose TOTP', (f) => f.submitForm({ mfa_type: 'TOTP' }), 'confirmSignIn'],
      ['code', (f) => f.submitForm({ confirmation_code: '123456' }), 'authenticated'],
    ],
  },
  {
    name: 'sign in → MFA_SETUP (TOTP)',
    script: () => ({
      RespondToAuthChallenge: afterSrp(
        { ChallengeName: 'MFA_SETUP', Session: 's-setup', ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' } },
        (b, fake) => tokensOf(fake),
      ),
      AssociateSoftwareToken: { SecretCode: 'JBSWY3DPEHPK3PXP', Session: 's-setup-2' },
      VerifySoftwareToken: { Status: 'SUCCESS', Session: 's-setup-3' },
    }),
    steps: [
      ['start', null, 'signIn'],
      ['sign in', (f) => f.submitForm({ username: 'alice', password: PASSWORD }), 'setupTotp'],
      ['code', (f) => f.submitForm({ confirmation_code: '123456' }), 'authenticated'],
    ],
  },
  {
    name: 'sign in → NEW_PASSWORD_REQUIRED',
    script: () => ({
      RespondToAuthChallenge: afterSrp(
        { ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: 's-newpw', ChallengeParameters: { requiredAttributes: '[]', userAttributes: '{"email":"alice@example.com"}' } },
        (b, fake) => tokensOf(fake),
      ),
    }),
    steps: [
      ['start', null, 'signIn'],
      ['sign in', (f) => f.submitForm({ username: 'alice', password: PASSWORD }), 'forceNewPassword'],
      ['type password', (f) => f.updateForm({ name: 'password', value: 'New-Passw0rd!' }), 'forceNewPassword'],
      ['new password', (f) => f.submitForm({ password: 'New-Passw0rd!', confirm_password: 'New-Passw0rd!' }), 'authenticated'],
    ],
  },
  {
    name: 'sign up → confirm → auto sign-in',
    script: () => ({
      SignUp: { UserConfirmed: false, UserSub: SUB_BOB, CodeDeliveryDetails: { DeliveryMedium: 'EMAIL', Destination: 'b***@e***', AttributeName: 'email' } },
      ConfirmSignUp: { Session: 'auto-session' },
      InitiateAuth: (body, fake) => tokensOf(fake, 'bob'),
    }),
    steps: [
      ['start', null, 'signIn'],
      ['to sign up', (f) => f.toSignUp(), 'signUp'],
      ['type password', (f) => f.updateForm({ name: 'password', value: 'short' }), 'signUp'],
      ['blur password', (f) => f.updateBlur({ name: 'password' }), 'signUp'],
      ['sign up', (f) => f.submitForm({ username: 'bob', password: PASSWORD, confirm_password: PASSWORD, email: 'bob@example.com' }), 'confirmSignUp'],
      ['code', (f) => f.submitForm({ confirmation_code: '123456' }), 'authenticated'],
    ],
  },
  {
    name: 'email login, social providers, phone number and name on sign-up: the fields',
    config: {
      loginWith: {
        email: true,
        oauth: { domain: 'ui.auth.us-east-1.amazoncognito.com', scopes: ['openid', 'email'], redirectSignIn: ['http://localhost:3000/'], redirectSignOut: ['http://localhost:3000/'], responseType: 'code', providers: ['Google', 'Apple'] },
      },
      userAttributes: { email: { required: true }, phone_number: { required: true }, name: { required: true } } },
    script: () => ({}),
    steps: [
      ['start', null, 'signIn'],
      ['to sign up', (f) => f.toSignUp(), 'signUp'],
      ['back to sign in', (f) => f.toSignIn(), 'signIn'],
      ['to forgot password', (f) => f.toForgotPassword(), 'forgotPassword'],
    ],
  },
  {
    name: 'forgot password → confirm reset → sign in',
    script: () => ({
      ForgotPassword: { CodeDeliveryDetails: { DeliveryMedium: 'SMS', Destination: '+*******1234', AttributeName: 'phone_number' } },
      ConfirmForgotPassword: {},
    }),
    steps: [
      ['start', null, 'signIn'],
      ['to forgot password', (f) => f.toForgotPassword(), 'forgotPassword'],
      ['send code', (f) => f.submitForm({ username: 'alice' }), 'confirmResetPassword'],
      ['new password', (f) => f.submitForm({ confirmation_code: '123456', password: 'New-Passw0rd!', confirm_password: 'New-Passw0rd!' }), 'signIn'],
    ],
  },
  {
    name: 'passwordless (email OTP enabled): toShowAuthMethods → selectAuthMethod(EMAIL_OTP) → code',
    config: { passwordless: { emailOtpEnabled: true } },
    compareRequests: true,
    script: () => ({
      InitiateAuth: { ChallengeName: 'EMAIL_OTP', Session: 's-otp', ChallengeParameters: EMAIL_DELIVERY },
      RespondToAuthChallenge: (body, fake) => tokensOf(fake),
    }),
    steps: [
      ['start', null, 'signIn'],
      ['type username', (f) => f.updateForm({ name: 'username', value: 'alice' }), 'signIn'],
      ['show auth methods', (f) => f.toShowAuthMethods(), 'signInSelectAuthFactor'],
      ['select EMAIL_OTP', (f) => f.selectAuthMethod({ method: 'EMAIL_OTP' }), 'confirmSignIn'],
      ['code', (f) => f.submitForm({ confirmation_code: '12345678' }), 'authenticated'],
    ],
  },
  {
    name: 'passwordless (email + SMS OTP): a submit asks for the method, then back to sign in',
    config: { passwordless: { emailOtpEnabled: true, smsOtpEnabled: true } },
    compareRequests: true,
    script: () => ({}),
    steps: [
      ['start', null, 'signIn'],
      ['sign in', (f) => f.submitForm({ username: 'alice', password: PASSWORD }), 'signInSelectAuthFactor'],
      ['back', (f) => f.toSignIn(), 'signIn'],
      ['show auth methods', (f) => f.toShowAuthMethods(), 'signInSelectAuthFactor'],
    ],
  },
  {
    name: 'passwordless: the choice form submitted with a password signs in with SRP',
    config: { passwordless: { emailOtpEnabled: true } },
    script: () => ({}),
    steps: [
      ['start', null, 'signIn'],
      ['show auth methods', (f) => f.toShowAuthMethods(), 'signInSelectAuthFactor'],
      ['password', (f) => f.submitForm({ username: 'alice', password: PASSWORD }), 'authenticated'],
    ],
  },
  {
    name: 'passwordless, EMAIL_OTP preferred: the username alone signs in, a code, back',
    config: { passwordless: { emailOtpEnabled: true, preferredChallenge: 'EMAIL_OTP' } },
    compareRequests: true,
    script: () => ({
      InitiateAuth: { ChallengeName: 'EMAIL_OTP', Session: 's-otp', ChallengeParameters: EMAIL_DELIVERY },
      RespondToAuthChallenge: serviceError('CodeMismatchException', 'Invalid code received for user'),
    }),
    steps: [
      ['start', null, 'signIn'],
      ['sign in', (f) => f.submitForm({ username: 'alice' }), 'confirmSignIn'],
      ['wrong code', (f) => f.submitForm({ confirmation_code: '00000000' }), 'confirmSignIn'],
      ['back', (f) => f.toSignIn(), 'signIn'],
      ['show auth methods', (f) => f.toShowAuthMethods(), 'signInSelectAuthFactor'],
    ],
  },
  {
    name: 'passwordless EMAIL_OTP: resendCode signs in again (USER_AUTH, the same method) for a new code, then the code',
    config: { passwordless: { emailOtpEnabled: true } },
    compareRequests: true,
    script: () => ({
      InitiateAuth: [
        { ChallengeName: 'EMAIL_OTP', Session: 's-otp', ChallengeParameters: EMAIL_DELIVERY },
        { ChallengeName: 'EMAIL_OTP', Session: 's-otp-2', ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'a***@n***' } },
      ],
      RespondToAuthChallenge: (body, fake) => tokensOf(fake),
    }),
    steps: [
      ['start', null, 'signIn'],
      ['type username', (f) => f.updateForm({ name: 'username', value: 'alice' }), 'signIn'],
      ['show auth methods', (f) => f.toShowAuthMethods(), 'signInSelectAuthFactor'],
      ['select EMAIL_OTP', (f) => f.selectAuthMethod({ method: 'EMAIL_OTP' }), 'confirmSignIn'],
      ['type code', (f) => f.updateForm({ name: 'confirmation_code', value: '1' }), 'confirmSignIn'],
      ['resend', (f) => f.resendCode(), 'confirmSignIn'],
      ['code', (f) => f.submitForm({ confirmation_code: '12345678' }), 'authenticated'],
    ],
  },
  {
    name: 'passwordless, SMS_OTP preferred: resendCode refused by Cognito shows the error and keeps the step',
    config: { passwordless: { smsOtpEnabled: true, preferredChallenge: 'SMS_OTP' } },
    compareRequests: true,
    script: () => ({
      InitiateAuth: [
        { ChallengeName: 'SMS_OTP', Session: 's-sms-otp', ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******1234' } },
        serviceError('CodeDeliveryFailureException', 'Unable to deliver the code.'),
      ],
    }),
    steps: [
      ['start', null, 'signIn'],
      ['sign in', (f) => f.submitForm({ username: 'alice' }), 'confirmSignIn'],
      ['resend', (f) => f.resendCode(), 'confirmSignIn'],
    ],
  },
  {
    name: "passwordless: the passwordless prop's preferredAuthMethod and hiddenAuthMethods (INIT) over the config",
    config: { passwordless: { emailOtpEnabled: true, smsOtpEnabled: true } },
    init: { passwordless: { preferredAuthMethod: 'SMS_OTP', hiddenAuthMethods: ['PASSWORD', 'WEB_AUTHN'] } },
    compareRequests: true,
    script: () => ({
      InitiateAuth: { ChallengeName: 'SMS_OTP', Session: 's-sms-otp', ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******1234' } },
      RespondToAuthChallenge: (body, fake) => tokensOf(fake),
    }),
    steps: [
      ['start', null, 'signIn'],
      ['sign in', (f) => f.submitForm({ username: 'alice' }), 'confirmSignIn'],
      ['code', (f) => f.submitForm({ confirmation_code: '123456' }), 'authenticated'],
    ],
  },
  {
    name: '<Authenticator passwordless={…}> (ours) vs the same INIT (Amplify UI): hiddenAuthMethods, the choice',
    config: { passwordless: { emailOtpEnabled: true, smsOtpEnabled: true } },
    init: { passwordless: { hiddenAuthMethods: ['SMS_OTP'] } },
    viaAuthenticatorProp: true,
    compareRequests: true,
    script: () => ({
      InitiateAuth: { ChallengeName: 'EMAIL_OTP', Session: 's-otp', ChallengeParameters: EMAIL_DELIVERY },
    }),
    steps: [
      ['start', null, 'signIn'],
      ['sign in', (f) => f.submitForm({ username: 'alice' }), 'signInSelectAuthFactor'],
      ['select EMAIL_OTP', (f) => f.selectAuthMethod({ method: 'EMAIL_OTP' }), 'confirmSignIn'],
    ],
  },
  {
    name: 'passwordless sign-up (EMAIL_OTP, no password) → confirm → auto sign-in with USER_AUTH',
    config: { passwordless: { emailOtpEnabled: true }, userAttributes: { email: { required: true } } },
    compareRequests: true,
    script: () => ({
      SignUp: { UserConfirmed: false, UserSub: SUB_BOB, CodeDeliveryDetails: { DeliveryMedium: 'EMAIL', Destination: 'b***@e***', AttributeName: 'email' } },
      ConfirmSignUp: { Session: 'auto-session' },
      InitiateAuth: (body, fake) => tokensOf(fake, 'bob'),
    }),
    steps: [
      ['start', null, 'signIn'],
      ['to sign up', (f) => f.toSignUp(), 'signUp'],
      ['type email', (f) => f.updateForm({ name: 'email', value: 'bob@example.com' }), 'signUp'],
      ['sign up', (f) => f.submitForm({ username: 'bob', email: 'bob@example.com', __authMethod: 'EMAIL_OTP' }), 'confirmSignUp'],
      ['code', (f) => f.submitForm({ confirmation_code: '123456' }), 'authenticated'],
    ],
  },
  {
    name: 'passwordless sign-up (SMS_OTP): the phone number is the user name, the email is blanked; EMAIL_OTP without an email is refused',
    config: { passwordless: { emailOtpEnabled: true, smsOtpEnabled: true }, userAttributes: { email: { required: true }, phone_number: { required: true } } },
    compareRequests: true,
    script: () => ({
      SignUp: { UserConfirmed: false, UserSub: SUB_BOB, CodeDeliveryDetails: { DeliveryMedium: 'SMS', Destination: '+*******0100', AttributeName: 'phone_number' } },
    }),
    steps: [
      ['start', null, 'signIn'],
      ['to sign up', (f) => f.toSignUp(), 'signUp'],
      ['EMAIL_OTP without an email', (f) => f.submitForm({ username: 'bob', __authMethod: 'EMAIL_OTP' }), 'signUp'],
      ['sign up with SMS_OTP', (f) => f.submitForm({ email: 'bob@example.com', country_code: '+1', phone_number: '5550100', __authMethod: 'SMS_OTP' }), 'confirmSignUp'],
    ],
  },
  {
    name: 'passwordless: a chosen method Cognito refuses goes back to the choice with the error, then another method',
    config: { passwordless: { emailOtpEnabled: true, smsOtpEnabled: true } },
    compareRequests: true,
    script: () => ({
      InitiateAuth: [
        serviceError('InvalidParameterException', 'SMS_OTP is not enabled for this user.'),
        { ChallengeName: 'EMAIL_OTP', Session: 's-otp', ChallengeParameters: EMAIL_DELIVERY },
      ],
    }),
    steps: [
      ['start', null, 'signIn'],
      ['type username', (f) => f.updateForm({ name: 'username', value: 'alice' }), 'signIn'],
      ['show auth methods', (f) => f.toShowAuthMethods(), 'signInSelectAuthFactor'],
      ['select SMS_OTP', (f) => f.selectAuthMethod({ method: 'SMS_OTP' }), 'signInSelectAuthFactor'],
      ['select EMAIL_OTP', (f) => f.selectAuthMethod({ method: 'EMAIL_OTP' }), 'confirmSignIn'],
      ['back', (f) => f.toSignIn(), 'signIn'],
    ],
  },
];
const EMAIL_DELIVERY = { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'a***@e***' };
const SUB_BOB = '5f1c2a9e-1111-4222-8333-944455557777';

/**
 * Renders the app under `lib`'s Provider (ours: its `<Authenticator passwordless>` when
 * `viaProp`); the app sends INIT with `init`. Returns a handle on the latest facade.
 */
async function mount(lib, init = {}, viaProp = false) {
  const seen = { facade: undefined };
  function Probe() {
    const facade = lib.useAuthenticator();
    seen.facade = facade;
    // Amplify UI's `useAuthenticatorInitMachine` (what `<Authenticator>` does).
    useEffect(() => {
      if (facade.route !== 'idle' && !seen.initialized) {
        seen.initialized = true;
        facade.initializeMachine(init);
      }
    }, [facade.route]);
    return null;
  }
  const container = document.createElement('div');
  document.body.appendChild(container);
  const root = createRoot(container);
  const app = viaProp ? h(oursReact.Authenticator, { passwordless: init.passwordless }, h(Probe)) : h(lib.Provider, null, h(Probe));
  await act(async () => root.render(app));
  return {
    seen,
    async unmount() {
      await act(async () => root.unmount());
      container.remove();
    },
  };
}

/** Waits until the facade shows `route` and nothing is pending. */
async function settle(seen, route, what) {
  const end = Date.now() + 4000;
  while (!(seen.facade && seen.facade.route === route && !seen.facade.isPending)) {
    if (Date.now() > end) throw new Error(`${what}: waited for ${route}, facade is at ${seen.facade?.route} (pending ${seen.facade?.isPending}, error ${seen.facade?.error})`);
    await act(async () => {
      await new Promise((r) => setTimeout(r, 5));
    });
  }
  // Let trailing renders land.
  await act(async () => {
    await new Promise((r) => setTimeout(r, 10));
  });
}

/** Plays a scenario with one library; returns the facade after each step. */
async function play(libName, scenario) {
  const lib = LIBS[libName];
  const script = scenario.script();
  const fake = createCognito(script);
  const previousFetch = globalThis.fetch;
  lib.setUp(fake.fetch, createMemoryStorage(), configOf(scenario.config));
  const app = await mount(lib, scenario.init, libName === 'ours' && !!scenario.viaAuthenticatorProp);
  const out = [];
  try {
    for (const [label, action, route] of scenario.steps) {
      if (action) await act(async () => action(app.seen.facade));
      await settle(app.seen, route, `${libName} ${scenario.name}: ${label}`);
      out.push({ label, facade: app.seen.facade });
    }
  } finally {
    await app.unmount();
    await lib.tearDown();
    globalThis.fetch = previousFetch;
  }
  out.calls = fake.calls;
  return out;
}

/** The comparable form of one facade value (functions → '<function>', undefined → '<undefined>'). */
const comparable = (value) => normalize(value);

/**
 * Amplify UI's `validationErrors` with each message list as a list: its
 * `validateRequiredFieldsForAuthMethod` gives a bare string where its other validators
 * give lists; ours is always a list (the messages themselves are still compared).
 */
const listedMessages = (errors) =>
  errors && typeof errors === 'object' ? Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, typeof v === 'string' ? [v] : v])) : errors;

/** The differences between Amplify UI's facade and ours that are not allowed. */
function facadeDifferences(amplifyFacade, oursFacade) {
  const amplify = { ...amplifyFacade, validationErrors: listedMessages(amplifyFacade.validationErrors) };
  const found = [];
  for (const key of Object.keys(amplify)) {
    if (!(key in oursFacade)) {
      found.push({ path: key, amplify: comparable(amplify[key]), ours: '<absent key>' });
      continue;
    }
    for (const d of differences(comparable(amplify[key]), comparable(oursFacade[key]), key)) {
      if (d.amplify === '<absent>') continue; // extra keys of ours are allowed
      found.push(d);
    }
  }
  return found.filter((d) => !ALLOWED.some(([pattern]) => pattern.test(`${amplify.route}: ${d.path}`)));
}

const used = new Set();

describe('cognito-headless/react useAuthenticator vs Amplify UI useAuthenticator', () => {
  it('exports Authenticator.Provider', () => {
    expect(typeof oursReact.Authenticator?.Provider).toBe('function');
  });

  for (const scenario of SCENARIOS) {
    it(scenario.name, async () => {
      const amplify = await play('amplify', scenario);
      const mine = await play('ours', scenario);
      const report = [];
      for (let i = 0; i < amplify.length; i++) {
        if (process.env.PARITY_DUMP) {
          console.log(`--- ${scenario.name}: ${amplify[i].label}\namplify: ${JSON.stringify(comparable(amplify[i].facade))}\nours:    ${JSON.stringify(comparable(mine[i].facade))}`);
        }
        for (const d of facadeDifferences(amplify[i].facade, mine[i].facade)) {
          report.push(`${amplify[i].label}: ${d.path}: amplify ${JSON.stringify(d.amplify)} ours ${JSON.stringify(d.ours)}`);
        }
      }
      expect(report).toEqual([]);
      // The requests the UI made (passwordless: USER_AUTH with the chosen method).
      if (scenario.compareRequests) expect(normalize(mine.calls)).toEqual(normalize(amplify.calls));
    });
  }
});
