import { largestRemainderPercentages } from '../../core/percentages.js';
import type { BreakdownRow, OverlapCounts, OverlapResult } from '../../analyses/overlap/overlap-result.js';
import { formatCount, formatFieldValue, formatPercent, formatRatio, renderTable } from '../text-table.js';

/** Region columns shown per breakdown value; the JSON output has all of them. */
const MAX_REGION_COLUMNS = 8;

/** Rows of the region table; 16 segments can have tens of thousands of regions. */
const MAX_REGION_ROWS = 40;

export function formatOverlapText(result: OverlapResult): string {
  const sections = [
    `Overlap of ${result.segments.length} segments in "${result.source}": ${formatCount(result.profiles)} profiles, ` +
      `${formatCount(result.union)} in at least one segment, ${formatCount(result.none)} in none.`,
    segmentTable(result),
    regionTable(result),
    summaryLine(result),
    pairTable(result),
    ...result.breakdowns.map((breakdown) => {
      const note = breakdown.truncated
        ? ` (top ${breakdown.values.length - 1} of ${formatCount(breakdown.distinctValues)} values; the rest are folded into "(other)")`
        : '';
      return `By ${breakdown.field}${note}\n${breakdownTable(result, breakdown.values)}`;
    }),
  ];
  return sections.join('\n\n') + '\n';
}

export const regionLabel = (segments: readonly string[]): string => segments.join(' & ');

function segmentTable(result: OverlapCounts): string {
  const rows = result.segments.map((segment) => [segment.name, formatCount(segment.size), formatCount(segment.only)]);
  return renderTable(
    [{ header: 'Segment' }, { header: 'Size', align: 'right' }, { header: 'Only in this one', align: 'right' }],
    rows,
  );
}

function regionTable(result: OverlapCounts): string {
  const counts = [...result.regions.map((region) => region.count), result.none];
  const ofProfiles = largestRemainderPercentages(counts);
  const ofUnion = largestRemainderPercentages(result.regions.map((region) => region.count));

  const shown = result.regions.slice(0, MAX_REGION_ROWS);
  const rows = shown.map((region, index) => [
    regionLabel(region.segments),
    formatCount(region.count),
    formatPercent(ofUnion[index] ?? 0),
    formatPercent(ofProfiles[index] ?? 0),
  ]);
  const hidden = result.regions.slice(MAX_REGION_ROWS);
  if (hidden.length > 0) {
    const hiddenCount = hidden.reduce((sum, region) => sum + region.count, 0);
    rows.push([`(${formatCount(hidden.length)} smaller regions; all are in --format json or csv)`, formatCount(hiddenCount), '', '']);
  }
  rows.push(['(none of them)', formatCount(result.none), '', formatPercent(ofProfiles[counts.length - 1] ?? 0)]);

  return renderTable(
    [
      { header: 'Region (exactly these segments)' },
      { header: 'Customers', align: 'right' },
      { header: '% of union', align: 'right' },
      { header: '% of profiles', align: 'right' },
    ],
    rows,
  );
}

function summaryLine(result: OverlapCounts): string {
  return (
    `In all ${result.segments.length}: ${formatCount(result.inAll)}. ` +
    `In at least two: ${formatCount(result.atLeastTwo)}. Union: ${formatCount(result.union)}.`
  );
}

function pairTable(result: OverlapCounts): string {
  const rows = result.pairs.map((pair) => [
    regionLabel(pair.segments),
    formatCount(pair.intersection),
    formatRatio(pair.jaccard, 3),
    formatRatio(pair.lift),
  ]);
  return renderTable(
    [
      { header: 'Pair' },
      { header: 'In both (any others too)', align: 'right' },
      { header: 'Jaccard', align: 'right' },
      { header: 'Lift', align: 'right' },
    ],
    rows,
  );
}

/**
 * Breakdown tables name regions by letters (A & B) with a legend, because full segment names in
 * every column header make the table too wide for a terminal.
 */
function breakdownTable(result: OverlapResult, values: readonly BreakdownRow[]): string {
  const regions = result.regions.slice(0, MAX_REGION_COLUMNS);
  const hidden = result.regions.length - regions.length;
  const letters = new Map(result.segments.map((segment, index) => [segment.name, segmentLetter(index)]));
  const shortLabel = (segments: readonly string[]) => segments.map((name) => letters.get(name)).join('&');

  const rows = values.map((value) => {
    const byRegion = new Map(value.regions.map((region) => [regionLabel(region.segments), region.count]));
    return [
      value.folded ? `(other: ${formatCount(value.foldedValues ?? 0)} values)` : formatFieldValue(value.value),
      formatCount(value.profiles),
      formatCount(value.union),
      ...regions.map((region) => formatCount(byRegion.get(regionLabel(region.segments)) ?? 0)),
      formatCount(value.none),
    ];
  });

  const table = renderTable(
    [
      { header: 'Value' },
      { header: 'Profiles', align: 'right' },
      { header: 'Union', align: 'right' },
      ...regions.map((region) => ({ header: shortLabel(region.segments), align: 'right' as const })),
      { header: 'None', align: 'right' },
    ],
    rows,
  );
  const legend = result.segments.map((segment) => `${letters.get(segment.name)} = ${segment.name}`).join(', ');
  const note = hidden > 0 ? `\n(${hidden} smaller regions are in --format json or csv)` : '';
  return `Columns are exact regions (A&B: in A and B and no other), with ${legend}\n${table}${note}`;
}

/** A, B, …, Z, then A2, B2, … for more than 26 segments. */
function segmentLetter(index: number): string {
  const letter = String.fromCharCode(65 + (index % 26));
  return index < 26 ? letter : `${letter}${Math.floor(index / 26) + 1}`;
}
