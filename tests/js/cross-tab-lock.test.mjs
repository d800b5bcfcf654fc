// The cross-tab lock's hand-over: a lock another tab held is answered as handed over (the
// machine then waits for that tab's last localStorage writes, which reach this one on a
// separate channel from Web Locks in Chromium, before a refresh reads storage: a deadline of
// its own, tested natively in tests/flows/timers.rs); a lock granted at once is answered as
// acquired. Either way the answer comes as soon as the lock is held.
import { describe, it, expect, vi, afterEach } from 'vitest';
import { importBuilt } from './support/built-package.mjs';

const { CrossTabLocks } = await importBuilt('cross-tab-lock.js');

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
  it('answers a lock granted at once as acquired, at once', async () => {
    vi.useFakeTimers({ now: 0 });
    const granted = vi.fn();
    new CrossTabLocks(lockManager(0)).lock(1, 'x', granted);
    await vi.advanceTimersByTimeAsync(0);
    expect(granted.mock.calls).toEqual([[false]]);
  });

  it('answers a lock another tab held as handed over, as soon as it is held', async () => {
    vi.useFakeTimers({ now: 0 });
    const granted = vi.fn();
    new CrossTabLocks(lockManager(200)).lock(1, 'x', granted);
    await vi.advanceTimersByTimeAsync(199);
    expect(granted).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(granted.mock.calls).toEqual([[true]]);
  });

  it('never answers a lock unlocked before it is granted', async () => {
    vi.useFakeTimers({ now: 0 });
    const granted = vi.fn();
    const locks = new CrossTabLocks(lockManager(200));
    locks.lock(1, 'x', granted);
    await vi.advanceTimersByTimeAsync(100);
    locks.unlock(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(granted).not.toHaveBeenCalled();
  });

  it('goes on without locks where there are none', () => {
    const granted = vi.fn();
    new CrossTabLocks(null).lock(1, 'x', granted);
    expect(granted.mock.calls).toEqual([[false]]);
  });
});

describe('CrossTabLocks on the host clock', () => {
  it('a grant that took no time on the host clock is not a hand-over (the machine waits on that clock)', async () => {
    vi.useFakeTimers({ now: 0 });
    const granted = vi.fn();
    new CrossTabLocks(lockManager(200), () => 1_000).lock(1, 'x', granted);
    await vi.advanceTimersByTimeAsync(200);
    expect(granted.mock.calls).toEqual([[false]]);
  });
});
