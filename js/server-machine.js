// A request's machine on a server: the driver over the request's storage and the runner's
// prepared parts, with only the calls a server context makes (fetchAuthSession,
// getCurrentUser, fetchUserAttributes, dispose).
//
// What createAuth does per instance that does not depend on the request is done once per
// runner here: the configuration normalised and parsed by the wasm (a WasmConfig every
// machine of the runner is made from), the transport over the runner's fetch. What
// createAuth adds for a page (the API object of every command, the authenticator, the
// stored session read before the machine runs, tab sync, a hosted-UI callback) a server
// context never uses. Each request still gets its own machine (WasmAuth) and driver,
// disposed when its context closes; the runner's parts hold no user's data.

import { Driver } from './driver.js';
import { toAuthError } from './errors.js';
import { toSession, identity } from './results.js';
import { copyUser } from './auth-session.js';
import { withPageSettings, lazyWasm } from './auth-machine.js';
import { normalizeAnyConfig } from './amplify-parse.js';
import { openStorage, hostTransport } from './auth-host.js';
import { WasmAuth, WasmConfig } from './wasm/cognito_headless.js';

/**
 * @typedef {import('./index.d.ts').KeyValueStorageInterface} KeyValueStorageInterface
 * @typedef {import('./index.d.ts').AuthSession} AuthSession
 * @typedef {import('./index.d.ts').AuthUser} AuthUser
 * @typedef {import('./index.d.ts').FetchAuthSessionOptions} FetchAuthSessionOptions
 * @typedef {{
 *   config: Record<string, unknown>,
 *   fetch: (url: string, init?: RequestInit) => Promise<any>,
 *   now: () => number,
 *   wasmModule?: import('./index.d.ts').AuthHost['wasmModule'],
 * }} MachineRunner what a runner gives its machines
 * @typedef {{
 *   machineConfig: Record<string, unknown>,
 *   clientId: string,
 *   locks: import('./index.d.ts').LockManagerLike | null,
 *   transport: ReturnType<typeof hostTransport>,
 *   now: () => number,
 *   makeMachine: () => Promise<WasmAuth>,
 * }} Prepared
 */

/**
 * The parts of a runner's machines that do not depend on the request, made once.
 * @param {MachineRunner} runner
 * @returns {Prepared}
 */
export function prepareMachines(runner) {
  // As createAuth(config, { fetch, crossTab: false, now, wasmModule }) prepares them.
  const host = { fetch: runner.fetch, crossTab: false, now: runner.now, wasmModule: runner.wasmModule };
  const { machineConfig, locks } = withPageSettings(normalizeAnyConfig(runner.config), host);
  const loadMachineWasm = lazyWasm(host);
  /** The configuration as the wasm parsed it (once it parsed). @type {WasmConfig | undefined} */
  let parsed;
  const makeMachine = () =>
    loadMachineWasm().then(() => {
      try {
        parsed ??= new WasmConfig(machineConfig);
        const machine = WasmAuth.fromConfig(parsed);
        // Queries go to the machine as commands: no view after each input (see publishView).
        machine.publishView(false);
        return machine;
      } catch (e) {
        throw toAuthError(e, 'AuthUserPoolException');
      }
    });
  return {
    machineConfig,
    clientId: String(machineConfig.userPoolClientId ?? ''),
    locks: locks ?? null,
    transport: hostTransport(host),
    now: runner.now,
    makeMachine,
  };
}

/**
 * The driver of a server machine: nobody subscribes to its snapshot (a context answers
 * from the machine's results and view), so the machine is not asked for one after each
 * input.
 */
class ServerDriver extends Driver {
  /** @override @returns {boolean} */
  updateSnapshot() {
    return false;
  }
}

/** One request's machine (see the top). */
export class ServerMachine {
  /** @param {Driver} driver */
  constructor(driver) {
    /** @type {Driver} */
    this.driver = driver;
  }

  /**
   * Amplify's fetchAuthSession.
   * @param {FetchAuthSessionOptions} [options]
   * @returns {Promise<AuthSession>}
   */
  fetchAuthSession(options) {
    if (options && options.forceRefresh) return this.driver.command({ type: 'fetchAuthSession', forceRefresh: true }, toSession);
    return this.driver.query('session', { type: 'fetchAuthSession', forceRefresh: false }, toSession);
  }

  /** Amplify's getCurrentUser. @returns {Promise<AuthUser>} */
  getCurrentUser() {
    return this.driver.query('user', { type: 'getCurrentUser' }, copyUser);
  }

  /** Amplify's fetchUserAttributes (Cognito GetUser). @returns {Promise<Record<string, string>>} */
  fetchUserAttributes() {
    return this.driver.command({ type: 'fetchUserAttributes' }, /** @type {(v: unknown) => Record<string, string>} */ (identity));
  }

  /** Frees the wasm instance now; later calls fail with InstanceClosedException. */
  dispose() {
    this.driver.unstale?.();
    this.driver.dispose();
  }
}

/**
 * A machine over `storage` (the request's), made from the runner's prepared parts. The
 * wasm instance is made when the first call needs it.
 * @param {Prepared} prepared
 * @param {KeyValueStorageInterface} storage
 * @returns {Promise<ServerMachine>}
 */
export async function openServerMachine(prepared, storage) {
  const opened = await openStorage({ storage }, prepared.clientId);
  const driver = new ServerDriver(prepared.makeMachine, {
    send: prepared.transport.send,
    storage: opened,
    random: null,
    now: prepared.now,
    navigate: undefined,
    webauthn: undefined,
    locks: prepared.locks,
  });
  return new ServerMachine(driver);
}
