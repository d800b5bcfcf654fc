// What a server runner holds, shared by its requests and by nothing else: the parsed
// configuration, the token verifier (the pool's keys, verified tokens) and the refreshes in
// flight. createServerRunner (cognito-headless/server) and runWithAmplifyServerContext
// (cognito-headless/adapter-core) make one.

import { AuthError } from './errors.js';
import { normalizeAnyConfig } from './amplify-parse.js';
import { createTokenVerifier, poolKeySet } from './server-jwt.js';
import { createRefreshFlights } from './server-refresh.js';

/** @param {string} message */
const configError = (message) =>
  new AuthError({ name: 'AuthUserPoolException', message, recoverySuggestion: 'Pass { config } with the user pool id and app client id (any shape createAuth takes).' });

/**
 * A runner for `input` (createServerRunner's input).
 * @param {import('./server.d.ts').CreateServerRunnerInput} input
 * @returns {import('./server-context.js').Runner}
 */
export function makeRunner(input) {
  if (!input || typeof input !== 'object') throw configError('createServerRunner({ config }): config missing.');
  const config = normalizeAnyConfig(input.config);
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
  return { config, clientId, verify, fetch: createRefreshFlights(baseFetch, { now }), now, wasmModule: input.wasmModule };
}
