import { describe, expect, test } from 'vitest';

import { largestRemainderPercentages } from './percentages.js';

describe('largestRemainderPercentages', () => {
  test('makes whole percentages of 3/1/8/1 add up to 100', () => {
    // Exact: 23.08, 7.69, 61.54, 7.69; floors 23+7+61+7 = 98, and the two largest remainders
    // (0.69, 0.69) get the two units left: naive rounding would give 101.
    expect(largestRemainderPercentages([3, 1, 8, 1], 0)).toEqual([23, 8, 61, 8]);
  });

  test('makes one-decimal percentages of 5/4/2/2 add up to 100', () => {
    // Exact: 38.46, 30.77, 15.38, 15.38; naive one-decimal rounding sums to 100.1.
    const shares = largestRemainderPercentages([5, 4, 2, 2], 1);
    expect(shares).toEqual([38.4, 30.8, 15.4, 15.4]);
    expect(shares.reduce((sum, share) => sum + share * 10, 0)).toBe(1000);
  });

  test('gives whole percentages of 5/4/2/2 as 39/31/15/15', () => {
    expect(largestRemainderPercentages([5, 4, 2, 2], 0)).toEqual([39, 31, 15, 15]);
  });

  test('returns zeros for an empty partition', () => {
    expect(largestRemainderPercentages([0, 0], 1)).toEqual([0, 0]);
  });
});
