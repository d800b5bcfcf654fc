// The Cognito configuration, from the environment at run time (server side only: the
// root layout hands the browser what it needs). One build runs against any pool.
//
//   COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID   the user pool and its app client (no secret)
//   COGNITO_ENDPOINT                          a local Cognito (moto); unset for AWS
//   COGNITO_DEMO_USERNAME, COGNITO_DEMO_PASSWORD  shown on the sign-in page (local Cognito only)

/** What both sides use: Amplify's `Auth.Cognito` fields. */
export type CognitoConfig = {
  userPoolId: string;
  userPoolClientId: string;
  /** Amplify's name for a Cognito-compatible endpoint (the local Cognito). */
  userPoolEndpoint?: string;
};

const env = (name: string) => process.env[name]?.trim() || undefined;

/** The configuration, or undefined when COGNITO_USER_POOL_ID / COGNITO_CLIENT_ID are not set. */
export function cognitoConfig(): CognitoConfig | undefined {
  const userPoolId = env('COGNITO_USER_POOL_ID');
  const userPoolClientId = env('COGNITO_CLIENT_ID');
  if (!userPoolId || !userPoolClientId) return undefined;
  const endpoint = env('COGNITO_ENDPOINT');
  return { userPoolId, userPoolClientId, ...(endpoint ? { userPoolEndpoint: endpoint } : {}) };
}

/** The demo user to show on the sign-in page (local Cognito only). */
export function demoUser(): { username: string; password: string } | undefined {
  const username = env('COGNITO_DEMO_USERNAME');
  const password = env('COGNITO_DEMO_PASSWORD');
  return env('COGNITO_ENDPOINT') && username && password ? { username, password } : undefined;
}
