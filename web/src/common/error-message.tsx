import { useState, type FormEvent, type ReactNode } from 'react';

import { accessToken, ApiError, setAccessToken } from '../api/api-client.js';

interface ErrorMessageProps {
  error: Error | undefined | null;
  /** Message shown in place of the API's wording when the thing the page shows does not exist (a 404). */
  notFound?: ReactNode;
}

/**
 * Shows an error in a live region, so screen readers announce it. Access problems and missing
 * pages are worded for the person using the app. Other API errors keep the server's message,
 * because it names the data at fault. A rejected token offers a field to enter another.
 */
export function ErrorMessage({ error, notFound }: ErrorMessageProps) {
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : error.name === 'NetworkError' ? 'network' : 'local';
  const message = code === 'not-found' && notFound ? notFound : errorText(error);
  return (
    <div role="alert" className="error" data-error-code={code}>
      <p>{message}</p>
      {(code === 'unauthorized' || code === 'forbidden') && <TokenForm />}
    </div>
  );
}

/** Words an error for the app: a sentence that starts with a capital and ends with a full stop. */
export function errorText(error: Error): string {
  if (error instanceof ApiError && error.code === 'unauthorized') {
    return accessToken()
      ? 'The access token this tab uses was not accepted. Enter a valid token.'
      : 'This server asks for an access token. Enter the token you were given.';
  }
  if (error instanceof ApiError && error.code === 'forbidden') {
    return 'Your access token lets you view insights but not change them. Enter an editor token to make changes.';
  }
  return asSentence(error.message);
}

/** Turns an API message, written in lower case without a full stop so logs can embed it, into a sentence. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  const capitalised = trimmed[0]?.toUpperCase() + trimmed.slice(1);
  return /[.!?…]$/.test(capitalised) ? capitalised : `${capitalised}.`;
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
