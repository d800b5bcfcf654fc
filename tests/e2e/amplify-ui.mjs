// E2E scenario "amplify-ui": Amplify UI's real `<Authenticator>` (@aws-amplify/ui-react),
// bundled by esbuild with only the documented aliases (amplify-ui-app.mjs) so that
// `aws-amplify` is our drop-in, served statically (its .wasm next to the bundle), against
// the local Cognito's MFA pool (TOTP required): sign up, confirm, TOTP setup, signed in,
// reload restores, sign out, sign in with a TOTP code. The local Cognito cannot send
// attribute verification codes: when Amplify UI offers to verify the email, it is skipped.
//
// run.mjs calls `amplifyUi(t)` with its runner (`scenario`, `newContext`, `newPage`,
// `assert`, `assertEq`), the started `stack` and the package directory.
//   E2E_ONLY=amplify-ui node tests/e2e/run.mjs
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { totpNow } from '../js/support/totp.mjs';
import { startStaticServer } from '../js/support/static-server.mjs';
import { buildAmplifyUiApp } from './amplify-ui-app.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * @param {{ scenario: Function, newContext: Function, newPage: Function, assert: Function,
 *   assertEq: Function, stack: any, pkgDir: string }} t
 */
export async function amplifyUi({ scenario, newContext, newPage, assert, assertEq, stack, pkgDir }) {
  const username = `aui-${Date.now().toString(36)}`;
  const password = 'E2e-Passw0rd!';
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'cognito-headless-amplify-ui-'));
  let server;
  let page;
  let secret;
  const config = {
    Auth: {
      Cognito: {
        userPoolId: stack.config.mfaUserPoolId,
        userPoolClientId: stack.config.mfaUserPoolClientId,
        userPoolEndpoint: stack.endpoint,
        loginWith: { username: true },
        signUpVerificationMethod: 'code',
        userAttributes: { email: { required: true } },
        mfa: { status: 'on', totpEnabled: true, smsEnabled: false },
      },
    },
  };
  const button = (name) => page.getByRole('button', { name, exact: true });
  /** Submits the current form with its primary button. */
  const submit = (name) => button(name).click();
  /** Past Amplify UI's offer to verify the email (the local Cognito cannot send the code). */
  const signedIn = async () => {
    const hello = page.locator('[data-testid="hello"]');
    const skip = button('Skip');
    await hello.or(skip).first().waitFor();
    if (await skip.isVisible()) await skip.click();
    await hello.waitFor();
    assertEq(await hello.innerText(), `Hello ${username}`, 'the signed-in view');
  };
  try {
    await scenario(
      'amplify-ui',
      "Amplify UI's <Authenticator> on our engine by aliasing: sign up, confirm, TOTP setup, reload, sign out, TOTP sign-in",
      async (s) => {
        const esbuild = await import(path.join(ROOT, 'node_modules/esbuild/lib/main.js'));
        await buildAmplifyUiApp({ esbuild, outDir, engine: 'ours', pkgDir, minify: false, config });
        server = await startStaticServer({ '/': outDir });
        await newContext(s);
        page = await newPage(s);
      },
      [
        [
          'sign up',
          async (s) => {
            await page.goto(`${server.url}/index.html`);
            await page.getByRole('tab', { name: 'Create Account' }).click();
            await page.fill('input[name="username"]', username);
            await page.fill('input[name="password"]', password);
            await page.fill('input[name="confirm_password"]', password);
            await page.fill('input[name="email"]', `${username}@example.com`);
            await submit('Create Account');
            await page.locator('input[name="confirmation_code"]').waitFor();
            assert(s.calls.some((c) => c.op === 'SignUp' && c.body.Username === username), 'SignUp was sent for the new user');
            assert(server.requests.includes('/wasm/cognito_headless_bg.wasm'), 'our engine (its .wasm) runs the page');
          },
        ],
        [
          'confirm → TOTP setup',
          async (s) => {
            const associated = page.waitForResponse((res) => (res.request().headers()['x-amz-target'] ?? '').endsWith('.AssociateSoftwareToken'));
            await page.fill('input[name="confirmation_code"]', '123456');
            await submit('Confirm');
            secret = (await (await associated).json()).SecretCode;
            // Auto sign-in; the pool requires MFA: Amplify UI's setupTotp screen.
            await page.getByText('Setup TOTP').first().waitFor();
            assert(typeof secret === 'string' && secret.length > 0, 'AssociateSoftwareToken gave a secret');
            await page.getByText(secret, { exact: true }).waitFor(); // Amplify UI shows it (totpSecretCode)
            assert(s.calls.some((c) => c.op === 'ConfirmSignUp'), 'ConfirmSignUp was sent');
          },
        ],
        [
          'TOTP code → signed in',
          async (s) => {
            await page.fill('input[name="confirmation_code"]', await totpNow(secret));
            await submit('Confirm');
            await signedIn();
            assert(s.calls.some((c) => c.op === 'VerifySoftwareToken'), 'VerifySoftwareToken was sent');
          },
        ],
        [
          'reload restores the session',
          async (s) => {
            const from = s.calls.length;
            await page.reload();
            await signedIn();
            const sent = s.calls.slice(from).map((c) => c.op);
            assert(!sent.includes('InitiateAuth') && !sent.includes('RespondToAuthChallenge'), `no sign-in after reload (sent: ${sent.join(', ')})`);
          },
        ],
        [
          'sign out',
          async () => {
            await page.click('[data-testid="sign-out"]');
            await page.locator('input[name="username"]').waitFor();
            assertEq(await page.locator('[data-testid="hello"]').count(), 0, 'signed-in views after sign-out');
          },
        ],
        [
          'sign in with a TOTP code',
          async (s) => {
            const from = s.calls.length;
            await page.fill('input[name="username"]', username);
            await page.fill('input[name="password"]', password);
            await submit('Sign in');
            await page.locator('input[name="confirmation_code"]').waitFor();
            await page.fill('input[name="confirmation_code"]', await totpNow(secret));
            await submit('Confirm');
            await signedIn();
            const answer = s.calls.slice(from).find((c) => c.op === 'RespondToAuthChallenge' && c.body.ChallengeName === 'SOFTWARE_TOKEN_MFA');
            assert(answer, 'the TOTP code was answered to SOFTWARE_TOKEN_MFA');
          },
        ],
      ],
    );
  } finally {
    await server?.close().catch(() => {});
    rmSync(outDir, { recursive: true, force: true });
  }
}
