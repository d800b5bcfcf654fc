// Loaded by bench/page.html in headless Chromium; bench/run.mjs calls window.runBench().
import * as B from './impls.js';

window.runBench = async ({ wasm, warmup, runs, oursOnly }) => {
  const impls = {};
  for (const { label, url } of wasm) {
    const m = await import(`${url}/cognito_headless.js`);
    await m.default({ module_or_path: `${url}/cognito_headless_bg.wasm` });
    impls[label] = B.oursImpl(m);
    // The same build with Amplify's 1024-bit `a`: like for like with the incumbents.
    if (label === 'ours') impls['ours-a1024'] = B.oursImpl(m, 128);
  }
  if (!oursOnly) Object.assign(impls, { amplify: B.amplify, acij: B.acij, bigint: B.bigint });
  const p = B.makeParams();
  const checked = await B.check(impls, p);
  if (!checked.ok) return { error: checked.out };
  return { results: await B.runSuite(impls, p, { warmup, runs }), userAgent: navigator.userAgent };
};
window.benchReady = true;
