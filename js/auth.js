// createAuth: the public API object (Amplify v6's function names) over the driver,
// assembled from small parts:
//   auth-machine.js   the machine's configuration, the wasm loaded on need, the machine
//   auth-host.js      the storage (and the sign-in step's own) and the transport
//   auth-known.js     the stored session, read before the machine runs
//   auth-sign-in.js   sign-in, sign-up, sign-out and hosted-UI commands
//   auth-account.js   password, MFA, attributes, devices and passkeys
//   auth-session.js   session queries, the snapshot store, events, close and dispose

import { Driver } from './driver.js';
import { attachAuthenticator } from './authenticator.js';
import { startTabSync } from './tabs.js';
import { toUndefined } from './results.js';
import { prepareConfig, lazyWasm, newMachine, whenIdle } from './auth-machine.js';
import { openStorage, hostTransport } from './auth-host.js';
import { readKnown } from './auth-known.js';
import { signInApi, signUpApi, redirectApi } from './auth-sign-in.js';
import { mfaApi, attributeApi, deviceApi } from './auth-account.js';
import { sessionApi, lifecycleApi } from './auth-session.js';

/** @typedef {import('./index.d.ts').AuthConfig} AuthConfig */
/** @typedef {import('./index.d.ts').AuthHost} AuthHost */
/** @typedef {import('./index.d.ts').Auth} Auth */
/** @typedef {import('./index.d.ts').KeyValueStorageInterface} KeyValueStorageInterface */

/**
 * Other tabs (and other instances in this page): their changes reach the driver (storage
 * events and a BroadcastChannel), and the keys this instance writes are announced.
 * @param {Driver} driver
 * @param {KeyValueStorageInterface} storage
 * @param {string} clientId
 */
function followTabs(driver, storage, clientId) {
  const tabs = startTabSync({
    storage,
    clientId,
    onChange: (key) => driver.storageChanged(key),
    onStale: () => driver.markStale(),
  });
  const stopAnnouncing = driver.on('written', (keys) => tabs.announce(keys));
  return { tabs, stopAnnouncing };
}

/**
 * Starts the machine as the instance needs it. A returning user's queries are answered
 * without the wasm: in a page it loads once the page is idle (not competing with the
 * app's own first bytes and work) and the machine starts then (tab sync, refresh); any
 * command loads it at once; a server instance makes it only when a command needs it.
 * Otherwise the sign-in form needs the machine: waits until it has read the storage.
 * @param {Driver} driver
 * @param {boolean} returning the stored session told who is signed in
 * @param {boolean} crossTab
 * @param {() => Promise<void>} loadMachineWasm
 */
async function startMachine(driver, returning, crossTab, loadMachineWasm) {
  if (returning) {
    if (crossTab) whenIdle(() => loadMachineWasm().then(() => driver.wake(), () => {}));
    return;
  }
  const configured = driver.untilConfigured();
  driver.wake();
  await configured;
}

/**
 * The API object over `driver`.
 * @param {Driver} driver
 * @param {string | undefined} origin
 * @param {ReturnType<typeof followTabs> | undefined} sync
 * @returns {Omit<Auth, 'authenticator'>}
 */
function assembleApi(driver, origin, sync) {
  // Object.assign, not an object literal of spreads: V8 copies ~45 methods into a
  // spread literal through its slow path, a third of a server request's time
  // (bench/server.mjs: 135 µs → 92 µs per request).
  const auth = Object.assign(
    {},
    signInApi(driver),
    signUpApi(driver),
    redirectApi(driver, origin),
    sessionApi(driver),
    mfaApi(driver),
    attributeApi(driver),
    deviceApi(driver),
    lifecycleApi(driver, sync?.tabs, sync?.stopAnnouncing),
  );
  // `using auth = await createAuth(…)` (explicit resource management) disposes it.
  // any: Symbol.dispose is not in the ES2022 lib typings, and absent on older engines.
  const disposeSymbol = /** @type {any} */ (Symbol).dispose;
  if (typeof disposeSymbol === 'symbol') Object.defineProperty(auth, disposeSymbol, { value: () => auth.dispose() });
  return auth;
}

/**
 * Creates an authenticator. Resolves once the stored session has been restored.
 * @param {AuthConfig} config
 * @param {AuthHost} [host]
 * @param {import('./auth-machine.js').ParserLoader} [loadParser] Amplify's Gen 1 / Gen 2
 *   parser, loaded if the config needs it (index.js's createAuth passes its dynamic import)
 * @returns {Promise<Auth>}
 */
export async function createAuth(config, host = {}, loadParser = undefined) {
  host = host ?? {};
  const { machineConfig, crossTab, locks, origin } = await prepareConfig(config, host, loadParser);
  const clientId = String(machineConfig.userPoolClientId ?? '');
  // The wasm loads when the machine is first needed, or once a returning user's page is
  // idle; the machine is made once it is there.
  const loadMachineWasm = lazyWasm(host);
  const makeMachine = () => loadMachineWasm().then(() => newMachine(machineConfig));
  const transport = hostTransport(host);
  const storage = await openStorage(host, clientId);
  const { known, href, oauthCallback } = await readKnown(storage, machineConfig);
  // Random bytes are drawn inside the wasm (getrandom: crypto.getRandomValues); JS passes
  // its own only when the host overrides them (deterministic tests).
  const driverHost = {
    send: transport.send,
    storage,
    random: host.random ?? null,
    now: host.now ?? (() => Date.now()),
    navigate: host.navigate,
    webauthn: host.webauthn,
    locks: locks ?? null,
  };
  const driver = new Driver(makeMachine, driverHost, known);
  // Every event from the start, before any listen() is possible (a hosted-UI callback's).
  const onEvent = host.onEvent;
  if (typeof onEvent === 'function') driver.listen('*', (payload) => onEvent(payload));
  const sync = crossTab ? followTabs(driver, storage, clientId) : undefined;
  try {
    await startMachine(driver, known.snapshot !== undefined, crossTab, loadMachineWasm);
  } catch (e) {
    sync?.tabs.stop();
    throw e;
  }
  const created = attachAuthenticator(assembleApi(driver, origin, sync), driver, machineConfig);
  // Back from the hosted UI (`?code=…&state=…` or `?error=…` on a redirectSignIn URL):
  // finish the sign-in before resolving. A failure does not reject createAuth: it is the
  // signInWithRedirect_failure event (host.onEvent, listen) and an unauthenticated snapshot.
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
