// The machine's one timer on the JS side (js/timer.js, js/driver.js): armed for
// `pollTimeout()` after each input, never keeping Node alive, cleared on dispose, and a
// late or early firing only delays what is due. Then the real wasm: `pollTimeout()` names
// a sign-in step's 3-minute expiry and `{ type: 'timeout' }` at that time drops it.
import { describe, it, expect, vi, afterEach } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = path.join(root, 'target/pkg-build/package');
if (!existsSync(path.join(pkg, 'driver.js'))) {
  throw new Error('The npm package is not built: run `make package` (scripts/package.sh) first.');
}
// The package's copies (the driver imports the wasm module next to it).
const { MachineTimer } = await import(pathToFileURL(path.join(pkg, 'timer.js')).href);
const { Driver } = await import(pathToFileURL(path.join(pkg, 'driver.js')).href);

afterEach(() => {
  vi.useRealTimers();
});

describe('MachineTimer', () => {
  it('fires once at the deadline, on the host clock', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const due = vi.fn();
    const timer = new MachineTimer(() => Date.now(), due);
    timer.arm(1_000_000 + 5_000);
    vi.advanceTimersByTime(4_999);
    expect(due).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(due).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60_000);
    expect(due).toHaveBeenCalledTimes(1);
  });

  it('keeps one timer: a new deadline replaces the old one, none clears it', () => {
    vi.useFakeTimers({ now: 0 });
    const due = vi.fn();
    const timer = new MachineTimer(() => Date.now(), due);
    timer.arm(10_000);
    timer.arm(10_000);
    timer.arm(3_000);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(3_000);
    expect(due).toHaveBeenCalledTimes(1);
    timer.arm(20_000);
    timer.arm(undefined);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect(due).toHaveBeenCalledTimes(1);
  });

  it('a timer that fires before the host clock reaches the deadline waits again; a late one fires', () => {
    vi.useFakeTimers({ now: 0 });
    let hostNow = 0;
    const due = vi.fn();
    const timer = new MachineTimer(() => hostNow, due);
    timer.arm(1_000);
    // The host clock lags (a fake clock, a suspended machine): no early timeout.
    vi.advanceTimersByTime(1_000);
    expect(due).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(1);
    // A throttled tab: the timer runs long after the deadline; what is due still runs.
    hostNow = 50_000;
    vi.advanceTimersByTime(1_000);
    expect(due).toHaveBeenCalledTimes(1);
  });

  it('never keeps a Node process alive (unref)', () => {
    const timer = new MachineTimer(() => Date.now(), () => {});
    timer.arm(Date.now() + 3_600_000);
    const handle = /** @type {NodeJS.Timeout} */ (timer.handle);
    expect(handle.hasRef()).toBe(false);
    timer.clear();
    expect(timer.handle).toBeUndefined();
  });
});

/** A machine stand-in: records inputs, names a deadline. */
function fakeMachine(deadline) {
  const inputs = [];
  return {
    inputs,
    deadline,
    handle(_now, input) {
      inputs.push(input);
      return [];
    },
    snapshot: () => ({ revision: 1, authStatus: 'unauthenticated', isPending: false }),
    facade: () => ({}),
    pollTimeout() {
      return this.deadline;
    },
  };
}

function driverOver(machine, now) {
  return new Driver(async () => machine, {
    send: async () => ({ failure: { kind: 'network', message: 'none' } }),
    storage: { getItem: async () => null, setItem: async () => {}, removeItem: async () => {}, clear: async () => {} },
    random: null,
    now,
  });
}

describe('the driver arms the machine timer', () => {
  it('feeds { type: "timeout" } when the deadline comes, with no other input', async () => {
    vi.useFakeTimers({ now: 0 });
    const machine = fakeMachine(180_000);
    const driver = driverOver(machine, () => Date.now());
    driver.wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(machine.inputs).toEqual([{ type: 'start' }]);
    machine.deadline = undefined;
    await vi.advanceTimersByTimeAsync(180_000);
    expect(machine.inputs).toEqual([{ type: 'start' }, { type: 'timeout' }]);
    // Nothing is due any more: no timer is left.
    expect(vi.getTimerCount()).toBe(0);
    driver.dispose();
  });

  it('dispose clears the timer', async () => {
    vi.useFakeTimers({ now: 0 });
    const machine = fakeMachine(60_000);
    const driver = driverOver(machine, () => Date.now());
    driver.wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(1);
    driver.dispose();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(machine.inputs).toEqual([{ type: 'start' }]);
  });
});

const wasmJs = path.join(root, 'target/pkg-build/package/wasm/cognito_headless.js');
const wasmBin = path.join(root, 'target/pkg-build/package/wasm/cognito_headless_bg.wasm');

describe.runIf(existsSync(wasmJs) && existsSync(wasmBin))('WasmAuth.pollTimeout', () => {
  it("names the sign-in step's expiry, and a timeout then drops the step", async () => {
    const { initSync, WasmAuth } = await import(pathToFileURL(wasmJs).href);
    initSync({ module: readFileSync(wasmBin) });
    const auth = new WasmAuth({ userPoolId: 'us-east-1_Timer', userPoolClientId: 'client' });
    const t0 = 1_772_528_707_000;
    /** Feeds `input`, answering storage loads (empty storage); returns the HTTP effects. */
    const feed = (input) => {
      const http = [];
      const queue = [input];
      while (queue.length > 0) {
        for (const e of auth.handle(t0, queue.shift())) {
          if (e.type === 'load') queue.push({ type: 'storageLoaded', id: e.id, values: {} });
          if (e.type === 'http') http.push(e);
        }
      }
      return http;
    };
    feed({ type: 'start' });
    expect(auth.pollTimeout()).toBeUndefined();
    const [http] = feed({
      type: 'command',
      op: 1,
      command: { type: 'signIn', username: 'alice', password: 'pw', options: { authFlowType: 'USER_PASSWORD_AUTH' } },
    });
    feed({
      type: 'httpResult',
      id: http.id,
      outcome: { response: { status: 200, headers: [], body: '{"ChallengeName":"SMS_MFA","Session":"s","ChallengeParameters":{}}' } },
    });
    expect(auth.snapshot().signInStep).toBe('CONFIRM_SIGN_IN_WITH_SMS_CODE');
    // Amplify's sign-in state lives 3 minutes.
    expect(auth.pollTimeout()).toBe(t0 + 3 * 60 * 1000);
    auth.handle(t0 + 3 * 60 * 1000, { type: 'timeout' });
    expect(auth.snapshot().signInStep).toBeUndefined();
    expect(auth.snapshot().authStatus).toBe('unauthenticated');
    expect(auth.pollTimeout()).toBeUndefined();
    auth.free();
  });
});
