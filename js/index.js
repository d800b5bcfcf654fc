// cognito-headless: a headless Amazon Cognito authenticator. The flows run in a Rust state
// machine compiled to WebAssembly (./wasm/); this package's JavaScript is its host:
//   auth.js        createAuth and the Amplify-named functions
//   driver.js      the serial effect queue between the machine and the host
//   transport.js   fetch with timeout and safe retries
//   storage.js     storage adapters (also the `cognito-headless/storage` entry)
//   tabs.js        following other tabs (storage events, BroadcastChannel)
//   amplify.js     the `cognito-headless/amplify` drop-in (configure, free functions, Hub)

export { createAuth } from './auth.js';
export { AuthError } from './errors.js';
export { decodeJWT } from './jwt.js';
export { createMemoryStorage } from './storage.js';
