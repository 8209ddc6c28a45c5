/**
 * Rounds the shares of a partition so the displayed percentages add up to exactly 100 at the
 * given number of decimals (largest remainder method): each share is rounded down, then the units
 * left over go to the shares with the largest remainders. Returns zeros when the total is 0.
 */
export function largestRemainderPercentages(counts: readonly number[], decimals = 1): number[] {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return counts.map(() => 0);

  const scale = 10 ** decimals;
  const units = 100 * scale;
  const exact = counts.map((count) => (count / total) * units);
  const floored = exact.map(Math.floor);
  let leftover = units - floored.reduce((sum, value) => sum + value, 0);

  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (leftover <= 0) break;
    floored[index] = (floored[index] ?? 0) + 1;
    leftover -= 1;
  }
  return floored.map((value) => value / scale);
}
