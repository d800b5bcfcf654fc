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
import { withPasskeySuggestion } from './passkeys.js';
import { Listeners } from './listeners.js';
import { deepFreeze, sameSnapshot, freezeSnapshot } from './freeze.js';
import { CrossTabLocks } from './cross-tab-lock.js';
import { commandInput, uiInput } from './driver-input.js';
import { freeInstance } from './wasm-loader.js';
import { applyEffect, listenHub, provisionalFacade } from './driver-effects.js';
import { MachineTimer } from './timer.js';

export { COMMAND_ENTROPY_BYTES, UI_ENTROPY_BYTES } from './driver-input.js';

/** The error of a command on a closed instance. */
const closedError = () =>
  toAuthError({ name: 'InstanceClosedException', message: 'This instance was closed (close()); create another one.' }, 'InstanceClosedException');

/** machineError after dispose(): closedError() is made when a command asks. */
const CLOSED = Symbol('closed');

/**
 * @typedef {import('./index.d.ts').AuthSnapshot} AuthSnapshot
 * @typedef {import('./index.d.ts').AuthHubPayload} HubPayload
 * @typedef {import('./index.d.ts').KeyValueStorageInterface} KeyValueStorageInterface
 * @typedef {import('./transport.js').HttpRequest} HttpRequest
 * @typedef {import('./transport.js').HttpOutcome} HttpOutcome
 * @typedef {import('./wire.js').Command} Command
 * @typedef {import('./wire.js').Effect} Effect
 * @typedef {import('./wire.js').AuthEvent} AuthEvent
 * @typedef {import('./wire.js').Snapshot} Snapshot
 * @typedef {import('./wire.js').Facade} Facade
 * @typedef {import('./wire.js').View} View
 * @typedef {import('./wire.js').UiEvent} UiEvent
 * @typedef {import('./wasm/cognito_headless.js').MachineInput} MachineInput
 * @typedef {import('./wasm/cognito_headless.js').MachineEffect} MachineEffect
 * @typedef {{ handle(now: number, input: MachineInput): MachineEffect[], snapshot(): Snapshot, facade(): Facade, pollTimeout?(): number | undefined }} Machine
 * @typedef {{ input: MachineInput, op?: number }} QueuedInput
 * @typedef {{ resolve: (ok: unknown) => void, reject: (e: unknown) => void }} PendingOp
 * @typedef {{
 *   send: (request: HttpRequest, retry: boolean) => Promise<HttpOutcome>,
 *   storage: KeyValueStorageInterface,
 *   random: ((n: number) => Uint8Array | ArrayLike<number>) | null,
 *   now: () => number,
 *   navigate?: (url: string, how: { replace: boolean }) => unknown,
 *   webauthn?: import('./passkeys.js').WebAuthnHost,
 *   locks?: import('./index.d.ts').LockManagerLike | null,
 * }} DriverHost
 * @typedef {{ configured: [error?: unknown], written: [keys: string[]], handled: [] }} DriverEvents
 *   what `on` tells: the stored session was read (or could not be: the error); the keys
 *   one input's effects wrote or removed, once written; an input was handled (the
 *   authenticator facade may have moved)
 */

/** The snapshot before the machine has read the stored session. */
/** @type {Snapshot} */
const CONFIGURING = { revision: 0, authStatus: 'configuring', isPending: true };

export class Driver {
  /**
   * @param {() => Promise<Machine>} makeMachine
   *   creates the machine (once the wasm is loaded); called on first need
   * @param {DriverHost} host
   * @param {{ view?: View, snapshot?: Snapshot, prefetch?: Map<string, string | null> }} [known] what the
   *   stored session says before the machine runs (js/stored-session.js)
   */
  constructor(makeMachine, host, known = {}) {
    /** @type {Machine | undefined} */
    this.wasm = undefined;
    this.makeMachine = makeMachine;
    /** @type {Promise<void> | undefined} */
    this.machineReady = undefined;
    /** Why the machine could not be made (every command then fails with it). @type {unknown} */
    this.machineError = undefined;
    this.host = host;
    /** @type {QueuedInput[]} */
    this.inputs = [];
    this.running = false;
    this.nextOp = 0;
    /** @type {Map<number, PendingOp>} */
    this.ops = new Map();
    /** Snapshot subscribers (`auth.subscribe`). @type {Listeners<[AuthSnapshot]>} */
    this.subscribers = new Listeners();
    /** Hub listeners by event name ('*': every event). @type {import('./driver-effects.js').Hub} */
    this.hub = new Map();
    /** @type {AuthSnapshot} */
    this.snapshot = freezeSnapshot({ ...(known.snapshot ?? CONFIGURING) });
    /** The snapshot came from the stored session, not from the machine (yet). */
    this.provisional = known.snapshot !== undefined;
    /** The input being carried out changed the snapshot (told once its effects are done). */
    this.snapshotChanged = false;
    this.machineRevision = -1;
    /** The machine has read the stored session (its facade replaces the provisional one). */
    this.machineSettled = false;
    /**
     * What queries read (the machine's published view, or the stored session's before it
     * runs): `{ user? | userError?, session?, sessionUntil? }`; a missing part: ask.
     * @type {View | undefined}
     */
    this.view = known.view ? deepFreeze(known.view) : undefined;
    /** Values the stored-session reader read, for the machine's first loads. @type {Map<string, string | null> | undefined} */
    this.prefetch = known.prefetch;
    /** Another tab changed the session: queries wait for the machine to read it. @type {Promise<void> | undefined} */
    this.stale = undefined;
    /** @type {(() => void) | undefined} */
    this.unstale = undefined;
    /** The driver's own events (`on`). @type {{ [K in keyof DriverEvents]: Listeners<DriverEvents[K]> }} */
    this.events = { configured: new Listeners(), written: new Listeners(), handled: new Listeners() };
    /** Cross-tab locks taken for `lock` effects. */
    this.locks = new CrossTabLocks(host.locks, () => this.host.now());
    /** Running WebAuthn ceremonies, by ceremony id. @type {Map<number, AbortController>} */
    this.ceremonies = new Map();
    /** The one timer for the machine's next deadline (`pollTimeout()`; js/timer.js). */
    this.timer = new MachineTimer(() => this.host.now(), () => this.feed({ input: { type: 'timeout' } }));
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

  /** Makes the machine (once) and queues its `start` ahead of everything. */
  ensureMachine() {
    this.machineReady ??= this.makeMachine().then(
      (wasm) => {
        if (this.disposed) {
          freeInstance(wasm);
          throw closedError();
        }
        this.wasm = wasm;
        this.inputs.unshift({ input: { type: 'start' } });
      },
      (e) => {
        this.machineError = e;
        throw e;
      },
    );
    return this.machineReady;
  }

  /** Starts the machine now (it reads the stored session) rather than on first need. */
  wake() {
    if (this.wasm || this.running) return;
    this.running = true;
    queueMicrotask(() => {
      this.run();
    });
  }

  /**
   * Subscribes `listener` to one of the driver's events (DriverEvents); returns its
   * unsubscribe. Any number of listeners, each with its own.
   * @template {keyof DriverEvents} K
   * @param {K} event
   * @param {(...args: DriverEvents[K]) => unknown} listener
   * @returns {() => void}
   */
  on(event, listener) {
    return /** @type {Listeners<DriverEvents[K]>} */ (this.events[event]).add(listener);
  }

  /**
   * Subscribes to the snapshot (`auth.subscribe`); returns the unsubscribe.
   * @param {(snapshot: AuthSnapshot) => unknown} listener
   */
  subscribe(listener) {
    return this.subscribers.add(listener);
  }

  /**
   * Listens to the hub event `name` ('*': every event); returns the unsubscribe.
   * @param {string} name
   * @param {(payload: HubPayload, info: { otherTab: boolean }) => unknown} handler
   */
  listen(name, handler) {
    return listenHub(this.hub, name, handler);
  }

  /** Runs the queue until it is empty (one run at a time). */
  async run() {
    try {
      if (!this.wasm) {
        try {
          await this.ensureMachine();
        } catch (e) {
          this.failAll(e);
          return;
        }
      }
      while (this.inputs.length > 0 && this.wasm) {
        const effects = this.handleInput(/** @type {QueuedInput} */ (this.inputs.shift()));
        if (!effects) continue;
        // Inline, not in an async helper: an await more would let callers run between inputs.
        /** @type {{ written: string[], unlocks: number[] }} */
        const done = { written: [], unlocks: [] };
        for (const effect of effects) {
          const pending = this.applyInOrder(effect, done);
          try {
            if (isThenable(pending)) await pending;
          } catch (e) {
            this.effectFailed(effect, e);
          }
        }
        this.inputDone(done);
      }
    } finally {
      this.running = false;
      if (this.disposed) this.freeMachine();
      else if (this.inputs.length > 0) {
        this.running = true;
        queueMicrotask(() => {
          this.run();
        });
      }
    }
  }

  /**
   * Hands one input to the machine; takes the view it published and the new snapshot.
   * @param {QueuedInput} item
   * @returns {Effect[] | undefined} the effects to carry out (undefined: it refused the input)
   */
  handleInput(item) {
    /** @type {MachineEffect[]} */
    let effects;
    try {
      effects = /** @type {Machine} */ (this.wasm).handle(this.host.now(), item.input);
    } catch (e) {
      this.inputFailed(item, e);
      return undefined;
    }
    const first = effects[0];
    if (effects.length > 0 && first && first.type === 'view') {
      this.view = deepFreeze(first.view);
      effects.shift();
    }
    this.snapshotChanged = this.updateSnapshot();
    if (!this.disposed) this.timer.arm(/** @type {Machine} */ (this.wasm).pollTimeout?.());
    return /** @type {Effect[]} */ (effects);
  }

  /**
   * Carries out one of an input's effects, noting the keys it writes and the locks it
   * releases (`unlock` waits until the input's writes are done: another tab then reads
   * them). Returns a promise only when the queue must wait for it.
   * @param {Effect} effect
   * @param {{ written: string[], unlocks: number[] }} done
   * @returns {void | Promise<void>}
   */
  applyInOrder(effect, done) {
    try {
      if (effect && (effect.type === 'store' || effect.type === 'remove')) {
        done.written.push(effect.key);
        this.prefetch = undefined;
      }
      if (effect && effect.type === 'unlock') {
        done.unlocks.push(effect.id);
        return;
      }
      return this.apply(effect);
    } catch (e) {
      this.effectFailed(effect, e);
    }
  }

  /** @param {Effect} effect @param {unknown} e */
  effectFailed(effect, e) {
    report(`failed to carry out a ${effect && effect.type} effect`, e);
  }

  /**
   * An input's effects are done: releases its locks, then announces the written keys.
   * @param {{ written: string[], unlocks: number[] }} done
   */
  inputDone(done) {
    for (const id of done.unlocks) this.unlock(id);
    if (done.written.length > 0) this.events.written.notify('announcing written keys', done.written);
    // Subscribers and the authenticator hear of the input once its writes are done (as
    // Amplify UI's authStatus follows the Hub event Amplify sends after storing the
    // tokens): an app that moves on when 'authenticated' shows finds the session in
    // storage (a server then reads it from the cookies). getSnapshot() is current at once.
    if (this.snapshotChanged) this.subscribers.notify('a subscriber', this.snapshot);
    this.snapshotChanged = false;
    this.events.handled.notify('a handled listener');
  }

  /**
   * Frees the wasm instance now, not when the garbage collector gets to it (`close()`,
   * `Symbol.dispose`): a server handling many requests keeps its memory flat. Waiting and
   * later commands fail with `InstanceClosedException`; queries no longer use the view.
   */
  dispose() {
    if (this.disposed) return;
    this.disposed = true;
    this.timer.clear();
    this.machineError = CLOSED;
    this.view = undefined;
    // The error (and its stack trace) only when something waits for it.
    if (this.ops.size > 0 || this.events.configured.size > 0) this.failAll(closedError());
    else this.inputs = [];
    // Mid-run (a listener closed the instance), the run loop frees it when it stops.
    if (!this.running) this.freeMachine();
  }

  /** Frees the wasm instance (once). */
  freeMachine() {
    const wasm = this.wasm;
    this.wasm = undefined;
    if (wasm) freeInstance(wasm);
  }

  /** The machine could not be made: every waiting command fails with why. @param {unknown} e */
  failAll(e) {
    const error = toAuthError(e, 'AuthUserPoolException');
    this.inputs = [];
    for (const [op, pending] of [...this.ops]) {
      this.ops.delete(op);
      pending.reject(error);
    }
    this.events.configured.notify('a configured listener', error);
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
    if (this.snapshot.authStatus === 'configuring') this.events.configured.notify('a configured listener', error);
  }

  /**
   * Reads the machine's snapshot; true when it is new (inputDone tells the subscribers).
   * @returns {boolean}
   */
  updateSnapshot() {
    /** @type {Snapshot} */
    let next;
    try {
      next = /** @type {Machine} */ (this.wasm).snapshot();
    } catch (e) {
      report('snapshot failed', e);
      return false;
    }
    if (!next || next.revision === this.machineRevision) return false;
    this.machineRevision = next.revision;
    if (next.authStatus !== 'configuring') this.machineSettled = true;
    if (this.provisional) {
      // The stored session's snapshot until the machine says otherwise: the same status
      // and user keep their snapshot (no notification for nothing new).
      if (next.authStatus === 'configuring' || sameSnapshot(this.snapshot, next)) return false;
      this.provisional = false;
    }
    this.snapshot = freezeSnapshot(next);
    if (this.snapshot.authStatus !== 'configuring') this.events.configured.notify('a configured listener');
    return true;
  }

  /**
   * Carries out one effect (js/driver-effects.js). Returns a promise only when the queue
   * must wait for it.
   * @param {Effect} effect
   * @returns {void | Promise<void>}
   */
  apply(effect) {
    return applyEffect(this, effect);
  }

  /** Releases the lock taken for `id` (or drops the request still waiting). @param {number} id */
  unlock(id) {
    this.locks.unlock(id);
  }

  /** @param {number} op @param {Extract<Effect, { type: 'complete' }>['result']} result */
  complete(op, result) {
    const pending = this.ops.get(op);
    if (!pending) return;
    this.ops.delete(op);
    if (result && 'error' in result) {
      pending.reject(withPasskeySuggestion(toAuthError(result.error)));
      return;
    }
    try {
      pending.resolve(result ? result.ok : undefined);
    } catch (e) {
      pending.reject(toAuthError(e));
    }
  }

  /**
   * Sends a command and returns its result.
   * @template T
   * @param {Command} command
   * @param {(v: unknown) => T} map the machine's output for this command (its JSON) made into the result
   * @returns {Promise<T>}
   */
  command(command, map) {
    return new Promise((resolve, reject) => {
      if (this.machineError !== undefined) {
        reject(this.machineError === CLOSED ? closedError() : toAuthError(this.machineError, 'AuthUserPoolException'));
        return;
      }
      const op = this.nextOp + 1;
      /** @type {MachineInput} */
      let input;
      try {
        input = commandInput(op, command, this.host.random);
      } catch (e) {
        reject(toAuthError(e, 'RandomSourceException'));
        return;
      }
      this.nextOp = op;
      this.ops.set(op, { resolve: (ok) => resolve(map(ok)), reject });
      this.feed({ input, op });
    });
  }

  /**
   * A query: answered from the view when it holds and nothing is queued ahead of it (a
   * command sent before it is answered first, as before); else the command goes to the
   * machine.
   * @template T
   * @param {'user' | 'session'} kind
   * @param {Command} command
   * @param {(v: unknown) => T} map
   * @returns {Promise<T>}
   */
  query(kind, command, map) {
    if (this.stale) return this.stale.then(() => this.query(kind, command, map));
    const view = this.view;
    if (view && this.inputs.length === 0 && this.machineError === undefined) {
      if (kind === 'user') {
        if (view.user) return Promise.resolve(map(view.user));
        if (view.userError) return Promise.reject(toAuthError(view.userError));
      } else if (view.session && (view.sessionUntil === undefined || this.host.now() <= view.sessionUntil)) {
        try {
          return Promise.resolve(map(view.session));
        } catch (e) {
          return Promise.reject(toAuthError(e));
        }
      }
    }
    return this.command(command, map);
  }

  /**
   * Another tab (or instance) wrote a session key: until the machine has read the session
   * again, queries wait, and what was prefetched is dropped.
   */
  markStale() {
    this.prefetch = undefined;
    if (this.stale) return;
    this.stale = new Promise((resolve) => {
      this.unstale = () => {
        this.stale = this.unstale = undefined;
        resolve(undefined);
      };
    });
  }

  /** Another tab changed `key`: the machine reads the session again. @param {string} key */
  storageChanged(key) {
    this.prefetch = undefined;
    this.feed({ input: { type: 'storageChanged', key } });
    // Queries that waited go behind this input.
    this.unstale?.();
  }

  /** Resolves once the stored session was read (authStatus is no longer 'configuring'). */
  untilConfigured() {
    if (this.snapshot.authStatus !== 'configuring') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const stop = this.on('configured', (error) => {
        stop();
        if (error) reject(error);
        else resolve(undefined);
      });
    });
  }

  /**
   * The authenticator facade (`useAuthenticator`'s data); holds no token. Before the
   * machine runs: the stored session's status and user on route `authenticated`, or
   * `setup` while the sign-in form waits for the machine (which this starts).
   */
  facade() {
    if (this.wasm && (this.machineSettled || !this.provisional)) return this.wasm.facade();
    this.wake();
    return provisionalFacade(this.snapshot);
  }

  /**
   * Queues a form event (`{ type: 'SUBMIT' | 'CHANGE' | … }`) with fresh random bytes.
   * @param {UiEvent} event
   */
  ui(event) {
    /** @type {MachineInput} */
    let input;
    try {
      input = uiInput(event, this.host.random);
    } catch (e) {
      report('host.random failed; form event dropped', e);
      return;
    }
    this.feed({ input });
  }
}
