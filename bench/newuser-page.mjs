// Shared by the newuser pages (imported first, so it runs before the client's modules):
// a scripted, in-page Cognito. Every request to a cognito-idp URL is answered here (no
// network) with the same 400 NotAuthorizedException for both clients, and the first one is
// timestamped; anything else (the page's own files, our .wasm) goes to the real fetch.
// window.__newuser = { timeOrigin, formVisible, submit, firstRequest, firstTarget, settled,
// error } (performance.now() values: ms since navigation start).
const realFetch = globalThis.fetch.bind(globalThis);
const state = (window.__newuser = { timeOrigin: performance.timeOrigin });
globalThis.fetch = async (input, init) => {
  const url = String(input?.url ?? input);
  if (!/cognito-idp\./.test(url)) return realFetch(input, init);
  if (state.firstRequest === undefined) {
    state.firstRequest = performance.now();
    const headers = new Headers(init?.headers ?? input?.headers);
    state.firstTarget = headers.get('x-amz-target');
  }
  const body = JSON.stringify({ __type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  return new Response(body, {
    status: 400,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'NotAuthorizedException:', 'x-amzn-requestid': 'bench-0000' },
  });
};

/** Renders the sign-in form, records when it is on screen, and calls submit(username, password) on click. */
export function showForm(submit) {
  const form = document.createElement('form');
  form.innerHTML = '<input name="username" value="demo" autocomplete="username"><input name="password" type="password" value="Passw0rd!" autocomplete="current-password"><button id="submit" type="submit">Sign in</button>';
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    state.submit = performance.now();
    const fd = new FormData(form);
    Promise.resolve()
      .then(() => submit(String(fd.get('username')), String(fd.get('password'))))
      .then(() => ({ ok: true }), (err) => ({ ok: false, name: err?.name }))
      .then((r) => {
        state.settled = performance.now();
        state.result = r;
      });
  });
  document.body.append(form);
  requestAnimationFrame(() => {
    state.formVisible = performance.now();
  });
}

export function fail(e) {
  state.error = String(e?.stack ?? e);
}
