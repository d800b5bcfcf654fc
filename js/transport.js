// The HTTP transport: carries out the machine's `http` effects with `fetch`.
//
// Each attempt has a timeout (an AbortController aborts the fetch). A call is sent again,
// up to `maxAttempts` times in all with jittered exponential backoff, only when the
// machine marked it safe to repeat (`retry: true` on the effect) and only after:
//   - a network error (fetch threw: no answer),
//   - HTTP 429 or any 5xx,
//   - an answer naming TooManyRequestsException or ThrottlingException (in the
//     `x-amzn-errortype` header or the JSON body's `__type` / `code`).
// A body longer than MAX_RESPONSE_BYTES (1 MiB; Cognito's answers are a few KB) is not read
// to its end: the outcome is `{ failure: { kind: 'tooLarge' } }` (the machine's
// ResponseTooLargeException; the session is kept), never repeated.
// Never otherwise: not after a timeout (the request may still be running at the server,
// and the caller's time budget is spent), not after any other 4xx, and never a call
// marked `retry: false` (a PASSWORD_VERIFIER answer: its SECRET_BLOCK is single-use; a
// rotating refresh: a replay raises RefreshTokenReuseException and ends the session;
// sign-up, password changes).

import { errorMessage } from './errors.js';

export const DEFAULT_TIMEOUT_MS = 20000;
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_BASE_DELAY_MS = 100;
/** The longest response body read, in UTF-8 bytes (the machine's `MAX_RESPONSE_BYTES`). */
export const MAX_RESPONSE_BYTES = 1 << 20;
/** The longest `Retry-After` honoured; a longer one is capped to this. */
export const MAX_RETRY_AFTER_MS = 10000;

const THROTTLING_ERRORS = new Set(['TooManyRequestsException', 'ThrottlingException']);

/** @param {number} ms @returns {Promise<void>} */
const defaultSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @typedef {{ method: string, url: string, headers: [string, string][], body: string }} HttpRequest
 * @typedef {{ response: { status: number, headers: [string, string][], body: string } } | { failure: { kind: 'network', message: string } | { kind: 'timeout' } | { kind: 'tooLarge' } }} HttpOutcome
 * @typedef {{
 *   fetch: (url: string, init: RequestInit) => Promise<any>, // any: a Response or look-alike
 *   timeoutMs?: number,
 *   maxAttempts?: number,
 *   baseDelayMs?: number,
 *   sleep?: (ms: number) => Promise<void> | void,
 *   random?: () => number,
 * }} TransportOptions
 */

/**
 * @param {any} res a fetch Response (or look-alike: any, since hosts pass their own objects)
 * @returns {[string, string][]}
 */
export function responseHeaders(res) {
  const headers = res && res.headers;
  if (!headers) return [];
  /** @type {[string, string][]} */
  const out = [];
  if (typeof headers[Symbol.iterator] === 'function') {
    for (const [k, v] of headers) out.push([String(k), String(v)]);
  } else if (typeof headers.forEach === 'function') {
    headers.forEach((/** @type {string} */ v, /** @type {string} */ k) => out.push([String(k), String(v)]));
  } else if (typeof headers === 'object') {
    for (const [k, v] of Object.entries(headers)) out.push([k, String(v)]);
  }
  return out;
}

/** @param {[string, string][]} headers @param {string} name */
function header(headers, name) {
  for (const [k, v] of headers) if (k.toLowerCase() === name) return v;
  return undefined;
}

/**
 * The Cognito/AWS error name of an answer: `x-amzn-errortype` (`Name:http://…`) or the
 * JSON body's `__type` (`Name` or `com.amazonaws…#Name`) or `code`.
 * @param {[string, string][]} headers
 * @param {string} body
 * @returns {string | undefined}
 */
export function errorName(headers, body) {
  const fromHeader = header(headers, 'x-amzn-errortype');
  if (fromHeader) return fromHeader.split(':')[0].trim();
  const text = body.trimStart();
  if (!text.startsWith('{') || text.length > 65536) return undefined;
  try {
    const parsed = JSON.parse(text);
    const type = parsed && (parsed.__type ?? parsed.code);
    if (typeof type === 'string') return type.slice(type.lastIndexOf('#') + 1);
  } catch {
    // Not JSON: no name.
  }
  return undefined;
}

/**
 * Whether an answer is worth repeating (for a call that is safe to repeat).
 * @param {number} status
 * @param {[string, string][]} headers
 * @param {string} body
 */
export function isRetryableResponse(status, headers, body) {
  if (status === 429 || (status >= 500 && status <= 599)) return true;
  if (status >= 200 && status < 300) return false;
  const name = errorName(headers, body);
  return name !== undefined && THROTTLING_ERRORS.has(name);
}

/** `Retry-After` in ms (seconds or an HTTP date), capped; undefined when absent. @param {[string, string][]} headers @param {number} now */
function retryAfterMs(headers, now) {
  const value = header(headers, 'retry-after');
  if (!value) return undefined;
  let ms;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) ms = Number(value) * 1000;
  else {
    const at = Date.parse(value);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS);
}

/** Thrown by readBody for a body over the cap. */
class TooLarge extends Error {}

/** UTF-8 length of `text`. @param {string} text */
function utf8Length(text) {
  // Each UTF-16 unit is 1 to 3 bytes: decide without encoding when that is enough.
  if (text.length > MAX_RESPONSE_BYTES) return text.length;
  if (text.length * 3 <= MAX_RESPONSE_BYTES) return text.length;
  return new TextEncoder().encode(text).length;
}

/**
 * The body as text (UTF-8, as `res.text()`), or a TooLarge throw once it passes
 * MAX_RESPONSE_BYTES: a Content-Length over the cap is refused unread, a stream is
 * cancelled at the cap, and a look-alike with only `text()` is measured after reading.
 * @param {any} res a fetch Response or look-alike (any: `body`, `headers`, `text()` are
 *   each optional and checked before use)
 * @param {[string, string][]} headers
 * @returns {Promise<string>}
 */
async function readBody(res, headers) {
  const declared = Number(header(headers, 'content-length'));
  const stream = res.body;
  if (declared > MAX_RESPONSE_BYTES) {
    try {
      await stream?.cancel?.();
    } catch {
      // Not ours to report.
    }
    throw new TooLarge();
  }
  if (!stream || typeof stream.getReader !== 'function' || typeof TextDecoder !== 'function') {
    const text = await res.text();
    if (utf8Length(text) > MAX_RESPONSE_BYTES) throw new TooLarge();
    return text;
  }
  const reader = stream.getReader();
  let read = 0;
  // The chunks, decoded once at the end (a Cognito answer is mostly one chunk).
  /** @type {Uint8Array[]} */
  const chunks = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return (bodyDecoder ??= new TextDecoder()).decode(chunks.length === 1 ? chunks[0] : joinChunks(chunks, read));
    read += value.byteLength;
    if (read > MAX_RESPONSE_BYTES) {
      try {
        await reader.cancel();
      } catch {
        // Not ours to report.
      }
      throw new TooLarge();
    }
    chunks.push(value instanceof Uint8Array ? value : ArrayBuffer.isView(value) ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : new Uint8Array(value));
  }
}

/** UTF-8 to text, as `res.text()` (whole bodies only: no state between calls). @type {TextDecoder | undefined} */
let bodyDecoder;

/**
 * The chunks of a body as one array.
 * @param {Uint8Array[]} chunks @param {number} length their total length
 */
function joinChunks(chunks, length) {
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/**
 * One fetch of `request`, read to the end: its outcome, whether another attempt may help,
 * and the wait the server asked for (Retry-After).
 * @param {TransportOptions['fetch']} fetchFn
 * @param {HttpRequest} request
 * @param {AbortSignal | undefined} signal
 * @param {() => boolean} timedOut whether the attempt's timeout fired (an abort is then a timeout)
 * @returns {Promise<{ outcome: HttpOutcome, again: boolean, waitMs?: number }>}
 */
async function fetchOnce(fetchFn, request, signal, timedOut) {
  try {
    /** @type {Record<string, string>} */
    const headers = {};
    for (const [k, v] of request.headers) headers[k] = v;
    /** @type {RequestInit} */
    const init = { method: request.method, headers, body: request.body };
    if (signal) init.signal = signal;
    const res = await fetchFn(request.url, init);
    const resHeaders = responseHeaders(res);
    const body = await readBody(res, resHeaders);
    const status = Number(res.status);
    const again = isRetryableResponse(status, resHeaders, body);
    return {
      outcome: /** @type {HttpOutcome} */ ({ response: { status, headers: resHeaders, body } }),
      again,
      waitMs: again ? retryAfterMs(resHeaders, Date.now()) : undefined,
    };
  } catch (e) {
    if (e instanceof TooLarge) return { outcome: /** @type {HttpOutcome} */ ({ failure: { kind: 'tooLarge' } }), again: false };
    if (timedOut()) return { outcome: /** @type {HttpOutcome} */ ({ failure: { kind: 'timeout' } }), again: false };
    return {
      outcome: /** @type {HttpOutcome} */ ({ failure: { kind: 'network', message: errorMessage(e) } }),
      again: true,
    };
  }
}

/**
 * Creates `send(request, retry)`, which resolves (never rejects) with the outcome the
 * machine takes as `httpResult`.
 * @param {TransportOptions} options
 * @returns {{ send: (request: HttpRequest, retry: boolean) => Promise<HttpOutcome>, backoff: (attempt: number) => number }}
 */
export function createTransport(options) {
  const fetchFn = options.fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS));
  const baseDelayMs = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;

  /**
   * The wait before attempt `attempt + 1`: in [base·2^(attempt-1), base·2^attempt).
   * @param {number} attempt the attempt that just failed (1-based)
   */
  const backoff = (attempt) => {
    const ceiling = baseDelayMs * 2 ** attempt;
    return Math.round(ceiling / 2 + random() * (ceiling / 2));
  };

  /**
   * One attempt.
   * @param {HttpRequest} request
   * @returns {Promise<{ outcome: HttpOutcome, again: boolean, waitMs?: number }>}
   */
  async function attempt(request) {
    const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
    let timedOut = false;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    /** @type {Promise<{ outcome: HttpOutcome, again: boolean }>} */
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => {
        timedOut = true;
        try {
          controller?.abort();
        } catch {
          // ignore
        }
        resolve({ outcome: { failure: { kind: 'timeout' } }, again: false });
      }, timeoutMs);
    });
    const run = fetchOnce(fetchFn, request, controller?.signal, () => timedOut);
    try {
      return await Promise.race([run, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * @param {HttpRequest} request
   * @param {boolean} retry the effect's `retry`: whether repeating the call is safe
   * @returns {Promise<HttpOutcome>}
   */
  async function send(request, retry) {
    const attempts = retry === true ? maxAttempts : 1;
    for (let n = 1; ; n++) {
      const { outcome, again, waitMs } = await attempt(request);
      if (!again || n >= attempts) return outcome;
      await sleep(Math.max(backoff(n), waitMs ?? 0));
    }
  }

  return { send, backoff };
}
