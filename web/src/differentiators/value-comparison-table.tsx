import { useId, useMemo } from 'react';

import type { AttributeDifferentiator, GroupSummary } from '../api/api-types.js';
import { ScrollArea } from '../common/scroll-area.js';
import { largestRemainderPercentages } from '../format/largest-remainder.js';
import { formatCount, formatMeasure, formatPercent, formatRatio, formatSignedPoints } from '../format/number-format.js';

interface ValueComparisonTableProps {
  attribute: AttributeDifferentiator;
  segmentName: string;
  baselineName: string;
}

/**
 * Shows the segment's and the baseline's shares of each value (or bin, or period) side by side, with
 * the difference in points and the lift. Each column of shares is a partition, so its displayed
 * percentages add up to 100. Labels are the API's, so dates read as written.
 */
export function ValueComparisonTable({ attribute, segmentName, baselineName }: ValueComparisonTableProps) {
  const titleId = useId();
  const percents = useMemo(
    () => ({
      segment: largestRemainderPercentages(attribute.values.map((value) => value.segmentCount)),
      baseline: largestRemainderPercentages(attribute.values.map((value) => value.baselineCount)),
    }),
    [attribute],
  );
  const maxShare = Math.max(0.0001, ...attribute.values.flatMap((value) => [value.segmentShare, value.baselineShare]));

  return (
    <>
      <ScrollArea
        label={`Shares of each ${attribute.field} value`}
        hint="Scroll sideways to see all columns."
        title={`Shares of each ${attribute.field} value: ${segmentName} against ${baselineName}`}
        titleId={titleId}
      >
        <table className="data-table comparison-table" aria-labelledby={titleId}>
          <thead>
            <tr>
              <th scope="col">Value</th>
              <th scope="col">{segmentName}</th>
              <th scope="col">Baseline</th>
              <th scope="col" className="number">
                Difference
              </th>
              <th scope="col" className="number">
                <abbr title="Share in the segment over share in the baseline">Lift</abbr>
              </th>
            </tr>
          </thead>
          <tbody>
            {attribute.values.map((value, index) => (
              <tr key={`${value.kind}:${value.label}`} data-value={value.label} className={value.lowSupport ? 'low-support' : undefined}>
                <th scope="row">
                  {value.label}
                  {value.lowSupport && <span className="muted" title="Few customers have this value"> (few)</span>}
                </th>
                <td>
                  <ShareBar percent={percents.segment[index] ?? 0} share={value.segmentShare} maxShare={maxShare} count={value.segmentCount} kind="segment" />
                </td>
                <td>
                  <ShareBar percent={percents.baseline[index] ?? 0} share={value.baselineShare} maxShare={maxShare} count={value.baselineCount} kind="baseline" />
                </td>
                <td className="number" data-difference>
                  {formatSignedPoints(value.difference)} pts
                </td>
                <td className="number" data-lift>
                  {formatRatio(value.lift)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollArea>
      {attribute.summary && <NumericSummaryTable segmentName={segmentName} segment={attribute.summary.segment} baseline={attribute.summary.baseline} />}
    </>
  );
}

function ShareBar({ percent, share, maxShare, count, kind }: { percent: number; share: number; maxShare: number; count: number; kind: 'segment' | 'baseline' }) {
  return (
    <span className="share-cell" title={`${formatCount(count)} customers`}>
      <span className="bar-track" aria-hidden="true">
        <span className={`bar bar-${kind}`} style={{ width: `${(100 * share) / maxShare}%` }} />
      </span>
      <span className="share-value">{formatPercent(percent)}</span>
    </span>
  );
}

function NumericSummaryTable({ segmentName, segment, baseline }: { segmentName: string; segment: GroupSummary; baseline: GroupSummary }) {
  const titleId = useId();
  return (
    <ScrollArea label="Mean, median and standard deviation" hint="Scroll sideways to see all columns." title="Mean, median and standard deviation" titleId={titleId}>
    <table className="data-table summary-table" aria-labelledby={titleId}>
      <thead>
        <tr>
          <th scope="col">Group</th>
          <th scope="col" className="number">
            With a value
          </th>
          <th scope="col" className="number">
            Mean
          </th>
          <th scope="col" className="number">
            Median
          </th>
          <th scope="col" className="number">
            Standard deviation
          </th>
        </tr>
      </thead>
      <tbody>
        {[
          { name: segmentName, summary: segment },
          { name: 'Baseline', summary: baseline },
        ].map(({ name, summary }) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td className="number">{formatCount(summary.count)}</td>
            <td className="number">{formatMeasure(summary.mean)}</td>
            <td className="number">{formatMeasure(summary.median)}</td>
            <td className="number">{formatMeasure(summary.standardDeviation)}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </ScrollArea>
  );
}
