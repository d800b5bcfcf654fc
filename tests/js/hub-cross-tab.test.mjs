// Hub and other tabs (issue 23): an auth event another tab caused (its sign-in, seen through
// the shared storage) reaches only the Hub listeners that passed `{ enableCrossTabEvents:
// true }`, with `capsule.crossTab`; this tab's own events reach every listener. Expected
// deliveries come from the real Amplify Hub (aws-amplify/utils), dispatching the way
// @aws-amplify/auth's TokenStore does for another tab's change (`crossTab` = true) and for a
// same-tab one. Ours: the drop-in's default instance and a second instance (the "other
// tab") over one storage, crossTab on (BroadcastChannel in Node).
import { it, expect } from 'vitest';
import { Hub as AmplifyHub } from 'aws-amplify/utils';
import { AMPLIFY_SYMBOL } from '@aws-amplify/core/internals/utils';
import { importBuilt } from './support/built-package.mjs';
import { createFakeCognito } from './support/fake-cognito.mjs';

const ours = await importBuilt('amplify.js');
const { createAuth, createMemoryStorage } = await importBuilt('index.js');

const POOL_ID = 'us-east-1_HubTabs1';
const CLIENT_ID = 'hubtabsclient1';
const PASSWORD = 'Correct-Horse-1';
const config = { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, endpoint: 'https://cognito.test.invalid/' };

/** Listens on `hub` twice (plain, cross-tab enabled); returns what each one got. */
function listenBoth(hub) {
  const got = { plain: [], crossTab: [] };
  const offs = [
    hub.listen('auth', (c) => got.plain.push(`${c.payload.event}${c.crossTab ? ' (crossTab)' : ''}`)),
    hub.listen('auth', (c) => got.crossTab.push(`${c.payload.event}${c.crossTab ? ' (crossTab)' : ''}`), { enableCrossTabEvents: true }),
  ];
  return { got, off: () => offs.forEach((off) => off()) };
}

const until = async (check, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
};

it("another tab's sign-in reaches only cross-tab listeners; this tab's sign-out reaches all", async () => {
  // The reference: Amplify's Hub, dispatched as its TokenStore and signOut do.
  const amplify = listenBoth(AmplifyHub);
  AmplifyHub.dispatch('auth', { event: 'signedIn', data: { username: 'alice', userId: 'x' } }, 'Auth', AMPLIFY_SYMBOL, true);
  AmplifyHub.dispatch('auth', { event: 'signedOut' }, 'Auth', AMPLIFY_SYMBOL);
  amplify.off();

  // Ours: the other tab signs in; this tab (the drop-in) follows, then signs out itself.
  const cognito = createFakeCognito({ clientId: CLIENT_ID, poolId: POOL_ID });
  const storage = createMemoryStorage();
  ours.configure({ Auth: { Cognito: config } }, { host: { fetch: cognito.fetch, storage, crossTab: true } });
  const here = await ours.getAuth();
  const mine = listenBoth(ours.Hub);
  const otherTab = await createAuth(config, { fetch: cognito.fetch, storage, crossTab: true });
  await otherTab.signIn({ username: 'alice', password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
  await until(() => here.getSnapshot().authStatus === 'authenticated' && mine.got.crossTab.length === 1);
  await ours.signOut();
  mine.off();
  otherTab.close();
  here.close();

  expect(amplify.got).toEqual({ plain: ['signedOut'], crossTab: ['signedIn (crossTab)', 'signedOut'] });
  expect(mine.got).toEqual(amplify.got);
});
