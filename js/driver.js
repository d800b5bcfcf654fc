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
import { defaultNavigate } from './oauth.js';
import { runCeremony, withPasskeySuggestion } from './passkeys.js';
import { MachineTimer } from './timer.js';

/** The error of a command on a closed instance. */
const closedError = () =>
  toAuthError({ name: 'InstanceClosedException', message: 'This instance was closed (close()); create another one.' }, 'InstanceClosedException');

/** Frees a wasm-bindgen object (its linear memory) now. @param {unknown} wasm */
function freeInstance(wasm) {
  try {
    /** @type {{ free?: () => void }} */ (wasm).free?.();
  } catch (e) {
    report('freeing the wasm instance failed', e);
  }
}

/** Random bytes sent with a command that needs them (the machine's `COMMAND_ENTROPY_BYTES`). */
export const COMMAND_ENTROPY_BYTES = 512;
/** The commands that use random bytes (SRP's `a`, device verifiers, PKCE): only these get them. */
const ENTROPY_COMMANDS = new Set(['signIn', 'confirmSignIn', 'signInWithRedirect', 'autoSignIn']);
/** The form events that start such a command (the rest carry no random bytes). */
const ENTROPY_UI_EVENTS = new Set(['SUBMIT', 'RESEND', 'SIGN_OUT', 'FEDERATED_SIGN_IN']);
/** Random bytes sent with every form event (half for its command, half for a follow-up). */
export const UI_ENTROPY_BYTES = 1024;

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
 * @typedef {{ handle(now: number, input: MachineInput): MachineEffect[], snapshot(): Snapshot, facade(): Facade, pollTimeout(): number | undefined }} Machine
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
 * @typedef {{ release?: () => void, released: boolean, acquired: boolean, abort?: AbortController }} HeldLock
 */

/** @template T @param {T} v @returns {T} */
function deepFreeze(v) {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze(/** @type {Record<string, unknown>} */ (v)[k]);
  }
  return v;
}

/** Same status, user and step (the revision aside). @param {AuthSnapshot} a @param {AuthSnapshot} b */
function sameSnapshot(a, b) {
  return (
    a.authStatus === b.authStatus &&
    a.isPending === b.isPending &&
    a.signInStep === b.signInStep &&
    JSON.stringify(a.user) === JSON.stringify(b.user)
  );
}

/** @param {Snapshot} snapshot @returns {AuthSnapshot} */
function freezeSnapshot(snapshot) {
  if (snapshot && snapshot.user) {
    if (snapshot.user.signInDetails) Object.freeze(snapshot.user.signInDetails);
    Object.freeze(snapshot.user);
  }
  return Object.freeze(snapshot);
}

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
    /** @type {Set<(s: AuthSnapshot) => void>} */
    this.subscribers = new Set();
    /** @type {Map<string, Set<(payload: HubPayload) => void>>} */
    this.listeners = new Map();
    /** @type {AuthSnapshot} */
    this.snapshot = freezeSnapshot({ ...(known.snapshot ?? CONFIGURING) });
    /** The snapshot came from the stored session, not from the machine (yet). */
    this.provisional = known.snapshot !== undefined;
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
    /** @type {((error?: unknown) => void) | undefined} */
    this.onConfigured = undefined;
    /** Told the keys one input's effects wrote or removed, once they are written. */
    /** @type {((keys: string[]) => void) | undefined} */
    this.onWritten = undefined;
    /** Told after every input the machine handled (the authenticator facade may have moved). */
    /** @type {(() => void) | undefined} */
    this.onHandled = undefined;
    /** Cross-tab locks taken for `lock` effects, by lock id. @type {Map<number, HeldLock>} */
    this.heldLocks = new Map();
    /** Running WebAuthn ceremonies, by ceremony id. @type {Map<number, AbortController>} */
    this.ceremonies = new Map();
    /** The one timer for the machine's next deadline (`pollTimeout()`). */
    this.timer = new MachineTimer(
      () => this.host.now(),
      () => this.feed({ input: { type: 'timeout' } }),
    );
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
        const item = /** @type {QueuedInput} */ (this.inputs.shift());
        /** @type {MachineEffect[]} */
        let effects;
        try {
          effects = /** @type {Machine} */ (this.wasm).handle(this.host.now(), item.input);
        } catch (e) {
          this.inputFailed(item, e);
          continue;
        }
        const first = effects[0];
        if (effects.length > 0 && first && first.type === 'view') {
          this.view = deepFreeze(first.view);
          effects.shift();
        }
        this.updateSnapshot();
        if (!this.disposed) this.timer.arm(/** @type {Machine} */ (this.wasm).pollTimeout());
        if (this.onHandled) {
          try {
            this.onHandled();
          } catch (e) {
            report('onHandled failed', e);
          }
        }
        /** @type {string[]} */
        const written = [];
        /** Locks released once this input's writes are done (another tab then reads them). @type {number[]} */
        const unlocks = [];
        for (const effect of /** @type {Effect[]} */ (effects)) {
          try {
            if (effect && (effect.type === 'store' || effect.type === 'remove')) {
              written.push(effect.key);
              this.prefetch = undefined;
            }
            if (effect && effect.type === 'unlock') {
              unlocks.push(effect.id);
              continue;
            }
            const pending = this.apply(effect);
            if (isThenable(pending)) await pending;
          } catch (e) {
            report(`failed to carry out a ${effect && effect.type} effect`, e);
          }
        }
        for (const id of unlocks) this.unlock(id);
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
   * Frees the wasm instance now, not when the garbage collector gets to it (`close()`,
   * `Symbol.dispose`): a server handling many requests keeps its memory flat. Waiting and
   * later commands fail with `InstanceClosedException`; queries no longer use the view.
   */
  dispose() {
    if (this.disposed) return;
    this.disposed = true;
    this.timer.clear();
    const error = closedError();
    this.machineError = error;
    this.view = undefined;
    this.failAll(error);
    // Mid-run (a listener closed the instance), the run loop frees it when it stops.
    if (!this.running) this.freeMachine();
  }

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
    if (this.onConfigured) this.onConfigured(error);
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
    /** @type {Snapshot} */
    let next;
    try {
      next = /** @type {Machine} */ (this.wasm).snapshot();
    } catch (e) {
      report('snapshot failed', e);
      return;
    }
    if (!next || next.revision === this.machineRevision) return;
    this.machineRevision = next.revision;
    if (next.authStatus !== 'configuring') this.machineSettled = true;
    if (this.provisional) {
      // The stored session's snapshot until the machine says otherwise: the same status
      // and user keep their snapshot (no notification for nothing new).
      if (next.authStatus === 'configuring' || sameSnapshot(this.snapshot, next)) return;
      this.provisional = false;
    }
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
   * @param {Effect} effect
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
      case 'navigate':
        this.navigate(effect.url, effect.replace === true);
        return;
      case 'webAuthn':
        this.webAuthn(effect.id, effect.ceremony, effect.options);
        return;
      case 'abortWebAuthn':
        this.ceremonies.get(effect.id)?.abort();
        return;
      case 'lock':
        this.lock(effect.id, effect.name);
        return;
      case 'unlock':
        this.unlock(effect.id);
        return;
      default:
        report(`unknown effect type ${effect && /** @type {{ type?: unknown }} */ (effect).type}`, effect);
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
    const prefetch = this.prefetch;
    if (prefetch && keys.every((key) => prefetch.has(key))) {
      // Read by the stored-session reader, and nothing was written since: the machine's
      // restore reads the very same keys.
      for (const key of keys) {
        values[key] = /** @type {string | null} */ (prefetch.get(key));
        prefetch.delete(key);
      }
      this.feed({ input: { type: 'storageLoaded', id, values } });
      return;
    }
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

  /**
   * Goes to the hosted UI or its /logout, or cleans the address bar after a callback
   * (`replace`): `host.navigate`, else location.assign / history.replaceState.
   * @param {string} url
   * @param {boolean} replace
   */
  navigate(url, replace) {
    const navigate = this.host.navigate;
    if (typeof navigate !== 'function') {
      defaultNavigate(url, { replace });
      return;
    }
    try {
      const r = /** @type {unknown} */ (navigate(url, { replace }));
      if (isThenable(r)) Promise.resolve(r).catch((e) => report('host.navigate failed', e));
    } catch (e) {
      report('host.navigate threw', e);
    }
  }

  /**
   * Runs a WebAuthn ceremony without blocking the queue; the credential (or Amplify's
   * passkey error) comes back as an input. An `abortWebAuthn` effect (its sign-in or
   * registration is over) aborts it through its AbortController, which closes the
   * browser's dialog; the answer that follows (`PasskeyOperationAborted`) is ignored.
   * @param {number} id
   * @param {'get' | 'create'} ceremony
   * @param {unknown} options Cognito's JSON options
   */
  webAuthn(id, ceremony, options) {
    const controller = new AbortController();
    this.ceremonies.set(id, controller);
    const done = () => this.ceremonies.delete(id);
    runCeremony(ceremony === 'create' ? 'create' : 'get', options, this.host.webauthn, controller.signal).then(
      (outcome) => {
        done();
        this.feed({ input: { type: 'webAuthnResult', id, ...outcome } });
      },
      (e) => {
        done();
        this.feed({ input: { type: 'webAuthnResult', id, error: { name: 'PasskeyRetrievalFailed', message: String(e) } } });
      },
    );
  }

  /**
   * Takes the cross-tab lock `name` (Web Locks: `navigator.locks.request`) and holds it
   * until the machine's `unlock`; answers `lockAcquired`. Without Web Locks, or when the
   * request fails, the machine goes on without it. How long to wait for it and to hold it
   * is the machine's (its timers unlock).
   * @param {number} id
   * @param {string} name
   */
  lock(id, name) {
    const locks = this.host.locks === undefined ? globalThis.navigator?.locks : this.host.locks;
    const granted = () => this.feed({ input: { type: 'lockAcquired', id } });
    if (!locks || typeof locks.request !== 'function') {
      granted();
      return;
    }
    /** @type {HeldLock} */
    const held = { released: false, acquired: false };
    this.heldLocks.set(id, held);
    const abort = typeof AbortController === 'function' ? new AbortController() : undefined;
    held.abort = abort;
    const hold = () =>
      new Promise((release) => {
        held.acquired = true;
        if (held.released) {
          // The machine no longer wants it.
          release(undefined);
          return;
        }
        held.release = () => release(undefined);
        granted();
      });
    /** @param {unknown} e */
    const failed = (e) => {
      if (held.acquired) return;
      held.acquired = true;
      this.heldLocks.delete(id);
      if (!held.released) {
        report(`navigator.locks.request(${name}) failed; going on without the lock`, e);
        granted();
      }
    };
    try {
      const p = abort ? locks.request(name, { signal: abort.signal }, hold) : locks.request(name, {}, hold);
      Promise.resolve(p).catch(failed);
    } catch (e) {
      failed(e);
    }
  }

  /** Releases the lock taken for `id` (or drops the request still waiting). @param {number} id */
  unlock(id) {
    const held = this.heldLocks.get(id);
    if (!held) return;
    this.heldLocks.delete(id);
    held.released = true;
    if (held.release) held.release();
    // Still waiting for it: withdraw the request.
    else if (!held.acquired) held.abort?.abort();
  }

  /** @param {AuthEvent} event */
  emit(event) {
    const name = event.name;
    /** @type {unknown} */
    let data = !('data' in event) || event.data === null ? undefined : event.data;
    if ((event.name === 'tokenRefresh_failure' || event.name === 'signInWithRedirect_failure') && event.data && event.data.error) {
      data = { ...event.data, error: withPasskeySuggestion(toAuthError(event.data.error)) };
    }
    const payload = /** @type {HubPayload} */ ({ event: name, data });
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
        reject(toAuthError(this.machineError, 'AuthUserPoolException'));
        return;
      }
      /** @type {Extract<MachineInput, { type: 'command' }>} */
      const input = { type: 'command', op: 0, command };
      if (this.host.random && ENTROPY_COMMANDS.has(command.type)) {
        try {
          const random = Array.from(this.host.random(COMMAND_ENTROPY_BYTES));
          if (random.length < COMMAND_ENTROPY_BYTES) throw new Error(`host.random returned ${random.length} bytes`);
          input.random = random;
        } catch (e) {
          reject(toAuthError(e, 'RandomSourceException'));
          return;
        }
      }
      const op = ++this.nextOp;
      input.op = op;
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
      this.onConfigured = (error) => {
        this.onConfigured = undefined;
        if (error) reject(error);
        else resolve(undefined);
      };
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
    const s = this.snapshot;
    const authenticated = s.authStatus === 'authenticated';
    /** @type {Facade} */
    const f = {
      revision: -1,
      route: authenticated ? 'authenticated' : s.authStatus === 'configuring' ? 'idle' : 'setup',
      authStatus: s.authStatus,
      isPending: s.authStatus === 'configuring',
      validationErrors: {},
      validationErrorCodes: {},
      hasValidationErrors: false,
      fields: [],
      formValues: {},
    };
    if (s.user) f.user = s.user;
    return f;
  }

  /**
   * Queues a form event (`{ type: 'SUBMIT' | 'CHANGE' | … }`) with fresh random bytes.
   * @param {UiEvent} event
   */
  ui(event) {
    /** @type {MachineInput} */
    const input = { type: 'ui', event };
    if (this.host.random && ENTROPY_UI_EVENTS.has(String(event.type))) {
      try {
        input.random = Array.from(this.host.random(UI_ENTROPY_BYTES));
      } catch (e) {
        report('host.random failed; form event dropped', e);
        return;
      }
    }
    this.feed({ input });
  }
}
