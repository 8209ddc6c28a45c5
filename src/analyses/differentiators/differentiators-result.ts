import type { FieldType } from '../../core/fields.js';
import type { NumericBin } from '../../stats/quantile-bins.js';
import type { Baseline, DateUnit, DifferentiatorsSettings } from './differentiators-request.js';

/** A field value as the engine returned it; null is the missing value. */
export type AttributeValue = string | number | boolean | null;

/**
 * Kinds of rows in a value table: a field value, the missing value, the fold of the values past
 * the limit, a numeric bin, or a calendar period.
 */
export type ValueKind = 'value' | 'missing' | 'other' | 'bin' | 'period';

/** One value (or bin, or period) of an attribute compared between the segment and the baseline. */
export interface ValueComparison {
  /** The field value for kind "value", else the label. */
  value: AttributeValue;
  /** The value as people read it: "(empty)" for missing, "[0, 1.25]" for a bin, "2025-03" for a month. */
  label: string;
  kind: ValueKind;
  segmentCount: number;
  /** segmentCount / segment size. */
  segmentShare: number;
  baselineCount: number;
  /** baselineCount / baseline size. */
  baselineShare: number;
  /** segmentShare − baselineShare, in percentage points. */
  difference: number;
  /** segmentShare / baselineShare; null when the baseline share is 0. */
  lift: number | null;
  /** True when fewer than `minSupport` customers of the segment and the baseline together have this value. */
  lowSupport: boolean;
  /** The value range of a numeric bin. */
  range?: NumericBin;
  /** How many distinct values the "(other)" row folds. */
  foldedValues?: number;
}

/** Grouping of an attribute's values into the rows of its value table. */
export type AttributeBinning =
  | { kind: 'values'; distinctValues: number; foldedValues: number }
  | { kind: 'quantiles'; bins: number; edges: number[] }
  | { kind: 'periods'; unit: DateUnit };

/** Count, mean, median and sample standard deviation of a numeric field in one group. */
export interface GroupSummary {
  count: number;
  mean: number | null;
  median: number | null;
  standardDeviation: number | null;
}

export interface NumericSummary {
  segment: GroupSummary;
  baseline: GroupSummary;
  /** (mean_A − mean_B) / sqrt((sd_A² + sd_B²) / 2); null when undefined. */
  standardizedMeanDifference: number | null;
}

export interface AttributeDifferentiator {
  field: string;
  type: FieldType;
  binning: AttributeBinning;
  /** Jensen–Shannon distance (base 2) between the segment's and the baseline's value shares, in [0, 1]. */
  influence: number;
  /** Pearson's chi-square of the tested groups; null when a tested group is empty. */
  statistic: number | null;
  degreesOfFreedom: number;
  pValue: number | null;
  /** True when the p-value fell below 1e-300 and `pValue` is that bound. */
  pValueUnderflow: boolean;
  /** Benjamini–Hochberg adjusted p-value across the tested attributes. */
  adjustedPValue: number | null;
  /** True when `adjustedPValue` was computed from an underflowed p-value, so it is an upper bound. */
  adjustedPValueUnderflow: boolean;
  significant: boolean;
  /** Cramér's V of the tested table; 0 when the test could not run. */
  effectSize: number;
  /** Reason the test could not be run; null when it ran. */
  notTestableReason: string | null;
  /** Sparse values pooled into one column before testing (0 when none). */
  pooledValues: number;
  /** True when some expected count of the tested table is below 5, so the p-value is rough. */
  sparse: boolean;
  /** True when fewer than `minSupport` customers of the segment or of the baseline have a value. */
  lowSupport: boolean;
  values: ValueComparison[];
  /** Mean, median and spread in both groups, for numeric fields. */
  summary: NumericSummary | null;
}

export interface ExcludedAttribute {
  field: string;
  reason: string;
}

export interface DifferentiatorsResult {
  /** Label of the profile source: a table name or a file path. */
  source: string;
  profiles: number;
  segment: { name: string; size: number };
  baseline: { kind: Baseline['kind']; name: string; size: number };
  /**
   * Sizes of the disjoint groups the significance tests compare: the segment against the baseline
   * without the segment's members. With a segment baseline, customers in both are left out.
   */
  tested: { segment: number; baseline: number; leftOut: number };
  /** Compared attributes, most influential first. */
  attributes: AttributeDifferentiator[];
  excluded: ExcludedAttribute[];
  settings: DifferentiatorsSettings;
}
