// @vitest-environment jsdom
// useAuthenticator without a Provider (BUILT package, React 19, jsdom): before any instance
// it says 'configuring' (route idle); then it follows the last createAuth, with the right
// authStatus for a restored session; once configure() (cognito-headless/amplify) made the
// default instance, later createAuth calls do not take over, and the free signOut() moves
// the hook to signIn. The tests run in order: the default instance is per module graph.
import { describe, it, expect, afterAll } from 'vitest';
import { act, createElement as h, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { importBuilt } from './support/built-package.mjs';
import { createScriptedCognito, config } from './support/scripted-cognito.mjs';

const { createAuth, createMemoryStorage } = await importBuilt('index.js');
const { useAuthenticator } = await importBuilt('react.js');
const amplify = await importBuilt('amplify.js');

globalThis.IS_REACT_ACT_ENVIRONMENT = true;

const renders = [];
let facade;
function Status() {
  facade = useAuthenticator((s) => [s.authStatus, s.route, s.user]);
  renders.push(`${facade.authStatus}/${facade.route}`);
  return h('p', null, `${facade.authStatus} ${facade.route} ${facade.user?.username ?? '-'}`);
}

const container = document.createElement('div');
document.body.appendChild(container);
const root = createRoot(container);
const text = () => container.textContent;
async function until(check, what) {
  const end = Date.now() + 3000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${text()}`);
    await act(async () => {
      await new Promise((r) => setTimeout(r, 5));
    });
  }
}

const storage = createMemoryStorage();
const cognito = createScriptedCognito();
const host = { fetch: cognito.fetch, storage, crossTab: false };

afterAll(async () => {
  await act(async () => root.unmount());
  container.remove();
});

describe('useAuthenticator without a Provider', () => {
  it("before any instance exists: 'configuring', route idle (StrictMode)", async () => {
    await act(async () => {
      root.render(h(StrictMode, null, h(Status)));
    });
    expect(text()).toBe('configuring idle -');
    expect(facade.isPending).toBe(true);
  });

  it('follows the first createAuth; its verbs sign in', async () => {
    await act(async () => {
      await createAuth(config, host);
    });
    await until(() => text() === 'unauthenticated signIn -', 'signIn');
    await act(async () => facade.submitForm({ username: 'alice', password: 'Correct-Horse-1' }));
    await until(() => text() === 'authenticated authenticated alice', 'authenticated');
  });

  it('a later createAuth restoring a session: authenticated at once', async () => {
    const before = renders.length;
    await act(async () => {
      await createAuth(config, host);
    });
    expect(text()).toBe('authenticated authenticated alice');
    // The hook switched instances without passing through another state.
    expect(renders.slice(before).every((r) => r === 'authenticated/authenticated')).toBe(true);
  });

  it("configure()'s instance is the default from then on; signOut() moves the hook to signIn", async () => {
    const other = createScriptedCognito();
    await act(async () => {
      amplify.configure({ Auth: { Cognito: config } }, { host: { fetch: other.fetch, storage: createMemoryStorage(), crossTab: false } });
    });
    await until(() => text() === 'unauthenticated signIn -', "configure()'s (signed-out) instance");
    // A plain createAuth (signed in, shared storage) no longer takes over.
    await act(async () => {
      await createAuth(config, host);
    });
    await act(async () => new Promise((r) => setTimeout(r, 20)));
    expect(text()).toBe('unauthenticated signIn -');
    await act(async () => facade.submitForm({ username: 'alice', password: 'Correct-Horse-1' }));
    await until(() => text() === 'authenticated authenticated alice', 'signed in through configure()');
    expect(other.ops()).toContain('InitiateAuth');
    await act(async () => amplify.signOut());
    await until(() => text() === 'unauthenticated signIn -', 'signed out by the free signOut()');
  });
});
