import { describe, expect, it } from 'vitest';

import { formatBenchTable, missedTargets, type BenchRow } from './bench-report.js';

const row = (overrides: Partial<BenchRow>): BenchRow => ({
  case: 'overall',
  rows: 10_000_000,
  productMs: 100,
  plainMs: 90,
  naiveMs: 1500,
  peakRssMiB: 700,
  ...overrides,
});

describe('formatBenchTable', () => {
  it('prints ratios and thousands separators', () => {
    const table = formatBenchTable([row({})]);

    // 100 / 90 = 1.11; 1500 / 100 = 15.0.
    expect(table.split('\n')).toEqual([
      '| Case    |       Rows | Product ms | Plain ms | Naive ms | Product / plain | Naive / product | Peak RSS MiB |',
      '| ------- | ---------: | ---------: | -------: | -------: | --------------: | --------------: | -----------: |',
      '| overall | 10,000,000 |        100 |     90.0 |     1500 |           1.11x |           15.0x |          700 |',
    ]);
  });
});

describe('missedTargets', () => {
  it('accepts rows within the targets', () => {
    expect(missedTargets([row({})])).toEqual([]);
  });

  it('names each missed target of the largest size', () => {
    const misses = missedTargets([
      row({ rows: 1_000_000, productMs: 500 }),
      row({ productMs: 130, naiveMs: 1200, peakRssMiB: 3000 }),
    ]);

    // 130 / 90 = 1.44 > 1.3; 1200 / 130 = 9.2 < 10; 3000 MiB > 2048. The 1M row is not checked.
    expect(misses).toEqual([
      'overall: product/plain 1.44x is above 1.3x',
      'overall: naive/product 9.2x is below 10x',
      'overall: peak RSS 3000 MiB is above 2 GiB',
    ]);
  });
});
