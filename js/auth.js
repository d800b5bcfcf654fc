// createAuth: the public API object (Amplify v6's function names) over the driver.

import { AuthError, toAuthError, report } from './errors.js';
import { isBrowserLike } from './env.js';
import { loadWasm } from './wasm-loader.js';
import { WasmAuth, WasmConfig } from './wasm/cognito_headless.js';
import { readStoredSession } from './stored-session.js';
import { Driver } from './driver.js';
import { attachAuthenticator } from './authenticator.js';
import { createTransport, DEFAULT_TIMEOUT_MS } from './transport.js';
import { normalizeConfig } from './config.js';
import { startTabSync } from './tabs.js';
import { isOAuthCallback, currentHref, currentOrigin } from './oauth.js';
import { isPasskeySupported, toPasskeyList } from './passkeys.js';
import { createMemoryStorage, fromStorageLike, localStorageAdapter, sessionStorageAdapter, hasLocalStorage } from './storage.js';
import {
  toSession,
  toUndefined,
  clean,
  identity,
  toTotpSetup,
  toDevice,
  toSignInOutput,
} from './results.js';

/** @typedef {import('./index.d.ts').AuthConfig} AuthConfig */
/** @typedef {import('./index.d.ts').AuthHost} AuthHost */
/** @typedef {import('./index.d.ts').Auth} Auth */
/** @typedef {import('./index.d.ts').AuthSnapshot} AuthSnapshot */
/** @typedef {import('./index.d.ts').KeyValueStorageInterface} KeyValueStorageInterface */
/** @typedef {import('./index.d.ts').AuthHubPayload} AuthHubPayload */
/** @typedef {import('./wire.js').Command} Command */
/**
 * A command's result maker, typed as the API method `K` resolves: the machine's output for
 * an account call is already Amplify's result shape (wire.d.ts's `Output` is `unknown`).
 * @template {keyof Auth} K
 * @typedef {(v: unknown) => Auth[K] extends (...args: never) => infer R ? Awaited<R> : never} ResultOf
 */

/** @type {KeyValueStorageInterface | undefined} */
let pageMemoryStorage;

/**
 * The default storage. In a browser page: localStorage (other tabs' changes arrive as
 * storage events), shared by every instance of the page like Amplify's defaultStorage;
 * where localStorage does not work, one in-memory storage for the page. Elsewhere (a
 * server: Node, Deno, Bun, edge workers, without a DOM): a new in-memory storage for each
 * createAuth, because a server process serves many users and an instance is one
 * request's; a shared one would hand one request's user to the next. This holds even
 * where the runtime has a global localStorage.
 * @returns {KeyValueStorageInterface}
 */
function defaultStorage() {
  if (!isBrowserLike()) return createMemoryStorage();
  if (hasLocalStorage()) return localStorageAdapter;
  return (pageMemoryStorage ??= createMemoryStorage());
}

/**
 * Where the waiting sign-in step (Cognito's challenge Session, a new TOTP secret) lives:
 * `host.signInStateStorage`; else, in a browser, sessionStorage (like Amplify v6's
 * signInStore: this tab only, survives a reload, gone when the tab closes; never
 * localStorage, which every tab shares and which outlives the browser session); else
 * (a server) undefined: with the other keys.
 * @param {AuthHost} host
 * @returns {KeyValueStorageInterface | undefined}
 */
function stepStorage(host) {
  if (host.signInStateStorage) return fromStorageLike(host.signInStateStorage);
  return isBrowserLike() ? sessionStorageAdapter : undefined;
}

/**
 * `main` with the one key `key` kept in `other` instead. Other tabs' changes are `main`'s.
 * @param {KeyValueStorageInterface} main
 * @param {string} key
 * @param {KeyValueStorageInterface} other
 * @returns {KeyValueStorageInterface}
 */
function withKeyElsewhere(main, key, other) {
  /** @param {string} k */
  const pick = (k) => (k === key ? other : main);
  /** @type {KeyValueStorageInterface} */
  const routed = {
    setItem: (k, value) => pick(k).setItem(k, value),
    getItem: (k) => pick(k).getItem(k),
    removeItem: (k) => pick(k).removeItem(k),
    async clear() {
      await main.clear();
      await other.removeItem(key);
    },
  };
  const listen = main.addListener;
  if (typeof listen === 'function') routed.addListener = (listener) => listen.call(main, listener);
  return routed;
}

/**
 * Removes a waiting step an earlier version stored in `main` (localStorage, cookies) when
 * steps now live elsewhere. When both are one storage (the same value in both), nothing.
 * @param {KeyValueStorageInterface} main
 * @param {string} key
 * @param {KeyValueStorageInterface} other
 */
async function dropStaleStep(main, key, other) {
  try {
    const [here, there] = await Promise.all([main.getItem(key), other.getItem(key)]);
    if (here !== null && here !== undefined && here !== there) await main.removeItem(key);
  } catch (e) {
    report(`could not clean up an old sign-in step in the storage (${key})`, e);
  }
}

/**
 * getCurrentUser's result: a fresh object each call (the view's is frozen).
 * @param {unknown} value the machine's wire.d.ts `AuthUser`
 * @returns {import('./index.d.ts').AuthUser}
 */
function copyUser(value) {
  const u = /** @type {import('./wire.js').AuthUser} */ (value);
  const out = { ...u };
  if (u.signInDetails) out.signInDetails = { ...u.signInDetails };
  return out;
}

/** Parsed configurations by their JSON text: instances with the same one share it. @type {Map<string, WasmConfig>} */
const parsedConfigs = new Map();
const PARSED_CONFIGS_MAX = 16;

/**
 * A machine for `config`, its parse shared with every instance of the same configuration
 * (a server makes one instance per request).
 * @param {Record<string, unknown>} config
 */
function newMachine(config) {
  try {
    const text = JSON.stringify(config);
    let parsed = parsedConfigs.get(text);
    if (!parsed) {
      parsed = new WasmConfig(config);
      if (parsedConfigs.size >= PARSED_CONFIGS_MAX) {
        const oldest = parsedConfigs.keys().next().value;
        if (oldest !== undefined) parsedConfigs.get(oldest)?.free();
        parsedConfigs.delete(/** @type {string} */ (oldest));
      }
      parsedConfigs.set(text, parsed);
    }
    return WasmAuth.fromConfig(parsed);
  } catch (e) {
    throw toAuthError(e, 'AuthUserPoolException');
  }
}

/**
 * Runs `fn` when the page is idle (`requestIdleCallback`, at most 500 ms later), else after
 * the current task.
 * @param {() => void} fn
 */
function whenIdle(fn) {
  const idle = /** @type {{ requestIdleCallback?: (cb: () => void, opts: { timeout: number }) => unknown }} */ (globalThis).requestIdleCallback;
  if (typeof idle === 'function') idle.call(globalThis, fn, { timeout: 500 });
  else setTimeout(fn, 0);
}

/** Rust's `str::trim` is empty. @param {string} s */
const blank = (s) => /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/.test(s);

/**
 * Where the stored-session reader looks, when the configuration is one the machine
 * accepts as far as the reader can tell (pool ids of the right form); else false: the
 * machine decides (and reports a bad configuration) before createAuth resolves.
 * @param {Record<string, unknown>} c
 */
function readerConfig(c) {
  const pool = c.userPoolId;
  const client = c.userPoolClientId;
  if (typeof pool !== 'string' || typeof client !== 'string' || blank(client)) return false;
  const u = pool.indexOf('_');
  if (u <= 0 || u === pool.length - 1) return false;
  /** @type {string | undefined} */
  let identityKey;
  const ip = c.identityPoolId;
  if (ip !== undefined) {
    if (typeof ip !== 'string') return false;
    if (ip !== '') {
      const endpoint = c.identityPoolEndpoint !== undefined ? c.identityPoolEndpoint : c.endpoint;
      if (endpoint !== undefined && typeof endpoint !== 'string') return false;
      const k = ip.indexOf(':');
      if (!endpoint && (k <= 0 || k === ip.length - 1)) return false;
      identityKey = `com.amplify.Cognito.${ip}.identityId`;
    }
  }
  if (c.allowGuestAccess !== undefined && typeof c.allowGuestAccess !== 'boolean') return false;
  return { userPoolClientId: client, identityKey, allowGuestAccess: c.allowGuestAccess === true };
}

/**
 * Creates an authenticator. Resolves once the stored session has been restored.
 * @param {AuthConfig} config
 * @param {AuthHost} [host]
 * @returns {Promise<Auth>}
 */
export async function createAuth(config, host = {}) {
  host = host ?? {};
  const machineConfig = normalizeConfig(config);
  // Hosted UI and cross-tab refresh: the page's origin picks the redirect URLs; with Web
  // Locks and cross-tab sync on, one tab refreshes at a time.
  const crossTab = host.crossTab ?? isBrowserLike();
  const locks = host.locks !== undefined ? host.locks : globalThis.navigator?.locks;
  if (machineConfig.origin === undefined) {
    const origin = currentOrigin();
    if (origin) machineConfig.origin = origin;
  }
  if (machineConfig.refreshLock === undefined && crossTab && locks && typeof locks.request === 'function') {
    machineConfig.refreshLock = true;
  }
  const origin = typeof machineConfig.origin === 'string' ? machineConfig.origin : undefined;
  // The wasm loads when the machine is first needed, or (below) once a returning user's
  // page is idle; the machine is made once it is there.
  /** @type {Promise<void> | undefined} */
  let wasmLoaded;
  const loadMachineWasm = () => {
    if (!wasmLoaded) {
      wasmLoaded = loadWasm(host.wasmModule);
      wasmLoaded.catch(() => {});
    }
    return wasmLoaded;
  };
  const makeMachine = () => loadMachineWasm().then(() => newMachine(machineConfig));

  const hostFetch = host.fetch;
  // any: a host fetch may return a Response look-alike (transport.js reads only status,
  // headers, body and text()).
  /** @type {(url: string, init: RequestInit) => Promise<any>} */
  const fetchFn = hostFetch
    ? (input, init) => hostFetch(input, init)
    : (input, init) => {
        if (typeof globalThis.fetch !== 'function') {
          return Promise.reject(new Error('fetch is not available; pass host.fetch'));
        }
        return globalThis.fetch(input, init);
      };
  const retry = host.retry === false ? { maxAttempts: 1 } : host.retry ?? {};
  const transport = createTransport({
    fetch: fetchFn,
    timeoutMs: host.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxAttempts: retry.maxAttempts,
    baseDelayMs: retry.baseDelayMs,
    sleep: host.sleep,
  });
  const mainStorage = host.storage ? fromStorageLike(host.storage) : defaultStorage();
  const steps = stepStorage(host);
  const stepKey = `CognitoIdentityServiceProvider.${String(machineConfig.userPoolClientId ?? '')}.signInState`;
  if (steps) await dropStaleStep(mainStorage, stepKey, steps);
  const storage = steps ? withKeyElsewhere(mainStorage, stepKey, steps) : mainStorage;
  // Random bytes are drawn inside the wasm (getrandom: crypto.getRandomValues); JS passes
  // its own only when the host overrides them (deterministic tests).
  const random = host.random ?? null;
  // A returning user is known from the stored session (js/stored-session.js) before the
  // wasm runs; anything the reader is unsure of waits for the machine, as before.
  const href = currentHref();
  const oauthConfig = /** @type {{ redirectSignIn?: unknown } | undefined} */ (machineConfig.oauth);
  const oauthCallback = !!(oauthConfig && isOAuthCallback(href, oauthConfig.redirectSignIn));
  const where = !oauthCallback && readerConfig(machineConfig);
  const stored = where ? await readStoredSession(storage, where).catch(() => undefined) : undefined;
  /** @type {{ view?: import('./wire.js').View, snapshot?: import('./wire.js').Snapshot, prefetch?: Map<string, string | null> }} */
  const known = {};
  if (stored && stored.settled && stored.view && stored.view.user) {
    // Signed in: known at once. (Signed out, the sign-in form needs the machine: createAuth
    // waits for it, as it does for whatever the reader leaves to the machine.)
    known.view = stored.view;
    known.snapshot = { revision: 0, authStatus: 'authenticated', user: stored.view.user, isPending: false };
  }
  // The machine's restore reads the same keys: it gets the values just read (the session
  // as of createAuth, as if it had restored it then), unless a write comes first.
  if (stored) known.prefetch = stored.values;
  const driver = new Driver(makeMachine, {
    send: transport.send,
    storage,
    random,
    now: host.now ?? (() => Date.now()),
    navigate: host.navigate,
    webauthn: host.webauthn,
    locks: locks ?? null,
  }, known);
  // Every event from the start, before any listen() is possible (a hosted-UI callback's).
  if (typeof host.onEvent === 'function') {
    const onEvent = host.onEvent;
    driver.listeners.set('*', new Set([(/** @type {AuthHubPayload} */ payload) => onEvent(payload)]));
  }

  // Other tabs (and other instances in this page): storage events and a BroadcastChannel.
  const tabs = crossTab
    ? startTabSync({
        storage,
        clientId: String(machineConfig.userPoolClientId ?? ''),
        onChange: (key) => driver.storageChanged(key),
        onStale: () => driver.markStale(),
      })
    : undefined;
  if (tabs) driver.onWritten = (keys) => tabs.announce(keys);

  if (known.snapshot) {
    // A returning user's queries are answered without the wasm: in a page it loads once
    // the page is idle (not competing with the app's own first bytes and work) and the
    // machine starts then (tab sync, refresh); any command loads it at once. A server
    // instance makes it only when a command needs it.
    if (crossTab) whenIdle(() => loadMachineWasm().then(() => driver.wake(), () => {}));
  } else {
    const configured = driver.untilConfigured();
    driver.wake();
    try {
      await configured;
    } catch (e) {
      tabs?.stop();
      throw e;
    }
  }

  /** @type {Omit<Auth, 'authenticator'>} */
  const auth = {
    signIn(input) {
      const { username, password, options } = input ?? {};
      /** @type {Extract<Command, { type: 'signIn' }>} */
      const command = { type: 'signIn', username: username ?? '' };
      if (password != null) command.password = password;
      if (options) {
        command.options = {
          authFlowType: options.authFlowType ?? undefined,
          clientMetadata: options.clientMetadata ?? undefined,
          preferredChallenge: options.preferredChallenge ?? undefined,
        };
      }
      return driver.command(command, toSignInOutput);
    },
    confirmSignIn(input) {
      const { challengeResponse, options } = input ?? {};
      /** @type {Extract<Command, { type: 'confirmSignIn' }>} */
      const command = { type: 'confirmSignIn', challengeResponse: challengeResponse ?? '' };
      if (options) {
        command.options = {
          userAttributes: /** @type {Record<string, string> | undefined} */ (options.userAttributes ?? undefined),
          clientMetadata: options.clientMetadata ?? undefined,
          friendlyDeviceName: options.friendlyDeviceName ?? undefined,
        };
      }
      return driver.command(command, toSignInOutput);
    },
    exportSignInState() {
      return driver.command({ type: 'exportSignInState' }, /** @type {ResultOf<'exportSignInState'>} */ (identity));
    },
    importSignInState(state) {
      return driver.command({ type: 'importSignInState', state: String(state ?? '') }, toSignInOutput);
    },
    fetchAuthSession(options) {
      if (options && options.forceRefresh) return driver.command({ type: 'fetchAuthSession', forceRefresh: true }, toSession);
      return driver.query('session', { type: 'fetchAuthSession', forceRefresh: false }, toSession);
    },
    getCurrentUser() {
      return driver.query('user', { type: 'getCurrentUser' }, copyUser);
    },
    signUp(input) {
      const { username, password, options } = input ?? {};
      return driver.command({ type: 'signUp', username: username ?? '', password, options: clean(options) }, /** @type {ResultOf<'signUp'>} */ (identity));
    },
    confirmSignUp(input) {
      const { username, confirmationCode, options } = input ?? {};
      return driver.command(
        { type: 'confirmSignUp', username: username ?? '', confirmationCode: confirmationCode ?? '', options: clean(options) },
        /** @type {ResultOf<'confirmSignUp'>} */ (identity),
      );
    },
    resendSignUpCode(input) {
      const { username, options } = input ?? {};
      return driver.command({ type: 'resendSignUpCode', username: username ?? '', options: clean(options) }, /** @type {ResultOf<'resendSignUpCode'>} */ (identity));
    },
    autoSignIn() {
      return driver.command({ type: 'autoSignIn' }, toSignInOutput);
    },
    resetPassword(input) {
      const { username, options } = input ?? {};
      return driver.command({ type: 'resetPassword', username: username ?? '', options: clean(options) }, /** @type {ResultOf<'resetPassword'>} */ (identity));
    },
    confirmResetPassword(input) {
      const { username, newPassword, confirmationCode, options } = input ?? {};
      return driver.command(
        {
          type: 'confirmResetPassword',
          username: username ?? '',
          newPassword: newPassword ?? '',
          confirmationCode: confirmationCode ?? '',
          options: clean(options),
        },
        toUndefined,
      );
    },
    updatePassword(input) {
      const { oldPassword, newPassword } = input ?? {};
      return driver.command({ type: 'updatePassword', oldPassword: oldPassword ?? '', newPassword: newPassword ?? '' }, toUndefined);
    },
    setUpTOTP() {
      return driver.command({ type: 'setUpTOTP' }, toTotpSetup);
    },
    verifyTOTPSetup(input) {
      const { code, options } = input ?? {};
      return driver.command({ type: 'verifyTOTPSetup', code: code ?? '', options: clean(options) }, toUndefined);
    },
    updateMFAPreference(input) {
      return driver.command({ type: 'updateMFAPreference', ...clean(input) }, toUndefined);
    },
    fetchMFAPreference() {
      return driver.command({ type: 'fetchMFAPreference' }, /** @type {ResultOf<'fetchMFAPreference'>} */ (identity));
    },
    fetchUserAttributes() {
      return driver.command({ type: 'fetchUserAttributes' }, /** @type {ResultOf<'fetchUserAttributes'>} */ (identity));
    },
    updateUserAttributes(input) {
      const { userAttributes, options } = input ?? {};
      return driver.command({ type: 'updateUserAttributes', userAttributes: /** @type {Record<string, string>} */ (userAttributes ?? {}), options: clean(options) }, /** @type {ResultOf<'updateUserAttributes'>} */ (identity));
    },
    updateUserAttribute(input) {
      const { userAttribute, options } = input ?? {};
      const key = userAttribute?.attributeKey ?? '';
      return driver.command(
        { type: 'updateUserAttributes', userAttributes: { [key]: userAttribute?.value ?? '' }, options: clean(options) },
        (out) => /** @type {Awaited<ReturnType<Auth['updateUserAttributes']>>} */ (out)[key],
      );
    },
    confirmUserAttribute(input) {
      const { userAttributeKey, confirmationCode } = input ?? {};
      return driver.command(
        { type: 'confirmUserAttribute', userAttributeKey: userAttributeKey ?? '', confirmationCode: confirmationCode ?? '' },
        toUndefined,
      );
    },
    sendUserAttributeVerificationCode(input) {
      const { userAttributeKey, options } = input ?? {};
      return driver.command(
        { type: 'sendUserAttributeVerificationCode', userAttributeKey: userAttributeKey ?? '', options: clean(options) },
        /** @type {ResultOf<'sendUserAttributeVerificationCode'>} */ (identity),
      );
    },
    deleteUserAttributes(input) {
      return driver.command({ type: 'deleteUserAttributes', userAttributeKeys: input?.userAttributeKeys ?? [] }, toUndefined);
    },
    // One implementation for both overloads (every device, or one page).
    fetchDevices: /** @type {Auth['fetchDevices']} */ (
      /** @param {{ limit?: number, nextToken?: string }} [input] */
      (input) => {
        const { limit, nextToken } = input ?? {};
        return driver.command({ type: 'fetchDevices', limit, nextToken }, (value) => {
          /** The machine's JSON: the devices with Unix-ms dates, or a page of them. @typedef {Parameters<typeof toDevice>[0]} DeviceOut */
          const out = /** @type {DeviceOut[] | { devices: DeviceOut[], nextToken?: string }} */ (value);
          return Array.isArray(out) ? out.map(toDevice) : { ...out, devices: out.devices.map(toDevice) };
        });
      }
    ),
    rememberDevice() {
      return driver.command({ type: 'rememberDevice' }, toUndefined);
    },
    forgetDevice(input) {
      return driver.command({ type: 'forgetDevice', device: input?.device ? { id: input.device.id } : undefined }, toUndefined);
    },
    deleteUser() {
      return driver.command({ type: 'deleteUser' }, toUndefined);
    },
    signOut(options) {
      // Amplify's `oauth.redirectUrl` picks the configured redirectSignOut URL it starts.
      const redirect = options?.oauth?.redirectUrl;
      return driver.command(
        { type: 'signOut', global: !!(options && options.global), origin: typeof redirect === 'string' ? redirect : origin },
        toUndefined,
      );
    },
    signInWithRedirect(input) {
      const { provider, customState, options } = input ?? {};
      return driver.command(
        {
          type: 'signInWithRedirect',
          provider: provider ?? undefined,
          customState: customState ?? undefined,
          options: clean(options),
          origin,
        },
        toUndefined,
      );
    },
    handleOAuthCallback(url) {
      const href = url === undefined || url === null ? currentHref() ?? '' : String(url);
      return driver.command({ type: 'handleOAuthCallback', url: href }, (out) =>
        out ? toSignInOutput(out) : undefined,
      );
    },
    associateWebAuthnCredential() {
      return driver.command({ type: 'associateWebAuthnCredential' }, toUndefined);
    },
    listWebAuthnCredentials(input) {
      const { pageSize, nextToken } = input ?? {};
      return driver.command({ type: 'listWebAuthnCredentials', pageSize, nextToken }, toPasskeyList);
    },
    deleteWebAuthnCredential(input) {
      return driver.command({ type: 'deleteWebAuthnCredential', credentialId: input?.credentialId ?? '' }, toUndefined);
    },
    isPasskeySupported() {
      return isPasskeySupported();
    },
    getSnapshot() {
      return driver.snapshot;
    },
    subscribe(listener) {
      if (typeof listener !== 'function') throw new TypeError('subscribe(listener): listener must be a function');
      const entry = (/** @type {AuthSnapshot} */ s) => listener(s);
      driver.subscribers.add(entry);
      return () => {
        driver.subscribers.delete(entry);
      };
    },
    close() {
      tabs?.stop();
      // A change seen but not yet delivered: queries stop waiting for it.
      driver.unstale?.();
      driver.onWritten = undefined;
    },
    dispose() {
      auth.close();
      // The wasm memory goes now, not at garbage collection.
      driver.dispose();
    },
    /** @param {import('./index.d.ts').AuthEventName | '*'} eventName @param {(payload: AuthHubPayload, info: { otherTab: boolean }) => void} handler */
    listen(eventName, handler) {
      if (typeof handler !== 'function') throw new TypeError('listen(eventName, handler): handler must be a function');
      let set = driver.listeners.get(eventName);
      if (!set) driver.listeners.set(eventName, (set = new Set()));
      const entry = (/** @type {AuthHubPayload} */ payload, /** @type {{ otherTab: boolean }} */ info) => handler(payload, info);
      set.add(entry);
      return () => {
        driver.listeners.get(eventName)?.delete(entry);
      };
    },
  };
  // `using auth = await createAuth(…)` (explicit resource management) disposes it.
  // any: Symbol.dispose is not in the ES2022 lib typings, and absent on older engines.
  const disposeSymbol = /** @type {any} */ (Symbol).dispose;
  if (typeof disposeSymbol === 'symbol') Object.defineProperty(auth, disposeSymbol, { value: () => auth.dispose() });
  const created = attachAuthenticator(auth, driver, machineConfig);
  // Back from the hosted UI (`?code=…&state=…` or `?error=…` on a redirectSignIn URL):
  // finish the sign-in before resolving. A failure does not reject createAuth: it is the signInWithRedirect_failure
  // event (host.onEvent, listen) and an unauthenticated snapshot.
  if (oauthCallback) {
    try {
      // isOAuthCallback(href, …) held: href is the page's URL.
      await driver.command({ type: 'handleOAuthCallback', url: /** @type {string} */ (href) }, toUndefined);
    } catch {
      // Reported through the event.
    }
  }
  return created;
}
