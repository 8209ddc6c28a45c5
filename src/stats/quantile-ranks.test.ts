import { describe, expect, it } from 'vitest';

import { countedQuantiles, interpolateQuantile, quantileRanks, type ValueCount } from './quantile-ranks.js';

// Orders of 12 customers: seven 0s, two 1s, then 2, 5, 9.
const ORDERS: ValueCount[] = [
  { value: 0, count: 7 },
  { value: 1, count: 2 },
  { value: 2, count: 1 },
  { value: 5, count: 1 },
  { value: 9, count: 1 },
];

function repeated(counts: readonly ValueCount[]): number[] {
  return counts.flatMap(({ value, count }) => Array.from({ length: count }, () => value));
}

/** Reference type 7 quantile over the whole sorted list, with quantile_cont's weighted sum. */
function referenceQuantile(sorted: readonly number[], fraction: number): number {
  const position = (sorted.length - 1) * fraction;
  const below = Math.floor(position);
  const lower = sorted[below] ?? Number.NaN;
  if (position === below) return lower;
  const weight = position - below;
  return lower * (1 - weight) + (sorted[below + 1] ?? Number.NaN) * weight;
}

describe('countedQuantiles', () => {
  it('interpolates between order statistics', () => {
    // Position (12 − 1) · 0.75 = 8.25 lies between rank 8 (a 1) and rank 9 (the 2): 1.25.
    expect(countedQuantiles(ORDERS, [0.75])).toEqual([1.25]);
  });

  it('returns the extremes at 0 and 1', () => {
    expect(countedQuantiles(ORDERS, [0, 1])).toEqual([0, 9]);
  });

  it('stays on a tied value inside its run', () => {
    // Position 11 · 0.5 = 5.5 lies between ranks 5 and 6, both 0.
    expect(countedQuantiles(ORDERS, [0.5])).toEqual([0]);
  });

  it('skips values counted zero times', () => {
    const counts = [
      { value: 1, count: 0 },
      { value: 2, count: 3 },
      { value: 3, count: 0 },
      { value: 4, count: 1 },
    ];

    // The values are 2, 2, 2, 4: position 3 · 0.9 = 2.7 gives 2 · 0.3 + 4 · 0.7 = 3.4.
    const [first, ninetieth, last] = countedQuantiles(counts, [0, 0.9, 1]);
    expect(first).toBe(2);
    expect(ninetieth).toBeCloseTo(3.4, 12);
    expect(last).toBe(4);
  });

  it('matches the quantiles of the repeated values', () => {
    const counts = [
      { value: -3.5, count: 4 },
      { value: 0.1, count: 1 },
      { value: 7, count: 13 },
      { value: 11.25, count: 2 },
      { value: 1e6, count: 5 },
    ];
    const fractions = Array.from({ length: 8 }, (_, index) => index / 7);
    const sorted = repeated(counts);

    expect(countedQuantiles(counts, fractions)).toEqual(fractions.map((fraction) => referenceQuantile(sorted, fraction)));
  });

  it('rejects counts of no values', () => {
    expect(() => countedQuantiles([{ value: 1, count: 0 }], [0.5])).toThrow(/no values/);
  });
});

describe('quantileRanks', () => {
  it('lists the ranks each side of every position', () => {
    // 12 values: positions 0, 2.75, 5.5, 8.25 and 11 read ranks 0; 2, 3; 5, 6; 8, 9; 11.
    expect(quantileRanks(12, [0, 0.25, 0.5, 0.75, 1])).toEqual([0, 2, 3, 5, 6, 8, 9, 11]);
  });

  it('lists a shared rank once', () => {
    // 5 values: position 2.4 reads ranks 2 and 3, position 2.8 the same two.
    expect(quantileRanks(5, [0.6, 0.7])).toEqual([2, 3]);
  });

  it('lists no rank of no values', () => {
    expect(quantileRanks(0, [0, 0.5, 1])).toEqual([]);
  });

  it('covers every rank the interpolation reads', () => {
    const fractions = Array.from({ length: 11 }, (_, index) => index / 10);
    const total = 37;
    const ranks = new Set(quantileRanks(total, fractions));
    const valueAt = (rank: number): number => {
      if (!ranks.has(rank)) throw new Error(`rank ${rank} was not listed`);
      return rank * rank;
    };

    for (const fraction of fractions) expect(() => interpolateQuantile(total, fraction, valueAt)).not.toThrow();
  });
});

describe('interpolateQuantile', () => {
  it('weights the two order statistics as quantile_cont does', () => {
    const ties = [488.68, 488.68];

    // DuckDB 1.5: SELECT quantile_cont(x, 0.3) over two rows of 488.68::DOUBLE gives
    // 488.67999999999995, not 488.68, because 488.68 · 0.7 + 488.68 · 0.3 rounds below it.
    expect(interpolateQuantile(2, 0.3, (rank) => ties[rank] ?? Number.NaN)).toBe(488.67999999999995);
  });

  it('interpolates unequal neighbours as quantile_cont does', () => {
    const values = [0.1, 0.7];

    // DuckDB 1.5: quantile_cont over 0.1 and 0.7 at 0.35 gives 0.30999999999999994.
    expect(interpolateQuantile(2, 0.35, (rank) => values[rank] ?? Number.NaN)).toBe(0.30999999999999994);
  });

  it('reads one value on a rank, whatever its neighbour', () => {
    const sorted = [1, 2, Number.POSITIVE_INFINITY];

    // Position 2 · 0.5 = 1 is rank 1 exactly; the infinite rank 2 is not read.
    expect(interpolateQuantile(3, 0.5, (rank) => sorted[rank] ?? Number.NaN)).toBe(2);
  });
});
