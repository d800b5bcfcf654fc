// Where the built npm package is (target/pkg-build/package, made by scripts/package.sh)
// and how tests import its files.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const pkgDir = path.join(root, 'target/pkg-build/package');
export const version = JSON.parse(readFileSync(path.join(root, 'pkg-template/package.json'), 'utf8')).version;
export const tarball = path.join(root, `dist/cognito-headless-${version}.tgz`);

/** Imports a file of the built package (`index.js`, `storage.js`, `transport.js`, …). */
export async function importBuilt(file) {
  const full = path.join(pkgDir, file);
  if (!existsSync(full) || !existsSync(path.join(pkgDir, 'wasm/cognito_headless_bg.wasm'))) {
    throw new Error(
      `The npm package is not built (${path.relative(root, full)} or its wasm is missing). Run \`bash scripts/package.sh\` first.`,
    );
  }
  return import(pathToFileURL(full).href);
}
