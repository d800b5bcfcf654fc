// What createAuth knows before the machine runs: a returning user's session, read from
// the storage by js/stored-session.js, and whether the page is a hosted-UI callback.

import { readStoredSession } from './stored-session.js';
import { isOAuthCallback, currentHref } from './oauth.js';

/** @typedef {import('./index.d.ts').KeyValueStorageInterface} KeyValueStorageInterface */
/** @typedef {{ view?: import('./wire.js').View, snapshot?: import('./wire.js').Snapshot, prefetch?: Map<string, string | null> }} Known */

/** Rust's `str::trim` is empty. @param {string} s */
const blank = (s) => /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/.test(s);

/**
 * Where the stored-session reader looks, when the configuration is one the machine
 * accepts as far as the reader can tell (pool ids of the right form); else false: the
 * machine decides (and reports a bad configuration) before createAuth resolves.
 * @param {Record<string, unknown>} c
 */
function readerConfig(c) {
  const pool = c.userPoolId;
  const client = c.userPoolClientId;
  if (typeof pool !== 'string' || typeof client !== 'string' || blank(client)) return false;
  const u = pool.indexOf('_');
  if (u <= 0 || u === pool.length - 1) return false;
  /** @type {string | undefined} */
  let identityKey;
  const ip = c.identityPoolId;
  if (ip !== undefined) {
    if (typeof ip !== 'string') return false;
    if (ip !== '') {
      const endpoint = c.identityPoolEndpoint !== undefined ? c.identityPoolEndpoint : c.endpoint;
      if (endpoint !== undefined && typeof endpoint !== 'string') return false;
      const k = ip.indexOf(':');
      if (!endpoint && (k <= 0 || k === ip.length - 1)) return false;
      identityKey = `com.amplify.Cognito.${ip}.identityId`;
    }
  }
  if (c.allowGuestAccess !== undefined && typeof c.allowGuestAccess !== 'boolean') return false;
  return { userPoolClientId: client, identityKey, allowGuestAccess: c.allowGuestAccess === true };
}

/**
 * Reads the stored session (unless the page is a hosted-UI callback, which the machine
 * finishes): signed in, the view and snapshot are known at once; the values read are
 * the machine's first loads (the session as of createAuth), unless a write comes first.
 * @param {KeyValueStorageInterface} storage
 * @param {Record<string, unknown>} machineConfig
 * @returns {Promise<{ known: Known, href: string | undefined, oauthCallback: boolean }>}
 */
export async function readKnown(storage, machineConfig) {
  const href = currentHref();
  const oauthConfig = /** @type {{ redirectSignIn?: unknown } | undefined} */ (machineConfig.oauth);
  const oauthCallback = !!(oauthConfig && isOAuthCallback(href, oauthConfig.redirectSignIn));
  const where = !oauthCallback && readerConfig(machineConfig);
  const stored = where ? await readStoredSession(storage, where).catch(() => undefined) : undefined;
  /** @type {Known} */
  const known = {};
  if (stored && stored.settled && stored.view && stored.view.user) {
    // Signed in: known at once. (Signed out, the sign-in form needs the machine: createAuth
    // waits for it, as it does for whatever the reader leaves to the machine.)
    known.view = stored.view;
    known.snapshot = { revision: 0, authStatus: 'authenticated', user: stored.view.user, isPending: false };
  }
  if (stored) known.prefetch = stored.values;
  return { known, href, oauthCallback };
}
