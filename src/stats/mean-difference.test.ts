import { describe, expect, it } from 'vitest';

import { standardizedMeanDifference } from './mean-difference.js';

describe('standardizedMeanDifference', () => {
  it('divides the mean difference by the root mean variance', () => {
    // (12 − 10) / sqrt((3² + 1²) / 2) = 2 / sqrt(5) = 0.894427191.
    const difference = standardizedMeanDifference(
      { mean: 12, standardDeviation: 3 },
      { mean: 10, standardDeviation: 1 },
    );

    expect(difference).toBeCloseTo(0.894427191, 9);
  });

  it('changes sign when the groups swap', () => {
    const difference = standardizedMeanDifference(
      { mean: 10, standardDeviation: 1 },
      { mean: 12, standardDeviation: 3 },
    );

    expect(difference).toBeCloseTo(-0.894427191, 9);
  });

  it('is 0 for two constant groups at the same value', () => {
    const constant = { mean: 3, standardDeviation: 0 };

    expect(standardizedMeanDifference(constant, constant)).toBe(0);
  });

  it('is null for constant groups at different values', () => {
    const difference = standardizedMeanDifference(
      { mean: 3, standardDeviation: 0 },
      { mean: 4, standardDeviation: 0 },
    );

    expect(difference).toBeNull();
  });

  it('is null when a group has no standard deviation', () => {
    const difference = standardizedMeanDifference(
      { mean: 3, standardDeviation: null },
      { mean: 4, standardDeviation: 1 },
    );

    expect(difference).toBeNull();
  });
});
