// One refresh per refresh token per server runner. Concurrent requests of one browser carry
// the same cookies; each would refresh on its own, and with refresh-token rotation every
// refresh after the first is a reuse (RefreshTokenReuseException, and Cognito ends the
// session). The runner's fetch sends the first request for a refresh token and hands its
// answer to every other request for the same token that comes while it is out, and for
// `keepMs` after it succeeded (requests that left the browser before the new cookies
// arrived). Refresh tokens are held only as SHA-256 hashes.

/** Successful refresh answers remembered at most. */
const FLIGHTS_MAX = 1000;

/**
 * @typedef {{ status: number, statusText: string, headers: [string, string][], body: string }} Answer
 * @typedef {(url: string, init?: RequestInit) => Promise<any>} FetchLike
 */

/** The refresh token a Cognito request carries (InitiateAuth REFRESH_TOKEN_AUTH, GetTokensFromRefreshToken). @param {RequestInit | undefined} init */
function refreshTokenOf(init) {
  if (!init || typeof init.body !== 'string') return undefined;
  const body = init.body;
  if (!body.includes('REFRESH_TOKEN') && !body.includes('RefreshToken')) return undefined;
  let target = '';
  try {
    target = new Headers(init.headers).get('x-amz-target') ?? '';
  } catch {
    return undefined;
  }
  let json;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!json || typeof json !== 'object') return undefined;
  if (target.endsWith('.InitiateAuth') && (json.AuthFlow === 'REFRESH_TOKEN_AUTH' || json.AuthFlow === 'REFRESH_TOKEN')) {
    const t = json.AuthParameters && json.AuthParameters.REFRESH_TOKEN;
    return typeof t === 'string' ? { target, token: t } : undefined;
  }
  if (target.endsWith('.GetTokensFromRefreshToken') && typeof json.RefreshToken === 'string') return { target, token: json.RefreshToken };
  return undefined;
}

/** @param {string} text */
async function sha256Hex(text) {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** @param {any} res a Response or look-alike @returns {Promise<Answer>} */
async function record(res) {
  /** @type {[string, string][]} */
  const headers = [];
  if (res.headers && typeof res.headers.forEach === 'function') res.headers.forEach((/** @type {string} */ v, /** @type {string} */ k) => headers.push([k, v]));
  return { status: res.status, statusText: res.statusText ?? '', headers, body: await res.text() };
}

/** @param {Answer} a */
const replay = (a) => new Response(a.body, { status: a.status, statusText: a.statusText, headers: a.headers });

/**
 * A fetch that sends each refresh token's refresh once at a time (see the top).
 * @param {FetchLike} fetch
 * @param {{ keepMs?: number, now?: () => number }} [options]
 * @returns {FetchLike & { flights: Map<string, { answer: Promise<Answer>, until: number }> }}
 */
export function createRefreshFlights(fetch, options = {}) {
  const keepMs = options.keepMs ?? 30000;
  const now = options.now ?? (() => Date.now());
  /** @type {Map<string, { answer: Promise<Answer>, until: number }>} */
  const flights = new Map();

  /** @type {FetchLike} */
  const send = async (url, init) => {
    const refresh = refreshTokenOf(init);
    if (!refresh) return fetch(url, init);
    const key = `${url} ${refresh.target} ${await sha256Hex(refresh.token)}`;
    const found = flights.get(key);
    if (found && found.until > now()) return replay(await found.answer);
    const entry = { answer: Promise.resolve(fetch(url, init)).then(record), until: Infinity };
    if (flights.size >= FLIGHTS_MAX) {
      for (const [k, f] of flights) if (f.until <= now()) flights.delete(k);
      if (flights.size >= FLIGHTS_MAX) flights.delete(/** @type {string} */ (flights.keys().next().value));
    }
    flights.set(key, entry);
    let answer;
    try {
      answer = await entry.answer;
    } catch (e) {
      if (flights.get(key) === entry) flights.delete(key);
      throw e;
    }
    // Only a success is handed to later requests; a failure was this flight's alone.
    if (answer.status === 200) entry.until = now() + keepMs;
    else if (flights.get(key) === entry) flights.delete(key);
    return replay(answer);
  };
  return Object.assign(send, { flights });
}
