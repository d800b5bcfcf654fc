// newuser page, ours, the form first: createAuth starts (and with it the wasm load) and the
// sign-in form is shown at once, without waiting for it; submit awaits the createAuth promise
// (long resolved by then), then auth.signIn with USER_PASSWORD_AUTH. What an app can do
// today while a signed-out createAuth waits for the machine.
import { fail, showForm } from './newuser-page.mjs';
import { createAuth } from 'cognito-headless';

const ready = createAuth(window.PAGESTART_CONFIG);
ready.catch(fail);
showForm(async (username, password) => (await ready).signIn({ username, password, options: { authFlowType: 'USER_PASSWORD_AUTH' } }));
