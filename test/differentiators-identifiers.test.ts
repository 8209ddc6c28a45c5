import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { analyseDifferentiators } from '../src/analyses/differentiators/differentiators-analysis.js';
import type { DifferentiatorsResult } from '../src/analyses/differentiators/differentiators-result.js';
import type { Field, ProfileSource } from '../src/core/fields.js';
import { DuckDbEngine } from '../src/engines/duckdb/duckdb-engine.js';
import { segment } from './differentiators-fixtures.js';

/**
 * Identifier-like text fields on 1,000 profiles, where DuckDB's approx_count_distinct estimate
 * alone is far enough off to let a unique column through.
 */

const FIELDS: Field[] = [
  { name: 'customer_id', type: 'text' },
  { name: 'grp', type: 'text' },
  { name: 'token', type: 'text' },
  { name: 'uuid', type: 'text' },
  { name: 'code', type: 'text' },
];

// token: md5 of the row number, unique. uuid: an md5 in the 8-4-4-4-12 layout of a UUID, unique.
// code: 800 distinct values, each of the first 200 twice, so 80% of the customers.
const PROFILES_SQL = `CREATE TABLE profiles AS
  SELECT
    'K' || lpad(CAST(i AS VARCHAR), 4, '0') AS customer_id,
    CAST(i % 2 AS VARCHAR) AS grp,
    md5(CAST(i AS VARCHAR)) AS token,
    regexp_replace(md5('u' || CAST(i AS VARCHAR)), '^(.{8})(.{4})(.{4})(.{4})(.{12})$', '\\1-\\2-\\3-\\4-\\5') AS uuid,
    'V' || CAST(CASE WHEN i < 400 THEN i % 200 ELSE i - 200 END AS VARCHAR) AS code
  FROM range(1000) AS numbers(i)`;

let engine: DuckDbEngine;
let source: ProfileSource;

beforeAll(async () => {
  engine = await DuckDbEngine.open(':memory:');
  await engine.execute(PROFILES_SQL);
  source = { relation: '"profiles"', keyField: 'customer_id', fields: FIELDS, label: 'profiles' };
});

afterAll(async () => {
  await engine.close();
});

function analyse(): Promise<DifferentiatorsResult> {
  const request = { segment: segment('G', "grp = '1'", source), baseline: { kind: 'all' as const } };
  return analyseDifferentiators(engine, source, request, () => undefined);
}

function reasonOf(result: DifferentiatorsResult, field: string): string | undefined {
  return result.excluded.find((entry) => entry.field === field)?.reason;
}

describe('identifier detection', () => {
  it('estimate alone misses the token', async () => {
    const [row] = await engine.query('SELECT approx_count_distinct(token) AS estimate FROM profiles');

    // An estimate would pass the token, hence the exact count (DuckDB 1.5.6 estimates 821).
    expect(Number(row?.estimate)).toBeLessThan(900);
  });

  it('excludes a unique md5 token', async () => {
    const result = await analyse();

    expect(reasonOf(result, 'token')).toBe('identifier-like: 1000 distinct values in 1000 customers with a value');
  });

  it('excludes a unique UUID', async () => {
    const result = await analyse();

    expect(reasonOf(result, 'uuid')).toBe('identifier-like: 1000 distinct values in 1000 customers with a value');
  });

  it('keeps a field with 80% distinct values', async () => {
    const result = await analyse();

    expect(reasonOf(result, 'code')).toBeUndefined();
    expect(result.attributes.map((attribute) => attribute.field)).toEqual(['code']);
  });
});
