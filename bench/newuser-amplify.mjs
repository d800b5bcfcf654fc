// newuser page, Amplify v6: Amplify.configure, then the sign-in form; submit calls
// aws-amplify/auth's signIn with USER_PASSWORD_AUTH. The scripted Cognito is newuser-page.mjs.
import { fail, showForm } from './newuser-page.mjs';
import { Amplify } from 'aws-amplify';
import { signIn } from 'aws-amplify/auth';

try {
  Amplify.configure({ Auth: { Cognito: window.PAGESTART_CONFIG } });
  showForm((username, password) => signIn({ username, password, options: { authFlowType: 'USER_PASSWORD_AUTH' } }));
} catch (e) {
  fail(e);
}
