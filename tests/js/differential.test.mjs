// Differential test (issue 20 item 5): the real aws-amplify 6.22.0 (@aws-amplify/auth
// 6.21.1) and our drop-in (`cognito-headless/amplify` from the built package) run the same
// scenarios against ONE deterministic scripted Cognito `fetch` (tests/js/support/
// differential.mjs), each with a fresh in-memory storage, and every result, error and Hub
// 'auth' capsule must be the same tree: same key sets at every depth (a key whose value is
// `undefined` counts as absent on either side; any key with a value must exist on both), same
// values. The Cognito operations each library sent are compared too. Intentional
// differences are the ALLOWLIST below, each with its reason; an entry that no scenario needs
// any more fails the test, so the list cannot go stale.
//
// Checked once by hand that a renamed key fails it: `nextStep` renamed to `nextstep` in
// js/results.js `toSignInOutput` (`out.nextstep = out.nextStep; delete out.nextStep`),
// `bash scripts/package.sh --js-only`, then this file: 13 of the 16 scenarios failed (every
// one with a signIn/confirmSignIn result; the three without one passed), each with the pair
//   results.signIn.ok.nextStep: amplify {"signInStep":"DONE"} ours "<absent>"
//   results.signIn.ok.nextstep: amplify "<absent>" ours {"signInStep":"DONE"}
// the TOTP-setup scenario also with results.setupUri (no `nextStep.totpSetupDetails` to call),
// and the allowlist check flagged the allowedMFATypes allowance as no longer matching.
// Reverted, rebuilt: 16 passed.
//
// Not compared: SRP proofs, device verifiers, request ids and user agents (random or
// library-specific), and request bodies (only the sequence of operations).
// DIFF_DEBUG=1 prints every difference (allowed ones too); DIFF_DEBUG=dump both trees.
import { describe, it, expect, afterAll } from 'vitest';
import { importBuilt } from './support/built-package.mjs';
import { differences, loadLibraries, runScenario, serviceError, PASSWORD } from './support/differential.mjs';
import { MORE_SCENARIOS } from './support/differential-scenarios.mjs';

const libs = await loadLibraries(importBuilt);

/**
 * Intentional differences and known gaps: where (results | hub | ops), a pattern over the
 * difference's path, optionally the scenarios it applies to, and why. Keep it short and
 * honest: a difference that is a bug of ours is marked "known gap" with its issue.
 */
const ALLOWLIST = [
  {
    where: 'results',
    path: /^results\.setupUri\.ok$/,
    reason: "ours: getSetupUri percent-encodes the account name ('@' → %40); Amplify interpolates it raw, so a '?', '#' or '&' in it breaks the URI",
  },
  {
    where: 'ops',
    scenario: /failing network/,
    path: /^ops\.\d+$/,
    reason: 'ours: a rotating refresh (GetTokensFromRefreshToken) is sent once, never repeated after a network error (a repeat could spend the refresh token twice); Amplify tries it three times. Either way the session stays and tokenRefresh_failure is emitted',
  },
  {
    where: 'results',
    scenario: /failing network/,
    path: /^results\.refresh\.error\.message$/,
    reason: "ours: NetworkError's message carries the transport's words (`network error: fetch failed`); Amplify's is always 'A network error has occurred.'",
  },
  {
    where: 'hub',
    scenario: /failing network/,
    path: /^hub\.1\.payload\.data\.error\.message$/,
    reason: 'the same NetworkError message, in the tokenRefresh_failure event',
  },
  {
    where: 'ops',
    scenario: /deleteUser/,
    path: /^ops\.\d+$/,
    reason: "ours: deleteUser does not send RevokeToken after DeleteUser (the deleted user's tokens are dead already; Amplify's signOut() sends it and ignores the answer)",
  },
  {
    where: 'results',
    scenario: /signUp/,
    path: /^results\.exists\.error\.metadata$/,
    reason: "ours: every Cognito error answer carries metadata (httpStatusCode, requestId); Amplify's SignUp, DeleteUser and ForgetDevice deserializers drop it (createSignUpClientDeserializer, createEmptyResponseDeserializer), its other calls keep it",
  },
].map((e) => ({ ...e, used: 0 }));

const PW = { authFlowType: 'USER_PASSWORD_AUTH' };
const tokensOf = (fake, user = 'alice') => ({ AuthenticationResult: fake.tokens(user), ChallengeParameters: {} });

/** The scenarios: `script` answers by operation (see createCognito), `run` records results. */
const SCENARIOS = [
  {
    name: 'signIn DONE (USER_PASSWORD_AUTH), account reads, refresh, signOut',
    script: {},
    async run(f, record) {
      await record('signIn', f.signIn({ username: 'alice', password: PASSWORD, options: PW }));
      await record('getCurrentUser', f.getCurrentUser());
      await record('fetchAuthSession', f.fetchAuthSession());
      await record('fetchUserAttributes', f.fetchUserAttributes());
      await record('fetchMFAPreference', f.fetchMFAPreference());
      await record('fetchDevices', f.fetchDevices());
      await record('signInAgain', f.signIn({ username: 'alice', password: PASSWORD, options: PW }));
      await record('refreshed', f.fetchAuthSession({ forceRefresh: true }));
      await record('signOut', f.signOut());
      await record('getCurrentUserAfter', f.getCurrentUser());
      await record('fetchAuthSessionAfter', f.fetchAuthSession());
      await record('fetchUserAttributesAfter', f.fetchUserAttributes());
    },
  },
  {
    name: 'signIn DONE (USER_SRP_AUTH, the fake accepts any proof)',
    script: {},
    async run(f, record) {
      await record('signIn', f.signIn({ username: 'alice', password: PASSWORD }));
      await record('getCurrentUser', f.getCurrentUser());
    },
  },
  {
    name: 'signIn errors: wrong password, unknown user (SRP), empty username and password',
    script: {},
    async run(f, record) {
      await record('wrongPassword', f.signIn({ username: 'alice', password: 'nope', options: PW }));
      await record('unknownUser', f.signIn({ username: 'mallory', password: PASSWORD }));
      await record('emptyUsername', f.signIn({ username: '', password: PASSWORD }));
      await record('emptyPassword', f.signIn({ username: 'alice', password: '', options: PW }));
    },
  },
  {
    name: 'signIn → CONFIRM_SIGN_UP and RESET_PASSWORD (errors returned as steps)',
    script: {
      InitiateAuth: [serviceError('UserNotConfirmedException', 'User is not confirmed.'), serviceError('PasswordResetRequiredException', 'Password reset required for the user')],
    },
    async run(f, record) {
      await record('notConfirmed', f.signIn({ username: 'alice', password: PASSWORD, options: PW }));
      await record('resetRequired', f.signIn({ username: 'alice', password: PASSWORD, options: PW }));
    },
  },
  {
    name: 'CONFIRM_SIGN_IN_WITH_SMS_CODE: a wrong code, then the right one',
    script: () => ({
      InitiateAuth: {
        ChallengeName: 'SMS_MFA',
        Session: 'session-sms-1',
        ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******1234', USER_ID_FOR_SRP: 'alice' },
      },
      RespondToAuthChallenge: [
        serviceError('CodeMismatchException', 'Invalid code or auth state for the user.'),
        (body, fake) => tokensOf(fake),
      ],
    }),
    async run(f, record) {
      await record('signIn', f.signIn({ username: 'alice', password: PASSWORD, options: PW }));
      await record('wrongCode', f.confirmSignIn({ challengeResponse: '000000' }));
      await record('confirmSignIn', f.confirmSignIn({ challengeResponse: '123456' }));
      await record('getCurrentUser', f.getCurrentUser());
    },
  },
  {
    name: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE',
    script: () => ({
      InitiateAuth: { ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 'session-totp-1', ChallengeParameters: {} },
      RespondToAuthChallenge: (body, fake) => tokensOf(fake),
    }),
    async run(f, record) {
      await record('signIn', f.signIn({ username: 'alice', password: PASSWORD, options: PW }));
      await record('confirmSignIn', f.confirmSignIn({ challengeResponse: '123456' }));
    },
  },
  {
    name: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE',
    script: () => ({
      InitiateAuth: {
        ChallengeName: 'EMAIL_OTP',
        Session: 'session-email-1',
        ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'a***@e***' },
      },
      RespondToAuthChallenge: (body, fake) => tokensOf(fake),
    }),
    async run(f, record) {
      await record('signIn', f.signIn({ username: 'alice', password: PASSWORD, options: PW }));
      await record('confirmSignIn', f.confirmSignIn({ challengeResponse: '12345678' }));
    },
  },
  {
    name: 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION → TOTP',
    script: () => ({
      InitiateAuth: {
        ChallengeName: 'SELECT_MFA_TYPE',
        Session: 'session-select-1',
        ChallengeParameters: { MFAS_CAN_CHOOSE: '["SMS_MFA","SOFTWARE_TOKEN_MFA"]' },
      },
      RespondToAuthChallenge: [
        { ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 'session-select-2', ChallengeParameters: {} },
        (body, fake) => tokensOf(fake),
      ],
    }),
    async run(f, record) {
      await record('signIn', f.signIn({ username: 'alice', password: PASSWORD, options: PW }));
      await record('select', f.confirmSignIn({ challengeResponse: 'TOTP' }));
      await record('confirmSignIn', f.confirmSignIn({ challengeResponse: '123456' }));
    },
  },
  {
    name: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED',
    script: () => ({
      InitiateAuth: {
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: 'session-newpw-1',
        ChallengeParameters: { requiredAttributes: '["userAttributes.name"]', userAttributes: '{"email":"alice@example.com"}' },
      },
      RespondToAuthChallenge: (body, fake) => tokensOf(fake),
    }),
    async run(f, record) {
      await record('signIn', f.signIn({ username: 'alice', password: PASSWORD, options: PW }));
      await record('confirmSignIn', f.confirmSignIn({ challengeResponse: 'New-Passw0rd!', options: { userAttributes: { name: 'Alice' } } }));
    },
  },
  {
    name: 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP (MFA_SETUP, TOTP only)',
    script: () => ({
      InitiateAuth: { ChallengeName: 'MFA_SETUP', Session: 'session-setup-1', ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' } },
      AssociateSoftwareToken: { SecretCode: 'JBSWY3DPEHPK3PXP', Session: 'session-setup-2' },
      VerifySoftwareToken: { Status: 'SUCCESS', Session: 'session-setup-3' },
      RespondToAuthChallenge: (body, fake) => tokensOf(fake),
    }),
    async run(f, record) {
      const out = await record('signIn', f.signIn({ username: 'alice', password: PASSWORD, options: PW }));
      await record('setupUri', Promise.resolve(out?.nextStep?.totpSetupDetails?.getSetupUri('My App', 'alice@example.com')?.href));
      await record('confirmSignIn', f.confirmSignIn({ challengeResponse: '123456' }));
    },
  },
  {
    name: 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION (MFA_SETUP, TOTP or email)',
    script: () => ({
      InitiateAuth: { ChallengeName: 'MFA_SETUP', Session: 'session-setup-1', ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA","EMAIL_OTP"]' } },
    }),
    async run(f, record) {
      await record('signIn', f.signIn({ username: 'alice', password: PASSWORD, options: PW }));
      await record('chooseEmail', f.confirmSignIn({ challengeResponse: 'EMAIL' }));
    },
  },
  {
    name: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE (CUSTOM_WITHOUT_SRP)',
    script: () => ({
      InitiateAuth: { ChallengeName: 'CUSTOM_CHALLENGE', Session: 'session-custom-1', ChallengeParameters: { question: 'two plus two?', USERNAME: 'alice' } },
      RespondToAuthChallenge: (body, fake) => tokensOf(fake),
    }),
    async run(f, record) {
      await record('signIn', f.signIn({ username: 'alice', options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } }));
      await record('confirmSignIn', f.confirmSignIn({ challengeResponse: '4' }));
    },
  },
  {
    name: 'signUp → CONFIRM_SIGN_UP, confirmSignUp, an existing user, a confirmed sign-up',
    script: {
      SignUp: [
        {
          UserConfirmed: false,
          UserSub: '0000aaaa-1111-4222-8333-944455550000',
          CodeDeliveryDetails: { DeliveryMedium: 'EMAIL', Destination: 'b***@e***', AttributeName: 'email' },
        },
        serviceError('UsernameExistsException', 'User already exists'),
        { UserConfirmed: true, UserSub: '0000aaaa-1111-4222-8333-944455550001' },
      ],
      ConfirmSignUp: [{}, serviceError('CodeMismatchException', 'Invalid verification code provided, please try again.')],
    },
    async run(f, record) {
      const attrs = { email: 'bob@example.com' };
      await record('signUp', f.signUp({ username: 'bob', password: PASSWORD, options: { userAttributes: attrs } }));
      await record('confirmSignUp', f.confirmSignUp({ username: 'bob', confirmationCode: '123456' }));
      await record('wrongCode', f.confirmSignUp({ username: 'bob', confirmationCode: '000000' }));
      await record('exists', f.signUp({ username: 'bob', password: PASSWORD, options: { userAttributes: attrs } }));
      await record('confirmed', f.signUp({ username: 'carol', password: PASSWORD, options: { userAttributes: { email: 'carol@example.com' } } }));
    },
  },
  {
    name: 'resetPassword → CONFIRM_RESET_PASSWORD_WITH_CODE, confirmResetPassword, an unknown user',
    script: {
      ForgotPassword: [
        { CodeDeliveryDetails: { DeliveryMedium: 'SMS', Destination: '+*******1234', AttributeName: 'phone_number' } },
        serviceError('UserNotFoundException', 'Username/client id combination not found.'),
      ],
      ConfirmForgotPassword: {},
    },
    async run(f, record) {
      await record('resetPassword', f.resetPassword({ username: 'alice' }));
      await record('confirmResetPassword', f.confirmResetPassword({ username: 'alice', newPassword: 'New-Passw0rd!', confirmationCode: '123456' }));
      await record('unknownUser', f.resetPassword({ username: 'mallory' }));
    },
  },
  {
    name: 'fetchAuthSession with an identity pool: credentials and identityId, refreshed',
    config: { identityPoolId: 'us-east-1:11111111-2222-4333-8444-555555555555' },
    script: {},
    async run(f, record) {
      await record('signIn', f.signIn({ username: 'alice', password: PASSWORD, options: PW }));
      await record('fetchAuthSession', f.fetchAuthSession());
      await record('refreshed', f.fetchAuthSession({ forceRefresh: true }));
    },
  },
  {
    name: 'refresh refused (NotAuthorizedException): session ends',
    script: {
      GetTokensFromRefreshToken: serviceError('NotAuthorizedException', 'Refresh Token has been revoked'),
    },
    async run(f, record) {
      await record('signIn', f.signIn({ username: 'alice', password: PASSWORD, options: PW }));
      await record('refresh', f.fetchAuthSession({ forceRefresh: true }));
      await record('getCurrentUser', f.getCurrentUser());
    },
  },
];

SCENARIOS.push(...MORE_SCENARIOS);

const DEBUG = !!process.env.DIFF_DEBUG;
let ran = 0;

describe('aws-amplify vs cognito-headless/amplify, one scripted Cognito', () => {
  for (const scenario of SCENARIOS) {
    it(scenario.name, async () => {
      const amplify = await runScenario(libs.amplify, scenario, libs.createMemoryStorage);
      const ours = await runScenario(libs.ours, scenario, libs.createMemoryStorage);
      if (process.env.DIFF_DEBUG === 'dump') console.log(scenario.name, JSON.stringify({ amplify, ours }, null, 1));
      const unexplained = [];
      for (const where of ['results', 'hub', 'ops']) {
        for (const d of differences(amplify[where], ours[where], where)) {
          const entry = ALLOWLIST.find((e) => e.where === where && e.path.test(d.path) && (!e.scenario || e.scenario.test(scenario.name)));
          if (DEBUG) console.log(`${entry ? 'ALLOWED ' : ''}${scenario.name}: ${d.path}: amplify ${JSON.stringify(d.amplify)} ours ${JSON.stringify(d.ours)}`);
          if (entry) entry.used += 1;
          else unexplained.push(`${scenario.name}: ${d.path}: amplify ${JSON.stringify(d.amplify)} ours ${JSON.stringify(d.ours)}`);
        }
      }
      ran += 1;
      expect(unexplained).toEqual([]);
    });
  }

  afterAll(() => {
    // Only when every scenario ran (no `-t` filter, none failed early): each allowance must
    // still be needed by some scenario.
    if (ran < SCENARIOS.length) return;
    expect(ALLOWLIST.filter((e) => e.used === 0).map((e) => `${e.where} ${e.path}: ${e.reason}`)).toEqual([]);
  });
});
