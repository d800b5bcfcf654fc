// The driver's subscribe API (js/driver.js `on`, `subscribe`, `listen`; js/listeners.js):
// any number of listeners per event, each with its own unsubscribe, a throwing listener
// never stopping the others. A scripted machine stands in for the wasm: `start` settles
// the session, every `storageChanged` input answers one `store` effect.
import { describe, it, expect, vi } from 'vitest';
import { importBuilt } from './support/built-package.mjs';

const { Driver } = await importBuilt('driver.js');
const { Listeners } = await importBuilt('listeners.js');

/** A scripted machine: its snapshot moves with each input it handles. */
function scriptedMachine() {
  let revision = 0;
  let status = 'configuring';
  return {
    handle(_now, input) {
      revision += 1;
      if (input.type === 'start') status = 'unauthenticated';
      if (input.type === 'storageChanged') return [{ type: 'store', key: `k.${input.key}`, value: 'v' }];
      return [];
    },
    snapshot: () => ({ revision, authStatus: status, isPending: false }),
    facade: () => ({ revision, route: 'signIn', authStatus: status }),
  };
}

function makeDriver() {
  const map = new Map();
  const storage = {
    setItem: async (k, v) => void map.set(k, v),
    getItem: async (k) => map.get(k) ?? null,
    removeItem: async (k) => void map.delete(k),
    clear: async () => map.clear(),
  };
  const host = { send: async () => ({ failure: { kind: 'network', message: 'none' } }), storage, random: null, now: () => 0, locks: null };
  return new Driver(async () => scriptedMachine(), host);
}

const settle = () => new Promise((r) => setTimeout(r, 10));

describe('driver.on', () => {
  it('tells every written-keys listener; an unsubscribed one no more', async () => {
    const driver = makeDriver();
    await Promise.all([driver.untilConfigured(), driver.wake()]);
    const first = vi.fn();
    const second = vi.fn();
    const stopFirst = driver.on('written', first);
    driver.on('written', second);
    driver.storageChanged('a');
    await settle();
    expect(first.mock.calls).toEqual([[['k.a']]]);
    expect(second.mock.calls).toEqual([[['k.a']]]);
    stopFirst();
    stopFirst(); // idempotent
    driver.storageChanged('b');
    await settle();
    expect(first).toHaveBeenCalledTimes(1);
    expect(second.mock.calls).toEqual([[['k.a']], [['k.b']]]);
  });

  it('tells every handled listener once per input; one that throws does not stop the rest', async () => {
    const driver = makeDriver();
    const thrower = vi.fn(() => {
      throw new Error('listener bug');
    });
    const counter = vi.fn();
    driver.on('handled', thrower);
    driver.on('handled', counter);
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await Promise.all([driver.untilConfigured(), driver.wake()]); // input 1: start
      driver.storageChanged('a'); // input 2
      await settle();
    } finally {
      spy.mockRestore();
      warn.mockRestore();
    }
    expect(thrower).toHaveBeenCalledTimes(2);
    expect(counter).toHaveBeenCalledTimes(2);
  });

  it('resolves every caller waiting for the configuration (not only the last)', async () => {
    const driver = makeDriver();
    const waits = [driver.untilConfigured(), driver.untilConfigured(), driver.untilConfigured()];
    driver.wake();
    await expect(Promise.all(waits)).resolves.toEqual([undefined, undefined, undefined]);
    expect(driver.snapshot.authStatus).toBe('unauthenticated');
  });

  it('rejects every waiting caller when the machine cannot be made', async () => {
    const driver = new Driver(async () => {
      throw new Error('no wasm');
    }, { storage: {}, random: null, now: () => 0, send: async () => ({}) });
    const waits = [driver.untilConfigured(), driver.untilConfigured()];
    driver.wake();
    for (const wait of waits) await expect(wait).rejects.toThrow(/no wasm/);
  });
});

describe('snapshot subscribers and hub listeners', () => {
  it('subscribe: several subscribers, each with its own unsubscribe', async () => {
    const driver = makeDriver();
    const a = vi.fn();
    const b = vi.fn();
    const stopA = driver.subscribe(a);
    driver.subscribe(b);
    await Promise.all([driver.untilConfigured(), driver.wake()]);
    expect(a).toHaveBeenCalledTimes(1);
    expect(a.mock.calls[0][0].authStatus).toBe('unauthenticated');
    stopA();
    driver.storageChanged('a');
    await settle();
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(2);
  });

  it('listen: by name and "*", each unsubscribed on its own', () => {
    const driver = makeDriver();
    const named = vi.fn();
    const all = vi.fn();
    const stopNamed = driver.listen('signedIn', named);
    driver.listen('*', all);
    driver.apply({ type: 'emit', event: { name: 'signedIn', data: null } });
    stopNamed();
    driver.apply({ type: 'emit', event: { name: 'signedIn', data: null } });
    expect(named.mock.calls).toEqual([[{ event: 'signedIn', data: undefined }, { otherTab: false }]]);
    expect(all).toHaveBeenCalledTimes(2);
  });

  it("listen: an event another tab caused says so (otherTab), for the drop-in's Hub", () => {
    const driver = makeDriver();
    const all = vi.fn();
    driver.listen('*', all);
    driver.apply({ type: 'emit', event: { name: 'signedOut' }, otherTab: true });
    expect(all.mock.calls).toEqual([[{ event: 'signedOut', data: undefined }, { otherTab: true }]]);
  });
});

describe('Listeners', () => {
  it('the same function added twice is two subscriptions, removed one at a time', () => {
    const listeners = new Listeners();
    const fn = vi.fn();
    const stop1 = listeners.add(fn);
    listeners.add(fn);
    listeners.notify('test', 1);
    stop1();
    listeners.notify('test', 2);
    expect(fn.mock.calls).toEqual([[1], [1], [2]]);
    expect(listeners.size).toBe(1);
  });
});
