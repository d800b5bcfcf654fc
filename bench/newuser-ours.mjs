// newuser page, ours: createAuth (no stored session), then the sign-in form; submit calls
// auth.signIn with USER_PASSWORD_AUTH. The scripted Cognito is newuser-page.mjs.
import { fail, showForm } from './newuser-page.mjs';
import { createAuth } from 'cognito-headless';

createAuth(window.PAGESTART_CONFIG).then(
  (auth) => showForm((username, password) => auth.signIn({ username, password, options: { authFlowType: 'USER_PASSWORD_AUTH' } })),
  fail,
);
