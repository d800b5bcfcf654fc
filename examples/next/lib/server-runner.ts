// One server runner for the whole app, made once per process exactly as with
// @aws-amplify/adapter-nextjs:
//   import { createServerRunner } from '@aws-amplify/adapter-nextjs';
// becomes
//   import { createServerRunner } from 'cognito-headless/server';
// Each runWithAmplifyServerContext call gets its own instance over that request's
// cookies, released when `operation` settles; the tokens it reads from the cookies are
// verified against the pool's JSON Web Key Set.
import { createServerRunner } from 'cognito-headless/server';
import { cognitoConfig } from './config';

const config = cognitoConfig();

/** The runner, or undefined when the app is not configured (the pages say so). */
export const runner = config
  ? createServerRunner({
      config: { Auth: { Cognito: config } },
      // Cookies a refresh writes: Secure, except for the local demo (served over http).
      cookies: { secure: !config.userPoolEndpoint, sameSite: 'lax' },
    })
  : undefined;
