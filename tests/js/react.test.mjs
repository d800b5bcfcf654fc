// @vitest-environment jsdom
// cognito-headless/react of the BUILT package with React 19 in jsdom: a small component per
// route (support/authenticator-app.mjs) driven through DOM events against a scripted
// Cognito. Every route is reached; validation messages show after blur only; the pending
// state; React.StrictMode (no doubled requests, subscriptions cleaned up); selector
// re-render counts; the app's validators through a Provider; useAuthenticatorRoute.
import { describe, it, expect, afterEach } from 'vitest';
import { StrictMode, act, createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
import { importBuilt } from './support/built-package.mjs';
import { createScriptedCognito, config } from './support/scripted-cognito.mjs';
import { makeApp, makeDriver } from './support/authenticator-app.mjs';

const { createAuth, createAuthenticator, createMemoryStorage } = await importBuilt('index.js');
const react = await importBuilt('react.js');
const { AuthenticatorProvider, useAuthenticator, useAuthenticatorRoute } = react;

globalThis.IS_REACT_ACT_ENVIRONMENT = true;

const PASSWORD = 'Correct-Horse-1';
const cleanups = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()();
});

/**
 * An instance of its own: its keys, and its waiting sign-in step (which in a browser goes
 * to the tab's sessionStorage by default, shared by the instances of this jsdom "tab").
 */
async function newAuth(extra = {}, cognito = createScriptedCognito()) {
  const storage = createMemoryStorage();
  const auth = await createAuth({ ...config, ...extra }, { fetch: cognito.fetch, storage, signInStateStorage: storage, crossTab: false });
  return { auth, cognito };
}

/** Renders `element` into a fresh container; returns a driver for it. */
async function render(element) {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const root = createRoot(container);
  await act(async () => {
    root.render(element);
  });
  cleanups.push(async () => {
    await act(async () => root.unmount());
    container.remove();
  });
  return Object.assign(makeDriver(container, act), { root, container });
}

/** The app under a Provider for `auth` (or a store). */
async function renderApp(auth, { strict = false, renders = {} } = {}) {
  const { App } = makeApp(react, renders);
  const tree = h(AuthenticatorProvider, { auth }, h(App));
  return render(strict ? h(StrictMode, null, tree) : tree);
}

/** Signs in up to the point where RespondToAuthChallenge answers with `challenge`. */
async function signInTo(ui, cognito, challenge) {
  cognito.once('RespondToAuthChallenge', challenge);
  await ui.fill({ username: 'alice', password: PASSWORD });
  await ui.submit();
}

const tokens = (cognito, user = 'alice') => () => ({ AuthenticationResult: cognito.tokens(user), ChallengeParameters: {} });

describe('every route through a component per route', () => {
  it('signIn → confirmSignIn (SMS) → verifyUser → confirmVerifyUser → authenticated → signOut → signIn', async () => {
    const { auth, cognito } = await newAuth();
    const ui = await renderApp(auth);
    expect(ui.route()).toBe('signIn');
    expect(ui.status()).toBe('unauthenticated');
    expect(ui.fieldNames()).toEqual(['username', 'password']);
    await signInTo(ui, cognito, {
      ChallengeName: 'SMS_MFA',
      Session: 's1',
      ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+***12' },
    });
    await ui.untilRoute('confirmSignIn');
    expect(ui.$('[data-challenge]').textContent).toBe('SMS_MFA');
    expect(ui.$('[data-destination]').textContent).toBe('+***12');
    expect(ui.fieldNames()).toEqual(['confirmation_code']);
    cognito.once('RespondToAuthChallenge', tokens(cognito));
    cognito.once('GetUser', { Username: 'alice', UserAttributes: [{ Name: 'email', Value: 'a@x.io' }, { Name: 'email_verified', Value: 'false' }] });
    await ui.type('confirmation_code', ' 123456 ');
    await ui.submit();
    await ui.untilRoute('verifyUser');
    expect(cognito.calls.at(-2).body.ChallengeResponses.SMS_MFA_CODE).toBe('123456');
    expect(ui.$('[data-unverified]').textContent).toBe('email=a@x.io');
    cognito.once('GetUserAttributeVerificationCode', { CodeDeliveryDetails: { DeliveryMedium: 'EMAIL', Destination: 'a***@x.io', AttributeName: 'email' } });
    await ui.type('unverifiedAttr', 'email');
    await ui.submit();
    await ui.untilRoute('confirmVerifyUser');
    cognito.once('VerifyUserAttribute', {});
    await ui.type('confirmation_code', '777');
    await ui.submit();
    await ui.untilRoute('authenticated');
    expect(cognito.calls.at(-1)).toMatchObject({ op: 'VerifyUserAttribute', body: { AttributeName: 'email', Code: '777' } });
    expect(ui.status()).toBe('authenticated');
    expect(ui.$('[data-user]').textContent).toBe('Signed in as alice');
    const release = cognito.hold();
    await ui.click('sign-out');
    await ui.untilRoute('signOut');
    release();
    await ui.untilRoute('signIn');
    expect(ui.status()).toBe('unauthenticated');
  });

  it('setupTotp (MFA_SETUP) with its otpauth URI → authenticated', async () => {
    const { auth, cognito } = await newAuth({ totpIssuer: 'My App' });
    const ui = await renderApp(auth);
    cognito.once('AssociateSoftwareToken', { SecretCode: 'JBSWY3DP', Session: 's2' });
    await signInTo(ui, cognito, { ChallengeName: 'MFA_SETUP', Session: 's1', ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' } });
    await ui.untilRoute('setupTotp');
    expect(ui.$('[data-uri]').textContent).toBe('otpauth://totp/My%20App:alice?secret=JBSWY3DP&issuer=My%20App');
    expect(ui.$('[data-secret]').textContent).toBe('JBSWY3DP');
    cognito.once('VerifySoftwareToken', { Status: 'SUCCESS', Session: 's3' });
    cognito.once('RespondToAuthChallenge', tokens(cognito));
    await ui.type('confirmation_code', '123456');
    await ui.submit();
    await ui.untilRoute('authenticated');
    expect(cognito.ops()).toContain('VerifySoftwareToken');
  });

  it('setupEmail (MFA_SETUP with EMAIL_OTP) → confirmSignIn (email code) → authenticated', async () => {
    const { auth, cognito } = await newAuth();
    const ui = await renderApp(auth);
    await signInTo(ui, cognito, { ChallengeName: 'MFA_SETUP', Session: 's1', ChallengeParameters: { MFAS_CAN_SETUP: '["EMAIL_OTP"]' } });
    await ui.untilRoute('setupEmail');
    expect(ui.fieldNames()).toEqual(['email']);
    cognito.once('RespondToAuthChallenge', {
      ChallengeName: 'EMAIL_OTP',
      Session: 's2',
      ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'a***@x.io' },
    });
    await ui.type('email', 'a@x.io');
    await ui.submit();
    await ui.untilRoute('confirmSignIn');
    expect(ui.$('[data-challenge]').textContent).toBe('EMAIL_OTP');
    cognito.once('RespondToAuthChallenge', tokens(cognito));
    await ui.type('confirmation_code', '424242');
    await ui.submit();
    await ui.untilRoute('authenticated');
  });

  it('selectMfaType (SELECT_MFA_TYPE) → confirmSignIn (TOTP)', async () => {
    const { auth, cognito } = await newAuth();
    const ui = await renderApp(auth);
    await signInTo(ui, cognito, { ChallengeName: 'SELECT_MFA_TYPE', Session: 's1', ChallengeParameters: { MFAS_CAN_CHOOSE: '["SMS_MFA","SOFTWARE_TOKEN_MFA"]' } });
    await ui.untilRoute('selectMfaType');
    expect(ui.$('[data-mfa]').textContent).toBe('SMS,TOTP');
    expect([...ui.$('select[name="mfa_type"]').options].map((o) => o.value)).toEqual(['', 'SMS', 'TOTP']);
    cognito.once('RespondToAuthChallenge', { ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 's2', ChallengeParameters: {} });
    await ui.type('mfa_type', 'TOTP');
    await ui.submit();
    await ui.untilRoute('confirmSignIn');
    expect(cognito.calls.at(-1).body.ChallengeResponses.ANSWER).toBe('SOFTWARE_TOKEN_MFA');
    expect(ui.$('[data-challenge]').textContent).toBe('SOFTWARE_TOKEN_MFA');
  });

  it('forceNewPassword (NEW_PASSWORD_REQUIRED with a required attribute) → authenticated', async () => {
    const { auth, cognito } = await newAuth();
    const ui = await renderApp(auth);
    await signInTo(ui, cognito, { ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: 's1', ChallengeParameters: { requiredAttributes: '["userAttributes.name"]' } });
    await ui.untilRoute('forceNewPassword');
    expect(ui.fieldNames()).toEqual(['password', 'confirm_password', 'name']);
    cognito.once('RespondToAuthChallenge', tokens(cognito));
    await ui.fill({ password: 'Brand-New-Pass-1', confirm_password: 'Brand-New-Pass-1', name: ' Alice ' });
    await ui.submit();
    await ui.untilRoute('authenticated');
    expect(cognito.calls.find((c) => c.body.ChallengeName === 'NEW_PASSWORD_REQUIRED').body.ChallengeResponses).toMatchObject({
      NEW_PASSWORD: 'Brand-New-Pass-1',
      'userAttributes.name': 'Alice',
    });
  });

  it('signInSelectAuthFactor (SELECT_CHALLENGE)', async () => {
    const { auth, cognito } = await newAuth();
    const ui = await renderApp(auth);
    await signInTo(ui, cognito, { ChallengeName: 'SELECT_CHALLENGE', Session: 's1', AvailableChallenges: ['PASSWORD', 'EMAIL_OTP'], ChallengeParameters: {} });
    await ui.untilRoute('signInSelectAuthFactor');
    expect(ui.$('[data-factors]').textContent).toBe('PASSWORD,EMAIL_OTP');
    expect(ui.fieldNames()).toEqual(['method']);
  });

  it('passkeyPrompt after sign-in: no WebAuthn in jsdom → the error shows on the prompt; skip → authenticated', async () => {
    const { auth, cognito } = await newAuth({ passwordless: { passkeyRegistrationPrompts: { afterSignin: 'ALWAYS' } } });
    cognito.once('ListWebAuthnCredentials', { Credentials: [] });
    const ui = await renderApp(auth);
    await signInTo(ui, cognito, tokens(cognito));
    await ui.untilRoute('passkeyPrompt');
    expect(ui.$('main').dataset.status).toBe('authenticated');
    expect(ui.fieldNames()).toEqual([]);
    cognito.once('StartWebAuthnRegistration', { CredentialCreationOptions: { challenge: 'Yw', rp: { id: 'localhost', name: 'x' }, user: { id: 'dQ', name: 'alice', displayName: 'alice' }, pubKeyCredParams: [{ type: 'public-key', alg: -7 }] } });
    await ui.submit();
    await ui.until(() => (ui.$('[data-error]')?.textContent ?? '') !== '', 'the passkey error');
    expect(ui.route()).toBe('passkeyPrompt');
    await ui.click('skip');
    await ui.untilRoute('authenticated');
    expect(cognito.calls.map((c) => c.op)).not.toContain('CompleteWebAuthnRegistration');
  });

  it('signUp (email login, extra attribute) → confirmSignUp (resend) → automatic sign-in → authenticated', async () => {
    const cognito = createScriptedCognito({ users: { alice: PASSWORD, 'a@x.io': 'Passw0rd!' } });
    const { auth } = await newAuth({ loginMechanisms: ['email'], signUpAttributes: ['name'] }, cognito);
    const ui = await renderApp(auth);
    await ui.click('to-sign-up');
    await ui.untilRoute('signUp');
    expect(ui.fieldNames()).toEqual(['email', 'password', 'confirm_password', 'name']);
    expect(ui.$('input[name="email"]').type).toBe('email');
    await ui.fill({ email: 'a@x.io', password: 'Passw0rd!', confirm_password: 'Passw0rd!', name: ' Al ' });
    await ui.submit();
    await ui.untilRoute('confirmSignUp');
    expect(cognito.calls[0]).toMatchObject({ op: 'SignUp', body: { Username: 'a@x.io' } });
    expect(cognito.calls[0].body.UserAttributes).toEqual([{ Name: 'email', Value: 'a@x.io' }, { Name: 'name', Value: 'Al' }]);
    expect(ui.$('[data-destination]').textContent).toBe('a***@e***');
    cognito.once('ResendConfirmationCode', { CodeDeliveryDetails: { DeliveryMedium: 'EMAIL', Destination: 'b***' } });
    await ui.click('resend');
    await ui.until(() => ui.$('[data-destination]').textContent === 'b***', 'the new destination');
    cognito.once('ConfirmSignUp', {});
    await ui.type('confirmation_code', '123');
    await ui.submit();
    await ui.untilRoute('authenticated');
    expect(cognito.ops()).toEqual(['SignUp', 'ResendConfirmationCode', 'ConfirmSignUp', 'InitiateAuth', 'RespondToAuthChallenge', 'GetUser']);
  });

  it('forgotPassword → confirmResetPassword (resend) → signIn; skipVerification leaves verifyUser', async () => {
    const { auth, cognito } = await newAuth();
    const ui = await renderApp(auth);
    await ui.click('to-forgot-password');
    await ui.untilRoute('forgotPassword');
    expect(ui.fieldNames()).toEqual(['username']);
    cognito.once('ForgotPassword', { CodeDeliveryDetails: { DeliveryMedium: 'EMAIL', Destination: 'a***' } });
    await ui.type('username', 'alice');
    await ui.submit();
    await ui.untilRoute('confirmResetPassword');
    expect(ui.fieldNames()).toEqual(['confirmation_code', 'password', 'confirm_password']);
    cognito.once('ForgotPassword', { CodeDeliveryDetails: { DeliveryMedium: 'EMAIL', Destination: 'a***' } });
    await ui.click('resend');
    await ui.until(() => cognito.ops().length === 2, 'the resend');
    cognito.once('ConfirmForgotPassword', {});
    await ui.fill({ confirmation_code: '99', password: 'Another-Pass-2', confirm_password: 'Another-Pass-2' });
    await ui.submit();
    await ui.untilRoute('signIn');
    expect(cognito.calls.at(-1)).toMatchObject({ op: 'ConfirmForgotPassword', body: { Username: 'alice', ConfirmationCode: '99', Password: 'Another-Pass-2' } });
    // verifyUser → skip → authenticated
    cognito.once('GetUser', { Username: 'alice', UserAttributes: [{ Name: 'email', Value: 'a@x.io' }] });
    await ui.fill({ username: 'alice', password: PASSWORD });
    await ui.submit();
    await ui.untilRoute('verifyUser');
    await ui.click('skip');
    await ui.untilRoute('authenticated');
  });
});

describe('forms', () => {
  it('validation messages show after blur only (then all on submit)', async () => {
    const { auth, cognito } = await newAuth({ passwordPolicy: { minLength: 10, requireNumbers: true } });
    const ui = await renderApp(auth);
    await ui.click('to-sign-up');
    await ui.untilRoute('signUp');
    await ui.type('password', 'short');
    expect(ui.alerts()).toEqual([]);
    await ui.blur('password');
    await ui.until(() => ui.alerts('password').length > 0, 'password messages');
    expect(ui.alerts('password')).toEqual(['Password must have at least 10 characters', 'Password must have numbers']);
    await ui.type('confirm_password', 'shorter');
    expect(ui.alerts('confirm_password')).toEqual([]);
    await ui.blur('confirm_password');
    await ui.until(() => ui.alerts('confirm_password').length > 0, 'confirm messages');
    expect(ui.alerts('confirm_password')).toEqual(['Your passwords must match']);
    // The user name was never touched: its "required" shows on submit, and nothing is sent.
    expect(ui.alerts('username')).toEqual([]);
    await ui.submit();
    await ui.until(() => ui.alerts('username').length > 0, 'required');
    expect(ui.alerts('username')).toEqual(['This field is required']);
    expect(cognito.calls).toEqual([]);
  });

  it('isPending while a request is in flight (the button is disabled), then the error', async () => {
    const { auth, cognito } = await newAuth();
    const ui = await renderApp(auth);
    await ui.fill({ username: 'mallory', password: 'whatever' });
    const release = cognito.hold();
    await ui.submit();
    await ui.until(() => ui.$('button[type="submit"]').disabled, 'pending');
    expect(ui.$('button[type="submit"]').textContent).toBe('Working…');
    await ui.until(() => cognito.calls.length === 1, 'the request');
    release();
    await ui.until(() => !!ui.$('[data-error]'), 'the error');
    expect(ui.$('[data-error]').textContent).toBe('User does not exist.');
    expect(ui.$('button[type="submit"]').disabled).toBe(false);
    expect(ui.route()).toBe('signIn');
  });

  it("the app's validators (createAuthenticator through the Provider) merge and block the submit", async () => {
    const { auth, cognito } = await newAuth();
    const store = createAuthenticator(auth, { validators: { username: (v) => (/^[a-z]+$/.test(v) ? undefined : 'Lower-case letters only') } });
    const ui = await renderApp(store);
    await ui.type('username', 'Alice');
    expect(ui.alerts()).toEqual([]);
    await ui.blur('username');
    await ui.until(() => ui.alerts('username').length > 0, 'the app message');
    expect(ui.alerts('username')).toEqual(['Lower-case letters only']);
    await ui.submit();
    await ui.until(() => ui.alerts('password').length > 0, 'required password');
    expect(ui.alerts('password')).toEqual(['This field is required']);
    expect(ui.alerts('username')).toEqual(['Lower-case letters only']);
    expect(cognito.calls).toEqual([]);
    await ui.fill({ username: 'alice', password: PASSWORD });
    expect(ui.alerts()).toEqual([]);
    await ui.submit();
    await ui.untilRoute('authenticated');
  });
});

describe('React behaviour', () => {
  it('StrictMode: double mount, one request per submit, subscriptions released on unmount', async () => {
    const { auth, cognito } = await newAuth();
    const inner = auth.authenticator;
    let active = 0;
    let peak = 0;
    // The same store, counting its live subscriptions.
    const counted = {
      ...inner,
      subscribe(listener) {
        active += 1;
        peak = Math.max(peak, active);
        const off = inner.subscribe(listener);
        let on = true;
        return () => {
          if (on) active -= 1;
          on = false;
          off();
        };
      },
    };
    const renders = {};
    const ui = await renderApp(counted, { strict: true, renders });
    expect(ui.route()).toBe('signIn');
    expect(renders.App).toBeGreaterThanOrEqual(2); // StrictMode renders twice
    const mounted = active;
    expect(mounted).toBeGreaterThan(0);
    await ui.fill({ username: 'alice', password: PASSWORD });
    await ui.submit();
    await ui.untilRoute('authenticated');
    expect(cognito.ops()).toEqual(['InitiateAuth', 'RespondToAuthChallenge', 'GetUser']);
    await act(async () => ui.root.unmount());
    expect(active).toBe(0);
    expect(peak).toBeLessThan(40);
    cleanups.pop(); // already unmounted
    ui.container.remove();
  });

  it('selectors: a component selecting only the route does not re-render while typing', async () => {
    const { auth, cognito } = await newAuth();
    const renders = {};
    const seen = {};
    function RouteOnly() {
      const { route } = useAuthenticator((s) => [s.route]);
      renders.route = (renders.route ?? 0) + 1;
      return h('i', null, route);
    }
    function PendingOnly() {
      const { isPending } = useAuthenticator((s) => s.isPending);
      renders.pending = (renders.pending ?? 0) + 1;
      return h('i', null, String(isPending));
    }
    function Everything() {
      const facade = useAuthenticator();
      renders.all = (renders.all ?? 0) + 1;
      seen.facade = facade;
      return h('i', null, facade.formValues.username ?? '');
    }
    const ui = await render(h(AuthenticatorProvider, { auth }, h(RouteOnly), h(PendingOnly), h(Everything)));
    const base = { ...renders };
    const { updateForm, submitForm } = seen.facade;
    for (const value of ['a', 'al', 'ali', 'alic', 'alice']) {
      await act(async () => updateForm({ name: 'username', value }));
    }
    await ui.until(() => ui.text().endsWith('alice'), 'typing');
    expect(renders.route).toBe(base.route);
    expect(renders.pending).toBe(base.pending);
    expect(renders.all).toBeGreaterThanOrEqual(base.all + 5);
    // A submit: isPending flips twice, the route once.
    await act(async () => submitForm({ password: PASSWORD }));
    await ui.until(() => ui.text().startsWith('authenticated'), 'signed in');
    expect(renders.route).toBe(base.route + 1);
    expect(renders.pending).toBe(base.pending + 2);
    expect(cognito.ops()).toEqual(['InitiateAuth', 'RespondToAuthChallenge', 'GetUser']);
  });

  it('a Provider given a promise says configuring until it resolves', async () => {
    const cognito = createScriptedCognito();
    let resolve;
    const pending = new Promise((r) => (resolve = r));
    function Status() {
      const { authStatus, route, toSignUp } = useAuthenticator((s) => [s.authStatus, s.route]);
      return h('main', { 'data-route': route, 'data-status': authStatus }, h('button', { type: 'button', 'data-action': 'to-sign-up', onClick: toSignUp }));
    }
    const ui = await render(h(AuthenticatorProvider, { auth: pending }, h(Status)));
    expect(ui.status()).toBe('configuring');
    expect(ui.route()).toBe('idle');
    const auth = await createAuth(config, { fetch: cognito.fetch, storage: createMemoryStorage(), crossTab: false });
    await act(async () => resolve(auth));
    await ui.untilRoute('signIn');
    expect(ui.status()).toBe('unauthenticated');
    await ui.click('to-sign-up');
    await ui.untilRoute('signUp');
  });

  it('useAuthenticatorRoute: the route component with handleChange / handleBlur / handleSubmit', async () => {
    const { auth, cognito } = await newAuth();
    function SignIn({ fields, handleChange, handleBlur, handleSubmit, validationErrors }) {
      return h(
        'form',
        { onSubmit: handleSubmit },
        fields.map((f) => h('input', { key: f.name, name: f.name, type: f.type, onChange: handleChange, onBlur: handleBlur })),
        Object.entries(validationErrors).map(([name, list]) => h('p', { key: name, role: 'alert', 'data-field': name }, list.join(' '))),
      );
    }
    function Screen() {
      const { route, Component, props } = useAuthenticatorRoute({ components: { SignIn } });
      return h('main', { 'data-route': route }, Component ? h(Component, props) : h('p', null, 'no form'));
    }
    const ui = await render(h(AuthenticatorProvider, { auth }, h(Screen)));
    expect(ui.fieldNames()).toEqual(['username', 'password']);
    await ui.submit();
    await ui.until(() => ui.alerts().length === 2, 'required');
    await ui.type('username', 'alice');
    await ui.type('password', PASSWORD);
    await ui.submit();
    await ui.untilRoute('authenticated');
    expect(ui.text()).toBe('no form');
    expect(cognito.calls[0].body.AuthParameters.USERNAME).toBe('alice');
  });
});
