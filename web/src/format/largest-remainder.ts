/**
 * Rounds the shares of a partition to percentages that add up to exactly 100 at the given number
 * of decimals (largest remainder method): every share is rounded down, then the units left over
 * go to the largest remainders. Ties go to the larger count, then to the earlier item, so the
 * order on screen decides only between equal counts. Returns zeros when the total is 0.
 */
export function largestRemainderPercentages(counts: readonly number[], decimals = 1): number[] {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return counts.map(() => 0);

  const scale = 10 ** decimals;
  const exact = counts.map((count) => (count * 100 * scale) / total);
  const rounded = exact.map((value) => Math.floor(value));
  let leftover = 100 * scale - rounded.reduce((sum, value) => sum + value, 0);

  const order = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value), count: counts[index] ?? 0 }))
    .sort((a, b) => b.remainder - a.remainder || b.count - a.count || a.index - b.index);
  for (const { index } of order) {
    if (leftover <= 0) break;
    rounded[index] = (rounded[index] ?? 0) + 1;
    leftover -= 1;
  }
  return rounded.map((value) => value / scale);
}
