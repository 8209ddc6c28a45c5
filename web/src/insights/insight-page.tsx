import { useState } from 'react';

import { api, isOverlapResult } from '../api/api-client.js';
import type { DifferentiatorsChanges, InsightDetail, OverlapChanges } from '../api/api-types.js';
import { useApi } from '../api/use-api.js';
import { ConfirmDialog } from '../common/confirm-dialog.js';
import { asSentence, ErrorMessage } from '../common/error-message.js';
import { DifferentiatorsView } from '../differentiators/differentiators-view.js';
import { formatInstant } from '../format/number-format.js';
import { OverlapView } from '../overlap/overlap-view.js';
import { Link, navigate } from '../router.js';
import { KIND_LABELS } from './insight-list-page.js';
import { StatusBadge } from './status-badge.js';

/** One insight: the command bar, its state, and its latest successful result. */
export function InsightPage({ insightId }: { insightId: string }) {
  const insight = useApi(`insight:${insightId}`, () => api.insight(insightId), { pollWhile: (detail) => detail.status === 'refreshing' });
  const [commandError, setCommandError] = useState<Error>();
  const [confirmingDelete, setConfirmingDelete] = useState(false);

  const refresh = async () => {
    setCommandError(undefined);
    try {
      await api.refreshInsight(insightId);
      insight.reload();
    } catch (failure) {
      setCommandError(failure as Error);
    }
  };
  const remove = async () => {
    try {
      await api.deleteInsight(insightId);
      navigate('/insights');
    } catch (failure) {
      setConfirmingDelete(false);
      setCommandError(failure as Error);
    }
  };

  const detail = insight.data;
  return (
    <section aria-labelledby="insight-title" className="insight-page">
      <div className="command-bar" role="toolbar" aria-label="Insight commands">
        <Link to="/insights" className="button">
          ← Back
        </Link>
        <button type="button" onClick={() => void refresh()} disabled={!detail || detail.status === 'refreshing'}>
          Refresh
        </button>
        <button type="button" onClick={() => navigate(`/insights/${encodeURIComponent(insightId)}/edit`)} disabled={!detail}>
          Edit
        </button>
        <button type="button" className="danger" onClick={() => setConfirmingDelete(true)} disabled={!detail}>
          Delete
        </button>
      </div>
      <ErrorMessage error={insight.error ?? commandError} notFound={<>This insight was not found. It may have been deleted. <Link to="/insights">See all insights</Link>.</>} />
      {detail && <InsightHeader detail={detail} />}
      {detail && <InsightResult detail={detail} />}
      {confirmingDelete && detail && (
        <ConfirmDialog title={`Delete insight "${detail.name}"?`} confirmLabel="Delete insight" onConfirm={() => void remove()} onCancel={() => setConfirmingDelete(false)}>
          <p>The insight and its runs are deleted. Its segments and the profiles stay as they are.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function InsightHeader({ detail }: { detail: InsightDetail }) {
  return (
    <header className="insight-header">
      <h1 id="insight-title">{detail.displayName ?? detail.name}</h1>
      <p className="insight-meta">
        {detail.displayName && <span className="muted">{detail.name} · </span>}
        {KIND_LABELS[detail.kind]} · <StatusBadge status={detail.status} error={detail.error} /> · last refresh{' '}
        <span data-last-refresh>{formatInstant(detail.lastRefreshedAt)}</span>
      </p>
      {detail.description && <p className="description">{detail.description}</p>}
      {detail.stale && detail.result && detail.status !== 'refreshing' && (
        <p className="note" role="status" data-stale-notice>
          This result is out of date: {describeStaleSegments(detail.staleSegments ?? [])} since it was computed. Refresh to count
          again.
        </p>
      )}
      {detail.status === 'failed' && detail.result && (
        <p className="note" role="status">
          The latest refresh failed: {asSentence(detail.error ?? 'the server gave no reason')} The result below is from {formatInstant(detail.lastRefreshedAt)}.
        </p>
      )}
    </header>
  );
}

const STALE_CHANGES = { rule: 'rule changed', members: 'members changed', deleted: 'was deleted' } as const;

/** Lists the segments that changed, e.g. 'segment "Loyal" (rule changed)'. */
function describeStaleSegments(segments: NonNullable<InsightDetail['staleSegments']>): string {
  if (segments.length === 0) return 'its segments changed';
  const listed = segments.map((segment) => `segment "${segment.name}" ${STALE_CHANGES[segment.change]}`);
  return listed.join(', ');
}

/** Shows the reason of a run that failed before any run succeeded, the only thing there is to show. */
function FailedWithoutResult({ error }: { error: string | null }) {
  return (
    <div className="error" role="status" data-run-error>
      <p>
        <strong>The run failed, so there is no result yet.</strong> {error ? asSentence(error) : 'The server gave no reason.'}
      </p>
      <p>Fix what the message names, for example by editing the insight or its segments, then refresh.</p>
    </div>
  );
}

function InsightResult({ detail }: { detail: InsightDetail }) {
  const result = detail.result;
  if (!result) {
    if (detail.status === 'refreshing') return <p className="empty" role="status">Refreshing… the result appears here when the run finishes.</p>;
    if (detail.status === 'failed') return <FailedWithoutResult error={detail.error} />;
    return <p className="empty">No result yet.</p>;
  }
  return isOverlapResult(result) ? (
    <OverlapView insightId={detail.id} result={result} changes={detail.changes as OverlapChanges | null} />
  ) : (
    <DifferentiatorsView result={result} changes={detail.changes as DifferentiatorsChanges | null} />
  );
}
