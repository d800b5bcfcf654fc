// The packed tarball as users get it: publint and arethetypeswrong clean; its TypeScript
// declarations type-check in a consumer (bundler and nodenext resolution); installed with
// npm into fresh directories it (a) runs from plain Node 20 ESM without a bundler, (b) is
// built by Vite with no configuration and (c) by esbuild with exactly the setting the npm
// README documents (`--loader:.wasm=file` and `cognito-headless/wasm` as `wasmModule`),
// and both builds sign in (scripted fetch) in headless Chromium, the esbuild one under a
// CSP of `script-src 'self' 'wasm-unsafe-eval'` (and not without it). Also: the README
// states the CSP requirement, the platforms and the esbuild setting.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { root, tarball, version } from './support/built-package.mjs';
import { startStaticServer } from './support/static-server.mjs';
import { launchChromium, pageLog } from './support/chromium.mjs';

const execFileP = promisify(execFile);
const bin = (name) => path.join(root, 'node_modules/.bin', name);
const FAKE = path.join(root, 'tests/js/support/fake-cognito.mjs');

/** The esbuild command the README documents, minus the entry and output paths. */
const ESBUILD_FLAGS = ['--bundle', '--format=esm', '--loader:.wasm=file'];

let tmp;
const dirs = {};
let browser;
let installs;

/** The app every bundler builds: createAuth + an SRP sign-in against the scripted Cognito. */
const appSource = (extraImport, host) => `
import { createAuth } from 'cognito-headless';
import { createCookieStorage } from 'cognito-headless/storage';
import { configure, signIn as amplifySignIn } from 'cognito-headless/amplify';
import { createFakeCognito } from './fake-cognito.mjs';
${extraImport}
const config = { userPoolId: 'us-east-1_Bundled1', userPoolClientId: 'bundledclient1', endpoint: 'https://cognito.test.invalid/' };
window.__result = (async () => {
  const cognito = createFakeCognito({ clientId: config.userPoolClientId, poolId: config.userPoolId });
  const auth = await createAuth(config, { fetch: cognito.fetch, ${host} });
  const out = await auth.signIn({ username: 'alice', password: 'Correct-Horse-1' });
  const session = await auth.fetchAuthSession();
  return {
    isSignedIn: out.isSignedIn,
    ops: cognito.calls.map((c) => c.op),
    user: session.tokens.idToken.payload['cognito:username'],
    stored: localStorage.getItem('CognitoIdentityServiceProvider.bundledclient1.LastAuthUser'),
    entries: [typeof createCookieStorage, typeof configure, typeof amplifySignIn],
  };
})().catch((e) => ({ error: String(e && e.stack || e) }));
`;

async function npmInstall(dir) {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: path.basename(dir), version: '1.0.0', private: true, type: 'module' }));
  await execFileP('npm', ['install', '--no-audit', '--no-fund', '--offline', '--no-package-lock', tarball], {
    cwd: dir,
    env: { ...process.env, npm_config_update_notifier: 'false' },
    timeout: 120000,
  });
  await copyFile(FAKE, path.join(dir, 'fake-cognito.mjs'));
  await copyFile(path.join(path.dirname(FAKE), 'b64url.mjs'), path.join(dir, 'b64url.mjs'));
}

beforeAll(async () => {
  if (!existsSync(tarball)) throw new Error(`${path.relative(root, tarball)} is missing. Run \`bash scripts/package.sh\` first.`);
  tmp = await mkdtemp(path.join(os.tmpdir(), 'cognito-headless-package-'));
  for (const name of ['node', 'vite', 'esbuild', 'types']) dirs[name] = path.join(tmp, name);
  installs = Promise.all(Object.values(dirs).map(npmInstall));
  // Failures surface in the tests that wait for the installs.
  installs.catch(() => {});
  browser = await launchChromium();
}, 60000);

afterAll(async () => {
  await browser?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('the tarball is well-formed', () => {
  it('publint: no errors, warnings or suggestions', async () => {
    const { stdout } = await execFileP(bin('publint'), ['run', tarball, '--level', 'suggestion', '--strict'], { timeout: 60000 });
    expect(stdout).toContain('All good!');
  }, 60000);

  it('arethetypeswrong: no problems except cjs-resolves-to-esm (the package is ESM only, on purpose)', async () => {
    // Why cjs-resolves-to-esm does not apply: the package is ESM only because the wasm is
    // found with `new URL(…, import.meta.url)`, which CommonJS has no equivalent of, and a
    // dual package would load two wasm instances. CommonJS code uses `await import()`
    // (Node >= 20.19 and 22.12 also accept `require()` of it: no top-level await). Every
    // other rule, node10 resolution included, must pass.
    // attw exits before a pipe is drained (its JSON is cut at 128 KiB): into a file.
    const file = path.join(tmp, 'attw.json');
    try {
      await execFileP('sh', ['-c', '"$0" "$1" --format json > "$2"', bin('attw'), tarball, file], { timeout: 60000 });
    } catch {
      // attw exits 1 when it finds any problem
    }
    const report = JSON.parse(await readFile(file, 'utf8'));
    const kinds = [...new Set(report.analysis.problems.map((p) => p.kind))];
    expect(kinds).toEqual(['CJSResolvesToESM']);
    // Only in node16 from CommonJS (node10, node16 from ESM and bundler resolve cleanly).
    expect([...new Set(report.analysis.problems.map((p) => p.resolutionKind))]).toEqual(['node16-cjs']);
    expect(Object.keys(report.analysis.entrypoints)).toEqual(['.', './adapter-core', './amplify', './amplify/auth', './amplify/auth/cognito', './amplify/utils', './amplify/with-core', './react', './server', './storage', './wasm', './package.json']);
  }, 60000);

  it('the manifest: exports map, types for every entry, sideEffects false, files, engines', async () => {
    const files = (await execFileP('tar', ['-tzf', tarball])).stdout.trim().split('\n').map((f) => f.replace(/^package\//, ''));
    const manifest = JSON.parse((await execFileP('tar', ['-xzOf', tarball, 'package/package.json'])).stdout);
    expect(manifest).toMatchObject({ name: 'cognito-headless', version, type: 'module', sideEffects: false, license: 'MIT' });
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(Object.keys(manifest.exports)).toEqual(['.', './adapter-core', './amplify', './amplify/auth', './amplify/auth/cognito', './amplify/utils', './amplify/with-core', './react', './server', './storage', './wasm', './package.json']);
    for (const [entry, target] of Object.entries(manifest.exports)) {
      if (entry === './package.json') continue;
      expect(Object.keys(target), entry).toEqual(['types', 'default']);
      expect(files, entry).toContain(target.types.slice(2));
      expect(files, entry).toContain(target.default.slice(2));
    }
    // React and @aws-amplify/core are optional peers (only `cognito-headless/react` and
    // `cognito-headless/amplify/with-core` import them).
    expect(manifest.peerDependencies).toEqual({ react: '>=18', '@aws-amplify/core': '^6.0.0' });
    expect(manifest.peerDependenciesMeta).toEqual({ react: { optional: true }, '@aws-amplify/core': { optional: true } });
    expect(files).toContain('README.md');
    expect(files).toContain('LICENSE');
    expect(files.filter((f) => f.endsWith('.test.mjs') || f.includes('support/'))).toEqual([]);
  });

  it('the npm README states the CSP requirement, the platforms and the esbuild setting', async () => {
    const readme = (await execFileP('tar', ['-xzOf', tarball, 'package/README.md'])).stdout;
    expect(readme).toContain("'wasm-unsafe-eval'");
    expect(readme).toMatch(/Node (>=|≥) ?18/);
    expect(readme).toMatch(/React Native/);
    expect(readme).toMatch(/edge/i);
    expect(readme).toContain('--loader:.wasm=file');
    expect(readme).toContain("import wasm from 'cognito-headless/wasm'");
    expect(readme).toContain(`esbuild app.js ${ESBUILD_FLAGS.join(' ')}`);
  });
});

describe('installed with npm into fresh directories', () => {
  it('types: a consumer type-checks against every entry (moduleResolution bundler and nodenext)', async () => {
    await installs;
    const dir = dirs.types;
    await writeFile(
      path.join(dir, 'app.ts'),
      `import { createAuth, AuthError, decodeJWT, type AuthSnapshot } from 'cognito-headless';
import { configure, Hub, signIn, fetchAuthSession, cognitoUserPoolsTokenProvider } from 'cognito-headless/amplify';
import { createCookieStorage, fromStorageLike, localStorageAdapter } from 'cognito-headless/storage';
import wasm from 'cognito-headless/wasm';
export async function main(): Promise<unknown[]> {
  const auth = await createAuth({ userPoolId: 'us-east-1_x', userPoolClientId: 'c' }, { wasmModule: wasm, retry: { maxAttempts: 2 } });
  const snapshot: AuthSnapshot = auth.getSnapshot();
  auth.listen('signedIn', ({ data }) => data.username.toUpperCase());
  const cookies = createCookieStorage({ get: () => undefined, set: () => {}, remove: () => {} }, { httpOnly: true, domain: 'example.com' });
  configure({ auth: { user_pool_id: 'us-east-1_x', user_pool_client_id: 'c' } });
  cognitoUserPoolsTokenProvider.setKeyValueStorage(fromStorageLike(cookies));
  const off = Hub.listen('auth', ({ payload }) => (payload.event === 'tokenRefresh_failure' ? payload.data.error.name : payload.event));
  const { nextStep } = await signIn({ username: 'u', password: 'p' });
  const session = await fetchAuthSession({ forceRefresh: true });
  off();
  return [snapshot, nextStep.signInStep, session.tokens?.accessToken.payload.exp, new AuthError({ name: 'X' }).name, decodeJWT('a.b.c').payload, localStorageAdapter];
}
`,
    );
    const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
    const common = ['--noEmit', '--strict', '--skipLibCheck', 'false', '--skipDefaultLibCheck', '--target', 'es2022', '--lib', 'es2022,dom', 'app.ts'];
    const runs = await Promise.all(
      [
        ['esnext', 'bundler'],
        ['nodenext', 'nodenext'],
      ].map(([module, resolution]) =>
        execFileP(process.execPath, [tsc, ...common, '--module', module, '--moduleResolution', resolution], { cwd: dir, timeout: 60000 }).then(
          (r) => [resolution, r],
          (e) => [resolution, e],
        ),
      ),
    );
    for (const [resolution, run] of runs) expect(`${run.stdout ?? ''}${run.stderr ?? ''}`, resolution).toBe('');
  }, 90000);

  it('(a) plain Node 20 ESM: imports every entry and signs in', async () => {
    await installs;
    const dir = dirs.node;
    await writeFile(
      path.join(dir, 'main.mjs'),
      `import { createAuth, decodeJWT } from 'cognito-headless';
import { configure } from 'cognito-headless/amplify';
import { createCookieStorage } from 'cognito-headless/storage';
import { createFakeCognito } from './fake-cognito.mjs';
const config = { userPoolId: 'us-east-1_Node1', userPoolClientId: 'nodeclient1', endpoint: 'https://cognito.test.invalid/' };
const cognito = createFakeCognito({ clientId: config.userPoolClientId, poolId: config.userPoolId });
const jar = new Map();
const storage = createCookieStorage({ get: (n) => jar.get(n), set: (n, v) => jar.set(n, v), remove: (n) => jar.delete(n) });
const auth = await createAuth(config, { fetch: cognito.fetch, storage });
const out = await auth.signIn({ username: 'alice', password: 'Correct-Horse-1' });
const { tokens } = await auth.fetchAuthSession();
console.log(JSON.stringify({ isSignedIn: out.isSignedIn, ops: cognito.calls.map((c) => c.op), sub: decodeJWT(tokens.idToken.toString()).payload.sub, cookies: jar.size, configure: typeof configure }));
`,
    );
    const { stdout } = await execFileP(process.execPath, ['main.mjs'], { cwd: dir, timeout: 60000 });
    const result = JSON.parse(stdout.trim());
    expect(result).toMatchObject({ isSignedIn: true, ops: ['InitiateAuth', 'RespondToAuthChallenge'], configure: 'function' });
    expect(result.sub).toMatch(/^5f1c2a9e-/);
    expect(result.cookies).toBeGreaterThanOrEqual(6);

    // CommonJS: `await import()` always; `require()` where Node has require(esm) (>= 20.19).
    const cjs = `import('cognito-headless').then((m) => console.log(typeof m.createAuth));`;
    expect((await execFileP(process.execPath, ['-e', cjs], { cwd: dir, timeout: 30000 })).stdout.trim()).toBe('function');
    const [major, minor] = process.versions.node.split('.').map(Number);
    if (major > 22 || (major === 22 && minor >= 12) || (major === 20 && minor >= 19)) {
      const req = `console.log(typeof require('cognito-headless').createAuth)`;
      const run = await execFileP(process.execPath, ['-e', req], { cwd: dir, timeout: 30000 });
      expect(run.stdout.trim()).toBe('function');
    }
  }, 90000);

  /** Loads a built app in Chromium and returns window.__result. */
  async function runInChromium(siteDir, headers) {
    const server = await startStaticServer({ '/': siteDir }, { headers });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const log = pageLog(page);
      await page.goto(`${server.url}/index.html`);
      const result = await page.waitForFunction(() => window.__result, null, { timeout: 15000 }).then(
        (h) => h.jsonValue(),
        (e) => ({ error: `${e.message}\n${log.join('\n')}` }),
      );
      return { result, log, requests: server.requests };
    } finally {
      await context.close();
      await server.close();
    }
  }

  const expectSignedIn = (result) =>
    expect(result).toEqual({
      isSignedIn: true,
      ops: ['InitiateAuth', 'RespondToAuthChallenge'],
      user: 'alice',
      stored: 'alice',
      entries: ['function', 'function', 'function'],
    });

  it('(b) Vite with no configuration: `vite build` and the dev server both sign in in Chromium', async () => {
    await installs;
    const dir = dirs.vite;
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="/main.js"></script>');
    await writeFile(path.join(dir, 'main.js'), appSource('', ''));
    const vite = await import(path.join(root, 'node_modules/vite/dist/node/index.js'));
    await vite.build({ root: dir, logLevel: 'error', configFile: false, build: { outDir: 'dist', emptyOutDir: true } });
    const assets = readdirSync(path.join(dir, 'dist/assets'));
    expect(assets.filter((f) => f.endsWith('.wasm'))).toHaveLength(1);
    const { result, requests } = await runInChromium(path.join(dir, 'dist'));
    expectSignedIn(result);
    expect(requests.filter((r) => r.endsWith('.wasm'))).toHaveLength(1);

    // The dev server (dependency pre-bundling included) needs no configuration either.
    const server = await vite.createServer({
      root: dir,
      configFile: false,
      logLevel: 'error',
      server: { host: '127.0.0.1', port: 0, strictPort: false },
    });
    await server.listen();
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const log = pageLog(page);
      await page.goto(server.resolvedUrls.local[0]);
      const dev = await page.waitForFunction(() => window.__result, null, { timeout: 20000 }).then(
        (h) => h.jsonValue(),
        (e) => ({ error: `${e.message}\n${log.join('\n')}` }),
      );
      expectSignedIn(dev);
    } finally {
      await context.close();
      await server.close();
    }
  }, 90000);

  it("(c) esbuild with the documented setting; runs under CSP script-src 'self' 'wasm-unsafe-eval' (and not without it)", async () => {
    await installs;
    const dir = dirs.esbuild;
    await writeFile(
      path.join(dir, 'main.js'),
      appSource("import wasm from 'cognito-headless/wasm';", 'wasmModule: wasm'),
    );
    await execFileP(bin('esbuild'), ['main.js', ...ESBUILD_FLAGS, '--outdir=dist', '--log-level=warning'], { cwd: dir, timeout: 60000 });
    await writeFile(path.join(dir, 'dist/index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="./main.js"></script>');
    expect(readdirSync(path.join(dir, 'dist')).filter((f) => f.endsWith('.wasm'))).toHaveLength(1);

    const csp = (policy) => ({ 'content-security-policy': policy });
    const allowed = await runInChromium(path.join(dir, 'dist'), csp("script-src 'self' 'wasm-unsafe-eval'"));
    expectSignedIn(allowed.result);

    const refused = await runInChromium(path.join(dir, 'dist'), csp("script-src 'self'"));
    expect(refused.result.error).toMatch(/WebAssembly|wasm-unsafe-eval|Content Security Policy/i);
  }, 90000);
});
