// A small React app over cognito-headless/react for the authenticator tests: one
// component per route, inputs made from the route's `fields`, validation messages,
// the pending state, and helpers that drive it through DOM events (jsdom). No JSX, no
// Node APIs in the components (the Chromium test bundles its own page).
import { createElement as h } from 'react';

/**
 * @param {{ useAuthenticator: Function }} react the package's cognito-headless/react
 * @param {Record<string, number>} [renders] counts renders per component name
 */
export function makeApp({ useAuthenticator }, renders = {}) {
  const count = (name) => {
    renders[name] = (renders[name] ?? 0) + 1;
  };

  function Fields() {
    const { route, fields, formValues, validationErrors, updateForm, updateBlur } = useAuthenticator((s) => [s.fields, s.formValues, s.validationErrors]);
    count('Fields');
    // Radio choices come one entry per choice (Amplify UI's shape): one select per group.
    // verifyUser's choice is submitted as `unverifiedAttr` (the attribute's name).
    const groups = [];
    for (const f of fields) {
      if (f.type !== 'radio') groups.push(f);
      else {
        const name = route === 'verifyUser' ? 'unverifiedAttr' : f.name;
        const choice = route === 'verifyUser' ? f.name : f.value;
        const group = groups.find((g) => g.name === name);
        if (group) group.options.push(choice);
        else groups.push({ name, label: name, type: 'radio', options: [choice] });
      }
    }
    return groups.map((f) => {
      const common = {
        name: f.name,
        value: formValues[f.name] ?? '',
        onChange: (e) => updateForm({ name: f.name, value: e.target.value }),
        onBlur: () => updateBlur({ name: f.name }),
      };
      const input =
        f.type === 'radio'
          ? h('select', common, h('option', { value: '' }, '-'), ...(f.options ?? []).map((o) => h('option', { key: o, value: o }, o)))
          : h('input', { ...common, type: f.type === 'number' ? 'text' : f.type, autoComplete: f.autocomplete });
      return h(
        'label',
        { key: f.name },
        f.label,
        input,
        ...(validationErrors[f.name] ?? []).map((m) => h('p', { key: m, role: 'alert', 'data-field': f.name }, m)),
      );
    });
  }

  function Form({ title, children }) {
    const { submitForm, isPending, error } = useAuthenticator((s) => [s.isPending, s.error]);
    count('Form');
    return h(
      'form',
      {
        onSubmit: (e) => {
          e.preventDefault();
          submitForm();
        },
      },
      h('h1', null, title),
      h(Fields),
      children,
      error ? h('p', { role: 'status', 'data-error': '' }, error) : null,
      h('button', { type: 'submit', disabled: isPending }, isPending ? 'Working…' : 'Submit'),
    );
  }

  const button = (label, onClick) => h('button', { type: 'button', onClick, 'data-action': label }, label);

  const routes = {
    idle: () => h('p', null, 'Loading…'),
    setup: () => h('p', null, 'Loading…'),
    signIn() {
      const { toSignUp, toForgotPassword } = useAuthenticator((s) => []);
      return h(Form, { title: 'Sign in' }, button('to-sign-up', toSignUp), button('to-forgot-password', toForgotPassword));
    },
    signUp() {
      const { toSignIn } = useAuthenticator((s) => []);
      return h(Form, { title: 'Create account' }, button('to-sign-in', toSignIn));
    },
    confirmSignUp() {
      const { resendCode, codeDeliveryDetails } = useAuthenticator((s) => [s.codeDeliveryDetails]);
      return h(Form, { title: 'Confirm sign-up' }, h('p', { 'data-destination': '' }, codeDeliveryDetails?.Destination ?? ''), button('resend', resendCode));
    },
    confirmSignIn() {
      const { challengeName, codeDeliveryDetails } = useAuthenticator((s) => [s.challengeName, s.codeDeliveryDetails]);
      return h(Form, { title: 'Enter your code' }, h('p', { 'data-challenge': '' }, challengeName), h('p', { 'data-destination': '' }, codeDeliveryDetails?.Destination ?? ''));
    },
    setupTotp() {
      const { totpSetupUri, totpSecretCode } = useAuthenticator((s) => [s.totpSetupUri]);
      return h(Form, { title: 'Set up TOTP' }, h('code', { 'data-uri': '' }, totpSetupUri), h('code', { 'data-secret': '' }, totpSecretCode));
    },
    setupEmail: () => h(Form, { title: 'Set up email MFA' }),
    selectMfaType() {
      const { allowedMfaTypes } = useAuthenticator((s) => [s.allowedMfaTypes]);
      return h(Form, { title: 'Choose MFA' }, h('p', { 'data-mfa': '' }, (allowedMfaTypes ?? []).join(',')));
    },
    forceNewPassword: () => h(Form, { title: 'New password' }),
    forgotPassword() {
      const { toSignIn } = useAuthenticator((s) => []);
      return h(Form, { title: 'Reset password' }, button('to-sign-in', toSignIn));
    },
    confirmResetPassword() {
      const { resendCode } = useAuthenticator((s) => []);
      return h(Form, { title: 'New password with code' }, button('resend', resendCode));
    },
    verifyUser() {
      const { skipVerification, unverifiedUserAttributes } = useAuthenticator((s) => [s.unverifiedUserAttributes]);
      return h(Form, { title: 'Verify contact' }, h('p', { 'data-unverified': '' }, Object.entries(unverifiedUserAttributes ?? {}).map(([name, value]) => `${name}=${value}`).join(',')), button('skip', skipVerification));
    },
    confirmVerifyUser() {
      const { skipVerification } = useAuthenticator((s) => []);
      return h(Form, { title: 'Confirm contact' }, button('skip', skipVerification));
    },
    signInSelectAuthFactor() {
      // No fields here (as in Amplify UI): the app offers the first factors itself.
      const { availableChallenges, formValues, updateForm } = useAuthenticator((s) => [s.availableChallenges, s.formValues]);
      const choose = h(
        'select',
        { name: 'method', value: formValues.method ?? '', onChange: (e) => updateForm({ name: 'method', value: e.target.value }) },
        h('option', { value: '' }, '-'),
        ...availableChallenges.map((c) => h('option', { key: c, value: c }, c)),
      );
      return h(Form, { title: 'How do you want to sign in?' }, h('p', { 'data-factors': '' }, availableChallenges.join(',')), choose);
    },
    passkeyPrompt() {
      const { skipVerification } = useAuthenticator((s) => []);
      return h(Form, { title: 'Create a passkey?' }, button('skip', skipVerification));
    },
    authenticated() {
      const { user, signOut } = useAuthenticator((s) => [s.user]);
      return h('section', null, h('p', { 'data-user': '' }, `Signed in as ${user?.username}`), button('sign-out', signOut));
    },
    signOut: () => h('p', null, 'Signing out…'),
  };

  function App() {
    const { route, authStatus } = useAuthenticator((s) => [s.route, s.authStatus]);
    count('App');
    const Route = routes[route] ?? (() => h('p', null, `no component for ${route}`));
    return h('main', { 'data-route': route, 'data-status': authStatus }, h(Route));
  }

  return { App, routes, Fields, Form };
}

/** Drives a rendered app through DOM events inside React's `act`. */
export function makeDriver(container, act) {
  const $ = (selector) => container.querySelector(selector);
  const field = (name) => {
    const el = $(`[name="${name}"]`);
    if (!el) throw new Error(`no field ${name} on ${container.querySelector('main')?.dataset.route}: ${container.innerHTML}`);
    return el;
  };
  return {
    $,
    route: () => $('main')?.dataset.route,
    status: () => $('main')?.dataset.status,
    text: () => container.textContent,
    alerts: (name) => [...container.querySelectorAll(`[role="alert"]${name ? `[data-field="${name}"]` : ''}`)].map((e) => e.textContent),
    fieldNames: () => [...container.querySelectorAll('[name]')].map((e) => e.getAttribute('name')),
    async type(name, value) {
      const el = field(name);
      await act(async () => {
        const proto = el.tagName === 'SELECT' ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
        Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, value);
        el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }));
      });
    },
    async blur(name) {
      const el = field(name);
      await act(async () => {
        el.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
      });
    },
    async fill(values) {
      for (const [name, value] of Object.entries(values)) {
        await this.type(name, value);
        await this.blur(name);
      }
    },
    async submit() {
      const form = $('form');
      if (!form) throw new Error(`no form on ${this.route()}`);
      await act(async () => {
        form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
      });
    },
    async click(action) {
      const el = $(`[data-action="${action}"]`);
      if (!el) throw new Error(`no button ${action} on ${this.route()}`);
      await act(async () => {
        el.click();
      });
    },
    /** Waits (letting the driver queue and fetches run) until `check()` holds. */
    async until(check, what = 'condition', ms = 3000) {
      const end = Date.now() + ms;
      while (!check()) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}; route ${this.route()}: ${container.innerHTML}`);
        await act(async () => {
          await new Promise((r) => setTimeout(r, 5));
        });
      }
    },
    async untilRoute(route) {
      await this.until(() => this.route() === route, `route ${route}`);
    },
  };
}
