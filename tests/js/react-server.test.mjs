// cognito-headless/react rendered on a server (react-dom/server, node environment, no
// window): useAuthenticator() without a Provider must not follow "the last createAuth",
// which on a server is another request's instance. It renders Amplify UI's initial
// facade ('configuring', route 'idle', no user), as Amplify UI's Authenticator does before
// it knows anything; with a Provider it renders that Provider's instance.
// (The BUILT package, React 19.)
import { describe, it, expect } from 'vitest';
import { createElement as h } from 'react';
import { renderToString } from 'react-dom/server';
import { importBuilt } from './support/built-package.mjs';
import { createScriptedCognito, config } from './support/scripted-cognito.mjs';

const { createAuth } = await importBuilt('index.js');
const { useAuthenticator, AuthenticatorProvider } = await importBuilt('react.js');

function Status() {
  const facade = useAuthenticator((s) => [s.authStatus, s.route, s.user]);
  return h('p', null, `${facade.authStatus} ${facade.route} ${facade.user?.username ?? '-'}`);
}

/** Strips the comment markers React puts between adjacent text parts. */
const text = (html) => html.replace(/<!-- -->/g, '').replace(/<\/?p>/g, '');

describe('useAuthenticator on a server', () => {
  it('is not in a browser here', () => {
    expect(typeof window).toBe('undefined');
  });

  it("without a Provider: never another request's signed-in instance", async () => {
    // Request 1: signs alice in (its instance lives on, e.g. still streaming).
    const cognito = createScriptedCognito();
    const aliceAuth = await createAuth(config, { fetch: cognito.fetch });
    await aliceAuth.signIn({ username: 'alice', password: 'Correct-Horse-1' });
    expect((await aliceAuth.getCurrentUser()).username).toBe('alice');
    // Request 2 (an anonymous visitor) renders a page with the hook and no Provider.
    expect(text(renderToString(h(Status)))).toBe('configuring idle -');
    // Also after request 2 created its own, signed-out, instance.
    await createAuth(config, { fetch: createScriptedCognito().fetch });
    expect(text(renderToString(h(Status)))).toBe('configuring idle -');
    // A Provider without `auth` means "the default instance": the same on a server.
    expect(text(renderToString(h(AuthenticatorProvider, null, h(Status))))).toBe('configuring idle -');
  });

  it("with a Provider: that Provider's instance", async () => {
    const cognito = createScriptedCognito();
    const auth = await createAuth(config, { fetch: cognito.fetch });
    await auth.signIn({ username: 'alice', password: 'Correct-Horse-1' });
    // The authenticator facade follows the machine (GetUser after sign-in) asynchronously.
    const end = Date.now() + 3000;
    while (auth.authenticator.getSnapshot().route !== 'authenticated' && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 5));
    }
    const html = renderToString(h(AuthenticatorProvider, { auth }, h(Status)));
    expect(text(html)).toBe('authenticated authenticated alice');
  });
});
