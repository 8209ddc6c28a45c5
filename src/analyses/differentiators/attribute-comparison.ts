import { testIndependence, type IndependenceTest } from '../../stats/chi-square-test.js';
import { jensenShannonDistance } from '../../stats/jensen-shannon.js';
import { standardizedMeanDifference } from '../../stats/mean-difference.js';
import type { BucketPlan } from './bucket-plan.js';
import type { BucketCount } from './breakdown-query.js';
import type { Baseline } from './differentiators-request.js';
import type {
  AttributeBinning,
  AttributeDifferentiator,
  NumericSummary,
  ValueComparison,
} from './differentiators-result.js';
import type { AttributeFacts } from './summary-query.js';
import { labelBuckets, OTHER_LABEL, sumCounts, unionCount, type LabelledBucket } from './value-buckets.js';

/** The group sizes and settings every attribute of one analysis is compared with. */
export interface ComparisonFrame {
  baselineKind: Baseline['kind'];
  segmentSize: number;
  baselineSize: number;
  /** Reason no attribute can be tested (an empty tested group); null when tests can run. */
  untestableReason: string | null;
  maxValues: number;
  minSupport: number;
}

/**
 * Compares one attribute between the segment and the baseline: the value table, the influence
 * (Jensen–Shannon distance of the value shares) and the chi-square test of the disjoint tested
 * groups. Adjusted p-values and significance are filled in once every attribute is tested.
 */
export function compareAttribute(
  plan: BucketPlan,
  facts: AttributeFacts,
  counts: readonly BucketCount[],
  frame: ComparisonFrame,
): AttributeDifferentiator {
  const buckets = labelBuckets(plan, counts);
  // Values fold only for display: the influence and the test see every value.
  const test = frame.untestableReason === null ? testIndependence(testedTable(buckets, frame)) : null;
  const { shown, foldedValues } = foldValues(plan, buckets, frame.maxValues);

  return {
    field: plan.field.name,
    type: plan.field.type,
    binning: binningOf(plan, buckets, foldedValues),
    influence: influenceOf(buckets),
    statistic: test?.statistic ?? null,
    degreesOfFreedom: test?.degreesOfFreedom ?? 0,
    pValue: test?.pValue ?? null,
    pValueUnderflow: test?.pValueUnderflow ?? false,
    adjustedPValue: null,
    adjustedPValueUnderflow: false,
    significant: false,
    effectSize: test?.cramersV ?? 0,
    notTestableReason: test === null ? frame.untestableReason : describeNotTestable(test),
    pooledValues: test?.pooledColumns ?? 0,
    sparse: test?.sparse ?? false,
    lowSupport: hasLowSupport(buckets, frame.minSupport),
    values: shown.map((bucket) => compareValue(bucket, frame)),
    summary: facts.kind === 'numeric' ? summariseNumbers(facts) : null,
  };
}

/** Customers in the segment (every member, whatever the baseline contains). */
export function segmentCount(counts: BucketCount): number {
  return counts.segmentOnly + counts.both;
}

/** Customers in the baseline (for "all", the segment's members too). */
export function baselineCount(counts: BucketCount): number {
  return counts.baselineOnly + counts.both;
}

/**
 * Builds the table of the two disjoint tested groups, one row each: the segment against the
 * baseline without the segment. Against "all" the segment's members are the `both` counts; against a segment,
 * customers in both are left out.
 */
function testedTable(buckets: readonly LabelledBucket[], frame: ComparisonFrame): number[][] {
  const segmentRow = buckets.map(({ counts }) => (frame.baselineKind === 'all' ? counts.both : counts.segmentOnly));
  const baselineRow = buckets.map(({ counts }) => counts.baselineOnly);
  return [segmentRow, baselineRow];
}

/** Computes the Jensen–Shannon distance over every bucket, before values fold for display. */
function influenceOf(buckets: readonly LabelledBucket[]): number {
  const segment = buckets.map(({ counts }) => segmentCount(counts));
  const baseline = buckets.map(({ counts }) => baselineCount(counts));
  return jensenShannonDistance(segment, baseline);
}

/**
 * Keeps the `maxValues` largest values of a categorical attribute and folds the rest into one
 * "(other)" row. The missing value always stays visible. Numeric values, bins and periods never
 * fold.
 */
function foldValues(
  plan: BucketPlan,
  buckets: readonly LabelledBucket[],
  maxValues: number,
): { shown: LabelledBucket[]; foldedValues: number } {
  const values = buckets.filter((bucket) => bucket.kind === 'value');
  if (plan.kind !== 'values' || values.length <= maxValues) return { shown: [...buckets], foldedValues: 0 };

  const folded = values.slice(maxValues);
  const other: LabelledBucket = {
    value: OTHER_LABEL,
    label: OTHER_LABEL,
    kind: 'other',
    counts: sumCounts(folded),
    foldedValues: folded.length,
  };
  const missing = buckets.filter((bucket) => bucket.kind === 'missing');
  return { shown: [...values.slice(0, maxValues), other, ...missing], foldedValues: folded.length };
}

function compareValue(bucket: LabelledBucket, frame: ComparisonFrame): ValueComparison {
  const segment = segmentCount(bucket.counts);
  const baseline = baselineCount(bucket.counts);
  const segmentShare = segment / frame.segmentSize;
  const baselineShare = baseline / frame.baselineSize;

  const comparison: ValueComparison = {
    value: bucket.value,
    label: bucket.label,
    kind: bucket.kind,
    segmentCount: segment,
    segmentShare,
    baselineCount: baseline,
    baselineShare,
    difference: (segmentShare - baselineShare) * 100,
    lift: baselineShare > 0 ? segmentShare / baselineShare : null,
    lowSupport: unionCount(bucket.counts) < frame.minSupport,
  };
  if (bucket.range) comparison.range = bucket.range;
  if (bucket.foldedValues !== undefined) comparison.foldedValues = bucket.foldedValues;
  return comparison;
}

function binningOf(plan: BucketPlan, buckets: readonly LabelledBucket[], foldedValues: number): AttributeBinning {
  switch (plan.kind) {
    case 'values':
    case 'numeric-values':
      return { kind: 'values', distinctValues: buckets.filter((bucket) => bucket.kind === 'value').length, foldedValues };
    case 'quantiles':
      return { kind: 'quantiles', bins: plan.bins, edges: plan.edges };
    case 'periods':
      return { kind: 'periods', unit: plan.unit };
  }
}

/** True when fewer than `minSupport` customers of the segment, or of the baseline, have a value. */
function hasLowSupport(buckets: readonly LabelledBucket[], minSupport: number): boolean {
  const present = buckets.filter((bucket) => bucket.kind !== 'missing');
  const segment = present.reduce((sum, { counts }) => sum + segmentCount(counts), 0);
  const baseline = present.reduce((sum, { counts }) => sum + baselineCount(counts), 0);
  return segment < minSupport || baseline < minSupport;
}

function summariseNumbers(facts: Extract<AttributeFacts, { kind: 'numeric' }>): NumericSummary {
  const difference = standardizedMeanDifference(
    { mean: facts.segment.mean, standardDeviation: facts.segment.standardDeviation },
    { mean: facts.baseline.mean, standardDeviation: facts.baseline.standardDeviation },
  );
  return { segment: facts.segment, baseline: facts.baseline, standardizedMeanDifference: difference };
}

function describeNotTestable(test: IndependenceTest): string | null {
  switch (test.notTestable) {
    case null:
      return null;
    case 'single-value':
      return 'constant attribute: a single value in the tested groups';
    case 'empty-group':
      return 'no customer of one tested group has a value';
  }
}
