import { api } from '../api/api-client.js';
import type { InsightSummary } from '../api/api-types.js';
import { useApi } from '../api/use-api.js';
import { ErrorMessage } from '../common/error-message.js';
import { formatInstant } from '../format/number-format.js';
import { Link } from '../router.js';
import { StatusBadge } from './status-badge.js';

export const KIND_LABELS = { overlap: 'Overlap', differentiators: 'Differentiators' } as const;

const anyRefreshing = (insights: InsightSummary[]) => insights.some((insight) => insight.status === 'refreshing');

/** The saved insights; the list reloads every second while any of them is refreshing. */
export function InsightListPage() {
  const insights = useApi('insights', api.insights, { pollWhile: anyRefreshing });
  return (
    <section aria-labelledby="insights-title">
      <div className="page-title">
        <h1 id="insights-title">Insights</h1>
        <Link to="/insights/new" className="button primary">
          New insight
        </Link>
      </div>
      <ErrorMessage error={insights.error} />
      {insights.data && <InsightTable insights={insights.data} />}
    </section>
  );
}

function InsightTable({ insights }: { insights: InsightSummary[] }) {
  if (insights.length === 0) return <p className="empty">No insights yet. Create one to compare segments.</p>;
  return (
    <div className="table-scroll">
      <table className="data-table stack-on-narrow insight-table" aria-labelledby="insights-title">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Display name</th>
            <th scope="col">Type</th>
            <th scope="col">Status</th>
            <th scope="col">Last refresh</th>
          </tr>
        </thead>
        <tbody>
          {insights.map((insight) => (
            <tr key={insight.id} data-insight={insight.name}>
              <th scope="row">
                <Link to={`/insights/${encodeURIComponent(insight.id)}`}>{insight.name}</Link>
              </th>
              <td data-label="Display name">{insight.displayName ?? <span className="muted">–</span>}</td>
              <td data-label="Type">{KIND_LABELS[insight.kind]}</td>
              <td data-label="Status">
                <StatusBadge status={insight.status} error={insight.error} />
              </td>
              <td data-label="Last refresh">{formatInstant(insight.lastRefreshedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
