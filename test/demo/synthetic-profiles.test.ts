import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEMO_CITIES } from '../../src/demo/demo-places.js';
import { MISSING_SHARES } from '../../src/demo/profiles-query.js';
import { SeededDraws, weightedIndexSql } from '../../src/demo/seeded-draws.js';
import {
  ensureSyntheticProfiles,
  writeSyntheticProfiles,
} from '../../src/demo/synthetic-profiles.js';
import { DuckDbEngine } from '../../src/engines/duckdb/duckdb-engine.js';
import type { Row } from '../../src/engines/engine.js';

const ROWS = 2000;

let engine: DuckDbEngine;
let folder: string;
let worldFile: string;

beforeAll(async () => {
  engine = await DuckDbEngine.open(':memory:');
  folder = await mkdtemp(join(tmpdir(), 'synthetic-profiles-'));
  worldFile = join(folder, 'world.parquet');
  await writeSyntheticProfiles(engine, worldFile, { rows: ROWS, seed: 11, citySet: 'world' });
});

afterAll(async () => {
  await engine.close();
  await rm(folder, { recursive: true, force: true });
});

function profilesIn(file: string): string {
  return `read_parquet('${file}')`;
}

async function single(sql: string): Promise<Row> {
  const [row] = await engine.query(sql);
  if (!row) throw new Error(`no row from ${sql}`);
  return row;
}

describe('writeSyntheticProfiles', () => {
  it('writes identical bytes for one seed', async () => {
    const again = join(folder, 'world-again.parquet');
    await writeSyntheticProfiles(engine, again, { rows: ROWS, seed: 11, citySet: 'world' });

    const [first, second] = await Promise.all([readFile(worldFile), readFile(again)]);
    expect(second.equals(first)).toBe(true);
  });

  it('writes identical rows on one thread', async () => {
    const single = join(folder, 'world-one-thread.parquet');
    const other = await DuckDbEngine.open(':memory:');
    await other.execute('SET threads = 1');
    await writeSyntheticProfiles(other, single, { rows: ROWS, seed: 11, citySet: 'world' });
    await other.close();

    const differences = await engine.query(
      `(SELECT * FROM ${profilesIn(worldFile)} EXCEPT ALL SELECT * FROM ${profilesIn(single)})
       UNION ALL
       (SELECT * FROM ${profilesIn(single)} EXCEPT ALL SELECT * FROM ${profilesIn(worldFile)})`,
    );
    expect(differences).toEqual([]);
  });

  it('changes profiles with the seed', async () => {
    const other = join(folder, 'world-seed-12.parquet');
    await writeSyntheticProfiles(engine, other, { rows: ROWS, seed: 12, citySet: 'world' });

    const row = await single(
      `SELECT count(*) AS same FROM ${profilesIn(worldFile)} a JOIN ${profilesIn(other)} b
       USING (customer_id) WHERE a.total_spend = b.total_spend`,
    );
    expect(row.same).toBeLessThan(ROWS / 20);
  });

  it('types each column', async () => {
    const columns = await engine.describe(profilesIn(worldFile));

    expect(columns).toEqual([
      { name: 'customer_id', sqlType: 'VARCHAR' },
      { name: 'city', sqlType: 'VARCHAR' },
      { name: 'country', sqlType: 'VARCHAR' },
      { name: 'gender', sqlType: 'VARCHAR' },
      { name: 'age', sqlType: 'INTEGER' },
      { name: 'loyalty_tier', sqlType: 'VARCHAR' },
      { name: 'total_spend', sqlType: 'DECIMAL(12,2)' },
      { name: 'orders', sqlType: 'INTEGER' },
      { name: 'satisfaction_score', sqlType: 'INTEGER' },
      { name: 'churn_risk', sqlType: 'VARCHAR' },
      { name: 'signup_date', sqlType: 'DATE' },
      { name: 'last_order_date', sqlType: 'DATE' },
      { name: 'email_domain', sqlType: 'VARCHAR' },
    ]);
  });

  it('numbers customer ids without gaps', async () => {
    const row = await single(
      `SELECT count(DISTINCT customer_id) AS ids, min(customer_id) AS first,
         max(customer_id) AS last FROM ${profilesIn(worldFile)}`,
    );

    expect(row.ids).toBe(ROWS);
    expect(row.first).toBe('C0000001');
    expect(row.last).toBe('C0002000');
  });

  it('misses values near target shares', async () => {
    const row = await single(
      `SELECT avg((city IS NULL)::INTEGER) AS city, avg((gender IS NULL)::INTEGER) AS gender,
         avg((satisfaction_score IS NULL)::INTEGER) AS satisfaction_score,
         count(*) FILTER (WHERE customer_id IS NULL OR country IS NULL OR age IS NULL
           OR loyalty_tier IS NULL OR total_spend IS NULL OR orders IS NULL OR churn_risk IS NULL
           OR signup_date IS NULL OR last_order_date IS NULL OR email_domain IS NULL)
           AS other_missing
       FROM ${profilesIn(worldFile)}`,
    );

    // With 2,000 rows, the standard error of a 1% share is 0.22 points and of a 2% share 0.31.
    expect(row.city).toBeGreaterThan(MISSING_SHARES.city - 0.007);
    expect(row.city).toBeLessThan(MISSING_SHARES.city + 0.007);
    expect(row.gender).toBeGreaterThan(MISSING_SHARES.gender - 0.01);
    expect(row.gender).toBeLessThan(MISSING_SHARES.gender + 0.01);
    expect(row.satisfaction_score).toBeGreaterThan(MISSING_SHARES.satisfaction_score - 0.01);
    expect(row.satisfaction_score).toBeLessThan(MISSING_SHARES.satisfaction_score + 0.01);
    expect(row.other_missing).toBe(0);
  });

  it('keeps values within ranges', async () => {
    const row = await single(
      `SELECT min(age) AS min_age, max(age) AS max_age, min(orders) AS min_orders,
         min(total_spend) AS min_spend, min(satisfaction_score) AS min_score,
         max(satisfaction_score) AS max_score, min(signup_date) AS first_signup,
         max(signup_date) AS last_signup,
         count(*) FILTER (WHERE last_order_date < signup_date) AS orders_before_signup
       FROM ${profilesIn(worldFile)}`,
    );

    expect(row.min_age).toBeGreaterThanOrEqual(18);
    expect(row.max_age).toBeLessThanOrEqual(90);
    expect(row.min_orders).toBeGreaterThanOrEqual(1);
    expect(row.min_spend).toBeGreaterThan(0);
    expect(row.min_score).toBeGreaterThanOrEqual(1);
    expect(row.max_score).toBeLessThanOrEqual(10);
    expect(String(row.first_signup) >= '2018-01-01').toBe(true);
    expect(String(row.last_signup) <= '2025-06-30').toBe(true);
    expect(row.orders_before_signup).toBe(0);
  });

  it('uses only known categories', async () => {
    const rows = await engine.query(
      `SELECT list(DISTINCT loyalty_tier ORDER BY loyalty_tier) AS tiers,
         list(DISTINCT churn_risk ORDER BY churn_risk) AS risks,
         list(DISTINCT gender ORDER BY gender) FILTER (WHERE gender IS NOT NULL) AS genders
       FROM ${profilesIn(worldFile)}`,
    );

    expect(rows[0]?.tiers).toEqual(['bronze', 'gold', 'platinum', 'silver']);
    expect(rows[0]?.risks).toEqual(['high', 'low', 'medium']);
    expect(rows[0]?.genders).toEqual(['female', 'male', 'non-binary']);
  });

  it('pairs each city with its country', async () => {
    const pairs = await engine.query(
      `SELECT DISTINCT city, country FROM ${profilesIn(worldFile)} WHERE city IS NOT NULL`,
    );
    const expected = new Map(DEMO_CITIES.map((place) => [place.city, place.country]));

    for (const pair of pairs) {
      expect(pair.country).toBe(expected.get(String(pair.city)));
    }
    expect(pairs.length).toBe(DEMO_CITIES.length);
  });

  it('correlates spend, tier and churn', async () => {
    const row = await single(
      `SELECT corr(total_spend, orders) AS spend_orders,
         corr(satisfaction_score, (churn_risk = 'high')::INTEGER) AS score_churn,
         avg(total_spend) FILTER (WHERE loyalty_tier = 'platinum') AS platinum_spend,
         avg(total_spend) FILTER (WHERE loyalty_tier = 'bronze') AS bronze_spend
       FROM ${profilesIn(worldFile)}`,
    );

    expect(row.spend_orders).toBeGreaterThan(0.4);
    expect(row.score_churn).toBeLessThan(-0.2);
    expect(Number(row.platinum_spend)).toBeGreaterThan(3 * Number(row.bronze_spend));
  });

  it('skews spend to the right', async () => {
    const row = await single(
      `SELECT avg(total_spend) AS mean, median(total_spend) AS median
       FROM ${profilesIn(worldFile)}`,
    );

    expect(Number(row.mean)).toBeGreaterThan(1.2 * Number(row.median));
  });
});

describe('numbered cities', () => {
  it('uses 1,000 cities with Zipf shares', async () => {
    const file = join(folder, 'numbered.parquet');
    await writeSyntheticProfiles(engine, file, { rows: 100_000, seed: 3, citySet: 'numbered' });

    const row = await single(
      `SELECT count(DISTINCT city) AS cities, min(city) AS first, max(city) AS last,
         count(*) FILTER (WHERE city = 'City 0001') AS first_count,
         count(*) FILTER (WHERE city = 'City 0010') AS tenth_count
       FROM ${profilesIn(file)}`,
    );

    // City k gets ln((k + 1) / k) / ln(1001) of the profiles that have a city: 10.0% for the
    // first and 1.38% for the tenth, so about 9,900 and 1,360 of 99,000.
    expect(row.cities).toBe(1000);
    expect(row.first).toBe('City 0001');
    expect(row.last).toBe('City 1000');
    expect(row.first_count).toBeGreaterThan(9400);
    expect(row.first_count).toBeLessThan(10_400);
    expect(row.tenth_count).toBeGreaterThan(1200);
    expect(row.tenth_count).toBeLessThan(1550);
  });
});

describe('ensureSyntheticProfiles', () => {
  it('generates once, then reuses the file', async () => {
    const cache = join(folder, 'cache');
    const options = { rows: 100, seed: 5, citySet: 'world' } as const;
    const generated: string[] = [];

    const first = await ensureSyntheticProfiles(engine, cache, options, (file) =>
      generated.push(file),
    );
    const second = await ensureSyntheticProfiles(engine, cache, options, (file) =>
      generated.push(file),
    );

    expect(first.generated).toBe(true);
    expect(second.generated).toBe(false);
    expect(second.file).toBe(first.file);
    expect(generated).toEqual([first.file]);
  });
});

describe('seeded draws', () => {
  it('rejects a negative seed', () => {
    expect(() => new SeededDraws(-1, 'i')).toThrow(/invalid seed -1/);
  });

  it('draws uncorrelated uniforms across streams', async () => {
    const draws = new SeededDraws(1, 'i');
    const row = await single(
      `SELECT corr(a, b) AS ab, avg(a) AS mean, min(a) AS low, max(a) AS high FROM (
         SELECT ${draws.uniform('a')} AS a, ${draws.uniform('b')} AS b FROM range(100000) t(i))`,
    );

    // The standard error of a correlation over 100,000 independent pairs is about 0.003.
    expect(Math.abs(Number(row.ab))).toBeLessThan(0.015);
    expect(Math.abs(Number(row.mean) - 0.5)).toBeLessThan(0.005);
    expect(Number(row.low)).toBeGreaterThanOrEqual(0);
    expect(Number(row.high)).toBeLessThan(1);
  });

  it('picks the weighted choice of a draw', async () => {
    // Weights 1, 2, 1 cut [0, 1) at 0.25 and 0.75.
    const index = weightedIndexSql('u', [1, 2, 1]);
    const rows = await engine.query(
      `SELECT u, ${index} AS choice
       FROM (VALUES (0.0), (0.2499), (0.25), (0.7499), (0.75), (0.9999)) AS draws(u) ORDER BY u`,
    );

    expect(rows.map((row) => row.choice)).toEqual([1, 1, 2, 2, 3, 3]);
  });
});
