import { describe, expect, test } from 'vitest';

import { freeColumnName, normaliseNullMarkers, normaliseText, sqlStringLiteral } from './text-normalisation.js';

describe('text normalisation', () => {
  test('trims surrounding whitespace and keeps inner spaces', () => {
    expect(normaliseText(' \t New  York\u00a0\r\n')).toBe('New  York');
  });

  test('composes to NFC', () => {
    expect(normaliseText('Zu\u0308rich')).toBe('Z\u00fcrich');
  });

  test('drops empty and repeated null markers', () => {
    expect(normaliseNullMarkers([' NA ', 'NA', '', 'n/a'])).toEqual(['NA', 'n/a']);
    expect(normaliseNullMarkers(undefined)).toEqual([]);
  });

  test('doubles quotes in string literals', () => {
    expect(sqlStringLiteral("it's")).toBe("'it''s'");
  });

  test('rejects NUL in string literals', () => {
    expect(() => sqlStringLiteral('a\u0000b')).toThrow(/NUL character/);
  });

  test('finds a free column name, ignoring case', () => {
    expect(freeColumnName('row_number', ['id'])).toBe('row_number');
    expect(freeColumnName('row_number', ['ROW_NUMBER', 'row_number_2'])).toBe('row_number_3');
  });
});
