// @vitest-environment jsdom
// Server rendering then hydration (issue 21): the server renders useAuthenticator with its
// own instance (which cannot see the browser's storage: signed out), the browser hydrates that HTML
// with an instance over localStorage that knows the returning user before the wasm runs.
// Both first renders use getServerSnapshot ('configuring', route idle), so hydration finds
// no mismatch (no console.error, no onRecoverableError); right after, the client shows the
// stored user. BUILT package, React 19, jsdom.
import { describe, it, expect, vi, afterEach } from 'vitest';
import { act, createElement as h } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { importBuilt } from './support/built-package.mjs';
import { createFakeCognito } from './support/fake-cognito.mjs';

const { createAuth, createMemoryStorage } = await importBuilt('index.js');
const { AuthenticatorProvider, useAuthenticator } = await importBuilt('react.js');

globalThis.IS_REACT_ACT_ENVIRONMENT = true;

const POOL_ID = 'us-east-1_HydPool1';
const CLIENT_ID = 'hydclient1';
const config = { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, endpoint: 'https://cognito.test.invalid/' };

function Status() {
  const f = useAuthenticator((s) => [s.authStatus, s.route, s.user]);
  return h('p', null, `${f.authStatus} ${f.route} ${f.user?.username ?? '-'}`);
}
const app = (auth) => h(AuthenticatorProvider, { auth }, h(Status));

afterEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
});

describe('server rendering and hydration', () => {
  it('the server HTML and the first client render agree; the client then shows the stored user', async () => {
    // A session as the machine stores it (signed in through the fake Cognito).
    const cognito = createFakeCognito({ clientId: CLIENT_ID, poolId: POOL_ID });
    const serverStorage = createMemoryStorage();
    const signer = await createAuth(config, { storage: serverStorage, fetch: cognito.fetch, crossTab: false });
    await signer.signIn({ username: 'alice', password: 'Correct-Horse-1', options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    const prefix = `CognitoIdentityServiceProvider.${CLIENT_ID}`;
    for (const k of ['LastAuthUser', 'alice.accessToken', 'alice.idToken', 'alice.refreshToken', 'alice.clockDrift', 'alice.signInDetails']) {
      const v = await serverStorage.getItem(`${prefix}.${k}`);
      if (v !== null) localStorage.setItem(`${prefix}.${k}`, v);
    }

    // Server: its own instance; it cannot read the browser's localStorage (signed out there).
    const serverAuth = await createAuth(config, { storage: createMemoryStorage(), fetch: cognito.fetch, crossTab: false });
    expect(serverAuth.getSnapshot().authStatus).toBe('unauthenticated');
    const html = renderToString(app(serverAuth));
    expect(html).toContain('configuring idle -');

    // Browser: localStorage, known before the wasm has made a machine.
    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.appendChild(container);
    const clientAuth = await createAuth(config, { fetch: cognito.fetch, crossTab: false });
    expect(clientAuth.getSnapshot()).toMatchObject({ authStatus: 'authenticated', user: { username: 'alice' } });

    const consoleError = vi.spyOn(console, 'error');
    const recoverable = [];
    let root;
    await act(async () => {
      root = hydrateRoot(container, app(clientAuth), { onRecoverableError: (e) => recoverable.push(e) });
    });
    const end = Date.now() + 3000;
    while (container.textContent !== 'authenticated authenticated alice' && Date.now() < end) {
      await act(async () => {
        await new Promise((r) => setTimeout(r, 5));
      });
    }
    expect(container.textContent).toBe('authenticated authenticated alice');
    expect(recoverable).toEqual([]);
    expect(consoleError).not.toHaveBeenCalled();
    consoleError.mockRestore();
    await act(async () => root.unmount());
  });
});
