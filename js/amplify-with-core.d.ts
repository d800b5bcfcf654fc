// Type declarations for cognito-headless/amplify/with-core (js/amplify-with-core.js).

import type { AuthSession, AuthTokens } from './index.js';
import type { LibraryOptions, ResourcesConfig, LegacyConfig, AmplifyOutputsUnknown, NormalizedResourcesConfig } from './amplify.js';
import type { AmplifyOutputs } from './index.js';

export * from './amplify.js';

/** Configures our default authenticator and @aws-amplify/core (with our providers). */
export function configure(config: ResourcesConfig | LegacyConfig | AmplifyOutputs | AmplifyOutputsUnknown, libraryOptions?: LibraryOptions): void;
/** Core's configuration (every category). */
export function getConfig(): NormalizedResourcesConfig;
/** `import { Amplify } from 'aws-amplify'`. */
export const Amplify: {
  configure: typeof configure;
  getConfig: typeof getConfig;
  fetchAuthSession(options?: { forceRefresh?: boolean }): Promise<AuthSession>;
  getTokens(options?: { forceRefresh?: boolean }): Promise<AuthTokens | undefined>;
  clearCredentials(): Promise<void>;
  /** Core's Auth (what the other categories call). */
  Auth: { fetchAuthSession(options?: { forceRefresh?: boolean }): Promise<unknown> };
};
