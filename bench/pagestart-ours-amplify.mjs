// pagestart page, ours through the drop-in: cognito-headless/amplify with Amplify's calls.
import { Amplify, getCurrentUser, fetchAuthSession } from 'cognito-headless/amplify';
import { report } from './pagestart-report.mjs';

report(async () => {
  Amplify.configure({ Auth: { Cognito: window.PAGESTART_CONFIG } });
  const user = await getCurrentUser();
  const session = await fetchAuthSession();
  return { user, session };
});
