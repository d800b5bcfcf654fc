// More scenarios for tests/js/differential.test.mjs (issue 23 item 5): the nextSteps and
// functions the first set did not reach (email MFA setup, first-factor selection, USER_AUTH
// codes, auto sign-in, every account call, devices, passkey lists, global sign-out, the
// hosted UI's refusals, an email-login pool's username). Same shape: `script` answers by
// operation (tests/js/support/differential.mjs `createCognito`), `run` records results.
import { serviceError, PASSWORD, SUBS } from './differential.mjs';

const PW = { authFlowType: 'USER_PASSWORD_AUTH' };
const tokensOf = (fake, user = 'alice') => ({ AuthenticationResult: fake.tokens(user), ChallengeParameters: {} });
const signInPw = (f) => f.signIn({ username: 'alice', password: PASSWORD, options: PW });
const OAUTH = {
  loginWith: {
    oauth: {
      domain: 'diff.auth.us-east-1.amazoncognito.com',
      scopes: ['openid', 'email'],
      redirectSignIn: ['http://localhost:3000/'],
      redirectSignOut: ['http://localhost:3000/'],
      responseType: 'code',
    },
  },
};
const delivery = (AttributeName, DeliveryMedium, Destination) => ({ AttributeName, DeliveryMedium, Destination });

export const MORE_SCENARIOS = [
  {
    name: 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP → CONFIRM_SIGN_IN_WITH_EMAIL_CODE → DONE',
    script: () => ({
      InitiateAuth: { ChallengeName: 'MFA_SETUP', Session: 'session-es-1', ChallengeParameters: { MFAS_CAN_SETUP: '["EMAIL_OTP"]' } },
      RespondToAuthChallenge: [
        {
          ChallengeName: 'EMAIL_OTP',
          Session: 'session-es-2',
          ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'a***@e***' },
        },
        (body, fake) => tokensOf(fake),
      ],
    }),
    async run(f, record) {
      await record('signIn', signInPw(f));
      await record('giveEmail', f.confirmSignIn({ challengeResponse: 'alice@example.com' }));
      await record('confirmSignIn', f.confirmSignIn({ challengeResponse: '12345678' }));
    },
  },
  {
    name: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION → CONFIRM_SIGN_IN_WITH_PASSWORD → DONE',
    script: () => ({
      InitiateAuth: { ChallengeName: 'SELECT_CHALLENGE', Session: 'session-ff-1', AvailableChallenges: ['PASSWORD', 'EMAIL_OTP'], ChallengeParameters: {} },
      // Choosing PASSWORD asks for it locally; the answer goes with the password.
      RespondToAuthChallenge: (body, fake) => tokensOf(fake),
    }),
    async run(f, record) {
      await record('signIn', f.signIn({ username: 'alice', options: { authFlowType: 'USER_AUTH' } }));
      await record('choosePassword', f.confirmSignIn({ challengeResponse: 'PASSWORD' }));
      await record('confirmSignIn', f.confirmSignIn({ challengeResponse: PASSWORD }));
      await record('getCurrentUser', f.getCurrentUser());
    },
  },
  {
    name: 'USER_AUTH with preferredChallenge EMAIL_OTP → CONFIRM_SIGN_IN_WITH_EMAIL_CODE',
    script: () => ({
      InitiateAuth: {
        ChallengeName: 'EMAIL_OTP',
        Session: 'session-ua-1',
        ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'a***@e***' },
      },
      RespondToAuthChallenge: (body, fake) => tokensOf(fake),
    }),
    async run(f, record) {
      await record('signIn', f.signIn({ username: 'alice', options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' } }));
      await record('confirmSignIn', f.confirmSignIn({ challengeResponse: '12345678' }));
    },
  },
  {
    name: 'CUSTOM_WITHOUT_SRP with a password is refused before any request',
    script: {},
    async run(f, record) {
      await record('signIn', f.signIn({ username: 'alice', password: PASSWORD, options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } }));
    },
  },
  {
    name: 'email-login pool: getCurrentUser().username is the token name (the sub), not the email typed',
    script: () => ({
      InitiateAuth: (body, fake) => ({ AuthenticationResult: fake.tokens('alice', { claimedAs: SUBS.alice }), ChallengeParameters: {} }),
    }),
    async run(f, record) {
      await record('signIn', f.signIn({ username: 'alice@example.com', password: PASSWORD, options: PW }));
      await record('getCurrentUser', f.getCurrentUser());
    },
  },
  {
    name: 'signUp with autoSignIn → confirmSignUp COMPLETE_AUTO_SIGN_IN → autoSignIn DONE; resendSignUpCode',
    script: () => ({
      SignUp: { UserConfirmed: false, UserSub: SUBS.bob, CodeDeliveryDetails: delivery('email', 'EMAIL', 'b***@e***') },
      ResendConfirmationCode: { CodeDeliveryDetails: delivery('email', 'EMAIL', 'b***@e***') },
      ConfirmSignUp: { Session: 'session-confirmed-1' },
      InitiateAuth: (body, fake) => tokensOf(fake, 'bob'),
    }),
    async run(f, record) {
      await record('signUp', f.signUp({ username: 'bob', password: PASSWORD, options: { userAttributes: { email: 'bob@example.com' }, autoSignIn: true } }));
      await record('resendSignUpCode', f.resendSignUpCode({ username: 'bob' }));
      await record('confirmSignUp', f.confirmSignUp({ username: 'bob', confirmationCode: '123456' }));
      await record('autoSignIn', f.autoSignIn());
      await record('getCurrentUser', f.getCurrentUser());
    },
  },
  {
    name: 'account calls: updatePassword, TOTP setup, MFA preference, attributes (update, confirm, send code, delete)',
    script: {
      ChangePassword: [{}, serviceError('NotAuthorizedException', 'Incorrect username or password.')],
      AssociateSoftwareToken: { SecretCode: 'JBSWY3DPEHPK3PXP' },
      VerifySoftwareToken: [{ Status: 'SUCCESS' }, serviceError('EnableSoftwareTokenMFAException', 'Code mismatch')],
      SetUserMFAPreference: {},
      UpdateUserAttributes: [{ CodeDeliveryDetailsList: [delivery('email', 'EMAIL', 'n***@e***')] }, { CodeDeliveryDetailsList: [] }],
      VerifyUserAttribute: [{}, serviceError('CodeMismatchException', 'Invalid verification code provided, please try again.')],
      GetUserAttributeVerificationCode: { CodeDeliveryDetails: delivery('email', 'EMAIL', 'n***@e***') },
      DeleteUserAttributes: {},
    },
    async run(f, record) {
      await record('signIn', signInPw(f));
      await record('updatePassword', f.updatePassword({ oldPassword: PASSWORD, newPassword: 'New-Passw0rd!' }));
      await record('updatePasswordWrong', f.updatePassword({ oldPassword: 'nope', newPassword: 'New-Passw0rd!' }));
      const totp = await record('setUpTOTP', f.setUpTOTP());
      await record('setupUri', Promise.resolve(totp?.getSetupUri('MyApp', 'alice')?.href));
      await record('verifyTOTPSetup', f.verifyTOTPSetup({ code: '123456', options: { friendlyDeviceName: 'phone' } }));
      await record('verifyTOTPSetupWrong', f.verifyTOTPSetup({ code: '000000' }));
      await record('updateMFAPreference', f.updateMFAPreference({ totp: 'PREFERRED', sms: 'DISABLED' }));
      await record('updateUserAttributes', f.updateUserAttributes({ userAttributes: { email: 'new@example.com', name: 'Alice' } }));
      await record('updateUserAttribute', f.updateUserAttribute({ userAttribute: { attributeKey: 'name', value: 'Al' } }));
      await record('confirmUserAttribute', f.confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: '123456' }));
      await record('confirmUserAttributeWrong', f.confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: '000000' }));
      await record('sendCode', f.sendUserAttributeVerificationCode({ userAttributeKey: 'email' }));
      await record('deleteUserAttributes', f.deleteUserAttributes({ userAttributeKeys: ['custom:team'] }));
    },
  },
  {
    name: 'devices and passkey lists: forgetDevice, listWebAuthnCredentials, deleteWebAuthnCredential',
    script: {
      ForgetDevice: {},
      ListWebAuthnCredentials: {
        Credentials: [
          {
            CredentialId: 'cred-1',
            FriendlyCredentialName: 'Laptop',
            RelyingPartyId: 'example.com',
            AuthenticatorAttachment: 'platform',
            AuthenticatorTransports: ['internal'],
            CreatedAt: 1700000000,
          },
        ],
      },
      DeleteWebAuthnCredential: {},
    },
    async run(f, record) {
      await record('signIn', signInPw(f));
      await record('forgetDevice', f.forgetDevice({ device: { id: 'us-east-1_11111111-2222-4333-8444-555555555555' } }));
      await record('listWebAuthnCredentials', f.listWebAuthnCredentials());
      await record('deleteWebAuthnCredential', f.deleteWebAuthnCredential({ credentialId: 'cred-1' }));
    },
  },
  {
    name: 'signOut global, deleteUser, signed-out calls',
    script: { DeleteUser: {} },
    async run(f, record) {
      await record('signIn', signInPw(f));
      await record('signOutGlobal', f.signOut({ global: true }));
      await record('updatePasswordSignedOut', f.updatePassword({ oldPassword: PASSWORD, newPassword: 'x' }));
      await record('signInAgain', signInPw(f));
      await record('deleteUser', f.deleteUser());
      await record('getCurrentUser', f.getCurrentUser());
    },
  },
  {
    name: 'signInWithRedirect refused: signed in already (hosted UI configured)',
    config: OAUTH,
    script: {},
    async run(f, record) {
      await record('signIn', signInPw(f));
      await record('signInWithRedirect', f.signInWithRedirect({ provider: 'Google' }));
    },
  },
  {
    name: 'signInWithRedirect refused: no hosted UI configured',
    script: {},
    async run(f, record) {
      await record('signInWithRedirect', f.signInWithRedirect());
    },
  },
  {
    name: 'fetchAuthSession({ forceRefresh, clientMetadata })',
    script: {},
    async run(f, record, fake) {
      await record('signIn', signInPw(f));
      await record('refreshed', f.fetchAuthSession({ forceRefresh: true, clientMetadata: { reason: 'test' } }));
      // The one request body compared: the metadata went with the refresh.
      await record('sentMetadata', Promise.resolve(fake.calls.find((c) => c.op === 'GetTokensFromRefreshToken')?.body.ClientMetadata));
    },
  },
  {
    name: 'refresh refused with UserNotFoundException: session ends',
    script: { GetTokensFromRefreshToken: serviceError('UserNotFoundException', 'User does not exist.') },
    async run(f, record) {
      await record('signIn', signInPw(f));
      await record('refresh', f.fetchAuthSession({ forceRefresh: true }));
      await record('getCurrentUser', f.getCurrentUser());
    },
  },
  {
    name: 'refresh over a failing network: the session stays',
    script: () => ({
      GetTokensFromRefreshToken: Array.from({ length: 5 }, () => () => {
        throw new TypeError('fetch failed');
      }),
    }),
    async run(f, record) {
      await record('signIn', signInPw(f));
      await record('refresh', f.fetchAuthSession({ forceRefresh: true }));
      await record('getCurrentUser', f.getCurrentUser());
    },
  },
  {
    name: 'rememberDevice and forgetDevice() without a remembered device',
    script: {},
    async run(f, record) {
      await record('signIn', signInPw(f));
      await record('rememberDevice', f.rememberDevice());
      await record('forgetDevice', f.forgetDevice());
    },
  },
  {
    name: 'decodeJWT: a token and a malformed one',
    script: {},
    async run(f, record) {
      await record('signIn', signInPw(f));
      const session = await f.fetchAuthSession();
      const raw = String(session?.tokens?.idToken);
      await record('decodeJWT', Promise.resolve().then(() => f.decodeJWT(raw)));
      await record('decodeMalformed', Promise.resolve().then(() => f.decodeJWT('not-a-jwt')));
    },
  },
];
