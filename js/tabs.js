// Following other tabs: when another tab (or another instance in this page) signs in,
// refreshes or signs out, this instance is told which storage key changed and the
// machine reads the session again (`{ type: 'storageChanged', key }`; it never writes in
// response, so tabs cannot ping-pong).
//
// Two sources, either or both:
//   - the storage's own events: `addListener` (Amplify's KeyValueStorageInterface; our
//     localStorage adapter turns window `storage` events into it);
//   - a BroadcastChannel `cognito-headless:<userPoolClientId>`, on which every instance
//     posts the keys it has just written. It covers storages without events (cookies,
//     IndexedDB wrappers) and instances in the same page.
// Changes are coalesced: a burst of keys (a sign-in writes six) becomes one re-read.

import { report } from './errors.js';

/** How long a burst of changes is gathered before the machine is told. */
export const COALESCE_MS = 15;

/**
 * The BroadcastChannel `cognito-headless:<clientId>`: each key posted on it goes to
 * `changed`; its close is added to `stops`. Undefined where there is none.
 * @param {string} clientId
 * @param {(key: string | null) => void} changed
 * @param {(() => void)[]} stops
 * @returns {BroadcastChannel | undefined}
 */
function openChannel(clientId, changed, stops) {
  if (typeof BroadcastChannel !== 'function') return undefined;
  try {
    const channel = new BroadcastChannel(`cognito-headless:${clientId}`);
    channel.onmessage = (event) => {
      const keys = event && event.data && event.data.keys;
      if (Array.isArray(keys)) for (const key of keys) changed(typeof key === 'string' ? key : null);
    };
    // Node: an open channel must not keep the process alive.
    /** @type {{ unref?: () => void }} */ (/** @type {unknown} */ (channel)).unref?.();
    stops.push(() => channel.close());
    return channel;
  } catch (e) {
    report('BroadcastChannel failed; other tabs are followed through storage events only', e);
    return undefined;
  }
}

/**
 * @param {{
 *   storage: { addListener?: (listener: (event: { key: string | null }) => void) => unknown },
 *   clientId: string,
 *   onChange: (key: string) => void,
 *   onStale?: () => void,
 * }} options
 *   `onStale` is called at once for every change (before coalescing): what was read of the
 *   session no longer holds.
 * @returns {{ announce(keys: string[]): void, stop(): void }}
 */
export function startTabSync({ storage, clientId, onChange, onStale }) {
  const prefix = `CognitoIdentityServiceProvider.${clientId}.`;
  /** @type {(() => void)[]} */
  const stops = [];
  /** @type {string | undefined} */
  let pending;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  let stopped = false;

  /** @param {string | null | undefined} key */
  const changed = (key) => {
    if (stopped) return;
    // null: the other tab cleared the whole storage.
    const k = key === null || key === undefined ? `${prefix}LastAuthUser` : String(key);
    if (!k.startsWith(prefix)) return;
    if (onStale) {
      try {
        onStale();
      } catch (e) {
        report('onStale failed', e);
      }
    }
    // Prefer the keys that say the most (the machine re-reads everything anyway).
    if (pending === undefined || /\.(LastAuthUser|refreshToken)$/.test(k)) pending = k;
    if (timer === undefined) {
      timer = setTimeout(() => {
        timer = undefined;
        const key = pending;
        pending = undefined;
        if (key !== undefined && !stopped) onChange(key);
      }, COALESCE_MS);
    }
  };

  if (typeof storage.addListener === 'function') {
    try {
      const off = storage.addListener((event) => changed(event && event.key));
      if (typeof off === 'function') stops.push(/** @type {() => void} */ (off));
    } catch (e) {
      report('storage.addListener failed; other tabs are followed through BroadcastChannel only', e);
    }
  }

  const channel = openChannel(clientId, changed, stops);

  return {
    announce(keys) {
      if (stopped || !channel || keys.length === 0) return;
      try {
        channel.postMessage({ keys });
      } catch (e) {
        report('BroadcastChannel.postMessage failed', e);
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      for (const stop of stops) {
        try {
          stop();
        } catch {
          // ignore
        }
      }
    },
  };
}
