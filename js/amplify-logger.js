// Amplify's ConsoleLogger (`aws-amplify/utils`): named loggers with levels (VERBOSE, DEBUG,
// INFO, WARN, ERROR, NONE; WARN by default), the global `ConsoleLogger.LOG_LEVEL` or
// `window.LOG_LEVEL` override, Amplify's `[LEVEL] mm:ss.ms name - message` lines. Our own
// (see amplify-i18n.js for why not @aws-amplify/core's); CloudWatch pluggables are kept in
// a list but never sent to.

/** @type {Record<string, number>} */
const LEVELS = { VERBOSE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, NONE: 6 };

/** @param {number} n */
const pad = (n) => (n < 10 ? `0${n}` : `${n}`);

/** Amplify's ConsoleLogger. */
export class ConsoleLogger {
  /** A level for every logger (Amplify's). @type {string | null} */
  static LOG_LEVEL = null;
  /** Use console.info / console.debug for those levels (Amplify's). */
  static BIND_ALL_LOG_LEVELS = false;

  /**
   * @param {string} name
   * @param {string} [level] `'WARN'` unless given
   */
  constructor(name, level = 'WARN') {
    /** The logger's name, in every line. */
    this.name = name;
    /** The lowest level written. */
    this.level = level;
    /** @type {unknown[]} */
    this._pluggables = [];
    /** @type {unknown} */
    this._config = undefined;
  }

  /** @param {unknown} [config] */
  configure(config) {
    if (config) this._config = config;
    return this._config;
  }

  /**
   * @param {string} type
   * @param {unknown[]} msg
   */
  _log(type, msg) {
    let levelName = ConsoleLogger.LOG_LEVEL || this.level;
    const pageLevel = typeof window !== 'undefined' ? /** @type {{ LOG_LEVEL?: string }} */ (window).LOG_LEVEL : undefined;
    if (pageLevel) levelName = pageLevel;
    if (!(LEVELS[type] >= LEVELS[levelName])) return;
    let write = console.log.bind(console);
    if (type === 'ERROR' && console.error) write = console.error.bind(console);
    if (type === 'WARN' && console.warn) write = console.warn.bind(console);
    if (ConsoleLogger.BIND_ALL_LOG_LEVELS) {
      if (type === 'INFO' && console.info) write = console.info.bind(console);
      if (type === 'DEBUG' && console.debug) write = console.debug.bind(console);
    }
    const now = new Date();
    const prefix = `[${type}] ${pad(now.getMinutes())}:${pad(now.getSeconds())}.${now.getMilliseconds()} ${this.name}`;
    if (msg.length === 1 && typeof msg[0] === 'string') write(`${prefix} - ${msg[0]}`);
    else if (msg.length === 1) write(prefix, msg[0]);
    else if (typeof msg[0] === 'string') write(`${prefix} - ${msg[0]}`, msg.length === 2 ? msg[1] : msg.slice(1));
    else write(prefix, msg);
  }

  /** @param {...unknown} msg */
  log(...msg) {
    this._log('INFO', msg);
  }
  /** @param {...unknown} msg */
  info(...msg) {
    this._log('INFO', msg);
  }
  /** @param {...unknown} msg */
  warn(...msg) {
    this._log('WARN', msg);
  }
  /** @param {...unknown} msg */
  error(...msg) {
    this._log('ERROR', msg);
  }
  /** @param {...unknown} msg */
  debug(...msg) {
    this._log('DEBUG', msg);
  }
  /** @param {...unknown} msg */
  verbose(...msg) {
    this._log('VERBOSE', msg);
  }
  /** Amplify's (CloudWatch logging is not provided: kept, never sent to). @param {unknown} pluggable */
  addPluggable(pluggable) {
    if (pluggable) this._pluggables.push(pluggable);
  }
  /** The pluggables added. */
  listPluggables() {
    return this._pluggables;
  }
}
