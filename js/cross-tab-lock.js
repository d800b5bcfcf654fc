// The driver's `lock` / `unlock` effects: cross-tab locks through Web Locks
// (`navigator.locks.request`), held until the machine unlocks them. How long to wait for a
// lock, to hold it, and to let a previous holder's storage writes arrive is the machine's
// (its timers: src/machine/timers.rs), so a lost tab never blocks the others.

import { report } from './errors.js';

/**
 * @typedef {import('./index.d.ts').LockManagerLike} LockManagerLike
 * @typedef {{ release?: () => void, released: boolean, acquired: boolean, abort?: AbortController }} HeldLock
 */

/** A grant later than this after the request means another tab held the lock (ms). */
const CONTENDED_MS = 5;

/** The locks taken (or being waited for) for `lock` effects, by lock id. */
export class CrossTabLocks {
  /**
   * @param {LockManagerLike | null | undefined} locks the host's (undefined: navigator.locks; null: none)
   * @param {() => number} [now] the host's clock, the machine's (a grant that took no time
   *   on it is not a hand-over: the machine's settle wait runs on that clock)
   */
  constructor(locks, now = () => Date.now()) {
    this.locks = locks;
    this.now = now;
    /** @type {Map<number, HeldLock>} */
    this.held = new Map();
  }

  /**
   * Takes the cross-tab lock `name` and holds it until `unlock(id)`; calls `granted` once
   * it is held, with `handedOver` true when another tab held it first. Without Web Locks,
   * or when the request fails, calls `granted(false)` all the same (the machine goes on
   * without it).
   * @param {number} id
   * @param {string} name
   * @param {(handedOver: boolean) => void} granted
   */
  lock(id, name, granted) {
    const locks = this.locks === undefined ? globalThis.navigator?.locks : this.locks;
    if (!locks || typeof locks.request !== 'function') {
      granted(false);
      return;
    }
    /** @type {HeldLock} */
    const held = { released: false, acquired: false };
    this.held.set(id, held);
    const abort = typeof AbortController === 'function' ? new AbortController() : undefined;
    held.abort = abort;
    const asked = this.now();
    const hold = () => this.hold(held, granted, this.now() - asked >= CONTENDED_MS);
    const failed = (/** @type {unknown} */ e) => this.failed(id, name, held, granted, e);
    try {
      const p = abort ? locks.request(name, { signal: abort.signal }, hold) : locks.request(name, {}, hold);
      Promise.resolve(p).catch(failed);
    } catch (e) {
      failed(e);
    }
  }

  /**
   * The lock is granted: holds it (a promise that settles on release), unless the machine
   * no longer wants it. A lock that another tab held (`waited`) is answered as handed
   * over: Chromium can grant it before that tab's last localStorage writes reach this one
   * (the lock and the storage area are separate channels), so the machine waits a moment
   * (its own deadline) before a refresh reads storage.
   * @param {HeldLock} held @param {(handedOver: boolean) => void} granted @param {boolean} waited
   * @returns {Promise<void>}
   */
  hold(held, granted, waited) {
    return new Promise((release) => {
      held.acquired = true;
      if (held.released) {
        // The machine no longer wants it.
        release(undefined);
        return;
      }
      held.release = () => release(undefined);
      granted(waited);
    });
  }

  /**
   * The request failed (or the machine withdrew it) before the lock was held: goes on
   * without it, unless withdrawn.
   * @param {number} id @param {string} name @param {HeldLock} held
   * @param {(handedOver: boolean) => void} granted @param {unknown} e
   */
  failed(id, name, held, granted, e) {
    if (held.acquired) return;
    held.acquired = true;
    this.held.delete(id);
    if (held.released) return;
    report(`navigator.locks.request(${name}) failed; going on without the lock`, e);
    granted(false);
  }

  /** Releases the lock taken for `id` (or withdraws the request still waiting). @param {number} id */
  unlock(id) {
    const held = this.held.get(id);
    if (!held) return;
    this.held.delete(id);
    held.released = true;
    if (held.release) held.release();
    // Still waiting for it: withdraw the request.
    else if (!held.acquired) held.abort?.abort();
  }
}
