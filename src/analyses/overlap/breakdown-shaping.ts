import type { Field } from '../../core/fields.js';
import type { Row } from '../../engines/engine.js';
import { summariseValueMasks, type Breakdown, type BreakdownRow, type BreakdownValue } from './overlap-result.js';

/** Label of the row that folds the values past the limit. */
export const OTHER_LABEL = '(other)';

/** Customers with one membership mask and one value of a breakdown field, as the engine counted them. */
export interface ValueCount {
  value: BreakdownValue;
  /** True for the counts of the values ranked past the limit, summed by the engine. */
  folded: boolean;
  mask: number;
  count: number;
}

interface ValueGroup {
  value: BreakdownValue;
  counts: Map<number, number>;
  union: number;
  profiles: number;
}

/**
 * Turns the mask counts of one breakdown field into rows per value, ordered by the number of
 * customers in at least one segment (largest first), with the folded values last as one
 * "(other)" row. The per-value counts add up to the overall ones.
 */
export function shapeBreakdown(
  field: Field,
  valueCounts: readonly ValueCount[],
  names: readonly string[],
  distinctValues: number,
): Breakdown {
  const groups = groupByValue(valueCounts.filter((entry) => !entry.folded));
  groups.sort(compareGroups);
  const values: BreakdownRow[] = groups.map((group) => ({ value: group.value, ...summariseValueMasks(group.counts, names) }));

  const folded = valueCounts.filter((entry) => entry.folded);
  if (folded.length > 0) {
    const counts = new Map<number, number>();
    for (const { mask, count } of folded) counts.set(mask, (counts.get(mask) ?? 0) + count);
    const foldedValues = distinctValues - groups.length;
    values.push({ value: OTHER_LABEL, folded: true, foldedValues, ...summariseValueMasks(counts, names) });
  }

  return { field: field.name, type: field.type, truncated: folded.length > 0, distinctValues, values };
}

function groupByValue(valueCounts: readonly ValueCount[]): ValueGroup[] {
  // Map keys keep the JavaScript type, so the number 1 and the text "1" stay apart, and so do
  // null and the empty string.
  const groups = new Map<BreakdownValue, ValueGroup>();
  for (const { value, mask, count } of valueCounts) {
    let group = groups.get(value);
    if (!group) {
      group = { value, counts: new Map(), union: 0, profiles: 0 };
      groups.set(value, group);
    }
    group.counts.set(mask, (group.counts.get(mask) ?? 0) + count);
    group.profiles += count;
    if (mask !== 0) group.union += count;
  }
  return [...groups.values()];
}

function compareGroups(a: ValueGroup, b: ValueGroup): number {
  if (a.union !== b.union) return b.union - a.union;
  if (a.profiles !== b.profiles) return b.profiles - a.profiles;
  if (a.value === null) return 1;
  if (b.value === null) return -1;
  return String(a.value) < String(b.value) ? -1 : String(a.value) > String(b.value) ? 1 : 0;
}

/** Reads a breakdown value from a result row, keeping its type. */
export function readBreakdownValue(row: Row, column: string): BreakdownValue {
  const value = row[column];
  if (value === undefined || Array.isArray(value)) return null;
  return value;
}
