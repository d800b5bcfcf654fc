// cognito-headless/react: Amplify UI's `useAuthenticator` for React 18/19, on
// `useSyncExternalStore` over the authenticator store (js/authenticator.js). The hook
// never reads machine internals: it selects from the store's frozen snapshots.
//
//   <AuthenticatorProvider auth={auth}>…</AuthenticatorProvider>   (optional)
//   const { route, submitForm } = useAuthenticator((s) => [s.route]);
//
// Without a Provider the hook follows the default instance: the one `configure()`
// (cognito-headless/amplify) made, else the last `createAuth`. Before any exists the
// snapshot says `authStatus: 'configuring'`, route `idle`. On a server (no window, e.g.
// react-dom/server) there is no default instance: without a Provider the hook always
// says 'configuring'/'idle' (Amplify UI's state before it knows anything), because the
// last createAuth there is another request's. Give the Provider the request's instance
// to render its user on the server.

import { createContext, createElement, useContext, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { authenticatorFor, defaultStoreHere, CONFIGURING_SNAPSHOT } from './authenticator.js';

/**
 * @typedef {import('./index.d.ts').AuthenticatorSnapshot} AuthenticatorSnapshot
 * @typedef {import('./index.d.ts').PasswordlessSettings} PasswordlessSettings
 * @typedef {{ getSnapshot(): AuthenticatorSnapshot, subscribe(listener: () => void): () => void }} Store
 */

/** @type {import('react').Context<Store | null>} */
const AuthenticatorContext = createContext(/** @type {Store | null} */ (null));
AuthenticatorContext.displayName = 'AuthenticatorContext';

/**
 * Gives the hooks below it one authenticator. `auth`: what createAuth returned (its
 * `auth.authenticator`), a promise of it (the hooks say 'configuring' until it resolves),
 * or a store from `createAuthenticator(auth, { validators })`. Without `auth`: the
 * default instance, as without a Provider (on a server: 'configuring', never an instance).
 * @param {{ auth?: unknown, children?: import('react').ReactNode }} props
 */
export function AuthenticatorProvider({ auth, children }) {
  const store = useMemo(() => (auth === undefined || auth === null ? defaultStoreHere() : authenticatorFor(auth)), [auth]);
  return createElement(AuthenticatorContext.Provider, { value: store }, children);
}

/** What a browser's hydrating render of `useAuthenticator` returns (see below). */
const getHydrationSnapshot = () => CONFIGURING_SNAPSHOT;

/** Amplify UI's dependency comparison: arrays element by element, else Object.is. @param {unknown} a @param {unknown} b */
function depsEqual(a, b) {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
    return true;
  }
  return Object.is(a, b);
}

/**
 * The store the hooks use here: the nearest Provider's, else the default instance's in a
 * browser, else (a server) the fixed 'configuring' facade.
 */
function useStore() {
  return useContext(AuthenticatorContext) ?? defaultStoreHere();
}

/**
 * The authenticator facade: route, authStatus, form state and the verbs. With `selector`
 * (Amplify UI's contract), the component re-renders only when what it returns changes: an
 * array of dependencies is compared element by element, any other value with Object.is.
 * The facade is returned either way (as of the last render the selection changed).
 * @param {(facade: AuthenticatorSnapshot) => unknown} [selector]
 * @returns {AuthenticatorSnapshot}
 */
export function useAuthenticator(selector) {
  const store = useStore();
  /** The facade last rendered and its dependencies, per store. */
  const last = useRef(/** @type {{ store: Store, facade: AuthenticatorSnapshot, deps: unknown } | null} */ (null));
  const getSnapshot = useMemo(() => {
    if (typeof selector !== 'function') return () => store.getSnapshot();
    /** @type {AuthenticatorSnapshot | undefined} */
    let seen;
    /** @type {AuthenticatorSnapshot} */
    let chosen;
    return () => {
      const next = store.getSnapshot();
      if (next === seen) return chosen;
      seen = next;
      const prev = last.current;
      const deps = selector(next);
      chosen = prev && prev.store === store && prev.facade !== next && depsEqual(prev.deps, deps) ? prev.facade : next;
      return chosen;
    };
  }, [store, selector]);
  // On a server (no `window`) the render shows the Provider's instance as it is: a request
  // whose instance was built over its cookies renders its user (without a Provider,
  // 'configuring': there is no default instance on a server). A browser's hydrating render
  // sees 'configuring' (route idle): it cannot know what the server rendered, and
  // 'configuring' is what a server without the user's session renders. The real state
  // follows right after hydration.
  const facade = useSyncExternalStore(
    store.subscribe,
    getSnapshot,
    typeof window === 'undefined' ? getSnapshot : getHydrationSnapshot,
  );
  useEffect(() => {
    last.current = { store, facade, deps: typeof selector === 'function' ? selector(facade) : undefined };
  });
  return facade;
}

/** PascalCase component names of the routes (Amplify UI's `components` keys). */
const ROUTE_COMPONENTS = /** @type {Record<string, string>} */ ({
  signIn: 'SignIn',
  signUp: 'SignUp',
  confirmSignUp: 'ConfirmSignUp',
  confirmSignIn: 'ConfirmSignIn',
  setupTotp: 'SetupTotp',
  setupEmail: 'SetupEmail',
  selectMfaType: 'SelectMfaType',
  forceNewPassword: 'ForceNewPassword',
  forgotPassword: 'ForgotPassword',
  confirmResetPassword: 'ConfirmResetPassword',
  verifyUser: 'VerifyUser',
  confirmVerifyUser: 'ConfirmVerifyUser',
  signInSelectAuthFactor: 'SignInSelectAuthFactor',
  passkeyPrompt: 'PasskeyPrompt',
});

/** @param {AuthenticatorSnapshot} s */
const routeDeps = (s) => [
  s.route,
  s.fields,
  s.formValues,
  s.error,
  s.isPending,
  s.validationErrors,
  s.codeDeliveryDetails,
  s.totpSecretCode,
  s.allowedMfaTypes,
  s.unverifiedUserAttributes,
];

/**
 * Amplify UI's `useAuthenticatorRoute`: the component for the current route from
 * `components` (keys `SignIn`, `SignUp`, `ConfirmSignIn`, …) and its props: the facade
 * plus `handleChange`, `handleBlur` (input events) and `handleSubmit` (a form submit
 * event or a data object). `Component` is null on routes without a form (idle, setup,
 * authenticated, signOut).
 * @param {{ components?: Record<string, any> }} [params] (any: the app's React components,
 *   of whatever props type; this module does not depend on React's types)
 */
export function useAuthenticatorRoute(params = {}) {
  const facade = useAuthenticator(routeDeps);
  const handlers = useMemo(
    () => ({
      /** @param {any} event a DOM/React change event or a `{ name, value }` target (any: both are read) */
      handleChange(event) {
        const t = event && event.target ? event.target : event;
        if (!t || !t.name) return;
        // An unchecked checkbox has no value (Amplify UI: undefined; the machine keeps strings).
        const value = t.type === 'checkbox' && !t.checked ? '' : t.value;
        facade.updateForm({ name: t.name, value });
      },
      /** @param {any} event a DOM/React blur event or a `{ name }` target (any: both are read) */
      handleBlur(event) {
        const t = event && event.target ? event.target : event;
        if (t && t.name) facade.updateBlur({ name: t.name });
      },
      /** @param {any} eventOrData a submit event, or the form's data object (any: both are read) */
      handleSubmit(eventOrData) {
        if (eventOrData && typeof eventOrData.preventDefault === 'function') {
          eventOrData.preventDefault();
          const form = eventOrData.currentTarget ?? eventOrData.target;
          /** @type {Record<string, string>} */
          const data = {};
          if (form && typeof FormData !== 'undefined' && form instanceof HTMLFormElement) {
            for (const [k, v] of new FormData(form)) if (typeof v === 'string') data[k] = v;
          }
          facade.submitForm(data);
          return;
        }
        facade.submitForm(eventOrData ?? undefined);
      },
    }),
    // The verbs are stable per store; the facade's identity is not needed here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [facade.submitForm],
  );
  const name = ROUTE_COMPONENTS[facade.route];
  const Component = name && params.components ? params.components[name] ?? null : null;
  return { route: facade.route, Component, props: { ...facade, ...handlers } };
}

/**
 * Amplify UI's `useAuthenticatorInitMachine`: sends INIT with `data` once, on the first
 * route past `idle` (the machine starts by itself; INIT carries the `passwordless` prop).
 * @param {{ passwordless?: PasswordlessSettings }} [data]
 */
export function useAuthenticatorInitMachine(data) {
  const { route, initializeMachine } = useAuthenticator(routeOnly);
  const sent = useRef(false);
  useEffect(() => {
    if (!sent.current && route !== 'idle') {
      sent.current = true;
      initializeMachine(data);
    }
  }, [initializeMachine, route, data]);
}
/** @param {AuthenticatorSnapshot} s */
const routeOnly = (s) => [s.route];

/** Sends `<Authenticator>`'s INIT from inside its Provider. @param {{ passwordless?: PasswordlessSettings }} props */
function InitMachine({ passwordless }) {
  useAuthenticatorInitMachine(useMemo(() => ({ passwordless }), [passwordless]));
  return null;
}

/**
 * Amplify UI's `Authenticator`, without its UI: `<Authenticator.Provider>` is
 * AuthenticatorProvider (so apps written for Amplify UI's headless hook import and wrap as
 * they do there). `<Authenticator>` itself gives its Provider and renders its children: a
 * function child (Amplify UI's render prop) is called with `{ signOut, user }` once signed
 * in, and renders nothing before (there are no built-in forms; render your own per route).
 * Its `passwordless` prop (`hiddenAuthMethods`, `preferredAuthMethod`,
 * `passkeyRegistrationPrompts`) goes over `Auth.Cognito.passwordless`, as in Amplify UI.
 * @param {{ auth?: unknown, passwordless?: PasswordlessSettings, children?: import('react').ReactNode | ((props: { signOut: () => void, user: unknown }) => import('react').ReactNode) }} props
 */
export function Authenticator({ auth, passwordless, children }) {
  const body = typeof children === 'function' ? createElement(AuthenticatedOnly, { render: children }) : children;
  return createElement(AuthenticatorProvider, { auth }, createElement(InitMachine, { passwordless }), body);
}
Authenticator.Provider = AuthenticatorProvider;

/** Calls `render` with `{ signOut, user }` when signed in. @param {{ render: (props: { signOut: () => void, user: unknown }) => import('react').ReactNode }} props */
function AuthenticatedOnly({ render }) {
  const { route, signOut, user } = useAuthenticator(authenticatedDeps);
  return route === 'authenticated' ? render({ signOut, user }) : null;
}
/** @param {AuthenticatorSnapshot} s */
const authenticatedDeps = (s) => [s.route, s.user];

export { AuthenticatorContext, CONFIGURING_SNAPSHOT };
