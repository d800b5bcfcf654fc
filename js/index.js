// cognito-headless: a headless Amazon Cognito authenticator. The flows run in a Rust state
// machine compiled to WebAssembly (./wasm/); this package's JavaScript is its host:
//   auth.js        createAuth and the Amplify-named functions (its parts: auth-*.js)
//   driver.js      the serial effect queue between the machine and the host (its parts:
//                  driver-*.js, cross-tab-lock.js; listeners.js, freeze.js)
//   authenticator.js  the useAuthenticator facade as a store (createAuthenticator,
//                  auth.authenticator; its parts: authenticator-*.js)
//   react.js       the `cognito-headless/react` entry (AuthenticatorProvider, useAuthenticator)
//   transport.js   fetch with timeout and safe retries
//   storage.js     storage adapters (also the `cognito-headless/storage` entry)
//   tabs.js        following other tabs (storage events, BroadcastChannel)
//   oauth.js       hosted-UI helpers (callback detection, default navigation)
//   passkeys.js    WebAuthn ceremonies (JSON ⇄ ArrayBuffer, Amplify's passkey errors)
//   base64url.js   the one base64url (WebAuthn buffers, JWT payloads, the session reader)
//   amplify.js     the `cognito-headless/amplify` drop-in (configure, free functions); one
//                  entry per Amplify module: amplify-auth.js, amplify-cognito.js,
//                  amplify-utils.js, amplify-with-core.js (hands @aws-amplify/core our
//                  session); its parts: amplify-parse.js over amplify-config.js (Amplify's
//                  config parsing, which createAuth imports for Gen 1 / Gen 2 objects
//                  only), amplify-hub.js, amplify-i18n.js, amplify-logger.js
//   server.js      the `cognito-headless/server` entry: per-request contexts over cookies,
//                  verified tokens (its parts: server-*.js); adapter-core.js the
//                  `cognito-headless/adapter-core` entry in aws-amplify/adapter-core's shape

import { createAuth as createAuthWith } from './auth.js';

export { createAuthenticator } from './authenticator.js';
export { AuthError } from './errors.js';
export { decodeJWT } from './jwt.js';
export { createMemoryStorage } from './storage.js';
export { isPasskeySupported } from './passkeys.js';
export { preloadWasm } from './wasm-loader.js';

/**
 * Creates an authenticator. Resolves once the stored session has been restored. Takes the
 * flat `{ userPoolId, userPoolClientId, … }` shape, `{ Auth: { Cognito } }`, Gen 2's
 * `amplify_outputs.json` and Gen 1's `aws-exports` (the last two through Amplify's parser,
 * imported only for them: where the bundler splits, a page that passes the others never
 * loads it).
 * @param {import('./index.d.ts').AuthConfig} config
 * @param {import('./index.d.ts').AuthHost} [host]
 * @returns {Promise<import('./index.d.ts').Auth>}
 */
export function createAuth(config, host) {
  return createAuthWith(config, host, loadAmplifyParser);
}

/** Amplify's Gen 1 / Gen 2 parser (amplify-config.js imports nothing, so it splits cleanly). */
const loadAmplifyParser = () => import('./amplify-config.js').then((m) => m.parseAmplifyConfigWith);
