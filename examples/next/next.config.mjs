// Next.js configuration for the cognito-headless example.
//
// Nothing is needed for the WebAssembly: Next bundles cognito-headless like any ES
// module. In the browser bundle the bundler sees the loader's
// `new URL('./wasm/cognito_headless_bg.wasm', import.meta.url)` and emits the .wasm as a
// static asset; on the server (proxy.ts, server components, the server render of client
// components) the bundled loader's import.meta.url is the package's own file in
// node_modules, and it reads the .wasm next to it from disk.
//
// Do NOT list cognito-headless in `serverExternalPackages`: the server render of client
// components would then load `cognito-headless/react` with node_modules' React instead
// of the React Next renders with (two Reacts: "Cannot read properties of null (reading
// 'useMemo')").
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // NEXT_DIST_DIR: the end-to-end test builds into .next-e2e, so that it never touches the
  // build a running `make demo-next` serves.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // Only because this example takes cognito-headless from the repository's build
  // directory (file:../../target/pkg-build/package, a symlink out of this folder): the
  // bundler's root must contain it. An app that installs the package from npm needs
  // neither line.
  turbopack: { root: repo },
  outputFileTracingRoot: repo,
};

export default nextConfig;
