import { describe, expect, it } from 'vitest';

import type { Field } from '../../core/fields.js';
import type { BucketCount } from './breakdown-query.js';
import { countedBins, isCountable, MAX_COUNTED_RANGE } from './counted-bins.js';
import type { NumericMoments } from './summary-query.js';

const VISITS: Field = { name: 'visits', type: 'integer' };

const MOMENTS: NumericMoments = {
  kind: 'moments',
  low: 1,
  high: 5,
  segment: { count: 3, mean: 7 / 3, standardDeviation: 2.3094010767585034 },
  baseline: { count: 6, mean: 19 / 6, standardDeviation: 1.4719601443879744 },
};

const count = (key: number | null, segmentOnly: number, baselineOnly: number): BucketCount => ({
  key,
  segmentOnly,
  baselineOnly,
  both: 0,
});

describe('isCountable', () => {
  const withRange = (low: number | null, high: number | null): NumericMoments => ({ ...MOMENTS, low, high });

  it('counts an integer up to the widest range', () => {
    expect(isCountable(VISITS, withRange(0, MAX_COUNTED_RANGE))).toBe(true);
  });

  it('sorts an integer with a wider range', () => {
    expect(isCountable(VISITS, withRange(-1, MAX_COUNTED_RANGE))).toBe(false);
  });

  it('counts an integer without values', () => {
    expect(isCountable(VISITS, withRange(null, null))).toBe(true);
  });

  it('never counts a decimal', () => {
    expect(isCountable({ name: 'spend', type: 'decimal' }, withRange(0, 1))).toBe(false);
  });
});

describe('countedBins', () => {
  // Segment: 1, 1, 5. Rest: 2, 2, 2, 3, 5, 5 and one missing.
  const counts = [count(5, 1, 2), count(1, 2, 0), count(null, 0, 1), count(3, 0, 1), count(2, 0, 3)];

  it("cuts the baseline's quantiles from the counts", () => {
    const { plan, facts } = countedBins({ kind: 'counted', field: VISITS, bins: 2 }, MOMENTS, counts);

    // Rest 2, 2, 2, 3, 5, 5: positions 0, 2.5 and 5 give 2, 2 · 0.5 + 3 · 0.5 = 2.5 and 5.
    expect(plan).toEqual({ kind: 'quantiles', field: VISITS, bins: 2, edges: [2, 2.5, 5] });
    expect(facts.baseline.median).toBe(2.5);
    // Segment 1, 1, 5: position 1 gives 1.
    expect(facts.segment.median).toBe(1);
    expect(facts.segment.mean).toBe(MOMENTS.segment.mean);
  });

  it('sums the counts of each bin', () => {
    const binned = countedBins({ kind: 'counted', field: VISITS, bins: 2 }, MOMENTS, counts).counts;

    // Bin 0 (< 2): 1, 1. Bin 1 ([2, 2.5]): 2, 2, 2. Bin 2 ((2.5, 5]): 3, 5, 5, 5. Missing stays.
    expect(binned).toEqual([
      count(0, 2, 0),
      count(1, 0, 3),
      count(2, 1, 3),
      count(null, 0, 1),
    ]);
  });

  it('cuts one bin over the range when the baseline has no value', () => {
    const segmentOnly = [count(4, 2, 0), count(9, 1, 0)];
    const moments = { ...MOMENTS, low: 4, high: 9 };

    const { plan, facts } = countedBins({ kind: 'counted', field: VISITS, bins: 1 }, moments, segmentOnly);

    expect(plan).toEqual({ kind: 'quantiles', field: VISITS, bins: 1, edges: [4, 9] });
    expect(facts.baselineEdges).toBeNull();
    expect(facts.baseline.median).toBeNull();
    expect(facts.segment.median).toBe(4);
  });

  it('keeps each value when there are no more values than bins', () => {
    const { plan, counts: valueCounts } = countedBins({ kind: 'counted', field: VISITS, bins: 4 }, MOMENTS, counts);

    // Values 1, 2, 3 and 5: four values in four bins.
    expect(plan).toEqual({ kind: 'numeric-values', field: VISITS });
    expect(valueCounts).toEqual([count(1, 2, 0), count(2, 0, 3), count(3, 0, 1), count(5, 1, 2), count(null, 0, 1)]);
  });

  it('keeps the medians of values compared one by one', () => {
    const { facts } = countedBins({ kind: 'counted', field: VISITS, bins: 10 }, MOMENTS, counts);

    expect(facts.baseline.median).toBe(2.5);
    expect(facts.segment.median).toBe(1);
  });

  it('bins a value more than there are bins', () => {
    const { plan } = countedBins({ kind: 'counted', field: VISITS, bins: 3 }, MOMENTS, counts);

    expect(plan.kind).toBe('quantiles');
  });
});
