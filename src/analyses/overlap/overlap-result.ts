import type { FieldType } from '../../core/fields.js';
import {
  bitCount,
  inclusiveCounts,
  jaccardIndex,
  pairLift,
  segmentSizes,
  segmentsOfMask,
  totalOf,
  type MaskCounts,
} from './region-counts.js';

export type BreakdownValue = string | number | boolean | null;

/** Customers in exactly these segments and in no other selected one. */
export interface RegionCount {
  segments: string[];
  count: number;
}

export interface SegmentCount {
  name: string;
  size: number;
  /** Members in none of the other selected segments. */
  only: number;
}

export interface PairOverlap {
  segments: [string, string];
  /** Customers in both, whatever else they are in. */
  intersection: number;
  jaccard: number | null;
  lift: number | null;
}

/** The numbers of an overlap within one group of customers (all of them, or one field value). */
export interface OverlapCounts {
  profiles: number;
  none: number;
  union: number;
  inAll: number;
  atLeastTwo: number;
  segments: SegmentCount[];
  /** Exclusive regions with at least one customer, largest first. */
  regions: RegionCount[];
  /** Inclusive intersections ("in these, any others too") for each combination listed in regions. */
  intersections: RegionCount[];
  pairs: PairOverlap[];
}

/**
 * The numbers within one breakdown value. Inclusive intersections and pairs are left out: they
 * follow from the regions, and repeating them for every value would multiply the result's size.
 */
export type ValueCounts = Omit<OverlapCounts, 'intersections' | 'pairs'>;

export interface BreakdownRow extends ValueCounts {
  /** The field value; null is the missing value, shown as "(empty)". */
  value: BreakdownValue;
  /** True on the one row that folds the values past the limit, whose value is then "(other)". */
  folded?: boolean;
  /** How many distinct values the folded row stands for. */
  foldedValues?: number;
}

export interface Breakdown {
  field: string;
  type: FieldType;
  /** True when values past the limit were folded into one "(other)" row. */
  truncated: boolean;
  distinctValues: number;
  values: BreakdownRow[];
}

export interface OverlapResult extends OverlapCounts {
  source: string;
  breakdowns: Breakdown[];
}

/** Derives the numbers of one breakdown value from its customer counts per membership mask. */
export function summariseValueMasks(counts: MaskCounts, names: readonly string[]): ValueCounts {
  const segmentCount = names.length;
  const profiles = totalOf(counts);
  const none = counts.get(0) ?? 0;
  const sizes = segmentSizes(counts, segmentCount);

  let atLeastTwo = 0;
  for (const [mask, count] of counts) if (bitCount(mask) >= 2) atLeastTwo += count;

  return {
    profiles,
    none,
    union: profiles - none,
    inAll: counts.get(2 ** segmentCount - 1) ?? 0,
    atLeastTwo,
    segments: names.map((name, index) => ({ name, size: sizes[index] ?? 0, only: counts.get(2 ** index) ?? 0 })),
    regions: regionMasks(counts).map((mask) => ({ segments: namesOfMask(mask, names), count: counts.get(mask) ?? 0 })),
  };
}

/** Derives every overlap number, inclusive intersections and pairs too, from the counts per mask. */
export function summariseMasks(counts: MaskCounts, names: readonly string[]): OverlapCounts {
  const summary = summariseValueMasks(counts, names);
  const inclusive = inclusiveCounts(counts, names.length);
  const sizes = summary.segments.map((segment) => segment.size);

  return {
    ...summary,
    intersections: regionMasks(counts)
      .filter((mask) => bitCount(mask) >= 2)
      .map((mask) => ({ segments: namesOfMask(mask, names), count: inclusive[mask] ?? 0 })),
    pairs: pairOverlaps(names, sizes, inclusive, summary.profiles),
  };
}

/** Lists the masks of the regions with customers, largest region first. */
function regionMasks(counts: MaskCounts): number[] {
  return [...counts.entries()]
    .filter(([mask, count]) => mask !== 0 && count > 0)
    .sort(([maskA, countA], [maskB, countB]) => countB - countA || maskA - maskB)
    .map(([mask]) => mask);
}

function namesOfMask(mask: number, names: readonly string[]): string[] {
  return segmentsOfMask(mask, names.length).map((index) => names[index] ?? '');
}

function pairOverlaps(
  names: readonly string[],
  sizes: readonly number[],
  inclusive: Float64Array,
  profiles: number,
): PairOverlap[] {
  const pairs: PairOverlap[] = [];
  for (let a = 0; a < names.length; a += 1) {
    for (let b = a + 1; b < names.length; b += 1) {
      const intersection = inclusive[(1 << a) | (1 << b)] ?? 0;
      const sizeA = sizes[a] ?? 0;
      const sizeB = sizes[b] ?? 0;
      pairs.push({
        segments: [names[a] ?? '', names[b] ?? ''],
        intersection,
        jaccard: jaccardIndex(sizeA, sizeB, intersection),
        lift: pairLift(sizeA, sizeB, intersection, profiles),
      });
    }
  }
  return pairs;
}
