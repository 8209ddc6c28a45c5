/**
 * Benjamini–Hochberg adjustment of p-values for testing many attributes at once (controls the
 * false discovery rate). With the m non-null p-values sorted ascending, the adjusted value of the
 * k-th is min over j >= k of p_(j) · m / j, capped at 1, which keeps the adjusted values in the
 * same order as the raw ones. Null entries (tests that could not run) stay null and do not count
 * in m.
 */
export function adjustBenjaminiHochberg(pValues: readonly (number | null)[]): (number | null)[] {
  const tested = pValues
    .map((pValue, index) => ({ pValue, index }))
    .filter((entry): entry is { pValue: number; index: number } => entry.pValue !== null)
    .sort((a, b) => a.pValue - b.pValue);
  const count = tested.length;
  const adjusted: (number | null)[] = pValues.map(() => null);

  let runningMinimum = 1;
  for (let rank = count; rank >= 1; rank -= 1) {
    const entry = tested[rank - 1];
    if (!entry) continue;
    runningMinimum = Math.min(runningMinimum, (entry.pValue * count) / rank);
    adjusted[entry.index] = runningMinimum;
  }
  return adjusted;
}
