// Type declarations for cognito-headless/react (js/react.js).

import type { Context, ReactNode, ComponentType, ChangeEvent, FocusEvent, FormEvent } from 'react';
import type { Auth, Authenticator as AuthenticatorStore, AuthenticatorRoute, AuthenticatorSnapshot, PasswordlessSettings } from './index.js';

export type { AuthenticatorRoute, AuthenticatorSnapshot, AuthenticatorOptions, AuthenticatorField, PasswordlessSettings } from './index.js';
/** The authenticator store (index.js's `Authenticator` type; here `Authenticator` is Amplify UI's component). */
export type { AuthenticatorStore };

export interface AuthenticatorProviderProps {
  /**
   * What createAuth returned (its `auth.authenticator` is used), a promise of it (the hooks
   * say `authStatus: 'configuring'` until it resolves), or a store from
   * `createAuthenticator(auth, { validators })`. Omitted: the default instance (the one
   * `configure()` made, else the last createAuth), as without a Provider; on a server (no
   * `window`) there is none: `authStatus: 'configuring'`, `route: 'idle'`.
   */
  auth?: Auth | PromiseLike<Auth> | AuthenticatorStore | null;
  children?: ReactNode;
}

/** Gives the hooks below it one authenticator. */
export function AuthenticatorProvider(props: AuthenticatorProviderProps): ReactNode;

/**
 * Amplify UI's `Authenticator` without its UI: `<Authenticator.Provider>` is
 * AuthenticatorProvider. `<Authenticator>` gives its Provider and renders its children; a
 * function child is called with `{ signOut, user }` once signed in (nothing before: render
 * your own forms per route). `passwordless` (Amplify UI's prop) goes over the configured
 * `Auth.Cognito.passwordless`.
 */
export declare const Authenticator: ((
  props: Omit<AuthenticatorProviderProps, 'children'> & {
    passwordless?: PasswordlessSettings;
    children?: ReactNode | ((props: { signOut: () => void; user: AuthenticatorSnapshot['user'] }) => ReactNode);
  },
) => ReactNode) & { Provider: typeof AuthenticatorProvider };

/**
 * The authenticator facade. With `selector`, the component re-renders only when what it
 * returns changes (an array: element by element; anything else: Object.is), as in Amplify
 * UI. Without a Provider: the default instance; before one exists, `authStatus` is
 * `'configuring'` and `route` is `'idle'`. On a server (no `window`, e.g. react-dom/server)
 * there is no default instance (it would be another request's): without a Provider it is
 * always `'configuring'`/`'idle'` with verbs that do nothing; wrap the tree in
 * `<AuthenticatorProvider auth={thisRequestsAuth}>` to render the request's user.
 */
export function useAuthenticator(selector?: (facade: AuthenticatorSnapshot) => unknown): AuthenticatorSnapshot;

/** The props `useAuthenticatorRoute` gives the route's component. */
export type AuthenticatorRouteProps = AuthenticatorSnapshot & {
  /** An input's change event (or `{ name, value }`): `updateForm`. Unchecked checkboxes give ''. */
  handleChange(event: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement> | { name: string; value: string }): void;
  /** An input's blur event (or `{ name }`): `updateBlur`. */
  handleBlur(event: FocusEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement> | { name: string }): void;
  /** A form's submit event (prevents the default, submits the form's FormData) or a data object. */
  handleSubmit(event?: FormEvent<HTMLFormElement> | Record<string, string>): void;
};

export type AuthenticatorRouteComponentName =
  | 'SignIn'
  | 'SignUp'
  | 'ConfirmSignUp'
  | 'ConfirmSignIn'
  | 'SetupTotp'
  | 'SetupEmail'
  | 'SelectMfaType'
  | 'ForceNewPassword'
  | 'ForgotPassword'
  | 'ConfirmResetPassword'
  | 'VerifyUser'
  | 'ConfirmVerifyUser'
  | 'SignInSelectAuthFactor'
  | 'PasskeyPrompt';

/**
 * Amplify UI's `useAuthenticatorRoute`: the current route's component from `components`
 * and its props. `Component` is null on routes without a form (idle, setup, authenticated,
 * signOut) and when `components` lacks it. Re-renders on changes of the route's data only.
 */
export function useAuthenticatorRoute(params?: {
  components?: Partial<Record<AuthenticatorRouteComponentName, ComponentType<AuthenticatorRouteProps>>>;
}): {
  route: AuthenticatorRoute;
  Component: ComponentType<AuthenticatorRouteProps> | null;
  props: AuthenticatorRouteProps;
};

/** Amplify UI's `useAuthenticatorInitMachine`: INIT once, past `idle`, with `data` (its `passwordless` is applied). */
export function useAuthenticatorInitMachine(data?: { passwordless?: PasswordlessSettings }): void;

/** The Provider's context (null outside a Provider). */
export const AuthenticatorContext: Context<Pick<AuthenticatorStore, 'getSnapshot' | 'subscribe'> | null>;

/** The snapshot before any instance exists (`authStatus: 'configuring'`, route `idle`, verbs do nothing). */
export const CONFIGURING_SNAPSHOT: AuthenticatorSnapshot;
