'use client';
// Sign-out in the browser: the instance removes the session's cookies; the next request
// to /account is redirected by proxy.ts.
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useAuth } from '../auth-provider';

export function SignOutButton() {
  const auth = useAuth();
  const router = useRouter();
  const [pending, setPending] = useState(false);
  return (
    <button
      data-testid="sign-out"
      disabled={pending || !auth}
      onClick={async () => {
        if (!auth) return;
        setPending(true);
        try {
          await (await auth).signOut();
        } finally {
          router.replace('/');
        }
      }}
    >
      {pending ? 'Signing out…' : 'Sign out'}
    </button>
  );
}
