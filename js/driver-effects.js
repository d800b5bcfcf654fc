// The driver's effects: what each one does (applyEffect), with the host's storage, fetch,
// hub listeners, navigation, WebAuthn and Web Locks; and the facade shown before the
// machine runs. Only storage effects make the queue wait; the others answer (if at all)
// with a later input.

import { toAuthError, report } from './errors.js';
import { isThenable } from './env.js';
import { defaultNavigate } from './oauth.js';
import { runCeremony, withPasskeySuggestion } from './passkeys.js';
import { Listeners } from './listeners.js';
import { writeStorage, takePrefetched, storedText } from './driver-storage.js';

/**
 * @typedef {import('./index.d.ts').AuthHubPayload} HubPayload
 * @typedef {import('./wire.js').AuthEvent} AuthEvent
 * @typedef {import('./wire.js').Facade} Facade
 * @typedef {import('./index.d.ts').AuthSnapshot} AuthSnapshot
 * @typedef {import('./wasm/cognito_headless.js').MachineInput} MachineInput
 * @typedef {Map<string, Listeners<[HubPayload, { otherTab: boolean }]>>} Hub listeners by event name ('*': every event); `otherTab`: another tab caused it
 * @typedef {import('./driver.js').Driver} Driver
 * @typedef {import('./wire.js').Effect} Effect
 * @typedef {import('./transport.js').HttpRequest} HttpRequest
 */

/**
 * Carries out one effect for `driver`. Returns a promise only when the queue must wait.
 * @param {Driver} driver
 * @param {Effect} effect
 * @returns {void | Promise<void>}
 */
export function applyEffect(driver, effect) {
  const feed = (/** @type {MachineInput} */ input) => driver.feed({ input });
  switch (effect.type) {
    case 'http':
      sendHttp(driver, effect.id, effect.request, effect.retry === true);
      return;
    case 'load':
      return loadKeys(driver, effect.id, effect.keys);
    case 'store':
      return writeStorage(driver.host.storage, 'setItem', effect.key, effect.value);
    case 'remove':
      return writeStorage(driver.host.storage, 'removeItem', effect.key);
    case 'emit':
      emitEvent(driver.hub, effect.event, effect.otherTab === true);
      return;
    case 'complete':
      driver.complete(effect.op, effect.result);
      return;
    case 'navigate':
      // The hosted UI or its /logout, or a clean address bar after a callback (`replace`).
      navigateTo(driver.host.navigate, effect.url, effect.replace === true);
      return;
    case 'webAuthn':
      // Without blocking the queue; the credential (or Amplify's passkey error) comes
      // back as an input. `abortWebAuthn` (its sign-in or registration is over) aborts it,
      // which closes the browser's dialog; the answer that follows is ignored.
      startCeremony(driver.ceremonies, effect.id, effect.ceremony, effect.options, driver.host.webauthn, feed);
      return;
    case 'abortWebAuthn':
      driver.ceremonies.get(effect.id)?.abort();
      return;
    case 'lock':
      // Web Locks (js/cross-tab-lock.js), held until `unlock`; answered `lockAcquired`
      // (also when the machine must go on without it), or `lockHandedOver` when another
      // tab held it first (the machine lets that tab's storage writes arrive).
      driver.locks.lock(effect.id, effect.name, (handedOver) =>
        feed({ type: handedOver ? 'lockHandedOver' : 'lockAcquired', id: effect.id }),
      );
      return;
    case 'unlock':
      driver.unlock(effect.id);
      return;
    default:
      report(`unknown effect type ${effect && /** @type {{ type?: unknown }} */ (effect).type}`, effect);
  }
}

/**
 * Reads `keys` (from what the stored-session reader read, when nothing was written
 * since: the machine's restore reads the very same keys) and answers `storageLoaded`.
 * @param {Driver} driver @param {number} id @param {string[]} keys
 */
async function loadKeys(driver, id, keys) {
  const prefetched = takePrefetched(driver.prefetch, keys);
  /** @type {Record<string, string | null>} */
  const values = prefetched ?? {};
  // Read here, not in a helper: each await in between would move when the answer comes.
  for (const key of prefetched ? [] : keys) {
    try {
      values[key] = storedText(await driver.host.storage.getItem(key));
    } catch (e) {
      report(`storage.getItem(${JSON.stringify(key)}) failed; treating it as absent`, e);
      values[key] = null;
    }
  }
  driver.feed({ input: { type: 'storageLoaded', id, values } });
}

/**
 * Fires the request without blocking the queue; the answer comes back as an input.
 * @param {Driver} driver
 * @param {number} id
 * @param {HttpRequest} request
 * @param {boolean} retry whether the machine says repeating this call is safe
 */
function sendHttp(driver, id, request, retry) {
  driver.host.send(request, retry).then(
    (outcome) => driver.feed({ input: { type: 'httpResult', id, outcome } }),
    (e) =>
      driver.feed({
        input: { type: 'httpResult', id, outcome: { failure: { kind: 'network', message: String(e && e.message ? e.message : e) } } },
      }),
  );
}

/**
 * Tells `hub`'s listeners of `event` (its own name's first, then '*'), with an error in
 * the data made into an AuthError.
 * @param {Hub} hub
 * @param {AuthEvent} event
 * @param {boolean} [otherTab] another tab caused it (its sign-in, refresh or sign-out)
 */
export function emitEvent(hub, event, otherTab = false) {
  const name = event.name;
  /** @type {unknown} */
  let data = !('data' in event) || event.data === null ? undefined : event.data;
  if ((event.name === 'tokenRefresh_failure' || event.name === 'signInWithRedirect_failure') && event.data && event.data.error) {
    data = { ...event.data, error: withPasskeySuggestion(toAuthError(event.data.error)) };
  }
  const payload = /** @type {HubPayload} */ ({ event: name, data });
  const handlers = [...(hub.get(name)?.entries ?? []), ...(hub.get('*')?.entries ?? [])];
  for (const handler of handlers) {
    try {
      const r = /** @type {unknown} */ (handler(payload, { otherTab }));
      if (isThenable(r)) Promise.resolve(r).catch((e) => report(`a '${name}' listener failed`, e));
    } catch (e) {
      report(`a '${name}' listener threw`, e);
    }
  }
}

/**
 * Adds `handler` to `hub` for `name`; returns its unsubscribe.
 * @param {Hub} hub
 * @param {string} name
 * @param {(payload: HubPayload, info: { otherTab: boolean }) => unknown} handler
 */
export function listenHub(hub, name, handler) {
  let set = hub.get(name);
  if (!set) hub.set(name, (set = new Listeners()));
  return set.add(handler);
}

/**
 * Goes to the hosted UI or its /logout, or cleans the address bar after a callback
 * (`replace`): `navigate`, else location.assign / history.replaceState.
 * @param {((url: string, how: { replace: boolean }) => unknown) | undefined} navigate the host's
 * @param {string} url
 * @param {boolean} replace
 */
export function navigateTo(navigate, url, replace) {
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
 * Runs a WebAuthn ceremony; its credential (or Amplify's passkey error) goes to `answer`
 * as the machine's input. The controller (kept in `ceremonies` while it runs) aborts it.
 * @param {Map<number, AbortController>} ceremonies
 * @param {number} id
 * @param {'get' | 'create'} ceremony
 * @param {unknown} options Cognito's JSON options
 * @param {import('./passkeys.js').WebAuthnHost | undefined} webauthn the host's
 * @param {(input: MachineInput) => void} answer
 */
export function startCeremony(ceremonies, id, ceremony, options, webauthn, answer) {
  const controller = new AbortController();
  ceremonies.set(id, controller);
  const done = () => ceremonies.delete(id);
  runCeremony(ceremony === 'create' ? 'create' : 'get', options, webauthn, controller.signal).then(
    (outcome) => {
      done();
      answer({ type: 'webAuthnResult', id, ...outcome });
    },
    (e) => {
      done();
      answer({ type: 'webAuthnResult', id, error: { name: 'PasskeyRetrievalFailed', message: String(e) } });
    },
  );
}

/**
 * The facade before the machine runs: the stored session's status and user on route
 * `authenticated`, `idle` while configuring, else `setup` (the form waits for the machine).
 * @param {AuthSnapshot} s
 * @returns {Facade}
 */
export function provisionalFacade(s) {
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
