import { useMemo, useState } from 'react';

import type { Breakdown, OverlapChanges, OverlapResult } from '../api/api-types.js';
import { formatInstant } from '../format/number-format.js';
import { BreakdownPanel } from './breakdown-panel.js';
import { EulerDiagram } from './euler-diagram.js';
import { HeadlineNumbers, type HeadlinePrevious } from './headline-numbers.js';
import { RegionActions } from './region-actions.js';
import { regionKey, regionRows } from './region-rows.js';
import { RegionTable } from './region-table.js';
import { UpSetPlot } from './upset-plot.js';
import { useRegionSelection } from './use-region-selection.js';

/** Most segments drawn as an Euler diagram; more get an UpSet plot. */
const MAX_EULER_SEGMENTS = 3;

interface OverlapViewProps {
  insightId: string;
  result: OverlapResult;
  changes: OverlapChanges | null;
}

/** Shows an overlap result: headline numbers, a diagram, the regions, and a tab per breakdown field. */
export function OverlapView({ insightId, result, changes }: OverlapViewProps) {
  const previousCounts = useMemo(() => previousRegionCounts(changes), [changes]);
  const rows = useMemo(() => regionRows(result, previousCounts), [result, previousCounts]);
  const selection = useRegionSelection(rows);
  const [tab, setTab] = useState(0);
  const eulerPossible = result.segments.length <= MAX_EULER_SEGMENTS;
  const [diagram, setDiagram] = useState<'euler' | 'upset'>(eulerPossible ? 'euler' : 'upset');

  const tabs = ['Overall', ...result.breakdowns.map((entry) => entry.field)];
  const breakdown = tab > 0 ? result.breakdowns[tab - 1] : undefined;
  return (
    <div className="overlap-view" data-view="overlap">
      {changes && <p className="muted changes-note">Changes are since the refresh of {formatInstant(changes.previousRun.finishedAt)}.</p>}
      <HeadlineNumbers headline={result} previous={headlinePrevious(result, changes, previousCounts)} label="Overlap numbers" />
      <section aria-label="Diagram" className="diagram">
        {eulerPossible && (
          <div className="segmented" role="radiogroup" aria-label="Diagram type">
            <label>
              <input type="radio" name="diagram" checked={diagram === 'euler'} onChange={() => setDiagram('euler')} /> Euler diagram
            </label>
            <label>
              <input type="radio" name="diagram" checked={diagram === 'upset'} onChange={() => setDiagram('upset')} /> UpSet plot
            </label>
          </div>
        )}
        {diagram === 'euler' && eulerPossible ? (
          <EulerDiagram source={result} selected={selection.keys} onSelect={selection.toggleSegments} />
        ) : (
          <UpSetPlot source={result} selected={selection.keys} onSelect={selection.toggleSegments} />
        )}
      </section>
      <div role="tablist" aria-label="Breakdown" className="tab-list">
        {tabs.map((label, index) => (
          <button key={label} type="button" role="tab" id={`tab-${index}`} aria-selected={tab === index} aria-controls={`panel-${index}`} tabIndex={tab === index ? 0 : -1} onClick={() => setTab(index)} onKeyDown={(event) => moveTab(event.key, index, tabs.length, setTab)}>
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
        {tab === 0 ? (
          <>
            <RegionTable caption="Regions" rows={rows} selected={selection.keys} onToggle={selection.toggle} showChanges={changes !== null} />
            <RegionActions insightId={insightId} rows={selection.rows} onClear={selection.clear} />
          </>
        ) : (
          <BreakdownPanel key={tab} insightId={insightId} breakdown={breakdown as Breakdown} change={changes?.breakdowns.find((entry) => entry.field === breakdown?.field)} />
        )}
      </div>
    </div>
  );
}

/** Arrow keys move between tabs, as in the WAI-ARIA tabs pattern; focus follows. */
function moveTab(key: string, index: number, count: number, setTab: (index: number) => void): void {
  const targets: Record<string, number> = { ArrowRight: (index + 1) % count, ArrowLeft: (index - 1 + count) % count, Home: 0, End: count - 1 };
  const next = targets[key];
  if (next === undefined) return;
  setTab(next);
  document.getElementById(`tab-${next}`)?.focus();
}

/** Region counts at the previous refresh by region key, the none row included. */
function previousRegionCounts(changes: OverlapChanges | null): Map<string, number> | undefined {
  if (!changes) return undefined;
  const counts = new Map(changes.regions.map((region) => [regionKey(region.segments), region.previous]));
  counts.set(regionKey([]), changes.none.previous);
  return counts;
}

function headlinePrevious(result: OverlapResult, changes: OverlapChanges | null, previousCounts: ReadonlyMap<string, number> | undefined): HeadlinePrevious {
  if (!changes || !previousCounts) return {};
  const names = result.segments.map((segment) => segment.name);
  const sumPrevious = (keep: (segments: string[]) => boolean) =>
    changes.regions.filter((region) => keep(region.segments)).reduce((total, region) => total + region.previous, 0);
  return {
    profiles: changes.profiles.previous,
    none: changes.none.previous,
    union: sumPrevious(() => true),
    atLeastTwo: sumPrevious((segments) => segments.length >= 2),
    inAll: previousCounts.get(regionKey(names)) ?? 0,
    segments: changes.segments.map((segment) => ({ size: segment.previous, only: previousCounts.get(regionKey([segment.name])) ?? 0 })),
  };
}
