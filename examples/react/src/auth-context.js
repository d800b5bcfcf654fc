import { createContext, useContext } from 'react';

/** The page's `createAuth` instance, for what the authenticator facade does not cover
 * (fetchAuthSession, global sign-out, events). */
export const AuthContext = createContext(null);

export function useAuth() {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth() outside <AuthContext.Provider>');
  return auth;
}
