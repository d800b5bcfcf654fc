// Section "pagestart": a returning user opens the app. From navigation start to both
// getCurrentUser() and fetchAuthSession() resolved from the session in localStorage, in
// headless Chromium, for ours (createAuth; and the drop-in cognito-headless/amplify) and
// Amplify v6 (aws-amplify), each a production bundle (esbuild --bundle --minify) served
// gzip'd from 127.0.0.1 as an app would be: the HTML `no-cache` with an ETag (a repeat
// visit revalidates it: 304), the JS and our .wasm (a separate file next to the JS, as the
// package loads it) `public, max-age=31536000, immutable` (a repeat visit takes them from
// the HTTP cache).
//
// One sample of a client = a fresh browser context (a fresh profile: empty HTTP cache,
// code caches and localStorage) seeded with a stored session in Amplify's key layout
// (common-session.mjs; an init script writes it before the page's scripts run), visited
// three times (first, second, third visit: new tab each time, same context), then another
// fresh context, throttled to "Fast 3G" through the DevTools protocol
// (Network.emulateNetworkConditions: 1.6 Mbit/s down, 750 kbit/s up, 150 ms latency),
// visited once. Samples alternate between the clients (the order rotating sample by sample).
//
// Time: performance.now() in the page when both calls have resolved (ms since navigation
// start). Bytes: the sum of Network.loadingFinished encodedDataLength (headers + gzip'd
// bodies as received) of the responses finished before that moment (the browser's own
// /favicon.ico request excluded).
// Checked for every visit: both calls resolved with the seeded user (username, userId, the
// access and ID tokens' sub), and the page made no request anywhere but the app's origin
// (a Cognito call fails the sample: the config has no endpoint, so one would go to
// cognito-idp.us-east-1.amazonaws.com).

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { COMMON_CONFIG, seededSession } from './common-session.mjs';
import { summary } from './stats.mjs';

export const PAGESTART_CLIENTS = [
  { id: 'ours', entry: 'pagestart-ours.mjs', wasm: true, label: '**ours** (`createAuth`)' },
  { id: 'ours-amplify', entry: 'pagestart-ours-amplify.mjs', wasm: true, label: '**ours**, the drop-in (`cognito-headless/amplify`)' },
  { id: 'amplify', entry: 'pagestart-amplify.mjs', wasm: false, label: 'Amplify v6 (`aws-amplify`)' },
];

/** DevTools "Fast 3G" as the issue states it: 1.6 Mbit/s down, 150 ms RTT. Bytes per second. */
export const FAST_3G = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };

const VISITS = ['first', 'second', 'third', 'fast3g'];

/**
 * Builds the pages into outDir/<client>/ (index.html, app.js, wasm/…, meta.json: esbuild's
 * metafile). A client may name its own package (`pkgRoot`: the directory whose node_modules
 * holds cognito-headless, `pkgDir`: that package) to compare builds side by side
 * (bench/pages-compare.mjs).
 */
export async function buildPages({ benchDir, pkgRoot, pkgDir, outDir, clients }) {
  const esbuild = await import(pathToFileURL(path.join(benchDir, 'node_modules/esbuild/lib/main.js')).href);
  fs.rmSync(outDir, { recursive: true, force: true });
  const built = {};
  for (const c of clients) {
    const dir = path.join(outDir, c.id);
    fs.mkdirSync(dir, { recursive: true });
    await esbuild.build({
      // Split at dynamic imports, as the bundlers apps use do (Vite/Rollup, webpack, Next):
      // what a page imports only on demand is a chunk the page fetches only then.
      entryPoints: { app: path.join(benchDir, c.entry) },
      outdir: dir,
      splitting: true,
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      absWorkingDir: benchDir,
      nodePaths: [path.join(c.pkgRoot ?? pkgRoot, 'node_modules'), path.join(benchDir, 'node_modules')],
      define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
      logLevel: 'warning',
      metafile: true,
    }).then((r) => fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify(r.metafile)));
    const js = fs.readFileSync(path.join(dir, 'app.js'), 'utf8');
    if (c.wasm) {
      // The loader fetches new URL('./wasm/cognito_headless_bg.wasm', import.meta.url).
      if (!js.includes('wasm/cognito_headless_bg.wasm')) throw new Error(`pagestart: ${c.id}: the bundle does not load wasm/cognito_headless_bg.wasm next to itself (has the loader changed?)`);
      fs.mkdirSync(path.join(dir, 'wasm'), { recursive: true });
      fs.copyFileSync(path.join(c.pkgDir ?? pkgDir, 'wasm/cognito_headless_bg.wasm'), path.join(dir, 'wasm/cognito_headless_bg.wasm'));
    }
    fs.writeFileSync(path.join(dir, 'index.html'),
      '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>app</title>\n' +
      `<script>window.PAGESTART_CONFIG=${JSON.stringify(COMMON_CONFIG)}</script>\n` +
      '<script type="module" src="./app.js"></script>\n</head><body></body></html>\n');
    const files = {};
    const chunks = fs.readdirSync(dir).filter((f) => f.endsWith('.js') && f !== 'app.js').sort();
    for (const f of ['index.html', 'app.js', ...chunks, ...(c.wasm ? ['wasm/cognito_headless_bg.wasm'] : [])]) {
      const raw = fs.readFileSync(path.join(dir, f));
      files[f] = { raw: raw.length, gz: zlib.gzipSync(raw, { level: 9 }).length };
    }
    built[c.id] = files;
  }
  return built;
}

/** Static files of outDir, gzip'd once, with app-like cache headers. */
export function startServer(outDir) {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm' };
  const cache = new Map();
  const lastModified = new Date().toUTCString();
  const load = (file) => {
    let e = cache.get(file);
    if (!e) {
      const raw = fs.readFileSync(file);
      const gz = zlib.gzipSync(raw, { level: 9 });
      e = { raw, gz, etag: `"${crypto.createHash('sha256').update(raw).digest('base64url').slice(0, 22)}"` };
      cache.set(file, e);
    }
    return e;
  };
  const server = http.createServer((req, res) => {
    let url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (url.endsWith('/')) url += 'index.html';
    const file = path.join(outDir, url);
    if (!file.startsWith(outDir + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end('not found');
      return;
    }
    const e = load(file);
    const html = file.endsWith('.html');
    const headers = {
      'content-type': types[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': html ? 'no-cache' : 'public, max-age=31536000, immutable',
      etag: e.etag,
      'last-modified': lastModified,
      vary: 'Accept-Encoding',
    };
    if (req.headers['if-none-match'] === e.etag) {
      res.writeHead(304, headers).end();
      return;
    }
    const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    const body = gzip ? e.gz : e.raw;
    if (gzip) headers['content-encoding'] = 'gzip';
    headers['content-length'] = body.length;
    res.writeHead(200, headers).end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * One visit in `context`: a new tab, navigation to url, until the page reports. Returns
 * { t, bytes, requests, cached, error? }.
 */
async function visit(context, url, { throttle, seed, timeoutMs }) {
  const page = await context.newPage();
  const origin = new URL(url).origin;
  try {
    const cdp = await context.newCDPSession(page);
    const reqs = new Map();
    const finished = [];
    const foreign = [];
    let doc = null;
    cdp.on('Network.requestWillBeSent', (e) => {
      reqs.set(e.requestId, { url: e.request.url });
      if (!doc && e.type === 'Document') doc = e;
      if (!e.request.url.startsWith(`${origin}/`)) foreign.push(e.request.url);
    });
    cdp.on('Network.requestServedFromCache', (e) => {
      const r = reqs.get(e.requestId);
      if (r) r.cached = true;
    });
    cdp.on('Network.responseReceived', (e) => {
      const r = reqs.get(e.requestId);
      if (r) {
        r.status = e.response.status;
        if (e.response.fromDiskCache) r.cached = true;
      }
    });
    cdp.on('Network.loadingFinished', (e) => finished.push(e));
    await cdp.send('Network.enable');
    if (throttle) await cdp.send('Network.emulateNetworkConditions', throttle);
    await page.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
    await page.waitForFunction(() => window.__pagestart !== undefined, null, { timeout: timeoutMs, polling: 'raf' });
    const r = await page.evaluate(() => window.__pagestart);
    // Late requests (a refresh, a Cognito call after the calls resolved) and the last
    // network events.
    await page.waitForTimeout(throttle ? 400 : 60);
    await cdp.detach().catch(() => {});
    if (foreign.length) return { error: `requests outside the app's origin: ${[...new Set(foreign)].join(', ')}` };
    if (r.error) return { error: `the page failed: ${r.error}` };
    const wrong = [];
    if (r.username !== seed.username) wrong.push(`username ${JSON.stringify(r.username)}`);
    if (r.userId !== seed.sub) wrong.push(`userId ${JSON.stringify(r.userId)}`);
    if (r.accessSub !== seed.sub) wrong.push('access token sub');
    if (r.idSub !== seed.sub) wrong.push('ID token sub');
    if (wrong.length) return { error: `not the seeded user: ${wrong.join(', ')}` };
    if (!doc) return { error: 'no document request seen over CDP' };
    // performance.timeOrigin + t (wall clock, ms) → the CDP monotonic clock (s), through
    // the document request's (timestamp, wallTime) pair.
    const doneTicks = doc.timestamp + ((r.timeOrigin + r.t) / 1000 - doc.wallTime);
    let bytes = 0;
    let requests = 0;
    let cached = 0;
    for (const f of finished) {
      if (f.timestamp > doneTicks + 0.002) continue;
      // The browser's own favicon request (a 404 here) is not the app's.
      if (reqs.get(f.requestId)?.url.endsWith('/favicon.ico')) continue;
      bytes += f.encodedDataLength;
      requests++;
      const q = reqs.get(f.requestId);
      if (q?.cached || q?.status === 304) cached++;
    }
    return { t: r.t, bytes, requests, cached };
  } finally {
    await page.close().catch(() => {});
  }
}

/**
 * @param {{ benchDir: string, pkgRoot: string, pkgDir: string, outDir: string, samples?: number,
 *   clients?: string[], clientList?: object[], log?: (...a: any[]) => void, throttle?: object }} o
 *   clientList: the clients themselves (as PAGESTART_CLIENTS; pages-compare.mjs), instead of ids
 */
export async function runPagestart({ benchDir, pkgRoot, pkgDir, outDir, samples = 20, clients, clientList, log = () => {}, throttle = FAST_3G }) {
  const chosen = clientList ?? PAGESTART_CLIENTS.filter((c) => !clients || clients.includes(c.id));
  const files = await buildPages({ benchDir, pkgRoot, pkgDir, outDir, clients: chosen });
  const server = await startServer(outDir);
  const base = `http://127.0.0.1:${server.address().port}`;
  const { chromium } = createRequire(path.join(benchDir, '..', 'package.json'))('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'],
  });
  const version = browser.version();
  const timeoutMs = 60000;
  const raw = Object.fromEntries(chosen.map((c) => [c.id, Object.fromEntries(VISITS.map((v) => [v, []]))]));
  const failures = [];
  const newContext = async (seed) => {
    const context = await browser.newContext();
    // Before any script of the app's pages: the stored session (only where none is stored,
    // so what a visit writes stays for the next).
    await context.addInitScript(({ items, origin }) => {
      if (location.origin !== origin) return;
      const keys = Object.keys(items);
      if (localStorage.getItem(keys[0]) !== null) return;
      for (const k of keys) localStorage.setItem(k, items[k]);
    }, { items: seed.items, origin: base });
    return context;
  };
  try {
    log(`pagestart: Chromium ${version}, ${samples} samples × ${chosen.map((c) => c.id).join(', ')} (3 visits + 1 Fast 3G visit each) …`);
    for (let i = 0; i < samples; i++) {
      const order = chosen.map((_, k) => chosen[(k + i) % chosen.length]);
      for (const throttled of [false, true]) {
        for (const c of order) {
          const seed = seededSession();
          const context = await newContext(seed);
          const url = `${base}/${c.id}/`;
          try {
            const kinds = throttled ? ['fast3g'] : ['first', 'second', 'third'];
            for (const kind of kinds) {
              const r = await visit(context, url, { throttle: throttled ? throttle : undefined, seed, timeoutMs });
              if (r.error) {
                failures.push({ client: c.id, sample: i, visit: kind, error: r.error });
                log(`pagestart: sample ${i} ${c.id} ${kind} FAILED: ${r.error}`);
                break;
              }
              raw[c.id][kind].push(r);
            }
          } finally {
            await context.close();
          }
        }
      }
      const last = (id, k) => raw[id][k].at(-1)?.t?.toFixed(0) ?? '—';
      log(`pagestart: sample ${i + 1}/${samples}: ${order.map((c) => `${c.id} ${last(c.id, 'first')}/${last(c.id, 'second')}/${last(c.id, 'third')} ms, 3G ${last(c.id, 'fast3g')} ms`).join('; ')}`);
    }
  } finally {
    await browser.close();
    server.close();
  }
  for (const c of chosen) {
    if (!raw[c.id].first.length) throw new Error(`pagestart: every sample of ${c.id} failed (first: ${failures.find((f) => f.client === c.id)?.error})`);
  }
  const impls = {};
  for (const c of chosen) {
    const r = raw[c.id];
    const s = (xs, f) => (xs.length ? summary(xs.map(f)) : null);
    impls[c.id] = {
      label: c.label,
      files: files[c.id],
      ...Object.fromEntries(VISITS.map((v) => [v, s(r[v], (x) => x.t)])),
      bytes: Object.fromEntries(VISITS.map((v) => [v, s(r[v], (x) => x.bytes)])),
      requests: Object.fromEntries(VISITS.map((v) => [v, s(r[v], (x) => x.requests)])),
      cached: Object.fromEntries(VISITS.map((v) => [v, s(r[v], (x) => x.cached)])),
    };
  }
  return { samples, throttle, chromium: version, impls, failures };
}
