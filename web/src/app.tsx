import type { ReactNode } from 'react';

import { InsightEditorPage } from './insights/insight-editor-page.js';
import { InsightListPage } from './insights/insight-list-page.js';
import { InsightPage } from './insights/insight-page.js';
import { Link, matchPath, usePath } from './router.js';
import { SegmentEditorPage } from './segments/segment-editor-page.js';
import { SegmentListPage } from './segments/segment-list-page.js';

export function App() {
  const path = usePath();
  const tab = path.startsWith('/segments') ? 'segments' : 'insights';
  return (
    <>
      <header className="app-header">
        <nav aria-label="Sections" className="tabs">
          <span className="app-title">Segments ›</span>
          <Link to="/segments" className="tab" aria-current={tab === 'segments' ? 'page' : undefined}>
            Segments
          </Link>
          <Link to="/insights" className="tab" aria-current={tab === 'insights' ? 'page' : undefined}>
            Insights
          </Link>
        </nav>
      </header>
      <main className="app-main">{screenFor(path)}</main>
    </>
  );
}

function screenFor(path: string): ReactNode {
  if (matchPath('/segments', path)) return <SegmentListPage />;
  if (matchPath('/segments/new', path)) return <SegmentEditorPage />;
  const segment = matchPath('/segments/:id', path);
  if (segment) return <SegmentEditorPage key={segment.id} segmentId={segment.id ?? ''} />;

  if (matchPath('/insights/new', path)) return <InsightEditorPage />;
  const edited = matchPath('/insights/:id/edit', path);
  if (edited) return <InsightEditorPage key={edited.id} insightId={edited.id ?? ''} />;
  const insight = matchPath('/insights/:id', path);
  if (insight) return <InsightPage key={insight.id} insightId={insight.id ?? ''} />;
  return <InsightListPage />;
}
