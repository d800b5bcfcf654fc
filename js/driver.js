// The effect driver: the host around the sans-IO machine.
//
// It feeds the machine inputs (`wasm.handle(now, input)`) and carries out the effects it
// returns (HTTP through the transport, storage through a KeyValueStorageInterface, events
// to listeners, operation results to promises), strictly in order, through one serial
// async queue. The wasm is never called from inside an effect handler: every input,
// including one that a listener triggers by calling back into `auth`, goes through the
// queue, so re-entrant calls are safe and no Rust borrow outlives a `handle` call.

import { toAuthError, report } from './errors.js';
import { isThenable } from './env.js';

/** Random bytes sent with every command (the machine's `COMMAND_ENTROPY_BYTES`). */
export const COMMAND_ENTROPY_BYTES = 512;

/**
 * @typedef {import('./index.d.ts').AuthSnapshot} AuthSnapshot
 * @typedef {import('./index.d.ts').KeyValueStorageInterface} KeyValueStorageInterface
 * @typedef {import('./transport.js').HttpRequest} HttpRequest
 * @typedef {import('./transport.js').HttpOutcome} HttpOutcome
 * @typedef {{ input: any, op?: number }} QueuedInput
 * @typedef {{ resolve: (v: any) => void, reject: (e: any) => void, map: (v: any) => any }} PendingOp
 * @typedef {{
 *   send: (request: HttpRequest, retry: boolean) => Promise<HttpOutcome>,
 *   storage: KeyValueStorageInterface,
 *   random: (n: number) => Uint8Array | ArrayLike<number>,
 *   now: () => number,
 * }} DriverHost
 */

/** @param {any} snapshot @returns {AuthSnapshot} */
function freezeSnapshot(snapshot) {
  if (snapshot && snapshot.user) {
    if (snapshot.user.signInDetails) Object.freeze(snapshot.user.signInDetails);
    Object.freeze(snapshot.user);
  }
  return Object.freeze(snapshot);
}

export class Driver {
  /**
   * @param {{ handle(now: number, input: any): any[], snapshot(): any }} wasm
   * @param {DriverHost} host
   */
  constructor(wasm, host) {
    this.wasm = wasm;
    this.host = host;
    /** @type {QueuedInput[]} */
    this.inputs = [];
    this.running = false;
    this.nextOp = 0;
    /** @type {Map<number, PendingOp>} */
    this.ops = new Map();
    /** @type {Set<(s: AuthSnapshot) => void>} */
    this.subscribers = new Set();
    /** @type {Map<string, Set<(payload: any) => void>>} */
    this.listeners = new Map();
    /** @type {AuthSnapshot} */
    this.snapshot = freezeSnapshot(wasm.snapshot());
    /** @type {((error?: unknown) => void) | undefined} */
    this.onConfigured = undefined;
    /** Told the keys one input's effects wrote or removed, once they are written. */
    /** @type {((keys: string[]) => void) | undefined} */
    this.onWritten = undefined;
  }

  /**
   * Queues an input; the wasm sees it from the queue, never synchronously.
   * @param {QueuedInput} item
   */
  feed(item) {
    this.inputs.push(item);
    if (!this.running) {
      this.running = true;
      queueMicrotask(() => {
        this.run();
      });
    }
  }

  async run() {
    try {
      while (this.inputs.length > 0) {
        const item = /** @type {QueuedInput} */ (this.inputs.shift());
        /** @type {any[]} */
        let effects;
        try {
          effects = this.wasm.handle(this.host.now(), item.input);
        } catch (e) {
          this.inputFailed(item, e);
          continue;
        }
        this.updateSnapshot();
        /** @type {string[]} */
        const written = [];
        for (const effect of effects) {
          try {
            if (effect && (effect.type === 'store' || effect.type === 'remove')) written.push(effect.key);
            const pending = this.apply(effect);
            if (isThenable(pending)) await pending;
          } catch (e) {
            report(`failed to carry out a ${effect && effect.type} effect`, e);
          }
        }
        if (written.length > 0 && this.onWritten) {
          try {
            this.onWritten(written);
          } catch (e) {
            report('announcing written keys failed', e);
          }
        }
      }
    } finally {
      this.running = false;
      if (this.inputs.length > 0) {
        this.running = true;
        queueMicrotask(() => {
          this.run();
        });
      }
    }
  }

  /** @param {QueuedInput} item @param {unknown} e */
  inputFailed(item, e) {
    const error = toAuthError(e, 'InvalidInputException');
    if (item.op !== undefined) {
      const pending = this.ops.get(item.op);
      this.ops.delete(item.op);
      if (pending) pending.reject(error);
      return;
    }
    report(`the authenticator refused an input of type ${item.input && item.input.type}`, error);
    if (this.onConfigured && this.snapshot.authStatus === 'configuring') this.onConfigured(error);
  }

  updateSnapshot() {
    /** @type {any} */
    let next;
    try {
      next = this.wasm.snapshot();
    } catch (e) {
      report('snapshot failed', e);
      return;
    }
    if (!next || next.revision === this.snapshot.revision) return;
    this.snapshot = freezeSnapshot(next);
    if (this.onConfigured && this.snapshot.authStatus !== 'configuring') this.onConfigured();
    for (const listener of [...this.subscribers]) {
      try {
        const r = /** @type {unknown} */ (listener(this.snapshot));
        if (isThenable(r)) Promise.resolve(r).catch((e) => report('a subscriber failed', e));
      } catch (e) {
        report('a subscriber threw', e);
      }
    }
  }

  /**
   * Carries out one effect. Returns a promise only when the queue must wait for it.
   * @param {any} effect
   * @returns {void | Promise<void>}
   */
  apply(effect) {
    switch (effect.type) {
      case 'http':
        this.http(effect.id, effect.request, effect.retry === true);
        return;
      case 'load':
        return this.load(effect.id, effect.keys);
      case 'store':
        return this.storageCall('setItem', effect.key, effect.value);
      case 'remove':
        return this.storageCall('removeItem', effect.key);
      case 'emit':
        this.emit(effect.event);
        return;
      case 'complete':
        this.complete(effect.op, effect.result);
        return;
      default:
        report(`unknown effect type ${effect && effect.type}`, effect);
    }
  }

  /**
   * @param {'setItem' | 'removeItem'} method
   * @param {string} key
   * @param {string} [value]
   */
  async storageCall(method, key, value) {
    try {
      const storage = this.host.storage;
      if (method === 'setItem') await storage.setItem(key, /** @type {string} */ (value));
      else await storage.removeItem(key);
    } catch (e) {
      report(`storage.${method}(${JSON.stringify(key)}) failed`, e);
    }
  }

  /** @param {number} id @param {string[]} keys */
  async load(id, keys) {
    /** @type {Record<string, string | null>} */
    const values = {};
    for (const key of keys) {
      try {
        const value = await this.host.storage.getItem(key);
        values[key] = value === null || value === undefined ? null : String(value);
      } catch (e) {
        report(`storage.getItem(${JSON.stringify(key)}) failed; treating it as absent`, e);
        values[key] = null;
      }
    }
    this.feed({ input: { type: 'storageLoaded', id, values } });
  }

  /**
   * Fires the request without blocking the queue; the answer comes back as an input.
   * @param {number} id
   * @param {HttpRequest} request
   * @param {boolean} retry whether the machine says repeating this call is safe
   */
  http(id, request, retry) {
    this.host.send(request, retry).then(
      (outcome) => this.feed({ input: { type: 'httpResult', id, outcome } }),
      (e) =>
        this.feed({
          input: { type: 'httpResult', id, outcome: { failure: { kind: 'network', message: String(e && e.message ? e.message : e) } } },
        }),
    );
  }

  /** @param {{ name: string, data?: any }} event */
  emit(event) {
    const name = event.name;
    let data = event.data === null ? undefined : event.data;
    if (name === 'tokenRefresh_failure' && data && data.error) {
      data = { ...data, error: toAuthError(data.error) };
    }
    const payload = { event: name, data };
    const handlers = [...(this.listeners.get(name) ?? []), ...(this.listeners.get('*') ?? [])];
    for (const handler of handlers) {
      try {
        const r = /** @type {unknown} */ (handler(payload));
        if (isThenable(r)) Promise.resolve(r).catch((e) => report(`a '${name}' listener failed`, e));
      } catch (e) {
        report(`a '${name}' listener threw`, e);
      }
    }
  }

  /** @param {number} op @param {any} result */
  complete(op, result) {
    const pending = this.ops.get(op);
    if (!pending) return;
    this.ops.delete(op);
    if (result && 'error' in result) {
      pending.reject(toAuthError(result.error));
      return;
    }
    try {
      pending.resolve(pending.map(result ? result.ok : undefined));
    } catch (e) {
      pending.reject(toAuthError(e));
    }
  }

  /**
   * Sends a command and returns its result.
   * @param {any} command
   * @param {(v: any) => any} map
   * @returns {Promise<any>}
   */
  command(command, map) {
    return new Promise((resolve, reject) => {
      /** @type {number[]} */
      let random;
      try {
        random = Array.from(this.host.random(COMMAND_ENTROPY_BYTES));
        if (random.length < COMMAND_ENTROPY_BYTES) throw new Error(`host.random returned ${random.length} bytes`);
      } catch (e) {
        reject(toAuthError(e, 'RandomSourceException'));
        return;
      }
      const op = ++this.nextOp;
      this.ops.set(op, { resolve, reject, map });
      this.feed({ input: { type: 'command', op, command, random }, op });
    });
  }

  /** Another tab changed `key`: the machine reads the session again. @param {string} key */
  storageChanged(key) {
    this.feed({ input: { type: 'storageChanged', key } });
  }

  /** Resolves once the stored session was read (authStatus is no longer 'configuring'). */
  untilConfigured() {
    if (this.snapshot.authStatus !== 'configuring') return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.onConfigured = (error) => {
        this.onConfigured = undefined;
        if (error) reject(error);
        else resolve(undefined);
      };
    });
  }
}
