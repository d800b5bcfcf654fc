// Type declarations for cognito-headless/amplify/auth (js/amplify-auth.js): `aws-amplify/auth`.

export {
  AuthError, decodeJWT,
  signIn, confirmSignIn, signOut, fetchAuthSession, getCurrentUser, signUp, confirmSignUp, resendSignUpCode, autoSignIn,
  resetPassword, confirmResetPassword, updatePassword, setUpTOTP, verifyTOTPSetup, updateMFAPreference, fetchMFAPreference,
  fetchUserAttributes, updateUserAttributes, updateUserAttribute, confirmUserAttribute, sendUserAttributeVerificationCode,
  deleteUserAttributes, fetchDevices, rememberDevice, forgetDevice, deleteUser, signInWithRedirect,
  associateWebAuthnCredential, listWebAuthnCredentials, deleteWebAuthnCredential,
} from './amplify.js';
export type * from './index.js';
export type * from './amplify-types.js';
