// The signed-in page: the user, the decoded token claims, the identity id and the AWS
// credentials' expiry, with a forced refresh and sign-out (this device, or everywhere).
import { useCallback, useEffect, useRef, useState } from 'react';
import { useAuthenticator } from 'cognito-headless/react';
import { useAuth } from './auth-context.js';
import { demo, poolChoice } from './config.js';

function useNow(ms = 1000) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

function relative(target, now) {
  const s = Math.round((target - now) / 1000);
  const abs = Math.abs(s);
  const text = abs >= 3600 ? `${Math.floor(abs / 3600)} h ${Math.floor((abs % 3600) / 60)} min` : abs >= 60 ? `${Math.floor(abs / 60)} min ${abs % 60} s` : `${abs} s`;
  return s >= 0 ? `in ${text}` : `${text} ago`;
}

const TIME_CLAIMS = new Set(['exp', 'iat', 'auth_time', 'nbf']);

function Claims({ payload, now, testId }) {
  if (!payload) return <p className="muted">none</p>;
  return (
    <dl className="claims" data-testid={testId}>
      {Object.entries(payload).map(([k, v]) => (
        <div key={k} className="claim">
          <dt>{k}</dt>
          <dd data-claim={k}>
            {TIME_CLAIMS.has(k) && typeof v === 'number' ? (
              <>
                {new Date(v * 1000).toLocaleTimeString()} <span className="muted">({relative(v * 1000, now)})</span>
              </>
            ) : typeof v === 'object' ? (
              JSON.stringify(v)
            ) : (
              String(v)
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The last characters of a token: enough to see that a refresh replaced it. */
const tail = (token) => (token ? `…${String(token).slice(-10)}` : '');

export function Account() {
  const auth = useAuth();
  const { user, signOut } = useAuthenticator();
  const now = useNow();
  const [session, setSession] = useState();
  const [status, setStatus] = useState({ busy: '', error: undefined, refreshes: 0, loadedAt: undefined });
  const alive = useRef(true);

  const load = useCallback(
    async (forceRefresh, label) => {
      setStatus((s) => ({ ...s, busy: label ?? '', error: undefined }));
      try {
        const next = await auth.fetchAuthSession({ forceRefresh });
        if (!alive.current) return;
        setSession(next);
        setStatus((s) => ({ ...s, busy: '', loadedAt: Date.now(), refreshes: s.refreshes + (forceRefresh ? 1 : 0) }));
      } catch (e) {
        if (!alive.current) return;
        setStatus((s) => ({ ...s, busy: '', error: { name: e?.name ?? 'Error', message: e?.message ?? String(e) } }));
      }
    },
    [auth],
  );

  useEffect(() => {
    alive.current = true;
    load(false);
    // Another tab (or this one) refreshed: show the new tokens.
    const off = auth.listen('tokenRefresh', () => load(false));
    return () => {
      alive.current = false;
      off();
    };
  }, [auth, load]);

  const signOutEverywhere = async () => {
    setStatus((s) => ({ ...s, busy: 'global' }));
    try {
      await auth.signOut({ global: true });
    } catch (e) {
      if (alive.current) setStatus((s) => ({ ...s, busy: '', error: { name: e?.name ?? 'Error', message: e?.message ?? String(e) } }));
    }
  };

  const access = session?.tokens?.accessToken;
  const id = session?.tokens?.idToken;
  const creds = session?.credentials;
  const expiration = creds?.expiration instanceof Date ? creds.expiration : creds?.expiration ? new Date(creds.expiration) : undefined;
  const name = id?.payload?.email ?? user?.username;

  return (
    <main className="account" data-testid="account">
      <section className="card hero">
        <div className="avatar" aria-hidden="true">
          {(user?.username ?? '?').slice(0, 1).toUpperCase()}
        </div>
        <div className="who">
          <h1>
            Signed in as <span data-testid="username">{user?.username}</span>
          </h1>
          <p className="muted">
            {name !== user?.username && name ? `${name} · ` : ''}sub <code data-testid="user-id">{user?.userId}</code>
            {user?.signInDetails?.authFlowType && (
              <>
                {' '}
                · flow <code data-testid="auth-flow">{user.signInDetails.authFlowType}</code>
              </>
            )}
            {' '}· {poolChoice === 'mfa' ? 'MFA-required pool' : 'standard pool'}
          </p>
        </div>
        <div className="actions">
          <button type="button" className="primary" onClick={() => load(true, 'refresh')} disabled={!!status.busy} data-testid="refresh">
            {status.busy === 'refresh' ? (
              <>
                <span className="spinner" aria-hidden="true" /> Refreshing…
              </>
            ) : (
              'Refresh session'
            )}
          </button>
          <button type="button" onClick={() => signOut()} disabled={!!status.busy} data-testid="sign-out">
            Sign out
          </button>
          <button type="button" className="danger" onClick={signOutEverywhere} disabled={!!status.busy} data-testid="sign-out-global">
            Sign out everywhere
          </button>
        </div>
      </section>

      {status.error && (
        <div className="alert" role="alert" data-testid="session-error">
          <strong>{status.error.name}</strong>
          <span>{status.error.message}</span>
        </div>
      )}

      <section className="grid">
        <article className="card">
          <h2>Session</h2>
          <dl className="facts">
            <div>
              <dt>Access token</dt>
              <dd>
                <code data-testid="access-token-tail">{tail(access)}</code>
              </dd>
            </div>
            <div>
              <dt>Expires</dt>
              <dd data-testid="access-token-exp">
                {access?.payload?.exp ? relative(access.payload.exp * 1000, now) : '…'}
              </dd>
            </div>
            <div>
              <dt>Forced refreshes</dt>
              <dd data-testid="refresh-count">{status.refreshes}</dd>
            </div>
            <div>
              <dt>Loaded</dt>
              <dd data-testid="loaded-at">{status.loadedAt ? relative(status.loadedAt, now) : '…'}</dd>
            </div>
          </dl>
        </article>
        <article className="card">
          <h2>AWS credentials</h2>
          {demo.identityPoolId ? (
            <dl className="facts">
              <div>
                <dt>Identity id</dt>
                <dd>
                  <code data-testid="identity-id">{session?.identityId ?? '…'}</code>
                </dd>
              </div>
              <div>
                <dt>Access key</dt>
                <dd>
                  <code data-testid="access-key">{creds?.accessKeyId ? `${creds.accessKeyId.slice(0, 4)}…${creds.accessKeyId.slice(-4)}` : '…'}</code>
                </dd>
              </div>
              <div>
                <dt>Expire</dt>
                <dd data-testid="credentials-expiration" data-expiration={expiration?.toISOString()}>
                  {expiration ? (
                    <>
                      {expiration.toLocaleTimeString()} <span className="muted">({relative(expiration.getTime(), now)})</span>
                    </>
                  ) : (
                    '…'
                  )}
                </dd>
              </div>
            </dl>
          ) : (
            <p className="muted">No identity pool configured (COGNITO_IDENTITY_POOL_ID).</p>
          )}
        </article>
      </section>

      <section className="grid">
        <article className="card">
          <h2>ID token claims</h2>
          <Claims payload={id?.payload} now={now} testId="id-claims" />
        </article>
        <article className="card">
          <h2>Access token claims</h2>
          <Claims payload={access?.payload} now={now} testId="access-claims" />
        </article>
      </section>
    </main>
  );
}
