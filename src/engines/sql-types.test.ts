import { describe, expect, test } from 'vitest';

import { fieldTypeFromSqlType } from './sql-types.js';

describe('fieldTypeFromSqlType', () => {
  test.each([
    ['VARCHAR', 'text'],
    ['BIGINT', 'integer'],
    ['DECIMAL(18,3)', 'decimal'],
    ['DOUBLE', 'decimal'],
    ['BOOLEAN', 'boolean'],
    ['DATE', 'date'],
    ['TIMESTAMP WITH TIME ZONE', 'timestamp'],
  ])('maps %s to %s', (sqlType, fieldType) => {
    expect(fieldTypeFromSqlType(sqlType)).toBe(fieldType);
  });

  test.each(['VARCHAR[]', 'INTEGER[]', 'STRUCT(a INTEGER)', 'BLOB', 'MAP(VARCHAR, INTEGER)'])('leaves out %s', (sqlType) => {
    expect(fieldTypeFromSqlType(sqlType)).toBeUndefined();
  });
});
