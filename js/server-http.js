// Cookie jars for servers other than Next.js, over the two request/response shapes servers
// have: Node's http (`IncomingMessage` / `ServerResponse`: plain node:http, Express,
// Fastify's `request.raw` / `reply.raw`, Koa's `ctx.req` / `ctx.res`) and the Fetch API
// (`Request` and the response's `Headers`: Hono, Cloudflare Workers, Deno, Bun, Remix).
// Values stay as they travel in the headers; createCookieStorage decodes them.

import { headerJar, appendNodeHeader } from './server-cookies.js';

/** @typedef {import('./storage.d.ts').CookieJar} CookieJar */

/**
 * The cookies of a `Cookie` header, name → value as sent. The first of two same-named
 * cookies wins (browsers send the one with the longest path first, RFC 6265 §5.4); pairs
 * without `=` are skipped.
 * @param {string | null | undefined} header
 * @returns {Map<string, string>}
 */
export function parseCookieHeader(header) {
  /** @type {Map<string, string>} */
  const out = new Map();
  if (typeof header !== 'string') return out;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (name !== '' && !out.has(name)) out.set(name, value);
  }
  return out;
}

/**
 * A jar over Node's request and response: reads the request's `Cookie` header, appends
 * `Set-Cookie` headers to the response (before its head is sent).
 * @param {{ headers: Record<string, string | string[] | undefined> }} req an `IncomingMessage`
 * @param {{ appendHeader?: (name: string, value: string) => unknown, getHeader: (name: string) => unknown, setHeader: (name: string, value: string[]) => unknown }} res a `ServerResponse`
 * @returns {CookieJar}
 */
export function cookiesFromNode(req, res) {
  const raw = req.headers.cookie;
  const incoming = parseCookieHeader(Array.isArray(raw) ? raw.join('; ') : raw);
  return headerJar(
    (name) => incoming.get(name),
    (h) => (typeof res.appendHeader === 'function' ? res.appendHeader('Set-Cookie', h) : appendNodeHeader(res, h)),
  );
}

/**
 * A jar over a Fetch API `Request` and the `Headers` of the response that will answer it:
 * writes are appended to `responseHeaders` as `Set-Cookie`.
 * @param {{ headers: { get(name: string): string | null } }} request
 * @param {{ append(name: string, value: string): void }} responseHeaders
 * @returns {CookieJar}
 */
export function cookiesFromFetch(request, responseHeaders) {
  const incoming = parseCookieHeader(request.headers.get('cookie'));
  return headerJar(
    (name) => incoming.get(name),
    (h) => responseHeaders.append('Set-Cookie', h),
  );
}
