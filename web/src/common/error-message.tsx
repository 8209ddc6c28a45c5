import { ApiError } from '../api/api-client.js';

/** An error from the API or the network, in a live region so screen readers announce it. */
export function ErrorMessage({ error }: { error: Error | undefined | null }) {
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : 'network';
  return (
    <p role="alert" className="error" data-error-code={code}>
      {error instanceof ApiError ? error.message : `the server could not be reached (${error.message}). Check that it is running`}
    </p>
  );
}
