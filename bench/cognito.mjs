// What the flow and memory sections put between the clients and "Cognito":
//
//   timedFetch(inner, transform?)  a fetch that counts the calls, the wall time and the
//                                  process CPU time spent inside it (the body is read inside,
//                                  so a slow body counts as network, not as client time).
//   motoShim                       three corrections of moto 5.2.5's answers (see below), so
//                                  that both clients do the same calls as against Cognito.
//   fakeCognito(...)               an in-process Cognito for InitiateAuth (USER_SRP_AUTH),
//                                  RespondToAuthChallenge (PASSWORD_VERIFIER) and RevokeToken,
//                                  with JWT-shaped tokens of Cognito's sizes and claims. It does
//                                  not check the SRP proof (moto does not either).

// Runs in Node and in the browser (flow-page.mjs): WebCrypto, btoa/atob, no Buffer.

const randomBytes = (n) => crypto.getRandomValues(new Uint8Array(n));
const randomUUID = () => crypto.randomUUID();
const b64 = (bytes) => {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
};
const b64url = (bytes) => b64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const utf8 = (s) => new TextEncoder().encode(s);
const json64 = (o) => b64url(utf8(JSON.stringify(o)));
const fromB64url = (s) => new TextDecoder().decode(Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4)), (c) => c.charCodeAt(0)));
const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
/** Process CPU time in ms where there is one (Node), else NaN. */
const cpuNow = () => {
  const p = globalThis.process;
  if (!p?.cpuUsage) return NaN;
  const c = p.cpuUsage();
  return (c.user + c.system) / 1000;
};

/** The operation name of a Cognito JSON call (`x-amz-target: AWSCognito…Service.Op`). */
export function targetOf(init) {
  const h = init?.headers;
  let t;
  if (!h) t = undefined;
  else if (typeof h.get === 'function') t = h.get('x-amz-target');
  else if (Array.isArray(h)) t = h.find(([k]) => k.toLowerCase() === 'x-amz-target')?.[1];
  else t = Object.entries(h).find(([k]) => k.toLowerCase() === 'x-amz-target')?.[1];
  return t ? String(t).split('.').pop() : 'unknown';
}

/**
 * A fetch that measures itself. `transform(op, status, headers, bodyText, init)` may replace
 * the answer ({ status, headers, body }) or return undefined to keep it.
 */
export function timedFetch(inner, transform) {
  const stats = { calls: 0, wallMs: 0, cpuMs: 0, ops: [] };
  const fetch = async (url, init) => {
    const t0 = performance.now();
    const c0 = cpuNow();
    try {
      const op = targetOf(init);
      let flow = '';
      if (op === 'InitiateAuth') {
        try {
          flow = ` (${JSON.parse(String(init.body)).AuthFlow})`;
        } catch {
          // not JSON: leave the flow out
        }
      }
      stats.ops.push(op + flow);
      let res;
      if (transform?.answerLocally?.(op)) {
        res = transform.answerLocally(op);
      } else {
        const r = await inner(url, init);
        // Bytes, not text: a non-Cognito fetch (our loader's .wasm) passes through intact.
        const body = new Uint8Array(await r.arrayBuffer());
        res = { status: r.status, headers: [...r.headers].filter(([k]) => !/^content-(length|encoding)$/i.test(k)), body };
        if (transform && op !== 'unknown') res = transform(op, { ...res, body: new TextDecoder().decode(body) }, init) ?? res;
      }
      return new Response(res.body, { status: res.status, headers: res.headers });
    } finally {
      stats.calls++;
      stats.wallMs += performance.now() - t0;
      stats.cpuMs += cpuNow() - c0;
    }
  };
  return { fetch, stats };
}

// ---------------------------------------------------------------- tokens

/** A JWT-shaped token: RS256 header with a kid, the claims, 256 random "signature" bytes. */
export function jwt(claims) {
  const header = { kid: b64url(randomBytes(32)) + '=', alg: 'RS256' };
  return `${json64(header)}.${json64(claims)}.${b64url(randomBytes(256))}`;
}

/** Cognito's refresh token: a JWE (RSA-OAEP, A256GCM), five base64url parts, ~1,800 chars. */
export function refreshToken() {
  const header = { cty: 'JWT', enc: 'A256GCM', alg: 'RSA-OAEP' };
  return [json64(header), b64url(randomBytes(256)), b64url(randomBytes(12)), b64url(randomBytes(1190)), b64url(randomBytes(16))].join('.');
}

/** An access and an ID token with the claims Cognito puts in them. */
export function cognitoTokens({ region = 'us-east-1', userPoolId, clientId, username, sub, email, nowS = Math.floor(Date.now() / 1000) }) {
  const iss = `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
  const originJti = randomUUID();
  const eventId = randomUUID();
  const common = { sub, iss, origin_jti: originJti, event_id: eventId, auth_time: nowS, exp: nowS + 3600, iat: nowS, jti: randomUUID() };
  const access = { ...common, client_id: clientId, token_use: 'access', scope: 'aws.cognito.signin.user.admin', username };
  const id = { ...common, aud: clientId, token_use: 'id', email_verified: true, 'cognito:username': username, email };
  return { AccessToken: jwt(access), IdToken: jwt(id), RefreshToken: refreshToken(), ExpiresIn: 3600, TokenType: 'Bearer' };
}

// ---------------------------------------------------------------- moto shim

/**
 * moto 5.2.5 differs from Cognito in three ways that change what the clients do:
 *   1. InitiateAuth answers USER_ID_FOR_SRP with the user's sub, where Cognito gives the
 *      username in a pool without alias attributes. Amplify sends it back as USERNAME, and
 *      moto then fails with UserNotFoundException. The shim puts the username there.
 *   2. Its tokens lack `origin_jti`, so Amplify's signOut skips RevokeToken (ours calls it
 *      anyway). The shim adds the claim (the signature is not re-made: neither client checks
 *      it), so both revoke, as against Cognito.
 *   3. It does not implement RevokeToken (HTTP 500, which our transport retries with
 *      backoff). The shim answers `{}` with HTTP 200, as Cognito does.
 * The shim runs inside timedFetch, so its time counts as "inside fetch" for both clients.
 */
export function motoShim() {
  const fix = (op, res) => {
    if (res.status !== 200 || (op !== 'InitiateAuth' && op !== 'RespondToAuthChallenge')) return undefined;
    const b = JSON.parse(res.body);
    const p = b.ChallengeParameters;
    if (p?.USER_ID_FOR_SRP && p.USERNAME) p.USER_ID_FOR_SRP = p.USERNAME;
    const r = b.AuthenticationResult;
    if (r) {
      const jti = randomUUID();
      for (const k of ['AccessToken', 'IdToken']) {
        if (!r[k]) continue;
        const [h, claims64, sig] = r[k].split('.');
        const claims = JSON.parse(fromB64url(claims64));
        claims.origin_jti = jti;
        r[k] = `${h}.${json64(claims)}.${sig}`;
      }
    }
    return { ...res, body: JSON.stringify(b) };
  };
  fix.answerLocally = (op) => (op === 'RevokeToken' ? { status: 200, headers: [['content-type', 'application/x-amz-json-1.1']], body: '{}' } : undefined);
  return fix;
}

// ---------------------------------------------------------------- fake Cognito

/**
 * An in-process Cognito user pool with one user, as a fetch function. Answers like Cognito
 * (JSON 1.1, `x-amzn-requestid`), with a fresh B, salt, SECRET_BLOCK and tokens each time.
 */
export function fakeCognito({ userPoolId, clientId, username, email = 'demo@example.com' }) {
  const sub = randomUUID();
  const sessions = new Set();
  const ok = (body) => ({ status: 200, headers: [['content-type', 'application/x-amz-json-1.1'], ['x-amzn-requestid', randomUUID()]], body: JSON.stringify(body) });
  const err = (type, message) => ({ status: 400, headers: [['content-type', 'application/x-amz-json-1.1'], ['x-amzn-errortype', `${type}:`]], body: JSON.stringify({ __type: type, message }) });
  const answer = (op, req) => {
    if (req.ClientId !== undefined && req.ClientId !== clientId) return err('ResourceNotFoundException', 'client not found');
    switch (op) {
      case 'InitiateAuth': {
        if (req.AuthFlow !== 'USER_SRP_AUTH') return err('InvalidParameterException', 'flow');
        if (req.AuthParameters?.USERNAME !== username) return err('UserNotFoundException', 'User does not exist.');
        const srpA = req.AuthParameters?.SRP_A ?? '';
        if (!/^[0-9a-f]{700,}$/i.test(srpA)) return err('InvalidParameterException', 'SRP_A');
        // B < N: 384 bytes with the first below N's 0xFF.
        const b = randomBytes(384);
        b[0] = (b[0] & 0x7f) | 0x01;
        const session = b64url(randomBytes(600));
        sessions.add(session);
        return ok({
          ChallengeName: 'PASSWORD_VERIFIER',
          ChallengeParameters: {
            SALT: hex(randomBytes(16)).replace(/^0+/, ''),
            SECRET_BLOCK: b64(randomBytes(1100)),
            SRP_B: hex(b),
            USERNAME: username,
            USER_ID_FOR_SRP: username,
          },
          Session: session,
        });
      }
      case 'RespondToAuthChallenge': {
        const r = req.ChallengeResponses ?? {};
        if (req.ChallengeName !== 'PASSWORD_VERIFIER' || !r.PASSWORD_CLAIM_SIGNATURE || !r.PASSWORD_CLAIM_SECRET_BLOCK || !r.TIMESTAMP) {
          return err('InvalidParameterException', 'challenge responses');
        }
        if (r.USERNAME !== username) return err('UserNotFoundException', 'User does not exist.');
        if (req.Session !== undefined && !sessions.delete(req.Session)) return err('NotAuthorizedException', 'Invalid session for the user.');
        return ok({ AuthenticationResult: cognitoTokens({ userPoolId, clientId, username, sub, email }), ChallengeParameters: {} });
      }
      case 'RevokeToken':
        return ok({});
      default:
        return err('InvalidAction', `${op} is not faked`);
    }
  };
  return async (url, init) => {
    const op = targetOf(init);
    const req = init?.body ? JSON.parse(String(init.body)) : {};
    const res = answer(op, req);
    return new Response(res.body, { status: res.status, headers: res.headers });
  };
}
