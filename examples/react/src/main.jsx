import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createAuth } from 'cognito-headless';
import { AuthenticatorProvider } from 'cognito-headless/react';
import { App, Fatal } from './App.jsx';
import { AuthContext } from './auth-context.js';
import { authConfig, configProblem } from './config.js';
import './styles.css';

const root = createRoot(document.getElementById('root'));

async function start() {
  const problem = configProblem();
  if (problem) {
    root.render(<Fatal title="The app is not configured" message={problem} />);
    return;
  }
  let auth;
  try {
    // Resolves once the stored session is restored (no network call while the tokens are valid).
    auth = await createAuth(authConfig());
  } catch (e) {
    root.render(<Fatal title="createAuth failed" message={`${e?.name ?? 'Error'}: ${e?.message ?? e}`} />);
    return;
  }
  root.render(
    <StrictMode>
      <AuthContext.Provider value={auth}>
        <AuthenticatorProvider auth={auth}>
          <App />
        </AuthenticatorProvider>
      </AuthContext.Provider>
    </StrictMode>,
  );
}

start();
