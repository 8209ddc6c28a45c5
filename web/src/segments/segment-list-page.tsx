import { useState } from 'react';

import { api, ApiError } from '../api/api-client.js';
import type { Segment } from '../api/api-types.js';
import { useApi } from '../api/use-api.js';
import { ConfirmDialog } from '../common/confirm-dialog.js';
import { ErrorMessage } from '../common/error-message.js';
import { formatCount } from '../format/number-format.js';
import { Link } from '../router.js';

export function SegmentListPage() {
  const segments = useApi('segments', api.segments);
  const [deleting, setDeleting] = useState<Segment>();

  return (
    <section aria-labelledby="segments-title">
      <div className="page-title">
        <h1 id="segments-title">Segments</h1>
        <Link to="/segments/new" className="button primary">
          New segment
        </Link>
      </div>
      <ErrorMessage error={segments.error} />
      {segments.data && <SegmentTable segments={segments.data} onDelete={setDeleting} />}
      {deleting && (
        <DeleteSegmentDialog
          segment={deleting}
          onClose={(deleted) => {
            setDeleting(undefined);
            if (deleted) segments.reload();
          }}
        />
      )}
    </section>
  );
}

function SegmentTable({ segments, onDelete }: { segments: Segment[]; onDelete: (segment: Segment) => void }) {
  if (segments.length === 0) return <p className="empty">No segments yet. Create one to start.</p>;
  return (
    <div className="table-scroll">
      <table className="data-table stack-on-narrow segment-table" aria-labelledby="segments-title">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Definition</th>
            <th scope="col" className="number">
              Members
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {segments.map((segment) => (
            <tr key={segment.id} data-segment={segment.name}>
              <th scope="row">
                <Link to={`/segments/${encodeURIComponent(segment.id)}`}>{segment.name}</Link>
                {segment.description && <div className="muted">{segment.description}</div>}
              </th>
              <td data-label="Definition">
                {segment.kind === 'rule' ? <code className="rule-text">{segment.ruleText}</code> : <span className="muted">member list</span>}
              </td>
              <td className="number" data-label="Members" data-member-count>
                {segment.memberCount === null ? <span title={segment.problem ?? ''}>not counted</span> : formatCount(segment.memberCount)}
              </td>
              <td className="actions">
                <Link to={`/segments/${encodeURIComponent(segment.id)}`} className="button">
                  Edit<span className="visually-hidden"> {segment.name}</span>
                </Link>
                <button type="button" onClick={() => onDelete(segment)}>
                  Delete<span className="visually-hidden"> {segment.name}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Deletes a segment. When insights use it the server refuses and lists them; the dialog then
 * names them and offers to delete them with the segment.
 */
function DeleteSegmentDialog({ segment, onClose }: { segment: Segment; onClose: (deleted: boolean) => void }) {
  const [error, setError] = useState<Error>();
  const [usedBy, setUsedBy] = useState<{ id: string; name: string }[]>();
  const [busy, setBusy] = useState(false);

  const remove = async () => {
    setBusy(true);
    try {
      await api.deleteSegment(segment.id, usedBy !== undefined);
      onClose(true);
    } catch (failure) {
      const insights = failure instanceof ApiError && failure.code === 'conflict' ? failure.details.insights : undefined;
      if (Array.isArray(insights) && insights.length > 0) {
        setUsedBy(insights as { id: string; name: string }[]);
        setError(undefined);
      } else {
        setError(failure as Error);
      }
      setBusy(false);
    }
  };

  const insightCount = usedBy ? `${usedBy.length} insight${usedBy.length === 1 ? '' : 's'}` : '';
  return (
    <ConfirmDialog
      title={`Delete segment "${segment.name}"?`}
      confirmLabel={usedBy ? `Delete the segment and ${insightCount}` : 'Delete'}
      onConfirm={() => void remove()}
      onCancel={() => onClose(false)}
      busy={busy}
    >
      <p>The segment's definition is removed. Profiles are not changed.</p>
      {usedBy && (
        <div className="note" role="alert" data-used-by>
          <p>
            {usedBy.length === 1 ? 'This insight uses the segment' : `These ${insightCount} use the segment`}, so deleting the segment deletes{' '}
            {usedBy.length === 1 ? 'it' : 'them'} too:
          </p>
          <ul>
            {usedBy.map((insight) => (
              <li key={insight.id}>{insight.name}</li>
            ))}
          </ul>
          <p>To keep {usedBy.length === 1 ? 'it' : 'them'}, cancel and change {usedBy.length === 1 ? 'that insight' : 'those insights'} first.</p>
        </div>
      )}
      <ErrorMessage error={error} />
    </ConfirmDialog>
  );
}
