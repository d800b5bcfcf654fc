// A scripted Cognito for the JS tests: user pool and identity pool APIs as a `fetch`
// function, with crafted (unsigned) JWTs and injectable faults. Plain ES module without
// Node APIs, so the same file runs inside a headless Chromium page.
//
//   const cognito = createFakeCognito({ clientId, poolId });
//   createAuth(config, { fetch: cognito.fetch });
//   cognito.fail('InitiateAuth', 2, () => cognito.json(503, {}));   // the next 2 calls
//   cognito.calls   // [{ url, target, op, body, headers }]

import { b64url } from './b64url.mjs';

let counter = 0;

/** A Cognito-looking JWT (RS256 header, base64url payload, fake signature). */
export function makeJwt(claims) {
  counter += 1;
  return `${b64url(JSON.stringify({ kid: 'test-kid', alg: 'RS256' }))}.${b64url(JSON.stringify(claims))}.${b64url('signature-' + counter)}`;
}

export function json(status, body, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.1', ...headers },
  });
}

export function serviceError(name, message = name, status = 400) {
  return json(status, { __type: name, message }, { 'x-amzn-errortype': `${name}:http://internal.amazon.com/coral/com.amazonaws.swbup.service/` });
}

const hex = (n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += ((i * 7 + 3) % 16).toString(16);
  return s;
};

/**
 * @param {{ clientId: string, poolId: string, now?: () => number, lifetimeS?: number,
 *           users?: Record<string, string>, rotation?: boolean, region?: string,
 *           idClaims?: Record<string, unknown>, delay?: (call: any) => Promise<void> }} options
 */
export function createFakeCognito(options) {
  const { clientId, poolId, now = () => Date.now(), lifetimeS = 3600, region = 'us-east-1' } = options;
  // Extra id-token claims (e.g. a long `groups` list, to make tokens that need several cookies).
  const idClaims = options.idClaims ?? {};
  // Called before every answer (e.g. a random delay, to interleave concurrent requests).
  const delay = options.delay;
  const users = options.users ?? { alice: 'Correct-Horse-1' };
  const subs = Object.fromEntries(Object.keys(users).map((u, i) => [u, `5f1c2a9e-1111-4222-8333-${String(944455556666 + i)}`]));
  const calls = [];
  /** @type {{ op: string, count: number, respond: (call: any) => any }[]} */
  const faults = [];
  const state = { refreshTokens: new Map(), accessTokens: new Map(), rotation: !!options.rotation, revoked: [], identityIds: 0 };

  function tokensFor(username, { refresh = true } = {}) {
    const iat = Math.floor(now() / 1000);
    const sub = subs[username];
    const common = { sub, iss: `https://cognito-idp.${region}.amazonaws.com/${poolId}`, iat, auth_time: iat, exp: iat + lifetimeS };
    counter += 1;
    const origin = 'origin-' + counter;
    const out = {
      AccessToken: makeJwt({ ...common, client_id: clientId, token_use: 'access', username, scope: 'aws.cognito.signin.user.admin', jti: 'a' + counter, origin_jti: origin }),
      IdToken: makeJwt({ ...idClaims, ...common, aud: clientId, token_use: 'id', 'cognito:username': username, email: `${username}@example.com`, jti: 'i' + counter, origin_jti: origin }),
      ExpiresIn: lifetimeS,
      TokenType: 'Bearer',
    };
    state.accessTokens.set(out.AccessToken, username);
    if (refresh) {
      out.RefreshToken = `refresh-${username}-${counter}`;
      state.refreshTokens.set(out.RefreshToken, username);
    }
    return out;
  }

  /** The next `count` calls of `op` (e.g. 'InitiateAuth', 'GetId') answer with `respond(call)` (a Response, or throw). */
  function fail(op, count, respond) {
    faults.push({ op, count, respond });
  }

  async function fetch(url, init = {}) {
    const headers = new Headers(init.headers);
    const target = headers.get('x-amz-target') ?? '';
    const op = target.slice(target.indexOf('.') + 1);
    let body = {};
    try {
      body = init.body ? JSON.parse(init.body) : {};
    } catch {
      body = {};
    }
    const call = { url: String(url), method: init.method, target, op, body, headers, signal: init.signal };
    calls.push(call);
    if (delay) await delay(call);
    const fault = faults.find((f) => f.op === op && f.count > 0);
    if (fault) {
      fault.count -= 1;
      return fault.respond(call);
    }
    switch (target) {
      case 'AWSCognitoIdentityProviderService.InitiateAuth': {
        const p = body.AuthParameters ?? {};
        if (body.AuthFlow === 'USER_PASSWORD_AUTH') {
          if (!(p.USERNAME in users) || users[p.USERNAME] !== p.PASSWORD) return serviceError('NotAuthorizedException', 'Incorrect username or password.');
          return json(200, { AuthenticationResult: tokensFor(p.USERNAME), ChallengeParameters: {} });
        }
        if (body.AuthFlow === 'USER_SRP_AUTH') {
          if (!(p.USERNAME in users)) return serviceError('UserNotFoundException', 'User does not exist.');
          return json(200, {
            ChallengeName: 'PASSWORD_VERIFIER',
            ChallengeParameters: {
              SALT: hex(32),
              SRP_B: 'a' + hex(767),
              SECRET_BLOCK: btoa('secret-block-' + counter),
              USER_ID_FOR_SRP: p.USERNAME,
              USERNAME: p.USERNAME,
            },
          });
        }
        if (body.AuthFlow === 'REFRESH_TOKEN_AUTH') {
          const username = state.refreshTokens.get(p.REFRESH_TOKEN);
          if (!username) return serviceError('NotAuthorizedException', 'Invalid Refresh Token');
          return json(200, { AuthenticationResult: tokensFor(username, { refresh: false }), ChallengeParameters: {} });
        }
        return serviceError('InvalidParameterException', `unsupported flow ${body.AuthFlow}`);
      }
      case 'AWSCognitoIdentityProviderService.RespondToAuthChallenge': {
        if (body.ChallengeName !== 'PASSWORD_VERIFIER') return serviceError('InvalidParameterException', 'unexpected challenge');
        const username = body.ChallengeResponses?.USERNAME;
        if (!(username in users)) return serviceError('NotAuthorizedException', 'Incorrect username or password.');
        // Like moto: any PASSWORD_CLAIM_SIGNATURE is accepted (SRP maths is proven elsewhere).
        return json(200, { AuthenticationResult: tokensFor(username), ChallengeParameters: {} });
      }
      case 'AWSCognitoIdentityProviderService.GetTokensFromRefreshToken': {
        const username = state.refreshTokens.get(body.RefreshToken);
        if (!username) {
          return state.rotation
            ? serviceError('RefreshTokenReuseException', 'Refresh token has been used already')
            : serviceError('NotAuthorizedException', 'Invalid Refresh Token');
        }
        if (state.rotation) {
          state.refreshTokens.delete(body.RefreshToken);
          return json(200, { AuthenticationResult: tokensFor(username) });
        }
        return json(200, { AuthenticationResult: tokensFor(username, { refresh: false }) });
      }
      case 'AWSCognitoIdentityProviderService.RevokeToken':
        state.revoked.push(body.Token);
        state.refreshTokens.delete(body.Token);
        return json(200, {});
      case 'AWSCognitoIdentityProviderService.GlobalSignOut':
        return json(200, {});
      case 'AWSCognitoIdentityProviderService.SignUp':
        return json(200, {
          UserConfirmed: false,
          UserSub: '0000aaaa-1111-4222-8333-944455550000',
          CodeDeliveryDetails: { DeliveryMedium: 'EMAIL', Destination: 'a***@e***', AttributeName: 'email' },
        });
      case 'AWSCognitoIdentityProviderService.GetUser': {
        const username = state.accessTokens.get(body.AccessToken);
        if (!username) return serviceError('NotAuthorizedException', 'Invalid Access Token');
        return json(200, {
          Username: username,
          UserAttributes: [
            { Name: 'email', Value: `${username}@example.com` },
            { Name: 'sub', Value: subs[username] },
          ],
        });
      }
      case 'AWSCognitoIdentityService.GetId':
        state.identityIds += 1;
        return json(200, { IdentityId: `${region}:0000000${state.identityIds}-aaaa-4bbb-8ccc-dddddddddddd` });
      case 'AWSCognitoIdentityService.GetCredentialsForIdentity':
        return json(200, {
          IdentityId: body.IdentityId,
          Credentials: {
            AccessKeyId: 'ASIAFAKE',
            SecretKey: 'secret-key',
            SessionToken: 'session-token',
            Expiration: Math.floor(now() / 1000) + 3600,
          },
        });
      default:
        return serviceError('UnknownOperationException', `no ${target}`);
    }
  }

  return { fetch, calls, faults, state, fail, json, serviceError, tokensFor, subs };
}
