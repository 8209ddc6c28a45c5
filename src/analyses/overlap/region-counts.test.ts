import { describe, expect, test } from 'vitest';

import { inclusiveCounts, jaccardIndex, pairLift, segmentSizes, segmentsOfMask } from './region-counts.js';
import { summariseMasks } from './overlap-result.js';

// Three segments A (bit 1), B (bit 2), C (bit 4). Customers per exclusive region, chosen by hand:
// none 1, A 1, B 1, C 1, A&B 1, A&C 1, B&C 1, A&B&C 3 (10 customers).
const counts = new Map([
  [0, 1],
  [1, 1],
  [2, 1],
  [4, 1],
  [3, 1],
  [5, 1],
  [6, 1],
  [7, 3],
]);

describe('region arithmetic', () => {
  test('lists the segments of a mask', () => {
    expect(segmentsOfMask(5, 3)).toEqual([0, 2]);
    expect(segmentsOfMask(0, 3)).toEqual([]);
  });

  test('sizes sum the regions containing each segment', () => {
    // A = A + A&B + A&C + A&B&C = 1 + 1 + 1 + 3.
    expect(segmentSizes(counts, 3)).toEqual([6, 6, 6]);
  });

  test('inclusive counts add every superset region', () => {
    const inclusive = inclusiveCounts(counts, 3);
    // A∩B = A&B + A&B&C = 1 + 3; A∩B∩C = 3; "A, any others" = size of A.
    expect(inclusive[3]).toBe(4);
    expect(inclusive[7]).toBe(3);
    expect(inclusive[1]).toBe(6);
    expect(inclusive[0]).toBe(10);
  });

  test('jaccard and lift follow their formulas', () => {
    // |A∩B| = 4, |A∪B| = 6 + 6 − 4 = 8; lift = 4·10 / (6·6).
    expect(jaccardIndex(6, 6, 4)).toBeCloseTo(0.5, 12);
    expect(pairLift(6, 6, 4, 10)).toBeCloseTo(40 / 36, 12);
    expect(jaccardIndex(0, 0, 0)).toBeNull();
    expect(pairLift(0, 5, 0, 10)).toBeNull();
  });
});

describe('summariseMasks', () => {
  const summary = summariseMasks(counts, ['A', 'B', 'C']);

  test('derives totals that add up to the profiles', () => {
    expect(summary.profiles).toBe(10);
    expect(summary.none).toBe(1);
    expect(summary.union).toBe(9);
    expect(summary.inAll).toBe(3);
    expect(summary.atLeastTwo).toBe(6);
    expect(summary.regions.reduce((sum, region) => sum + region.count, 0) + summary.none).toBe(10);
  });

  test('reports only-in counts and largest region first', () => {
    expect(summary.segments.map((segment) => segment.only)).toEqual([1, 1, 1]);
    expect(summary.regions[0]).toEqual({ segments: ['A', 'B', 'C'], count: 3 });
  });

  test('labels inclusive intersections separately from regions', () => {
    const ab = summary.intersections.find((entry) => entry.segments.join('&') === 'A&B');
    const exactlyAB = summary.regions.find((entry) => entry.segments.join('&') === 'A&B');
    expect(ab?.count).toBe(4);
    expect(exactlyAB?.count).toBe(1);
  });

  test('keeps an empty segment with size zero', () => {
    const withEmpty = summariseMasks(new Map([[0, 3], [1, 3]]), ['A', 'E']);
    expect(withEmpty.segments).toEqual([
      { name: 'A', size: 3, only: 3 },
      { name: 'E', size: 0, only: 0 },
    ]);
    expect(withEmpty.inAll).toBe(0);
    expect(withEmpty.pairs[0]).toEqual({ segments: ['A', 'E'], intersection: 0, jaccard: 0, lift: null });
  });
});
