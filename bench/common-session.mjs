// The session the common-path sections (pagestart, calls, server) start from: a signed-in
// user's tokens as Amplify v6 stores them, so both clients restore the same session.
//
//   CognitoIdentityServiceProvider.<clientId>.LastAuthUser          = <username>
//   CognitoIdentityServiceProvider.<clientId>.<username>.accessToken / idToken / refreshToken
//   CognitoIdentityServiceProvider.<clientId>.<username>.clockDrift = 0
//   CognitoIdentityServiceProvider.<clientId>.<username>.signInDetails = {"loginId":…,"authFlowType":"USER_SRP_AUTH"}
//
// The tokens are JWT-shaped with Cognito's claims and sizes (cognito.mjs cognitoTokens) and
// an `exp` an hour ahead; their signatures are random bytes: neither client verifies
// signatures, and no refresh is due, so neither needs the network.

import { randomUUID } from 'node:crypto';
import { cognitoTokens } from './cognito.mjs';

/** No `endpoint`: a call to Cognito would go to cognito-idp.us-east-1.amazonaws.com (and fail the sample). */
export const COMMON_CONFIG = Object.freeze({
  userPoolId: 'us-east-1_AbCdEf123',
  userPoolClientId: '1example23456789abcdefghij',
});

export const AMPLIFY_CONFIG = Object.freeze({ Auth: { Cognito: { ...COMMON_CONFIG } } });

/**
 * @returns {{ username: string, sub: string, items: Record<string, string> }}
 *   items: storage key → value, Amplify's layout.
 */
export function seededSession({ username = 'demo', sub = randomUUID(), config = COMMON_CONFIG } = {}) {
  const t = cognitoTokens({ userPoolId: config.userPoolId, clientId: config.userPoolClientId, username, sub, email: `${username}@example.com` });
  const prefix = `CognitoIdentityServiceProvider.${config.userPoolClientId}`;
  const user = `${prefix}.${username}`;
  return {
    username,
    sub,
    items: {
      [`${prefix}.LastAuthUser`]: username,
      [`${user}.accessToken`]: t.AccessToken,
      [`${user}.idToken`]: t.IdToken,
      [`${user}.refreshToken`]: t.RefreshToken,
      [`${user}.clockDrift`]: '0',
      [`${user}.signInDetails`]: JSON.stringify({ loginId: username, authFlowType: 'USER_SRP_AUTH' }),
    },
  };
}

/** A Map-backed KeyValueStorageInterface (Amplify's shape) holding `items`. */
export function memoryStorageWith(items) {
  const map = new Map(Object.entries(items));
  return {
    async setItem(k, v) {
      map.set(k, String(v));
    },
    async getItem(k) {
      return map.has(k) ? map.get(k) : null;
    },
    async removeItem(k) {
      map.delete(k);
    },
    async clear() {
      map.clear();
    },
  };
}

/**
 * What both clients must have restored: getCurrentUser's username/userId and the session's
 * access and ID token subjects. Throws with the reason otherwise.
 */
export function checkRestored(label, seed, user, session) {
  const problems = [];
  if (user?.username !== seed.username) problems.push(`getCurrentUser().username = ${JSON.stringify(user?.username)}`);
  if (user?.userId !== seed.sub) problems.push(`getCurrentUser().userId = ${JSON.stringify(user?.userId)}`);
  if (session?.tokens?.accessToken?.payload?.sub !== seed.sub) problems.push('fetchAuthSession().tokens.accessToken.payload.sub differs');
  if (session?.tokens?.idToken?.payload?.sub !== seed.sub) problems.push('fetchAuthSession().tokens.idToken.payload.sub differs');
  if (problems.length) throw new Error(`${label}: the seeded session was not restored: ${problems.join('; ')}`);
}

/** Ends an instance however the package allows (close, dispose, Symbol.dispose). */
export function disposeAuth(auth) {
  if (typeof auth?.[Symbol.dispose] === 'function') auth[Symbol.dispose]();
  else if (typeof auth?.dispose === 'function') auth.dispose();
  else if (typeof auth?.close === 'function') auth.close();
}
