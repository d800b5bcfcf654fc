// pagestart page, Amplify v6: aws-amplify's Amplify.configure, then getCurrentUser() and
// fetchAuthSession() from aws-amplify/auth (default storage: localStorage).
import { Amplify } from 'aws-amplify';
import { getCurrentUser, fetchAuthSession } from 'aws-amplify/auth';
import { report } from './pagestart-report.mjs';

report(async () => {
  Amplify.configure({ Auth: { Cognito: window.PAGESTART_CONFIG } });
  const user = await getCurrentUser();
  const session = await fetchAuthSession();
  return { user, session };
});
