// The cross-tab lock's hand-over: a lock another tab held is answered only after SETTLE_MS,
// so that tab's last localStorage writes (a separate channel from Web Locks in Chromium)
// reach this one before a refresh reads storage; a lock granted at once is answered at once.
import { describe, it, expect, vi, afterEach } from 'vitest';
import { importBuilt } from './support/built-package.mjs';

const { CrossTabLocks, SETTLE_MS } = await importBuilt('cross-tab-lock.js');

/** A LockManager whose grant comes after `delayMs` (another tab holding it until then). */
function lockManager(delayMs) {
  return {
    request(_name, _options, callback) {
      return new Promise((resolve) => setTimeout(() => resolve(callback()), delayMs));
    },
  };
}

afterEach(() => vi.useRealTimers());

describe('CrossTabLocks', () => {
  it('answers a lock granted at once without waiting', async () => {
    vi.useFakeTimers({ now: 0 });
    const granted = vi.fn();
    new CrossTabLocks(lockManager(0)).lock(1, 'x', granted);
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toHaveBeenCalledTimes(1);
  });

  it('answers a lock another tab held only after the settle time', async () => {
    vi.useFakeTimers({ now: 0 });
    const granted = vi.fn();
    new CrossTabLocks(lockManager(200)).lock(1, 'x', granted);
    await vi.advanceTimersByTimeAsync(200);
    expect(granted).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(SETTLE_MS - 1);
    expect(granted).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(granted).toHaveBeenCalledTimes(1);
  });

  it('never answers a lock unlocked while it settles', async () => {
    vi.useFakeTimers({ now: 0 });
    const granted = vi.fn();
    const locks = new CrossTabLocks(lockManager(200));
    locks.lock(1, 'x', granted);
    await vi.advanceTimersByTimeAsync(210);
    locks.unlock(1);
    await vi.advanceTimersByTimeAsync(SETTLE_MS);
    expect(granted).not.toHaveBeenCalled();
  });
});
