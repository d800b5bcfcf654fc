// The `otpauth://` URI is built in Rust only (src/url.rs), exported as `totpSetupUri` for
// Amplify's `getSetupUri(appName, accountName)`. The reference is the URI the key-URI
// format asks for, with every part percent-encoded by the platform's encodeURIComponent.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const wasmJs = path.join(root, 'target/pkg-build/package/wasm/cognito_headless.js');
const wasmBin = path.join(root, 'target/pkg-build/package/wasm/cognito_headless_bg.wasm');

describe.runIf(existsSync(wasmBin))('totpSetupUri', () => {
  it('matches the key URI format with encodeURIComponent parts', async () => {
    const { initSync, totpSetupUri } = await import(pathToFileURL(wasmJs).href);
    initSync({ module: readFileSync(wasmBin) });
    const e = encodeURIComponent;
    for (const [secret, app, account] of [
      ['JBSWY3DPEHPK3PXP', 'AWSCognito', 'alice'],
      ['ABC', 'My App', 'a@b.c'],
      ['ABC', 'Ünïcode/€', 'name with space+plus'],
    ]) {
      const expected = `otpauth://totp/${e(app)}:${e(account)}?secret=${e(secret)}&issuer=${e(app)}`;
      expect(totpSetupUri(secret, app, account)).toBe(expected);
      // A URL that parses.
      expect(new URL(totpSetupUri(secret, app, account)).protocol).toBe('otpauth:');
    }
  });
});
