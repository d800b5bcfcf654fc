// Frozen values handed to the app: snapshots and views that no caller can change.

/**
 * @typedef {import('./index.d.ts').AuthSnapshot} AuthSnapshot
 * @typedef {import('./wire.js').Snapshot} Snapshot
 */

/** `v` and everything in it frozen. @template T @param {T} v @returns {T} */
export function deepFreeze(v) {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze(/** @type {Record<string, unknown>} */ (v)[k]);
  }
  return v;
}

/** Same status, user and step (the revision aside). @param {AuthSnapshot} a @param {AuthSnapshot} b */
export function sameSnapshot(a, b) {
  return (
    a.authStatus === b.authStatus &&
    a.isPending === b.isPending &&
    a.signInStep === b.signInStep &&
    JSON.stringify(a.user) === JSON.stringify(b.user)
  );
}

/** The machine's snapshot, frozen with its user. @param {Snapshot} snapshot @returns {AuthSnapshot} */
export function freezeSnapshot(snapshot) {
  if (snapshot && snapshot.user) {
    if (snapshot.user.signInDetails) Object.freeze(snapshot.user.signInDetails);
    Object.freeze(snapshot.user);
  }
  return Object.freeze(snapshot);
}
