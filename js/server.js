// cognito-headless/server: the package on a server, per request, with Amplify's names.
//
//   const { runWithAmplifyServerContext, runWithServerContext } = createServerRunner({ config });
//   const user = await runWithAmplifyServerContext({
//     nextServerContext: { cookies },            // or { request, response }, or null
//     operation: (contextSpec) => getCurrentUser(contextSpec),
//   });
//   // any other server: runWithServerContext({ cookies: jar, operation })
//
// A runner holds what requests share: the parsed configuration, the pool's verification
// keys and the refreshes in flight. Nothing is process-wide: two runners share nothing.
// Each run makes a context over that request's cookies and closes it when the operation
// settles (a machine it made is disposed then). Tokens read from cookies are verified
// (server-jwt.js); a forged one reads as signed out.
//
//   server-context.js  a request's context: read + verify, the machine when needed
//   server-jwt.js      RS256 verification against the pool's key set (WebCrypto)
//   server-cookies.js  Next.js contexts as cookie jars; read-only stores
//   server-refresh.js  one refresh per refresh token per runner

import { AuthError } from './errors.js';
import { normalizeConfig } from './config.js';
import { createCookieStorage, createMemoryStorage } from './storage.js';
import { ServerContext, contextOf, sessionOf, userOf, unauthenticated } from './server-context.js';
import { createTokenVerifier, poolKeySet } from './server-jwt.js';
import { jarFromNextContext } from './server-cookies.js';
import { createRefreshFlights } from './server-refresh.js';

/**
 * @typedef {import('./server.d.ts').CreateServerRunnerInput} CreateServerRunnerInput
 * @typedef {import('./server.d.ts').ServerRunner} ServerRunner
 * @typedef {import('./server.d.ts').ContextSpec} ContextSpec
 * @typedef {import('./storage.d.ts').CookieJar} CookieJar
 * @typedef {import('./storage.d.ts').CookieStorageOptions} CookieStorageOptions
 */

/** @param {string} message */
const configError = (message) =>
  new AuthError({ name: 'AuthUserPoolException', message, recoverySuggestion: 'Pass { config } with the user pool id and app client id (any shape createAuth takes).' });

/**
 * Amplify's runtimeOptions.cookies as createCookieStorage options.
 * @param {CreateServerRunnerInput} input
 * @returns {CookieStorageOptions}
 */
function cookieOptions(input) {
  /** @type {CookieStorageOptions} */
  const out = { ...(input.cookies ?? {}) };
  const amplify = input.runtimeOptions?.cookies;
  if (amplify) {
    if (amplify.domain !== undefined) out.domain = amplify.domain;
    if (amplify.sameSite !== undefined) out.sameSite = amplify.sameSite;
    if (amplify.maxAge !== undefined) out.maxAge = amplify.maxAge;
    else if (amplify.expires instanceof Date) out.maxAge = Math.max(0, Math.round((amplify.expires.getTime() - Date.now()) / 1000));
  }
  return out;
}

/**
 * Creates the functions that run server operations in a per-request context (Amplify's
 * `createServerRunner` of @aws-amplify/adapter-nextjs, plus a framework-neutral form).
 * @param {CreateServerRunnerInput} input
 * @returns {ServerRunner}
 */
export function createServerRunner(input) {
  if (!input || typeof input !== 'object') throw configError('createServerRunner({ config }): config missing.');
  const config = normalizeConfig(input.config);
  const userPoolId = config.userPoolId;
  const clientId = config.userPoolClientId;
  if (typeof userPoolId !== 'string' || !/^[\w-]+_[0-9a-zA-Z]+$/.test(userPoolId) || typeof clientId !== 'string' || clientId === '') {
    throw configError('createServerRunner: the config needs userPoolId (<region>_<id>) and userPoolClientId.');
  }
  const hostFetch = input.fetch;
  /** @type {(url: string, init?: RequestInit) => Promise<any>} */
  const baseFetch = hostFetch ? (url, init) => hostFetch(url, init) : (url, init) => globalThis.fetch(url, init);
  const now = input.now ?? (() => Date.now());
  const v = input.verification;
  let verify = null;
  if (v !== false) {
    const opts = v ?? {};
    const endpoint = typeof config.endpoint === 'string' ? config.endpoint : undefined;
    const where = poolKeySet(userPoolId, { endpoint, issuer: opts.issuer, jwksUri: opts.jwksUri });
    verify = createTokenVerifier({ ...where, clientId, fetch: baseFetch, clockSkewSeconds: opts.clockSkewSeconds, refetchIntervalMs: opts.refetchIntervalMs, now }).verify;
  }
  /** @type {import('./server-context.js').Runner} */
  const runner = { config, clientId, verify, fetch: createRefreshFlights(baseFetch, { now }), now, wasmModule: input.wasmModule };
  const storageOptions = cookieOptions(input);

  /**
   * Runs `operation` in a context over `jar` (none: a signed-out request), closing it after.
   * @template T
   * @param {CookieJar | null} jar
   * @param {(spec: ContextSpec) => T | Promise<T>} operation
   * @returns {Promise<T>}
   */
  async function run(jar, operation) {
    if (typeof operation !== 'function') throw new TypeError('operation must be a function (contextSpec) => …');
    const storage = jar ? createCookieStorage(jar, storageOptions) : createMemoryStorage();
    const ctx = new ServerContext(runner, storage);
    try {
      return await operation(ctx.spec);
    } finally {
      ctx.close();
    }
  }

  return {
    runWithAmplifyServerContext: async ({ nextServerContext, operation }) =>
      run(nextServerContext === null || nextServerContext === undefined ? null : await jarFromNextContext(nextServerContext), operation),
    runWithServerContext: async ({ cookies, operation }) => run(cookies ?? null, operation),
  };
}

/**
 * The signed-in user of the request (aws-amplify/auth/server's `getCurrentUser`); rejects
 * with UserUnAuthenticatedException when nobody is (or the cookies' tokens do not verify).
 * @param {ContextSpec} contextSpec
 */
export async function getCurrentUser(contextSpec) {
  return userOf(contextOf(contextSpec));
}

/**
 * The request's session (aws-amplify/auth/server's `fetchAuthSession`): tokens (refreshed
 * when expired), credentials with an identity pool; empty when nobody is signed in.
 * @param {ContextSpec} contextSpec
 * @param {import('./index.d.ts').FetchAuthSessionOptions} [options]
 */
export async function fetchAuthSession(contextSpec, options) {
  return sessionOf(contextOf(contextSpec), options);
}

/**
 * The signed-in user's attributes (Cognito GetUser), as aws-amplify/auth/server's
 * `fetchUserAttributes`.
 * @param {ContextSpec} contextSpec
 */
export async function fetchUserAttributes(contextSpec) {
  const ctx = contextOf(contextSpec);
  const read = await ctx.read();
  if (read.state === 'signedOut') throw unauthenticated();
  return (await ctx.machine()).fetchUserAttributes();
}

export { AuthError };
