// The driver's storage effects: `store` / `remove` writes and `load` reads, through the
// host's KeyValueStorageInterface. A failing storage is reported, never thrown: a read
// that fails is an absent value.

import { report } from './errors.js';

/** @typedef {import('./index.d.ts').KeyValueStorageInterface} KeyValueStorageInterface */

/**
 * Writes (`setItem`) or removes one key.
 * @param {KeyValueStorageInterface} storage
 * @param {'setItem' | 'removeItem'} method
 * @param {string} key
 * @param {string} [value]
 */
export async function writeStorage(storage, method, key, value) {
  try {
    if (method === 'setItem') await storage.setItem(key, /** @type {string} */ (value));
    else await storage.removeItem(key);
  } catch (e) {
    report(`storage.${method}(${JSON.stringify(key)}) failed`, e);
  }
}

/**
 * The values of `keys` from `prefetch` (what the stored-session reader read, when nothing
 * was written since), taken out of it; undefined unless it holds every key.
 * @param {Map<string, string | null> | undefined} prefetch
 * @param {string[]} keys
 * @returns {Record<string, string | null> | undefined}
 */
export function takePrefetched(prefetch, keys) {
  if (!prefetch || !keys.every((key) => prefetch.has(key))) return undefined;
  /** @type {Record<string, string | null>} */
  const values = {};
  for (const key of keys) {
    values[key] = /** @type {string | null} */ (prefetch.get(key));
    prefetch.delete(key);
  }
  return values;
}

/** A value read from the storage as the machine takes it (absent: null). @param {unknown} value */
export const storedText = (value) => (value === null || value === undefined ? null : String(value));
