// The drop-in's modules against Amplify's: every name (values at run time, values and
// types in the declarations) that `aws-amplify`, `aws-amplify/auth`,
// `aws-amplify/auth/cognito` and `aws-amplify/utils` export is exported by the module a
// bundler alias points it at, except the few listed below as not provided. Names come from
// the real packages (import for values, the TypeScript compiler API over their .d.ts for
// types); the declarations are checked by compiling generated `import type` lines with
// tsc. Also: one Hub behind every module, I18n and ConsoleLogger behaving as
// @aws-amplify/core's, the OAuth helpers as Amplify's.
import { describe, it, expect, vi, afterEach } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { importBuilt, pkgDir, root } from './support/built-package.mjs';

/** Amplify module → our file (the package's exports map: cognito-headless/amplify/…). */
const MODULES = {
  'aws-amplify': 'amplify.js',
  'aws-amplify/auth': 'amplify-auth.js',
  'aws-amplify/auth/cognito': 'amplify-cognito.js',
  'aws-amplify/utils': 'amplify-utils.js',
};

/** Amplify names we do not provide, and why (the README's migration section lists them). */
const NOT_PROVIDED = {
  'aws-amplify': {
    createAmplifyContext: 'multi-context API of aws-amplify 6.22 (server/multi-tenant), not auth',
    createConfigurationBuilder: 'multi-context API of aws-amplify 6.22, not auth',
    AmplifyContext: 'type of the multi-context API',
    ConfigurationBuilder: 'type of the multi-context API',
  },
  'aws-amplify/utils': {
    Cache: 'not auth',
    ServiceWorker: 'not auth',
    ServiceWorkerOptions: 'type of ServiceWorker',
    ServiceWorkerStateChangeHandler: 'type of ServiceWorker',
  },
};

/** Amplify's exported names per module: `{ values, types }` from its declarations. */
function amplifyDeclaredNames() {
  const file = path.join(root, 'target/amplify-names-probe.ts');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, Object.keys(MODULES).map((m, i) => `import * as m${i} from '${m}';`).join('\n'));
  const program = ts.createProgram([file], {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const out = {};
  for (const statement of program.getSourceFile(file).statements) {
    const symbol = checker.getSymbolAtLocation(statement.moduleSpecifier);
    const values = [];
    const types = [];
    for (const e of checker.getExportsOfModule(symbol)) {
      const target = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
      (target.flags & ts.SymbolFlags.Value ? values : types).push(e.name);
    }
    out[statement.moduleSpecifier.text] = { values: values.sort(), types: types.sort() };
  }
  return out;
}

const declared = amplifyDeclaredNames();

describe('every Amplify name a bundler alias needs', () => {
  it('reads a plausible list from Amplify (the probe works)', () => {
    expect(declared['aws-amplify/auth'].values).toContain('signIn');
    expect(declared['aws-amplify/auth'].types).toContain('FetchUserAttributesOutput');
    expect(declared['aws-amplify/utils'].values).toContain('I18n');
  });

  for (const [amplifyModule, ours] of Object.entries(MODULES)) {
    it(`${ours} has every run-time export of ${amplifyModule}`, async () => {
      const real = await import(amplifyModule);
      const mine = await importBuilt(ours);
      const skip = NOT_PROVIDED[amplifyModule] ?? {};
      const missing = Object.keys(real).filter((name) => !(name in mine) && !(name in skip));
      expect(missing).toEqual([]);
      // Same kind of thing: a function stays a function, a class a class, an object an object.
      for (const name of Object.keys(real)) {
        if (name in skip) continue;
        expect([name, typeof mine[name]]).toEqual([name, typeof real[name]]);
      }
    });
  }

  it('every value our declarations name exists at run time (no name only in the .d.ts)', async () => {
    const files = ['amplify.js', 'amplify-auth.js', 'amplify-cognito.js', 'amplify-utils.js', 'amplify-with-core.js'];
    const dir = path.join(root, 'target/amplify-names-values');
    mkdirSync(dir, { recursive: true });
    for (const file of files) {
      // Every exported name used as a value, one per line: tsc's complaints mark the names
      // that are types only (`export type *`), which need not exist at run time.
      const dts = path.join(pkgDir, file.replace(/\.js$/, '.d.ts'));
      const probe = ts.createProgram([dts], { strict: true, skipLibCheck: true, noEmit: true });
      const checker = probe.getTypeChecker();
      const names = checker.getExportsOfModule(checker.getSymbolAtLocation(probe.getSourceFile(dts))).map((e) => e.name);
      const spec = path.relative(dir, path.join(pkgDir, file)).split(path.sep).join('/');
      const check = path.join(dir, `${file}.ts`);
      writeFileSync(check, [`import * as M from '${spec}';`, ...names.map((n) => `M['${n}'];`)].join('\n'));
      const program = ts.createProgram([check], { strict: true, skipLibCheck: true, noEmit: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler });
      const source = program.getSourceFile(check);
      const notValues = new Set(
        ts.getPreEmitDiagnostics(program, source).map((d) => names[source.getLineAndCharacterOfPosition(d.start).line - 1]),
      );
      const values = names.filter((n) => !notValues.has(n));
      const mine = await importBuilt(file);
      expect([file, values.filter((name) => !(name in mine))]).toEqual([file, []]);
      expect(values.length).toBeGreaterThan(5);
    }
  }, 120000);

  it('Amplify has every member of aws-amplify\'s Amplify, in both entries', async () => {
    const { Amplify: RealAmplify } = await import('aws-amplify');
    for (const file of ['amplify.js', 'amplify-with-core.js']) {
      const { Amplify } = await importBuilt(file);
      expect([file, Object.keys(RealAmplify).filter((k) => typeof Amplify[k] !== typeof RealAmplify[k])]).toEqual([file, []]);
    }
  });

  it('cognito-headless/amplify/with-core exports everything cognito-headless/amplify does', async () => {
    const plain = await importBuilt('amplify.js');
    const withCore = await importBuilt('amplify-with-core.js');
    expect(Object.keys(plain).filter((k) => !(k in withCore))).toEqual([]);
  });

  it('the declarations export every value and type name of Amplify\'s (tsc over generated imports)', () => {
    const dir = path.join(root, 'target/amplify-names-check');
    mkdirSync(dir, { recursive: true });
    const lines = [];
    let n = 0;
    for (const [amplifyModule, ours] of Object.entries(MODULES)) {
      const spec = path.relative(dir, path.join(pkgDir, ours)).split(path.sep).join('/');
      const skip = NOT_PROVIDED[amplifyModule] ?? {};
      for (const name of declared[amplifyModule].values) {
        if (!(name in skip)) lines.push(`type V${n++} = typeof import('${spec}')['${name}'];`);
      }
      for (const name of declared[amplifyModule].types) {
        if (!(name in skip)) lines.push(`import type { ${name} as T${n++} } from '${spec}';`);
      }
    }
    writeFileSync(path.join(dir, 'check.ts'), `${lines.join('\n')}\nexport {};\n`);
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, module: 'esnext', moduleResolution: 'bundler', target: 'es2022', lib: ['es2022', 'dom'], types: [], skipLibCheck: true, noUnusedLocals: false },
        files: ['check.ts'],
      }),
    );
    let output = '';
    try {
      execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', dir, '--pretty', 'false'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      output = `${e.stdout ?? ''}${e.stderr ?? ''}`;
    }
    expect(output).toBe('');
  }, 120000);
});

describe('configuration types', () => {
  it('whatever aws-amplify\'s Amplify.configure takes, ours takes; what its getConfig() gives, ours can stand for (tsc)', () => {
    const dir = path.join(root, 'target/amplify-config-types');
    mkdirSync(dir, { recursive: true });
    const ours = path.relative(dir, path.join(pkgDir, 'amplify.js')).split(path.sep).join('/');
    const source = `
import { Amplify as RealAmplify } from 'aws-amplify';
import { Amplify } from '${ours}';
declare const input: Parameters<typeof RealAmplify.configure>[0];
Amplify.configure(input);
const theirs: ReturnType<typeof RealAmplify.getConfig> = Amplify.getConfig();
const cognito = Amplify.getConfig().Auth?.Cognito;
const email: boolean | undefined = cognito?.loginWith?.email;
const required: boolean | undefined = cognito?.userAttributes?.email?.required;
const totp: boolean | undefined = cognito?.mfa?.totpEnabled;
// Amplify's documented Auth.Cognito literal.
Amplify.configure({
  Auth: {
    Cognito: {
      userPoolId: 'us-east-1_x', userPoolClientId: 'c', identityPoolId: 'us-east-1:x', allowGuestAccess: true,
      signUpVerificationMethod: 'code',
      loginWith: { email: true, oauth: { domain: 'd', scopes: ['openid'], redirectSignIn: ['https://a/'], redirectSignOut: ['https://a/'], responseType: 'code', providers: ['Google'] } },
      userAttributes: { email: { required: true } },
      mfa: { status: 'optional', totpEnabled: true, smsEnabled: false },
      passwordFormat: { minLength: 8, requireNumbers: true },
      groups: [{ ADMINS: { precedence: 0 } }],
    },
  },
});
Amplify.configure({ Auth: { Cognito: { identityPoolId: 'us-east-1:x', allowGuestAccess: true } } });
export { theirs, email, required, totp };
`;
    writeFileSync(path.join(dir, 'check.ts'), source);
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, module: 'esnext', moduleResolution: 'bundler', target: 'es2022', lib: ['es2022', 'dom'], types: [], skipLibCheck: true },
        files: ['check.ts'],
      }),
    );
    let output = '';
    try {
      execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', dir, '--pretty', 'false'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      output = `${e.stdout ?? ''}${e.stderr ?? ''}`;
    }
    expect(output).toBe('');
  }, 120000);
});

describe('one Hub', () => {
  it('every module hands out the same Hub, I18n and storages', async () => {
    const plain = await importBuilt('amplify.js');
    const utils = await importBuilt('amplify-utils.js');
    expect(utils.Hub).toBe(plain.Hub);
    expect(utils.I18n).toBe(plain.I18n);
    expect(utils.ConsoleLogger).toBe(plain.ConsoleLogger);
    expect(utils.defaultStorage).toBe(plain.defaultStorage);
    const auth = await importBuilt('amplify-auth.js');
    const cognito = await importBuilt('amplify-cognito.js');
    expect(auth.signIn).toBe(plain.signIn);
    expect(cognito.signIn).toBe(plain.signIn);
    expect(cognito.cognitoUserPoolsTokenProvider).toBe(plain.cognitoUserPoolsTokenProvider);
  });

  it('with cognito-headless/amplify/with-core loaded, Hub is a front for @aws-amplify/core\'s: one bus both ways', async () => {
    await importBuilt('amplify-with-core.js');
    const { Hub } = await importBuilt('amplify-utils.js');
    const { Hub: RealHub } = await import('@aws-amplify/core');
    const ours = [];
    const real = [];
    const off1 = Hub.listen('custom', (c) => ours.push(c.payload.event), 'mine');
    const off2 = RealHub.listen('custom', (c) => real.push(c.payload.event), { listenerName: 'theirs' });
    Hub.dispatch('custom', { event: 'from-ours', data: 1 }, 'app');
    RealHub.dispatch('custom', { event: 'from-core', data: 1 }, 'app');
    off1();
    off2();
    Hub.dispatch('custom', { event: 'after' });
    RealHub.dispatch('custom', { event: 'after' });
    expect(ours).toEqual(['from-ours', 'from-core']);
    expect(real).toEqual(['from-ours', 'from-core']);
  });
});

describe('I18n and ConsoleLogger as @aws-amplify/core\'s', () => {
  afterEach(() => vi.restoreAllMocks());

  it('I18n: vocabularies, language, base-language and default fallbacks give what core\'s give', async () => {
    const { I18n } = await importBuilt('amplify-utils.js');
    const { I18n: RealI18n } = await import('@aws-amplify/core');
    const script = (i18n) => {
      const out = [];
      i18n.putVocabularies({ fr: { 'Sign In': 'Se connecter' }, de: { 'Sign In': 'Anmelden' } });
      i18n.putVocabulariesForLanguage('fr', { 'Sign Out': 'Se déconnecter' });
      i18n.setLanguage('fr');
      out.push(i18n.get('Sign In'), i18n.get('Sign Out'), i18n.get('Missing'), i18n.get('Missing', 'default'));
      i18n.setLanguage('fr-CA');
      out.push(i18n.get('Sign In'), i18n.get('Other', ''));
      i18n.setLanguage('de-DE');
      out.push(i18n.get('Sign In'));
      i18n.putVocabulariesForLanguage('de-DE', { 'Sign In': 'Einloggen' });
      out.push(i18n.get('Sign In'));
      i18n.setLanguage('es');
      out.push(i18n.get('Sign In'));
      return out;
    };
    expect(script(I18n)).toEqual(script(RealI18n));
  });

  it('ConsoleLogger: levels, LOG_LEVEL and the console method used give what core\'s give', async () => {
    const { ConsoleLogger } = await importBuilt('amplify-utils.js');
    const { ConsoleLogger: RealLogger } = await import('@aws-amplify/core');
    const run = (Logger) => {
      const calls = [];
      for (const m of ['log', 'warn', 'error', 'info', 'debug']) {
        vi.spyOn(console, m).mockImplementation((...args) => calls.push([m, ...args.map((a) => (typeof a === 'string' ? a.replace(/\d\d:\d\d\.\d+ /, 'T ') : a))]));
      }
      const a = new Logger('A');
      const b = new Logger('B', 'DEBUG');
      a.debug('hidden');
      a.warn('warned', { x: 1 });
      a.error('failed');
      b.debug('shown');
      b.info({ y: 2 });
      b.verbose('hidden too');
      Logger.LOG_LEVEL = 'VERBOSE';
      a.verbose('all', 1, 2);
      Logger.LOG_LEVEL = null;
      vi.restoreAllMocks();
      return calls;
    };
    expect(run(ConsoleLogger)).toEqual(run(RealLogger));
  });
});

describe('aws-amplify/auth/cognito helpers as Amplify\'s', () => {
  it('AUTH_KEY_PREFIX and createKeysForAuthStorage', async () => {
    const mine = await importBuilt('amplify-cognito.js');
    const real = await import('aws-amplify/auth/cognito');
    expect(mine.AUTH_KEY_PREFIX).toBe(real.AUTH_KEY_PREFIX);
    expect(mine.createKeysForAuthStorage(mine.AUTH_KEY_PREFIX, 'client1')).toEqual(real.createKeysForAuthStorage(real.AUTH_KEY_PREFIX, 'client1'));
  });

  it('generateCodeVerifier: the S256 challenge is node:crypto\'s SHA-256 of the verifier; generateState is 32 characters', async () => {
    const { generateCodeVerifier, generateState } = await importBuilt('amplify-cognito.js');
    for (const length of [43, 64, 128]) {
      const v = generateCodeVerifier(length);
      expect(v.value).toMatch(new RegExp(`^[A-Za-z0-9]{${length}}$`));
      expect(v.method).toBe('S256');
      expect(v.toCodeChallenge()).toBe(createHash('sha256').update(v.value).digest('base64url'));
    }
    expect(generateState()).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it('sha256 matches node:crypto across block boundaries', async () => {
    const { sha256 } = await importBuilt('sha256.js');
    for (const len of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const bytes = new Uint8Array(len).map((_, i) => (i * 31 + 7) & 255);
      expect(Buffer.from(sha256(bytes)).toString('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });

  it('getRedirectUrl: the preferred URL or an error, as Amplify\'s', async () => {
    const mine = await importBuilt('amplify-cognito.js');
    const real = await import('aws-amplify/auth/cognito');
    const urls = ['https://a.example/cb', 'myapp://cb'];
    expect(mine.getRedirectUrl(urls, 'myapp://cb')).toBe(real.getRedirectUrl(urls, 'myapp://cb'));
    const name = (fn) => {
      try {
        fn();
        return 'no error';
      } catch (e) {
        return e.name;
      }
    };
    expect(name(() => mine.getRedirectUrl(urls, 'https://other/'))).toBe(name(() => real.getRedirectUrl(urls, 'https://other/')));
  });
});
