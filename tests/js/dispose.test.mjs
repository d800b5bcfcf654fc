// dispose(): an instance's wasm memory is released at once, not when the garbage collector
// runs its finalizers. A server that makes one instance per request and never yields to the
// event loop (finalizers never run) keeps its linear memory flat; without dispose() it grows.
// Commands after dispose() (and any still waiting) reject with InstanceClosedException.
import { describe, it, expect } from 'vitest';
import { importBuilt } from './support/built-package.mjs';
import { createFakeCognito } from './support/fake-cognito.mjs';

const { createAuth, createMemoryStorage } = await importBuilt('index.js');
const glue = await importBuilt('wasm/cognito_headless.js');

const POOL_ID = 'us-east-1_DispPool1';
const CLIENT_ID = 'dispclient1';
const config = { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, endpoint: 'https://cognito.test.invalid/' };

/** One server-style request: a new instance, a query that needs the machine, then done. */
async function request(cognito, dispose) {
  const auth = await createAuth(config, { fetch: cognito.fetch, storage: createMemoryStorage(), crossTab: false });
  await expect(auth.getCurrentUser()).rejects.toMatchObject({ name: 'UserUnAuthenticatedException' });
  if (dispose) auth.dispose();
}

describe('dispose()', () => {
  it('keeps the wasm memory flat over many instances without yielding to the event loop', async () => {
    const cognito = createFakeCognito({ clientId: CLIENT_ID, poolId: POOL_ID });
    // Warm up (the allocator's first pages), then measure. No setTimeout / setImmediate in
    // the loop: FinalizationRegistry callbacks cannot run, as on a busy server.
    for (let i = 0; i < 200; i++) await request(cognito, true);
    // The glue's init returns the instance the package already loaded (no public API).
    const exports = await glue.default();
    const bytes = () => exports.memory.buffer.byteLength;
    const warm = bytes();
    for (let i = 0; i < 3000; i++) await request(cognito, true);
    expect(bytes()).toBe(warm);
    // The same loop without dispose() grows (so the check above can fail).
    for (let i = 0; i < 3000; i++) await request(cognito, false);
    expect(bytes()).toBeGreaterThan(warm);
  }, 60000);

  it('rejects waiting and later commands; dispose twice is harmless', async () => {
    const cognito = createFakeCognito({ clientId: CLIENT_ID, poolId: POOL_ID });
    const auth = await createAuth(config, { fetch: cognito.fetch, storage: createMemoryStorage(), crossTab: false });
    const waiting = auth.signIn({ username: 'alice', password: 'Correct-Horse-1', options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    auth.dispose();
    auth.dispose();
    await expect(waiting).rejects.toMatchObject({ name: 'InstanceClosedException' });
    await expect(auth.fetchAuthSession()).rejects.toMatchObject({ name: 'InstanceClosedException' });
    await expect(auth.getCurrentUser()).rejects.toMatchObject({ name: 'InstanceClosedException' });
    if (typeof Symbol.dispose === 'symbol') expect(typeof auth[Symbol.dispose]).toBe('function');
  });

  it('rejects commands after a dispose that nothing waited for, and sends nothing', async () => {
    const cognito = createFakeCognito({ clientId: CLIENT_ID, poolId: POOL_ID });
    const auth = await createAuth(config, { fetch: cognito.fetch, storage: createMemoryStorage(), crossTab: false });
    auth.dispose();
    const first = await auth.signUp({ username: 'bob', password: 'Correct-Horse-1' }).catch((e) => e);
    const second = await auth.fetchAuthSession().catch((e) => e);
    expect(first).toMatchObject({ name: 'InstanceClosedException' });
    expect(second).toMatchObject({ name: 'InstanceClosedException' });
    expect(cognito.calls).toEqual([]);
  });
});
