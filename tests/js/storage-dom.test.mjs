// @vitest-environment jsdom
// cognito-headless/storage with a DOM (jsdom): the localStorage and sessionStorage
// adapters, storage events through addListener, document.cookie as the cookie jar, the
// default storage of createAuth in a browser, two instances of one page following each
// other through the BroadcastChannel, and the waiting sign-in step kept out of localStorage.
import { describe, it, expect, afterEach } from 'vitest';
import { importBuilt } from './support/built-package.mjs';
import { createFakeCognito } from './support/fake-cognito.mjs';
import * as scripted from './support/scripted-cognito.mjs';

const { localStorageAdapter, sessionStorageAdapter, fromStorageLike, createCookieStorage } = await importBuilt('storage.js');
const { createAuth } = await importBuilt('index.js');

const POOL_ID = 'us-east-1_TestPool1';
const CLIENT_ID = 'domclient123';
const config = { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, endpoint: 'https://cognito.test.invalid/' };
const PREFIX = `CognitoIdentityServiceProvider.${CLIENT_ID}`;

/** A `storage` event as another tab's write would fire it. */
function otherTabWrites(area, key, newValue, oldValue = null) {
  window.dispatchEvent(new StorageEvent('storage', { key, newValue, oldValue, storageArea: area }));
}

const until = async (check, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

afterEach(() => {
  localStorage.clear();
  sessionStorage.clear();
});

describe('Web Storage adapters', () => {
  it('localStorageAdapter and sessionStorageAdapter use the real storages', async () => {
    await localStorageAdapter.setItem('k', 'L');
    await sessionStorageAdapter.setItem('k', 'S');
    expect(localStorage.getItem('k')).toBe('L');
    expect(sessionStorage.getItem('k')).toBe('S');
    expect(await localStorageAdapter.getItem('k')).toBe('L');
    await localStorageAdapter.removeItem('k');
    expect(localStorage.getItem('k')).toBeNull();
  });

  it('localStorageAdapter.addListener delivers other tabs\' localStorage changes only, until unsubscribed', () => {
    const seen = [];
    const off = localStorageAdapter.addListener((e) => seen.push(e));
    otherTabWrites(localStorage, 'a', '1');
    otherTabWrites(sessionStorage, 'b', '2'); // another area: not ours
    otherTabWrites(localStorage, null, null); // clear()
    off();
    otherTabWrites(localStorage, 'c', '3');
    expect(seen).toEqual([
      { key: 'a', oldValue: null, newValue: '1' },
      { key: null, oldValue: null, newValue: null },
    ]);
    // sessionStorage belongs to one tab: no listener.
    expect(sessionStorageAdapter.addListener).toBeUndefined();
  });

  it('fromStorageLike(window.localStorage) gets the storage events too', () => {
    const s = fromStorageLike(window.localStorage);
    const seen = [];
    const off = s.addListener((e) => seen.push(e.key));
    otherTabWrites(localStorage, 'x', 'y');
    off();
    expect(seen).toEqual(['x']);
    expect(fromStorageLike(window.sessionStorage).addListener).toBeUndefined();
  });

  it('createCookieStorage() without a jar uses document.cookie, chunks included', async () => {
    const s = createCookieStorage(undefined, { secure: false });
    const long = 'j'.repeat(9000);
    await s.setItem(`${PREFIX}.alice.idToken`, long);
    expect(document.cookie).toContain(`${PREFIX}.alice.idToken.chunks=3`);
    expect(await s.getItem(`${PREFIX}.alice.idToken`)).toBe(long);
    await s.setItem(`${PREFIX}.alice.idToken`, 'short');
    expect(document.cookie).not.toContain('.chunks=');
    expect(await s.getItem(`${PREFIX}.alice.idToken`)).toBe('short');
    await s.removeItem(`${PREFIX}.alice.idToken`);
    expect(document.cookie).not.toContain('idToken');
  });
});

describe('createAuth in a browser-like realm', () => {
  it('stores in localStorage by default and follows storage events from another tab', async () => {
    const cognito = createFakeCognito({ clientId: CLIENT_ID, poolId: POOL_ID });
    const auth = await createAuth(config, { fetch: cognito.fetch });
    await auth.signIn({ username: 'alice', password: 'Correct-Horse-1', options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    expect(localStorage.getItem(`${PREFIX}.LastAuthUser`)).toBe('alice');

    // Another tab signs out: it removed the keys, and this tab gets storage events.
    const events = [];
    auth.listen('*', ({ event }) => events.push(event));
    for (const k of ['accessToken', 'idToken', 'refreshToken']) {
      const key = `${PREFIX}.alice.${k}`;
      const old = localStorage.getItem(key);
      localStorage.removeItem(key);
      otherTabWrites(localStorage, key, null, old);
    }
    localStorage.removeItem(`${PREFIX}.LastAuthUser`);
    otherTabWrites(localStorage, `${PREFIX}.LastAuthUser`, null, 'alice');
    await until(() => auth.getSnapshot().authStatus === 'unauthenticated');
    expect(events).toEqual(['signedOut']);
    auth.close();
  });

  it('two instances in one page follow each other through the BroadcastChannel; close() stops it', async () => {
    const cognito = createFakeCognito({ clientId: CLIENT_ID, poolId: POOL_ID });
    const a = await createAuth(config, { fetch: cognito.fetch });
    const b = await createAuth(config, { fetch: cognito.fetch });
    const bEvents = [];
    b.listen('*', ({ event, data }) => bEvents.push([event, data?.username]));
    await a.signIn({ username: 'alice', password: 'Correct-Horse-1', options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    await until(() => b.getSnapshot().authStatus === 'authenticated');
    expect(bEvents).toEqual([['signedIn', 'alice']]);
    await a.fetchAuthSession({ forceRefresh: true });
    await until(() => bEvents.length === 2);
    expect(bEvents[1][0]).toBe('tokenRefresh');
    await a.signOut();
    await until(() => b.getSnapshot().authStatus === 'unauthenticated');
    expect(bEvents.map(([e]) => e)).toEqual(['signedIn', 'tokenRefresh', 'signedOut']);

    b.close();
    await a.signIn({ username: 'alice', password: 'Correct-Horse-1', options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    await new Promise((r) => setTimeout(r, 100));
    expect(b.getSnapshot().authStatus).toBe('unauthenticated');
    a.close();
  });
});

describe('a waiting sign-in step in a browser-like realm', () => {
  // A TOTP setup step (MFA_SETUP → AssociateSoftwareToken) carries the new TOTP secret and
  // Cognito's challenge Session, good for an answer within minutes. Like Amplify v6
  // (signInStore, sessionStorage), it stays in this tab: never in localStorage, which
  // every tab shares and which outlives the browser session (a shared computer).
  const SECRET = 'JBSWY3DPEHPK3PXPTOTPSECRET7Q';
  const SESSION_1 = 'challenge-session-ONE-8f2e';
  const SESSION_2 = 'challenge-session-TWO-41ac';
  const STEP_KEY = `CognitoIdentityServiceProvider.${scripted.CLIENT_ID}.signInState`;

  function totpSetupCognito() {
    const cognito = scripted.createScriptedCognito();
    cognito.once('RespondToAuthChallenge', { ChallengeName: 'MFA_SETUP', Session: SESSION_1, ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' } });
    cognito.once('AssociateSoftwareToken', { SecretCode: SECRET, Session: SESSION_2 });
    return cognito;
  }

  /** Every key and value of a Web Storage, as one string. */
  const dump = (area) => Array.from({ length: area.length }, (_, i) => `${area.key(i)}=${area.getItem(area.key(i))}`).join('\n');

  it('with the default storage: the TOTP secret and the Session are not in localStorage; a reload in this tab resumes the step', async () => {
    const cognito = totpSetupCognito();
    const auth = await createAuth(scripted.config, { fetch: cognito.fetch, crossTab: false });
    const out = await auth.signIn({ username: 'alice', password: 'Correct-Horse-1' });
    expect(out.nextStep.signInStep).toBe('CONTINUE_SIGN_IN_WITH_TOTP_SETUP');
    expect(out.nextStep.totpSetupDetails.sharedSecret).toBe(SECRET);
    const local = dump(localStorage);
    expect(local).not.toContain(SECRET);
    expect(local).not.toContain(SESSION_1);
    expect(local).not.toContain(SESSION_2);
    expect(localStorage.getItem(STEP_KEY)).toBeNull();
    // It is in this tab's sessionStorage (a reload can answer it).
    expect(sessionStorage.getItem(STEP_KEY)).toContain(SESSION_2);
    auth.close();

    // The page reloads: a new instance over the same tab resumes the step and finishes it.
    cognito.once('VerifySoftwareToken', (body) => {
      expect(body).toMatchObject({ Session: SESSION_2, UserCode: '123456' });
      return { Status: 'SUCCESS', Session: 'after-verify' };
    });
    cognito.once('RespondToAuthChallenge', (body) => {
      expect(body).toMatchObject({ ChallengeName: 'MFA_SETUP', Session: 'after-verify' });
      return { AuthenticationResult: cognito.tokens('alice'), ChallengeParameters: {} };
    });
    const reloaded = await createAuth(scripted.config, { fetch: cognito.fetch, crossTab: false });
    const done = await reloaded.confirmSignIn({ challengeResponse: '123456' });
    expect(done).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect(sessionStorage.getItem(STEP_KEY)).toBeNull();
    expect(localStorage.getItem(`CognitoIdentityServiceProvider.${scripted.CLIENT_ID}.LastAuthUser`)).toBe('alice');
    reloaded.close();
  });

  it('with another storage given (cookies, memory): still not in that storage, but in sessionStorage', async () => {
    const cognito = totpSetupCognito();
    const storage = createCookieStorage(undefined, { secure: false });
    const auth = await createAuth(scripted.config, { fetch: cognito.fetch, storage, crossTab: false });
    await auth.signIn({ username: 'alice', password: 'Correct-Horse-1' });
    expect(decodeURIComponent(document.cookie)).not.toContain(SECRET);
    expect(decodeURIComponent(document.cookie)).not.toContain(SESSION_2);
    expect(sessionStorage.getItem(STEP_KEY)).toContain(SESSION_2);
    auth.close();
  });

  it('a step an older version left in localStorage is removed at start, not resumed', async () => {
    // An older version kept the step in the main storage: localStorage here.
    const cognito = totpSetupCognito();
    const old = await createAuth(scripted.config, { fetch: cognito.fetch, crossTab: false, signInStateStorage: localStorage });
    await old.signIn({ username: 'alice', password: 'Correct-Horse-1' });
    old.close();
    expect(localStorage.getItem(STEP_KEY)).toContain(SECRET);
    const auth = await createAuth(scripted.config, { fetch: cognito.fetch, crossTab: false });
    expect(localStorage.getItem(STEP_KEY)).toBeNull();
    await expect(auth.confirmSignIn({ challengeResponse: '123456' })).rejects.toMatchObject({ name: 'SignInException' });
    auth.close();
  });

  it('host.signInStateStorage picks another place; the same storage twice is left alone', async () => {
    const cognito = totpSetupCognito();
    const auth = await createAuth(scripted.config, { fetch: cognito.fetch, crossTab: false, storage: sessionStorage, signInStateStorage: sessionStorage });
    await auth.signIn({ username: 'alice', password: 'Correct-Horse-1' });
    auth.close();
    // A reload over the same storage for both resumes the step (no clean-up removed it).
    const again = await createAuth(scripted.config, { fetch: cognito.fetch, crossTab: false, storage: sessionStorage, signInStateStorage: sessionStorage });
    expect(sessionStorage.getItem(STEP_KEY)).toContain(SESSION_2);
    expect(await again.exportSignInState()).toContain(SESSION_2);
    again.close();
  });
});
