// The headless authenticator: Amplify UI's `useAuthenticator` facade as a store.
//
// Routes, fields, form values, built-in validation and the flows run in the Rust machine
// (`wasm.facade()`, `{ type: 'ui', event }` inputs). This file only:
//   - caches the facade by revision and hands out one frozen snapshot per revision
//     (`getSnapshot` / `subscribe`, for `useSyncExternalStore`), with stable verbs;
//   - runs the app's own validators (`validators`, Amplify's `services.validateCustomSignUp`)
//     after the built-in ones, merges their messages and holds back a SUBMIT they fail;
//   - keeps the registry of the default instance (`cognito-headless/react` uses it when
//     there is no Provider): the one `configure()` made, else the last `createAuth`. On a
//     server (no window) createAuth does not register: there an instance is one
//     request's, and the next request must not find it (see `serverAuthenticator`).
// No React here: `react.js` is a thin binding over these stores.

import { report, toAuthError } from './errors.js';
import { isThenable, isBrowserLike } from './env.js';

/**
 * @typedef {import('./index.d.ts').Auth} Auth
 * @typedef {import('./index.d.ts').Authenticator} Authenticator
 * @typedef {import('./index.d.ts').AuthenticatorSnapshot} AuthenticatorSnapshot
 * @typedef {import('./index.d.ts').AuthenticatorOptions} AuthenticatorOptions
 * @typedef {import('./index.d.ts').AuthenticatorRoute} AuthenticatorRoute
 * @typedef {{ getSnapshot(): AuthenticatorSnapshot, subscribe(listener: () => void): () => void }} Store
 * @typedef {Record<string, string[]>} Messages
 * @typedef {import('./wire.js').Facade} Facade
 * @typedef {import('./wire.js').UiEvent} UiEvent
 */

/** The code of a message an app validator returned (built-in ones have their own codes). */
export const APP_VALIDATION_CODE = 'CUSTOM';
/** The machine's message for an empty required field (code `REQUIRED`). */
const REQUIRED_MESSAGE = 'This field is required';

const EMPTY_LIST = /** @type {readonly never[]} */ (Object.freeze([]));
const EMPTY_MAP = Object.freeze({});

/** Amplify UI's lower-case provider names → `signInWithRedirect`'s. */
const PROVIDERS = /** @type {Record<string, string>} */ ({ amazon: 'Amazon', apple: 'Apple', facebook: 'Facebook', google: 'Google' });

/** @template T @param {T} v @returns {T} */
function deepFreeze(v) {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze(/** @type {Record<string, unknown>} */ (v)[k]);
  }
  return v;
}

/** Structural equality of JSON-shaped values. @param {unknown} a @param {unknown} b @returns {boolean} */
function same(a, b) {
  if (Object.is(a, b)) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (a instanceof Error || b instanceof Error) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const ra = /** @type {Record<string, unknown>} */ (a);
  const rb = /** @type {Record<string, unknown>} */ (b);
  for (const k of ka) if (!Object.prototype.hasOwnProperty.call(b, k) || !same(ra[k], rb[k])) return false;
  return true;
}

/** An app validator's answer as a list of messages. @param {unknown} r @returns {string[]} */
function messages(r) {
  if (r === undefined || r === null || r === false || r === '') return [];
  if (Array.isArray(r)) return r.filter((m) => typeof m === 'string' && m !== '');
  return [String(r)];
}

// ------------------------------------------------------------------------- one per Auth

/** What a createAuth instance shares between its stores: the facade, cached by revision. */
class Core {
  /**
   * @param {import('./driver.js').Driver} driver the effect driver (`facade()`, `ui(event)`, `snapshot`, `onHandled`)
   * @param {Record<string, unknown>} config the normalised createAuth config
   */
  constructor(driver, config) {
    this.driver = driver;
    /** @type {Facade | undefined} */
    this.facade = undefined;
    this.machineRevision = -1;
    this.dirty = true;
    /** Fields blurred on this route (the app validators' `touchData`). @type {Set<string>} */
    this.touched = new Set();
    /**
     * Required fields a submit that the app's validators held back found empty: their
     * "required" message shows until they are filled (the machine flags them only on a
     * SUBMIT it sees). @type {Set<string>}
     */
    this.required = new Set();
    /** @type {Set<() => void>} */
    this.listeners = new Set();
    const mechanisms = Array.isArray(config.loginMechanisms) ? config.loginMechanisms : [];
    this.loginMechanism = String(mechanisms[0] ?? 'username');
    const oauth = /** @type {{ providers?: unknown } | undefined} */ (config.oauth);
    const providers = oauth && Array.isArray(oauth.providers) ? oauth.providers : [];
    this.socialProviders = Object.freeze(
      providers.filter((/** @type {unknown} */ p) => typeof p === 'string').map((/** @type {string} */ p) => p.toLowerCase()),
    );
  }

  /** The raw facade; a new object only when the facade's or the machine's revision moved. */
  read() {
    if (!this.dirty && this.facade) return this.facade;
    this.dirty = false;
    /** @type {Facade} */
    let next;
    try {
      next = this.driver.facade();
    } catch (e) {
      report('facade failed', e);
      return this.facade;
    }
    const machineRevision = this.driver.snapshot ? this.driver.snapshot.revision : 0;
    if (this.facade && next && next.revision === this.facade.revision && machineRevision === this.machineRevision) {
      return this.facade;
    }
    // A new route, or the form cleared (a sign-out elsewhere): nothing is touched any more.
    const cleared = next && this.facade && Object.keys(next.formValues ?? {}).length === 0 && Object.keys(this.facade.formValues ?? {}).length > 0;
    if ((this.facade && next && next.route !== this.facade.route) || cleared) {
      this.touched.clear();
      this.required.clear();
    }
    this.facade = next;
    this.machineRevision = machineRevision;
    return next;
  }

  /** The machine handled an input: tell the subscribed stores if the facade moved. */
  handled() {
    this.dirty = true;
    if (this.listeners.size === 0) return;
    const before = this.facade;
    if (this.read() === before) return;
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch (e) {
        report('an authenticator subscriber threw', e);
      }
    }
  }

  /** @param {UiEvent} event */
  send(event) {
    this.driver.ui(event);
  }
}

/** @type {WeakMap<object, Core>} */
const cores = new WeakMap();

/**
 * Called by createAuth: links `auth` to its driver, adds `auth.authenticator` (its store,
 * made on first use) and, in a browser page or worker, makes `auth` the default instance
 * (unless `configure()` made one). On a server it does not: the instance is one request's.
 * @param {Omit<Auth, 'authenticator'>} auth
 * @param {import('./driver.js').Driver} driver
 * @param {Record<string, unknown>} config
 * @returns {Auth}
 */
export function attachAuthenticator(auth, driver, config) {
  const core = new Core(driver, config ?? {});
  driver.onHandled = () => core.handled();
  cores.set(auth, core);
  /** @type {Authenticator | undefined} */
  let store;
  Object.defineProperty(auth, 'authenticator', {
    configurable: true,
    enumerable: false,
    get: () => (store ??= makeStore(core, {})),
  });
  if (isBrowserLike()) setDefaultAuth(auth);
  return /** @type {Auth} */ (auth);
}

// ------------------------------------------------------------------------- the store

/**
 * A store over `auth`'s authenticator with the app's own validators. `auth.authenticator`
 * is the same without validators. Stores over one `auth` share its form (values, route);
 * each adds its own validators' messages.
 * @param {Auth} auth
 * @param {AuthenticatorOptions} [options]
 * @returns {Authenticator}
 */
export function createAuthenticator(auth, options = {}) {
  const core = auth && cores.get(auth);
  if (!core) throw new TypeError('createAuthenticator(auth): auth must be an object createAuth returned');
  return makeStore(core, options ?? {});
}

/**
 * @param {Core} core
 * @param {AuthenticatorOptions} options
 * @returns {Authenticator}
 */
function makeStore(core, options) {
  const validators = options.validators ?? {};
  const validateCustomSignUp = options.services?.validateCustomSignUp;
  const hasAppValidators = Object.keys(validators).length > 0 || typeof validateCustomSignUp === 'function';

  /** @type {Set<() => void>} */
  const listeners = new Set();
  /** @type {AuthenticatorSnapshot | undefined} */
  let snapshot;
  /** The facade `snapshot` was made from. @type {Facade | undefined} */
  let madeFrom;
  /** App validation of `madeFrom`: `undefined` while an async validator runs. @type {Messages | undefined} */
  let appErrors;
  let submitting = false;

  const notify = () => {
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch (e) {
        report('an authenticator subscriber threw', e);
      }
    }
  };
  const onCore = () => notify();

  /**
   * Runs the app's validators over `values`. `all`: every field (a submit), else only the
   * touched ones. Returns the messages, or a promise of them when a validator is async.
   * @param {AuthenticatorRoute} route
   * @param {Record<string, string>} values
   * @param {string[]} fieldNames
   * @param {boolean} all
   * @returns {Messages | Promise<Messages>}
   */
  function validate(route, values, fieldNames, all) {
    /** @type {Messages} */
    const out = {};
    /** @type {Promise<void>[]} */
    const waits = [];
    const shown = (/** @type {string} */ name) => all || core.touched.has(name);
    const add = (/** @type {string} */ name, /** @type {unknown} */ r) => {
      const list = messages(r);
      if (list.length && shown(name)) out[name] = [...(out[name] ?? []), ...list];
    };
    const run = (/** @type {() => unknown} */ call, /** @type {(r: unknown) => void} */ take, /** @type {string} */ what) => {
      let r;
      try {
        r = call();
      } catch (e) {
        report(`the ${what} validator threw`, e);
        return;
      }
      if (isThenable(r)) {
        waits.push(
          Promise.resolve(r).then(take, (e) => {
            report(`the ${what} validator failed`, e);
          }),
        );
      } else take(r);
    };
    for (const name of Object.keys(validators)) {
      const fn = validators[name];
      if (typeof fn !== 'function') continue;
      if (!fieldNames.includes(name) && !(name in values)) continue;
      run(() => fn(values[name] ?? '', values, route), (r) => add(name, r), `'${name}'`);
    }
    if (route === 'signUp' && typeof validateCustomSignUp === 'function') {
      /** @type {Record<string, boolean>} */
      const touchData = {};
      for (const name of all ? [...fieldNames, ...Object.keys(values)] : core.touched) touchData[name] = true;
      run(
        () => validateCustomSignUp({ ...values }, touchData),
        (r) => {
          if (r && typeof r === 'object') for (const [name, m] of Object.entries(r)) add(name, m);
        },
        'validateCustomSignUp',
      );
    }
    return waits.length ? Promise.all(waits).then(() => out) : out;
  }

  /** @param {Facade | undefined} facade @returns {Messages | undefined} */
  function appValidation(facade) {
    if (!hasAppValidators || !facade || !facade.fields || facade.fields.length === 0) return EMPTY_MAP;
    const names = facade.fields.map((f) => f.name);
    const result = validate(facade.route, facade.formValues ?? {}, names, false);
    if (!isThenable(result)) return result;
    result.then((messagesFound) => {
      if (madeFrom !== facade) return; // the form moved on meanwhile
      appErrors = messagesFound;
      snapshot = build(facade, snapshot);
      notify();
    });
    return undefined;
  }

  /**
   * @param {Facade} f the raw facade
   * @param {AuthenticatorSnapshot | undefined} prev
   * @returns {AuthenticatorSnapshot}
   */
  function build(f, prev) {
    /** @type {Messages} */
    const errors = { ...(f.validationErrors ?? {}) };
    /** @type {Record<string, string[]>} */
    const codes = { ...(f.validationErrorCodes ?? {}) };
    /** @param {string} name @param {string[]} list @param {string} code */
    const merge = (name, list, code) => {
      const have = errors[name] ?? [];
      const added = list.filter((m) => !have.includes(m));
      if (!added.length) return;
      errors[name] = [...have, ...added];
      codes[name] = [...(codes[name] ?? []), ...added.map(() => code)];
    };
    for (const field of f.fields ?? []) {
      if (core.required.has(field.name) && !String(f.formValues?.[field.name] ?? '').trim()) {
        merge(field.name, [REQUIRED_MESSAGE], 'REQUIRED');
      }
    }
    for (const [name, list] of Object.entries(appErrors ?? {})) merge(name, list, APP_VALIDATION_CODE);
    const rawError = f.error;
    /** @type {Record<string, unknown>} */
    const data = {
      route: f.route,
      authStatus: f.authStatus,
      // As in Amplify UI: the user once the flow reached `authenticated` (not on the
      // verifyUser or passkey steps in between).
      user: f.route === 'authenticated' ? f.user : undefined,
      username: f.username,
      error: rawError ? String(rawError.message ?? rawError.name ?? rawError) : undefined,
      authError: undefined,
      isPending: !!f.isPending,
      validationErrors: Object.keys(errors).length ? errors : EMPTY_MAP,
      validationErrorCodes: Object.keys(codes).length ? codes : EMPTY_MAP,
      hasValidationErrors: Object.keys(errors).length > 0,
      fields: f.fields ?? EMPTY_LIST,
      formValues: f.formValues ?? EMPTY_MAP,
      // Amplify UI's facade: undefined when unset, except totpSecretCode (null) and
      // QRFields (null off setupTotp).
      challengeName: f.challengeName,
      codeDeliveryDetails: f.codeDeliveryDetails,
      totpSecretCode: f.totpSecretCode ?? null,
      QRFields: f.route === 'setupTotp' ? EMPTY_MAP : null,
      totpSetupUri: f.totpSetupUri,
      allowedMfaTypes: f.allowedMfaTypes,
      availableAuthMethods: f.availableAuthMethods,
      preferredChallenge: f.preferredChallenge,
      selectedAuthMethod: f.selectedAuthMethod,
      missingAttributes: f.missingAttributes ?? EMPTY_LIST,
      availableChallenges: f.availableChallenges ?? EMPTY_LIST,
      unverifiedUserAttributes: f.unverifiedUserAttributes,
      loginMechanism: core.loginMechanism,
      socialProviders: core.socialProviders,
      revision: f.revision,
    };
    // Unchanged parts keep their identity, so selectors over them do not fire.
    const p = /** @type {Record<string, unknown> | undefined} */ (prev);
    for (const key of Object.keys(data)) {
      if (key === 'authError') continue;
      if (p && same(p[key], data[key])) data[key] = p[key];
      else deepFreeze(data[key]);
    }
    if (rawError) {
      const prevError = /** @type {import('./errors.js').AuthError | undefined} */ (p && p.authError);
      data.authError =
        prevError && prevError.name === rawError.name && prevError.message === rawError.message
          ? prevError
          : Object.freeze(toAuthError(rawError));
    }
    return /** @type {AuthenticatorSnapshot} */ (/** @type {unknown} */ (Object.freeze({ ...data, ...verbs })));
  }

  /** Touches every field of the route (and the ones given) so their messages show. @param {Facade} f @param {string[]} extra */
  function touchAll(f, extra) {
    const names = new Set([...(f.fields ?? []).map((x) => x.name), ...extra]);
    for (const name of names) {
      core.touched.add(name);
      core.send({ type: 'BLUR', name });
    }
  }

  /** @param {Record<string, unknown>} [data] */
  function submitForm(data) {
    /** @type {Record<string, string>} */
    const given = {};
    if (data && typeof data === 'object') {
      for (const [k, v] of Object.entries(data)) if (v !== undefined && v !== null) given[k] = String(v);
    }
    const f = core.read();
    if (!hasAppValidators || !f || !f.fields || f.fields.length === 0) {
      core.send({ type: 'SUBMIT', data: given });
      return;
    }
    if (submitting) return;
    const values = { ...(f.formValues ?? {}), ...given };
    const names = f.fields.map((x) => x.name);
    const route = f.route;
    const decide = (/** @type {Messages} */ found) => {
      const now = core.read();
      if (now && now.route !== route) return; // the user went elsewhere meanwhile
      const failing = Object.keys(found);
      if (failing.length === 0) {
        core.send({ type: 'SUBMIT', data: given });
        return;
      }
      // Held back: keep what was typed and show every message, the built-in ones too
      // (BLUR shows the password rules; empty required fields are flagged here).
      for (const [name, value] of Object.entries(given)) core.send({ type: 'CHANGE', name, value });
      for (const field of (now ?? f).fields ?? []) {
        if (field.isRequired && !String(values[field.name] ?? '').trim()) core.required.add(field.name);
      }
      touchAll(now ?? f, failing);
    };
    const result = validate(route, values, names, true);
    if (!isThenable(result)) {
      decide(result);
      return;
    }
    submitting = true;
    result.then(
      (found) => {
        submitting = false;
        decide(found);
      },
      (e) => {
        submitting = false;
        report('validation failed', e);
      },
    );
  }

  const verbs = Object.freeze({
    submitForm,
    /** @param {{ name: string, value: unknown }} input */
    updateForm(input) {
      const { name, value } = input ?? {};
      if (typeof name !== 'string' || name === '') throw new TypeError('updateForm({ name, value }): name must be a string');
      core.send({ type: 'CHANGE', name, value: value === undefined || value === null ? '' : String(value) });
    },
    /** @param {{ name: string }} input */
    updateBlur(input) {
      const name = input?.name;
      if (typeof name !== 'string' || name === '') throw new TypeError('updateBlur({ name }): name must be a string');
      core.touched.add(name);
      core.send({ type: 'BLUR', name });
    },
    resendCode() {
      core.send({ type: 'RESEND' });
    },
    skipVerification() {
      core.send({ type: 'SKIP' });
    },
    signOut() {
      core.send({ type: 'SIGN_OUT' });
    },
    toSignIn() {
      core.send({ type: 'SIGN_IN' });
    },
    toSignUp() {
      core.send({ type: 'SIGN_UP' });
    },
    toForgotPassword() {
      core.send({ type: 'FORGOT_PASSWORD' });
    },
    /** @param {{ provider?: string }} [input] */
    toFederatedSignIn(input) {
      const provider = input?.provider;
      /** @type {Extract<UiEvent, { type: 'FEDERATED_SIGN_IN' }>} */
      const event = { type: 'FEDERATED_SIGN_IN' };
      if (typeof provider === 'string' && provider) event.provider = PROVIDERS[provider] ?? provider;
      core.send(event);
    },
    /** Amplify UI's INIT: the machine starts by itself, so nothing to do. */
    initializeMachine() {},
    /** Amplify UI's SELECT_METHOD: on signInSelectAuthFactor, submits the method. @param {{ method?: string }} [input] */
    selectAuthMethod(input) {
      const f = core.read();
      if (f && f.route === 'signInSelectAuthFactor' && typeof input?.method === 'string') submitForm({ method: input.method });
    },
    /** Amplify UI's SHOW_AUTH_METHODS: signInSelectAuthFactor follows from the sign-in answer here. */
    toShowAuthMethods() {},
  });

  /** @type {Authenticator} */
  const store = {
    getSnapshot() {
      const f = core.read();
      if (snapshot && f === madeFrom) return snapshot;
      madeFrom = f;
      appErrors = appValidation(f);
      // `f` is undefined only when the very first facade() threw: build throws then too.
      snapshot = build(/** @type {Facade} */ (f), snapshot);
      return snapshot;
    },
    subscribe(listener) {
      if (typeof listener !== 'function') throw new TypeError('subscribe(listener): listener must be a function');
      const entry = () => listener();
      listeners.add(entry);
      core.listeners.add(onCore);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        listeners.delete(entry);
        if (listeners.size === 0) core.listeners.delete(onCore);
      };
    },
    ...verbs,
  };
  return Object.freeze(store);
}

// ------------------------------------------------------------------------- before any instance

/** @type {() => void} */
const NOOP = () => {};
const VERBS = /** @type {const} */ ([
  'submitForm',
  'updateForm',
  'updateBlur',
  'resendCode',
  'skipVerification',
  'signOut',
  'toSignIn',
  'toSignUp',
  'toForgotPassword',
  'toFederatedSignIn',
  'initializeMachine',
  'selectAuthMethod',
  'toShowAuthMethods',
]);
/** The snapshot before any instance exists (its verbs do nothing). */
// (Through unknown: Amplify UI types `user` and `username` as always present.)
export const CONFIGURING_SNAPSHOT = /** @type {AuthenticatorSnapshot} */ (/** @type {unknown} */ (
  Object.freeze({
    route: 'idle',
    authStatus: 'configuring',
    user: undefined,
    username: undefined,
    error: undefined,
    authError: undefined,
    isPending: true,
    validationErrors: EMPTY_MAP,
    validationErrorCodes: EMPTY_MAP,
    hasValidationErrors: false,
    fields: EMPTY_LIST,
    formValues: EMPTY_MAP,
    challengeName: undefined,
    codeDeliveryDetails: undefined,
    totpSecretCode: null,
    QRFields: null,
    totpSetupUri: undefined,
    allowedMfaTypes: undefined,
    availableAuthMethods: undefined,
    preferredChallenge: undefined,
    selectedAuthMethod: undefined,
    missingAttributes: EMPTY_LIST,
    availableChallenges: EMPTY_LIST,
    unverifiedUserAttributes: undefined,
    loginMechanism: 'username',
    socialProviders: EMPTY_LIST,
    revision: -1,
    submitForm: NOOP,
    updateForm: NOOP,
    updateBlur: NOOP,
    resendCode: NOOP,
    skipVerification: NOOP,
    signOut: NOOP,
    toSignIn: NOOP,
    toSignUp: NOOP,
    toForgotPassword: NOOP,
    toFederatedSignIn: NOOP,
    initializeMachine: NOOP,
    selectAuthMethod: NOOP,
    toShowAuthMethods: NOOP,
  })
));

// ------------------------------------------------------------------------- the default instance

/**
 * @type {{ target: unknown, primary: boolean, listeners: Set<() => void> }}
 */
const registry = { target: undefined, primary: false, listeners: new Set() };

/**
 * Makes `auth` (an Auth, a promise of one, an authenticator store, or `undefined`) the
 * default instance of `cognito-headless/react`. createAuth calls it for every instance;
 * `configure()` (cognito-headless/amplify) with `primary`, after which plain createAuth
 * calls no longer replace it.
 * @param {unknown} auth
 * @param {{ primary?: boolean }} [options]
 */
export function setDefaultAuth(auth, options = {}) {
  const primary = !!options.primary;
  if (registry.primary && !primary) return;
  if (registry.target === auth && registry.primary === primary) return;
  registry.target = auth;
  registry.primary = primary && auth !== undefined;
  for (const listener of [...registry.listeners]) {
    try {
      listener();
    } catch (e) {
      report('a default-instance listener threw', e);
    }
  }
}

/** The default instance, as given to setDefaultAuth (maybe a promise). */
export function getDefaultAuth() {
  return registry.target;
}

/**
 * The store of `target`: an Auth → `auth.authenticator`; a store → itself; else undefined.
 * @param {unknown} target
 * @returns {Store | undefined}
 */
function storeOf(target) {
  if (!target || typeof target !== 'object') return undefined;
  if (cores.has(target)) return /** @type {Auth} */ (target).authenticator;
  const t = /** @type {{ getSnapshot?: unknown, subscribe?: unknown, submitForm?: unknown }} */ (target);
  if (typeof t.getSnapshot === 'function' && typeof t.subscribe === 'function' && typeof t.submitForm === 'function') return /** @type {Store} */ (t);
  return undefined;
}

/**
 * A store that follows a changing target: an Auth, an authenticator store, or a promise of
 * either. Until a target resolves its snapshot is CONFIGURING_SNAPSHOT's data (`authStatus`
 * 'configuring', route 'idle').
 * @param {() => unknown} current the target now
 * @param {(onChange: () => void) => () => void} [watch] calls onChange when `current()` changes
 * @returns {Store}
 */
export function followStore(current, watch) {
  /** @type {WeakMap<object, { store?: Store }>} */
  const settled = new WeakMap();
  /** @type {Set<() => void>} */
  const listeners = new Set();
  /** @type {(() => void) | undefined} */
  let stopInner;
  /** @type {Store | undefined} */
  let inner;
  /** @type {(() => void) | undefined} */
  let stopWatch;

  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  // Until a target resolves: 'configuring', with verbs that reach the target once it is
  // there (a component that selected nothing keeps this snapshot's verbs).
  /** @type {Record<string, Function>} */
  const forward = {};
  for (const verb of VERBS) {
    forward[verb] = (/** @type {unknown[]} */ ...args) => {
      const store = /** @type {Authenticator | undefined} */ (resolve());
      if (store) /** @type {(...a: unknown[]) => void} */ (store[verb])(...args);
    };
  }
  const configuring = /** @type {AuthenticatorSnapshot} */ (Object.freeze({ ...CONFIGURING_SNAPSHOT, ...forward }));

  /** @returns {Store | undefined} */
  function resolve() {
    const target = current();
    if (!target || (typeof target !== 'object' && typeof target !== 'function')) return undefined;
    if (!isThenable(target)) return storeOf(target);
    const obj = /** @type {object} */ (target);
    let entry = settled.get(obj);
    if (!entry) {
      const fresh = /** @type {{ store?: Store }} */ ({});
      entry = fresh;
      settled.set(obj, fresh);
      /** @type {PromiseLike<unknown>} */ (target).then(
        (value) => {
          fresh.store = storeOf(value);
          if (current() === target) follow();
        },
        () => {},
      );
    }
    return entry.store;
  }

  /** Subscribes to the current inner store (when someone listens); notifies on a change. */
  function follow() {
    const next = resolve();
    if (next === inner && (stopInner || listeners.size === 0)) return;
    stopInner?.();
    stopInner = undefined;
    inner = next;
    if (inner && listeners.size > 0) stopInner = inner.subscribe(notify);
    notify();
  }

  return {
    getSnapshot() {
      const store = resolve();
      return store ? store.getSnapshot() : configuring;
    },
    subscribe(listener) {
      const entry = () => listener();
      listeners.add(entry);
      if (listeners.size === 1) {
        stopWatch = watch?.(follow);
        inner = resolve();
        stopInner = inner?.subscribe(notify);
      }
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        listeners.delete(entry);
        if (listeners.size === 0) {
          stopInner?.();
          stopWatch?.();
          stopInner = stopWatch = inner = undefined;
        }
      };
    },
  };
}

/** The store of the default instance (what the hook uses without a Provider). */
export const defaultAuthenticator = followStore(
  () => registry.target,
  (onChange) => {
    registry.listeners.add(onChange);
    return () => {
      registry.listeners.delete(onChange);
    };
  },
);

/**
 * What the hooks use on a server (no window) without a Provider's `auth`: always Amplify
 * UI's initial facade (CONFIGURING_SNAPSHOT: 'configuring', route 'idle', no user; its
 * verbs do nothing), never a registered instance, which on a server would be another
 * request's. To render a user on the server, give the Provider that request's instance.
 * @type {Store}
 */
export const serverAuthenticator = Object.freeze({
  getSnapshot: () => CONFIGURING_SNAPSHOT,
  subscribe: () => NOOP,
});

/**
 * The store the hooks use without a Provider's `auth`: the default instance's in a browser
 * page or worker, `serverAuthenticator` elsewhere.
 * @returns {Store}
 */
export function defaultStoreHere() {
  return isBrowserLike() ? defaultAuthenticator : serverAuthenticator;
}

/**
 * The store for a Provider's `auth`: an Auth, a promise of one, or an authenticator store.
 * @param {unknown} target
 * @returns {Store}
 */
export function authenticatorFor(target) {
  if (!isThenable(target)) {
    const store = storeOf(target);
    if (store) return store;
    throw new TypeError('AuthenticatorProvider: auth must be what createAuth returned (or a promise of it), or an authenticator store');
  }
  return followStore(() => target);
}
