'use client';
// Sign-in with useAuthenticator: the facade's route says which form to show and its
// `fields` which inputs (sign-in, then any challenge: a TOTP code, a new password, …).
// Once signed in, the session is in cookies: the app moves on to `next`, which the
// proxy and the server components now see as signed in.
import { useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useAuthenticator } from 'cognito-headless/react';

export function SignInForm({ next, serverSignedIn }: { next: string; serverSignedIn: boolean }) {
  const { route, authStatus, fields, formValues, error, isPending, validationErrors, updateForm, submitForm, toSignIn, signOut } =
    useAuthenticator();
  const router = useRouter();
  // Whether the browser came with a session (restored from the cookies) or signs in here.
  const [restored, setRestored] = useState<boolean | null>(null);
  useEffect(() => {
    if (restored === null && authStatus !== 'configuring') setRestored(authStatus === 'authenticated');
  }, [authStatus, restored]);
  // The browser's instance reads its cookies without checking their signatures; the
  // server checks them. A session the server refused (forged, another pool's, or a key set
  // it could not fetch) must not send the browser back to the page that refused it.
  const refused = restored === true && !serverSignedIn;
  // Once that session is signed out, a sign-in here is a new session.
  useEffect(() => {
    if (refused && route === 'signIn') setRestored(false);
  }, [refused, route]);

  // On the `authenticated` route (after any verify-contact step), the session is in the
  // cookies (so is it when authStatus says 'authenticated', as with Amplify): the server
  // sees the user on the next request.
  useEffect(() => {
    if (route === 'authenticated' && !refused) router.replace(next);
  }, [route, refused, next, router]);

  if (refused && route === 'authenticated') {
    return (
      <div role="alert" data-testid="session-refused">
        <p>The server did not accept the session this browser holds.</p>
        <button
          onClick={signOut}
        >
          Sign out and sign in again
        </button>
      </div>
    );
  }
  if (authStatus === 'configuring' || route === 'idle' || route === 'setup') return <p className="muted">Loading…</p>;
  if (route === 'authenticated') return <p data-testid="signed-in-redirect">Signed in: opening {next}…</p>;
  if (fields.length === 0) {
    return (
      <p>
        This example has no screen for “{route}”: <button onClick={toSignIn}>back to sign in</button>
      </p>
    );
  }
  return (
    <form
      data-testid="sign-in-form"
      data-route={route}
      onSubmit={(e) => {
        e.preventDefault();
        submitForm();
      }}
    >
      {fields.map((field, i) =>
        field.type === 'radio' ? (
          // Amplify UI's shape: one entry per choice. verifyUser's entries are named by the
          // attribute (labelled with its value); the choice goes in as `unverifiedAttr`.
          <label key={`${field.name}:${field.value}`} className="option">
            <input
              type="radio"
              name={route === 'verifyUser' ? 'unverifiedAttr' : field.name}
              value={route === 'verifyUser' ? field.name : field.value}
              checked={
                route === 'verifyUser' ? formValues.unverifiedAttr === field.name : formValues[field.name] === field.value
              }
              onChange={() =>
                route === 'verifyUser'
                  ? updateForm({ name: 'unverifiedAttr', value: field.name })
                  : updateForm({ name: field.name, value: field.value ?? '' })
              }
            />
            {field.label}
          </label>
        ) : (
          <label key={field.name} className="field">
            {field.label}
            <input
              name={field.name}
              type={field.type}
              autoComplete={field.autocomplete}
              required={field.isRequired}
              autoFocus={i === 0}
              value={formValues[field.name] ?? ''}
              onChange={(e) => updateForm({ name: field.name, value: e.target.value })}
            />
            {validationErrors[field.name]?.map((m) => (
              <span key={m} className="error">
                {m}
              </span>
            ))}
          </label>
        ),
      )}
      {error && (
        <p className="error" role="alert" data-testid="auth-error">
          {error}
        </p>
      )}
      <button type="submit" disabled={isPending} data-testid="submit">
        {isPending ? 'Signing in…' : route === 'signIn' ? 'Sign in' : 'Continue'}
      </button>
    </form>
  );
}
