// Types parity (issue 23 item 5): tests/js/types/amplify-docs.ts, code written the way
// Amplify's docs use `aws-amplify/auth` (every function, every nextStep branch, every name the
// module exports, Hub with cross-tab options), compiles with `strict` and no error against
// the real aws-amplify (so the file itself is right) and, with the same imports aliased to
// our declarations as a bundler alias would (tsconfig.ours.json `paths`), against ours.
// Checked by hand that it fails: against the declarations before issue 23 it reported 48
// errors (31 missing names, optional codeDeliveryDetails, no metadata / signInDetails /
// clientMetadata, 'LOGIN', Hub's third argument, a non-exhaustive nextStep switch).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');

/** tsc's output (empty when there is no error) for one project. */
function compile(project) {
  try {
    execFileSync(process.execPath, [tsc, '-p', project, '--pretty', 'false'], { cwd: root, encoding: 'utf8', timeout: 120000, stdio: ['ignore', 'pipe', 'pipe'] });
    return '';
  } catch (e) {
    return `${e.stdout ?? ''}${e.stderr ?? ''}` || String(e);
  }
}

test('the doc-style file compiles against the real aws-amplify', () => {
  const out = compile('tests/js/types/tsconfig.amplify.json');
  expect(out, out).toBe('');
}, 180000);

test('the same file compiles against cognito-headless (aliased)', () => {
  const out = compile('tests/js/types/tsconfig.ours.json');
  expect(out, out).toBe('');
}, 180000);
