import type { FieldType } from '../core/fields.js';

/**
 * Maps an engine's column type name to a field type. Types the analyses cannot use (lists,
 * structs, blobs) map to undefined and are left out of the profile fields.
 */
export function fieldTypeFromSqlType(sqlType: string): FieldType | undefined {
  const base = sqlType.toUpperCase().replace(/\(.*$/, '').trim();
  if (/^(VARCHAR|TEXT|CHAR|CHARACTER VARYING|STRING|UUID|ENUM)$/.test(base)) return 'text';
  if (/^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|INT\d+|UINT\d+)$/.test(base)) {
    return 'integer';
  }
  if (/^(DECIMAL|NUMERIC|DOUBLE|FLOAT|REAL|DOUBLE PRECISION|FLOAT\d+)$/.test(base)) return 'decimal';
  if (base === 'BOOLEAN' || base === 'BOOL') return 'boolean';
  if (base === 'DATE') return 'date';
  if (base.startsWith('TIMESTAMP')) return 'timestamp';
  return undefined;
}
