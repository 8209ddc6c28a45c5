import { describe, expect, test } from 'vitest';

import { inferFieldType, type ValueShapes } from './type-inference.js';

function shapes(values: number, counts: Partial<ValueShapes> = {}): ValueShapes {
  return {
    values,
    integers: 0,
    int64: 0,
    numbers: 0,
    booleans: 0,
    dates: 0,
    dateTimes: 0,
    zoned: 0,
    nulBytes: 0,
    ...counts,
  };
}

describe('inferFieldType', () => {
  test('types a column without values as text', () => {
    expect(inferFieldType(shapes(0))).toBe('text');
  });

  test('types whole numbers that fit 64 bits as integer', () => {
    expect(inferFieldType(shapes(3, { integers: 3, int64: 3, numbers: 3 }))).toBe('integer');
  });

  test('keeps integers beyond 64 bits as text', () => {
    // One of three integer literals does not fit a BIGINT; as a double it would lose digits.
    expect(inferFieldType(shapes(3, { integers: 3, int64: 2, numbers: 3 }))).toBe('text');
  });

  test('types a mix of integers and fractions as decimal', () => {
    expect(inferFieldType(shapes(4, { integers: 2, int64: 2, numbers: 4 }))).toBe('decimal');
  });

  test('keeps a column with one non-number as text', () => {
    expect(inferFieldType(shapes(4, { integers: 3, int64: 3, numbers: 3 }))).toBe('text');
  });

  test('types true/false as boolean', () => {
    expect(inferFieldType(shapes(2, { booleans: 2 }))).toBe('boolean');
  });

  test('types dates and date-times', () => {
    expect(inferFieldType(shapes(2, { dates: 2 }))).toBe('date');
    expect(inferFieldType(shapes(3, { dates: 1, dateTimes: 2 }))).toBe('timestamp');
    expect(inferFieldType(shapes(3, { dates: 1, dateTimes: 1 }))).toBe('text');
  });
});
