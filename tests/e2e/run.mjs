#!/usr/bin/env node
// End-to-end tests: the demo stack (moto on 127.0.0.1 with TOTP on, the seed, Vite serving
// examples/react), all started here on free ports, driven by playwright-core in Debian's
// headless /usr/bin/chromium (never a downloaded browser). The Node example runs too, and
// the Next.js example (next.mjs: its own `next build` and `next start`).
//
//   node tests/e2e/run.mjs            (make test runs it as the `e2e` suite)
//   E2E_ONLY=tabs node tests/e2e/run.mjs   only the scenarios whose name contains "tabs"
//   E2E_HEADED=1 …                    (with a display) watch it
//
// Each step of each scenario is one test; a step after a failed one in the same scenario
// is counted as failed without running. Every step saves a screenshot of each page it
// used under tests/e2e/output/ (ignored by git). Requests to the local Cognito are counted
// with page.on('request') (the context's). The last line is `N passed, N failed`.
// Every process started here is stopped on success, failure, a time-out or a signal.
//
// Needs: target/pkg-build/package (scripts/package.sh), .venv/bin/moto_server and
// chromium (scripts/setup.sh). The examples' npm dependencies are installed when missing
// (scripts/install-examples.sh).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { totpNow } from '../js/support/totp.mjs';
import { nextExample } from './next.mjs';
import { amplifyUi } from './amplify-ui.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = path.join(ROOT, 'tests/e2e/output');
const CHROMIUM = '/usr/bin/chromium';
const SUITE_DEADLINE_MS = Number(process.env.E2E_DEADLINE_MS) || 280_000;
const STEP_TIMEOUT_MS = 45_000;
const T0 = Date.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const secs = (ms) => `${(ms / 1000).toFixed(1)}s`;
const say = (...a) => console.log(...a);

// ------------------------------------------------------------------------- processes

/** Everything to stop, newest last: { name, stop(), child? }. */
const started = [];
/** Every child process ever started (for the exit hook). */
const children = [];
const track = (entry) => {
  started.push(entry);
  if (entry.child) children.push(entry);
};
let cleaningUp;
async function cleanup() {
  if (!cleaningUp) {
    cleaningUp = (async () => {
      // Also what a start still in progress adds meanwhile.
      while (started.length) {
        const p = started.pop();
        try {
          await Promise.race([p.stop(), sleep(8000)]);
        } catch {
          // already gone
        }
      }
    })();
  }
  return cleaningUp;
}
// Last resort: whatever is still running when this process exits is killed.
process.on('exit', () => {
  for (const p of children) {
    if (p.child && p.child.exitCode === null && p.child.signalCode === null) {
      try {
        p.child.kill('SIGKILL');
      } catch {
        // gone
      }
    }
  }
});
let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, async () => {
    if (interrupted) return;
    interrupted = true;
    console.log(`\n${sig}: stopping`);
    await cleanup();
    console.log(`${results.filter((r) => r.ok).length} passed, ${Math.max(1, results.filter((r) => !r.ok).length)} failed`);
    process.exit(130);
  });
}

// ------------------------------------------------------------------------- results

/** { scenario, name, ok, ms, error? } */
const results = [];
let shotNo = 0;
const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);

async function screenshots(key, step, pages, suffix = '') {
  const files = [];
  for (const [label, page] of Object.entries(pages)) {
    if (!page || page.isClosed()) continue;
    shotNo += 1;
    const file = path.join(OUT, `${String(shotNo).padStart(2, '0')}-${key}-${slug(step).slice(0, 48)}${label ? `-${label}` : ''}${suffix}.png`);
    try {
      await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
      files.push(path.relative(ROOT, file));
    } catch {
      // a page that cannot be captured does not fail the step
    }
  }
  return files;
}

/**
 * Runs the steps of one scenario in order. `steps`: [name, async (s) => {}][]; `s` is the
 * scenario's shared state ({ pages: { label: page } } for the screenshots).
 */
async function scenario(key, name, setup, steps) {
  if (interrupted || (process.env.E2E_ONLY && !`${key} ${name}`.includes(process.env.E2E_ONLY))) return;
  say(`\n▶ ${name}`);
  const s = { pages: {} };
  /** A screenshot in the middle of a step. */
  s.shot = (label) => screenshots(key, label, s.pages);
  let failed = false;
  try {
    if (setup) await setup(s);
  } catch (e) {
    failed = true;
    say(`  ✗ set-up: ${e.message}`);
  }
  for (const [step, fn] of steps) {
    if (interrupted) return;
    if (failed || Date.now() - T0 > SUITE_DEADLINE_MS) {
      const why = failed ? 'not run: an earlier step failed' : `not run: the suite passed its ${secs(SUITE_DEADLINE_MS)} deadline`;
      results.push({ scenario: name, name: step, ok: false, ms: 0, error: why });
      say(`  ✗ ${step} (${why})`);
      continue;
    }
    const t = Date.now();
    try {
      let timer;
      await Promise.race([
        fn(s),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`step timed out after ${secs(STEP_TIMEOUT_MS)}`)), STEP_TIMEOUT_MS);
        }),
      ]).finally(() => clearTimeout(timer));
      const ms = Date.now() - t;
      await screenshots(key, step, s.pages);
      results.push({ scenario: name, name: step, ok: true, ms });
      say(`  ✓ ${step} (${secs(ms)})`);
    } catch (e) {
      if (interrupted) return;
      failed = true;
      const ms = Date.now() - t;
      const files = await screenshots(key, step, s.pages, '-FAILED');
      results.push({ scenario: name, name: step, ok: false, ms, error: e.message });
      say(`  ✗ ${step} (${secs(ms)})\n    ${String(e.message).split('\n').join('\n    ')}`);
      for (const [label, lines] of Object.entries(s.logs ?? {})) {
        if (lines.length) say(`    page log${label ? ` (${label})` : ''}:\n      ${lines.slice(-15).join('\n      ')}`);
      }
      if (files.length) say(`    screenshots: ${files.join(', ')}`);
    }
  }
  if (s.context) await s.context.close().catch(() => {});
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}
function assertEq(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

// ------------------------------------------------------------------------- TOTP (RFC 6238)

// ------------------------------------------------------------------------- the stack

function checkPrerequisites() {
  const missing = [];
  if (!existsSync(path.join(ROOT, 'target/pkg-build/package/index.js'))) missing.push('target/pkg-build/package (run scripts/package.sh)');
  if (!existsSync(path.join(ROOT, 'target/pkg-build/package/react.js'))) missing.push('target/pkg-build/package/react.js (the cognito-headless/react entry)');
  if (!existsSync(path.join(ROOT, '.venv/bin/moto_server'))) missing.push('.venv/bin/moto_server (run scripts/setup.sh)');
  if (!existsSync(CHROMIUM)) missing.push(`${CHROMIUM} (run scripts/setup.sh)`);
  if (!existsSync(path.join(ROOT, 'node_modules/playwright-core'))) missing.push('node_modules/playwright-core (run scripts/setup.sh)');
  if (missing.length) throw new Error(`missing: ${missing.join('; ')}`);
  const r = spawnSync('bash', [path.join(ROOT, 'scripts/install-examples.sh')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('scripts/install-examples.sh failed');
}

let stack;

async function startStack() {
  const { startMoto, seedLocalCognito } = await import(path.join(ROOT, 'scripts/local-cognito.mjs'));
  const { startVite, viteEnv } = await import(path.join(ROOT, 'scripts/demo.mjs'));
  const t = Date.now();
  const moto = await startMoto();
  track({ name: 'moto', stop: moto.stop, child: moto.child });
  const config = { ...(await seedLocalCognito(moto.endpoint)), refreshFlow: 'initiateAuth' };
  // The app runs on a copy of the package: a rebuild of target/pkg-build/package during
  // the run (another terminal) cannot reload or change the pages under test.
  const pinned = mkdtempSync(path.join(os.tmpdir(), 'cognito-headless-e2e-'));
  cpSync(path.join(ROOT, 'target/pkg-build/package'), pinned, { recursive: true });
  const removeCopy = () => rmSync(pinned, { recursive: true, force: true });
  process.on('exit', removeCopy);
  track({ name: 'package copy', stop: async () => removeCopy() });
  const viteLog = [];
  const vite = await startVite({ env: { ...viteEnv(config), COGNITO_HEADLESS_PACKAGE: pinned }, log: (text) => viteLog.push(text) });
  track({ name: 'vite', stop: vite.stop, child: vite.child });
  say(`stack: moto ${moto.endpoint} (pid ${moto.pid}), vite ${vite.url} (pid ${vite.pid}), up in ${secs(Date.now() - t)}`);
  return { moto, vite, config, url: vite.url, endpoint: moto.endpoint, viteLog };
}

// ------------------------------------------------------------------------- the browser

let browser;

async function launchBrowser() {
  const { chromium } = await import(path.join(ROOT, 'node_modules/playwright-core/index.mjs'));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: !process.env.E2E_HEADED,
    // This runner stops everything itself (playwright's own handlers would exit at once).
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  track({ name: 'chromium', stop: () => browser.close() });
}

/**
 * A fresh browser context (its own localStorage) whose requests to the local Cognito are
 * recorded in `s.calls`: { op, body, page }. `s.hold`: ops whose requests are held back
 * for `s.holdMs` (to make two tabs overlap).
 */
async function newContext(s) {
  s.context = await browser.newContext({ viewport: { width: 1100, height: 860 } });
  s.calls = [];
  s.logs = {};
  s.hold = new Set();
  s.holdMs = 0;
  /** When held requests were let go: { key, at }. */
  s.released = [];
  s.context.on('request', (req) => {
    if (req.method() !== 'POST' || !req.url().startsWith(stack.endpoint)) return;
    const target = req.headers()['x-amz-target'] ?? '';
    let body;
    try {
      body = req.postDataJSON();
    } catch {
      body = undefined;
    }
    const page = Object.entries(s.pages).find(([, p]) => p === req.frame()?.page())?.[0];
    s.calls.push({ op: target.split('.').pop(), body, page });
  });
  await s.context.route(`${stack.endpoint}**`, async (route) => {
    const req = route.request();
    const op = (req.headers()['x-amz-target'] ?? '').split('.').pop();
    let body;
    try {
      body = req.postDataJSON();
    } catch {
      body = undefined;
    }
    const key = op === 'InitiateAuth' && body?.AuthFlow === 'REFRESH_TOKEN_AUTH' ? 'refresh' : op;
    if (s.hold.has(key) && s.holdMs) {
      await sleep(s.holdMs);
      s.released.push({ key, at: Date.now() });
    }
    await route.continue();
  });
}

async function newPage(s, label = '') {
  const page = await s.context.newPage();
  s.pages[label] = page;
  const lines = (s.logs[label] = []);
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') lines.push(`[${m.type()}] ${m.text()}`);
  });
  page.on('pageerror', (e) => lines.push(`[pageerror] ${e.message}`));
  page.setDefaultTimeout(20_000);
  return page;
}

const ops = (s, from = 0, page) => s.calls.slice(from).filter((c) => page === undefined || c.page === page).map((c) => c.op);
const refreshCalls = (s, from = 0) =>
  s.calls.slice(from).filter((c) => (c.op === 'InitiateAuth' && c.body?.AuthFlow === 'REFRESH_TOKEN_AUTH') || c.op === 'GetTokensFromRefreshToken');

async function waitRoute(page, route, timeout = 20_000) {
  try {
    await page.waitForSelector(`.page[data-route="${route}"]`, { timeout });
  } catch {
    const now = await page.locator('.page').first().getAttribute('data-route').catch(() => '?');
    const err = await page.locator('[data-testid="auth-error"]').innerText().catch(() => '');
    throw new Error(`route "${route}" not reached in ${secs(timeout)}: the page is on "${now}"${err ? `, error shown: ${err.replace(/\n/g, ' ')}` : ''}`);
  }
}

async function fillForm(page, values) {
  for (const [name, value] of Object.entries(values)) {
    const input = page.locator(`form input[name="${name}"]`);
    await input.fill(value);
    await input.blur();
  }
}

/**
 * After a sign-in of a user whose email is not verified, the authenticator offers to verify
 * it (Amplify UI does the same): the verify route lists the email; skip it. The local
 * Cognito cannot send verification codes (no GetUserAttributeVerificationCode).
 */
async function skipVerification(page, s) {
  await page.waitForSelector('.page[data-route="authenticated"], .page[data-route="verifyUser"]');
  if ((await page.locator('.page').getAttribute('data-route')) === 'verifyUser') {
    await s?.shot('verify-user');
    const options = await page.locator('input[name="unverifiedAttr"]').evaluateAll((els) => els.map((e) => e.value));
    assertEq(options, ['email'], 'attributes the verify route offers');
    await page.click('[data-testid="skip"]');
  }
  await waitRoute(page, 'authenticated');
}

/** The seeded pool for `?pool=` (main or mfa). */
const poolOf = (which) =>
  which === 'mfa'
    ? { userPoolId: stack.config.mfaUserPoolId, clientId: stack.config.mfaUserPoolClientId }
    : { userPoolId: stack.config.userPoolId, clientId: stack.config.userPoolClientId };

/** The token keys this page's localStorage holds for a client. */
const tokenKeys = (page, clientId) =>
  page.evaluate((c) => Object.keys(localStorage).filter((k) => k.startsWith(`CognitoIdentityServiceProvider.${c}.`) && /(accessToken|idToken|refreshToken)$/.test(k)), clientId);

/** Decodes the TOTP QR code canvas in the page (jsQR from examples/react's devDependencies). */
async function decodeQr(page) {
  await page.addScriptTag({ path: path.join(ROOT, 'examples/react/node_modules/jsqr/dist/jsQR.js') });
  return page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="totp-qr"]');
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    return globalThis.jsQR(data.data, data.width, data.height)?.data ?? null;
  });
}

// ------------------------------------------------------------------------- scenarios

async function signUpToTotpAndBack() {
  const username = `e2e-${Date.now().toString(36)}`;
  const password = 'E2e-Passw0rd!';
  const pool = poolOf('mfa');
  let secret;
  let page;
  let mark = 0;
  await scenario(
    'mfa',
    'MFA pool: sign up, confirm, TOTP setup, TOTP sign-in, reload, refresh, credentials, sign out',
    async (s) => {
      await newContext(s);
      page = await newPage(s);
    },
    [
      [
        'sign-up form validates next to the fields',
        async (s) => {
          await page.goto(`${stack.url}?pool=mfa`);
          await waitRoute(page, 'signIn');
          await page.click('[data-testid="to-sign-up"]');
          await waitRoute(page, 'signUp');
          await fillForm(page, { username, password: 'short', confirm_password: 'shorter', email: `${username}@example.com` });
          const pwErrors = await page.locator('.field:has(input[name="password"]) [data-testid="field-errors"]').innerText();
          assert(/at least 8 characters/.test(pwErrors), `password errors next to the field: ${JSON.stringify(pwErrors)}`);
          assert(/upper case/.test(pwErrors) && /numbers/.test(pwErrors), `password policy errors: ${JSON.stringify(pwErrors)}`);
          const confirmErrors = await page.locator('.field:has(input[name="confirm_password"]) [data-testid="field-errors"]').innerText();
          assert(/must match/.test(confirmErrors), `confirm-password error: ${JSON.stringify(confirmErrors)}`);
          const before = s.calls.length;
          await page.click('[data-testid="submit"]');
          await sleep(300);
          assertEq(ops(s, before), [], 'requests after submitting an invalid form');
          await waitRoute(page, 'signUp');
        },
      ],
      [
        'sign up (submit disabled while pending)',
        async (s) => {
          await fillForm(page, { password, confirm_password: password });
          assertEq(await page.locator('[data-testid="field-errors"]').count(), 0, 'validation errors once the form is valid');
          s.hold.add('SignUp');
          s.holdMs = 1200;
          const before = s.calls.length;
          await page.click('[data-testid="submit"]');
          await page.waitForSelector('[data-testid="submit"]:disabled', { timeout: 1000 });
          s.hold.clear();
          await waitRoute(page, 'confirmSignUp');
          assert(ops(s, before).includes('SignUp'), `SignUp sent: ${ops(s, before)}`);
          const signUp = s.calls.slice(before).find((c) => c.op === 'SignUp');
          assertEq(signUp.body.UserAttributes, [{ Name: 'email', Value: `${username}@example.com` }], 'SignUp attributes');
        },
      ],
      [
        'confirm sign-up (any code: moto), automatic sign-in reaches TOTP setup',
        async (s) => {
          const before = s.calls.length;
          await fillForm(page, { confirmation_code: '123456' });
          await page.click('[data-testid="submit"]');
          await waitRoute(page, 'setupTotp');
          const sent = ops(s, before);
          assert(sent[0] === 'ConfirmSignUp', `ConfirmSignUp first: ${sent}`);
          assert(sent.includes('InitiateAuth') && sent.includes('AssociateSoftwareToken'), `auto sign-in then TOTP association: ${sent}`);
        },
      ],
      [
        'TOTP setup: the QR code holds the setup URI; the code from the shown secret signs in',
        async (s) => {
          secret = (await page.locator('[data-testid="totp-secret"]').innerText()).trim();
          assert(/^[A-Za-z2-7]+=*$/.test(secret), `a base32 secret: ${secret}`);
          const uri = (await page.locator('[data-testid="totp-uri"]').textContent()).trim();
          assert(uri.startsWith('otpauth://totp/') && uri.includes(`secret=${secret}`), `setup URI: ${uri}`);
          assert(uri.includes(encodeURIComponent(username)), `the URI names the user: ${uri}`);
          const qr = await decodeQr(page);
          assertEq(qr, uri, 'the decoded QR code');
          const before = s.calls.length;
          await fillForm(page, { confirmation_code: await totpNow(secret) });
          await page.click('[data-testid="submit"]');
          await skipVerification(page, s);
          const sent = ops(s, before);
          assert(sent[0] === 'VerifySoftwareToken' && sent[1] === 'RespondToAuthChallenge', `VerifySoftwareToken, RespondToAuthChallenge: ${sent}`);
          assertEq((await page.locator('[data-testid="username"]').innerText()).trim(), username, 'signed-in user');
        },
      ],
      [
        'sign out',
        async (s) => {
          await page.click('[data-testid="sign-out"]');
          await waitRoute(page, 'signIn');
          assertEq(await tokenKeys(page, pool.clientId), [], 'tokens left in localStorage');
        },
      ],
      [
        'sign in with a TOTP code',
        async (s) => {
          const before = s.calls.length;
          await fillForm(page, { username, password });
          await page.click('[data-testid="submit"]');
          await waitRoute(page, 'confirmSignIn');
          const title = await page.locator('h1').innerText();
          assert(/authenticator/i.test(title), `the TOTP code screen: ${title}`);
          await s.shot('totp-code');
          await fillForm(page, { confirmation_code: await totpNow(secret) });
          await page.click('[data-testid="submit"]');
          await skipVerification(page, s);
          const challenge = s.calls.slice(before).filter((c) => c.body?.ChallengeName === 'SOFTWARE_TOKEN_MFA');
          assertEq(challenge.length, 1, 'SOFTWARE_TOKEN_MFA answers');
          await page.waitForSelector('[data-testid="identity-id"]:not(:text("…"))');
        },
      ],
      [
        'reload keeps the session with no InitiateAuth after the reload',
        async (s) => {
          mark = s.calls.length;
          await page.reload();
          await waitRoute(page, 'authenticated');
          await page.waitForSelector('[data-testid="identity-id"]:not(:text("…"))');
          await sleep(500);
          const after = ops(s, mark);
          assert(!after.includes('InitiateAuth') && !after.includes('RespondToAuthChallenge'), `no sign-in after the reload: ${after}`);
          assertEq((await page.locator('[data-testid="username"]').innerText()).trim(), username, 'user after the reload');
        },
      ],
      [
        'forced refresh sends one refresh request and shows new tokens',
        async (s) => {
          const tail = await page.locator('[data-testid="access-token-tail"]').innerText();
          mark = s.calls.length;
          await page.click('[data-testid="refresh"]');
          await page.waitForSelector('[data-testid="refresh-count"]:text("1")');
          const refreshes = refreshCalls(s, mark);
          assertEq(refreshes.length, 1, 'refresh requests');
          const tail2 = await page.locator('[data-testid="access-token-tail"]').innerText();
          assert(tail2 !== tail, `a new access token (${tail} → ${tail2})`);
        },
      ],
      [
        'identity credentials shown',
        async (s) => {
          const identityId = await page.locator('[data-testid="identity-id"]').innerText();
          assert(/^us-east-1:[0-9a-f-]{36}$/.test(identityId), `identity id: ${identityId}`);
          const exp = await page.locator('[data-testid="credentials-expiration"]').getAttribute('data-expiration');
          assert(exp && Date.parse(exp) > Date.now(), `credentials expire in the future: ${exp}`);
          const key = await page.locator('[data-testid="access-key"]').innerText();
          assert(/^\w{4}…\w{4}$/.test(key), `access key shown: ${key}`);
          assert(ops(s, mark).includes('GetCredentialsForIdentity'), `fresh credentials after the forced refresh: ${ops(s, mark)}`);
          const claims = await page.locator('[data-testid="id-claims"]').innerText();
          assert(claims.includes(username) && claims.includes('token_use'), 'decoded ID token claims shown');
        },
      ],
      [
        'sign out everywhere (GlobalSignOut)',
        async (s) => {
          mark = s.calls.length;
          await page.click('[data-testid="sign-out-global"]');
          await waitRoute(page, 'signIn');
          assert(ops(s, mark).includes('GlobalSignOut'), `GlobalSignOut sent: ${ops(s, mark)}`);
          assertEq(await tokenKeys(page, pool.clientId), [], 'tokens left in localStorage');
          await page.reload();
          await waitRoute(page, 'signIn');
        },
      ],
    ],
  );
}

async function wrongPassword() {
  const { username, password } = stack.config;
  let page;
  await scenario(
    'password',
    'Standard pool: required fields, wrong password (USER_PASSWORD_AUTH), right password',
    async (s) => {
      await newContext(s);
      page = await newPage(s);
    },
    [
      [
        'an empty submit flags the required fields and sends nothing',
        async (s) => {
          await page.goto(stack.url);
          await waitRoute(page, 'signIn');
          const before = s.calls.length;
          await page.click('[data-testid="submit"]');
          await page.waitForSelector('.field:has(input[name="username"]) [data-testid="field-errors"]');
          const text = await page.locator('.field:has(input[name="password"]) [data-testid="field-errors"]').innerText();
          assert(/required/i.test(text), `required error next to the password: ${text}`);
          await sleep(200);
          assertEq(ops(s, before), [], 'requests');
        },
      ],
      [
        'a wrong password shows the error',
        async (s) => {
          await page.goto(`${stack.url}?flow=USER_PASSWORD_AUTH`);
          await waitRoute(page, 'signIn');
          assert(await page.locator('input[name="authFlowType"][value="USER_PASSWORD_AUTH"]').isChecked(), 'the USER_PASSWORD_AUTH flow is chosen');
          const before = s.calls.length;
          await fillForm(page, { username, password: 'Wrong-Passw0rd!' });
          await page.click('[data-testid="submit"]');
          const alert = await page.waitForSelector('[data-testid="auth-error"]');
          const text = await alert.innerText();
          assert(/NotAuthorizedException/.test(text) && /incorrect/i.test(text), `the error shown: ${text}`);
          const sent = s.calls.slice(before);
          assertEq(sent.map((c) => c.op), ['InitiateAuth'], 'requests');
          assertEq(sent[0].body.AuthFlow, 'USER_PASSWORD_AUTH', 'AuthFlow');
          await waitRoute(page, 'signIn');
          assertEq(await page.locator('[data-testid="auth-status"]').textContent(), 'unauthenticated', 'auth status');
        },
      ],
      [
        'the right password signs in (USER_PASSWORD_AUTH)',
        async (s) => {
          await fillForm(page, { password });
          await page.click('[data-testid="submit"]');
          await waitRoute(page, 'authenticated');
          assertEq(await page.locator('[data-testid="auth-flow"]').innerText(), 'USER_PASSWORD_AUTH', 'the flow shown');
          await page.click('[data-testid="sign-out"]');
          await waitRoute(page, 'signIn');
        },
      ],
    ],
  );
}

async function forgotPassword() {
  const pool = poolOf('main');
  const username = `reset-${Date.now().toString(36)}`;
  const { createConfirmedUser } = await import(path.join(ROOT, 'scripts/local-cognito.mjs'));
  let page;
  await scenario(
    'reset',
    'Standard pool: forgot password, confirm with a new password, sign in with it',
    async (s) => {
      await createConfirmedUser(stack.endpoint, pool.userPoolId, username, 'Old-Passw0rd!', `${username}@example.com`);
      await newContext(s);
      page = await newPage(s);
    },
    [
      [
        'forgot password sends a code',
        async (s) => {
          await page.goto(stack.url);
          await waitRoute(page, 'signIn');
          await page.click('[data-testid="to-forgot-password"]');
          await waitRoute(page, 'forgotPassword');
          const before = s.calls.length;
          await fillForm(page, { username });
          await page.click('[data-testid="submit"]');
          await waitRoute(page, 'confirmResetPassword');
          assertEq(ops(s, before), ['ForgotPassword'], 'requests');
        },
      ],
      [
        'confirm reset password (policy checked in the form first)',
        async (s) => {
          await fillForm(page, { confirmation_code: '123456', password: 'nouppercase1!', confirm_password: 'nouppercase1!' });
          const errors = await page.locator('.field:has(input[name="password"]) [data-testid="field-errors"]').innerText();
          assert(/upper case/.test(errors), `policy error: ${errors}`);
          const before = s.calls.length;
          await fillForm(page, { password: 'New-Passw0rd!', confirm_password: 'New-Passw0rd!' });
          await page.click('[data-testid="submit"]');
          await waitRoute(page, 'signIn');
          assertEq(ops(s, before), ['ConfirmForgotPassword'], 'requests');
        },
      ],
      [
        'the new password signs in (USER_PASSWORD_AUTH: checked by the server)',
        async (s) => {
          await page.goto(`${stack.url}?flow=USER_PASSWORD_AUTH`);
          await waitRoute(page, 'signIn');
          await fillForm(page, { username, password: 'New-Passw0rd!' });
          await page.click('[data-testid="submit"]');
          await waitRoute(page, 'authenticated');
        },
      ],
    ],
  );
}

async function forceNewPassword() {
  const pool = poolOf('main');
  const username = `temp-${Date.now().toString(36)}`;
  const { call } = await import(path.join(ROOT, 'scripts/local-cognito.mjs'));
  let page;
  await scenario(
    'newpw',
    'Standard pool: a user with a temporary password chooses a new one',
    async (s) => {
      await call(stack.endpoint, 'AWSCognitoIdentityProviderService', 'AdminCreateUser', {
        UserPoolId: pool.userPoolId,
        Username: username,
        TemporaryPassword: 'Temp-Passw0rd!',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: `${username}@example.com` },
          { Name: 'email_verified', Value: 'true' },
        ],
      });
      await newContext(s);
      page = await newPage(s);
    },
    [
      [
        'the temporary password leads to the new-password route',
        async (s) => {
          await page.goto(stack.url);
          await waitRoute(page, 'signIn');
          await fillForm(page, { username, password: 'Temp-Passw0rd!' });
          await page.click('[data-testid="submit"]');
          await waitRoute(page, 'forceNewPassword');
          const names = await page.locator('form input').evaluateAll((els) => els.map((e) => e.name));
          assertEq(names, ['password', 'confirm_password'], 'the fields');
        },
      ],
      [
        'a new password that satisfies the policy signs in',
        async (s) => {
          await fillForm(page, { password: 'Chosen-Passw0rd!', confirm_password: 'Chosen-Passw0rd?' });
          const errors = await page.locator('.field:has(input[name="confirm_password"]) [data-testid="field-errors"]').innerText();
          assert(/must match/.test(errors), `confirm-password error: ${errors}`);
          await s.shot('mismatch');
          const before = s.calls.length;
          await fillForm(page, { confirm_password: 'Chosen-Passw0rd!' });
          await page.click('[data-testid="submit"]');
          await waitRoute(page, 'authenticated');
          const answer = s.calls.slice(before).find((c) => c.body?.ChallengeName === 'NEW_PASSWORD_REQUIRED');
          assert(answer, `NEW_PASSWORD_REQUIRED answered: ${ops(s, before)}`);
        },
      ],
    ],
  );
}

async function twoTabs() {
  const { username, password } = stack.config;
  const pool = poolOf('main');
  let a;
  let b;
  await scenario(
    'tabs',
    'Two tabs: shared session, one refresh for two forced refreshes at once, sign-out follows',
    async (s) => {
      await newContext(s);
      a = await newPage(s, 'tab-a');
      b = await newPage(s, 'tab-b');
    },
    [
      [
        'tab A signs in (SRP), tab B opens signed in without signing in',
        async (s) => {
          await a.goto(stack.url);
          await waitRoute(a, 'signIn');
          await fillForm(a, { username, password });
          await a.click('[data-testid="submit"]');
          await waitRoute(a, 'authenticated');
          await a.waitForSelector('[data-testid="identity-id"]:not(:text("…"))');
          const before = s.calls.length;
          await b.goto(stack.url);
          await waitRoute(b, 'authenticated');
          await b.waitForSelector('[data-testid="identity-id"]:not(:text("…"))');
          const sent = ops(s, before);
          assert(!sent.includes('InitiateAuth'), `tab B made no sign-in or refresh request: ${sent}`);
        },
      ],
      [
        'a forced refresh in both tabs at once sends one refresh request (Web Locks)',
        async (s) => {
          const tailA = await a.locator('[data-testid="access-token-tail"]').innerText();
          const hasLocks = await a.evaluate(() => typeof navigator.locks?.request === 'function');
          assert(hasLocks, 'navigator.locks in the page');
          const before = s.calls.length;
          // Hold each refresh request for 3 s so that the two tabs' refreshes overlap, and
          // click both buttons from inside the pages (no actionability waits in between).
          s.hold.add('refresh');
          s.holdMs = 3000;
          s.released.length = 0;
          const click = () => {
            document.querySelector('[data-testid="refresh"]').click();
            return Date.now();
          };
          const clicked = await Promise.all([a.evaluate(click), b.evaluate(click)]);
          try {
            await Promise.all([
              a.waitForSelector('[data-testid="refresh-count"]:text("1")', { timeout: 15000 }),
              b.waitForSelector('[data-testid="refresh-count"]:text("1")', { timeout: 15000 }),
            ]);
          } finally {
            s.hold.clear();
          }
          await sleep(300);
          const refreshes = refreshCalls(s, before);
          const byTab = refreshes.map((c) => c.page).join(', ');
          const firstAnswer = s.released[0]?.at;
          const overlap = firstAnswer === undefined || Math.max(...clicked) < firstAnswer;
          assert(
            refreshes.length === 1,
            `refresh requests: expected 1, got ${refreshes.length} (from: ${byTab || 'none'}); the clicks were ${Math.abs(clicked[0] - clicked[1])} ms apart, ` +
              (overlap ? 'both before the first refresh was answered' : 'NOT both before the first refresh was answered (a slow machine: the tabs did not overlap)'),
          );
          const [ta, tb] = [await a.locator('[data-testid="access-token-tail"]').innerText(), await b.locator('[data-testid="access-token-tail"]').innerText()];
          assert(ta !== tailA, `tab A has a new token (${tailA} → ${ta})`);
          assertEq(tb, ta, "tab B's token (the one tab A's refresh stored)");
        },
      ],
      [
        'sign-out in tab A signs tab B out',
        async (s) => {
          const before = s.calls.length;
          await a.click('[data-testid="sign-out"]');
          await waitRoute(a, 'signIn');
          await waitRoute(b, 'signIn', 10000);
          assertEq(await tokenKeys(b, pool.clientId), [], 'tokens in localStorage');
          const fromB = ops(s, before, 'tab-b');
          assertEq(fromB, [], 'requests from tab B');
        },
      ],
    ],
  );
}

async function nodeExample() {
  const c = stack.config;
  await scenario('node', 'Node example (cookie storage, as SSR)', null, [
    [
      'examples/node/session.mjs signs in, restores the session from cookies, signs out',
      async (s) => {
        const env = {
          ...process.env,
          COGNITO_ENDPOINT: c.endpoint,
          COGNITO_USER_POOL_ID: c.userPoolId,
          COGNITO_CLIENT_ID: c.userPoolClientId,
          COGNITO_IDENTITY_POOL_ID: c.identityPoolId,
          COGNITO_USERNAME: c.username,
          COGNITO_PASSWORD: c.password,
        };
        const child = spawn(process.execPath, ['session.mjs', '--json'], { cwd: path.join(ROOT, 'examples/node'), env, stdio: ['ignore', 'pipe', 'pipe'] });
        track({ name: 'node example', stop: async () => child.exitCode === null && child.kill('SIGKILL'), child });
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (err += d));
        const code = await new Promise((resolve) => child.once('exit', resolve));
        const last = out.trim().split('\n').pop();
        let summary;
        try {
          summary = JSON.parse(last);
        } catch {
          throw new Error(`exit ${code}; no JSON summary:\n${out.slice(-1500)}\n${err.slice(-1500)}`);
        }
        writeFileSync(path.join(OUT, 'node-example.json'), `${JSON.stringify(summary, null, 2)}\n`);
        assert(summary.login.signIn.isSignedIn, 'signed in');
        assert(summary.login.ops[0] === 'InitiateAuth' && summary.login.ops[1] === 'RespondToAuthChallenge', `SRP sign-in: ${summary.login.ops}`);
        assert(summary.login.setCookies > 0, 'the login response sets cookies');
        assertEq(summary.profile.status, 'authenticated', 'the next request restores the session from cookies');
        assert(!summary.profile.ops.includes('InitiateAuth'), `no sign-in on the next request: ${summary.profile.ops}`);
        assertEq(summary.profile.session.userSub, summary.login.session.userSub, 'same user');
        assert(summary.profile.session.identityId?.startsWith('us-east-1:'), 'identity id');
        assertEq(summary.logout.status, 'unauthenticated', 'after logout');
        assertEq(summary.cognitoCookiesLeft, [], 'Cognito cookies left after logout');
        assertEq(code, 0, 'exit code');
      },
    ],
  ]);
}

// ------------------------------------------------------------------------- main

async function main() {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const watchdog = setTimeout(async () => {
    say(`\nthe e2e suite passed ${secs(SUITE_DEADLINE_MS + 20_000)}: stopping`);
    await cleanup();
    finish(1);
  }, SUITE_DEADLINE_MS + 20_000);
  watchdog.unref();
  try {
    checkPrerequisites();
    stack = await startStack();
    await launchBrowser();
    // Warm-up: the first page load compiles the app in Vite.
    const warm = await browser.newPage();
    await warm.goto(stack.url);
    await warm.waitForSelector('.page[data-route]', { timeout: 60_000 });
    await warm.close();
  } catch (e) {
    say(`set-up failed: ${e.stack || e.message}`);
    if (stack?.viteLog?.length) say(`vite log:\n${stack.viteLog.join('').slice(-2000)}`);
    results.push({ scenario: 'set-up', name: 'start the demo stack', ok: false, ms: 0, error: e.message });
    await cleanup();
    return finish(1);
  }
  try {
    await signUpToTotpAndBack();
    await wrongPassword();
    await forgotPassword();
    await forceNewPassword();
    await twoTabs();
    await nodeExample();
    await nextExample({ scenario, newContext, newPage, track, stack, assert, assertEq, say });
    await amplifyUi({ scenario, newContext, newPage, assert, assertEq, stack, pkgDir: path.join(ROOT, 'target/pkg-build/package') });
  } catch (e) {
    say(`runner error: ${e.stack || e.message}`);
    results.push({ scenario: 'runner', name: 'runner', ok: false, ms: 0, error: e.message });
  }
  await cleanup();
  finish();
}

function finish(code) {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  say(`\n===== e2e: ${passed} passed, ${failed} failed in ${secs(Date.now() - T0)}; screenshots in ${path.relative(ROOT, OUT)}/`);
  for (const r of results.filter((x) => !x.ok)) say(`  FAILED ${r.scenario} › ${r.name}: ${String(r.error).split('\n')[0]}`);
  console.log(`${passed} passed, ${failed || (results.length ? 0 : 1)} failed`);
  process.exit(code ?? (failed || !results.length ? 1 : 0));
}

main();
