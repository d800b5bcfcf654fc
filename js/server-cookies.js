// A request's cookies as the cookie jar createCookieStorage takes ({ get, set, remove },
// values as they travel in the Cookie / Set-Cookie headers), from what a server framework
// gives: Next.js's `cookies()` (server components, server actions, route handlers), a
// NextRequest with a NextResponse or a Web Response (middleware / proxy, route handlers),
// the Pages Router's `req`/`res`, or any jar.
//
// Writes that cannot happen (a server component's `cookies()` store throws on `set`: React
// Server Components render after the headers left) are createCookieStorage's to skip: it
// keeps what it wrote for the rest of the request, and logs nothing.

/**
 * @typedef {import('./storage.d.ts').CookieJar} CookieJar
 * @typedef {import('./storage.d.ts').CookieSetOptions} CookieSetOptions
 */

/** Cookie values as js-cookie (and createCookieStorage) write them. @param {string} value */
function encodeValue(value) {
  return encodeURIComponent(value).replace(/%(2[346BF]|3[AC-F]|40|5[BDE]|60|7[BCD])/g, decodeURIComponent);
}

/** @param {string} value */
function decodeValue(value) {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** @param {unknown} got @returns {string | undefined} */
function textOf(got) {
  if (got === undefined || got === null) return undefined;
  if (typeof got === 'string') return got;
  if (typeof got === 'object' && 'value' in got && typeof got.value === 'string') return got.value;
  return undefined;
}

/**
 * A Next.js `RequestCookies` / `ResponseCookies` / `cookies()` store as a jar. Next decodes
 * values it reads and encodes values it writes (encodeURIComponent), so the jar hands
 * createCookieStorage the header form and Next the plain value: what Amplify's adapter
 * reads through the same store.
 * @param {{ get(name: string): unknown }} reader
 * @param {{ set(name: string, value: string, options?: object): unknown, delete(arg: any): unknown } | undefined} writer
 * @returns {CookieJar}
 */
function nextStoreJar(reader, writer) {
  return {
    get(name) {
      const v = textOf(reader.get(name));
      return v === undefined ? undefined : encodeValue(v);
    },
    set(name, value, options) {
      if (!writer) return;
      writer.set(name, decodeValue(value), options);
    },
    remove(name, options) {
      if (!writer) return;
      writer.delete({ name, path: options?.path, domain: options?.domain });
    },
  };
}

/** @param {CookieSetOptions} o */
function attributes(o) {
  let out = '';
  if (o.path) out += `; Path=${o.path}`;
  if (o.domain) out += `; Domain=${o.domain}`;
  if (o.maxAge !== undefined) out += `; Max-Age=${o.maxAge}`;
  if (o.expires) out += `; Expires=${o.expires.toUTCString()}`;
  if (o.httpOnly) out += '; HttpOnly';
  if (o.secure) out += '; Secure';
  if (o.sameSite) out += `; SameSite=${o.sameSite}`;
  return out;
}

/**
 * A jar whose writes go out as Set-Cookie headers through `append(header)`.
 * @param {(name: string) => string | undefined} get the request's cookie (header form)
 * @param {(header: string) => void} append
 * @returns {CookieJar}
 */
export function headerJar(get, append) {
  return {
    get,
    set: (name, value, options) => append(`${name}=${value}${attributes(options ?? {})}`),
    remove: (name, options) => append(`${name}=${attributes({ ...(options ?? {}), maxAge: 0, expires: new Date(0) })}`),
  };
}

/**
 * The jar of a Next.js server context, as @aws-amplify/adapter-nextjs takes it:
 * `{ cookies }` (the `cookies` function of next/headers, sync or async), `{ request,
 * response }` with a NextResponse or a Web Response, or the Pages Router's `{ request: req,
 * response: res }`.
 * @param {any} context (any: one of Next's context shapes, told apart by duck typing as Amplify does)
 * @returns {Promise<CookieJar>}
 */
export async function jarFromNextContext(context) {
  const { request, response, cookies } = context ?? {};
  if (request && response && Object.prototype.toString.call(request.cookies) === '[object Object]' && typeof response.setHeader === 'function') {
    // Pages Router: req.cookies holds decoded values; Set-Cookie goes on res.
    const jar = headerJar(
      (name) => {
        const v = request.cookies[name];
        return typeof v === 'string' ? encodeValue(v) : undefined;
      },
      (h) => (typeof response.appendHeader === 'function' ? response.appendHeader('Set-Cookie', h) : appendNodeHeader(response, h)),
    );
    return jar;
  }
  if (request && response) {
    if (response.cookies && typeof response.cookies.set === 'function') return nextStoreJar(request.cookies, response.cookies);
    if (response.headers && typeof response.headers.append === 'function') {
      const reader = nextStoreJar(request.cookies, undefined);
      return headerJar((name) => textOf(reader.get(name)), (h) => response.headers.append('Set-Cookie', h));
    }
  }
  if (typeof cookies === 'function') {
    const store = await cookies();
    return nextStoreJar(store, store);
  }
  throw new TypeError(
    'runWithAmplifyServerContext: nextServerContext must be { cookies }, { request, response } or null ' +
      '(for other servers use runWithServerContext({ cookies: jar, operation }))',
  );
}

/** Node's ServerResponse before appendHeader (Node < 18.3). @param {any} res @param {string} h */
export function appendNodeHeader(res, h) {
  const prev = res.getHeader('Set-Cookie');
  const list = prev === undefined ? [] : Array.isArray(prev) ? prev : [String(prev)];
  res.setHeader('Set-Cookie', [...list, h]);
}
