// Section "size": what an app ships, gzip -9, for the same entries bundled the same way
// (esbuild --bundle --minify --format=esm --platform=browser, react external). Ours is
// resolved from the built package (its exports map) and its .wasm is counted separately,
// then added: the wasm is fetched next to the JS, it is not in the bundle.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';

export function gzip9(bytes) {
  const r = spawnSync('gzip', ['-9', '-c'], { input: bytes, maxBuffer: 1 << 28 });
  if (r.status === 0) return r.stdout.length;
  return zlib.gzipSync(bytes, { level: 9 }).length;
}

/** The entries measured. `from`: 'bench' resolves in bench/node_modules, 'pkg' in the built package's. */
export const ENTRIES = [
  {
    id: 'ours',
    from: 'pkg',
    wasm: true,
    label: '**ours**: `createAuth` + `useAuthenticator`, `AuthenticatorProvider`',
    code: "export { createAuth } from 'cognito-headless';\nexport { useAuthenticator, AuthenticatorProvider } from 'cognito-headless/react';\n",
  },
  {
    id: 'ours-amplify',
    from: 'pkg',
    wasm: true,
    label: '**ours**, the drop-in: `cognito-headless/amplify` `Amplify.configure` + `signIn`/`signOut`/`fetchAuthSession`/`confirmSignIn`',
    code: "export { Amplify, signIn, signOut, fetchAuthSession, confirmSignIn } from 'cognito-headless/amplify';\n",
  },
  {
    id: 'amplify',
    from: 'bench',
    label: 'Amplify v6: `Amplify.configure` + `signIn`/`signOut`/`fetchAuthSession`/`confirmSignIn` (`aws-amplify`, `aws-amplify/auth`)',
    code: "export { Amplify } from 'aws-amplify';\nexport { signIn, signOut, fetchAuthSession, confirmSignIn } from 'aws-amplify/auth';\n",
    reference: 42277,
  },
  {
    id: 'acij',
    from: 'bench',
    label: '`amazon-cognito-identity-js`: `CognitoUserPool`, `CognitoUser`, `AuthenticationDetails`',
    code: "export { CognitoUserPool, CognitoUser, AuthenticationDetails } from 'amazon-cognito-identity-js';\n",
    reference: 26390,
  },
  {
    id: 'amplify-ui',
    from: 'bench',
    label: 'Amplify UI: `useAuthenticator` + `AuthenticatorProvider` (`@aws-amplify/ui-react-core`, with the Amplify it imports)',
    code: "export { useAuthenticator, AuthenticatorProvider } from '@aws-amplify/ui-react-core';\n",
    reference: 111783,
  },
];

export const SIZE_GOAL = 80000;

/**
 * @param {{ benchDir: string, pkgRoot: string, pkgDir: string, outDir: string }} o
 *   pkgRoot: a directory whose node_modules/cognito-headless is the built package (pkgDir).
 */
export async function runSize({ benchDir, pkgRoot, pkgDir, outDir }) {
  const esbuild = await import(pathToFileURL(path.join(benchDir, 'node_modules/esbuild/lib/main.js')).href);
  fs.mkdirSync(outDir, { recursive: true });
  const wasmFile = path.join(pkgDir, 'wasm/cognito_headless_bg.wasm');
  const wasmBytes = fs.readFileSync(wasmFile);
  const wasm = { raw: wasmBytes.length, gz: gzip9(wasmBytes) };
  const rows = [];
  for (const e of ENTRIES) {
    const dir = e.from === 'pkg' ? pkgRoot : benchDir;
    const entry = path.join(dir, `size-entry-${e.id}.mjs`);
    fs.writeFileSync(entry, e.code);
    try {
      const r = await esbuild.build({
        entryPoints: [entry],
        bundle: true,
        minify: true,
        format: 'esm',
        platform: 'browser',
        external: ['react', 'react-dom', 'react/jsx-runtime'],
        absWorkingDir: dir,
        write: false,
        metafile: true,
        logLevel: 'error',
      });
      const js = r.outputFiles[0].contents;
      fs.writeFileSync(path.join(outDir, `${e.id}.js`), js);
      const row = { id: e.id, label: e.label, jsRaw: js.length, jsGz: gzip9(Buffer.from(js)), reference: e.reference };
      if (e.wasm) {
        row.wasmRaw = wasm.raw;
        row.wasmGz = wasm.gz;
      }
      row.totalGz = row.jsGz + (row.wasmGz ?? 0);
      rows.push(row);
    } finally {
      fs.rmSync(entry, { force: true });
    }
  }
  return { rows, wasm, goal: SIZE_GOAL };
}
