// The root layout (a server component): hands the browser the pool's public
// configuration at request time, so one build runs against any pool.
import type { ReactNode } from 'react';
import { connection } from 'next/server';
import { cognitoConfig } from '@/lib/config';
import { AuthProvider } from './auth-provider';
import './styles.css';

export const metadata = { title: 'cognito-headless · Next.js', icons: { icon: 'data:,' } };

export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection(); // read the environment per request, not at build time
  const config = cognitoConfig();
  return (
    <html lang="en">
      <body>
        <header className="bar">
          <a href="/">cognito-headless · Next.js</a>
          <nav>
            <a href="/account">Account</a>
          </nav>
        </header>
        <main className="card">
          {config ? (
            <AuthProvider config={config}>{children}</AuthProvider>
          ) : (
            <p role="alert" data-testid="not-configured">
              COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID are not set: run <code>make demo-next</code> in the
              repository root (local Cognito), or set them to your user pool and app client.
            </p>
          )}
        </main>
      </body>
    </html>
  );
}
