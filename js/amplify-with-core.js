// cognito-headless/amplify/with-core: `aws-amplify` for apps that also use Amplify's other
// categories (API, Data, Storage, …) through @aws-amplify/core. Everything of
// cognito-headless/amplify, and `Amplify.configure` also configures core's Amplify with
// token and credentials providers backed by our default authenticator, so
// `Amplify.Auth.fetchAuthSession()` inside those libraries returns our session. The Hub
// becomes a front for core's, so there is one bus for every category. A separate entry
// because it imports @aws-amplify/core: auth-only apps alias cognito-headless/amplify and
// never load core.

import { Amplify as CoreAmplify, Hub as CoreHub } from '@aws-amplify/core';
import { AMPLIFY_SYMBOL } from '@aws-amplify/core/internals/utils';
import { configureDefault, getConfig as ownConfig, cognitoUserPoolsTokenProvider, getAuth } from './amplify.js';
import { cognitoCredentialsProvider } from './amplify-cognito.js';
import { useCoreHub } from './amplify-hub.js';

export * from './amplify.js';

/** @typedef {import('./amplify.d.ts').LibraryOptions} LibraryOptions */

/** What core's AuthClass asks for tokens and credentials. */
const coreAuthProviders = {
  tokenProvider: {
    /** @param {{ forceRefresh?: boolean }} [options] */
    getTokens: (options) => cognitoUserPoolsTokenProvider.getTokens(options),
  },
  credentialsProvider: cognitoCredentialsProvider,
};

useCoreHub(CoreHub, AMPLIFY_SYMBOL);

/**
 * Configures our default authenticator and @aws-amplify/core (for the other categories),
 * core with our token and credentials providers. Core's Hub sends the `configure` event.
 * @param {any} resourcesConfig (any: one of Amplify's configuration shapes)
 * @param {LibraryOptions} [libraryOptions]
 */
export function configure(resourcesConfig, libraryOptions = {}) {
  useCoreHub(CoreHub, AMPLIFY_SYMBOL);
  configureDefault(resourcesConfig, libraryOptions, false);
  const { host, ...coreOptions } = libraryOptions ?? {};
  void host;
  // Our flat { userPoolId, … } shape is not core's: hand core the normalised one then.
  const forCore = resourcesConfig && typeof resourcesConfig === 'object' && 'userPoolId' in resourcesConfig ? ownConfig() : resourcesConfig;
  CoreAmplify.configure(forCore, { ...coreOptions, Auth: coreAuthProviders });
}

/** Core's configuration (every category, parsed by Amplify itself). */
export function getConfig() {
  return /** @type {import("./amplify.d.ts").NormalizedResourcesConfig} */ (CoreAmplify.getConfig());
}

/** `import { Amplify } from 'aws-amplify'`, with Amplify 6.22's session helpers. */
export const Amplify = {
  configure,
  getConfig,
  /** @param {{ forceRefresh?: boolean }} [options] */
  fetchAuthSession: async (options) => (await getAuth()).fetchAuthSession(options),
  /** @param {{ forceRefresh?: boolean }} [options] the tokens, or undefined when signed out */
  getTokens: async (options) => (await cognitoUserPoolsTokenProvider.getTokens(options)) ?? undefined,
  /** Credentials live with the session: nothing to clear apart from a sign-out. */
  clearCredentials: async () => {},
  /** Core's Auth (what the other categories call). */
  Auth: CoreAmplify.Auth,
};
