// When an app hears that a user is signed in, the session is already in storage. An app
// that moves on at that moment (Amplify's Next.js pattern: `authStatus === 'authenticated'`
// → `router.push('/account')`) then reaches its server with the session cookies. The
// reference is the real aws-amplify in the same test: its Hub 'signedIn' event (which
// Amplify UI's authStatus follows) comes after the tokens are written. Ours is checked at
// the first notification that says 'authenticated': the authenticator store's (what
// useAuthenticator renders), auth.subscribe's and the Hub's. Storage writes take a
// macrotask each, as a cookie store or an async backend may.
import { describe, it, expect } from 'vitest';
import { importBuilt } from './support/built-package.mjs';
import { loadLibraries, runScenario, PASSWORD } from './support/differential.mjs';
import { createScriptedCognito, config } from './support/scripted-cognito.mjs';

const libs = await loadLibraries(importBuilt);
const { createAuth } = await importBuilt('index.js');

const SESSION_KEYS = ['.accessToken', '.idToken', '.refreshToken', '.LastAuthUser'];

/** A storage over `inner` whose writes each wait a macrotask; `complete()` says whether the session's keys are written. */
function slowStorage(inner) {
  const written = new Set();
  return {
    storage: {
      getItem: (key) => inner.getItem(key),
      async setItem(key, value) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        await inner.setItem(key, value);
        written.add(key);
      },
      async removeItem(key) {
        await inner.removeItem(key);
        written.delete(key);
      },
      clear: () => inner.clear(),
    },
    complete: () => SESSION_KEYS.every((suffix) => [...written].some((key) => key.endsWith(suffix))),
  };
}

/** aws-amplify: is the session written when the Hub says 'signedIn'? */
async function amplifyReference() {
  let slow;
  const seen = [];
  await runScenario(
    libs.amplify,
    {
      async run(fns) {
        const off = libs.amplify.Hub.listen('auth', ({ payload }) => {
          if (payload.event === 'signedIn') seen.push(slow.complete());
        });
        try {
          await fns.signIn({ username: 'alice', password: PASSWORD });
        } finally {
          off();
        }
      },
    },
    () => {
      slow = slowStorage(libs.createMemoryStorage());
      return slow.storage;
    },
  );
  return { signedInEvents: seen.length, sessionWrittenAtEvent: seen[0] };
}

describe('the first "authenticated" an app hears comes after the session is written', () => {
  it('the authenticator store, auth.subscribe and the Hub, as aws-amplify\'s Hub signedIn', async () => {
    const reference = await amplifyReference();
    expect(reference).toEqual({ signedInEvents: 1, sessionWrittenAtEvent: true });

    const slow = slowStorage(libs.createMemoryStorage());
    const cognito = createScriptedCognito();
    const auth = await createAuth(config, { fetch: cognito.fetch, storage: slow.storage, crossTab: false });
    const store = auth.authenticator;
    /** @type {Record<string, boolean>} what each listener found at its first 'authenticated' */
    const found = {};
    const offStore = store.subscribe(() => {
      if (store.getSnapshot().authStatus === 'authenticated' && !('store' in found)) found.store = slow.complete();
    });
    const offAuth = auth.subscribe((snapshot) => {
      if (snapshot.authStatus === 'authenticated' && !('subscribe' in found)) found.subscribe = slow.complete();
    });
    const offHub = auth.listen('signedIn', () => {
      if (!('hub' in found)) found.hub = slow.complete();
    });
    store.submitForm({ username: 'alice', password: 'Correct-Horse-1' });
    const end = Date.now() + 5000;
    while (store.getSnapshot().route !== 'authenticated' && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    expect(store.getSnapshot().route).toBe('authenticated');
    offStore();
    offAuth();
    offHub();
    auth.dispose();
    const expected = reference.sessionWrittenAtEvent;
    expect(found).toEqual({ store: expected, subscribe: expected, hub: expected });
  });
});
