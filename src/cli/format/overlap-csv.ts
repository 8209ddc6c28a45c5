import type { OverlapCounts, OverlapResult, ValueCounts } from '../../analyses/overlap/overlap-result.js';
import { csvLine } from './csv-writer.js';

/**
 * Writes the overlap as tidy CSV, one number per line. `kind` names the number (profiles, none,
 * size, only, region, intersection), `segments` the segments it is about joined with " & ", and
 * `field`/`value` the breakdown value it is within (empty for the overall numbers; a missing value
 * is written as an empty cell with `value_missing` true, and the row of values folded past the
 * limit as "(other)" with `value_folded` true, so a real value "(other)" stays distinct).
 */
export function formatOverlapCsv(result: OverlapResult): string {
  const lines = [csvLine(['field', 'value', 'value_missing', 'value_folded', 'kind', 'segments', 'count'])];
  lines.push(...countLines(result, null, null, false));
  for (const breakdown of result.breakdowns) {
    for (const row of breakdown.values) lines.push(...countLines(row, breakdown.field, row.value, row.folded === true));
  }
  return lines.join('\n') + '\n';
}

function countLines(
  counts: ValueCounts & Partial<Pick<OverlapCounts, 'intersections'>>,
  field: string | null,
  value: string | number | boolean | null,
  folded: boolean,
): string[] {
  const scope = [field, value, field !== null && value === null, folded];
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
