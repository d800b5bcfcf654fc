// Hosted-UI (OAuth) helpers for the host: whether a page URL is a sign-in callback, and the
// default navigation for the machine's `navigate` effects (the hosted UI, its /logout,
// cleaning the address bar after a callback). PKCE, state and the code exchange are the
// machine's (src/machine/oauth.rs).

import { isBrowserLike } from './env.js';
import { report } from './errors.js';

/**
 * The query and fragment parameters of a URL.
 * @param {string} href
 * @returns {URLSearchParams}
 */
function params(href) {
  const out = new URLSearchParams();
  const hash = href.indexOf('#');
  const query = href.indexOf('?');
  const search = query >= 0 && (hash < 0 || query < hash) ? href.slice(query + 1, hash >= 0 ? hash : undefined) : '';
  const fragment = hash >= 0 ? href.slice(hash + 1) : '';
  for (const part of [search, fragment]) {
    new URLSearchParams(part).forEach((v, k) => {
      if (!out.has(k)) out.set(k, v);
    });
  }
  return out;
}

/** A URL without query, fragment and trailing slashes. @param {string} url */
const base = (url) => String(url).split(/[?#]/)[0].replace(/\/+$/, '');

/**
 * Whether `href` is the hosted UI's redirect back: `code` or `error`, with `state`, on one
 * of the `redirectSignIn` URLs when they are given (another page's `?code=&state=`, say a
 * payment provider's, is left alone).
 * @param {string | undefined | null} href
 * @param {unknown} [redirectSignIn]
 * @returns {boolean}
 */
export function isOAuthCallback(href, redirectSignIn) {
  if (typeof href !== 'string' || href === '') return false;
  const p = params(href);
  if (!((p.has('code') || p.has('error')) && p.has('state'))) return false;
  const list = Array.isArray(redirectSignIn) ? redirectSignIn.filter((u) => typeof u === 'string') : [];
  return list.length === 0 || list.some((u) => base(u) === base(href));
}

/** The page's URL, in a browser. @returns {string | undefined} */
export function currentHref() {
  if (!isBrowserLike()) return undefined;
  const href = globalThis.location?.href;
  return typeof href === 'string' ? href : undefined;
}

/** The page's origin (`location.origin`), in a browser; not an opaque origin. @returns {string | undefined} */
export function currentOrigin() {
  if (!isBrowserLike()) return undefined;
  const origin = globalThis.location?.origin;
  return typeof origin === 'string' && origin !== 'null' && origin !== '' ? origin : undefined;
}

/** A URL without its query and fragment, for messages (the query holds state and codes). @param {string} url */
const bare = (url) => String(url).split(/[?#]/)[0];

/**
 * The default navigation: `location.assign(url)`, or with `replace`
 * `history.replaceState` (the address bar is cleaned of `code` and `state` without a
 * reload). Outside a browser it does nothing but warn: pass `host.navigate`.
 * @param {string} url
 * @param {{ replace: boolean }} how
 */
export function defaultNavigate(url, { replace }) {
  const g = globalThis;
  if (!isBrowserLike() || !g.location) {
    try {
      console.warn(
        `cognito-headless: not navigating to ${bare(url)} (${replace ? 'replace' : 'assign'}): no browser location here; pass host.navigate to createAuth.`,
      );
    } catch {
      // no console
    }
    return;
  }
  if (!replace) {
    g.location.assign(url);
    return;
  }
  const history = g.history;
  if (!history || typeof history.replaceState !== 'function') return;
  try {
    history.replaceState(history.state, '', url);
  } catch (e) {
    // Another origin (a redirect URL on a different host): at least drop the query.
    try {
      history.replaceState(history.state, '', g.location.pathname);
    } catch {
      report(`could not clean the address bar after the hosted-UI callback (${bare(url)})`, e);
    }
  }
}
