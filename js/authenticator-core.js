// What a createAuth instance's authenticator stores share: the facade, cached by revision,
// and the form's touched and required fields; and the registry of instances to cores.

import { report } from './errors.js';

/** @typedef {import('./wire.js').Facade} Facade */
/** @typedef {import('./wire.js').UiEvent} UiEvent */

/** What a createAuth instance shares between its stores: the facade, cached by revision. */
export class Core {
  /**
   * @param {import('./driver.js').Driver} driver the effect driver (`facade()`, `ui(event)`, `snapshot`, `on('handled')`)
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

/** The core of each createAuth instance. @type {WeakMap<object, Core>} */
export const cores = new WeakMap();
