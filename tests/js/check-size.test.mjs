// scripts/check-size.mjs, the size rule of `make test`: the lengths it measures are those
// of fixtures built here with a known number of lines (braces hidden in strings, comments,
// char literals and raw strings must not count), and a tree with one file too long and
// one function too long fails unless the allowlist names them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { measureRust, measureJs, blankRust, parseAllowlist } from '../../scripts/check-size.mjs';

const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/check-size.mjs');

/** `n` filler lines of code. */
const filler = (n, indent = '    ') => Array.from({ length: n }, (_, i) => `${indent}let x${i} = ${i};`).join('\n');

describe('Rust', () => {
  it('measures a fn from its line to its closing brace, ignoring braces in strings, chars, raw strings and comments', () => {
    const body = [
      'fn tricky<\'a>(s: &\'a str) -> Option<&\'a str> {', // line 1
      '    let open = \'{\';',
      '    let close = \'}\';',
      '    let text = "}}} \\" {";',
      '    let raw = r#"}"} "#;',
      '    // a } in a comment',
      '    /* and { in /* a nested */ one */',
      '    if s.is_empty() { return None; }',
      '    Some(s)',
      '}', // line 10
      '',
      'fn short() {}', // line 12, 1 line
    ].join('\n');
    const { fns } = measureRust(body);
    expect(fns).toEqual([
      { name: 'tricky', line: 1, lines: 10 },
      { name: 'short', line: 12, lines: 1 },
    ]);
  });

  it('skips trait fns without a body and fn pointer types; leaves #[cfg(test)] modules out', () => {
    const text = [
      'trait T {',
      '    fn declared(&self) -> u8;',
      '}',
      'type F = fn(u8) -> u8;',
      'fn real() -> u8 {',
      '    1',
      '}',
      '#[cfg(test)]',
      'mod tests {',
      '    fn helper() {',
      '    }',
      '}',
    ].join('\n');
    const { lines, fns } = measureRust(text + '\n');
    expect(fns).toEqual([{ name: 'real', line: 5, lines: 3 }]);
    expect(lines).toBe(12 - 5); // the test module's five lines are not counted
  });

  it('blanks exactly the hidden text and keeps every newline', () => {
    const text = 'let a = "x{\ny"; // }\nlet b = \'}\';';
    const blanked = blankRust(text);
    expect(blanked.length).toBe(text.length);
    expect(blanked.split('\n').length).toBe(3);
    expect(blanked).not.toMatch(/[{}]/);
  });
});

describe('JS', () => {
  it('measures declarations, arrows, methods and accessors by their first and last line', () => {
    const text = [
      'export function outer(a) {', // 1
      '  const inner = (b) => {', // 2
      '    return b;',
      '  };', // 4
      '  return inner(a);',
      '}', // 6
      'class K {',
      '  method() {', // 8
      '    return 1;',
      '  }', // 10
      '  get value() { return 2; }', // 11
      '}',
      'const o = { f: function () {} };', // 13
    ].join('\n');
    const byName = Object.fromEntries(measureJs(text, 'x.js').fns.map((f) => [f.name, [f.line, f.lines]]));
    expect(byName).toEqual({ outer: [1, 6], inner: [2, 3], method: [8, 3], value: [11, 1], f: [13, 1] });
  });
});

describe('the allowlist', () => {
  it('reads file and fn entries with comments, and refuses anything else', () => {
    const allow = parseAllowlist('# a comment\nfile src/a.rs  # why\nfn js/b.js build\n\n');
    expect([...allow.files]).toEqual(['src/a.rs']);
    expect([...allow.fns]).toEqual(['js/b.js build']);
    expect(() => parseAllowlist('files src/a.rs')).toThrow(/check-size.allow:1/);
  });
});

describe('the script on a tree', () => {
  /** Runs the script over a tree of `files`; returns its status and output. */
  function run(files) {
    const dir = mkdtempSync(path.join(tmpdir(), 'check-size-'));
    try {
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        writeFileSync(path.join(dir, name), text);
      }
      try {
        const out = execFileSync(process.execPath, [script], { env: { ...process.env, CHECK_SIZE_ROOT: dir }, encoding: 'utf8' });
        return { status: 0, out };
      } catch (e) {
        return { status: e.status, out: `${e.stdout}` };
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  // 601 lines: one over. A function of 81 lines (its two brace lines and 79 between): one over.
  const longFile = `${filler(601, '')}\n`;
  const longFn = `export function big() {\n${filler(79, '  ')}\n}\n`;
  const fitFn = `export function fits() {\n${filler(78, '  ')}\n}\n`;
  const tree = {
    'src/long.rs': longFile,
    'src/tests/ignored.rs': longFile,
    'js/big.js': longFn,
    'js/fits.js': fitFn,
    'js/types.d.ts': longFile,
    'js/x.test.js': longFile,
  };

  it('fails a file over 600 lines and a function over 80, counting one test per file', () => {
    const { status, out } = run({ ...tree, 'scripts/check-size.allow': '' });
    expect(status).toBe(1);
    expect(out).toMatch(/FAIL src\/long\.rs: 601 lines/);
    expect(out).toMatch(/FAIL js\/big\.js: big \(line 1\) 81 lines/);
    expect(out.trim().split('\n').at(-1)).toBe('1 passed, 2 failed');
  });

  it('passes what the allowlist names, and reports entries no longer needed', () => {
    const allow = 'file src/long.rs\nfn js/big.js big\nfn js/fits.js fits\n';
    const { status, out } = run({ ...tree, 'scripts/check-size.allow': allow });
    expect(status).toBe(0);
    expect(out).toMatch(/stale allowlist entry .*fn js\/fits\.js fits/);
    expect(out.trim().split('\n').at(-1)).toBe('3 passed, 0 failed');
  });
});
