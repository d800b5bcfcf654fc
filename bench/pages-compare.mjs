#!/usr/bin/env node
// Two (or more) builds of the package side by side in the browser sections' pages, in one
// run (the samples alternate, so machine load hits every build alike):
//
//   node bench/pages-compare.mjs --pkg main=DIR --pkg branch=DIR [--only pagestart,newuser]
//        [--pagestart-samples N] [--newuser-samples N] [--no-amplify] [--json FILE]
//
// DIR holds node_modules/cognito-headless (e.g. a copy of target/pkg-build/package). For
// each build: the pagestart pages (ours, the drop-in) and the newuser page (ours); Amplify
// v6 once, for the ratios. Prints medians, ratios to Amplify, the gzip -9 sizes of the
// pages' bundles and, from esbuild's metafile, the largest inputs of each of our bundles.
// Does not write BENCHMARKS.md.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAGESTART_CLIENTS, runPagestart } from './pagestart.mjs';
import { NEWUSER_CLIENTS, runNewuser } from './newuser.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.join(BENCH, 'dist', 'compare');
const log = (...a) => console.error('compare:', ...a);

const opt = { pkgs: [], only: ['pagestart', 'newuser'], pagestartSamples: 10, newuserSamples: 11, amplify: true, json: null };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--pkg') {
    const [label, dir] = argv[++i].split('=');
    opt.pkgs.push({ label, root: path.resolve(dir) });
  } else if (a === '--only') opt.only = argv[++i].split(',');
  else if (a === '--pagestart-samples') opt.pagestartSamples = Number(argv[++i]);
  else if (a === '--newuser-samples') opt.newuserSamples = Number(argv[++i]);
  else if (a === '--no-amplify') opt.amplify = false;
  else if (a === '--json') opt.json = path.resolve(argv[++i]);
  else throw new Error(`unknown option ${a}`);
}
if (!opt.pkgs.length) throw new Error('give at least one --pkg label=DIR');

/** The clients of `base` (ours, the drop-in …) once per build, Amplify once. */
function clientsFor(base, ids) {
  const out = [];
  for (const p of opt.pkgs) {
    const pkgDir = path.join(p.root, 'node_modules', 'cognito-headless');
    for (const c of base.filter((x) => x.wasm && ids.includes(x.id))) {
      out.push({ ...c, id: `${c.id}@${p.label}`, pkgRoot: p.root, pkgDir });
    }
  }
  if (opt.amplify) out.push(...base.filter((x) => x.id === 'amplify'));
  return out;
}

const fmt = (s) => (s ? `${s.median.toFixed(1)} (${s.p10.toFixed(1)}–${s.p90.toFixed(1)})` : '—');
const ratio = (a, b) => (a && b ? (a.median / b.median).toFixed(2) : '—');

/** The largest inputs of a page's bundle (esbuild's bytesInOutput, minified, before gzip). */
function topInputs(dir, n = 12) {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8'));
  const [output] = Object.values(meta.outputs);
  return Object.entries(output.inputs)
    .map(([file, v]) => [file.replace(/.*node_modules\//, ''), v.bytesInOutput])
    .sort((a, b) => b[1] - a[1])
    .slice(0, n);
}

function printSizes(outDir, impls) {
  for (const [id, r] of Object.entries(impls)) {
    const files = Object.entries(r.files).map(([f, v]) => `${f} ${v.raw} B raw / ${v.gz} B gzip`).join(', ');
    console.log(`  ${id}: ${files}`);
    if (!id.startsWith('amplify')) {
      const top = topInputs(path.join(outDir, id)).map(([f, b]) => `${f} ${b}`).join(', ');
      console.log(`    largest inputs (minified B): ${top}`);
    }
  }
}

const results = {};
if (opt.only.includes('pagestart')) {
  const outDir = path.join(DIST, 'pagestart');
  const r = await runPagestart({ benchDir: BENCH, pkgRoot: '', pkgDir: '', outDir, samples: opt.pagestartSamples,
    clientList: clientsFor(PAGESTART_CLIENTS, ['ours', 'ours-amplify']), log });
  results.pagestart = r;
  const amp = r.impls.amplify;
  console.log(`\npagestart (${r.samples} samples, Chromium ${r.chromium}), ms median (p10–p90) and ÷ Amplify:`);
  for (const [id, x] of Object.entries(r.impls)) {
    console.log(`  ${id.padEnd(22)} first ${fmt(x.first)} [${ratio(x.first, amp?.first)}]  second ${fmt(x.second)} [${ratio(x.second, amp?.second)}]` +
      `  third ${fmt(x.third)} [${ratio(x.third, amp?.third)}]  3G ${fmt(x.fast3g)} [${ratio(x.fast3g, amp?.fast3g)}]` +
      `  bytes first ${x.bytes.first.median} [${ratio(x.bytes.first, amp?.bytes.first)}]`);
  }
  console.log('bundles:');
  printSizes(outDir, r.impls);
}
if (opt.only.includes('newuser')) {
  const outDir = path.join(DIST, 'newuser');
  const r = await runNewuser({ benchDir: BENCH, pkgRoot: '', pkgDir: '', outDir, samples: opt.newuserSamples,
    clientList: clientsFor(NEWUSER_CLIENTS, ['ours']), log });
  results.newuser = r;
  const amp = r.impls.amplify;
  console.log(`\nnewuser (${r.samples} samples), ms median (p10–p90) and ÷ Amplify:`);
  for (const [id, x] of Object.entries(r.impls)) {
    console.log(`  ${id.padEnd(22)} form ${fmt(x.formVisible)} [${ratio(x.formVisible, amp?.formVisible)}]` +
      `  submit→request ${fmt(x.submitToRequest)} [${ratio(x.submitToRequest, amp?.submitToRequest)}]`);
  }
  console.log('bundles:');
  printSizes(outDir, r.impls);
}
if (opt.json) fs.writeFileSync(opt.json, JSON.stringify(results, null, 2));
