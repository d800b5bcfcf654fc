// useAuthenticator in headless Chromium (playwright-core, Debian's /usr/bin/chromium): a
// tiny page, bundled by esbuild from the BUILT package's index.js + react.js, React 19 from
// node_modules and the per-route components of support/authenticator-app.mjs, without a
// Provider (the hook follows the page's createAuth), under StrictMode. Cognito is the
// scripted fetch inside the page; the session lands in the page's localStorage.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { root, pkgDir } from './support/built-package.mjs';
import { startStaticServer } from './support/static-server.mjs';
import { launchChromium, pageLog } from './support/chromium.mjs';

const support = path.join(root, 'tests/js/support');

const ENTRY = `
import { StrictMode, createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
import { createAuth } from ${JSON.stringify(path.join(pkgDir, 'index.js'))};
import * as react from ${JSON.stringify(path.join(pkgDir, 'react.js'))};
import { createScriptedCognito, config, CLIENT_ID } from ${JSON.stringify(path.join(support, 'scripted-cognito.mjs'))};
import { makeApp } from ${JSON.stringify(path.join(support, 'authenticator-app.mjs'))};

const cognito = createScriptedCognito();
window.__cognito = cognito;
window.__clientId = CLIENT_ID;
const { App } = makeApp(react);
createRoot(document.getElementById('root')).render(h(StrictMode, null, h(App)));
// The test looks at the page before any instance exists, then starts one.
window.__start = () =>
  createAuth({ ...config, passwordPolicy: { minLength: 10 } }, {
    fetch: cognito.fetch,
    wasmModule: '/pkg/wasm/cognito_headless_bg.wasm',
  }).then(() => 'ok', (e) => String(e && e.stack || e));
`;

let tmp;
let server;
let browser;

beforeAll(async () => {
  if (!existsSync(path.join(pkgDir, 'react.js')) || !existsSync(path.join(pkgDir, 'wasm/cognito_headless_bg.wasm'))) {
    throw new Error(`The npm package is not built (${path.relative(root, pkgDir)}/react.js or its wasm is missing). Run \`bash scripts/package.sh\` first.`);
  }
  tmp = await mkdtemp(path.join(os.tmpdir(), 'cognito-headless-react-'));
  await build({
    stdin: { contents: ENTRY, resolveDir: root, sourcefile: 'entry.mjs', loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: path.join(tmp, 'app.js'),
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  await writeFile(path.join(tmp, 'index.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><div id="root"></div><script type="module" src="/app.js"></script>');
  server = await startStaticServer({ '/pkg/': pkgDir, '/': tmp });
  browser = await launchChromium();
}, 30000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('useAuthenticator in Chromium', () => {
  it('configuring → signIn; validation after blur; pending; signed in (localStorage); signed out', async () => {
    const page = await browser.newPage();
    const log = pageLog(page);
    page.setDefaultTimeout(5000);
    try {
      await page.goto(server.url + '/');
      const main = page.locator('main');
      await page.waitForSelector('main[data-route="idle"][data-status="configuring"]');
      expect(await page.evaluate(() => window.__start())).toBe('ok');
      await page.waitForSelector('main[data-route="signIn"]');
      expect(await main.getAttribute('data-status')).toBe('unauthenticated');

      // The sign-up form: a short password shows nothing until the field loses focus.
      await page.click('[data-action="to-sign-up"]');
      await page.waitForSelector('main[data-route="signUp"]');
      await page.fill('input[name="password"]', 'short');
      expect(await page.locator('[role="alert"]').count()).toBe(0);
      await page.focus('input[name="confirm_password"]');
      await page.waitForSelector('[role="alert"][data-field="password"]');
      expect(await page.textContent('[role="alert"][data-field="password"]')).toBe('Password must have at least 10 characters');
      // (Leave the field first: the message it adds moves the buttons under the pointer.)
      await page.locator('input[name="confirm_password"]').blur();
      await page.waitForSelector('[role="alert"][data-field="confirm_password"]');
      await page.click('[data-action="to-sign-in"]');
      await page.waitForSelector('main[data-route="signIn"]');

      await page.fill('input[name="username"]', 'alice');
      await page.fill('input[name="password"]', 'Correct-Horse-1');
      await page.evaluate(() => {
        window.__release = window.__cognito.hold();
      });
      await page.click('button[type="submit"]');
      await page.waitForSelector('button[type="submit"][disabled]');
      expect(await page.textContent('button[type="submit"]')).toBe('Working…');
      await page.evaluate(() => window.__release());
      await page.waitForSelector('main[data-route="authenticated"]');
      expect(await main.getAttribute('data-status')).toBe('authenticated');
      expect(await page.textContent('[data-user]')).toBe('Signed in as alice');
      const stored = await page.evaluate(() => localStorage.getItem(`CognitoIdentityServiceProvider.${window.__clientId}.LastAuthUser`));
      expect(stored).toBe('alice');
      expect(await page.evaluate(() => window.__cognito.ops())).toEqual(['InitiateAuth', 'RespondToAuthChallenge', 'GetUser']);

      await page.click('[data-action="sign-out"]');
      await page.waitForSelector('main[data-route="signIn"]');
      expect(await main.getAttribute('data-status')).toBe('unauthenticated');
      expect(log.filter((l) => l.startsWith('[error]') || l.startsWith('[pageerror]'))).toEqual([]);
    } catch (e) {
      const html = await page.content().catch(() => '');
      throw new Error(`${e.message}\npage log:\n${log.join('\n')}\nrequests: ${server.requests.join(' ')}\npage: ${html.slice(0, 2000)}`);
    } finally {
      await page.close();
    }
  }, 30000);
});
