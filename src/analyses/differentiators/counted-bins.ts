import type { Field } from '../../core/fields.js';
import { findBin } from '../../stats/quantile-bins.js';
import { countedQuantiles, type ValueCount } from '../../stats/quantile-ranks.js';
import type { BucketCount } from './breakdown-query.js';
import { quantilePlan, type BreakdownPlan, type BucketPlan, type CountedPlan } from './bucket-plan.js';
import { quantileListFractions } from './quantile-query.js';
import { withQuantiles, type AttributeFacts, type NumericFacts, type NumericMoments } from './summary-query.js';
import { unionCount } from './value-buckets.js';

/**
 * Widest range (largest minus smallest value) of an integer attribute that is counted per value.
 * The breakdown then returns at most three rows per possible value, one per membership pair.
 */
export const MAX_COUNTED_RANGE = 10_000;

/**
 * Tells whether a numeric attribute is counted per value: an integer attribute whose range is
 * narrow enough, or that has no value at all.
 */
export function isCountable(field: Field, facts: NumericMoments): boolean {
  if (field.type !== 'integer') return false;
  if (facts.low === null || facts.high === null) return true;
  return facts.high - facts.low <= MAX_COUNTED_RANGE;
}

/** An attribute's plan, facts and counts, with counted attributes binned. */
export interface AttributeBreakdown {
  plan: BucketPlan;
  facts: AttributeFacts;
  counts: BucketCount[];
}

/** Bins the counted attributes of a breakdown; the others pass through. */
export function binCountedAttributes(
  plans: readonly BreakdownPlan[],
  facts: readonly AttributeFacts[],
  counts: readonly BucketCount[][],
): AttributeBreakdown[] {
  return plans.map((plan, index) => {
    const fact = facts[index];
    const attributeCounts = counts[index] ?? [];
    if (!fact) throw new Error(`no summary facts for attribute ${index}`);
    if (plan.kind !== 'counted') return { plan, facts: fact, counts: attributeCounts };
    if (fact.kind !== 'moments') throw new Error(`counted attribute ${plan.field.name} has ${fact.kind} facts`);
    return countedBins(plan, fact, attributeCounts);
  });
}

/**
 * Turns the counts per value of a counted attribute into its value table. With no more distinct
 * values (in the segment or the baseline) than bins, each value keeps a row of its own: cutting
 * a 0/1 flag at deciles would put both values in one bin. Otherwise the baseline's quantiles
 * and both medians come from the counts, by the same interpolation as the engine's quantiles
 * over the values. The values then go to their bins as the bucket expression of a quantiles
 * plan would put them, so the result equals that of sorting the values in the engine.
 */
export function countedBins(
  plan: CountedPlan,
  facts: NumericMoments,
  counts: readonly BucketCount[],
): { plan: BucketPlan; facts: NumericFacts; counts: BucketCount[] } {
  const present = counts
    .filter((bucket) => bucket.key !== null && unionCount(bucket) > 0)
    .sort((a, b) => Number(a.key) - Number(b.key));
  const baseline = valueCounts(present, (bucket) => bucket.baselineOnly + bucket.both);
  const segment = valueCounts(present, (bucket) => bucket.segmentOnly + bucket.both);

  const quantiles = baseline.length > 0 ? countedQuantiles(baseline, quantileListFractions(plan.bins)) : null;
  const numericFacts = withQuantiles(facts, {
    baselineEdges: quantiles ? quantiles.slice(0, -1) : null,
    baselineMedian: quantiles?.at(-1) ?? null,
    segmentMedian: segment.length > 0 ? (countedQuantiles(segment, [0.5])[0] ?? null) : null,
  });
  const missing = counts.filter((bucket) => bucket.key === null);
  if (present.length > 0 && present.length <= plan.bins) {
    return { plan: { kind: 'numeric-values', field: plan.field }, facts: numericFacts, counts: [...present, ...missing] };
  }

  const binnedPlan = quantilePlan(plan.field, numericFacts, plan.bins);
  return { plan: binnedPlan, facts: numericFacts, counts: [...sumPerBin(present, binnedPlan.edges), ...missing] };
}

function valueCounts(present: readonly BucketCount[], countOf: (bucket: BucketCount) => number): ValueCount[] {
  return present
    .map((bucket) => ({ value: Number(bucket.key), count: countOf(bucket) }))
    .filter((entry) => entry.count > 0);
}

/** Sums the counts of the values in each bin, keyed by the bin's index as the engine numbers it. */
function sumPerBin(present: readonly BucketCount[], edges: readonly number[]): BucketCount[] {
  const bins = new Map<number, BucketCount>();
  for (const bucket of present) {
    const index = findBin(Number(bucket.key), edges);
    const sum = bins.get(index) ?? { key: index, segmentOnly: 0, baselineOnly: 0, both: 0 };
    sum.segmentOnly += bucket.segmentOnly;
    sum.baselineOnly += bucket.baselineOnly;
    sum.both += bucket.both;
    bins.set(index, sum);
  }
  return [...bins.values()];
}
