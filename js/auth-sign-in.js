// The API's sign-in, sign-up and hosted-UI commands (Amplify v6's names), each one
// machine command through the driver.

import { currentHref } from './oauth.js';
import { toUndefined, clean, identity, toSignInOutput } from './results.js';

/**
 * @typedef {import('./index.d.ts').Auth} Auth
 * @typedef {import('./wire.js').Command} Command
 * @typedef {import('./driver.js').Driver} Driver
 * @typedef {import('./auth-account.js').ResultOf<'signUp'>} SignUpResult
 */

/**
 * signIn, confirmSignIn, autoSignIn and the waiting step's export and import.
 * @param {Driver} driver
 * @returns {Pick<Auth, 'signIn' | 'confirmSignIn' | 'exportSignInState' | 'importSignInState' | 'autoSignIn'>}
 */
export function signInApi(driver) {
  return {
    signIn(input) {
      const { username, password, options } = input ?? {};
      /** @type {Extract<Command, { type: 'signIn' }>} */
      const command = { type: 'signIn', username: username ?? '' };
      if (password != null) command.password = password;
      if (options) {
        command.options = {
          authFlowType: options.authFlowType ?? undefined,
          clientMetadata: options.clientMetadata ?? undefined,
          preferredChallenge: options.preferredChallenge ?? undefined,
        };
      }
      return driver.command(command, toSignInOutput);
    },
    confirmSignIn(input) {
      const { challengeResponse, options } = input ?? {};
      /** @type {Extract<Command, { type: 'confirmSignIn' }>} */
      const command = { type: 'confirmSignIn', challengeResponse: challengeResponse ?? '' };
      if (options) {
        command.options = {
          userAttributes: /** @type {Record<string, string> | undefined} */ (options.userAttributes ?? undefined),
          clientMetadata: options.clientMetadata ?? undefined,
          friendlyDeviceName: options.friendlyDeviceName ?? undefined,
        };
      }
      return driver.command(command, toSignInOutput);
    },
    exportSignInState() {
      return driver.command({ type: 'exportSignInState' }, /** @type {import('./auth-account.js').ResultOf<'exportSignInState'>} */ (identity));
    },
    importSignInState(state) {
      return driver.command({ type: 'importSignInState', state: String(state ?? '') }, toSignInOutput);
    },
    autoSignIn() {
      return driver.command({ type: 'autoSignIn' }, toSignInOutput);
    },
  };
}

/**
 * signUp and its confirmation, and the password reset.
 * @param {Driver} driver
 * @returns {Pick<Auth, 'signUp' | 'confirmSignUp' | 'resendSignUpCode' | 'resetPassword' | 'confirmResetPassword'>}
 */
export function signUpApi(driver) {
  return {
    signUp(input) {
      const { username, password, options } = input ?? {};
      return driver.command({ type: 'signUp', username: username ?? '', password, options: clean(options) }, /** @type {SignUpResult} */ (identity));
    },
    confirmSignUp(input) {
      const { username, confirmationCode, options } = input ?? {};
      return driver.command(
        { type: 'confirmSignUp', username: username ?? '', confirmationCode: confirmationCode ?? '', options: clean(options) },
        /** @type {import('./auth-account.js').ResultOf<'confirmSignUp'>} */ (identity),
      );
    },
    resendSignUpCode(input) {
      const { username, options } = input ?? {};
      return driver.command({ type: 'resendSignUpCode', username: username ?? '', options: clean(options) }, /** @type {import('./auth-account.js').ResultOf<'resendSignUpCode'>} */ (identity));
    },
    resetPassword(input) {
      const { username, options } = input ?? {};
      return driver.command({ type: 'resetPassword', username: username ?? '', options: clean(options) }, /** @type {import('./auth-account.js').ResultOf<'resetPassword'>} */ (identity));
    },
    confirmResetPassword(input) {
      const { username, newPassword, confirmationCode, options } = input ?? {};
      return driver.command(
        {
          type: 'confirmResetPassword',
          username: username ?? '',
          newPassword: newPassword ?? '',
          confirmationCode: confirmationCode ?? '',
          options: clean(options),
        },
        toUndefined,
      );
    },
  };
}

/**
 * signOut and the hosted UI (signInWithRedirect, handleOAuthCallback).
 * @param {Driver} driver
 * @param {string | undefined} origin the page's origin (picks the redirect URLs)
 * @returns {Pick<Auth, 'signOut' | 'signInWithRedirect' | 'handleOAuthCallback'>}
 */
export function redirectApi(driver, origin) {
  return {
    signOut(options) {
      // Amplify's `oauth.redirectUrl` picks the configured redirectSignOut URL it starts.
      const redirect = options?.oauth?.redirectUrl;
      return driver.command(
        { type: 'signOut', global: !!(options && options.global), origin: typeof redirect === 'string' ? redirect : origin },
        toUndefined,
      );
    },
    signInWithRedirect(input) {
      const { provider, customState, options } = input ?? {};
      return driver.command(
        {
          type: 'signInWithRedirect',
          provider: provider ?? undefined,
          customState: customState ?? undefined,
          options: clean(options),
          origin,
        },
        toUndefined,
      );
    },
    handleOAuthCallback(url) {
      const href = url === undefined || url === null ? currentHref() ?? '' : String(url);
      return driver.command({ type: 'handleOAuthCallback', url: href }, (out) =>
        out ? toSignInOutput(out) : undefined,
      );
    },
  };
}
