import { describe, expect, test } from 'vitest';

import { DEFAULT_API_BENCH, parseApiBenchArguments, percentile } from './bench-options.js';

describe('parseApiBenchArguments', () => {
  test('keeps the defaults without arguments', () => {
    expect(parseApiBenchArguments([])).toEqual(DEFAULT_API_BENCH);
  });

  test('reads counts and the folder', () => {
    expect(parseApiBenchArguments(['--profiles', '100_000', '--seconds', '5', '--folder', '/tmp/x'])).toEqual({
      ...DEFAULT_API_BENCH,
      profiles: 100_000,
      seconds: 5,
      folder: '/tmp/x',
    });
  });

  test('rejects an unknown flag and a bad count', () => {
    expect(() => parseApiBenchArguments(['--rows', '5'])).toThrow(/unknown benchmark argument "--rows"/);
    expect(() => parseApiBenchArguments(['--clients', '0'])).toThrow(/at least 1/);
    expect(() => parseApiBenchArguments(['--clients'])).toThrow(/needs a value/);
  });
});

describe('percentile', () => {
  // Nearest rank on 1..10: p50 is the 5th value, p90 the 9th, p99 the 10th.
  const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

  test('takes the nearest rank', () => {
    expect(percentile(values, 0.5)).toBe(5);
    expect(percentile(values, 0.9)).toBe(9);
    expect(percentile(values, 0.99)).toBe(10);
  });

  test('returns NaN for no values', () => {
    expect(percentile([], 0.5)).toBeNaN();
  });
});
