// The flow section in headless Chromium (bundled by run.mjs into dist/flow-page.js with
// Amplify; ours is imported from the package served at /pkg/). run.mjs calls
// window.runFlow({ cfg, warmup, runs }). Wall time only: a page has no process CPU clock.
import { Amplify } from 'aws-amplify';
import * as amplifyAuth from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { sharedInMemoryStorage } from 'aws-amplify/utils';
import { timedFetch, motoShim } from './cognito.mjs';
import { runFlowRounds } from './flow-core.mjs';

window.runFlow = async ({ cfg, warmup, runs }) => {
  const realFetch = window.fetch.bind(window);
  const timed = timedFetch(realFetch, motoShim());
  const warn = console.warn;
  try {
    // In-memory token storage for all three, as in Node. createAuth loads the .wasm before
    // fetch is wrapped.
    const ours = await import(/* @vite-ignore */ '/pkg/index.js');
    const oursAuth = await ours.createAuth(
      { userPoolId: cfg.userPoolId, userPoolClientId: cfg.userPoolClientId, endpoint: cfg.endpoint },
      { storage: ours.createMemoryStorage() },
    );
    window.fetch = timed.fetch;
    const amplifyConfig = {
      Auth: { Cognito: { userPoolId: cfg.userPoolId, userPoolClientId: cfg.userPoolClientId, userPoolEndpoint: cfg.endpoint } },
    };
    const dropIn = await import(/* @vite-ignore */ '/pkg/amplify.js');
    dropIn.Amplify.configure(amplifyConfig);
    dropIn.cognitoUserPoolsTokenProvider.setKeyValueStorage(dropIn.sharedInMemoryStorage);
    console.warn = () => {};
    Amplify.configure(amplifyConfig);
    cognitoUserPoolsTokenProvider.setKeyValueStorage(sharedInMemoryStorage);
    return await runFlowRounds({
      impls: { ours: oursAuth, 'ours-amplify': dropIn, amplify: amplifyAuth },
      timed,
      input: { username: cfg.username, password: cfg.password, options: { authFlowType: 'USER_SRP_AUTH' } },
      warmup,
      runs,
    });
  } finally {
    console.warn = warn;
    window.fetch = realFetch;
  }
};
window.flowReady = true;
