// The protected page, rendered on the server for every request: the user and a fresh
// access token (fetchAuthSession refreshes an expired one) from the request's cookies.
// proxy.ts has already sent signed-out visitors to /sign-in; a session that ended in
// between renders as signed out.
import { cookies } from 'next/headers';
import { fetchAuthSession, fetchUserAttributes, getCurrentUser } from 'cognito-headless/server';
import { runner } from '@/lib/server-runner';
import { SignOutButton } from './sign-out-button';

export default async function AccountPage() {
  const account = await runner?.runWithAmplifyServerContext({
    nextServerContext: { cookies },
    operation: async (contextSpec) => {
      try {
        const user = await getCurrentUser(contextSpec);
        const { tokens } = await fetchAuthSession(contextSpec);
        const attributes = await fetchUserAttributes(contextSpec);
        const exp = tokens?.accessToken.payload.exp;
        return { user, email: attributes.email, accessTokenExpiry: typeof exp === 'number' ? exp * 1000 : undefined };
      } catch {
        return undefined;
      }
    },
  });
  if (!account) {
    return (
      <p data-testid="signed-out">
        You are signed out. <a href="/sign-in?next=/account">Sign in</a>
      </p>
    );
  }
  const expiry = account.accessTokenExpiry;
  return (
    <>
      <h1>Account</h1>
      <dl data-testid="account">
        <dt>Username</dt>
        <dd data-testid="username">{account.user.username}</dd>
        <dt>User id (sub)</dt>
        <dd data-testid="user-id">{account.user.userId}</dd>
        <dt>Email</dt>
        <dd data-testid="email">{account.email ?? '—'}</dd>
        <dt>Access token expires</dt>
        <dd data-testid="access-token-expiry" data-exp={expiry}>
          {expiry ? `${new Date(expiry).toISOString()} (in ${Math.round((expiry - Date.now()) / 60_000)} min)` : '—'}
        </dd>
        <dt>Rendered on the server at</dt>
        <dd data-testid="rendered-at">{new Date().toISOString()}</dd>
      </dl>
      <SignOutButton />
    </>
  );
}
