// One authenticator store (`auth.authenticator`, `createAuthenticator(auth, options)`):
// the machine's facade as frozen snapshots, one per change, with the app's own validators'
// messages merged in and a SUBMIT they fail held back.

import { report, toAuthError } from './errors.js';
import { isThenable } from './env.js';
import { deepFreeze } from './freeze.js';
import { Listeners } from './listeners.js';

/**
 * @typedef {import('./index.d.ts').Authenticator} Authenticator
 * @typedef {import('./index.d.ts').AuthenticatorSnapshot} AuthenticatorSnapshot
 * @typedef {import('./index.d.ts').AuthenticatorOptions} AuthenticatorOptions
 * @typedef {import('./index.d.ts').AuthenticatorRoute} AuthenticatorRoute
 * @typedef {Record<string, string[]>} Messages
 * @typedef {import('./wire.js').Facade} Facade
 * @typedef {import('./wire.js').UiEvent} UiEvent
 * @typedef {import('./authenticator-core.js').Core} Core
 */

/** The code of a message an app validator returned (built-in ones have their own codes). */
export const APP_VALIDATION_CODE = 'CUSTOM';
/** The machine's message for an empty required field (code `REQUIRED`). */
const REQUIRED_MESSAGE = 'This field is required';

export const EMPTY_LIST = /** @type {readonly never[]} */ (Object.freeze([]));
export const EMPTY_MAP = Object.freeze({});

/** Amplify UI's lower-case provider names → `signInWithRedirect`'s. */
const PROVIDERS = /** @type {Record<string, string>} */ ({ amazon: 'Amazon', apple: 'Apple', facebook: 'Facebook', google: 'Google' });

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

/**
 * The facade's messages with the held-back submit's "required" ones and the app's merged
 * in (each with its code).
 * @param {Core} core
 * @param {Facade} f
 * @param {Messages | undefined} appErrors
 */
function mergedMessages(core, f, appErrors) {
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
  return { errors, codes };
}

/**
 * The snapshot's data fields from the raw facade (verbs aside).
 * @param {Core} core
 * @param {Facade} f
 * @param {Messages | undefined} appErrors
 * @returns {Record<string, unknown>}
 */
function snapshotData(core, f, appErrors) {
  const { errors, codes } = mergedMessages(core, f, appErrors);
  const rawError = f.error;
  return {
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
}

/**
 * A frozen snapshot of `f`; the parts equal to `prev`'s keep their identity, so selectors
 * over them do not fire.
 * @param {Core} core
 * @param {Facade} f the raw facade
 * @param {AuthenticatorSnapshot | undefined} prev
 * @param {Messages | undefined} appErrors
 * @param {object} verbs
 * @returns {AuthenticatorSnapshot}
 */
function buildSnapshot(core, f, prev, appErrors, verbs) {
  const data = snapshotData(core, f, appErrors);
  const p = /** @type {Record<string, unknown> | undefined} */ (prev);
  for (const key of Object.keys(data)) {
    if (key === 'authError') continue;
    if (p && same(p[key], data[key])) data[key] = p[key];
    else deepFreeze(data[key]);
  }
  const rawError = f.error;
  if (rawError) {
    const prevError = /** @type {import('./errors.js').AuthError | undefined} */ (p && p.authError);
    data.authError =
      prevError && prevError.name === rawError.name && prevError.message === rawError.message
        ? prevError
        : Object.freeze(toAuthError(rawError));
  }
  return /** @type {AuthenticatorSnapshot} */ (/** @type {unknown} */ (Object.freeze({ ...data, ...verbs })));
}

/**
 * The verbs (the same functions in every snapshot of a store): form events to the machine.
 * @param {Core} core
 * @param {(data?: Record<string, unknown>) => void} submitForm
 */
function makeVerbs(core, submitForm) {
  return Object.freeze({
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
    resendCode: () => core.send({ type: 'RESEND' }),
    skipVerification: () => core.send({ type: 'SKIP' }),
    signOut: () => core.send({ type: 'SIGN_OUT' }),
    toSignIn: () => core.send({ type: 'SIGN_IN' }),
    toSignUp: () => core.send({ type: 'SIGN_UP' }),
    toForgotPassword: () => core.send({ type: 'FORGOT_PASSWORD' }),
    /** @param {{ provider?: string }} [input] */
    toFederatedSignIn(input) {
      const provider = input?.provider;
      /** @type {Extract<UiEvent, { type: 'FEDERATED_SIGN_IN' }>} */
      const event = { type: 'FEDERATED_SIGN_IN' };
      if (typeof provider === 'string' && provider) event.provider = PROVIDERS[provider] ?? provider;
      core.send(event);
    },
    /**
     * Amplify UI's INIT (what `<Authenticator>` sends with its props): the machine starts by
     * itself; the first INIT's `passwordless` prop goes over the configured settings.
     * @param {{ passwordless?: unknown }} [data]
     */
    initializeMachine(data) {
      const passwordless = data && typeof data === 'object' ? data.passwordless : undefined;
      core.send({ type: 'INIT', data: passwordless && typeof passwordless === 'object' ? { passwordless: JSON.parse(JSON.stringify(passwordless)) } : {} });
    },
    /** Amplify UI's SELECT_METHOD: on signInSelectAuthFactor, signs in with (or answers) `method`. @param {{ method?: string }} [input] */
    selectAuthMethod(input) {
      if (typeof input?.method === 'string') core.send({ type: 'SELECT_METHOD', method: input.method });
    },
    /** Amplify UI's SHOW_AUTH_METHODS: from the sign-in form to the choice of a first factor. */
    toShowAuthMethods: () => core.send({ type: 'SHOW_AUTH_METHODS' }),
  });
}

/**
 * Runs the app's validators over `values`. `all`: every field (a submit), else only the
 * touched ones. Returns the messages, or a promise of them when a validator is async.
 * @param {Core} core
 * @param {AuthenticatorOptions} options
 * @param {AuthenticatorRoute} route
 * @param {Record<string, string>} values
 * @param {string[]} fieldNames
 * @param {boolean} all
 * @returns {Messages | Promise<Messages>}
 */
function validate(core, options, route, values, fieldNames, all) {
  const validators = options.validators ?? {};
  const validateCustomSignUp = options.services?.validateCustomSignUp;
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

/** One store's state: its subscribers, its last snapshot, and the app's validation of it. */
class StoreState {
  /** @param {Core} core @param {AuthenticatorOptions} options */
  constructor(core, options) {
    this.core = core;
    this.options = options;
    const validators = options.validators ?? {};
    this.hasAppValidators = Object.keys(validators).length > 0 || typeof options.services?.validateCustomSignUp === 'function';
    /** @type {Listeners<[]>} */
    this.listeners = new Listeners();
    /** @type {AuthenticatorSnapshot | undefined} */
    this.snapshot = undefined;
    /** The facade `snapshot` was made from. @type {Facade | undefined} */
    this.madeFrom = undefined;
    /** App validation of `madeFrom`: `undefined` while an async validator runs. @type {Messages | undefined} */
    this.appErrors = undefined;
    this.submitting = false;
    this.verbs = makeVerbs(core, (data) => this.submitForm(data));
    /** Tells this store's subscribers (subscribed to the core while it has any). */
    this.onCore = () => this.notify();
  }

  notify() {
    this.listeners.notify('an authenticator subscriber');
  }

  /** The snapshot of the current facade (the same object until it moves). */
  getSnapshot() {
    const f = this.core.read();
    if (this.snapshot && f === this.madeFrom) return this.snapshot;
    this.madeFrom = f;
    this.appErrors = this.appValidation(f);
    // `f` is undefined only when the very first facade() threw: build throws then too.
    this.snapshot = buildSnapshot(this.core, /** @type {Facade} */ (f), this.snapshot, this.appErrors, this.verbs);
    return this.snapshot;
  }

  /** @param {Facade | undefined} facade @returns {Messages | undefined} */
  appValidation(facade) {
    if (!this.hasAppValidators || !facade || !facade.fields || facade.fields.length === 0) return EMPTY_MAP;
    const names = facade.fields.map((f) => f.name);
    const result = validate(this.core, this.options, facade.route, facade.formValues ?? {}, names, false);
    if (!isThenable(result)) return result;
    result.then((messagesFound) => {
      if (this.madeFrom !== facade) return; // the form moved on meanwhile
      this.appErrors = messagesFound;
      this.snapshot = buildSnapshot(this.core, facade, this.snapshot, this.appErrors, this.verbs);
      this.notify();
    });
    return undefined;
  }

  /** Touches every field of the route (and the ones given) so their messages show. @param {Facade} f @param {string[]} extra */
  touchAll(f, extra) {
    const names = new Set([...(f.fields ?? []).map((x) => x.name), ...extra]);
    for (const name of names) {
      this.core.touched.add(name);
      this.core.send({ type: 'BLUR', name });
    }
  }

  /** @param {Record<string, unknown>} [data] */
  submitForm(data) {
    const core = this.core;
    /** @type {Record<string, string>} */
    const given = {};
    if (data && typeof data === 'object') {
      for (const [k, v] of Object.entries(data)) if (v !== undefined && v !== null) given[k] = String(v);
    }
    const f = core.read();
    if (!this.hasAppValidators || !f || !f.fields || f.fields.length === 0) {
      core.send({ type: 'SUBMIT', data: given });
      return;
    }
    if (this.submitting) return;
    const values = { ...(f.formValues ?? {}), ...given };
    const result = validate(core, this.options, f.route, values, f.fields.map((x) => x.name), true);
    if (!isThenable(result)) {
      this.decide(f, given, values, result);
      return;
    }
    this.submitting = true;
    result.then(
      (found) => {
        this.submitting = false;
        this.decide(f, given, values, found);
      },
      (e) => {
        this.submitting = false;
        report('validation failed', e);
      },
    );
  }

  /**
   * The app's validators answered a submit of the form `f`: sends it, or holds it back
   * showing every message (the built-in ones too: BLUR shows the password rules; empty
   * required fields are flagged here) and keeping what was typed.
   * @param {Facade} f @param {Record<string, string>} given @param {Record<string, string>} values @param {Messages} found
   */
  decide(f, given, values, found) {
    const core = this.core;
    const now = core.read();
    if (now && now.route !== f.route) return; // the user went elsewhere meanwhile
    const failing = Object.keys(found);
    if (failing.length === 0) {
      core.send({ type: 'SUBMIT', data: given });
      return;
    }
    for (const [name, value] of Object.entries(given)) core.send({ type: 'CHANGE', name, value });
    for (const field of (now ?? f).fields ?? []) {
      if (field.isRequired && !String(values[field.name] ?? '').trim()) core.required.add(field.name);
    }
    this.touchAll(now ?? f, failing);
  }
}

/**
 * A store over `core` with `options`' validators.
 * @param {Core} core
 * @param {AuthenticatorOptions} options
 * @returns {Authenticator}
 */
export function makeStore(core, options) {
  const state = new StoreState(core, options);
  /** @type {Authenticator} */
  const store = {
    getSnapshot: () => state.getSnapshot(),
    subscribe(listener) {
      if (typeof listener !== 'function') throw new TypeError('subscribe(listener): listener must be a function');
      const stop = state.listeners.add(() => listener());
      core.listeners.add(state.onCore);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        stop();
        if (state.listeners.size === 0) core.listeners.delete(state.onCore);
      };
    },
    ...state.verbs,
  };
  return Object.freeze(store);
}
