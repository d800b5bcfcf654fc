// Section "flow": a whole signIn → fetchAuthSession → signOut against the local Cognito
// (moto, started and stopped by run.mjs) for ours (the built package), ours through the
// drop-in (cognito-headless/amplify, configured with the same object as Amplify) and
// Amplify v6 (aws-amplify, configured with Auth.Cognito.userPoolEndpoint), all USER_SRP_AUTH,
// in one Node process, alternating round by round (flow-core.mjs). Chromium: flow-page.mjs.
//
// Per cycle and per call: wall time, wall time inside fetch (the wrapper reads the body
// inside, so the network and moto are there), process CPU time (user + system, all threads
// of this process; moto is another process), and the CPU time spent while inside fetch
// (Node's own HTTP client). "Client time" = the rest.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startMoto, seedLocalCognito, DEMO_USER, DEMO_PASSWORD } from '../scripts/local-cognito.mjs';
import { timedFetch, motoShim } from './cognito.mjs';
import { runFlowRounds } from './flow-core.mjs';

/**
 * moto on 127.0.0.1, seeded: { stop(), kill() (synchronous, for process exit), version,
 * cfg: { endpoint, userPoolId, userPoolClientId, username, password } }.
 */
export async function startLocalCognito() {
  const moto = await startMoto();
  try {
    const seeded = await seedLocalCognito(moto.endpoint);
    return {
      stop: moto.stop,
      kill: () => moto.child.exitCode === null && moto.child.signalCode === null && moto.child.kill('SIGTERM'),
      cfg: { ...seeded, username: DEMO_USER, password: DEMO_PASSWORD },
    };
  } catch (e) {
    await moto.stop();
    throw e;
  }
}

export async function runFlow({ pkgDir, cfg, warmup = 3, runs = 21, log = () => {} }) {
  const realFetch = globalThis.fetch;
  const warn = console.warn;
  try {
    const timed = timedFetch(realFetch, motoShim());
    // Every client uses the global fetch (Amplify always does; ours does without host.fetch).
    globalThis.fetch = timed.fetch;

    const ours = await import(pathToFileURL(path.join(pkgDir, 'index.js')).href);
    const oursAuth = await ours.createAuth(
      { userPoolId: cfg.userPoolId, userPoolClientId: cfg.userPoolClientId, endpoint: cfg.endpoint },
      { storage: ours.createMemoryStorage(), crossTab: false },
    );
    const amplifyConfig = {
      Auth: { Cognito: { userPoolId: cfg.userPoolId, userPoolClientId: cfg.userPoolClientId, userPoolEndpoint: cfg.endpoint } },
    };
    // In-memory token storage for all three.
    const dropIn = await import(pathToFileURL(path.join(pkgDir, 'amplify.js')).href);
    dropIn.Amplify.configure(amplifyConfig);
    dropIn.cognitoUserPoolsTokenProvider.setKeyValueStorage(dropIn.sharedInMemoryStorage);
    const { Amplify } = await import('aws-amplify');
    const amplifyAuth = await import('aws-amplify/auth');
    const { cognitoUserPoolsTokenProvider } = await import('aws-amplify/auth/cognito');
    const { sharedInMemoryStorage } = await import('aws-amplify/utils');
    console.warn = () => {}; // Amplify: "You are using a custom Amazon Cognito User Pool endpoint" on every call
    Amplify.configure(amplifyConfig);
    cognitoUserPoolsTokenProvider.setKeyValueStorage(sharedInMemoryStorage);

    const cpuMs = () => {
      const c = process.cpuUsage();
      return (c.user + c.system) / 1000;
    };
    return await runFlowRounds({
      impls: { ours: oursAuth, 'ours-amplify': dropIn, amplify: amplifyAuth },
      timed,
      input: { username: cfg.username, password: cfg.password, options: { authFlowType: 'USER_SRP_AUTH' } },
      warmup,
      runs,
      cpuMs,
      log,
    });
  } finally {
    console.warn = warn;
    globalThis.fetch = realFetch;
  }
}
