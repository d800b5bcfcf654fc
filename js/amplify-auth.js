// cognito-headless/amplify/auth: `aws-amplify/auth`, every function and AuthError, bound
// to the default authenticator that `Amplify.configure` (cognito-headless/amplify) sets up.

export {
  AuthError, decodeJWT,
  signIn, confirmSignIn, signOut, fetchAuthSession, getCurrentUser, signUp, confirmSignUp, resendSignUpCode, autoSignIn,
  resetPassword, confirmResetPassword, updatePassword, setUpTOTP, verifyTOTPSetup, updateMFAPreference, fetchMFAPreference,
  fetchUserAttributes, updateUserAttributes, updateUserAttribute, confirmUserAttribute, sendUserAttributeVerificationCode,
  deleteUserAttributes, fetchDevices, rememberDevice, forgetDevice, deleteUser, signInWithRedirect,
  associateWebAuthnCredential, listWebAuthnCredentials, deleteWebAuthnCredential,
} from './amplify.js';
