import { describe, expect, test } from 'vitest';

import type { OverlapResult } from '../analyses/overlap/overlap-result.js';
import { InvalidInputError } from '../core/errors.js';
import { formatRule } from '../rules/rule-format.js';
import { countInResult, readValueText, regionMask, regionRule } from './region-selection.js';

const names = ['A', 'B', 'C'];

describe('regionMask', () => {
  test.each([
    ['A', 0b001],
    ['A&B', 0b011],
    ['B&C', 0b110],
    ['A & B & C', 0b111],
    ['none', 0],
  ])('reads key %j', (key, mask) => {
    expect(regionMask(key, names)).toBe(mask);
  });

  test('reads a list of segment names, with [] as none', () => {
    expect(regionMask(['C', 'A'], names)).toBe(0b101);
    expect(regionMask([], names)).toBe(0);
  });

  test('matches a name that contains "&" whole', () => {
    expect(regionMask('R&D&Sales', ['R&D', 'Sales'])).toBe(0b11);
    expect(regionMask('R&D', ['R&D', 'Sales'])).toBe(0b01);
  });

  test('rejects a key that splits two ways', () => {
    expect(() => regionMask('A&B', ['A', 'B', 'A&B'])).toThrow(/ambiguous/);
  });

  test('rejects an unknown name with the known ones', () => {
    expect(() => regionMask('A&D', names)).toThrow(/unknown region "A&D".*"A", "B", "C"/);
  });

  test('rejects "none" when a segment is named none', () => {
    expect(() => regionMask('none', ['none', 'B'])).toThrow(InvalidInputError);
    expect(regionMask([], ['none', 'B'])).toBe(0);
  });
});

describe('regionRule', () => {
  test('writes an exclusive region with every other segment negated', () => {
    expect(formatRule(regionRule([0b011], names))).toBe('in segment "A" and in segment "B" and not in segment "C"');
  });

  test('writes the none region as no segment at all', () => {
    expect(formatRule(regionRule([0], ['A', 'B']))).toBe('not in segment "A" and not in segment "B"');
  });

  test('writes a union of regions joined by or', () => {
    // "and" binds tighter than "or", so the regions need no parentheses.
    expect(formatRule(regionRule([0b01, 0b10], ['A', 'B']))).toBe(
      'in segment "A" and not in segment "B" or not in segment "A" and in segment "B"',
    );
  });

  test('keeps a union in parentheses within a value', () => {
    const rule = regionRule([0b01, 0b10], ['A', 'B'], { field: { name: 'city', type: 'text' }, value: 'Boise' });
    expect(formatRule(rule)).toBe(`(in segment "A" and not in segment "B" or not in segment "A" and in segment "B") and city = 'Boise'`);
  });

  test('adds a quoted field value', () => {
    const rule = regionRule([0b11], ["O'Brien fans", 'B'], { field: { name: 'home city', type: 'text' }, value: "Coeur d'Alene" });
    expect(formatRule(rule)).toBe(`in segment "O'Brien fans" and in segment "B" and "home city" = 'Coeur d''Alene'`);
  });

  test('writes a missing value as is empty', () => {
    const rule = regionRule([0b1], ['A'], { field: { name: 'city', type: 'text' }, value: null });
    expect(formatRule(rule)).toBe('in segment "A" and city is empty');
  });

  test('writes numbers and booleans as literals', () => {
    expect(formatRule(regionRule([1], ['A'], { field: { name: 'age', type: 'integer' }, value: 30 }))).toBe('in segment "A" and age = 30');
    expect(formatRule(regionRule([1], ['A'], { field: { name: 'vip', type: 'boolean' }, value: true }))).toBe('in segment "A" and vip = true');
  });
});

describe('countInResult', () => {
  // Eight customers: A 1, B 1, A&B 2, none 4 overall; within US: A 1, A&B 2, none 0.
  const result = {
    none: 4,
    segments: [
      { name: 'A', size: 3, only: 1 },
      { name: 'B', size: 3, only: 1 },
    ],
    regions: [
      { segments: ['A', 'B'], count: 2 },
      { segments: ['A'], count: 1 },
      { segments: ['B'], count: 1 },
    ],
    breakdowns: [
      {
        field: 'country',
        values: [
          { value: 'US', none: 0, regions: [{ segments: ['A', 'B'], count: 2 }, { segments: ['A'], count: 1 }] },
          { value: null, folded: true, none: 4, regions: [] },
        ],
      },
    ],
  } as unknown as OverlapResult;
  const country = { name: 'country', type: 'text' as const };

  test('adds the counts of the selected regions', () => {
    expect(countInResult(result, [0b11, 0])).toBe(6);
  });

  test('counts within a listed value', () => {
    expect(countInResult(result, [0b11, 0b01], { field: country, value: 'US' })).toBe(3);
  });

  test('returns null for a value the result does not list', () => {
    expect(countInResult(result, [0b11], { field: country, value: 'MX' })).toBeNull();
    expect(countInResult(result, [0b11], { field: { name: 'plan', type: 'text' }, value: 'pro' })).toBeNull();
  });
});

describe('readValueText', () => {
  test('reads numbers, booleans and text by field type', () => {
    expect(readValueText({ name: 'age', type: 'integer' }, '30')).toBe(30);
    expect(readValueText({ name: 'vip', type: 'boolean' }, 'false')).toBe(false);
    expect(readValueText({ name: 'zip', type: 'text' }, '02139')).toBe('02139');
  });

  test('rejects text that is not a number for a numeric field', () => {
    expect(() => readValueText({ name: 'age', type: 'integer' }, 'thirty')).toThrow(/not a number/);
  });
});
