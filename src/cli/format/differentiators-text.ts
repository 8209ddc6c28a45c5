import type {
  AttributeDifferentiator,
  DifferentiatorsResult,
  GroupSummary,
  ValueComparison,
} from '../../analyses/differentiators/differentiators-result.js';
import { largestRemainderPercentages } from '../../core/percentages.js';
import { formatPValue } from '../../stats/chi-square-distribution.js';
import { formatNumber } from '../../stats/quantile-bins.js';
import { formatCount, formatPercent, formatRatio, renderTable } from '../text-table.js';

/**
 * Formats the differentiators for people: a header with the group sizes, the ranked attribute
 * table, the attributes left out, then one value table per attribute with its summary and test.
 */
export function formatDifferentiatorsText(result: DifferentiatorsResult): string {
  const sections = [
    headerLines(result),
    rankingTable(result.attributes),
    ...(result.excluded.length > 0 ? [excludedLine(result)] : []),
    ...result.attributes.map((attribute) => attributeSection(attribute)),
  ];
  return sections.join('\n\n') + '\n';
}

/** Finds the value with the largest positive share difference (segment minus baseline), if any. */
export function mostOverRepresented(attribute: AttributeDifferentiator): ValueComparison | undefined {
  let best: ValueComparison | undefined;
  for (const row of attribute.values) {
    if (row.difference > 0 && (best === undefined || row.difference > best.difference)) best = row;
  }
  return best;
}

/** Shows a p-value with its Benjamini–Hochberg adjusted value, or why the test did not run. */
export function formatTestedPValue(attribute: AttributeDifferentiator): string {
  if (attribute.pValue === null) return 'not tested';
  const adjusted = formatPValue(attribute.adjustedPValue, attribute.adjustedPValueUnderflow);
  return `${formatPValue(attribute.pValue, attribute.pValueUnderflow)} (${adjusted})`;
}

function headerLines(result: DifferentiatorsResult): string {
  const { segment, baseline, tested } = result;
  const leftOut = tested.leftOut > 0 ? `, ${formatCount(tested.leftOut)} customers in both left out` : '';
  return [
    `Differentiators of "${segment.name}" (${formatCount(segment.size)} customers) against ` +
      `${baselineLabel(result)} (${formatCount(baseline.size)} customers) in "${result.source}" ` +
      `(${formatCount(result.profiles)} profiles).`,
    `Tests compare ${formatCount(tested.segment)} segment customers with ${formatCount(tested.baseline)} ` +
      `baseline customers outside the segment${leftOut}. Adjusted p-values (Benjamini–Hochberg) are in parentheses.`,
  ].join('\n');
}

function baselineLabel(result: DifferentiatorsResult): string {
  if (result.baseline.kind === 'segment') return `segment "${result.baseline.name}"`;
  return result.baseline.kind === 'all' ? 'all customers' : 'the rest';
}

function rankingTable(attributes: readonly AttributeDifferentiator[]): string {
  const rows = attributes.map((attribute, index) => {
    const top = mostOverRepresented(attribute);
    return [
      String(index + 1),
      attribute.field,
      attribute.influence.toFixed(3),
      formatTestedPValue(attribute),
      significanceLabel(attribute),
      top ? `${top.label} (${top.lift === null ? 'none in baseline' : formatRatio(top.lift)})` : '-',
    ];
  });
  return renderTable(
    [
      { header: 'Rank', align: 'right' },
      { header: 'Attribute' },
      { header: 'Influence', align: 'right' },
      { header: 'p-value (adjusted)', align: 'right' },
      { header: 'Significant' },
      { header: 'Most over-represented (lift)' },
    ],
    rows,
  );
}

function significanceLabel(attribute: AttributeDifferentiator): string {
  if (attribute.pValue === null) return '-';
  const answer = attribute.significant ? 'yes' : 'no';
  return attribute.lowSupport ? `${answer} (low support)` : answer;
}

function excludedLine(result: DifferentiatorsResult): string {
  return `Left out: ${result.excluded.map((entry) => `${entry.field} (${entry.reason})`).join(', ')}.`;
}

function attributeSection(attribute: AttributeDifferentiator): string {
  const lines = [`${attribute.field} (${describeBinning(attribute)})`, valueTable(attribute)];
  if (attribute.summary) lines.push(summaryLine(attribute));
  lines.push(testLine(attribute));
  return lines.join('\n');
}

function describeBinning(attribute: AttributeDifferentiator): string {
  const binning = attribute.binning;
  switch (binning.kind) {
    case 'values':
      return binning.foldedValues > 0
        ? `${attribute.type}, top ${binning.distinctValues - binning.foldedValues} of ${binning.distinctValues} values`
        : attribute.type;
    case 'quantiles':
      return `${attribute.type}, bins cut at the baseline's ${binning.bins}-quantiles`;
    case 'periods':
      return `${attribute.type}, by ${binning.unit}`;
  }
}

function valueTable(attribute: AttributeDifferentiator): string {
  const segmentPercents = largestRemainderPercentages(attribute.values.map((row) => row.segmentCount));
  const baselinePercents = largestRemainderPercentages(attribute.values.map((row) => row.baselineCount));
  const rows = attribute.values.map((row, index) => [
    row.lowSupport ? `${row.label} *` : row.label,
    formatCount(row.segmentCount),
    formatPercent(segmentPercents[index] ?? 0),
    formatCount(row.baselineCount),
    formatPercent(baselinePercents[index] ?? 0),
    `${row.difference >= 0 ? '+' : ''}${row.difference.toFixed(1)}`,
    formatRatio(row.lift),
  ]);
  const table = renderTable(
    [
      { header: 'Value' },
      { header: 'Segment', align: 'right' },
      { header: '%', align: 'right' },
      { header: 'Baseline', align: 'right' },
      { header: '%', align: 'right' },
      { header: 'Diff (pts)', align: 'right' },
      { header: 'Lift', align: 'right' },
    ],
    rows,
  );
  const marked = attribute.values.some((row) => row.lowSupport);
  return marked ? `${table}\n* low support: few customers have this value` : table;
}

function summaryLine(attribute: AttributeDifferentiator): string {
  const summary = attribute.summary;
  if (!summary) return '';
  const difference = summary.standardizedMeanDifference;
  return (
    `Mean / median / SD: segment ${describeGroup(summary.segment)}; baseline ${describeGroup(summary.baseline)}; ` +
    `standardized mean difference ${difference === null ? 'n/a' : difference.toFixed(2)}`
  );
}

function describeGroup(group: GroupSummary): string {
  const show = (value: number | null): string => (value === null ? 'n/a' : formatNumber(value));
  return `${show(group.mean)} / ${show(group.median)} / ${show(group.standardDeviation)}`;
}

function testLine(attribute: AttributeDifferentiator): string {
  if (attribute.notTestableReason !== null) return `Test: ${attribute.notTestableReason}.`;

  const parts = [
    `chi-square ${formatNumber(attribute.statistic ?? 0)}`,
    `df ${attribute.degreesOfFreedom}`,
    `p ${attribute.pValueUnderflow ? '' : '= '}${formatPValue(attribute.pValue, attribute.pValueUnderflow)}`,
    `Cramér's V ${attribute.effectSize.toFixed(3)}`,
  ];
  if (attribute.pooledValues > 0) parts.push(`${attribute.pooledValues} sparse values pooled`);
  if (attribute.sparse) parts.push('approximate: some expected counts are below 5');
  return `Test: ${parts.join(', ')}.`;
}
