import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  BASELINE_COLUMNS,
  naiveRegionSqls,
  plainOverlapSql,
} from '../../src/bench/baseline-queries.js';
import { DuckDbEngine } from '../../src/engines/duckdb/duckdb-engine.js';

const CONDITIONS = ['spend >= 100', "tier = 'gold'"];

let engine: DuckDbEngine;

beforeAll(async () => {
  engine = await DuckDbEngine.open(':memory:');
  await engine.execute(`CREATE TABLE profiles AS SELECT * FROM (VALUES
    ('a', 150, 'gold', 'Oslo'),
    ('b', 150, 'silver', 'Oslo'),
    ('c', 50, 'gold', 'Rome'),
    ('d', NULL, 'gold', 'Rome'),
    ('e', 50, NULL, NULL),
    ('f', 200, 'gold', NULL)
  ) AS rows(key, spend, tier, city)`);
});

afterAll(async () => {
  await engine.close();
});

// Masks by hand (bit 0 spend >= 100, bit 1 gold; null counts as false):
// a 3, b 1, c 2, d 2, e 0, f 3. Overall: mask 0: 1, mask 1: 1, mask 2: 2, mask 3: 2.
// By city: Oslo {3: 1, 1: 1}, Rome {2: 2}, null {0: 1, 3: 1}.
const OVERALL = { 0: 1, 1: 1, 2: 2, 3: 2 };
const BY_CITY = [
  ['Oslo', 1, 1],
  ['Oslo', 3, 1],
  ['Rome', 2, 2],
  [null, 0, 1],
  [null, 3, 1],
];

describe('plainOverlapSql', () => {
  it('counts profiles per mask', async () => {
    const rows = await engine.query(plainOverlapSql('profiles', CONDITIONS));

    const counts = Object.fromEntries(
      rows.map((row) => [row[BASELINE_COLUMNS.mask], row[BASELINE_COLUMNS.count]]),
    );
    expect(counts).toEqual(OVERALL);
  });

  it('counts per mask and city, and overall', async () => {
    const rows = await engine.query(plainOverlapSql('profiles', CONDITIONS, 'city'));

    const { mask, value, overall, count } = BASELINE_COLUMNS;
    const perCity = rows.filter((row) => row[overall] === 0);
    const overallRows = rows.filter((row) => row[overall] === 1);
    const found = perCity.map((row) => [row[value], row[mask], row[count]]);
    expect(found.sort(compareRows)).toEqual([...BY_CITY].sort(compareRows));
    expect(Object.fromEntries(overallRows.map((row) => [row[mask], row[count]]))).toEqual(OVERALL);
  });
});

describe('naiveRegionSqls', () => {
  it('writes one query per non-empty mask', () => {
    expect(naiveRegionSqls('profiles', CONDITIONS).map((query) => query.mask)).toEqual([1, 2, 3]);
  });

  it('counts each region like the plain query', async () => {
    const counts: Record<number, unknown> = {};
    for (const query of naiveRegionSqls('profiles', CONDITIONS)) {
      const [row] = await engine.query(query.sql);
      counts[query.mask] = row?.[BASELINE_COLUMNS.count];
    }

    expect(counts).toEqual({ 1: 1, 2: 2, 3: 2 });
  });

  it('counts each region per city', async () => {
    const found: unknown[][] = [];
    for (const query of naiveRegionSqls('profiles', CONDITIONS, 'city')) {
      for (const row of await engine.query(query.sql)) {
        found.push([row[BASELINE_COLUMNS.value], query.mask, row[BASELINE_COLUMNS.count]]);
      }
    }

    const expected = BY_CITY.filter((row) => row[1] !== 0);
    expect(found.sort(compareRows)).toEqual(expected.sort(compareRows));
  });
});

/** Orders [value, mask, count] rows by value (nulls last), then by mask. */
function compareRows(a: unknown[], b: unknown[]): number {
  const valueA = a[0] === null ? '\uffff' : String(a[0]);
  const valueB = b[0] === null ? '\uffff' : String(b[0]);
  if (valueA !== valueB) return valueA < valueB ? -1 : 1;
  return Number(a[1]) - Number(b[1]);
}
