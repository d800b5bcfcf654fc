// Shared by the pagestart pages: runs the calls and leaves window.__pagestart =
// { t (performance.now() when both calls had resolved: ms since navigation start),
//   timeOrigin, username, userId, accessSub, idSub } or { error }.
export function report(run) {
  run().then(
    ({ user, session }) => {
      const t = performance.now();
      window.__pagestart = {
        t,
        timeOrigin: performance.timeOrigin,
        username: user?.username,
        userId: user?.userId,
        accessSub: session?.tokens?.accessToken?.payload?.sub,
        idSub: session?.tokens?.idToken?.payload?.sub,
      };
    },
    (e) => {
      window.__pagestart = { error: String(e?.stack ?? e) };
    },
  );
}
