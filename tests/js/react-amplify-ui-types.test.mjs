// Types: code written for Amplify UI's headless hook (fixtures/amplify-ui-headless.ts.txt)
// compiles with tsc --strict and 0 errors against @aws-amplify/ui-react (the reference: the
// fixture is right) and against cognito-headless/react (js/react.d.ts) with only the import
// changed. One tsc run over both copies.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test("Amplify UI's headless useAuthenticator code compiles against Amplify UI and against ours", () => {
  const dir = fs.mkdtempSync(path.join(root, 'target', 'amplify-ui-types-'));
  try {
    const code = fs.readFileSync(path.join(root, 'tests/js/fixtures/amplify-ui-headless.ts.txt'), 'utf8');
    const files = {
      'with-amplify-ui.ts': code.replace('__MODULE__', '@aws-amplify/ui-react'),
      'with-ours.ts': code.replace('__MODULE__', path.relative(dir, path.join(root, 'js/react.js')).split(path.sep).join('/')),
    };
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler', skipLibCheck: true, types: [], lib: ['es2022', 'dom'] },
        files: Object.keys(files),
      }),
    );
    let output = '';
    try {
      execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', dir, '--pretty', 'false'], {
        cwd: root,
        encoding: 'utf8',
        timeout: 120000,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      output = `${e.stdout ?? ''}${e.stderr ?? ''}` || String(e);
    }
    expect(output, output).toBe('');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 180000);
