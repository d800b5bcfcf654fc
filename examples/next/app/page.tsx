// The home page (not protected): says on the server who is signed in.
import { cookies } from 'next/headers';
import { getCurrentUser } from 'cognito-headless/server';
import { runner } from '@/lib/server-runner';

export default async function Home() {
  const user = await runner?.runWithAmplifyServerContext({
    nextServerContext: { cookies },
    operation: (contextSpec) => getCurrentUser(contextSpec).catch(() => undefined),
  });
  return (
    <>
      <h1>cognito-headless with the Next.js App Router</h1>
      {user ? (
        <p data-testid="home-signed-in">
          Signed in as <strong>{user.username}</strong>. <a href="/account">Your account</a>
        </p>
      ) : (
        <p data-testid="home-signed-out">
          Signed out. <a href="/account">Your account</a> is protected: it sends you to <a href="/sign-in">sign in</a>.
        </p>
      )}
    </>
  );
}
