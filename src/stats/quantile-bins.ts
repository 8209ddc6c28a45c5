/**
 * Tie-aware quantile bins for numeric attributes. Edges are the baseline's quantiles, and edges
 * that coincide (many equal values) are merged, so no bin is listed twice. Equal values always land
 * in the same bin because each bin is a range of values, never a rank.
 */

/** A bin of numeric values. `low`/`high` are null for the open-ended bins outside the edges. */
export interface NumericBin {
  low: number | null;
  high: number | null;
  includesLow: boolean;
  includesHigh: boolean;
}

/**
 * Quantile at `fraction` of ascending `sorted` values by linear interpolation between order
 * statistics (Hyndman–Fan type 7, the default of R, numpy and DuckDB's `quantile_cont`).
 */
export function quantile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) throw new Error('quantile of no values');

  const position = (sorted.length - 1) * fraction;
  const below = Math.floor(position);
  const lower = sorted[below] ?? Number.NaN;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)] ?? Number.NaN;
  return lower + (position - below) * (upper - lower);
}

/** Lists the fractions 0, 1/n, …, 1 whose quantiles cut `binCount` equal-frequency bins. */
export function quantileFractions(binCount: number): number[] {
  if (!Number.isInteger(binCount) || binCount < 1) throw new Error(`bin count must be a positive integer, got ${binCount}`);
  return Array.from({ length: binCount + 1 }, (_, index) => index / binCount);
}

/** Computes the raw quantile edges of `values` for `binCount` bins, before ties are merged. */
export function quantileEdges(values: readonly number[], binCount: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  return quantileFractions(binCount).map((fraction) => quantile(sorted, fraction));
}

/** Sorts the edges and merges coinciding ones (ties) into one edge. */
export function distinctEdges(edges: readonly number[]): number[] {
  return [...new Set(edges)].sort((a, b) => a - b);
}

/**
 * Cuts the bins that distinct `edges` e0 < … < em define: below e0, then [e0, e1], (e1, e2], …,
 * (e(m−1), em], then above em. A single edge (a constant baseline) gives the one bin [e0, e0].
 * The open-ended bins catch segment values outside the baseline's range.
 */
export function binsFromEdges(edges: readonly number[]): NumericBin[] {
  const first = edges[0];
  const last = edges.at(-1);
  if (first === undefined || last === undefined) throw new Error('bins need at least one edge');

  const below: NumericBin = { low: null, high: first, includesLow: false, includesHigh: false };
  const above: NumericBin = { low: last, high: null, includesLow: false, includesHigh: false };
  if (edges.length === 1) return [below, { low: first, high: first, includesLow: true, includesHigh: true }, above];

  const inner = edges.slice(1).map((high, index) => ({
    low: edges[index] ?? first,
    high,
    includesLow: index === 0,
    includesHigh: true,
  }));
  return [below, ...inner, above];
}

/** Finds the index into `binsFromEdges(edges)` of the bin that contains `value`. */
export function findBin(value: number, edges: readonly number[]): number {
  const first = edges[0];
  if (first === undefined) throw new Error('bins need at least one edge');
  if (value < first) return 0;
  if (edges.length === 1) return value === first ? 1 : 2;

  for (let index = 1; index < edges.length; index += 1) {
    if (value <= (edges[index] ?? Number.NaN)) return index;
  }
  return edges.length;
}

/** Formats a bin for people: "[0, 1.25]", "(1.25, 9]", "< 0", "> 9", or "3" for a single value. */
export function formatBinLabel(bin: NumericBin, formatEdge: (edge: number) => string = formatNumber): string {
  if (bin.low === null) return `< ${formatEdge(bin.high ?? Number.NaN)}`;
  if (bin.high === null) return `> ${formatEdge(bin.low)}`;
  if (bin.low === bin.high) return formatEdge(bin.low);

  const open = bin.includesLow ? '[' : '(';
  const close = bin.includesHigh ? ']' : ')';
  return `${open}${formatEdge(bin.low)}, ${formatEdge(bin.high)}${close}`;
}

/** Formats an edge with up to 6 significant digits and no trailing zeros: 1.25, 33.3333. */
export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(6)));
}
