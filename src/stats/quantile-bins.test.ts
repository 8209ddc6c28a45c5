import { describe, expect, it } from 'vitest';

import {
  binsFromEdges,
  distinctEdges,
  findBin,
  formatBinLabel,
  quantile,
  quantileEdges,
  quantileFractions,
} from './quantile-bins.js';

// Orders of 12 customers: seven 0s, two 1s, then 2, 5, 9.
const ORDERS = [0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 5, 9];

describe('quantile', () => {
  it('interpolates between order statistics', () => {
    // Position (12 − 1) · 0.75 = 8.25 lies between sorted[8] = 1 and sorted[9] = 2: 1.25.
    expect(quantile(ORDERS, 0.75)).toBeCloseTo(1.25, 12);
  });

  it('returns the extremes at 0 and 1', () => {
    expect(quantile(ORDERS, 0)).toBe(0);
    expect(quantile(ORDERS, 1)).toBe(9);
  });
});

describe('quantile bins with ties', () => {
  it('gives the quartile edges of heavily tied orders', () => {
    // numpy.quantile(orders, [0, .25, .5, .75, 1]) = [0, 0, 0, 1.25, 9].
    expect(quantileEdges(ORDERS, 4)).toEqual([0, 0, 0, 1.25, 9]);
  });

  it('merges coinciding edges', () => {
    expect(distinctEdges([0, 0, 0, 1.25, 9])).toEqual([0, 1.25, 9]);
  });

  it('cuts two bins from three distinct edges', () => {
    const labels = binsFromEdges([0, 1.25, 9]).map((bin) => formatBinLabel(bin));

    expect(labels).toEqual(['< 0', '[0, 1.25]', '(1.25, 9]', '> 9']);
  });

  it('puts every tied value in one bin', () => {
    const edges = [0, 1.25, 9];
    const counts = [0, 0, 0, 0];
    for (const value of ORDERS) counts[findBin(value, edges)] = (counts[findBin(value, edges)] ?? 0) + 1;

    // [0, 1.25] gets the seven 0s and two 1s, and (1.25, 9] gets 2, 5 and 9.
    expect(counts).toEqual([0, 9, 3, 0]);
  });

  it('gives a constant attribute a single bin', () => {
    const edges = distinctEdges(quantileEdges([3, 3, 3, 3], 10));
    const bins = binsFromEdges(edges);

    expect(edges).toEqual([3]);
    expect(formatBinLabel(bins[1] ?? bins[0]!)).toBe('3');
    expect(findBin(3, edges)).toBe(1);
    expect(findBin(2, edges)).toBe(0);
    expect(findBin(4, edges)).toBe(2);
  });

  it('places values outside the baseline range in the open-ended bins', () => {
    expect(findBin(-1, [0, 1.25, 9])).toBe(0);
    expect(findBin(10, [0, 1.25, 9])).toBe(3);
  });

  it('places a value on an inner edge in the bin that edge closes', () => {
    expect(findBin(1.25, [0, 1.25, 9])).toBe(1);
    expect(findBin(0, [0, 1.25, 9])).toBe(1);
  });
});

describe('quantileFractions', () => {
  it('gives the decile fractions', () => {
    expect(quantileFractions(10)).toHaveLength(11);
    expect(quantileFractions(10)[3]).toBeCloseTo(0.3, 12);
  });

  it('rejects a bin count of 0', () => {
    expect(() => quantileFractions(0)).toThrow(/positive integer/);
  });
});
