// The authenticator store (js/authenticator.js) of the BUILT package, without React: the
// default instance before and after createAuth, snapshots cached by revision (frozen, one
// object per change, unchanged parts and verbs keep their identity), subscriptions, the
// verbs, errors, and the app's own validators (per field and Amplify's
// services.validateCustomSignUp, sync and async): merged after the built-in messages,
// shown after blur, holding a failing SUBMIT back. Cognito is scripted
// (support/scripted-cognito.mjs).
import { describe, it, expect, vi } from 'vitest';
import { importBuilt } from './support/built-package.mjs';
import { createScriptedCognito, config } from './support/scripted-cognito.mjs';

const { createAuth, createAuthenticator, createMemoryStorage } = await importBuilt('index.js');
const { defaultAuthenticator, CONFIGURING_SNAPSHOT, getDefaultAuth, setDefaultAuth, defaultStoreHere, serverAuthenticator } = await importBuilt(
  'authenticator.js',
);

async function setup(extra = {}, cognito = createScriptedCognito(), host = {}) {
  const auth = await createAuth({ ...config, ...extra }, { fetch: cognito.fetch, storage: createMemoryStorage(), crossTab: false, ...host });
  return { auth, cognito, store: auth.authenticator };
}

/** Waits until `check(store.getSnapshot())` holds. */
async function until(store, check, ms = 3000) {
  const end = Date.now() + ms;
  while (!check(store.getSnapshot())) {
    if (Date.now() > end) throw new Error(`timed out; facade: ${JSON.stringify(store.getSnapshot())}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return store.getSnapshot();
}

/** Lets the driver's queue run (a few macrotasks). */
const settle = () => new Promise((r) => setTimeout(r, 20));

describe('the default instance', () => {
  // First in this file: no createAuth has run in this module graph yet. This file runs in
  // Node (no window): a server, where a plain createAuth never becomes the default (it is
  // one request's); configure() (cognito-headless/amplify) sets it with setDefaultAuth.
  // In a browser the last createAuth is the default (react-default.test.mjs).
  it('before any instance: configuring, route idle, verbs that wait for one', async () => {
    expect(getDefaultAuth()).toBeUndefined();
    const s = defaultAuthenticator.getSnapshot();
    expect(s).toMatchObject({ route: 'idle', authStatus: 'configuring', isPending: true, fields: [], validationErrors: {} });
    expect(defaultAuthenticator.getSnapshot()).toBe(s);
    expect(Object.isFrozen(s)).toBe(true);
    expect(CONFIGURING_SNAPSHOT).toMatchObject({ route: 'idle', authStatus: 'configuring' });
    const listener = vi.fn();
    const off = defaultAuthenticator.subscribe(listener);
    const { auth, store } = await setup();
    // On a server createAuth does not register itself.
    expect(getDefaultAuth()).toBeUndefined();
    expect(defaultAuthenticator.getSnapshot()).toBe(s);
    expect(listener).not.toHaveBeenCalled();
    setDefaultAuth(auth, { primary: true });
    expect(getDefaultAuth()).toBe(auth);
    expect(listener).toHaveBeenCalled();
    expect(defaultAuthenticator.getSnapshot()).toBe(store.getSnapshot());
    expect(defaultAuthenticator.getSnapshot()).toMatchObject({ route: 'signIn', authStatus: 'unauthenticated' });
    // A verb taken from the configuring snapshot reaches the instance now.
    s.toSignUp();
    await until(defaultAuthenticator, (f) => f.route === 'signUp');
    off();
    // A later createAuth does not take over.
    await setup();
    expect(getDefaultAuth()).toBe(auth);
    // The hooks' store here (a server) is the fixed 'configuring' facade, whatever is registered.
    expect(defaultStoreHere()).toBe(serverAuthenticator);
    expect(serverAuthenticator.getSnapshot()).toBe(CONFIGURING_SNAPSHOT);
    setDefaultAuth(undefined, { primary: true });
  });
});

describe('snapshots', () => {
  it('one frozen object per change; unchanged parts and the verbs keep their identity', async () => {
    const { auth, store } = await setup();
    expect(auth.authenticator).toBe(store);
    const a = store.getSnapshot();
    expect(store.getSnapshot()).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.fields)).toBe(true);
    expect(Object.isFrozen(a.fields[0])).toBe(true);
    expect(a).toMatchObject({ route: 'signIn', authStatus: 'unauthenticated', isPending: false, hasValidationErrors: false, loginMechanism: 'username' });
    expect(a.fields.map((f) => f.name)).toEqual(['username', 'password']);
    store.updateForm({ name: 'username', value: 'al' });
    const b = await until(store, (f) => f.formValues.username === 'al');
    expect(b).not.toBe(a);
    expect(b.revision).toBeGreaterThan(a.revision);
    expect(b.fields).toBe(a.fields);
    expect(b.validationErrors).toBe(a.validationErrors);
    for (const verb of ['submitForm', 'updateForm', 'updateBlur', 'resendCode', 'skipVerification', 'signOut', 'toSignIn', 'toSignUp', 'toForgotPassword', 'toFederatedSignIn', 'initializeMachine']) {
      expect(typeof b[verb], verb).toBe('function');
      expect(b[verb], verb).toBe(a[verb]);
      expect(store[verb], verb).toBe(a[verb]);
    }
    // Nothing happened: the same object again.
    await settle();
    expect(store.getSnapshot()).toBe(b);
    expect(() => store.updateForm({ value: 'x' })).toThrow(TypeError);
  });

  it('subscribe: told after each change; unsubscribing twice is harmless; the same listener twice is two subscriptions', async () => {
    const { store } = await setup();
    const seen = [];
    const listener = () => seen.push(store.getSnapshot().formValues.username);
    const off1 = store.subscribe(listener);
    const off2 = store.subscribe(listener);
    store.updateForm({ name: 'username', value: 'a' });
    await until(store, (f) => f.formValues.username === 'a');
    expect(seen).toEqual(['a', 'a']);
    off1();
    off1();
    store.updateForm({ name: 'username', value: 'ab' });
    await until(store, (f) => f.formValues.username === 'ab');
    expect(seen).toEqual(['a', 'a', 'ab']);
    off2();
    store.updateForm({ name: 'username', value: 'abc' });
    await until(store, (f) => f.formValues.username === 'abc');
    expect(seen).toEqual(['a', 'a', 'ab']);
    expect(() => store.subscribe(null)).toThrow(TypeError);
  });
});

describe('verbs and the machine', () => {
  it('hosted UI, routes, required fields on submit, a wrong password as error + authError, then sign-in and sign-out', async () => {
    const navigated = [];
    const { store, cognito } = await setup({ oauth: { domain: 'auth.example.com', scopes: ['openid'], redirectSignIn: ['http://localhost/'], redirectSignOut: ['http://localhost/'], responseType: 'code', providers: ['Google', 'Apple'] } }, undefined, { navigate: (url) => navigated.push(String(url)) });
    expect(store.getSnapshot().socialProviders).toEqual(['google', 'apple']);
    // Amplify UI's lower-case provider names reach the hosted UI as Cognito's.
    store.toFederatedSignIn({ provider: 'google' });
    await until(store, () => navigated.length === 1);
    expect(new URL(navigated[0]).searchParams.get('identity_provider')).toBe('Google');
    store.toForgotPassword();
    await until(store, (f) => f.route === 'forgotPassword');
    store.toSignUp();
    await until(store, (f) => f.route === 'signUp');
    store.toSignIn();
    await until(store, (f) => f.route === 'signIn');
    store.submitForm();
    let f = await until(store, (s) => s.hasValidationErrors);
    expect(f.validationErrors).toEqual({ username: ['This field is required'], password: ['This field is required'] });
    expect(f.validationErrorCodes.password).toEqual(['REQUIRED']);
    expect(cognito.calls).toEqual([]);
    store.submitForm({ username: 'mallory', password: 'x' });
    f = await until(store, (s) => !!s.error);
    expect(f.error).toBe('User does not exist.');
    expect(f.authError).toBeInstanceOf(Error);
    expect(f.authError.name).toBe('UserNotFoundException');
    expect(f.route).toBe('signIn');
    store.submitForm({ username: ' alice ', password: 'Correct-Horse-1' });
    f = await until(store, (s) => s.route === 'authenticated');
    expect(f).toMatchObject({ authStatus: 'authenticated', username: 'alice', isPending: false, error: undefined, authError: undefined });
    expect(f.user.username).toBe('alice');
    store.signOut();
    f = await until(store, (s) => s.route === 'signIn');
    expect(f.authStatus).toBe('unauthenticated');
    expect(cognito.ops()).toContain('RevokeToken');
  });
});

describe('app validators', () => {
  it('per field: shown after blur only, merged after the built-in messages (code CUSTOM), and a failing one holds SUBMIT back', async () => {
    const { auth, cognito } = await setup({ passwordPolicy: { minLength: 10 } });
    const calls = [];
    const store = createAuthenticator(auth, {
      validators: {
        username: (value, values, route) => {
          calls.push([value, route]);
          return /^[a-z]+$/.test(value) ? undefined : 'Lower-case letters only';
        },
        password: (value) => (value.includes('password') ? ['Too guessable', 'Really'] : null),
      },
    });
    expect(store).not.toBe(auth.authenticator);
    store.updateForm({ name: 'username', value: 'Bob' });
    let f = await until(store, (s) => s.formValues.username === 'Bob');
    expect(f.validationErrors).toEqual({});
    store.updateBlur({ name: 'username' });
    f = await until(store, (s) => s.hasValidationErrors);
    expect(f.validationErrors).toEqual({ username: ['Lower-case letters only'] });
    expect(f.validationErrorCodes).toEqual({ username: ['CUSTOM'] });
    expect(calls.at(-1)).toEqual(['Bob', 'signIn']);
    // The store without validators shares the form but not these messages.
    expect(auth.authenticator.getSnapshot().formValues.username).toBe('Bob');
    expect(auth.authenticator.getSnapshot().validationErrors).toEqual({});
    // Held back: no request; the password's messages show too, with what was typed.
    store.submitForm({ password: 'mypassword' });
    f = await until(store, (s) => s.validationErrors.password);
    await settle();
    expect(cognito.calls).toEqual([]);
    expect(store.getSnapshot().formValues).toEqual({ username: 'Bob', password: 'mypassword' });
    expect(store.getSnapshot().validationErrors.password).toEqual(['Too guessable', 'Really']);
    // Built-in and app messages merge on a sign-up form (policy first, then the app's).
    store.toSignUp();
    await until(store, (s) => s.route === 'signUp' && !s.hasValidationErrors);
    store.updateForm({ name: 'password', value: 'password' });
    store.updateBlur({ name: 'password' });
    f = await until(store, (s) => !!s.validationErrors.password);
    expect(f.validationErrors.password).toEqual(['Password must have at least 10 characters', 'Too guessable', 'Really']);
    expect(f.validationErrorCodes.password).toEqual(['PASSWORD_TOO_SHORT', 'CUSTOM', 'CUSTOM']);
    // Back on signIn with good values: SUBMIT goes through.
    store.toSignIn();
    await until(store, (s) => s.route === 'signIn');
    store.submitForm({ username: 'alice', password: 'Correct-Horse-1' });
    await until(store, (s) => s.route === 'authenticated');
    expect(cognito.ops()[0]).toBe('InitiateAuth');
  });

  it("services.validateCustomSignUp (async, Amplify's contract) on signUp: blocks until it passes; a throwing validator is reported, not fatal", async () => {
    const cognito = createScriptedCognito();
    const { auth } = await setup({}, cognito);
    const touchSeen = [];
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const store = createAuthenticator(auth, {
      validators: { nickname: () => { throw new Error('boom'); } },
      services: {
        async validateCustomSignUp(formData, touchData) {
          touchSeen.push(Object.keys(touchData).sort());
          await new Promise((r) => setTimeout(r, 5));
          if (formData.acknowledgement !== 'true') return { acknowledgement: 'You must agree to the Terms and Conditions' };
        },
      },
    });
    store.toSignUp();
    await until(store, (s) => s.route === 'signUp');
    const data = { username: 'carol', password: 'Passw0rd!x', confirm_password: 'Passw0rd!x', nickname: 'c' };
    store.submitForm(data);
    let f = await until(store, (s) => !!s.validationErrors.acknowledgement);
    expect(f.validationErrors.acknowledgement).toEqual(['You must agree to the Terms and Conditions']);
    expect(f.validationErrorCodes.acknowledgement).toEqual(['CUSTOM']);
    expect(f.formValues).toMatchObject(data);
    expect(touchSeen[touchSeen.length - 1]).toEqual(expect.arrayContaining(['username', 'password', 'confirm_password']));
    expect(cognito.calls).toEqual([]);
    expect(errors).toHaveBeenCalled();
    store.updateForm({ name: 'acknowledgement', value: 'true' });
    f = await until(store, (s) => !s.validationErrors.acknowledgement && s.formValues.acknowledgement === 'true');
    store.submitForm();
    f = await until(store, (s) => s.route === 'confirmSignUp');
    expect(cognito.ops()).toEqual(['SignUp']);
    errors.mockRestore();
  });

  it('createAuthenticator refuses what createAuth did not make', () => {
    expect(() => createAuthenticator({})).toThrow(TypeError);
  });
});
