export { createAuth } from 'cognito-headless';
export { useAuthenticator, AuthenticatorProvider } from 'cognito-headless/react';
