// The Amplify UI `<Authenticator>` app of the e2e scenario (amplify-ui.mjs) and of the
// bench's bundle sizes (bench/amplify-ui-size.mjs): @aws-amplify/ui-react's real
// component over `aws-amplify`, bundled by esbuild either as is (engine 'amplify') or with
// the README's esbuild alias to our drop-in (engine 'ours'):
//
//   alias: { 'aws-amplify': 'cognito-headless/amplify',         // the README's one line
//            'aws-amplify/storage': '@aws-amplify/storage' }    // for Amplify UI, below
//
// esbuild's alias matches package prefixes: the first line also maps `aws-amplify/auth`,
// `/auth/cognito` and `/utils` to our subpaths, but it would send Amplify UI's own
// `aws-amplify/storage` import (its StorageImage and AccountSettings) to
// cognito-headless/amplify/storage, which does not exist. The second, longer key wins for
// that module and sends it where aws-amplify itself re-exports it from.
//
// The app's code is the same for both: it calls `Amplify.configure(window.AMPLIFY_CONFIG)`
// and renders `<Authenticator>` with a signed-in view (`Hello <username>`, a sign-out
// button). The wasm is fetched next to the bundle (wasm/cognito_headless_bg.wasm: the
// package's own `new URL(…, import.meta.url)`), so the build copies it there.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The aliases (esbuild's `alias`): the README's line, and Amplify UI's storage import. */
export const AMPLIFY_ALIASES = {
  'aws-amplify': 'cognito-headless/amplify',
  'aws-amplify/storage': '@aws-amplify/storage',
};

const APP = `
import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
import { Amplify } from 'aws-amplify';
import { Authenticator } from '@aws-amplify/ui-react';

Amplify.configure(window.AMPLIFY_CONFIG);

function SignedIn({ user, signOut }) {
  return h('main', { 'data-testid': 'signed-in' },
    h('h1', { 'data-testid': 'hello' }, 'Hello ' + user.username),
    h('button', { type: 'button', 'data-testid': 'sign-out', onClick: signOut }, 'Sign out'));
}

createRoot(document.getElementById('root')).render(
  h(Authenticator, null, ({ user, signOut }) => h(SignedIn, { user, signOut })),
);
`;

/**
 * Bundles the app into `outDir/app.js` (and `app.css` when `css`), copies the wasm next to
 * it for engine 'ours', writes `outDir/index.html` (config injected when given).
 * @param {{ esbuild: any, outDir: string, engine: 'amplify' | 'ours', pkgDir: string, minify?: boolean, css?: boolean, config?: unknown }} o
 *   esbuild: the esbuild module; pkgDir: the built package (target/pkg-build/package or a copy)
 * @returns {Promise<{ js: string, css?: string, wasm?: string, warnings: string[] }>} the files written
 */
export async function buildAmplifyUiApp({ esbuild, outDir, engine, pkgDir, minify = true, css = false, config }) {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  // The entry sits under the repository (React, Amplify and Amplify UI resolve from its
  // node_modules, wherever outDir is); `cognito-headless` resolves to the built package
  // through a node_modules of the entry's own.
  const resolveDir = fs.mkdtempSync(path.join(ROOT, 'target', `amplify-ui-app-${engine}-`));
  const modules = path.join(resolveDir, 'node_modules');
  fs.mkdirSync(modules, { recursive: true });
  fs.symlinkSync(path.resolve(pkgDir), path.join(modules, 'cognito-headless'), 'dir');
  const entry = path.join(resolveDir, 'app.mjs');
  fs.writeFileSync(entry, (css ? "import '@aws-amplify/ui-react/styles.css';\n" : '') + APP);
  const result = await esbuild
    .build({
    entryPoints: { app: entry },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    minify,
    alias: engine === 'ours' ? AMPLIFY_ALIASES : {},
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    absWorkingDir: resolveDir,
    logLevel: 'silent',
  })
    .finally(() => fs.rmSync(resolveDir, { recursive: true, force: true }));
  const out = { js: path.join(outDir, 'app.js'), warnings: result.warnings.map((w) => w.text) };
  if (css) out.css = path.join(outDir, 'app.css');
  if (engine === 'ours') {
    fs.mkdirSync(path.join(outDir, 'wasm'), { recursive: true });
    out.wasm = path.join(outDir, 'wasm/cognito_headless_bg.wasm');
    fs.copyFileSync(path.join(pkgDir, 'wasm/cognito_headless_bg.wasm'), out.wasm);
  }
  const style = css ? '<link rel="stylesheet" href="./app.css">' : '';
  const inject = config === undefined ? '' : `<script>window.AMPLIFY_CONFIG = ${JSON.stringify(config)};</script>`;
  fs.writeFileSync(
    path.join(outDir, 'index.html'),
    `<!doctype html><html><head><meta charset="utf-8"><title>Amplify UI (${engine})</title>${style}${inject}</head>` +
      `<body><div id="root"></div><script type="module" src="./app.js"></script></body></html>\n`,
  );
  return out;
}
