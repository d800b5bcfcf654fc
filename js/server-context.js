// One server request's authentication context: the request's cookie storage, the session
// read from it (tokens verified against the pool's key set), and, only when a call needs
// one (a refresh, identity-pool credentials, a Cognito call), a machine over the same
// storage (server-machine.js: createAuth's driver and machine, without what only a page
// uses). The runner closes the context when the operation settles: the machine's wasm
// instance is freed then, not when the garbage collector gets to it.
//
// A signed-in request that only reads (getCurrentUser, fetchAuthSession while the tokens
// are valid) never makes a machine: the tokens are read, verified and answered in JS.

import { AuthError } from './errors.js';
import { prepareMachines, openServerMachine } from './server-machine.js';
import { sessionFrom, storedDriftMs, validUntil, UNAUTHENTICATED } from './stored-session.js';
import { toSession } from './results.js';

/**
 * @typedef {import('./server-machine.js').ServerMachine} Auth
 * @typedef {import('./index.d.ts').AuthSession} AuthSession
 * @typedef {import('./index.d.ts').AuthUser} AuthUser
 * @typedef {import('./index.d.ts').KeyValueStorageInterface} KeyValueStorageInterface
 * @typedef {import('./server-jwt.js').Verdict} Verdict
 * @typedef {{
 *   config: Record<string, unknown>,
 *   clientId: string,
 *   verify: ((token: string, use: 'access' | 'id') => Promise<Verdict>) | null,
 *   fetch: (url: string, init?: RequestInit) => Promise<any>,
 *   now: () => number,
 *   wasmModule?: import('./index.d.ts').AuthHost['wasmModule'],
 *   machines?: import('./server-machine.js').Prepared,
 * }} Runner
 *   `machines`: what every machine of the runner is made from (made on first need)
 * The session in the cookies: nobody (or tokens that do not verify), authentic tokens that
 * need a refresh (the machine), or valid verified tokens.
 * @typedef {{ state: 'signedOut' } | { state: 'machine' } | { state: 'signedIn', answer: () => SignedIn | undefined }} Read
 *   `answer`: the session and user, made on first need (undefined: the tokens do not parse)
 * @typedef {{ session: import('./wire.js').AuthSession, user: AuthUser }} SignedIn
 */

const PREFIX = 'CognitoIdentityServiceProvider';
/** The user keys the session is read from (the machine's order). */
const SESSION_KEYS = ['accessToken', 'idToken', 'refreshToken', 'clockDrift', 'signInDetails', 'oauthMetadata'];
/** Rust's `str::trim` (stored-session.js): the machine's reading of LastAuthUser. */
const RUST_WS = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/** Contexts by the spec handed to operations. @type {WeakMap<object, ServerContext>} */
const contexts = new WeakMap();

/** The signed-out answer of getCurrentUser. */
export const unauthenticated = () => new AuthError({ ...UNAUTHENTICATED });

/**
 * getCurrentUser's user from verified tokens, as aws-amplify/auth/server makes it: the
 * names in the tokens (never a cookie's LastAuthUser alone), the stored sign-in details.
 * @param {{ accessToken: { payload: Record<string, unknown> }, idToken?: { payload: Record<string, unknown> } }} tokens
 * @param {AuthUser['signInDetails']} [signInDetails]
 * @param {string} [fallbackName]
 * @returns {AuthUser}
 */
export function userFromTokens(tokens, signInDetails, fallbackName = '') {
  const id = tokens.idToken?.payload ?? {};
  const access = tokens.accessToken.payload;
  const name = id['cognito:username'] ?? access.username ?? fallbackName;
  const sub = id.sub ?? access.sub ?? '';
  /** @type {AuthUser} */
  const user = { username: String(name), userId: String(sub) };
  if (signInDetails) user.signInDetails = { ...signInDetails };
  return user;
}

/** One request's context (see the top). */
export class ServerContext {
  /** @param {Runner} runner @param {KeyValueStorageInterface} storage */
  constructor(runner, storage) {
    /** @type {Runner} */
    this.runner = runner;
    /** @type {KeyValueStorageInterface} */
    this.storage = storage;
    /** @type {Promise<Read> | undefined} */
    this.reading = undefined;
    /** @type {Promise<Auth> | undefined} */
    this.machineMade = undefined;
    /** The machine once made (disposed by close()). @type {Auth | undefined} */
    this.auth = undefined;
    /** Token texts the machine wrote (fresh from Cognito). @type {Set<string>} */
    this.written = new Set();
    /** The ID and access tokens that verified when the session was read. @type {string[]} */
    this.verified = [];
    /**
     * What the session's read found: the machine's first loads ask for the same keys.
     * Dropped by a write (a read that a write overtook is not kept).
     * @type {{ keys: string[], values: (string | null)[] } | undefined}
     */
    this.found = undefined;
    /** Writes through the machine so far. */
    this.writes = 0;
    this.closed = false;
    /** What operations receive (Amplify's ContextSpec shape: `{ token: { value: symbol } }`). */
    this.spec = Object.freeze({ token: Object.freeze({ value: Symbol('cognito-headless server context') }) });
    contexts.set(this.spec, this);
  }

  /**
   * The session in the cookies, verified; read once per request (the first call's
   * `needAnswer` decides how: either way the state and answers are the same).
   * @param {boolean} [needAnswer] false: the caller only asks whether someone is signed in
   */
  read(needAnswer = true) {
    return (this.reading ??= readSession(this, needAnswer));
  }

  /** The machine over this request's storage, made once when a call needs it. */
  machine() {
    if (this.closed) return Promise.reject(closedError());
    if (!this.machineMade) {
      const runner = this.runner;
      this.machineMade = openServerMachine((runner.machines ??= prepareMachines(runner)), guardedStorage(this));
      // A machine still being made when the context closes is disposed once it is there.
      this.machineMade.then(
        (auth) => {
          if (this.closed) auth.dispose();
          else this.auth = auth;
        },
        () => {},
      );
    }
    return this.machineMade;
  }

  /** Ends the context: a machine it made is disposed (its wasm memory freed) now. */
  close() {
    if (this.closed) return;
    this.closed = true;
    this.auth?.dispose();
    this.auth = undefined;
  }
}

/** @returns {AuthError} */
function closedError() {
  return new AuthError({
    name: 'InstanceClosedException',
    message: 'This server context has ended (its operation settled).',
    recoverySuggestion: 'Use the contextSpec only inside the operation passed to runWithAmplifyServerContext / runWithServerContext.',
  });
}

/**
 * The context of a spec an operation received.
 * @param {unknown} spec
 * @returns {ServerContext}
 */
export function contextOf(spec) {
  const ctx = spec && typeof spec === 'object' ? contexts.get(spec) : undefined;
  if (!ctx) {
    throw new AuthError({
      name: 'InvalidServerContextError',
      message: 'Not a server context of cognito-headless/server.',
      recoverySuggestion: 'Pass the contextSpec your operation received from runWithAmplifyServerContext / runWithServerContext.',
    });
  }
  if (ctx.closed) throw closedError();
  return ctx;
}

/**
 * The request's storage as the machine sees it: ID and access tokens that fail
 * verification read as absent (as Amplify's token validator makes them); tokens the
 * machine wrote (from Cognito) are taken as they are.
 * @param {ServerContext} ctx
 * @returns {KeyValueStorageInterface}
 */
function guardedStorage(ctx) {
  const { storage, runner } = ctx;
  return {
    async getItem(key) {
      const at = ctx.found ? ctx.found.keys.indexOf(key) : -1;
      const value = at >= 0 ? /** @type {{ values: (string | null)[] }} */ (ctx.found).values[at] : await storage.getItem(key);
      if (value === null || runner.verify === null || ctx.written.has(value) || ctx.verified.includes(value)) return value;
      const use = key.endsWith('.accessToken') ? 'access' : key.endsWith('.idToken') ? 'id' : undefined;
      if (!use) return value;
      const verdict = await runner.verify(value, use);
      return verdict.ok ? value : null;
    },
    async setItem(key, value) {
      if (key.endsWith('.accessToken') || key.endsWith('.idToken')) ctx.written.add(value);
      wrote(ctx);
      await storage.setItem(key, value);
    },
    removeItem(key) {
      wrote(ctx);
      return storage.removeItem(key);
    },
    clear() {
      wrote(ctx);
      return storage.clear();
    },
  };
}

/** A write through the machine: what the session's read found may be old now. @param {ServerContext} ctx */
function wrote(ctx) {
  ctx.writes++;
  ctx.found = undefined;
}

/**
 * Reads and verifies the session in the request's storage.
 * @param {ServerContext} ctx
 * @param {boolean} needAnswer whether the caller answers from the session (getCurrentUser,
 *   fetchAuthSession) rather than only asking whether there is one (fetchUserAttributes)
 * @returns {Promise<Read>}
 */
async function readSession(ctx, needAnswer) {
  const { storage, runner } = ctx;
  const client = `${PREFIX}.${runner.clientId}`;
  const writes = ctx.writes;
  const lastKey = `${client}.LastAuthUser`;
  const lastRaw = await storage.getItem(lastKey);
  const username = lastRaw === null ? '' : lastRaw.replace(RUST_WS, '');
  if (username === '') return { state: 'signedOut' };
  const keys = SESSION_KEYS.map((name) => `${client}.${username}.${name}`);
  const values = await Promise.all(keys.map((key) => storage.getItem(key)));
  if (ctx.writes === writes) {
    keys.push(lastKey);
    values.push(lastRaw);
    ctx.found = { keys, values };
  }
  /** @type {Map<string, string>} */
  const found = new Map();
  SESSION_KEYS.forEach((name, i) => {
    const v = values[i];
    if (v !== null && v !== '') found.set(name, v);
  });
  const access = found.get('accessToken');
  if (access === undefined) return { state: 'signedOut' };
  const id = found.get('idToken');
  /** @param {string} name */
  const get = (name) => found.get(name);
  let expired = false;
  if (runner.verify) {
    const [a, i] = await Promise.all([runner.verify(access, 'access'), id === undefined ? undefined : runner.verify(id, 'id')]);
    // A forged, foreign or unverifiable token: nobody is signed in.
    if (!a.ok || (i && !i.ok)) return { state: 'signedOut' };
    ctx.verified = id === undefined ? [access] : [access, id];
    expired = a.expired || (i !== undefined && i.ok && i.expired);
    if (!needAnswer) return stateFromClaims(ctx, username, get, a, i?.ok ? i : undefined, expired);
  }
  const session = sessionFrom(username, get);
  if (!session) return { state: 'signedOut' };
  if (expired || session.until === undefined || runner.now() > session.until) return { state: 'machine' };
  const answer = answerFrom(session, username);
  return { state: 'signedIn', answer: () => answer };
}

/**
 * The state of a read whose tokens verified, from their verified claims (as sessionFrom
 * would find them: tokens that verified are JWTs as Cognito signed them). The session's
 * objects are made only when an answer needs them: a request for the machine (which reads
 * the session itself) never parses the tokens here.
 * @param {ServerContext} ctx @param {string} username @param {(name: string) => string | undefined} get
 * @param {{ payload: Record<string, unknown> }} access @param {{ payload: Record<string, unknown> } | undefined} id
 * @param {boolean} expired
 * @returns {Read}
 */
function stateFromClaims(ctx, username, get, access, id, expired) {
  const accessSub = access.payload.sub;
  const idSub = id?.payload.sub;
  if (typeof accessSub === 'string' && typeof idSub === 'string' && accessSub !== idSub) return { state: 'signedOut' };
  const until = validUntil(access, id, storedDriftMs(get));
  if (expired || until === undefined || ctx.runner.now() > until) return { state: 'machine' };
  /** @type {SignedIn | undefined | null} */
  let made = null;
  return { state: 'signedIn', answer: () => (made === null ? (made = signedInFrom(username, get)) : made) };
}

/**
 * The answers of a signed-in read: sessionFrom over the values read (undefined when it
 * refuses them).
 * @param {string} username @param {(name: string) => string | undefined} get
 * @returns {SignedIn | undefined}
 */
function signedInFrom(username, get) {
  const session = sessionFrom(username, get);
  return session ? answerFrom(session, username) : undefined;
}

/**
 * fetchAuthSession's and getCurrentUser's answers from a stored session.
 * @param {NonNullable<ReturnType<typeof sessionFrom>>} session @param {string} username
 * @returns {SignedIn}
 */
function answerFrom(session, username) {
  /** @type {import('./wire.js').AuthSession} */
  const out = { tokens: session.tokens };
  const user = userFromTokens(session.tokens, session.user.signInDetails, username);
  if (user.userId !== '') out.userSub = user.userId;
  return { session: out, user };
}

/**
 * Runs `operation` in a new context of `runner` over `storage`, and closes the context when
 * the operation settles.
 * @template T
 * @param {Runner} runner
 * @param {KeyValueStorageInterface} storage
 * @param {(spec: import('./server.d.ts').ContextSpec) => T | Promise<T>} operation
 * @returns {Promise<T>}
 */
export async function runInContext(runner, storage, operation) {
  if (typeof operation !== 'function') throw new TypeError('operation must be a function (contextSpec) => …');
  const ctx = new ServerContext(runner, storage);
  try {
    return await operation(ctx.spec);
  } finally {
    ctx.close();
  }
}

/**
 * `fetchAuthSession(contextSpec)` over a context.
 * @param {ServerContext} ctx
 * @param {import('./index.d.ts').FetchAuthSessionOptions} [options]
 * @returns {Promise<AuthSession>}
 */
export async function sessionOf(ctx, options) {
  if (options?.forceRefresh) return (await ctx.machine()).fetchAuthSession({ forceRefresh: true });
  const read = await ctx.read();
  const c = ctx.runner.config;
  // With an identity pool the session has AWS credentials: the machine gets them.
  const identityPool = typeof c.identityPoolId === 'string' && c.identityPoolId !== '';
  if (read.state === 'signedIn' && !identityPool) return toSession(read.answer()?.session ?? {});
  if (read.state === 'signedOut' && !(identityPool && c.allowGuestAccess === true)) return toSession({});
  return (await ctx.machine()).fetchAuthSession();
}

/**
 * `getCurrentUser(contextSpec)` over a context.
 * @param {ServerContext} ctx
 * @returns {Promise<AuthUser>}
 */
export async function userOf(ctx) {
  const read = await ctx.read();
  if (read.state === 'signedIn') {
    const user = read.answer()?.user;
    if (!user) throw unauthenticated();
    return { ...user, ...(user.signInDetails ? { signInDetails: { ...user.signInDetails } } : {}) };
  }
  if (read.state === 'signedOut') throw unauthenticated();
  const auth = await ctx.machine();
  const session = await auth.fetchAuthSession();
  if (!session.tokens) throw unauthenticated();
  let details;
  try {
    details = (await auth.getCurrentUser()).signInDetails;
  } catch {
    details = undefined;
  }
  return userFromTokens(session.tokens, details);
}
