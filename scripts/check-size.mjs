#!/usr/bin/env node
// The size rule of the team's guide: no source file in `src/` or `js/` over 600 lines, no
// function over 80 lines (tests and `.d.ts` files aside), except what
// scripts/check-size.allow lists (flat tables, with the reason on each line).
//
//   node scripts/check-size.mjs [--list]     (--list: every file checked, not only the notable)
//
// Rust (`src/**/*.rs`): every `fn` with a body, measured from the `fn` line to its closing
// brace by brace matching over the text with comments, strings and char literals blanked
// out; `#[cfg(test)] mod … { … }` blocks are tests and not counted. JS (`js/**/*.js`):
// parsed with TypeScript's parser (node_modules/typescript); every function declaration,
// function expression, arrow function, method, constructor and accessor, from its first
// line to its last. A function's length includes the functions nested in it.
//
// Prints one line per checked file (`ok` or what is over) and ends with
// `N passed, N failed` (one test per checked file), as scripts/run-tests.sh counts it.
// Exits 1 when a file fails. Allowlist entries that no longer match anything are reported
// (`stale`) without failing, so that a split landing elsewhere never breaks the build.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

/** The largest source file allowed, in lines. */
export const MAX_FILE_LINES = 600;
/** The largest function allowed, in lines (its first line to its last). */
export const MAX_FN_LINES = 80;

/** This repository (its node_modules has TypeScript). */
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The tree checked: this repository, or CHECK_SIZE_ROOT (the script's own tests). */
const root = process.env.CHECK_SIZE_ROOT ? path.resolve(process.env.CHECK_SIZE_ROOT) : repo;

/**
 * The allowlist: `file <path>` lets a file pass MAX_FILE_LINES, `fn <path> <name>` lets the
 * functions of that name in it pass MAX_FN_LINES. `#` starts a comment.
 * @param {string} text
 * @returns {{ files: Set<string>, fns: Set<string> }}
 */
export function parseAllowlist(text) {
  const files = new Set();
  const fns = new Set();
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [kind, file, name, ...rest] = line.split(/\s+/);
    if (kind === 'file' && file && !name) files.add(file);
    else if (kind === 'fn' && file && name && rest.length === 0) fns.add(`${file} ${name}`);
    else throw new Error(`check-size.allow:${i + 1}: expected 'file <path>' or 'fn <path> <name>', got '${raw}'`);
  }
  return { files, fns };
}

/**
 * `text` with comments, strings and char literals replaced by spaces (newlines kept), so
 * that braces in them do not count. Handles nested block comments, escapes, raw strings
 * (`r#"…"#`, `br"…"`) and tells lifetimes (`'a`) from char literals (`'a'`, `'\n'`, `'{'`).
 * @param {string} text
 */
export function blankRust(text) {
  const out = text.split('');
  const blank = (/** @type {number} */ from, /** @type {number} */ to) => {
    for (let k = from; k < to && k < out.length; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      let depth = 1;
      let k = i + 2;
      while (k < text.length && depth > 0) {
        if (text[k] === '/' && text[k + 1] === '*') (depth++, (k += 2));
        else if (text[k] === '*' && text[k + 1] === '/') (depth--, (k += 2));
        else k++;
      }
      blank(i, k);
      i = k;
    } else if ((c === 'r' || (c === 'b' && next === 'r')) && /^b?r#*"/.test(text.slice(i, i + 80)) && !/[\w]/.test(text[i - 1] ?? '')) {
      const m = /^b?r(#*)"/.exec(text.slice(i, i + 80));
      const close = `"${/** @type {RegExpExecArray} */ (m)[1]}`;
      const start = i + /** @type {RegExpExecArray} */ (m)[0].length;
      const end = text.indexOf(close, start);
      const stop = end === -1 ? text.length : end + close.length;
      blank(i, stop);
      i = stop;
    } else if (c === '"') {
      let k = i + 1;
      while (k < text.length && text[k] !== '"') k += text[k] === '\\' ? 2 : 1;
      blank(i, k + 1);
      i = k + 1;
    } else if (c === "'") {
      const m = /^'(?:\\(?:x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]+\}|.)|[^\\'])'/.exec(text.slice(i, i + 16));
      if (m) {
        blank(i, i + m[0].length);
        i += m[0].length;
      } else i++; // a lifetime
    } else i++;
  }
  return out.join('');
}

/**
 * Index of the brace that closes the one at `open` in blanked text, or -1.
 * @param {string} code
 * @param {number} open
 */
function matchBrace(code, open) {
  let depth = 0;
  for (let k = open; k < code.length; k++) {
    if (code[k] === '{') depth++;
    else if (code[k] === '}' && --depth === 0) return k;
  }
  return -1;
}

/** 1-based line of offset `at`. @param {string} text @param {number} at */
const lineAt = (text, at) => text.slice(0, at).split('\n').length;

/**
 * A Rust file's counted lines and functions (`#[cfg(test)] mod` blocks left out).
 * @param {string} text
 * @returns {{ lines: number, fns: { name: string, line: number, lines: number }[] }}
 */
export function measureRust(text) {
  let code = blankRust(text);
  let testLines = 0;
  for (const m of code.matchAll(/#\[cfg\(test\)\]\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+\w+\s*\{/g)) {
    const open = /** @type {number} */ (m.index) + m[0].length - 1;
    const close = matchBrace(code, open);
    if (close === -1) continue;
    testLines += lineAt(code, close) - lineAt(code, /** @type {number} */ (m.index)) + 1;
    code = code.slice(0, m.index) + code.slice(m.index, close + 1).replace(/[^\n]/g, ' ') + code.slice(close + 1);
  }
  const fns = [];
  for (const m of code.matchAll(/\bfn\s+([A-Za-z_][A-Za-z0-9_]*)/g)) {
    const from = /** @type {number} */ (m.index) + m[0].length;
    // The signature ends at its body's `{` or at `;` (a trait method without a body).
    let k = from;
    let parens = 0;
    for (; k < code.length; k++) {
      const ch = code[k];
      if (ch === '(' || ch === '[' || ch === '<') parens++;
      else if (ch === ')' || ch === ']' || (ch === '>' && code[k - 1] !== '-' && code[k - 1] !== '=')) parens--;
      else if (parens <= 0 && (ch === '{' || ch === ';')) break;
    }
    if (code[k] !== '{') continue;
    const close = matchBrace(code, k);
    if (close === -1) continue;
    const line = lineAt(code, /** @type {number} */ (m.index));
    fns.push({ name: m[1], line, lines: lineAt(code, close) - line + 1 });
  }
  return { lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0) - testLines, fns };
}

/**
 * A JS file's lines and functions, parsed with TypeScript.
 * @param {string} text
 * @param {string} fileName
 * @returns {{ lines: number, fns: { name: string, line: number, lines: number }[] }}
 */
export function measureJs(text, fileName) {
  const ts = createRequire(import.meta.url)(path.join(repo, 'node_modules/typescript'));
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  /** @type {{ name: string, line: number, lines: number }[]} */
  const fns = [];
  const lineOf = (/** @type {number} */ pos) => source.getLineAndCharacterOfPosition(pos).line + 1;
  /** @param {any} node */
  const nameOf = (node) => {
    if (node.name && ts.isIdentifier(node.name)) return node.name.text;
    if (node.name) return node.name.getText(source);
    if (ts.isConstructorDeclaration(node)) return 'constructor';
    const parent = node.parent;
    if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.name) {
      return parent.name.getText(source);
    }
    if (parent && ts.isBinaryExpression(parent)) return parent.left.getText(source);
    return `<anonymous@${lineOf(node.getStart(source))}>`;
  };
  /** @param {any} node */
  const visit = (node) => {
    if (
      ts.isFunctionDeclaration(node) ||
      ts.isFunctionExpression(node) ||
      ts.isArrowFunction(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node)
    ) {
      const line = lineOf(node.getStart(source));
      fns.push({ name: nameOf(node), line, lines: lineOf(node.getEnd()) - line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0), fns };
}

/**
 * The files checked: `src/**\/*.rs` and `js/**\/*.js`, tests aside (`tests/` folders,
 * `tests.rs`, `*_tests.rs`, `*.test.*`) and `.d.ts` files aside.
 * @returns {string[]} paths relative to the repository
 */
export function checkedFiles() {
  /** @type {string[]} */
  const found = [];
  /** @param {string} dir */
  const walk = (dir) => {
    if (!existsSync(path.join(root, dir))) return;
    for (const name of readdirSync(path.join(root, dir)).sort()) {
      const rel = `${dir}/${name}`;
      if (name === 'node_modules' || name === 'tests' || (dir === 'js' && (name === 'types' || name === 'wasm'))) continue;
      if (statSync(path.join(root, rel)).isDirectory()) walk(rel);
      else if (/\.test\.|_tests\.rs$|^tests\.rs$|\.d\.ts$/.test(name)) continue;
      else if ((dir.startsWith('src') && name.endsWith('.rs')) || (dir.startsWith('js') && name.endsWith('.js'))) found.push(rel);
    }
  };
  walk('src');
  walk('js');
  return found;
}

/** Runs the check; returns the exit status. */
function main() {
  const allow = parseAllowlist(readFileSync(path.join(root, 'scripts/check-size.allow'), 'utf8'));
  const used = new Set();
  let passed = 0;
  let failed = 0;
  for (const file of checkedFiles()) {
    const text = readFileSync(path.join(root, file), 'utf8');
    const { lines, fns } = file.endsWith('.rs') ? measureRust(text) : measureJs(text, file);
    const problems = [];
    const allowed = [];
    if (lines > MAX_FILE_LINES) {
      if (allow.files.has(file)) (used.add(`file ${file}`), allowed.push(`${lines} lines`));
      else problems.push(`${lines} lines (max ${MAX_FILE_LINES})`);
    }
    for (const fn of fns) {
      if (fn.lines <= MAX_FN_LINES) continue;
      const what = `${fn.name} (line ${fn.line}) ${fn.lines} lines`;
      if (allow.fns.has(`${file} ${fn.name}`)) (used.add(`fn ${file} ${fn.name}`), allowed.push(what));
      else problems.push(`${what} (max ${MAX_FN_LINES})`);
    }
    if (problems.length) {
      failed++;
      console.log(`FAIL ${file}: ${problems.join('; ')}`);
    } else {
      passed++;
      if (allowed.length) console.log(`ok   ${file} (allowlisted: ${allowed.join('; ')})`);
      else if (process.argv.includes('--list')) console.log(`ok   ${file}`);
    }
  }
  for (const entry of [...[...allow.files].map((f) => `file ${f}`), ...[...allow.fns].map((f) => `fn ${f}`)]) {
    if (!used.has(entry)) console.log(`stale allowlist entry (no longer needed; remove it): ${entry}`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
