// A small app written against Amplify v6 (aws-amplify 6.x), as its docs show it. The
// Amplify test rewrites only the module specifiers of the import statements below to
// cognito-headless/amplify and runs it; nothing else in this file may need changing.
import { Amplify } from 'aws-amplify';
import { Hub } from 'aws-amplify/utils';
import {
  signIn,
  confirmSignIn,
  signOut,
  fetchAuthSession,
  getCurrentUser,
  fetchUserAttributes,
  decodeJWT,
  AuthError,
} from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';

export const hubEvents = [];

export function setUp(outputs, storage) {
  Amplify.configure(outputs);
  if (storage) cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);
  return Hub.listen('auth', ({ channel, payload, source }) => {
    hubEvents.push({ channel, source, event: payload.event, username: payload.data?.username });
  });
}

export async function logIn(username, password) {
  try {
    const { isSignedIn, nextStep } = await signIn({ username, password });
    if (nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_TOTP_CODE') {
      return await confirmSignIn({ challengeResponse: '123456' });
    }
    return { isSignedIn, nextStep };
  } catch (error) {
    if (error instanceof AuthError) return { error: error.name };
    throw error;
  }
}

export async function whoAmI() {
  const { username, userId } = await getCurrentUser();
  const { tokens } = await fetchAuthSession();
  const attributes = await fetchUserAttributes();
  const decoded = decodeJWT(tokens.idToken.toString());
  return { username, userId, email: attributes.email, fromIdToken: decoded.payload['cognito:username'] };
}

export async function authHeader() {
  const session = await fetchAuthSession();
  return session.tokens ? `Bearer ${session.tokens.accessToken.toString()}` : undefined;
}

export async function logOut() {
  await signOut();
}
