import { describe, expect, it } from 'vitest';

import {
  DIFFERENTIATORS_TARGETS,
  describeTargets,
  formatBenchTable,
  missedTargets,
  OVERLAP_TARGETS,
  type BenchRow,
} from './bench-report.js';

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

  it('leaves out the naive columns when no row has naive times', () => {
    const table = formatBenchTable([row({ naiveMs: undefined })]);

    expect(table.split('\n')).toEqual([
      '| Case    |       Rows | Product ms | Plain ms | Product / plain | Peak RSS MiB |',
      '| ------- | ---------: | ---------: | -------: | --------------: | -----------: |',
      '| overall | 10,000,000 |        100 |     90.0 |           1.11x |          700 |',
    ]);
  });

  it('prints a dash for missing naive times', () => {
    const table = formatBenchTable([row({}), row({ case: 'other', naiveMs: undefined })]);

    expect(table.split('\n')[3]).toBe(
      '| other   | 10,000,000 |        100 |     90.0 |        - |           1.11x |               - |          700 |',
    );
  });
});

describe('missedTargets', () => {
  it('accepts rows within the targets', () => {
    expect(missedTargets([row({})], OVERLAP_TARGETS)).toEqual([]);
  });

  it('names each missed target of the largest size', () => {
    const misses = missedTargets([
      row({ rows: 1_000_000, productMs: 500 }),
      row({ productMs: 130, naiveMs: 1200, peakRssMiB: 3000 }),
    ], OVERLAP_TARGETS);

    // 130 / 90 = 1.44 > 1.3; 1200 / 130 = 9.2 < 10; 3000 MiB > 2048. The 1M row is not checked.
    expect(misses).toEqual([
      'overall: product/plain 1.44x is above 1.3x',
      'overall: naive/product 9.2x is below 10x',
      'overall: peak RSS 3000 MiB is above 2 GiB',
    ]);
  });

  it('checks the differentiators ratio against 1.5x and skips the naive target', () => {
    const misses = missedTargets(
      [row({ productMs: 130, naiveMs: undefined }), row({ case: 'slow', productMs: 140, naiveMs: undefined })],
      DIFFERENTIATORS_TARGETS,
    );

    // 130 / 90 = 1.44 is within 1.5x; 140 / 90 = 1.56 is not.
    expect(misses).toEqual(['slow: product/plain 1.56x is above 1.5x']);
  });
});

describe('describeTargets', () => {
  it('names every target of the overlap', () => {
    expect(describeTargets(OVERLAP_TARGETS)).toBe(
      'product within 1.3x of plain, at least 10x faster than naive, peak RSS under 2 GiB',
    );
  });

  it('names no naive target for the differentiators', () => {
    expect(describeTargets(DIFFERENTIATORS_TARGETS)).toBe('product within 1.5x of plain, peak RSS under 2 GiB');
  });
});
