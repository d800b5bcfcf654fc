// A set of listeners with an unsubscribe for each: what the driver, the authenticator
// store and the API use wherever several parties want to hear of one thing.

import { report } from './errors.js';
import { isThenable } from './env.js';

/**
 * Listeners of one kind. Each `add` returns its own unsubscribe (idempotent); a listener
 * added twice is called twice. A listener that throws, or whose promise rejects, is
 * reported and the others still run.
 * @template {unknown[]} A the arguments a listener gets
 */
export class Listeners {
  constructor() {
    /** @type {Set<(...args: A) => unknown>} */
    this.entries = new Set();
  }

  /**
   * Adds `listener`; returns the function that removes it.
   * @param {(...args: A) => unknown} listener
   * @returns {() => void}
   */
  add(listener) {
    // A wrapper of its own: the same function added twice stays two subscriptions.
    const entry = (/** @type {A} */ ...args) => listener(...args);
    this.entries.add(entry);
    return () => {
      this.entries.delete(entry);
    };
  }

  /** How many are subscribed. */
  get size() {
    return this.entries.size;
  }

  /**
   * Calls every listener subscribed now with `args`.
   * @param {string} who what a failure report calls a listener (`'a subscriber'`)
   * @param {A} args
   */
  notify(who, ...args) {
    for (const listener of [...this.entries]) {
      try {
        const r = listener(...args);
        if (isThenable(r)) Promise.resolve(r).catch((e) => report(`${who} failed`, e));
      } catch (e) {
        report(`${who} threw`, e);
      }
    }
  }
}
