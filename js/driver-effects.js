// The driver's effects that reach the host without waiting on the queue: hub events to
// listeners, navigation, WebAuthn ceremonies; and the facade shown before the machine runs.

import { toAuthError, report } from './errors.js';
import { isThenable } from './env.js';
import { defaultNavigate } from './oauth.js';
import { runCeremony, withPasskeySuggestion } from './passkeys.js';
import { Listeners } from './listeners.js';

/**
 * @typedef {import('./index.d.ts').AuthHubPayload} HubPayload
 * @typedef {import('./wire.js').AuthEvent} AuthEvent
 * @typedef {import('./wire.js').Facade} Facade
 * @typedef {import('./index.d.ts').AuthSnapshot} AuthSnapshot
 * @typedef {import('./wasm/cognito_headless.js').MachineInput} MachineInput
 * @typedef {Map<string, Listeners<[HubPayload]>>} Hub listeners by event name ('*': every event)
 */

/**
 * Tells `hub`'s listeners of `event` (its own name's first, then '*'), with an error in
 * the data made into an AuthError.
 * @param {Hub} hub
 * @param {AuthEvent} event
 */
export function emitEvent(hub, event) {
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
      const r = /** @type {unknown} */ (handler(payload));
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
 * @param {(payload: HubPayload) => unknown} handler
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
