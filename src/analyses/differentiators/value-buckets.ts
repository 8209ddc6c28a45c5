import { binsFromEdges, formatBinLabel, type NumericBin } from '../../stats/quantile-bins.js';
import type { BucketPlan } from './bucket-plan.js';
import type { BucketCount } from './breakdown-query.js';
import type { AttributeValue, ValueKind } from './differentiators-result.js';

export const MISSING_LABEL = '(empty)';
export const EMPTY_TEXT_LABEL = '(empty string)';
export const OTHER_LABEL = '(other)';

/** A row of a value table before shares are computed: what it stands for and its counts. */
export interface LabelledBucket {
  value: AttributeValue;
  label: string;
  kind: ValueKind;
  counts: BucketCount;
  range?: NumericBin;
  /** How many values an "(other)" bucket folds. */
  foldedValues?: number;
}

/**
 * Labels and orders the buckets of one attribute: values by the number of customers in the
 * segment or the baseline (largest first), numeric values, bins and periods in their natural
 * order, the missing value last.
 */
export function labelBuckets(plan: BucketPlan, counts: readonly BucketCount[]): LabelledBucket[] {
  const present = counts.filter((bucket) => bucket.key !== null);
  const missing = counts.filter((bucket) => bucket.key === null).map(missingBucket);

  switch (plan.kind) {
    case 'values':
      return [...present.map(valueBucket).sort(compareBySize), ...missing];
    case 'numeric-values':
      return [...present.map(valueBucket).sort((a, b) => Number(a.value) - Number(b.value)), ...missing];
    case 'periods':
      return [...present.map(periodBucket).sort((a, b) => compareText(a.label, b.label)), ...missing];
    case 'quantiles':
      return [...binBuckets(plan.edges, present), ...missing];
  }
}

/** Customers of the segment or the baseline in a bucket. */
export function unionCount(counts: BucketCount): number {
  return counts.segmentOnly + counts.baselineOnly + counts.both;
}

/** Sums the counts of several buckets into one. */
export function sumCounts(buckets: readonly LabelledBucket[]): BucketCount {
  const total: BucketCount = { key: null, segmentOnly: 0, baselineOnly: 0, both: 0 };
  for (const { counts } of buckets) {
    total.segmentOnly += counts.segmentOnly;
    total.baselineOnly += counts.baselineOnly;
    total.both += counts.both;
  }
  return total;
}

function valueBucket(counts: BucketCount): LabelledBucket {
  const value = counts.key as AttributeValue;
  return { value, label: valueLabel(value), kind: 'value', counts };
}

function periodBucket(counts: BucketCount): LabelledBucket {
  const label = String(counts.key);
  return { value: label, label, kind: 'period', counts };
}

function missingBucket(counts: BucketCount): LabelledBucket {
  return { value: null, label: MISSING_LABEL, kind: 'missing', counts };
}

/**
 * Bins in edge order. Bins with no customer in either group do not appear, so the neighbouring
 * inner bins are widened over their range: the labels then cover the baseline's range without
 * gaps, and no customer changes bin.
 */
function binBuckets(edges: readonly number[], present: readonly BucketCount[]): LabelledBucket[] {
  if (edges.length === 0) return [];
  const bins = binsFromEdges(edges);
  const aboveIndex = bins.length - 1;
  const sorted = [...present].sort((a, b) => Number(a.key) - Number(b.key));

  const inner = sorted.filter((bucket) => Number(bucket.key) > 0 && Number(bucket.key) < aboveIndex);
  const widened = widenInnerBins(inner.map((bucket) => bins[Number(bucket.key)] ?? unknownBin(bucket)), edges);
  const rangeOf = new Map(inner.map((bucket, position) => [bucket, widened[position]]));

  return sorted.map((counts) => {
    const range = rangeOf.get(counts) ?? bins[Number(counts.key)] ?? unknownBin(counts);
    const label = formatBinLabel(range);
    return { value: label, label, kind: 'bin', counts, range };
  });
}

function widenInnerBins(bins: readonly NumericBin[], edges: readonly number[]): NumericBin[] {
  const first = edges[0] ?? null;
  const last = edges.at(-1) ?? null;
  return bins.map((bin, position) => {
    const previous = bins[position - 1];
    const isLast = position === bins.length - 1;
    return {
      low: previous ? previous.high : first,
      high: isLast ? last : bin.high,
      includesLow: previous === undefined,
      includesHigh: true,
    };
  });
}

function unknownBin(bucket: BucketCount): never {
  throw new Error(`bin index ${String(bucket.key)} is outside the bins of its edges`);
}

function valueLabel(value: AttributeValue): string {
  if (value === null) return MISSING_LABEL;
  if (value === '') return EMPTY_TEXT_LABEL;
  return String(value);
}

function compareBySize(a: LabelledBucket, b: LabelledBucket): number {
  return unionCount(b.counts) - unionCount(a.counts) || compareText(a.label, b.label);
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
