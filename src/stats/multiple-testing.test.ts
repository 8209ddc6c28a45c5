import { describe, expect, it } from 'vitest';

import { adjustBenjaminiHochberg } from './multiple-testing.js';

describe('adjustBenjaminiHochberg', () => {
  it('matches scipy on a known list', () => {
    // scipy.stats.false_discovery_control([0.01, 0.04, 0.03, 0.005, 0.2, 0.8]) (scipy 1.17.1)
    // gives [0.03, 0.06, 0.06, 0.03, 0.24, 0.8]. By hand, sorted: 0.005·6/1 = 0.03,
    // 0.01·6/2 = 0.03, 0.03·6/3 = 0.06, 0.04·6/4 = 0.06, 0.2·6/5 = 0.24, 0.8·6/6 = 0.8.
    const adjusted = adjustBenjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.2, 0.8]);

    const expected = [0.03, 0.06, 0.06, 0.03, 0.24, 0.8];
    for (const [index, value] of expected.entries()) expect(adjusted[index]).toBeCloseTo(value, 12);
  });

  it('keeps adjusted values monotone in the raw ones', () => {
    // Raw 0.02·3/2 = 0.03 would exceed 0.025·3/3 = 0.025, so the running minimum applies.
    const adjusted = adjustBenjaminiHochberg([0.01, 0.02, 0.025]);

    expect(adjusted[0]).toBeCloseTo(0.025, 12);
    expect(adjusted[1]).toBeCloseTo(0.025, 12);
    expect(adjusted[2]).toBeCloseTo(0.025, 12);
  });

  it('never exceeds 1', () => {
    // Sorted 0.6, 0.9, 1: 0.6·3/1 = 1.8 and 0.9·3/2 = 1.35 fall to the running minimum 1·3/3 = 1.
    const adjusted = adjustBenjaminiHochberg([0.9, 0.6, 1]);

    expect(adjusted).toEqual([1, 1, 1]);
  });

  it('skips nulls and leaves them null', () => {
    // m = 2 tested values: 0.01·2/1 = 0.02, 0.04·2/2 = 0.04.
    const adjusted = adjustBenjaminiHochberg([null, 0.04, null, 0.01]);

    expect(adjusted[0]).toBeNull();
    expect(adjusted[2]).toBeNull();
    expect(adjusted[1]).toBeCloseTo(0.04, 12);
    expect(adjusted[3]).toBeCloseTo(0.02, 12);
  });

  it('returns an empty list for no p-values', () => {
    expect(adjustBenjaminiHochberg([])).toEqual([]);
  });
});
