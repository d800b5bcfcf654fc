// Type declarations for cognito-headless/storage (js/storage.js).

/** A change another tab made (Amplify's `KeyValueStorageEvent`); `key` is null after `clear()`. */
export interface KeyValueStorageEvent {
  key: string | null;
  oldValue: string | null;
  newValue: string | null;
}

/**
 * Amplify v6's pluggable storage (`KeyValueStorageInterface`). `addListener`, when present,
 * delivers changes made elsewhere (other tabs) and returns the function that stops it.
 */
export interface KeyValueStorageInterface {
  setItem(key: string, value: string): Promise<void>;
  getItem(key: string): Promise<string | null>;
  removeItem(key: string): Promise<void>;
  clear(): Promise<void>;
  addListener?(listener: (event: KeyValueStorageEvent) => void): (() => void) | void;
}

/** Anything with getItem/setItem/removeItem, sync or async (`clear` and `addListener` optional). */
export interface StorageLike {
  getItem(key: string): string | null | undefined | Promise<string | null | undefined>;
  setItem(key: string, value: string): void | Promise<unknown>;
  removeItem(key: string): void | Promise<unknown>;
  clear?(): void | Promise<unknown>;
  addListener?(listener: (event: KeyValueStorageEvent) => void): (() => void) | void;
}

/** `window.localStorage` (memory where it does not work); other tabs' changes arrive through `addListener`. */
export const localStorageAdapter: KeyValueStorageInterface;

/** `window.sessionStorage` (memory where it does not work): one session per tab. */
export const sessionStorageAdapter: KeyValueStorageInterface;

/** An in-memory storage: lives as long as the object. */
export function createMemoryStorage(): KeyValueStorageInterface;

/** Wraps any sync or async `{ getItem, setItem, removeItem }` (and `window.localStorage` with its storage events). */
export function fromStorageLike(storage: StorageLike): KeyValueStorageInterface;

/** The options a jar's `set` and `remove` receive (the `cookie`/Next.js/Express names). */
export interface CookieSetOptions {
  path?: string;
  domain?: string;
  secure?: boolean;
  sameSite?: 'lax' | 'strict' | 'none';
  httpOnly?: boolean;
  /** Seconds (Next.js, the `cookie` package). Express's `res.cookie` takes milliseconds: multiply by 1000. */
  maxAge?: number;
  expires?: Date;
}

/**
 * A request's cookies, as a server framework gives them. `get` may return the value or
 * Next.js's `{ name, value }`; any method may be async.
 *
 * Next.js (route handlers, server actions): `const c = await cookies();`
 * `{ get: (n) => c.get(n), set: (n, v, o) => c.set(n, v, o), remove: (n, o) => c.delete({ name: n, ...o }) }`.
 * Express (cookie-parser): `{ get: (n) => req.cookies[n], set: (n, v, o) => res.cookie(n, v, { ...o, maxAge: o.maxAge * 1000 }), remove: (n, o) => res.clearCookie(n, o) }`.
 */
export interface CookieJar {
  get(name: string): string | { value: string } | null | undefined | Promise<string | { value: string } | null | undefined>;
  set(name: string, value: string, options: CookieSetOptions): unknown;
  remove(name: string, options: CookieSetOptions): unknown;
}

export interface CookieStorageOptions {
  domain?: string;
  /** Default `/`. */
  path?: string;
  /** Default true. */
  secure?: boolean;
  /** Default `lax`. */
  sameSite?: 'lax' | 'strict' | 'none';
  /** Server-only cookies: browser JS (including this package in the page) cannot read them. */
  httpOnly?: boolean;
  /** Seconds; default 365 days (as Amplify's CookieStorage). */
  maxAge?: number;
  /**
   * The largest cookie value before a value is split; default 3800 bytes. A whole number of
   * at least 3 (one `%XX` escape, which is never split); anything else throws a TypeError.
   */
  chunkBytes?: number;
}

/**
 * Cookies as storage, for server-side rendering: one per request over that request's
 * cookie jar (in a browser, without a jar: `document.cookie`). Values over `chunkBytes`
 * are split across `<key>.0`, `<key>.1`, … with the count in `<key>.chunks`, joined on
 * read; stale chunks are removed. Names and values are encoded as Amplify's CookieStorage
 * (js-cookie) encodes them, so Amplify's cookies are read. A jar whose writes throw (a React
 * Server Component's read-only `cookies()`) works: the writes are skipped quietly and this
 * adapter's reads keep the values for the rest of the request.
 */
export function createCookieStorage(jar?: CookieJar, options?: CookieStorageOptions): KeyValueStorageInterface;

/** The largest cookie value before a value is split (3800). */
export const COOKIE_CHUNK_BYTES: number;

/** True when window.localStorage exists and works here (not in Node, not where a private mode makes it throw). */
export function hasLocalStorage(): boolean;
