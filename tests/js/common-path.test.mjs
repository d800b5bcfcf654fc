// The common path's cost (issue #22): what a page that calls createAuth with the flat config
// loads and does before getCurrentUser/fetchAuthSession answer.
//   - Amplify's Gen 1 / Gen 2 parser (amplify-config.js) is a chunk of its own, loaded only
//     for those shapes, where the bundler splits (esbuild --splitting here, over the BUILT
//     package); the drop-in's bundle has no such chunk (it parses statically).
//   - the flat and { Auth: { Cognito } } shapes read without the parser give what the full
//     parse (amplify-parse.js, compared with real aws-amplify in amplify-config.test.mjs)
//     gives.
//   - a Web Storage is probed (one write and one removal) once, not before every read;
//     a storage that stops working is probed again and memory is used, as before.
import { describe, it, expect, vi, afterEach } from 'vitest';
import path from 'node:path';
import { build } from 'esbuild';
import { importBuilt, pkgDir } from './support/built-package.mjs';

const { normalizeConfig, needsAmplifyParser } = await importBuilt('config.js');
const { normalizeAnyConfig } = await importBuilt('amplify-parse.js');

/** esbuild --bundle --splitting --format=esm of `code`; the outputs' inputs (package-relative). */
async function bundle(code) {
  const r = await build({
    stdin: { contents: code, resolveDir: pkgDir, loader: 'js' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    outdir: '/virtual-out',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return Object.entries(r.metafile.outputs)
    .filter(([file]) => file.endsWith('.js'))
    .map(([file, o]) => ({ file: path.basename(file), entry: o.entryPoint === '<stdin>', inputs: Object.keys(o.inputs).map((i) => path.relative(pkgDir, path.resolve(i))) }));
}

describe('what a page bundles', () => {
  it('createAuth: the Amplify parser is one chunk of its own, outside the page\'s', async () => {
    const outputs = await bundle(`import { createAuth } from './index.js'; createAuth({ userPoolId: 'us-east-1_x', userPoolClientId: 'c' });`);
    const entry = outputs.filter((o) => o.entry);
    const chunks = outputs.filter((o) => !o.entry);
    expect(entry).toHaveLength(1);
    expect(entry[0].inputs).toContain('auth.js');
    expect(entry[0].inputs).not.toContain('amplify-config.js');
    // No chunk shared between the page and the parser (it would be one more request).
    expect(chunks.map((c) => c.inputs)).toEqual([['amplify-config.js']]);
  });

  it('the drop-in: one file, the parser in it (configure parses synchronously)', async () => {
    const outputs = await bundle(`import { Amplify } from './amplify.js'; Amplify.configure({ Auth: { Cognito: { userPoolId: 'us-east-1_x', userPoolClientId: 'c' } } });`);
    expect(outputs).toHaveLength(1);
    expect(outputs[0].inputs).toContain('amplify-config.js');
  });
});

describe('the flat shapes without the parser', () => {
  const shapes = [
    { userPoolId: 'us-east-1_AbC', userPoolClientId: 'client' },
    { userPoolId: 'us-east-1_AbC', userPoolClientId: 'client', endpoint: 'http://127.0.0.1:1/', identityPoolId: 'us-east-1:abc', allowGuestAccess: true },
    {
      userPoolId: 'us-east-1_AbC', userPoolClientId: 'client', userPoolEndpoint: 'http://127.0.0.1:2/',
      loginWith: { email: true, phone: true, oauth: { domain: 'https://x.auth.us-east-1.amazoncognito.com/', scopes: ['openid'], redirectSignIn: ['http://localhost/'], redirectSignOut: ['http://localhost/'], responseType: 'code' } },
      userAttributes: { email: { required: true }, name: { required: true } },
      passwordFormat: { minLength: 12, requireNumbers: true, requireSymbols: undefined },
      signUpVerificationMethod: 'code',
    },
    { identityPoolId: 'us-east-1:abc', allowGuestAccess: true },
  ];
  for (const [i, flat] of shapes.entries()) {
    it(`shape ${i + 1}, flat and as { Auth: { Cognito } }: as the full parse`, () => {
      for (const config of [flat, { Auth: { Cognito: flat } }]) {
        expect(needsAmplifyParser(config)).toBe(false);
        expect(normalizeConfig(config)).toEqual(normalizeAnyConfig(config));
      }
    });
  }

  it('Gen 1 and Gen 2 objects are the parser\'s (with or without version)', () => {
    expect(needsAmplifyParser({ aws_project_region: 'us-east-1', aws_user_pools_id: 'us-east-1_x' })).toBe(true);
    expect(needsAmplifyParser({ version: '1.3', auth: { user_pool_id: 'us-east-1_x' } })).toBe(true);
    expect(needsAmplifyParser({ auth: { user_pool_id: 'us-east-1_x', user_pool_client_id: 'c' } })).toBe(true);
    expect(needsAmplifyParser({ version: '2', auth: {} })).toBe(false);
  });

  it('createAuth (index.js) with a Gen 2 object loads the parser and gets what the full parse gives', async () => {
    const { createAuth, createMemoryStorage } = await importBuilt('index.js');
    const outputs = { version: '1.3', auth: { aws_region: 'us-east-1', user_pool_id: 'us-east-1_Gen2', user_pool_client_id: 'gen2client', username_attributes: ['email'] } };
    const auth = await createAuth(outputs, { storage: createMemoryStorage(), crossTab: false, fetch: async () => { throw new Error('offline'); } });
    const s = await new Promise((resolve) => {
      const check = () => (auth.authenticator.getSnapshot().route === 'signIn' ? resolve(auth.authenticator.getSnapshot()) : setTimeout(check, 5));
      check();
    });
    expect(s.loginMechanism).toBe('email');
    auth.close();
  });
});

/** A Web Storage double that counts writes. */
function countingStorage({ failWritesAfter = Infinity } = {}) {
  const map = new Map();
  const calls = { set: 0, remove: 0, probes: 0 };
  return {
    calls,
    map,
    setItem(k, v) {
      if (k === '__cognito_headless_probe__') calls.probes++;
      if (calls.set >= failWritesAfter) throw new DOMException('full', 'QuotaExceededError');
      calls.set++;
      map.set(k, String(v));
    },
    getItem: (k) => (map.has(k) ? map.get(k) : null),
    removeItem(k) {
      calls.remove++;
      map.delete(k);
    },
    clear: () => map.clear(),
  };
}

describe('Web Storage probe', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('once per storage, not before each read; a replaced storage is probed again', async () => {
    const { localStorageAdapter } = await importBuilt('storage.js');
    const first = countingStorage();
    vi.stubGlobal('localStorage', first);
    await localStorageAdapter.setItem('k', 'v');
    for (let i = 0; i < 11; i++) expect(await localStorageAdapter.getItem('k')).toBe('v');
    expect(first.calls.probes).toBe(1);
    const second = countingStorage();
    vi.stubGlobal('localStorage', second);
    expect(await localStorageAdapter.getItem('k')).toBe(null);
    await localStorageAdapter.getItem('k');
    expect(second.calls.probes).toBe(1);
  });

  it('a storage that stops taking writes: probed again, the value kept in memory (as before the probe was kept)', async () => {
    const { sessionStorageAdapter } = await importBuilt('storage.js');
    const s = countingStorage({ failWritesAfter: 1 }); // the probe's write passes, then every write fails
    vi.stubGlobal('sessionStorage', s);
    expect(await sessionStorageAdapter.getItem('k')).toBe(null);
    await sessionStorageAdapter.setItem('k', 'v');
    expect(await sessionStorageAdapter.getItem('k')).toBe('v');
    expect(s.map.has('k')).toBe(false);
  });
});
