// A scriptable Cognito for the authenticator tests: fake-cognito.mjs underneath (SRP
// sign-in, tokens, GetUser, sign-up, refresh), plus per-operation answers queued by the
// test (`once`) or standing (`always`), and a gate that holds every answer back (to see
// pending states). Plain ES module without Node APIs: it also runs inside a Chromium page.
//
//   const cognito = createScriptedCognito();
//   cognito.once('RespondToAuthChallenge', { ChallengeName: 'SMS_MFA', Session: 's', ChallengeParameters: {} });
//   cognito.once('RespondToAuthChallenge', () => ({ AuthenticationResult: cognito.tokens('alice') }));
//   const release = cognito.hold();  …  release();
import { createFakeCognito, json, serviceError } from './fake-cognito.mjs';

export const POOL_ID = 'us-east-1_UiPool1';
export const CLIENT_ID = 'uiclient123';
export const config = { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, endpoint: 'https://cognito.test.invalid/' };

/** GetUser's answer for a user whose email is verified (sign-in then ends on `authenticated`). */
export const verifiedUser = (username = 'alice') => ({
  Username: username,
  UserAttributes: [
    { Name: 'sub', Value: 'sub-' + username },
    { Name: 'email', Value: `${username}@example.com` },
    { Name: 'email_verified', Value: 'true' },
  ],
});

/**
 * @param {{ users?: Record<string, string> }} [options]
 */
export function createScriptedCognito(options = {}) {
  const fake = createFakeCognito({ clientId: CLIENT_ID, poolId: POOL_ID, users: options.users ?? { alice: 'Correct-Horse-1' } });
  /** @type {Map<string, Array<(body: any) => any>>} */
  const queued = new Map();
  /** @type {Map<string, (body: any) => any>} */
  const standing = new Map();
  /** @type {{ op: string, body: any }[]} */
  const calls = [];
  /** @type {Promise<void> | undefined} */
  let gate;

  /** @param {any} answer @returns {(body: any) => any} */
  const asFn = (answer) => (typeof answer === 'function' ? answer : () => answer);
  /** @param {any} out */
  const toResponse = (out) => (out instanceof Response ? out : json(200, out));

  /** The next call of `op` answers `answer` (an object: 200 with that JSON; a function of the request body; a Response). */
  function once(op, answer) {
    if (!queued.has(op)) queued.set(op, []);
    queued.get(op).push(asFn(answer));
  }

  /** Every call of `op` (once the queued answers are used up) answers `answer`. */
  function always(op, answer) {
    standing.set(op, asFn(answer));
  }

  /** Holds every answer until the returned function is called. */
  function hold() {
    let release = () => {};
    gate = new Promise((resolve) => {
      release = () => {
        gate = undefined;
        resolve();
      };
    });
    return release;
  }

  async function fetch(url, init = {}) {
    const target = new Headers(init.headers).get('x-amz-target') ?? '';
    const op = target.slice(target.indexOf('.') + 1);
    let body = {};
    try {
      body = init.body ? JSON.parse(init.body) : {};
    } catch {
      body = {};
    }
    calls.push({ op, body });
    while (gate) await gate;
    const q = queued.get(op);
    if (q && q.length) return toResponse(await q.shift()(body));
    if (standing.has(op)) return toResponse(await standing.get(op)(body));
    return fake.fetch(url, init);
  }

  always('GetUser', () => verifiedUser());

  return {
    fetch,
    calls,
    once,
    always,
    hold,
    /** Tokens for `username` (an `AuthenticationResult`), known to GetUser and refresh. */
    tokens: (username = 'alice') => fake.tokensFor(username),
    /** The operations called so far. */
    ops: () => calls.map((c) => c.op),
    json,
    serviceError,
  };
}
