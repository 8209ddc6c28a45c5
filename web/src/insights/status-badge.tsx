import { useState } from 'react';

import type { RunStatus } from '../api/api-types.js';
import { asSentence } from '../common/error-message.js';

const LABELS: Record<RunStatus, string> = { refreshing: 'Refreshing', successful: 'Successful', failed: 'Failed' };

/** The state of an insight's latest run; a failed run shows its reason on hover and on click. */
export function StatusBadge({ status, error }: { status: RunStatus; error: string | null }) {
  const [open, setOpen] = useState(false);
  if (status !== 'failed') {
    return (
      <span className={`badge badge-${status}`} data-status={status}>
        {status === 'refreshing' && <span className="spinner" aria-hidden="true" />}
        {LABELS[status]}
      </span>
    );
  }
  return (
    <span className="badge-with-reason">
      <button type="button" className="badge badge-failed" data-status={status} title={error ? asSentence(error) : undefined} aria-expanded={open} onClick={() => setOpen(!open)}>
        {LABELS.failed}
        <span className="visually-hidden">: show the reason</span>
      </button>
      {open && (
        <span className="failure-reason" role="status">
          {error ? asSentence(error) : 'The server gave no reason.'}
        </span>
      )}
    </span>
  );
}
