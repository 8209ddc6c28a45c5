import { describe, expect, it } from 'vitest';

import { boundPValue, chiSquareSurvival, formatPValue, P_VALUE_FLOOR } from './chi-square-distribution.js';

// Reference values from scipy 1.17.1: scipy.stats.chi2.sf(statistic, dof).
const REFERENCE = [
  { statistic: 74.19512195121951, dof: 1, sf: 7.076494845710739e-18 },
  { statistic: 1300, dof: 1, sf: 1.1303728441493301e-284 },
  { statistic: 500, dof: 30, sf: 1.2079559936814051e-86 },
  { statistic: 40, dof: 3, sf: 1.065509033425585e-8 },
  { statistic: 0.001, dof: 1, sf: 0.9747728793699604 },
  { statistic: 200, dof: 100, sf: 1.1784500720979781e-8 },
];

describe('chiSquareSurvival', () => {
  it.each(REFERENCE)('matches scipy at x=$statistic, dof=$dof', ({ statistic, dof, sf }) => {
    const value = chiSquareSurvival(statistic, dof);

    expect(Math.abs(value - sf) / sf).toBeLessThan(1e-9);
  });

  it('returns 1 for a statistic of 0', () => {
    expect(chiSquareSurvival(0, 3)).toBe(1);
  });

  it('rejects zero degrees of freedom', () => {
    expect(() => chiSquareSurvival(1, 0)).toThrow(/degrees of freedom/);
  });
});

describe('boundPValue', () => {
  it('flags a p-value that underflowed to 0', () => {
    expect(boundPValue(chiSquareSurvival(2000, 1))).toEqual({ pValue: P_VALUE_FLOOR, underflow: true });
  });

  it('keeps a small p-value above the floor', () => {
    expect(boundPValue(7e-18)).toEqual({ pValue: 7e-18, underflow: false });
  });
});

describe('formatPValue', () => {
  it('shows an underflowed p-value as a bound', () => {
    expect(formatPValue(P_VALUE_FLOOR, true)).toBe('< 1e-300');
  });

  it('shows tiny p-values in exponent form', () => {
    expect(formatPValue(7.076494845710739e-18)).toBe('7.076e-18');
  });

  it('shows ordinary p-values with 4 significant digits', () => {
    expect(formatPValue(0.01831563888873418)).toBe('0.01832');
    expect(formatPValue(1)).toBe('1');
  });

  it('shows a missing p-value as n/a', () => {
    expect(formatPValue(null)).toBe('n/a');
  });
});
