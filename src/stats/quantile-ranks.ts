/**
 * Quantiles (Hyndman–Fan type 7) computed from part of the sorted values: from the values with
 * their counts, such as the rows of a GROUP BY, or from the few order statistics that the
 * interpolation reads. They give the same doubles as DuckDB's quantile_cont over all the values.
 */

/** A value and the number of times it occurs. */
export interface ValueCount {
  value: number;
  count: number;
}

/**
 * Interpolates the quantile at `fraction` of `total` values, where `valueAt(rank)` returns the
 * value at a 0-based rank in ascending order. The steps are those of DuckDB 1.5's quantile_cont,
 * so both give the same double. Its weighted sum lo · (1 − w) + hi · w can differ from the
 * lo + w · (hi − lo) of `quantile` in the last bit: two values of 488.68 give 488.67999999999995.
 */
export function interpolateQuantile(total: number, fraction: number, valueAt: (rank: number) => number): number {
  if (total === 0) throw new Error('quantile of no values');

  // A position on a rank reads that value alone, as quantile_cont does.
  const position = (total - 1) * fraction;
  const below = Math.floor(position);
  const lower = valueAt(below);
  if (position === below) return lower;

  const weight = position - below;
  return lower * (1 - weight) + valueAt(below + 1) * weight;
}

/**
 * Lists the 0-based ranks, ascending and each once, that the quantiles at `fractions` of `total`
 * values read; none for no values.
 */
export function quantileRanks(total: number, fractions: readonly number[]): number[] {
  if (total === 0) return [];

  const ranks = new Set<number>();
  for (const fraction of fractions) {
    const position = (total - 1) * fraction;
    const below = Math.floor(position);
    ranks.add(below);
    if (position !== below) ranks.add(below + 1);
  }
  return [...ranks].sort((a, b) => a - b);
}

/**
 * Computes the quantiles at `fractions` of the values in `counts`, which must be ascending with
 * each value once.
 */
export function countedQuantiles(counts: readonly ValueCount[], fractions: readonly number[]): number[] {
  const cumulative: number[] = [];
  let total = 0;
  for (const { count } of counts) {
    total += count;
    cumulative.push(total);
  }

  const valueAt = (rank: number): number => counts[firstAbove(cumulative, rank)]?.value ?? Number.NaN;
  return fractions.map((fraction) => interpolateQuantile(total, fraction, valueAt));
}

/** Finds the first index whose cumulative count exceeds `rank` (a 0-based rank), by bisection. */
function firstAbove(cumulative: readonly number[], rank: number): number {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if ((cumulative[middle] ?? 0) > rank) high = middle;
    else low = middle + 1;
  }
  return low;
}
