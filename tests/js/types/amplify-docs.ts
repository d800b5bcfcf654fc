// Code written the way Amplify's v6 docs use `aws-amplify/auth` (docs.amplify.aws, "Set up
// Amplify Auth" → sign-up, sign-in, multi-step sign-in, MFA, TOTP, user attributes,
// devices, passkeys, sessions, Hub events). tests/js/amplify-doc-types.test.mjs compiles it
// with `strict` twice: against the real aws-amplify (0 errors: the file is right) and with
// the same imports aliased to cognito-headless (0 errors: ours is a drop-in for it).
// Never run; it only has to type-check. Every name `aws-amplify/auth` exports is used.
import { Amplify } from 'aws-amplify';
import { Hub } from 'aws-amplify/utils';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import {
  AuthError,
  associateWebAuthnCredential,
  autoSignIn,
  confirmResetPassword,
  confirmSignIn,
  confirmSignUp,
  confirmUserAttribute,
  decodeJWT,
  deleteUser,
  deleteUserAttributes,
  deleteWebAuthnCredential,
  fetchAuthSession,
  fetchDevices,
  fetchMFAPreference,
  fetchUserAttributes,
  forgetDevice,
  getCurrentUser,
  listWebAuthnCredentials,
  rememberDevice,
  resendSignUpCode,
  resetPassword,
  sendUserAttributeVerificationCode,
  setUpTOTP,
  signIn,
  signInWithRedirect,
  signOut,
  signUp,
  updateMFAPreference,
  updatePassword,
  updateUserAttribute,
  updateUserAttributes,
  verifyTOTPSetup,
} from 'aws-amplify/auth';
import type {
  AuthSession,
  AuthTokens,
  AuthUser,
  AuthWebAuthnCredential,
  CodeDeliveryDetails,
  ConfirmResetPasswordInput,
  ConfirmSignInInput,
  ConfirmSignInOutput,
  ConfirmSignUpInput,
  ConfirmSignUpOutput,
  ConfirmUserAttributeInput,
  CredentialsAndIdentityId,
  CredentialsAndIdentityIdProvider,
  DeleteUserAttributesInput,
  DeleteWebAuthnCredentialInput,
  FetchAuthSessionOptions,
  FetchDevicesOutput,
  FetchMFAPreferenceOutput,
  FetchUserAttributesOutput,
  ForgetDeviceInput,
  GetCredentialsOptions,
  GetCurrentUserOutput,
  JWT,
  ListWebAuthnCredentialsInput,
  ListWebAuthnCredentialsOutput,
  ResendSignUpCodeInput,
  ResendSignUpCodeOutput,
  ResetPasswordInput,
  ResetPasswordOutput,
  SendUserAttributeVerificationCodeInput,
  SendUserAttributeVerificationCodeOutput,
  SetUpTOTPOutput,
  SignInInput,
  SignInOutput,
  SignInWithRedirectInput,
  SignOutInput,
  SignUpInput,
  SignUpOutput,
  TokenProvider,
  UpdateMFAPreferenceInput,
  UpdatePasswordInput,
  UpdateUserAttributeInput,
  UpdateUserAttributeOutput,
  UpdateUserAttributesInput,
  UpdateUserAttributesOutput,
  UserAttributeKey,
  VerifiableUserAttributeKey,
  VerifyTOTPSetupInput,
} from 'aws-amplify/auth';

declare function show(...values: unknown[]): void;
declare function ask(question: string): Promise<string>;

Amplify.configure({
  Auth: {
    Cognito: {
      userPoolId: 'us-east-1_AbC123',
      userPoolClientId: 'abcdefghij1234567890',
      loginWith: {
        email: true,
        oauth: {
          domain: 'my-app.auth.us-east-1.amazoncognito.com',
          scopes: ['openid', 'email'],
          redirectSignIn: ['http://localhost:3000/'],
          redirectSignOut: ['http://localhost:3000/'],
          responseType: 'code',
        },
      },
    },
  },
});

// ------------------------------------------------------------------ sign-up

async function handleSignUp({ username, password, email }: { username: string; password: string; email: string }) {
  const input: SignUpInput = { username, password, options: { userAttributes: { email }, autoSignIn: true } };
  const { isSignUpComplete, userId, nextStep }: SignUpOutput = await signUp(input);
  show(isSignUpComplete, userId);
  switch (nextStep.signUpStep) {
    case 'CONFIRM_SIGN_UP': {
      // Required on this step: no `?.` needed.
      const details: CodeDeliveryDetails = nextStep.codeDeliveryDetails;
      show(`Code sent to ${details.destination} by ${details.deliveryMedium} (${details.attributeName})`);
      break;
    }
    case 'COMPLETE_AUTO_SIGN_IN':
      show(nextStep.codeDeliveryDetails?.destination);
      await handleAutoSignIn();
      break;
    case 'DONE':
      show('signed up');
      break;
  }
}

async function handleSignUpConfirmation(username: string, confirmationCode: string) {
  const input: ConfirmSignUpInput = { username, confirmationCode, options: { forceAliasCreation: false } };
  const { isSignUpComplete, nextStep }: ConfirmSignUpOutput = await confirmSignUp(input);
  if (isSignUpComplete && nextStep.signUpStep === 'COMPLETE_AUTO_SIGN_IN') await handleAutoSignIn();
}

async function handleAutoSignIn() {
  const signInOutput: SignInOutput = await autoSignIn();
  await handleSignInNextSteps(signInOutput);
}

async function handleResendCode(username: string) {
  const input: ResendSignUpCodeInput = { username };
  const details: ResendSignUpCodeOutput = await resendSignUpCode(input);
  const medium: string | undefined = details.deliveryMedium;
  const attribute: VerifiableUserAttributeKey | undefined = details.attributeName;
  show(medium, attribute);
}

// ------------------------------------------------------------------ sign-in, every nextStep

async function handleSignIn({ username, password }: { username: string; password: string }) {
  const input: SignInInput = { username, password, options: { authFlowType: 'USER_SRP_AUTH' } };
  try {
    const output = await signIn(input);
    await handleSignInNextSteps(output);
  } catch (error) {
    if (error instanceof AuthError) {
      show(error.name, error.message, error.recoverySuggestion, error.underlyingError);
      show(error.metadata?.httpStatusCode, error.metadata?.requestId);
    }
  }
  await signIn({ username, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' } });
  await signIn({ username, options: { authFlowType: 'CUSTOM_WITHOUT_SRP', clientMetadata: { source: 'docs' } } });
  await signIn({ username, password, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
}

async function handleSignInNextSteps(output: SignInOutput | ConfirmSignInOutput): Promise<void> {
  const { isSignedIn, nextStep } = output;
  show(isSignedIn);
  switch (nextStep.signInStep) {
    case 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION': {
      const allowed = nextStep.allowedMFATypes;
      show(allowed?.includes('TOTP'));
      const mfaType = allowed?.[0] ?? 'TOTP';
      return handleSignInNextSteps(await confirmSignIn({ challengeResponse: mfaType }));
    }
    case 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION':
      show(nextStep.allowedMFATypes?.join(', '));
      return handleSignInNextSteps(await confirmSignIn({ challengeResponse: 'EMAIL' }));
    case 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP': {
      // Required on this step.
      const totpSetupDetails: SetUpTOTPOutput = nextStep.totpSetupDetails;
      const setupUri: URL = totpSetupDetails.getSetupUri('My App', 'alice@example.com');
      show(setupUri.href, totpSetupDetails.sharedSecret);
      const input: ConfirmSignInInput = { challengeResponse: await ask('TOTP code'), options: { friendlyDeviceName: 'Phone' } };
      return handleSignInNextSteps(await confirmSignIn(input));
    }
    case 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP':
      return handleSignInNextSteps(await confirmSignIn({ challengeResponse: 'alice@example.com' }));
    case 'CONFIRM_SIGN_IN_WITH_TOTP_CODE':
      return handleSignInNextSteps(await confirmSignIn({ challengeResponse: await ask('TOTP code') }));
    case 'CONFIRM_SIGN_IN_WITH_SMS_CODE':
      show(`SMS to ${nextStep.codeDeliveryDetails?.destination}`);
      return handleSignInNextSteps(await confirmSignIn({ challengeResponse: await ask('SMS code') }));
    case 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE': {
      const medium = nextStep.codeDeliveryDetails?.deliveryMedium;
      show(medium === 'EMAIL');
      return handleSignInNextSteps(await confirmSignIn({ challengeResponse: await ask('Email code') }));
    }
    case 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE': {
      const question: string | undefined = nextStep.additionalInfo?.question;
      return handleSignInNextSteps(await confirmSignIn({ challengeResponse: await ask(question ?? '?'), options: { clientMetadata: { a: 'b' } } }));
    }
    case 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED': {
      const missing: UserAttributeKey[] = nextStep.missingAttributes ?? [];
      const userAttributes: Record<string, string> = {};
      for (const key of missing) userAttributes[key] = await ask(key);
      return handleSignInNextSteps(await confirmSignIn({ challengeResponse: await ask('New password'), options: { userAttributes } }));
    }
    case 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION': {
      const choices = nextStep.availableChallenges ?? [];
      show(choices.includes('PASSWORD'), choices.includes('WEB_AUTHN'));
      return handleSignInNextSteps(await confirmSignIn({ challengeResponse: 'EMAIL_OTP' }));
    }
    case 'CONFIRM_SIGN_IN_WITH_PASSWORD':
      return handleSignInNextSteps(await confirmSignIn({ challengeResponse: await ask('Password') }));
    case 'CONFIRM_SIGN_UP':
      await resendSignUpCode({ username: 'alice' });
      return;
    case 'RESET_PASSWORD':
      await handleResetPassword('alice');
      return;
    case 'DONE': {
      const user: AuthUser = await getCurrentUser();
      show(user.username, user.userId, user.signInDetails?.loginId, user.signInDetails?.authFlowType);
      return;
    }
    default: {
      // Every step is handled above.
      const unreachable: never = nextStep;
      show(unreachable);
    }
  }
}

// ------------------------------------------------------------------ password reset and change

async function handleResetPassword(username: string) {
  const input: ResetPasswordInput = { username, options: { clientMetadata: { app: 'docs' } } };
  const output: ResetPasswordOutput = await resetPassword(input);
  const { nextStep } = output;
  switch (nextStep.resetPasswordStep) {
    case 'CONFIRM_RESET_PASSWORD_WITH_CODE': {
      const codeDeliveryDetails = nextStep.codeDeliveryDetails;
      show(`Code sent via ${codeDeliveryDetails.deliveryMedium} to ${codeDeliveryDetails.destination}`);
      const confirm: ConfirmResetPasswordInput = { username, confirmationCode: await ask('code'), newPassword: await ask('new password') };
      await confirmResetPassword(confirm);
      break;
    }
    case 'DONE':
      show('Successfully reset password.', output.isPasswordReset, nextStep.additionalInfo);
      break;
  }
}

async function handleUpdatePassword(oldPassword: string, newPassword: string) {
  const input: UpdatePasswordInput = { oldPassword, newPassword };
  await updatePassword(input);
}

// ------------------------------------------------------------------ user attributes

async function handleFetchUserAttributes() {
  const attributes: FetchUserAttributesOutput = await fetchUserAttributes();
  const email: string | undefined = attributes.email;
  show(email, attributes['custom:team'], attributes.email_verified === 'true');
}

function handleUpdateUserAttributeNextSteps(output: UpdateUserAttributeOutput) {
  const { nextStep } = output;
  switch (nextStep.updateAttributeStep) {
    case 'CONFIRM_ATTRIBUTE_WITH_CODE': {
      const codeDeliveryDetails = nextStep.codeDeliveryDetails;
      show(`Confirmation code was sent to ${codeDeliveryDetails?.deliveryMedium}.`);
      break;
    }
    case 'DONE':
      show(`attribute was successfully updated.`, output.isUpdated);
      break;
  }
}

async function handleUpdateUserAttributes() {
  const input: UpdateUserAttributesInput = { userAttributes: { email: 'new@example.com', name: 'Alice' } };
  const results: UpdateUserAttributesOutput = await updateUserAttributes(input);
  for (const key of Object.keys(results)) handleUpdateUserAttributeNextSteps(results[key]);
  const one: UpdateUserAttributeInput = { userAttribute: { attributeKey: 'email', value: 'other@example.com' }, options: { clientMetadata: {} } };
  handleUpdateUserAttributeNextSteps(await updateUserAttribute(one));
  const confirm: ConfirmUserAttributeInput = { userAttributeKey: 'email', confirmationCode: '123456' };
  await confirmUserAttribute(confirm);
  const send: SendUserAttributeVerificationCodeInput = { userAttributeKey: 'email' };
  const sent: SendUserAttributeVerificationCodeOutput = await sendUserAttributeVerificationCode(send);
  show(sent.destination);
  const del: DeleteUserAttributesInput = { userAttributeKeys: ['custom:team', 'name'] };
  await deleteUserAttributes(del);
}

// ------------------------------------------------------------------ MFA and TOTP

async function handleMFA() {
  const totpSetupDetails: SetUpTOTPOutput = await setUpTOTP();
  show(totpSetupDetails.getSetupUri('My App').toString());
  const verify: VerifyTOTPSetupInput = { code: '123456', options: { friendlyDeviceName: 'My phone' } };
  await verifyTOTPSetup(verify);
  const prefs: UpdateMFAPreferenceInput = { totp: 'PREFERRED', sms: 'NOT_PREFERRED', email: 'DISABLED' };
  await updateMFAPreference(prefs);
  const { enabled, preferred }: FetchMFAPreferenceOutput = await fetchMFAPreference();
  show(enabled?.includes('SMS'), preferred === 'TOTP');
}

// ------------------------------------------------------------------ devices

async function handleDevices() {
  await rememberDevice();
  const devices: FetchDevicesOutput = await fetchDevices();
  for (const device of devices) {
    show(device.id, device.name, device.attributes.device_name, device.createDate?.toISOString(), device.lastAuthenticatedDate, device.lastModifiedDate);
  }
  const input: ForgetDeviceInput = { device: devices[0] };
  await forgetDevice(input);
  await forgetDevice();
}

// ------------------------------------------------------------------ passkeys

async function handlePasskeys() {
  await associateWebAuthnCredential();
  const list: ListWebAuthnCredentialsInput = { pageSize: 10 };
  const { credentials, nextToken }: ListWebAuthnCredentialsOutput = await listWebAuthnCredentials(list);
  const first: AuthWebAuthnCredential | undefined = credentials[0];
  show(nextToken, first?.friendlyCredentialName, first?.createdAt?.getTime());
  if (first?.credentialId) {
    const del: DeleteWebAuthnCredentialInput = { credentialId: first.credentialId };
    await deleteWebAuthnCredential(del);
  }
}

// ------------------------------------------------------------------ session, tokens, current user

async function handleSession() {
  const options: FetchAuthSessionOptions = { forceRefresh: true, clientMetadata: { reason: 'docs' } };
  const session: AuthSession = await fetchAuthSession(options);
  const tokens: AuthTokens | undefined = session.tokens;
  const accessToken: JWT | undefined = tokens?.accessToken;
  show(accessToken?.toString(), accessToken?.payload.exp, tokens?.idToken?.payload.email);
  show(tokens?.signInDetails?.loginId, tokens?.signInDetails?.authFlowType);
  show(session.credentials?.accessKeyId, session.credentials?.expiration?.getTime(), session.identityId, session.userSub);
  const groups = tokens?.accessToken.payload['cognito:groups'];
  show(Array.isArray(groups) && groups.includes('admins'));
  const decoded: JWT = decodeJWT(String(accessToken));
  show(decoded.payload.sub);
  const user: GetCurrentUserOutput = await getCurrentUser();
  show(user.username);
  const tokensNow = await cognitoUserPoolsTokenProvider.getTokens();
  show(tokensNow?.accessToken.payload.client_id);
}

// Custom providers implement core's interfaces (Amplify.configure's libraryOptions).
const tokenProvider: TokenProvider = {
  async getTokens() {
    return null;
  },
};
const credentialsProvider: CredentialsAndIdentityIdProvider = {
  async getCredentialsAndIdentityId(options: GetCredentialsOptions): Promise<CredentialsAndIdentityId | undefined> {
    if (!options.authenticated) return undefined;
    show(options.tokens.accessToken.payload.sub);
    return { credentials: { accessKeyId: 'AKIA', secretAccessKey: 'secret' }, identityId: 'us-east-1:id' };
  },
  clearCredentialsAndIdentityId() {},
};

// ------------------------------------------------------------------ hosted UI, sign-out, delete

async function handleHostedUI() {
  const input: SignInWithRedirectInput = { provider: 'Google', customState: 'shopping-cart', options: { prompt: 'LOGIN', lang: 'en', loginHint: 'alice' } };
  await signInWithRedirect(input);
  await signInWithRedirect({ provider: { custom: 'MyOIDC' }, options: { prompt: 'SELECT_ACCOUNT' } });
  await signInWithRedirect({ provider: { idpIdentifier: 'example.com' }, options: { prompt: 'CONSENT', nonce: 'n' } });
  await signInWithRedirect({ options: { prompt: 'NONE' } });
  await signInWithRedirect();
}

async function handleSignOut() {
  const input: SignOutInput = { global: true };
  await signOut(input);
  await signOut({ global: false, oauth: { redirectUrl: 'http://localhost:3000/' } });
  await signOut();
}

async function handleDeleteUser() {
  try {
    await deleteUser();
  } catch (error) {
    if (error instanceof AuthError) show(error.name);
  }
}

// ------------------------------------------------------------------ Hub

const stopListening = Hub.listen('auth', ({ payload }) => {
  switch (payload.event) {
    case 'signedIn':
      show('user have been signedIn successfully.', payload.data.username, payload.data.userId);
      break;
    case 'signedOut':
      show('user have been signedOut successfully.');
      break;
    case 'tokenRefresh':
      show('auth tokens have been refreshed.');
      break;
    case 'tokenRefresh_failure':
      show('failure while refreshing auth tokens.', payload.data?.error?.name);
      break;
    case 'signInWithRedirect':
      show('signInWithRedirect API has successfully been resolved.');
      break;
    case 'signInWithRedirect_failure':
      show('failure while trying to resolve signInWithRedirect API.', payload.data?.error?.message);
      break;
    case 'customOAuthState': {
      const state: string = payload.data;
      show('custom state returned from CognitoHosted UI', state);
      break;
    }
  }
});
stopListening();

// Events of other tabs (their sign-in, refresh, sign-out) only with the option.
const stopCrossTab = Hub.listen(
  'auth',
  (capsule) => {
    show(capsule.payload.event, capsule.crossTab);
  },
  { enableCrossTabEvents: true },
);
stopCrossTab();
Hub.listen('auth', () => {}, 'a listener name')();

export {
  handleSignUp,
  handleSignUpConfirmation,
  handleResendCode,
  handleSignIn,
  handleUpdatePassword,
  handleFetchUserAttributes,
  handleUpdateUserAttributes,
  handleMFA,
  handleDevices,
  handlePasskeys,
  handleSession,
  handleHostedUI,
  handleSignOut,
  handleDeleteUser,
  tokenProvider,
  credentialsProvider,
};
