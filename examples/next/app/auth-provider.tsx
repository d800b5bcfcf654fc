'use client';
// The browser's authenticator: one createAuth per page, its session in cookies
// (createCookieStorage without a jar writes document.cookie) so that proxy.ts and the
// server components see the user the browser signed in. The instance is made after
// hydration: the server's render and the browser's first one are the same (no instance,
// useAuthenticator says 'configuring'), then the real state follows.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { createAuth, type Auth } from 'cognito-headless';
import { createCookieStorage } from 'cognito-headless/storage';
import { AuthenticatorProvider } from 'cognito-headless/react';
import type { CognitoConfig } from '@/lib/config';

const AuthContext = createContext<Promise<Auth> | null>(null);

/** The page's createAuth instance (a promise: it resolves once the session is restored); null until it exists. */
export function useAuth(): Promise<Auth> | null {
  return useContext(AuthContext);
}

export function AuthProvider({ config, children }: { config: CognitoConfig; children: ReactNode }) {
  const [auth, setAuth] = useState<Promise<Auth> | null>(null);
  const { userPoolId, userPoolClientId, userPoolEndpoint } = config;
  useEffect(() => {
    const created = createAuth(
      { userPoolId, userPoolClientId, userPoolEndpoint },
      // Secure cookies need https; the local demo runs on http://127.0.0.1.
      { storage: createCookieStorage(undefined, { secure: window.location.protocol === 'https:', sameSite: 'lax' }) },
    );
    setAuth(created);
    return () => {
      created.then((a) => a.dispose(), () => {});
    };
  }, [userPoolId, userPoolClientId, userPoolEndpoint]);
  return (
    <AuthContext.Provider value={auth}>
      <AuthenticatorProvider auth={auth ?? undefined}>{children}</AuthenticatorProvider>
    </AuthContext.Provider>
  );
}
