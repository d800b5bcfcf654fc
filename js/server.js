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
//   server-runner.js   what a runner holds (configuration, verifier, refreshes in flight)
//   server-context.js  a request's context: read + verify, the machine when needed
//   server-machine.js  a request's machine: the driver over its cookies, the runner's parsed config
//   server-jwt.js      RS256 verification against the pool's key set (WebCrypto)
//   server-cookies.js  Next.js contexts as cookie jars; read-only stores
//   server-refresh.js  one refresh per refresh token per runner
//   adapter-core.js    cognito-headless/adapter-core: aws-amplify/adapter-core's shape

import { AuthError } from './errors.js';
import { createCookieStorage, createMemoryStorage } from './storage.js';
import { contextOf, runInContext, sessionOf, userOf, unauthenticated } from './server-context.js';
import { makeRunner } from './server-runner.js';
import { jarFromNextContext } from './server-cookies.js';

/**
 * @typedef {import('./server.d.ts').CreateServerRunnerInput} CreateServerRunnerInput
 * @typedef {import('./server.d.ts').ServerRunner} ServerRunner
 * @typedef {import('./server.d.ts').ContextSpec} ContextSpec
 * @typedef {import('./storage.d.ts').CookieJar} CookieJar
 * @typedef {import('./storage.d.ts').CookieStorageOptions} CookieStorageOptions
 */

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
  const runner = makeRunner(input);
  const storageOptions = cookieOptions(input);
  /** The request's storage: its cookies, or (no jar: a signed-out request) memory. @param {CookieJar | null} jar */
  const storageOf = (jar) => (jar ? createCookieStorage(jar, storageOptions) : createMemoryStorage());
  return {
    runWithAmplifyServerContext: async ({ nextServerContext, operation }) =>
      runInContext(runner, storageOf(nextServerContext === null || nextServerContext === undefined ? null : await jarFromNextContext(nextServerContext)), operation),
    runWithServerContext: async ({ cookies, operation }) => runInContext(runner, storageOf(cookies ?? null), operation),
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
  const read = await ctx.read(false);
  if (read.state === 'signedOut') throw unauthenticated();
  return (await ctx.machine()).fetchUserAttributes();
}

export { AuthError };
export { cookiesFromNode, cookiesFromFetch } from './server-http.js';
