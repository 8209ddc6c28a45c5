import { useState, type FormEvent } from 'react';

import { ApiError, setAccessToken } from '../api/api-client.js';

/**
 * Shows an error from the API or the network in a live region, so screen readers announce it.
 * A request rejected for a missing or unknown token offers a field to enter one.
 */
export function ErrorMessage({ error }: { error: Error | undefined | null }) {
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : 'network';
  return (
    <div role="alert" className="error" data-error-code={code}>
      <p>{error instanceof ApiError ? error.message : `the server could not be reached (${error.message}). Check that it is running`}</p>
      {code === 'unauthorized' && <TokenForm />}
    </div>
  );
}

/** Keeps the token for this browser tab only, then reloads the page with it. */
function TokenForm() {
  const [token, setToken] = useState('');
  const save = (event: FormEvent) => {
    event.preventDefault();
    setAccessToken(token.trim());
    window.location.reload();
  };
  return (
    <form onSubmit={save} className="inline-form">
      <label className="field">
        Access token
        <input type="password" value={token} onChange={(event) => setToken(event.target.value)} autoComplete="off" required />
      </label>
      <button type="submit">Use this token</button>
    </form>
  );
}
