#!/usr/bin/env node
// Main-thread time of the pagestart and newuser pages, less sensitive to a busy machine than
// their wall times: Chromium's own counters (CDP Performance.getMetrics: ScriptDuration, the
// time in JavaScript; TaskDuration, every main-thread task) when the page reports (both
// calls resolved / the form shown), per build side by side:
//
//   node bench/pages-cpu.mjs --pkg main=DIR --pkg branch=DIR [--samples N]
//
// The pages are the ones bench/pages-compare.mjs builds (run it first: bench/dist/compare/).
// Medians over N fresh contexts per client (default 15), the clients alternating. Prints only.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { startServer } from './pagestart.mjs';
import { seededSession } from './common-session.mjs';
import { summary } from './stats.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const labels = [];
let samples = 15;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--pkg') labels.push(argv[++i].split('=')[0]);
  else if (argv[i] === '--samples') samples = Number(argv[++i]);
  else throw new Error(`unknown option ${argv[i]}`);
}

/** One visit: the counters when the page has reported. */
async function visit(browser, url, seed) {
  const context = await browser.newContext();
  try {
    if (seed) await context.addInitScript(({ items }) => { for (const k of Object.keys(items)) localStorage.setItem(k, items[k]); }, { items: seed.items });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => (window.__pagestart ?? window.__newuser?.formVisible ?? window.__newuser?.error) !== undefined, null, { polling: 'raf' });
    const { metrics } = await cdp.send('Performance.getMetrics');
    const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
    return { script: m.ScriptDuration * 1000, task: m.TaskDuration * 1000 };
  } finally {
    await context.close();
  }
}

const { chromium } = createRequire(path.join(BENCH, '..', 'package.json'))('playwright-core');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
try {
  for (const section of ['pagestart', 'newuser']) {
    const outDir = path.join(BENCH, 'dist', 'compare', section);
    if (!fs.existsSync(outDir)) throw new Error(`${outDir} missing: run bench/pages-compare.mjs first`);
    const ids = fs.readdirSync(outDir).filter((d) => labels.some((l) => d.endsWith(`@${l}`)) || d === 'amplify');
    const server = await startServer(outDir);
    const base = `http://127.0.0.1:${server.address().port}`;
    const rows = Object.fromEntries(ids.map((id) => [id, []]));
    for (let s = 0; s < samples; s++) {
      for (let k = 0; k < ids.length; k++) {
        const id = ids[(k + s) % ids.length];
        rows[id].push(await visit(browser, `${base}/${id}/`, section === 'pagestart' ? seededSession() : undefined));
      }
    }
    server.close();
    for (const id of ids) {
      const script = summary(rows[id].map((r) => r.script));
      const task = summary(rows[id].map((r) => r.task));
      console.log(`${section} ${id.padEnd(22)} ScriptDuration ${script.median.toFixed(1)} ms (${script.p10.toFixed(1)}–${script.p90.toFixed(1)}), TaskDuration ${task.median.toFixed(1)} ms (${task.p10.toFixed(1)}–${task.p90.toFixed(1)})`);
    }
  }
} finally {
  await browser.close();
}
