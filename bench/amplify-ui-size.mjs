// Section "amplify-ui": what an Amplify UI app ships. The same app (Amplify UI's real
// `<Authenticator>` from @aws-amplify/ui-react, React included; tests/e2e/amplify-ui-app.mjs)
// is built twice by esbuild (--bundle --minify, production, ESM, browser): over aws-amplify
// as is, and with the README's aliases to our drop-in (its .wasm fetched next to the
// bundle, counted apart). Plus the drop-in's own JS: every name of its four alias modules
// (`cognito-headless/amplify`, `/amplify/auth`, `/amplify/auth/cognito`, `/amplify/utils`),
// react external. gzip -9 throughout.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzip9 } from './size.mjs';
import { buildAmplifyUiApp } from '../tests/e2e/amplify-ui-app.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Raw and gzip -9 bytes of a file. */
const measure = (file) => {
  const bytes = fs.readFileSync(file);
  return { raw: bytes.length, gz: gzip9(bytes) };
};

/**
 * @param {{ benchDir: string, pkgRoot: string, pkgDir: string, outDir: string }} o
 *   pkgRoot: a directory whose node_modules/cognito-headless is the built package (pkgDir).
 */
export async function runAmplifyUiSize({ benchDir, pkgRoot, pkgDir, outDir }) {
  const esbuild = await import(pathToFileURL(path.join(benchDir, 'node_modules/esbuild/lib/main.js')).href);
  const out = {};
  for (const engine of ['amplify', 'ours']) {
    const built = await buildAmplifyUiApp({ esbuild, outDir: path.join(outDir, engine), engine, pkgDir, minify: true });
    out[engine] = { js: measure(built.js), wasm: built.wasm ? measure(built.wasm) : undefined };
  }
  // The drop-in alone: every export of the four alias modules.
  const entry = path.join(pkgRoot, 'amplify-ui-dropin-entry.mjs');
  const targets = ['cognito-headless/amplify', 'cognito-headless/amplify/auth', 'cognito-headless/amplify/auth/cognito', 'cognito-headless/amplify/utils'];
  fs.writeFileSync(entry, targets.map((t, i) => `import * as m${i} from '${t}';`).join('\n') + `\nexport { ${targets.map((_, i) => `m${i}`).join(', ')} };\n`);
  try {
    const r = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      external: ['react', 'react-dom', 'react/jsx-runtime'],
      absWorkingDir: pkgRoot,
      write: false,
      logLevel: 'error',
    });
    const js = r.outputFiles[0].contents;
    out.dropIn = { raw: js.length, gz: gzip9(Buffer.from(js)), modules: targets };
  } finally {
    fs.rmSync(entry, { force: true });
  }
  out.versions = Object.fromEntries(
    ['@aws-amplify/ui-react', 'aws-amplify', 'react'].map((p) => [p, JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', p, 'package.json'), 'utf8')).version]),
  );
  return out;
}

const B = (n) => n.toLocaleString('en-US');

/** Console lines. */
export function printAmplifyUiSize(r, log) {
  log(`amplify-ui: Amplify UI app with Amplify: JS ${B(r.amplify.js.raw)} B raw, ${B(r.amplify.js.gz)} B gzip`);
  log(`amplify-ui: the same app aliased to ours: JS ${B(r.ours.js.raw)} B raw, ${B(r.ours.js.gz)} B gzip + wasm ${B(r.ours.wasm.gz)} B gzip = ${B(r.ours.js.gz + r.ours.wasm.gz)} B`);
  log(`amplify-ui: the drop-in's own JS (${r.dropIn.modules.join(', ')}): ${B(r.dropIn.raw)} B raw, ${B(r.dropIn.gz)} B gzip`);
}

/** The BENCHMARKS.md section. */
export function mdAmplifyUiSize(r) {
  const a = r.amplify.js;
  const o = r.ours.js;
  const w = r.ours.wasm;
  return `## An Amplify UI \`<Authenticator>\` app: Amplify vs our engine by aliasing

One app (\`tests/e2e/amplify-ui-app.mjs\`: \`Amplify.configure\` + @aws-amplify/ui-react ${r.versions['@aws-amplify/ui-react']}'s
\`<Authenticator>\`, React ${r.versions.react} included) built twice by esbuild (\`--bundle --minify\`, production,
ESM, browser): over aws-amplify ${r.versions['aws-amplify']} as is, and with the README's esbuild alias
(\`aws-amplify\` → \`cognito-headless/amplify\`, which esbuild applies to \`aws-amplify/auth\`, \`/auth/cognito\`
and \`/utils\` too) plus \`aws-amplify/storage\` → \`@aws-amplify/storage\` for Amplify UI's own storage import. Amplify UI itself still imports \`@aws-amplify/core\` internals
and \`aws-amplify/storage\`, which stay in both bundles. gzip -9.

| build | JS raw B | JS gzip -9 B | \`_bg.wasm\` gzip -9 B | total gzip -9 B |
|---|---:|---:|---:|---:|
| with Amplify | ${B(a.raw)} | **${B(a.gz)}** | — | **${B(a.gz)}** |
| aliased to ours | ${B(o.raw)} | **${B(o.gz)}** | ${B(w.gz)} (raw ${B(w.raw)}) | **${B(o.gz + w.gz)}** |
| the drop-in's own JS (every name of its 4 alias modules) | ${B(r.dropIn.raw)} | **${B(r.dropIn.gz)}** | ${B(w.gz)} | ${B(r.dropIn.gz + w.gz)} |

Aliased ÷ Amplify: JS ${(o.gz / a.gz).toFixed(2)}×, JS + wasm ${((o.gz + w.gz) / a.gz).toFixed(2)}×.
`;
}
