/** Mean and sample standard deviation (n − 1 denominator) of one group; null when undefined. */
export interface GroupMoments {
  mean: number | null;
  standardDeviation: number | null;
}

/**
 * Standardized mean difference (mean_A − mean_B) / sqrt((sd_A² + sd_B²) / 2). The pooled SD is the
 * plain average of the two variances, as in covariate-balance checks, rather than Cohen's
 * count-weighted form. The groups may overlap (a segment against all customers), so weighting by
 * n − 1 as if they were independent has no footing. Returns 0 when both groups are
 * constant at the same value and null when it is undefined (a missing mean or SD, or constant
 * groups at different values).
 */
export function standardizedMeanDifference(a: GroupMoments, b: GroupMoments): number | null {
  if (a.mean === null || b.mean === null) return null;
  if (a.standardDeviation === null || b.standardDeviation === null) return null;

  const pooled = Math.sqrt((a.standardDeviation ** 2 + b.standardDeviation ** 2) / 2);
  const difference = a.mean - b.mean;
  if (pooled > 0) return difference / pooled;
  return difference === 0 ? 0 : null;
}
