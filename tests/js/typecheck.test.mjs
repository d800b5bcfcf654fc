// js/ is type-checked: `tsc -p js/tsconfig.json` (checkJs, strict) over the package's JS
// and its hand-written .d.ts, with no error.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('tsc --checkJs --strict over js/ reports no error', () => {
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  let output = '';
  let status = 0;
  try {
    execFileSync(process.execPath, [tsc, '-p', 'js/tsconfig.json', '--pretty', 'false'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    status = e.status ?? 1;
    output = `${e.stdout ?? ''}${e.stderr ?? ''}` || String(e);
  }
  expect(output, output).toBe('');
  expect(status).toBe(0);
}, 180000);
