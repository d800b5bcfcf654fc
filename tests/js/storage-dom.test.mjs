// @vitest-environment jsdom
// cognito-headless/storage with a DOM (jsdom): the localStorage and sessionStorage
// adapters, storage events through addListener, document.cookie as the cookie jar, the
// default storage of createAuth in a browser, and two instances of one page following each
// other through the BroadcastChannel.
import { describe, it, expect, afterEach } from 'vitest';
import { importBuilt } from './support/built-package.mjs';
import { createFakeCognito } from './support/fake-cognito.mjs';

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
