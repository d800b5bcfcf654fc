// cognito-headless/adapter-core: aws-amplify/adapter-core's functions over this package,
// so that server code (or a framework adapter) written against adapter-core works when
// `aws-amplify/adapter-core` is aliased to it, with `aws-amplify/auth/server` aliased to
// cognito-headless/server:
//
//   const kv = createKeyValueStorageFromCookieStorageAdapter(cookieAdapter);
//   await runWithAmplifyServerContext(config, { Auth: {
//     tokenProvider: createUserPoolsTokenProvider(config.Auth, kv),
//     credentialsProvider: createAWSCredentialsAndIdentityIdProvider(config.Auth, kv),
//   } }, (contextSpec) => getCurrentUser(contextSpec));
//
// The providers only carry the storage to runWithAmplifyServerContext; the context reads
// and verifies the session as cognito-headless/server does. One runner per configuration
// object (held weakly: nothing outlives the app's configuration).

import { AuthError } from './errors.js';
import { createMemoryStorage } from './storage.js';
import { runInContext } from './server-context.js';
import { makeRunner } from './server-runner.js';

/** @typedef {import('./storage.d.ts').KeyValueStorageInterface} KeyValueStorageInterface */

/** The storage a provider carries. */
const STORAGE = Symbol('cognito-headless storage');
/** Amplify's defaults for the session cookies (adapter-core's defaultSetCookieOptions, 365 days). */
const DEFAULT_SET_COOKIE = { sameSite: 'lax', secure: true, path: '/', maxAge: 365 * 24 * 60 * 60 };

/** Runners by configuration object. @type {WeakMap<object, import('./server-context.js').Runner>} */
const runners = new WeakMap();

/** @param {() => unknown} write */
function quietly(write) {
  try {
    write();
  } catch {
    // a read-only store (a server component's cookies()): the write cannot happen
  }
}

/**
 * A KeyValueStorageInterface over Amplify's CookieStorage.Adapter (`get(name)` → `{ name,
 * value }`, `set`, `delete`; the adapter encodes names). As Amplify's: one cookie per key,
 * no chunking. `validator` is accepted and not used: the context verifies tokens itself.
 * @param {{ get(name: string): { value?: string } | undefined, set(name: string, value: string, options?: object): void, delete(name: string): void }} adapter
 * @param {unknown} [validator]
 * @param {object} [setCookieOptions]
 * @returns {KeyValueStorageInterface}
 */
export function createKeyValueStorageFromCookieStorageAdapter(adapter, validator, setCookieOptions = {}) {
  void validator;
  return {
    async getItem(key) {
      const value = adapter.get(key)?.value;
      return value === undefined || value === '' ? null : value;
    },
    async setItem(key, value) {
      quietly(() => adapter.delete(key));
      quietly(() => adapter.set(key, value, { ...DEFAULT_SET_COOKIE, ...setCookieOptions }));
    },
    async removeItem(key) {
      quietly(() => adapter.delete(key));
    },
    async clear() {},
  };
}

/**
 * A token provider for runWithAmplifyServerContext: it carries `storage`.
 * @param {unknown} authConfig
 * @param {KeyValueStorageInterface} storage
 */
export function createUserPoolsTokenProvider(authConfig, storage) {
  void authConfig;
  return {
    [STORAGE]: storage,
    getTokens() {
      return Promise.reject(new AuthError({ name: 'InvalidServerContextError', message: 'Pass this provider to runWithAmplifyServerContext of cognito-headless/adapter-core.' }));
    },
  };
}

/**
 * A credentials provider for runWithAmplifyServerContext: it carries `storage`.
 * @param {unknown} authConfig
 * @param {KeyValueStorageInterface} storage
 */
export function createAWSCredentialsAndIdentityIdProvider(authConfig, storage) {
  void authConfig;
  return {
    [STORAGE]: storage,
    getCredentialsAndIdentityId() {
      return Promise.reject(new AuthError({ name: 'InvalidServerContextError', message: 'Pass this provider to runWithAmplifyServerContext of cognito-headless/adapter-core.' }));
    },
    clearCredentialsAndIdentityId() {},
  };
}

/**
 * aws-amplify/adapter-core's runWithAmplifyServerContext: `operation` runs in a context over
 * the storage the providers carry (none: a signed-out request), closed when it settles.
 * @template T
 * @param {any} amplifyConfig (any: the app's configuration in any shape createAuth takes)
 * @param {{ Auth?: { tokenProvider?: any, credentialsProvider?: any } }} libraryOptions
 * @param {(contextSpec: import('./server.d.ts').ContextSpec) => T | Promise<T>} operation
 * @returns {Promise<T>}
 */
export async function runWithAmplifyServerContext(amplifyConfig, libraryOptions, operation) {
  if (!amplifyConfig || typeof amplifyConfig !== 'object') throw new TypeError('runWithAmplifyServerContext(amplifyConfig, libraryOptions, operation): amplifyConfig must be an object');
  let runner = runners.get(amplifyConfig);
  if (!runner) runners.set(amplifyConfig, (runner = makeRunner({ config: amplifyConfig })));
  const auth = libraryOptions?.Auth;
  /** @type {KeyValueStorageInterface} */
  const storage = auth?.tokenProvider?.[STORAGE] ?? auth?.credentialsProvider?.[STORAGE] ?? createMemoryStorage();
  return runInContext(runner, storage, operation);
}
