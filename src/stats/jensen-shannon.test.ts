import { describe, expect, it } from 'vitest';

import { jensenShannonDistance } from './jensen-shannon.js';

// Reference values from scipy 1.17.1: scipy.spatial.distance.jensenshannon(p, q, base=2).
describe('jensenShannonDistance', () => {
  it('matches scipy on two-value distributions', () => {
    expect(jensenShannonDistance([0.5, 0.5], [0.9, 0.1])).toBeCloseTo(0.3831358798599423, 12);
  });

  it('matches scipy on three-value distributions', () => {
    expect(jensenShannonDistance([0.2, 0.3, 0.5], [0.5, 0.3, 0.2])).toBeCloseTo(0.3095409536771482, 12);
  });

  it('is 0 for identical distributions given as counts', () => {
    expect(jensenShannonDistance([2, 4, 6], [1, 2, 3])).toBe(0);
  });

  it('is exactly 1 for disjoint supports', () => {
    expect(jensenShannonDistance([4, 0, 0], [0, 3, 3])).toBe(1);
  });

  it('counts values absent on one side', () => {
    // Channel counts email, sms, push, mail: segment 2, 1, 1, 0; all customers 4, 2, 1, 3; the
    // rest 2, 1, 0, 3. Expected 0.4242376222 and 0.6270214338 (checked with scipy).
    expect(jensenShannonDistance([2, 1, 1, 0], [4, 2, 1, 3])).toBeCloseTo(0.4242376222, 9);
    expect(jensenShannonDistance([2, 1, 1, 0], [2, 1, 0, 3])).toBeCloseTo(0.6270214338, 9);
  });

  it('measures disjoint tiers against all customers', () => {
    // Tier gold, silver, bronze: segment 4, 0, 0; all customers 4, 3, 3. Expected 0.629138778.
    expect(jensenShannonDistance([4, 0, 0], [4, 3, 3])).toBeCloseTo(0.629138778, 9);
  });

  it('rejects an empty distribution', () => {
    expect(() => jensenShannonDistance([0, 0], [1, 1])).toThrow(/positive total/);
  });

  it('rejects distributions of different lengths', () => {
    expect(() => jensenShannonDistance([1], [1, 1])).toThrow(/differ in length/);
  });
});
