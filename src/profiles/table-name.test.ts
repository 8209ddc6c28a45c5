import { describe, expect, test } from 'vitest';

import { checkTableName } from './table-name.js';

describe('checkTableName', () => {
  test('accepts letters, digits and underscores', () => {
    expect(checkTableName('profiles_2024')).toBe('profiles_2024');
    expect(checkTableName('Kunden')).toBe('Kunden');
  });

  test('rejects the reserved prefix', () => {
    expect(() => checkTableName('si_profiles')).toThrow(/table name "si_profiles" is reserved/);
    expect(() => checkTableName('SI_x')).toThrow(/reserved/);
  });

  test('rejects other characters', () => {
    expect(() => checkTableName('my table')).toThrow(/invalid table name "my table"/);
    expect(() => checkTableName('x"; DROP TABLE y; --')).toThrow(/invalid table name/);
    expect(() => checkTableName('1st')).toThrow(/invalid table name/);
    expect(() => checkTableName('')).toThrow(/invalid table name/);
  });
});
