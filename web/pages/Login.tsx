/** The login screen: an admin or viewer token, kept for this browser session only. */
import { useState } from 'preact/hooks';
import { ApiError } from '../data/api.js';
import { fetchSession, type Session } from '../data/session.js';

export function Login({ onLogin }: { onLogin: (token: string, name: string, session: Session) => void }) {
  const [token, setToken] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = (event: Event): void => {
    event.preventDefault();
    fetchSession(token.trim()).then(
      (session) => onLogin(token.trim(), name.trim(), session),
      (e: unknown) => setError(e instanceof ApiError && e.status === 401 ? 'This token is not accepted: use the admin or the viewer token of this server.' : e instanceof Error ? e.message : String(e)),
    );
  };
  return (
    <main id="main" class="login">
      <h1>launchwatch</h1>
      <form onSubmit={submit}>
        <p>This server asks for a token: the value of LAUNCHWATCH_ADMIN_TOKEN, or LAUNCHWATCH_VIEWER_TOKEN to look without changing anything. It is kept for this browser tab's session only.</p>
        <label for="token">Token</label>
        <input id="token" type="password" autocomplete="current-password" value={token} onInput={(e) => setToken(e.currentTarget.value)} required />
        <label for="name">Your name (recorded on acknowledgements and updates)</label>
        <input id="name" type="text" autocomplete="name" value={name} onInput={(e) => setName(e.currentTarget.value)} maxLength={200} />
        <button type="submit">Sign in</button>
        {error && (
          <p class="note note-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
