// The example app's Vite config. The Cognito configuration comes from environment
// variables (scripts/demo.sh sets them for the local Cognito; set them yourself for a
// real pool) and is injected as one constant, __COGNITO_DEMO_CONFIG__: nothing else from
// the environment reaches the page.
//
//   COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID       the user pool and its app client (no secret)
//   COGNITO_IDENTITY_POOL_ID                      optional: AWS credentials on the signed-in page
//   COGNITO_REGION                                optional: shown, and checked against the pool id
//   COGNITO_MFA_USER_POOL_ID, COGNITO_MFA_CLIENT_ID   optional second pool (MFA required: TOTP setup)
//   COGNITO_ENDPOINT                              a local Cognito (moto); unset for AWS
//   COGNITO_REFRESH_FLOW                          auto (default) | rotation | initiateAuth
//   COGNITO_DEMO_USERNAME, COGNITO_DEMO_PASSWORD  shown on the sign-in page (local Cognito only)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');

function demoConfig(env) {
  const v = (name) => (env[name] && env[name].trim()) || undefined;
  return {
    userPoolId: v('COGNITO_USER_POOL_ID'),
    userPoolClientId: v('COGNITO_CLIENT_ID'),
    identityPoolId: v('COGNITO_IDENTITY_POOL_ID'),
    region: v('COGNITO_REGION'),
    mfaUserPoolId: v('COGNITO_MFA_USER_POOL_ID'),
    mfaUserPoolClientId: v('COGNITO_MFA_CLIENT_ID'),
    endpoint: v('COGNITO_ENDPOINT'),
    refreshFlow: v('COGNITO_REFRESH_FLOW'),
    demoUsername: v('COGNITO_DEMO_USERNAME'),
    demoPassword: v('COGNITO_DEMO_PASSWORD'),
  };
}

// COGNITO_HEADLESS_PACKAGE: use the package in this directory instead of the linked
// target/pkg-build/package (the end-to-end tests run against a copy, so that a package
// rebuild during the run cannot reload their pages).
const pinned = process.env.COGNITO_HEADLESS_PACKAGE && path.resolve(process.env.COGNITO_HEADLESS_PACKAGE);

function pinnedAliases(dir) {
  if (!dir) return [];
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  return Object.entries(pkg.exports)
    .filter(([sub, target]) => sub !== './package.json' && (typeof target === 'string' || target.default))
    .map(([sub, target]) => ({
      find: new RegExp(`^cognito-headless${sub === '.' ? '' : sub.slice(1).replace(/[/.]/g, '\\$&')}$`),
      replacement: path.join(dir, typeof target === 'string' ? target : target.default),
    }));
}

export default defineConfig({
  plugins: [react()],
  define: {
    __COGNITO_DEMO_CONFIG__: JSON.stringify(demoConfig(process.env)),
  },
  resolve: {
    // cognito-headless is linked from target/pkg-build/package: its `react` import must
    // be this app's React.
    dedupe: ['react', 'react-dom'],
    alias: pinnedAliases(pinned),
  },
  optimizeDeps: {
    // Pre-bundle up front, so the first page load never triggers a re-optimisation reload.
    include: ['react', 'react-dom', 'react-dom/client', 'react/jsx-runtime', 'react/jsx-dev-runtime', 'uqr'],
    // The package finds its .wasm with new URL('./wasm/…', import.meta.url): serve it as is.
    exclude: ['cognito-headless'],
  },
  server: {
    host: '127.0.0.1',
    fs: { allow: [here, repo, ...(pinned ? [pinned] : [])] },
  },
  preview: { host: '127.0.0.1' },
});
