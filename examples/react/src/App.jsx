// The whole UI is driven by useAuthenticator(): the route says which screen to show, the
// facade's fields say which inputs it has, and its verbs move it on. Nothing here knows
// Cognito's protocol.
import { useState } from 'react';
import { useAuthenticator } from 'cognito-headless/react';
import { useAuth } from './auth-context.js';
import { demo, poolChoice, flowChoice, SIGN_IN_FLOWS, urlWith } from './config.js';
import { AuthForm } from './AuthForm.jsx';
import { TotpQrCode } from './TotpQrCode.jsx';
import { Account } from './Account.jsx';

// Keyed by Amplify UI's `challengeName` (a custom challenge has none).
const CHALLENGE_TITLES = {
  SOFTWARE_TOKEN_MFA: ['Enter your authenticator code', 'Open your authenticator app and enter the 6-digit code for this account.'],
  SMS_MFA: ['Enter the code we texted you', undefined],
  EMAIL_OTP: ['Enter the code we emailed you', undefined],
};

export function Fatal({ title, message }) {
  return (
    <div className="page">
      <main className="card narrow" role="alert">
        <h1>{title}</h1>
        <p className="muted">{message}</p>
      </main>
    </div>
  );
}

/** Amplify UI's codeDeliveryDetails: `{ Destination, DeliveryMedium, AttributeName }`. */
function delivery(details) {
  if (!details?.Destination) return undefined;
  const medium = details.DeliveryMedium === 'SMS' ? 'by text message to' : 'by email to';
  return `We sent a code ${medium} ${details.Destination}.`;
}

function Link({ onClick, children, testId }) {
  return (
    <button type="button" className="link" onClick={onClick} data-testid={testId}>
      {children}
    </button>
  );
}

function FlowPicker({ flow, setFlow }) {
  return (
    <div className="flow">
      <span className="flow-label">Sign-in flow</span>
      <div className="segmented" role="radiogroup" aria-label="Sign-in flow">
        {SIGN_IN_FLOWS.map((f) => (
          <label key={f.value} className={flow === f.value ? 'on' : ''} title={f.title}>
            <input
              type="radio"
              name="authFlowType"
              value={f.value}
              checked={flow === f.value}
              onChange={() => {
                setFlow(f.value);
                window.history.replaceState(null, '', urlWith('flow', f.value === 'USER_SRP_AUTH' ? undefined : f.value));
              }}
            />
            {f.label}
          </label>
        ))}
      </div>
    </div>
  );
}

/** The sign-in route. In the USER_PASSWORD_AUTH flow the form signs in with auth.signIn. */
function SignIn() {
  const { toSignUp, toForgotPassword } = useAuthenticator();
  const auth = useAuth();
  const [flow, setFlow] = useState(flowChoice);
  return (
    <AuthForm
      title="Sign in"
      subtitle={poolChoice === 'mfa' ? 'This pool requires an authenticator app (TOTP): the first sign-in sets one up.' : undefined}
      submitLabel="Sign in"
      pendingLabel="Signing in…"
      // The facade signs in with SRP; for another flow the form calls signIn itself.
      direct={
        flow === 'USER_SRP_AUTH'
          ? undefined
          : (values) =>
              auth.signIn({ username: (values.username ?? '').trim(), password: values.password ?? '', options: { authFlowType: flow } })
      }
      before={<FlowPicker flow={flow} setFlow={setFlow} />}
      after={
        <>
          {demo.isLocal && demo.demoUsername && (
            <p className="hint" data-testid="demo-credentials">
              Demo user: <code>{demo.demoUsername}</code> / <code>{demo.demoPassword}</code>
            </p>
          )}
          <div className="links">
            <Link onClick={() => toForgotPassword()} testId="to-forgot-password">Forgot your password?</Link>
            <Link onClick={() => toSignUp()} testId="to-sign-up">Create an account</Link>
          </div>
        </>
      }
    />
  );
}

/** The link back to sign-in, with a "resend code" link before it on code routes. */
function BackToSignIn({ resend = false }) {
  const { toSignIn } = useAuthenticator();
  return (
    <div className="links">
      {resend && <Resend />}
      <Link onClick={() => toSignIn()} testId="to-sign-in">Back to sign in</Link>
    </div>
  );
}

function Resend() {
  const { resendCode, isPending } = useAuthenticator();
  return (
    <Link onClick={() => !isPending && resendCode()} testId="resend-code">
      Send a new code
    </Link>
  );
}

function SetupTotp() {
  const { totpSetupUri, totpSecretCode } = useAuthenticator();
  return (
    <AuthForm
      title="Set up your authenticator app"
      subtitle="Scan the code with an authenticator app (or type the key), then enter the 6-digit code it shows."
      submitLabel="Confirm"
      pendingLabel="Checking…"
      before={
        <div className="totp">
          {totpSetupUri && <TotpQrCode uri={totpSetupUri} />}
          <div className="totp-key">
            <span className="label">Setup key</span>
            <code data-testid="totp-secret">{totpSecretCode}</code>
            <details>
              <summary>Setup URI</summary>
              <code className="wrap" data-testid="totp-uri">{totpSetupUri}</code>
            </details>
          </div>
        </div>
      }
      after={<BackToSignIn />}
    />
  );
}

function Route() {
  const f = useAuthenticator();
  switch (f.route) {
    case 'idle':
    case 'setup':
    case 'transition':
      return <Loading text="Restoring your session…" />;
    case 'signOut':
      return <Loading text="Signing out…" />;
    case 'authenticated':
      return <Account />;
    case 'signIn':
      return <SignIn />;
    case 'signUp':
      return (
        <AuthForm
          title="Create an account"
          subtitle="Passwords need 8 characters with upper and lower case letters, a number and a symbol."
          submitLabel="Create account"
          pendingLabel="Creating…"
          after={
            <div className="links">
              <span className="muted">Have an account?</span>
              <Link onClick={() => f.toSignIn()} testId="to-sign-in">Sign in</Link>
            </div>
          }
        />
      );
    case 'confirmSignUp':
      return (
        <AuthForm
          title="Confirm your account"
          subtitle={delivery(f.codeDeliveryDetails) ?? 'Enter the code we sent you.'}
          submitLabel="Confirm"
          pendingLabel="Confirming…"
          after={<BackToSignIn resend />}
        />
      );
    case 'confirmSignIn': {
      const [title, sub] = CHALLENGE_TITLES[f.challengeName] ?? ['Enter your code', undefined];
      return (
        <AuthForm
          title={title}
          subtitle={delivery(f.codeDeliveryDetails) ?? sub}
          submitLabel="Confirm"
          pendingLabel="Checking…"
          after={<BackToSignIn />}
        />
      );
    }
    case 'setupTotp':
      return <SetupTotp />;
    case 'setupEmail':
      return (
        <AuthForm
          title="Add an email for sign-in codes"
          subtitle="Your account needs a second factor. We will email you a code at this address."
          submitLabel="Send code"
          pendingLabel="Sending…"
          after={<BackToSignIn />}
        />
      );
    case 'selectMfaType':
      return (
        <AuthForm
          title="Choose how to verify it's you"
          subtitle={f.allowedMfaTypes?.length ? undefined : 'Pick a second factor.'}
          submitLabel="Continue"
          pendingLabel="Continuing…"
          after={<BackToSignIn />}
        />
      );
    case 'forceNewPassword':
      return (
        <AuthForm
          title="Choose a new password"
          subtitle="Your account was created with a temporary password."
          submitLabel="Change password"
          pendingLabel="Changing…"
          after={<BackToSignIn />}
        />
      );
    case 'forgotPassword':
      return (
        <AuthForm
          title="Reset your password"
          subtitle="We will send a code to the email address of your account."
          submitLabel="Send code"
          pendingLabel="Sending…"
          after={<BackToSignIn />}
        />
      );
    case 'confirmResetPassword':
      return (
        <AuthForm
          title="Set a new password"
          subtitle={delivery(f.codeDeliveryDetails) ?? 'Enter the code we sent you and a new password.'}
          submitLabel="Reset password"
          pendingLabel="Resetting…"
          after={<BackToSignIn resend />}
        />
      );
    case 'verifyUser':
      return (
        <AuthForm
          title="Verify your contact details"
          subtitle="Verified contact details let you reset your password. You can do it later."
          submitLabel="Send code"
          pendingLabel="Sending…"
          after={
            <div className="links">
              <Link onClick={() => f.skipVerification()} testId="skip">Skip</Link>
            </div>
          }
        />
      );
    case 'confirmVerifyUser':
      return (
        <AuthForm
          title="Enter the verification code"
          subtitle={delivery(f.codeDeliveryDetails)}
          submitLabel="Verify"
          pendingLabel="Verifying…"
          after={
            <div className="links">
              <Link onClick={() => f.skipVerification()} testId="skip">Skip</Link>
            </div>
          }
        />
      );
    case 'signInSelectAuthFactor':
      return (
        <AuthForm
          title={f.selectedAuthMethod === 'PASSWORD' ? 'Enter your password' : 'How do you want to sign in?'}
          fields={
            // As in Amplify UI, this route has no `fields`: the form is the app's.
            f.selectedAuthMethod === 'PASSWORD'
              ? [{ name: 'password', label: 'Password', type: 'password', isRequired: true, autocomplete: 'current-password' }]
              : [{ name: 'method', label: 'Sign-in method', type: 'radio', isRequired: true, options: f.availableChallenges }]
          }
          submitLabel="Continue"
          pendingLabel="Continuing…"
          after={<BackToSignIn />}
        />
      );
    case 'passkeyPrompt':
      return (
        <AuthForm
          title="Sign in faster with a passkey"
          subtitle="Passkeys use your device's screen lock (fingerprint, face or PIN) instead of a password. You can add one later too."
          submitLabel="Create a passkey"
          pendingLabel="Waiting for your device…"
          after={
            <div className="links">
              <Link onClick={() => f.skipVerification()} testId="skip">Continue without a passkey</Link>
            </div>
          }
        />
      );
    default:
      return <Fatal title="Unknown route" message={String(f.route)} />;
  }
}

function Loading({ text }) {
  return (
    <main className="card narrow center" aria-busy="true">
      <span className="spinner big" />
      <p className="muted">{text}</p>
    </main>
  );
}

function Header() {
  const authStatus = useAuthenticator((f) => [f.authStatus]).authStatus;
  const route = useAuthenticator((f) => [f.route]).route;
  return (
    <header className="top">
      <div className="brand">
        <span className="logo" aria-hidden="true" />
        <div>
          <strong>cognito-headless</strong>
          <span className="muted"> · React example</span>
        </div>
      </div>
      <div className="top-right">
        {demo.hasMfaPool && (
          <nav className="segmented small" aria-label="User pool">
            <a href={urlWith('pool', undefined)} className={poolChoice === 'main' ? 'on' : ''} data-testid="pool-main">
              Standard pool
            </a>
            <a href={urlWith('pool', 'mfa')} className={poolChoice === 'mfa' ? 'on' : ''} data-testid="pool-mfa">
              MFA required
            </a>
          </nav>
        )}
        <span className={`pill ${authStatus}`} data-testid="auth-status" data-route={route}>
          {authStatus}
        </span>
      </div>
    </header>
  );
}

export function App() {
  const route = useAuthenticator((f) => [f.route]).route;
  return (
    <div className="page" data-route={route}>
      <Header />
      <Route />
      <footer className="foot">
        {demo.isLocal ? (
          <p>
            Local Cognito (moto) at <code>{demo.endpoint}</code>. It accepts <strong>any</strong> SRP proof and{' '}
            <strong>any</strong> confirmation code: a wrong password is only refused in the USER_PASSWORD_AUTH flow. TOTP codes
            are checked.
          </p>
        ) : (
          <p>
            User pool <code>{demo.userPoolId}</code>
            {demo.region ? ` (${demo.region})` : ''}.
          </p>
        )}
        <p className="muted">Every screen here comes from one hook, useAuthenticator(); route: <code data-testid="route">{route}</code></p>
      </footer>
    </div>
  );
}
