// pagestart page, ours: createAuth over the default storage (localStorage in a browser),
// the .wasm fetched next to the bundle (wasm/cognito_headless_bg.wasm), then
// getCurrentUser() and fetchAuthSession(). Bundled by pagestart.mjs; the config comes
// from the HTML (window.PAGESTART_CONFIG) so all pages share one bundle per client.
import { createAuth } from 'cognito-headless';
import { report } from './pagestart-report.mjs';

report(async () => {
  const auth = await createAuth(window.PAGESTART_CONFIG);
  const user = await auth.getCurrentUser();
  const session = await auth.fetchAuthSession();
  return { user, session };
});
