// Toolchain smoke test: checks the environment that scripts/setup.sh promises, so a
// broken install fails here with a readable message instead of deep inside a build.
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = (cmd, args) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('toolchain', () => {
  it('runs on Node >= 20 with WebCrypto (getrandom on wasm needs globalThis.crypto)', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(20);
    const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
    expect(bytes.length).toBe(16);
  });

  it('has npm binaryen wasm-opt 132 in node_modules/.bin (Debian wasm-opt 108 breaks the output)', () => {
    const wasmOpt = path.join(root, 'node_modules/.bin/wasm-opt');
    expect(existsSync(wasmOpt)).toBe(true);
    expect(run(wasmOpt, ['--version'])).toMatch(/^wasm-opt version 132\b/);
    expect(existsSync('/usr/bin/wasm-opt')).toBe(false);
  });

  it('has Debian chromium and chromedriver for the headless browser tests', () => {
    expect(existsSync('/usr/bin/chromium')).toBe(true);
    expect(existsSync('/usr/bin/chromedriver')).toBe(true);
    // Same major version, or chromedriver refuses the session.
    const major = (s) => s.match(/(\d+)\.\d+\.\d+/)?.[1];
    const chromium = run('/usr/bin/chromium', ['--version']);
    const driver = run('/usr/bin/chromedriver', ['--version']);
    expect(major(chromium)).toBeDefined();
    expect(major(driver)).toBe(major(chromium));
  });

  it('has wasm-bindgen-cli at exactly the version Cargo.lock pins', () => {
    const lock = readFileSync(path.join(root, 'Cargo.lock'), 'utf8');
    const pinned = lock.match(/name = "wasm-bindgen"\nversion = "([^"]+)"/)?.[1];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    const cargoBin = path.join(process.env.HOME ?? '/root', '.cargo/bin');
    const env = { ...process.env, PATH: `${process.env.PATH}:${cargoBin}` };
    const out = execFileSync('wasm-bindgen', ['--version'], { encoding: 'utf8', env });
    expect(out.trim()).toBe(`wasm-bindgen ${pinned}`);
  });

  it('can load amazon-cognito-identity-js, the independent SRP reference', () => {
    const require = createRequire(import.meta.url);
    const { AuthenticationHelper } = require('amazon-cognito-identity-js');
    expect(typeof AuthenticationHelper).toBe('function');
  });
});
