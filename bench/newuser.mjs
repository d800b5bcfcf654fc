// Section "newuser": a first visit with no stored session (issue #21 item 2: "a new user
// never waits for the wasm"). In headless Chromium, each client's production bundle (built
// and served as in pagestart.mjs: esbuild --bundle --minify, gzip'd from 127.0.0.1, our
// .wasm a separate file) renders a plain sign-in form once the client is ready:
//
//   ours     await createAuth(config) (signed out), then the form; submit → auth.signIn(
//            { username, password, options: { authFlowType: 'USER_PASSWORD_AUTH' } })
//   ours-eager  the same, but the form is shown at once and createAuth runs alongside;
//            submit awaits its promise, then auth.signIn (what an app can do today)
//   Amplify  Amplify.configure(..), then the form; submit → signIn(..) from aws-amplify/auth
//            with the same options
//
// Cognito is scripted in the page (newuser-page.mjs: a fetch wrapper answers every
// cognito-idp request with the same 400 NotAuthorizedException; no network). The test
// "user" clicks the form's button `delay` ms (300) after Playwright sees it. Per visit
// (a fresh browser context: empty HTTP cache, code caches and storage), from performance.now():
//   navigation → form visible   the first animation frame after the form is appended
//   submit → first request      the click's submit handler → the first Cognito fetch
//   submit → signIn settled     (its rejection with NotAuthorizedException)
// Samples alternate between the clients (the order rotating). Medians are reported.

import path from 'node:path';
import { createRequire } from 'node:module';
import { buildPages, startServer } from './pagestart.mjs';
import { summary } from './stats.mjs';

export const NEWUSER_CLIENTS = [
  { id: 'ours', entry: 'newuser-ours.mjs', wasm: true, label: '**ours** (`createAuth` + `auth.signIn`)' },
  { id: 'ours-eager', entry: 'newuser-ours-eager.mjs', wasm: true, label: '**ours**, form first (`createAuth` not awaited before the form)' },
  { id: 'amplify', entry: 'newuser-amplify.mjs', wasm: false, label: 'Amplify v6 (`aws-amplify` `signIn`)' },
];

async function visit(context, url, { delay, timeoutMs }) {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
    await page.waitForFunction(() => window.__newuser?.formVisible !== undefined || window.__newuser?.error !== undefined, null, { timeout: timeoutMs, polling: 'raf' });
    let r = await page.evaluate(() => window.__newuser);
    if (r.error) return { error: `the page failed: ${r.error}` };
    await page.waitForTimeout(delay);
    await page.click('#submit', { timeout: timeoutMs });
    await page.waitForFunction(() => window.__newuser?.settled !== undefined, null, { timeout: timeoutMs, polling: 'raf' });
    r = await page.evaluate(() => window.__newuser);
    if (r.firstRequest === undefined) return { error: 'no Cognito request was made' };
    if (r.firstTarget !== 'AWSCognitoIdentityProviderService.InitiateAuth') return { error: `first request ${r.firstTarget}, not InitiateAuth` };
    if (r.result?.ok || r.result?.name !== 'NotAuthorizedException') return { error: `signIn did not reject with NotAuthorizedException: ${JSON.stringify(r.result)}` };
    return { formVisible: r.formVisible, submitToRequest: r.firstRequest - r.submit, submitToSettled: r.settled - r.submit, navToRequest: r.firstRequest };
  } finally {
    await page.close().catch(() => {});
  }
}

/**
 * @param {{ benchDir: string, pkgRoot: string, pkgDir: string, outDir: string, samples?: number, delay?: number, clientList?: object[], log?: (...a: any[]) => void }} o
 *   clientList: other clients than NEWUSER_CLIENTS (pages-compare.mjs)
 */
export async function runNewuser({ benchDir, pkgRoot, pkgDir, outDir, samples = 7, delay = 300, clientList, log = () => {} }) {
  const chosen = clientList ?? NEWUSER_CLIENTS;
  const files = await buildPages({ benchDir, pkgRoot, pkgDir, outDir, clients: chosen });
  const server = await startServer(outDir);
  const base = `http://127.0.0.1:${server.address().port}`;
  const { chromium } = createRequire(path.join(benchDir, '..', 'package.json'))('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const version = browser.version();
  const raw = Object.fromEntries(chosen.map((c) => [c.id, []]));
  const failures = [];
  try {
    log(`newuser: Chromium ${version}, ${samples} samples × ${chosen.map((c) => c.id).join(', ')} (first visit, no stored session, submit ${delay} ms after the form) …`);
    for (let i = 0; i < samples; i++) {
      const order = chosen.map((_, k) => chosen[(k + i) % chosen.length]);
      for (const c of order) {
        const context = await browser.newContext();
        try {
          const r = await visit(context, `${base}/${c.id}/`, { delay, timeoutMs: 60000 });
          if (r.error) {
            failures.push({ client: c.id, sample: i, error: r.error });
            log(`newuser: sample ${i} ${c.id} FAILED: ${r.error}`);
          } else raw[c.id].push(r);
        } finally {
          await context.close();
        }
      }
      log(`newuser: sample ${i + 1}/${samples}: ${order.map((c) => { const x = raw[c.id].at(-1); return x ? `${c.id} form ${x.formVisible.toFixed(0)} ms, submit→request ${x.submitToRequest.toFixed(1)} ms` : `${c.id} —`; }).join('; ')}`);
    }
  } finally {
    await browser.close();
    server.close();
  }
  const impls = {};
  for (const c of chosen) {
    const xs = raw[c.id];
    if (!xs.length) throw new Error(`newuser: every sample of ${c.id} failed (first: ${failures.find((f) => f.client === c.id)?.error})`);
    impls[c.id] = {
      label: c.label,
      files: files[c.id],
      formVisible: summary(xs.map((x) => x.formVisible)),
      submitToRequest: summary(xs.map((x) => x.submitToRequest)),
      submitToSettled: summary(xs.map((x) => x.submitToSettled)),
    };
  }
  return { samples, delay, chromium: version, impls, failures };
}
