// The README's alias settings ("Migrating from Amplify"), taken from the README itself,
// applied to an app that imports the four Amplify modules and Amplify UI's
// @aws-amplify/ui (which imports them too): with Vite (build, and the dev server's
// dependency pre-bundle) and esbuild (the one-line prefix alias, and the exact-match plugin
// for apps with other categories), no module of aws-amplify / @aws-amplify/auth is
// bundled, every Amplify import lands on one copy of ours (one Hub), and the .wasm is
// emitted or looked for next to the bundle. The esbuild recipe (alias + the .wasm copied
// next to the bundle) also runs in Chromium: an app written for aws-amplify configures,
// hears Hub events and signs in (scripted Cognito).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { build as viteBuild, createServer } from 'vite';
import { pkgDir, root } from './support/built-package.mjs';
import { startStaticServer } from './support/static-server.mjs';
import { launchChromium, pageLog } from './support/chromium.mjs';

const dir = path.join(root, 'target/amplify-aliases-app');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Migrating from Amplify'), readme.indexOf('## What `make test` runs'));
/** The README's code block (in the migration section) that contains `marker`. */
const block = (marker) => {
  const found = [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1].replace(/^ {2}/gm, '')).find((b) => b.includes(marker));
  if (!found) throw new Error(`no README code block with ${marker}`);
  return found;
};

const APP = `
import { Amplify } from 'aws-amplify';
import { signIn } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { Hub, I18n } from 'aws-amplify/utils';
import { createAuthenticatorMachine } from '@aws-amplify/ui';
window.__app = [Amplify, signIn, cognitoUserPoolsTokenProvider, Hub, I18n, createAuthenticatorMachine];
`;

/** Module ids that are Amplify's auth engine (must not be bundled). */
const amplifyAuthEngine = (ids) => ids.filter((id) => /node_modules\/(aws-amplify\/dist\/esm\/(index|Amplify|auth|utils)|@aws-amplify\/auth\/)/.test(id));
const ours = (ids) => [...new Set(ids.filter((id) => id.includes('pkg-build/package/')).map((id) => path.basename(id)))];

beforeAll(() => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  // The package as an app has it installed (the built one).
  symlinkSync(pkgDir, path.join(dir, 'node_modules/cognito-headless'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'alias-app', private: true, type: 'module' }));
  writeFileSync(path.join(dir, 'app.js'), APP);
  writeFileSync(path.join(dir, 'index.html'), '<script type="module" src="./app.js"></script>');
  writeFileSync(path.join(dir, 'vite.config.mjs'), block('optimizeDeps'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the README\'s aliases', () => {
  it('Vite build: only our modules, the .wasm emitted', async () => {
    const out = await viteBuild({ root: dir, configFile: path.join(dir, 'vite.config.mjs'), logLevel: 'silent', build: { outDir: 'dist-vite', minify: false } });
    const outputs = (Array.isArray(out) ? out : [out]).flatMap((o) => o.output);
    const ids = outputs.flatMap((o) => o.moduleIds ?? Object.keys(o.modules ?? {}));
    expect(amplifyAuthEngine(ids)).toEqual([]);
    // (The re-export-only entry modules are folded away by the build.)
    expect(ours(ids)).toEqual(expect.arrayContaining(['amplify.js', 'amplify-hub.js', 'amplify-i18n.js']));
    expect(outputs.some((o) => /cognito_headless_bg.*\.wasm$/.test(o.fileName))).toBe(true);
  }, 120000);

  it('Vite dev server: Amplify UI\'s pre-bundle imports our modules (one copy, one Hub), not a copy of them', async () => {
    const server = await createServer({ root: dir, configFile: path.join(dir, 'vite.config.mjs'), logLevel: 'silent', server: { port: 0, host: '127.0.0.1' } });
    try {
      await server.listen();
      const base = server.resolvedUrls.local[0];
      const app = await (await fetch(new URL('app.js', base))).text();
      const uiUrl = app.match(/from "([^"]*@aws-amplify_ui\.js[^"]*)"/)?.[1];
      expect(uiUrl).toBeTruthy();
      const ui = await (await fetch(new URL(uiUrl, base))).text();
      const utilsFromApp = app.match(/from "([^"]*amplify-utils\.js)"/)?.[1];
      expect(utilsFromApp).toBeTruthy();
      // The pre-bundle's `aws-amplify/utils` is the very module the app imports.
      expect(ui).toContain(`from "${utilsFromApp}"`);
      expect(ui).not.toMatch(/amplify-hub\.js/);
    } finally {
      await server.close();
    }
  }, 120000);

  it('esbuild --alias:aws-amplify=cognito-headless/amplify covers all four modules; the bundle looks for wasm/ next to itself', async () => {
    const result = await esbuild.build({
      absWorkingDir: dir,
      entryPoints: ['app.js'],
      bundle: true,
      format: 'esm',
      write: false,
      outdir: 'dist-esbuild',
      metafile: true,
      logLevel: 'silent',
      alias: { 'aws-amplify': 'cognito-headless/amplify' },
    });
    const ids = Object.keys(result.metafile.inputs);
    expect(amplifyAuthEngine(ids)).toEqual([]);
    expect(ours(ids)).toEqual(expect.arrayContaining(['amplify.js', 'amplify-auth.js', 'amplify-cognito.js', 'amplify-utils.js']));
    expect(result.outputFiles[0].text).toContain('new URL("./wasm/cognito_headless_bg.wasm", import.meta.url)');
  }, 120000);

  it('esbuild recipe in Chromium: code written for aws-amplify configures, hears Hub events and signs in', async () => {
    const site = path.join(dir, 'site');
    mkdirSync(path.join(site, 'wasm'), { recursive: true });
    writeFileSync(
      path.join(dir, 'signin.js'),
      `
import { Amplify } from 'aws-amplify';
import { signIn, fetchAuthSession } from 'aws-amplify/auth';
import { Hub } from 'aws-amplify/utils';
import { createFakeCognito } from '${path.join(root, 'tests/js/support/fake-cognito.mjs')}';
const cognito = createFakeCognito({ clientId: 'aliasclient1', poolId: 'us-east-1_Alias1' });
// Cognito is scripted; the page's own files (the .wasm) come from the server.
const pageFetch = window.fetch.bind(window);
window.fetch = (url, init) => (String(url instanceof Request ? url.url : url).startsWith(location.origin) ? pageFetch(url, init) : cognito.fetch(url, init));
window.__result = (async () => {
  const events = [];
  Hub.listen('auth', ({ payload }) => events.push(payload.event));
  Amplify.configure({ Auth: { Cognito: { userPoolId: 'us-east-1_Alias1', userPoolClientId: 'aliasclient1', loginWith: { email: true } } } });
  const out = await signIn({ username: 'alice', password: 'Correct-Horse-1' });
  const session = await fetchAuthSession();
  return { isSignedIn: out.isSignedIn, events, user: session.tokens.idToken.payload['cognito:username'], loginWith: Amplify.getConfig().Auth.Cognito.loginWith };
})().catch((e) => ({ error: String(e && e.stack || e) }));
`,
    );
    await esbuild.build({
      absWorkingDir: dir,
      entryPoints: ['signin.js'],
      bundle: true,
      format: 'esm',
      outdir: 'site',
      logLevel: 'silent',
      alias: { 'aws-amplify': 'cognito-headless/amplify' },
    });
    // The README's copy step.
    copyFileSync(path.join(dir, 'node_modules/cognito-headless/wasm/cognito_headless_bg.wasm'), path.join(site, 'wasm/cognito_headless_bg.wasm'));
    writeFileSync(path.join(site, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="/signin.js"></script>');
    const browser = await launchChromium();
    const server = await startStaticServer({ '/': site });
    try {
      const page = await browser.newPage();
      const log = pageLog(page);
      await page.goto(`${server.url}/index.html`);
      const result = await page.waitForFunction(() => window.__result, null, { timeout: 15000 }).then(
        (h) => h.jsonValue(),
        (e) => ({ error: `${e.message}\n${log.join('\n')}` }),
      );
      expect(result).toEqual({ isSignedIn: true, events: ['signedIn'], user: 'alice', loginWith: { email: true } });
    } finally {
      await server.close();
      await browser.close();
    }
  }, 120000);

  it('esbuild exact-match plugin: aws-amplify → with-core, the other categories stay Amplify\'s', async () => {
    const source = `${block('amplifyAliases')}\nexport default amplifyAliases;\n`;
    const plugin = (await import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`)).default;
    writeFileSync(path.join(dir, 'mixed.js'), `${APP}\nimport { post } from 'aws-amplify/api';\nwindow.__post = post;\n`);
    const result = await esbuild.build({
      absWorkingDir: dir,
      entryPoints: ['mixed.js'],
      bundle: true,
      format: 'esm',
      write: false,
      outdir: 'dist-mixed',
      metafile: true,
      logLevel: 'silent',
      plugins: [plugin],
    });
    const ids = Object.keys(result.metafile.inputs);
    expect(amplifyAuthEngine(ids)).toEqual([]);
    expect(ours(ids)).toEqual(expect.arrayContaining(['amplify-with-core.js', 'amplify-auth.js', 'amplify-cognito.js', 'amplify-utils.js']));
    expect(ids.some((id) => /node_modules\/aws-amplify\/dist\/esm\/api\//.test(id))).toBe(true);
    expect(ids.some((id) => /node_modules\/@aws-amplify\/api-rest\//.test(id))).toBe(true);
  }, 120000);
});
