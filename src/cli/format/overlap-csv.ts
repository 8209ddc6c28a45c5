import type { OverlapCounts, OverlapResult, ValueCounts } from '../../analyses/overlap/overlap-result.js';
import { csvLine } from './csv-writer.js';

/**
 * The overlap as tidy CSV, one number per line: `kind` names the number (profiles, none, size,
 * only, region, intersection), `segments` the segments it is about joined with " & ", and
 * `field`/`value` the breakdown value it is within (empty for the overall numbers; a missing value
 * is written as an empty cell with `value_missing` true).
 */
export function formatOverlapCsv(result: OverlapResult): string {
  const lines = [csvLine(['field', 'value', 'value_missing', 'kind', 'segments', 'count'])];
  lines.push(...countLines(result, null, null));
  for (const breakdown of result.breakdowns) {
    for (const row of breakdown.values) lines.push(...countLines(row, breakdown.field, row.value));
  }
  return lines.join('\n') + '\n';
}

function countLines(
  counts: ValueCounts & Partial<Pick<OverlapCounts, 'intersections'>>,
  field: string | null,
  value: string | number | boolean | null,
): string[] {
  const scope = [field, value, field !== null && value === null];
  const line = (kind: string, segments: readonly string[], count: number): string =>
    csvLine([...scope, kind, segments.join(' & '), count]);

  return [
    line('profiles', [], counts.profiles),
    line('none', [], counts.none),
    ...counts.segments.map((segment) => line('size', [segment.name], segment.size)),
    ...counts.segments.map((segment) => line('only', [segment.name], segment.only)),
    ...counts.regions.map((region) => line('region', region.segments, region.count)),
    ...(counts.intersections ?? []).map((region) => line('intersection', region.segments, region.count)),
  ];
}
