import { describe, expect, it } from 'vitest';

import { needsExactDistinct } from './distinct-recount.js';
import type { TextFacts } from './summary-query.js';

const facts = (distinctValues: number, presentValues: number, exact = false): TextFacts => ({
  kind: 'text',
  distinctValues,
  presentValues,
  exact,
});

describe('needsExactDistinct', () => {
  it('recounts an estimate at half the customers', () => {
    expect(needsExactDistinct(facts(500, 1000))).toBe(true);
  });

  it('trusts an estimate below half the customers', () => {
    expect(needsExactDistinct(facts(499, 1000))).toBe(false);
  });

  it('recounts an estimate near the maximum of values', () => {
    expect(needsExactDistinct(facts(5000, 1_000_000))).toBe(true);
  });

  it('never recounts an exact count', () => {
    expect(needsExactDistinct(facts(1000, 1000, true))).toBe(false);
  });

  it('never recounts a field without values', () => {
    expect(needsExactDistinct(facts(0, 0))).toBe(false);
  });
});
