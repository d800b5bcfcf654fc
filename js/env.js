// What the code runs on: Node, a browser (or worker), and small value tests.

export const isNode = () =>
  typeof process !== 'undefined' && !!(process.versions && process.versions.node);

/** A browser page or worker (jsdom counts: it has a window). */
export const isBrowserLike = () =>
  typeof window !== 'undefined' ||
  (typeof self !== 'undefined' && typeof (/** @type {{ importScripts?: unknown }} */ (self)).importScripts === 'function');

/** @param {unknown} v @returns {v is PromiseLike<unknown>} */
export const isThenable = (v) =>
  !!v && (typeof v === 'object' || typeof v === 'function') && typeof (/** @type {{ then?: unknown }} */ (v).then) === 'function';
