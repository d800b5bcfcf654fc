// cognito-headless/storage: where the session lives.
//
// Every adapter is Amplify's KeyValueStorageInterface (async getItem/setItem/removeItem/
// clear, optional addListener), so each can be passed as `host.storage` to createAuth,
// and Amplify's own storages can be passed too. Every key the authenticator uses (tokens,
// LastAuthUser, device keys, the identity id) goes through the one storage it is given;
// the waiting sign-in step too, except in a browser, where it goes to sessionStorage
// (`host.signInStateStorage` picks another place).

/**
 * @typedef {import('./storage.d.ts').KeyValueStorageInterface} KeyValueStorageInterface
 * @typedef {import('./storage.d.ts').KeyValueStorageEvent} KeyValueStorageEvent
 * @typedef {import('./storage.d.ts').StorageLike} StorageLike
 * @typedef {import('./storage.d.ts').CookieJar} CookieJar
 * @typedef {import('./storage.d.ts').CookieStorageOptions} CookieStorageOptions
 * @typedef {import('./storage.d.ts').CookieSetOptions} CookieSetOptions
 */

// ------------------------------------------------------------------------- memory

/**
 * An in-memory storage: lives as long as the object, shared by whoever holds it.
 * @returns {KeyValueStorageInterface}
 */
export function createMemoryStorage() {
  /** @type {Map<string, string>} */
  const map = new Map();
  return {
    async setItem(key, value) {
      map.set(String(key), String(value));
    },
    async getItem(key) {
      const value = map.get(String(key));
      return value === undefined ? null : value;
    },
    async removeItem(key) {
      map.delete(String(key));
    },
    async clear() {
      map.clear();
    },
  };
}

// ------------------------------------------------------------------------- any storage

/**
 * Wraps anything with `getItem`/`setItem`/`removeItem` (sync or async: a Web Storage, an
 * Amplify storage, a Redis client wrapper, React Native's AsyncStorage, …) as an async
 * KeyValueStorageInterface. `clear` and `addListener` are passed on when present. For
 * `window.localStorage` itself, storage events from other tabs are delivered too.
 * @param {StorageLike} storage
 * @returns {KeyValueStorageInterface}
 */
export function fromStorageLike(storage) {
  if (!storage || typeof storage.getItem !== 'function' || typeof storage.setItem !== 'function' || typeof storage.removeItem !== 'function') {
    throw new TypeError('fromStorageLike(storage): storage needs getItem, setItem and removeItem methods');
  }
  /** @type {KeyValueStorageInterface} */
  const adapter = {
    async setItem(key, value) {
      await storage.setItem(key, value);
    },
    async getItem(key) {
      const value = await storage.getItem(key);
      return value === undefined || value === null ? null : String(value);
    },
    async removeItem(key) {
      await storage.removeItem(key);
    },
    async clear() {
      if (typeof storage.clear === 'function') await storage.clear();
    },
  };
  // any: a host storage's optional addListener (not part of the storage interface; its
  // listener and return value are the host's own).
  const s = /** @type {any} */ (storage);
  if (typeof s.addListener === 'function') {
    adapter.addListener = (listener) => {
      const off = s.addListener(listener);
      return typeof off === 'function' ? off : () => {};
    };
  } else if (isWebStorage(storage, 'localStorage')) {
    adapter.addListener = (listener) => webStorageEvents('localStorage', listener);
  }
  return adapter;
}

// ------------------------------------------------------------------------- Web Storage

/** @param {unknown} storage @param {'localStorage' | 'sessionStorage'} which */
function isWebStorage(storage, which) {
  try {
    return storage !== undefined && storage === globalThis[which];
  } catch {
    return false;
  }
}

/** The Web Storages whose probe passed. @type {WeakSet<Storage>} */
const probed = new WeakSet();

/**
 * The Web Storage when it exists and works (Safari's private mode and sandboxed frames
 * throw), else undefined.
 * @param {'localStorage' | 'sessionStorage'} which
 * @returns {Storage | undefined}
 */
function webStorage(which) {
  try {
    const s = /** @type {Storage | undefined} */ (globalThis[which]);
    if (!s) return undefined;
    // One probe per Storage object (Amplify picks its storage once): a probe is two
    // writes, which a page start would otherwise make before each of its ~11 reads.
    if (probed.has(s)) return s;
    const probe = '__cognito_headless_probe__';
    s.setItem(probe, probe);
    s.removeItem(probe);
    probed.add(s);
    return s;
  } catch {
    return undefined;
  }
}

/**
 * Calls `listener` for `storage` events of this Web Storage (changes made by other tabs).
 * @param {'localStorage' | 'sessionStorage'} which
 * @param {(event: KeyValueStorageEvent) => void} listener
 * @returns {() => void}
 */
function webStorageEvents(which, listener) {
  const w = globalThis;
  if (typeof w.addEventListener !== 'function') return () => {};
  /** @param {StorageEvent} e */
  const onStorage = (e) => {
    let area;
    try {
      area = w[which];
    } catch {
      return;
    }
    // key === null: the other tab called clear().
    if (e.storageArea && e.storageArea !== area) return;
    listener({ key: e.key, oldValue: e.oldValue, newValue: e.newValue });
  };
  w.addEventListener('storage', onStorage);
  return () => w.removeEventListener('storage', onStorage);
}

/**
 * A storage over a Web Storage that falls back to memory where it does not work (Node,
 * private modes), like Amplify's `defaultStorage` and `sessionStorage`.
 * @param {'localStorage' | 'sessionStorage'} which
 * @returns {KeyValueStorageInterface}
 */
function webStorageAdapter(which) {
  /** @type {KeyValueStorageInterface | undefined} */
  let fallback;
  const backing = () => {
    const s = webStorage(which);
    if (s) return s;
    return (fallback ??= createMemoryStorage());
  };
  /** @type {KeyValueStorageInterface} */
  const adapter = {
    async setItem(key, value) {
      const s = backing();
      try {
        await s.setItem(key, value);
      } catch (e) {
        // A storage that stopped working (full, revoked): probe it again, as before the
        // probe was kept, and write to memory when the probe fails.
        if (s === fallback || !probed.delete(/** @type {Storage} */ (s))) throw e;
        await backing().setItem(key, value);
      }
    },
    async getItem(key) {
      return (await backing().getItem(key)) ?? null;
    },
    async removeItem(key) {
      await backing().removeItem(key);
    },
    async clear() {
      await backing().clear();
    },
  };
  // sessionStorage is per tab: no other tab changes it, so it has no listener.
  if (which === 'localStorage') adapter.addListener = (listener) => webStorageEvents(which, listener);
  return adapter;
}

/** `window.localStorage` (memory where it does not work); delivers other tabs' changes. */
export const localStorageAdapter = webStorageAdapter('localStorage');

/** `window.sessionStorage` (memory where it does not work): one session per tab. */
export const sessionStorageAdapter = webStorageAdapter('sessionStorage');

/** True when localStorage works here (a browser page, not Node, not a private mode that throws). */
export function hasLocalStorage() {
  return webStorage('localStorage') !== undefined;
}

// ------------------------------------------------------------------------- cookies

/** A cookie's value is at most this many bytes; longer values are split into chunks. */
export const COOKIE_CHUNK_BYTES = 3800;
const DEFAULT_MAX_AGE_S = 365 * 24 * 60 * 60;

/** A cookie name encodeCookieName gives back as it is. */
const PLAIN_NAME = /^[A-Za-z0-9\-_.!~*']*$/;

/**
 * Cookie names as js-cookie (Amplify's CookieStorage) writes them, so that cookies Amplify
 * set are found: percent-encoded except the characters RFC 6265 allows in a token.
 * @param {string} name
 */
function encodeCookieName(name) {
  // Only characters encodeURIComponent keeps and the replaces below leave (the usual key).
  if (PLAIN_NAME.test(name)) return name;
  return encodeURIComponent(name)
    .replace(/%(2[346B]|5E|60|7C)/g, decodeURIComponent)
    .replace(/[()]/g, escape);
}

/** Cookie values as js-cookie writes them. @param {string} value */
function encodeCookieValue(value) {
  return encodeURIComponent(value).replace(/%(2[346BF]|3[AC-F]|40|5[BDE]|60|7[BCD])/g, decodeURIComponent);
}

/** @param {string} value */
function decodeCookieValue(value) {
  let v = value;
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
  // decodeURIComponent gives back a text without `%` as it is.
  if (!v.includes('%')) return v;
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/** A jar's `get` answer (a string, Next.js's `{ name, value }`, or nothing) as a string. @param {unknown} got */
function cookieText(got) {
  if (got === undefined || got === null) return undefined;
  if (typeof got === 'string') return got;
  if (typeof got === 'object' && 'value' in got && typeof got.value === 'string') return got.value;
  return undefined;
}

/** `document.cookie` as a jar (browsers only). @returns {CookieJar} */
function documentCookieJar() {
  const doc = globalThis.document;
  if (!doc || typeof doc.cookie !== 'string') {
    throw new TypeError(
      'createCookieStorage(jar): pass a cookie jar { get, set, remove } (on a server: the request\'s cookies); ' +
        'without one it uses document.cookie, which does not exist here',
    );
  }
  /** @param {string} name @param {string} value @param {CookieSetOptions} o */
  const write = (name, value, o) => {
    let cookie = `${name}=${value}`;
    if (o.path) cookie += `; Path=${o.path}`;
    if (o.domain) cookie += `; Domain=${o.domain}`;
    if (o.maxAge !== undefined) cookie += `; Max-Age=${o.maxAge}`;
    if (o.expires) cookie += `; Expires=${o.expires.toUTCString()}`;
    if (o.sameSite) cookie += `; SameSite=${o.sameSite}`;
    if (o.secure) cookie += '; Secure';
    doc.cookie = cookie;
  };
  return {
    get(name) {
      for (const part of String(doc.cookie).split(/;\s*/)) {
        const eq = part.indexOf('=');
        if (eq > 0 && part.slice(0, eq) === name) return part.slice(eq + 1);
      }
      return undefined;
    },
    set(name, value, options) {
      write(name, value, options ?? {});
    },
    remove(name, options) {
      write(name, '', { ...(options ?? {}), maxAge: 0, expires: new Date(0) });
    },
  };
}

/**
 * The cookie attributes for setting and removing, and the chunk size, from
 * createCookieStorage's options (validated).
 * @param {CookieStorageOptions} options
 */
function cookieOptions(options) {
  const {
    domain,
    path = '/',
    secure = true,
    sameSite = 'lax',
    httpOnly,
    maxAge = DEFAULT_MAX_AGE_S,
    chunkBytes = COOKIE_CHUNK_BYTES,
  } = options;
  // A chunk must hold at least one %XX escape, which is never split: with 1 or 2 the
  // splitting below could not advance.
  if (!Number.isInteger(chunkBytes) || chunkBytes < 3) {
    throw new TypeError(`createCookieStorage: chunkBytes must be a whole number of at least 3 (one %XX escape), not ${String(chunkBytes)}`);
  }
  /** @type {CookieSetOptions} */
  const setOptions = { path, secure, sameSite, maxAge };
  if (domain !== undefined) setOptions.domain = domain;
  if (httpOnly !== undefined) setOptions.httpOnly = httpOnly;
  /** @type {CookieSetOptions} */
  const removeOptions = { path };
  if (domain !== undefined) removeOptions.domain = domain;
  return { setOptions, removeOptions, chunkBytes };
}

/**
 * Runs a jar write; one that throws or rejects is skipped. A read-only store (a React Server
 * Component's `cookies()`, a response whose headers were sent) cannot take it, and there is
 * nothing else to do: the adapter's reads keep the value for the rest of the request.
 * @param {() => unknown} write
 */
async function writeQuietly(write) {
  try {
    await write();
  } catch {
    // skipped (see above)
  }
}

/**
 * Reading, writing and removing single cookies of `cookies`, through `written` (this
 * adapter's own writes, read first) when there is one.
 * @param {CookieJar} cookies
 * @param {Map<string, string | null> | undefined} written
 * @param {CookieSetOptions} setOptions
 * @param {CookieSetOptions} removeOptions
 */
function cookieAccess(cookies, written, setOptions, removeOptions) {
  /** @param {string} name @returns {Promise<string | undefined>} */
  const read = async (name) => {
    if (written && written.has(name)) return written.get(name) ?? undefined;
    return cookieText(await cookies.get(name));
  };
  /** @param {string} name @param {string} value */
  const put = async (name, value) => {
    written?.set(name, value);
    await writeQuietly(() => cookies.set(name, value, { ...setOptions }));
  };
  /** @param {string} name */
  const drop = async (name) => {
    const had = await read(name);
    written?.set(name, null);
    if (had !== undefined) await writeQuietly(() => cookies.remove(name, { ...removeOptions }));
  };
  /** @param {string} base @returns {Promise<number>} the chunk count stored for this key (0: none) */
  const chunkCount = async (base) => {
    const raw = await read(`${base}.chunks`);
    const n = raw === undefined ? NaN : Number(raw);
    return Number.isInteger(n) && n > 0 && n < 1000 ? n : 0;
  };
  return { read, put, drop, chunkCount };
}

/**
 * `encoded` cut into pieces of at most `chunkBytes`, never splitting a %XX escape.
 * @param {string} encoded
 * @param {number} chunkBytes
 * @returns {string[]}
 */
function splitEscaped(encoded, chunkBytes) {
  /** @type {string[]} */
  const parts = [];
  for (let at = 0; at < encoded.length; ) {
    let end = Math.min(at + chunkBytes, encoded.length);
    const pct = encoded.lastIndexOf('%', end - 1);
    if (end < encoded.length && pct > end - 3 && pct >= at) end = pct;
    parts.push(encoded.slice(at, end));
    at = end;
  }
  return parts;
}

/**
 * A storage in cookies, for server-side rendering: create one per request over that
 * request's cookies (Next.js `cookies()`, Express `req.cookies` + `res.cookie`, …), or in
 * a browser without a jar (then `document.cookie`). Values longer than
 * {@link COOKIE_CHUNK_BYTES} are split across `<key>.0`, `<key>.1`, … with the count in
 * `<key>.chunks`, and joined on read; stale chunks are removed when a value shrinks or is
 * removed. Writes are visible to reads on the same adapter at once (a request's incoming
 * cookies do not change when the response sets new ones). A jar whose writes throw (a
 * React Server Component's read-only `cookies()`) works: the writes are skipped quietly and
 * the values kept for this adapter's reads.
 * @param {CookieJar} [jar]
 * @param {CookieStorageOptions} [options]
 * @returns {KeyValueStorageInterface}
 */
export function createCookieStorage(jar, options = {}) {
  const cookies = jar ?? documentCookieJar();
  if (typeof cookies.get !== 'function' || typeof cookies.set !== 'function' || typeof cookies.remove !== 'function') {
    throw new TypeError('createCookieStorage(jar): jar needs get(name), set(name, value, options) and remove(name, options)');
  }
  const { setOptions, removeOptions, chunkBytes } = cookieOptions(options);
  // What this adapter wrote (a value) or removed (null), by cookie name, read before the
  // jar: a server request's incoming cookies do not change when the response sets some.
  // document.cookie is always current (and other tabs change it), so it is not cached.
  /** @type {Map<string, string | null> | undefined} */
  const written = jar ? new Map() : undefined;
  const { read, put, drop, chunkCount } = cookieAccess(cookies, written, setOptions, removeOptions);

  return {
    async getItem(key) {
      const base = encodeCookieName(String(key));
      const n = await chunkCount(base);
      if (n > 0) {
        let joined = '';
        for (let i = 0; i < n; i++) {
          const part = await read(`${base}.${i}`);
          // A missing chunk: the value is unusable, as if absent.
          if (part === undefined) return null;
          joined += part;
        }
        return decodeCookieValue(joined);
      }
      const value = await read(base);
      return value === undefined ? null : decodeCookieValue(value);
    },
    async setItem(key, value) {
      const base = encodeCookieName(String(key));
      const encoded = encodeCookieValue(String(value));
      const before = await chunkCount(base);
      if (encoded.length <= chunkBytes) {
        await put(base, encoded);
        for (let i = 0; i < before; i++) await drop(`${base}.${i}`);
        if (before > 0) await drop(`${base}.chunks`);
        return;
      }
      const parts = splitEscaped(encoded, chunkBytes);
      for (let i = 0; i < parts.length; i++) await put(`${base}.${i}`, parts[i]);
      await put(`${base}.chunks`, String(parts.length));
      for (let i = parts.length; i < before; i++) await drop(`${base}.${i}`);
      await drop(base);
    },
    async removeItem(key) {
      const base = encodeCookieName(String(key));
      const n = await chunkCount(base);
      for (let i = 0; i < n; i++) await drop(`${base}.${i}`);
      await drop(`${base}.chunks`);
      await drop(base);
    },
    async clear() {
      // A cookie jar cannot list what belongs to us; the authenticator never calls clear().
      written?.clear();
    },
  };
}
