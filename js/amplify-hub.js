// Amplify's Hub (`aws-amplify/utils`): one bus per page for the drop-in's events. When the
// app also uses @aws-amplify/core (cognito-headless/amplify/with-core), `useCoreHub` makes
// this Hub a front for core's, so every listener hears both engines' events on one bus.

import { report } from './errors.js';

/**
 * @typedef {import('./amplify.d.ts').HubCapsule} HubCapsule
 * @typedef {{ event: string, data?: unknown, message?: string }} HubPayload
 * @typedef {(capsule: HubCapsule) => void} HubCallback
 * @typedef {{
 *   listen(channel: string, callback: HubCallback, options?: unknown): () => void,
 *   dispatch(channel: string, payload: HubPayload, source?: string, ampSymbol?: unknown, crossTab?: boolean): void,
 * }} CoreHub
 * @typedef {{ channel: string, callback: HubCallback, options: unknown, stop: (() => void) | undefined }} Listener
 */

/** Amplify's protected channels: dispatching on them from app code only warns. */
const PROTECTED_CHANNELS = new Set(['core', 'auth', 'api', 'analytics', 'interactions', 'pubsub', 'storage', 'ui', 'xr']);
/** Marks the drop-in's own dispatches (Amplify's `AMPLIFY_SYMBOL`). */
export const INTERNAL = Symbol('cognito-headless');

/** Every listener, in the order added. @type {Set<Listener>} */
const listeners = new Set();
/** @type {{ hub: CoreHub, symbol: unknown } | undefined} */
let core;

/**
 * Hands `listener` to core's Hub (when there is one) and remembers how to stop it there.
 * @param {Listener} listener
 */
function attach(listener) {
  if (core) listener.stop = core.hub.listen(listener.channel, listener.callback, listener.options);
}

/**
 * From now on, every listener and every dispatch goes to core's Hub (Amplify's own bus,
 * which API, Storage and DataStore use). Listeners added before are moved over.
 * @param {CoreHub} hub @aws-amplify/core's `Hub`
 * @param {unknown} symbol core's `AMPLIFY_SYMBOL`, for the drop-in's own dispatches
 */
export function useCoreHub(hub, symbol) {
  if (core && core.hub === hub) return;
  core = { hub, symbol };
  for (const listener of listeners) attach(listener);
}

/**
 * Sends `payload` to the channel's listeners as Amplify's capsule.
 * @param {string} channel
 * @param {HubPayload} payload
 * @param {string} source
 * @param {symbol} [internal] `INTERNAL` for the drop-in's own events
 * @param {boolean} [crossTab] another tab caused it: as Amplify's Hub (`_toListeners`), only
 *   listeners on 'auth' that passed `{ enableCrossTabEvents: true }` get it
 */
export function hubDispatch(channel, payload, source, internal, crossTab) {
  if (core) {
    const symbol = internal === INTERNAL ? core.symbol : undefined;
    if (crossTab) core.hub.dispatch(channel, payload, source, symbol, true);
    else core.hub.dispatch(channel, payload, source, symbol);
    return;
  }
  if (PROTECTED_CHANNELS.has(channel) && internal !== INTERNAL) {
    try {
      console.warn(`WARNING: ${channel} is protected and dispatching on it can have unintended consequences`);
    } catch {
      // no console
    }
  }
  /** @type {HubCapsule} */
  const capsule = { channel, payload: { ...payload }, source, patternInfo: [] };
  if (crossTab) capsule.crossTab = true;
  for (const listener of [...listeners]) {
    if (listener.channel !== channel || !listeners.has(listener)) continue;
    if (crossTab && !(channel === 'auth' && wantsOtherTabs(listener.options))) continue;
    try {
      const r = /** @type {PromiseLike<unknown> | void} */ (listener.callback(capsule));
      if (r && typeof r.then === 'function') r.then(undefined, (/** @type {unknown} */ e) => report(`a Hub '${channel}' listener failed`, e));
    } catch (e) {
      report(`a Hub '${channel}' listener threw`, e);
    }
  }
}

/** Whether `Hub.listen`'s options ask for other tabs' events. @param {unknown} options */
const wantsOtherTabs = (options) =>
  typeof options === 'object' && options !== null && /** @type {{ enableCrossTabEvents?: unknown }} */ (options).enableCrossTabEvents === true;

/**
 * Amplify's Hub: `listen(channel, callback, options)` returns the function that stops
 * listening. Other tabs' auth events reach a listener only with `{ enableCrossTabEvents: true }`.
 */
export const Hub = {
  /**
   * @param {string} channel
   * @param {HubCallback} callback
   * @param {unknown} [options] Amplify's listener name or `{ listenerName, enableCrossTabEvents }` (handed to core's Hub under with-core)
   * @returns {() => void}
   */
  listen(channel, callback, options) {
    if (typeof callback !== 'function') throw new TypeError('Hub.listen(channel, callback): callback must be a function');
    /** @type {Listener} */
    const listener = { channel, callback: (capsule) => callback(capsule), options, stop: undefined };
    listeners.add(listener);
    attach(listener);
    return () => {
      listeners.delete(listener);
      listener.stop?.();
      listener.stop = undefined;
    };
  },
  /**
   * @param {string} channel
   * @param {HubPayload} payload
   * @param {string} [source]
   */
  dispatch(channel, payload, source = '') {
    hubDispatch(channel, payload, source);
  },
};
