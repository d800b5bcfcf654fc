// One timer for the machine's next deadline.
//
// The machine owns time (`pollTimeout()`: the Unix ms at which it next wants
// `{ type: 'timeout' }`, or undefined). After each input the driver hands that deadline to
// `arm`, which keeps ONE timer for it. The timer never keeps a Node process alive
// (`unref`), is cleared by `clear()` (dispose), and re-checks the host clock when it fires:
// a throttled background tab fires late (what is due then still runs), and a timer that
// fires before the host clock reaches the deadline is armed again instead of firing early.

/** The longest delay `setTimeout` takes (2^31 - 1 ms); longer waits re-arm. */
export const MAX_TIMER_DELAY_MS = 0x7fffffff;

export class MachineTimer {
  /**
   * @param {() => number} now the host clock (Unix ms), the one the machine is fed
   * @param {() => void} due called once the deadline is reached
   */
  constructor(now, due) {
    this.now = now;
    this.due = due;
    /** The deadline armed for. @type {number | undefined} */
    this.deadline = undefined;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.handle = undefined;
  }

  /** Arms the timer for `deadline` (Unix ms), or clears it when there is none. @param {number | undefined | null} deadline */
  arm(deadline) {
    if (deadline === undefined || deadline === null || !Number.isFinite(deadline)) {
      this.clear();
      return;
    }
    if (deadline === this.deadline && this.handle !== undefined) return;
    this.clear();
    this.deadline = deadline;
    this.schedule();
  }

  schedule() {
    const deadline = /** @type {number} */ (this.deadline);
    const delay = Math.min(Math.max(0, deadline - this.now()), MAX_TIMER_DELAY_MS);
    this.handle = setTimeout(() => this.fire(), delay);
    // Node's timers have unref (never keep the process alive); the DOM's type says number.
    /** @type {{ unref?: () => void }} */ (/** @type {unknown} */ (this.handle)).unref?.();
  }

  fire() {
    this.handle = undefined;
    if (this.deadline === undefined) return;
    if (this.now() < this.deadline) {
      this.schedule();
      return;
    }
    this.deadline = undefined;
    this.due();
  }

  /** Drops the armed timer (nothing is due, or the instance is disposed). */
  clear() {
    if (this.handle !== undefined) clearTimeout(this.handle);
    this.handle = undefined;
    this.deadline = undefined;
  }
}
