// The driver's `lock` / `unlock` effects: cross-tab locks through Web Locks
// (`navigator.locks.request`), held until the machine unlocks them, with a wait limit and a
// hold limit so that a lost tab never blocks the others.

import { report } from './errors.js';

/** How long a `lock` effect waits for a cross-tab lock before going on without it. */
export const LOCK_WAIT_MS = 60000;
/** How long a cross-tab lock is held at most (a safety net: the machine always unlocks). */
export const LOCK_HOLD_MS = 90000;

/**
 * @typedef {import('./index.d.ts').LockManagerLike} LockManagerLike
 * @typedef {{ release?: () => void, released: boolean, acquired: boolean, timer?: ReturnType<typeof setTimeout>, abort?: AbortController, timedOut?: boolean }} HeldLock
 */

/** Node's timers have unref (do not keep the process alive); the DOM's type says number. @param {unknown} timer */
const unref = (timer) => /** @type {{ unref?: () => void } | undefined} */ (timer)?.unref?.();

/** The locks taken (or being waited for) for `lock` effects, by lock id. */
export class CrossTabLocks {
  /** @param {LockManagerLike | null | undefined} locks the host's (undefined: navigator.locks; null: none) */
  constructor(locks) {
    this.locks = locks;
    /** @type {Map<number, HeldLock>} */
    this.held = new Map();
  }

  /**
   * Takes the cross-tab lock `name` and holds it until `unlock(id)`; calls `granted` once
   * it is held. Without Web Locks, when the request fails, or after LOCK_WAIT_MS, calls
   * `granted` all the same (the machine goes on without it).
   * @param {number} id
   * @param {string} name
   * @param {() => void} granted
   */
  lock(id, name, granted) {
    const locks = this.locks === undefined ? globalThis.navigator?.locks : this.locks;
    if (!locks || typeof locks.request !== 'function') {
      granted();
      return;
    }
    /** @type {HeldLock} */
    const held = { released: false, acquired: false };
    this.held.set(id, held);
    const abort = typeof AbortController === 'function' ? new AbortController() : undefined;
    held.abort = abort;
    const waitTimer = abort
      ? setTimeout(() => {
          held.timedOut = true;
          abort.abort();
        }, LOCK_WAIT_MS)
      : undefined;
    unref(waitTimer);
    const stopWaiting = () => {
      if (waitTimer !== undefined) clearTimeout(waitTimer);
    };
    const hold = () => this.hold(id, name, held, stopWaiting, granted);
    const failed = (/** @type {unknown} */ e) => this.failed(id, name, held, stopWaiting, granted, e);
    try {
      const p = abort ? locks.request(name, { signal: abort.signal }, hold) : locks.request(name, {}, hold);
      Promise.resolve(p).catch(failed);
    } catch (e) {
      failed(e);
    }
  }

  /**
   * The lock is granted: holds it (a promise that settles on release), unless the machine
   * no longer wants it.
   * @param {number} id @param {string} name @param {HeldLock} held
   * @param {() => void} stopWaiting @param {() => void} granted
   * @returns {Promise<void>}
   */
  hold(id, name, held, stopWaiting, granted) {
    return new Promise((release) => {
      stopWaiting();
      held.acquired = true;
      if (held.released) {
        // The machine no longer wants it.
        release(undefined);
        return;
      }
      held.release = () => release(undefined);
      held.timer = setTimeout(() => {
        report(`the cross-tab lock ${name} was held for ${LOCK_HOLD_MS} ms; releasing it`, undefined);
        this.unlock(id);
      }, LOCK_HOLD_MS);
      unref(held.timer);
      granted();
    });
  }

  /**
   * The request failed or timed out before the lock was held: goes on without it.
   * @param {number} id @param {string} name @param {HeldLock} held
   * @param {() => void} stopWaiting @param {() => void} granted @param {unknown} e
   */
  failed(id, name, held, stopWaiting, granted, e) {
    stopWaiting();
    if (held.acquired) return;
    held.acquired = true;
    this.held.delete(id);
    if (held.timedOut) report(`waited ${LOCK_WAIT_MS} ms for the cross-tab lock ${name}; going on without it`, undefined);
    else if (!held.released) report(`navigator.locks.request(${name}) failed; going on without the lock`, e);
    if (!held.released) granted();
  }

  /** Releases the lock taken for `id` (or drops the request still waiting). @param {number} id */
  unlock(id) {
    const held = this.held.get(id);
    if (!held) return;
    this.held.delete(id);
    held.released = true;
    if (held.timer !== undefined) clearTimeout(held.timer);
    if (held.release) held.release();
    // Still waiting for it: withdraw the request.
    else if (!held.acquired) held.abort?.abort();
  }
}
