// The sign-in page: a server component around the browser's form.
import { cookies } from 'next/headers';
import { getCurrentUser } from 'cognito-headless/server';
import { demoUser } from '@/lib/config';
import { runner } from '@/lib/server-runner';
import { SignInForm } from './sign-in-form';

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  // Only a path of this site (never another origin) is followed after sign-in.
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/account';
  const demo = demoUser();
  // Whether the server accepts this request's session (the browser may hold one it refuses).
  const serverSignedIn = Boolean(
    await runner?.runWithAmplifyServerContext({
      nextServerContext: { cookies },
      operation: (contextSpec) => getCurrentUser(contextSpec).then(() => true, () => false),
    }),
  );
  return (
    <>
      <h1>Sign in</h1>
      {demo && (
        <p className="muted" data-testid="demo-user">
          Local Cognito demo user: <code>{demo.username}</code> / <code>{demo.password}</code>
        </p>
      )}
      <SignInForm next={target} serverSignedIn={serverSignedIn} />
    </>
  );
}
