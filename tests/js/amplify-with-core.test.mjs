// cognito-headless/amplify/with-core with the real @aws-amplify/core (and the real REST API
// category, aws-amplify/api): after our `Amplify.configure`, core's
// `Amplify.Auth.fetchAuthSession()` and core's global-context `fetchAuthSession()` give our
// session (our tokens, our identity pool credentials), a REST call of aws-amplify/api is
// SigV4-signed with our credentials, core's Hub hears our auth events (one bus), and
// getConfig() is core's (every category). Scripted fetch; nothing leaves the process.
import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';
import { Amplify as CoreAmplify, Hub as CoreHub, fetchAuthSession as coreFetchAuthSession } from '@aws-amplify/core';
import { post } from 'aws-amplify/api';
import { importBuilt } from './support/built-package.mjs';
import { createFakeCognito } from './support/fake-cognito.mjs';

const withCore = await importBuilt('amplify-with-core.js');
const { createMemoryStorage } = await importBuilt('storage.js');

const POOL_ID = 'us-east-1_WithCore1';
const CLIENT_ID = 'withcoreclient1';
const IDENTITY_POOL = 'us-east-1:11111111-2222-4333-8444-555555555555';
const API = 'https://api.example.test/prod';

const config = {
  Auth: { Cognito: { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, identityPoolId: IDENTITY_POOL, allowGuestAccess: true } },
  API: { REST: { orders: { endpoint: API, region: 'us-east-1' } } },
};

let cognito;
const apiRequests = [];
beforeEach(() => {
  cognito = createFakeCognito({ clientId: CLIENT_ID, poolId: POOL_ID });
  apiRequests.length = 0;
  vi.stubGlobal('fetch', async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    const host = new URL(url).host;
    if (host === 'api.example.test') {
      const headers = new Headers(input instanceof Request ? input.headers : init?.headers);
      apiRequests.push({ url, authorization: headers.get('authorization'), token: headers.get('x-amz-security-token') });
      return new Response(JSON.stringify({ ok: true }), { status: 200, headers: { 'content-type': 'application/json' } });
    }
    if (host !== 'cognito-idp.us-east-1.amazonaws.com' && host !== 'cognito-identity.us-east-1.amazonaws.com') {
      throw new Error(`test refused a request to ${url}`);
    }
    return cognito.fetch(input, init);
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('cognito-headless/amplify/with-core', () => {
  it('core\'s Amplify.Auth and fetchAuthSession give our session; aws-amplify/api signs with our credentials; one Hub', async () => {
    const coreEvents = [];
    const offCore = CoreHub.listen('core', (c) => coreEvents.push(c.payload.event));
    const authEvents = [];
    const offAuth = CoreHub.listen('auth', (c) => authEvents.push(c.payload.event));
    withCore.Amplify.configure(config);
    withCore.cognitoUserPoolsTokenProvider.setKeyValueStorage(createMemoryStorage());
    // core's own configure event, once (ours is not sent a second time).
    expect(coreEvents).toEqual(['configure']);
    expect(withCore.Amplify.getConfig()).toBe(CoreAmplify.getConfig());
    expect(withCore.Amplify.getConfig().API.REST.orders.endpoint).toBe(API);

    // Signed out: guest credentials through core too.
    const guest = await CoreAmplify.Auth.fetchAuthSession();
    expect(guest.tokens).toBeUndefined();
    expect(guest.identityId).toMatch(/^us-east-1:/);

    await withCore.signIn({ username: 'alice', password: 'Correct-Horse-1' });
    expect(authEvents).toContain('signedIn');
    const ours = await withCore.fetchAuthSession();
    for (const session of [await CoreAmplify.Auth.fetchAuthSession(), await coreFetchAuthSession()]) {
      expect(session.tokens.accessToken.toString()).toBe(ours.tokens.accessToken.toString());
      expect(session.tokens.idToken.toString()).toBe(ours.tokens.idToken.toString());
      expect(session.credentials.accessKeyId).toBe(ours.credentials.accessKeyId);
      expect(session.identityId).toBe(ours.identityId);
      expect(session.userSub).toBe(cognito.subs.alice);
    }

    const reply = await post({ apiName: 'orders', path: '/items', options: { body: { n: 1 } } }).response;
    expect(await reply.body.json()).toEqual({ ok: true });
    expect(apiRequests).toHaveLength(1);
    expect(apiRequests[0].authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIAFAKE\//);
    expect(apiRequests[0].token).toBe(ours.credentials.sessionToken);

    await withCore.signOut();
    expect(authEvents).toContain('signedOut');
    expect((await CoreAmplify.Auth.fetchAuthSession()).tokens).toBeUndefined();
    offCore();
    offAuth();
  });
});
