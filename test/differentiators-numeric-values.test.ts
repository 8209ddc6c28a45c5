import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { analyseDifferentiators } from '../src/analyses/differentiators/differentiators-analysis.js';
import type { AttributeDifferentiator, DifferentiatorsResult } from '../src/analyses/differentiators/differentiators-result.js';
import type { Field, ProfileSource } from '../src/core/fields.js';
import { DuckDbEngine } from '../src/engines/duckdb/duckdb-engine.js';
import type { SqlValue } from '../src/sql/compiled-query.js';
import { createProfiles, segment } from './differentiators-fixtures.js';
import { DATA_DIR, hasSharedData } from './support/shared-paths.js';

/**
 * Numeric attributes with no more distinct values than bins: 0/1 flags and short scores are
 * compared value by value, with one row per value in value order, not cut into quantile bins.
 */

const FIELDS: Field[] = [
  { name: 'customer_id', type: 'text' },
  { name: 'grp', type: 'text' },
  { name: 'flag', type: 'integer' },
  { name: 'score', type: 'integer' },
];

/**
 * Forty customers. Segment (grp = 'a', 20 customers): flag 1 for 12, 0 for 8. Rest (20): flag 1
 * for 4, 0 for 16. The score runs 1 to 10 in both groups, twice each.
 */
function flagRows(): SqlValue[][] {
  return Array.from({ length: 40 }, (_, index) => {
    const inSegment = index < 20;
    const position = index % 20;
    const flagged = inSegment ? 12 : 4;
    const flag = position < flagged ? 1 : 0;
    return [`C${String(index).padStart(2, '0')}`, inSegment ? 'a' : 'b', flag, (position % 10) + 1];
  });
}

let engine: DuckDbEngine;
let source: ProfileSource;

beforeAll(async () => {
  engine = await DuckDbEngine.open(':memory:');
  source = await createProfiles(engine, 'flags', FIELDS, flagRows());
});

afterAll(async () => {
  await engine.close();
});

function attributeOf(result: DifferentiatorsResult, field: string): AttributeDifferentiator {
  const attribute = result.attributes.find((candidate) => candidate.field === field);
  if (!attribute) throw new Error(`no attribute ${field}`);
  return attribute;
}

function analyseRest(): Promise<DifferentiatorsResult> {
  const request = { segment: segment('A', "grp = 'a'", source), baseline: { kind: 'rest' as const } };
  return analyseDifferentiators(engine, source, request, () => undefined);
}

describe('0/1 flag', () => {
  it('gives one row per value', async () => {
    const flag = attributeOf(await analyseRest(), 'flag');

    expect(flag.binning).toEqual({ kind: 'values', distinctValues: 2, foldedValues: 0 });
    expect(flag.values.map((row) => [row.value, row.label, row.kind])).toEqual([
      [0, '0', 'value'],
      [1, '1', 'value'],
    ]);
  });

  it('compares the shares of each value', async () => {
    const flag = attributeOf(await analyseRest(), 'flag');
    const [zero, one] = flag.values;

    expect([zero?.segmentCount, zero?.baselineCount]).toEqual([8, 16]);
    expect([one?.segmentCount, one?.baselineCount]).toEqual([12, 4]);
    expect(one?.segmentShare).toBeCloseTo(0.6, 12);
    expect(one?.baselineShare).toBeCloseTo(0.2, 12);
    expect(one?.lift).toBeCloseTo(3, 12);
    expect(zero?.lift).toBeCloseTo(0.5, 12);
  });

  it('tests the 2×2 table', async () => {
    const flag = attributeOf(await analyseRest(), 'flag');

    // Columns 1 and 0 total 16 and 24 of 40; rows are 20 each, so the expected counts are 8 and
    // 12 in both rows. Chi-square = (12 − 8)²/8 + (4 − 8)²/8 + (8 − 12)²/12 + (16 − 12)²/12
    // = 2 + 2 + 4/3 + 4/3 = 20/3, df 1. p = erfc(√(10/3)) = 0.009823274507519247 (scipy 1.10.1
    // chi2_contingency, correction=False). Cramér's V = √((20/3) / 40) = √(1/6).
    expect(flag.statistic).toBeCloseTo(20 / 3, 12);
    expect(flag.degreesOfFreedom).toBe(1);
    expect(flag.pValue).toBeCloseTo(0.009823274507519247, 14);
    expect(flag.effectSize).toBeCloseTo(Math.sqrt(1 / 6), 12);
    expect(flag.sparse).toBe(false);
    expect(flag.notTestableReason).toBeNull();
  });

  it('scores the influence from the value shares', async () => {
    const flag = attributeOf(await analyseRest(), 'flag');

    // P = (0.4, 0.6) and Q = (0.8, 0.2) for values 0 and 1; M = (0.6, 0.4).
    // JSD = ½ (0.4 log₂(0.4/0.6) + 0.6 log₂(0.6/0.4)) + ½ (0.8 log₂(0.8/0.6) + 0.2 log₂(0.2/0.4))
    //     = ½ · 0.1169925 + ½ · 0.1320300 = 0.1245113, and the influence is its square root.
    expect(flag.influence).toBeCloseTo(0.3528615164390317, 9);
  });

  it('keeps the numeric summary', async () => {
    const flag = attributeOf(await analyseRest(), 'flag');

    expect(flag.summary?.segment.mean).toBeCloseTo(0.6, 12);
    expect(flag.summary?.baseline.mean).toBeCloseTo(0.2, 12);
    expect(flag.summary?.segment.median).toBe(1);
    expect(flag.summary?.baseline.median).toBe(0);
  });
});

describe('score from 1 to 10', () => {
  it('orders ten values by value', async () => {
    const score = attributeOf(await analyseRest(), 'score');

    expect(score.values.map((row) => row.label)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(score.values.every((row) => row.segmentCount === 2 && row.baselineCount === 2)).toBe(true);
    expect(score.influence).toBe(0);
  });

  it('bins ten values with nine bins', async () => {
    const request = { segment: segment('A', "grp = 'a'", source), baseline: { kind: 'rest' as const }, bins: 9 };
    const result = await analyseDifferentiators(engine, source, request, () => undefined);

    expect(attributeOf(result, 'score').binning.kind).toBe('quantiles');
  });
});

describe.skipIf(!hasSharedData)('movie genres', () => {
  let movies: ProfileSource;

  beforeAll(async () => {
    const file = join(DATA_DIR, 'upsetr-movies.csv').replaceAll("'", "''");
    await engine.execute(
      `CREATE TABLE movies AS SELECT Name, CAST(Action AS INTEGER) AS Action, CAST(Adventure AS INTEGER) AS Adventure
       FROM read_csv('${file}', delim = ';', header = true, all_varchar = true)`,
    );
    const fields: Field[] = [
      { name: 'Name', type: 'text' },
      { name: 'Action', type: 'integer' },
      { name: 'Adventure', type: 'integer' },
    ];
    movies = { relation: '"movies"', keyField: 'Name', fields, label: 'upsetr-movies.csv' };
  });

  it('compares Adventure among Action films with the rest', async () => {
    const request = { segment: segment('Action', 'Action = 1', movies), baseline: { kind: 'rest' as const } };
    const result = await analyseDifferentiators(engine, movies, request, () => undefined);
    const adventure = attributeOf(result, 'Adventure');

    // Recounted with Python's csv module: Action films 375 with 0 and 128 with 1, the rest 3,225
    // and 155. scipy 1.10.1 chi2_contingency (correction=False) gives chi-square
    // 282.0037761433729, p 2.747540235395783e-63, and jensenshannon(base=2) 0.2585376390778723.
    expect(adventure.values.map((row) => [row.label, row.segmentCount, row.baselineCount])).toEqual([
      ['0', 375, 3225],
      ['1', 128, 155],
    ]);
    expect(adventure.statistic).toBeCloseTo(282.0037761433729, 8);
    expect(Math.abs((adventure.pValue ?? 0) / 2.747540235395783e-63 - 1)).toBeLessThan(1e-8);
    expect(adventure.effectSize).toBeCloseTo(0.26949069014347776, 9);
    expect(adventure.influence).toBeCloseTo(0.2585376390778723, 9);
  });
});
