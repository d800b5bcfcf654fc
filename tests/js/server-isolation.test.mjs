// createAuth on a server (Node, no DOM, no host.storage): every instance is one request's,
// so none may see another's user. Two users sign in concurrently in one process through
// the scripted fake Cognito; each instance keeps its own user, and an instance created
// meanwhile (the next request) starts signed out. (The BUILT package, node environment.)
import { describe, it, expect } from 'vitest';
import { importBuilt } from './support/built-package.mjs';
import { createFakeCognito } from './support/fake-cognito.mjs';

const { createAuth } = await importBuilt('index.js');

const POOL_ID = 'us-east-1_SrvPool1';
const CLIENT_ID = 'srvclient123';
const config = { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, endpoint: 'https://cognito.test.invalid/' };
const USERS = { alice: 'Alice-Passw0rd!', bob: 'Bob-Passw0rd!' };

/** A fake Cognito whose answers wait a few event-loop turns, so concurrent flows interleave. */
function interleavingCognito() {
  let n = 0;
  return createFakeCognito({
    clientId: CLIENT_ID,
    poolId: POOL_ID,
    users: USERS,
    delay: async () => {
      n += 1;
      for (let i = 0; i < (n % 3) + 1; i++) await new Promise((r) => setImmediate(r));
    },
  });
}

/** One request: a fresh instance without host.storage signs `username` in and reads who it is. */
async function request(cognito, username) {
  const auth = await createAuth(config, { fetch: cognito.fetch });
  const out = await auth.signIn({ username, password: USERS[username], options: { authFlowType: 'USER_PASSWORD_AUTH' } });
  expect(out.isSignedIn).toBe(true);
  const me = await auth.getCurrentUser();
  const { tokens } = await auth.fetchAuthSession();
  return { auth, me: me.username, tokenUser: tokens?.accessToken.payload.username };
}

describe('createAuth without host.storage in Node', () => {
  it('is not in a browser here', () => {
    expect(typeof window).toBe('undefined');
    expect(typeof globalThis.localStorage === 'undefined' || typeof document === 'undefined').toBe(true);
  });

  it("a new instance does not restore another instance's user", async () => {
    const cognito = interleavingCognito();
    const first = await request(cognito, 'alice');
    expect(first.me).toBe('alice');
    const next = await createAuth(config, { fetch: cognito.fetch });
    await expect(next.getCurrentUser()).rejects.toMatchObject({ name: 'UserUnAuthenticatedException' });
    const session = await next.fetchAuthSession();
    expect(session.tokens).toBeUndefined();
    expect(next.getSnapshot().authStatus).toBe('unauthenticated');
  });

  it('two users signing in concurrently each see only themselves, and neither reaches a later instance', async () => {
    const cognito = interleavingCognito();
    const [a, b] = await Promise.all([request(cognito, 'alice'), request(cognito, 'bob')]);
    expect([a.me, a.tokenUser]).toEqual(['alice', 'alice']);
    expect([b.me, b.tokenUser]).toEqual(['bob', 'bob']);
    // One user signing out leaves the other signed in.
    await a.auth.signOut();
    expect((await b.auth.getCurrentUser()).username).toBe('bob');
    // The next requests start signed out, whatever the earlier ones did.
    const later = await Promise.all([createAuth(config, { fetch: cognito.fetch }), createAuth(config, { fetch: cognito.fetch })]);
    for (const auth of later) {
      await expect(auth.getCurrentUser()).rejects.toMatchObject({ name: 'UserUnAuthenticatedException' });
    }
  });
});
