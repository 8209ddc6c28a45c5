import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { analyseDifferentiators } from '../../src/analyses/differentiators/differentiators-analysis.js';
import { ruleSegment } from '../../src/analyses/segment-input.js';
import type { ProfileSource } from '../../src/core/fields.js';
import {
  plainBreakdownSql,
  plainSummarySql,
  readPlainBreakdown,
  readPlainSummary,
  type PlainBreakdown,
  type PlainDifferentiatorsCase,
  type PlainSummary,
} from '../../src/bench/differentiators-plain-queries.js';
import { checkSameNumbers } from '../../src/bench/differentiators-timings.js';
import { DuckDbEngine } from '../../src/engines/duckdb/duckdb-engine.js';

// The segment is risk = 'high' (a, b); the rest is c to h, e included although its risk is null.
const PROFILES = `CREATE TABLE profiles AS SELECT * FROM (VALUES
  ('a', 'high', 'gold', 20, 10.00, 4),
  ('b', 'high', 'silver', 30, 20.50, 6),
  ('c', 'low', 'gold', 40, 30.00, 5),
  ('d', 'low', 'gold', 50, NULL, 5),
  ('e', NULL, 'silver', 60, 40.00, 5),
  ('f', 'low', NULL, NULL, 50.25, 5),
  ('g', 'medium', 'silver', 70, 60.00, 5),
  ('h', 'low', 'gold', 80, NULL, 5)
) AS rows(key, risk, tier, age, spend, score)`;

const PLAIN: PlainDifferentiatorsCase = {
  relation: 'profiles',
  segmentCondition: "risk = 'high'",
  categoricalFields: ['tier'],
  numericFields: [
    { name: 'age', type: 'integer' },
    { name: 'spend', type: 'decimal' },
    { name: 'score', type: 'integer' },
  ],
  bins: 2,
};

let engine: DuckDbEngine;

beforeAll(async () => {
  engine = await DuckDbEngine.open(':memory:');
  await engine.execute(PROFILES);
  await engine.execute('ALTER TABLE profiles ALTER spend TYPE DECIMAL(6, 2)');
});

afterAll(async () => {
  await engine.close();
});

async function runPlain(): Promise<{ summary: PlainSummary; breakdown: PlainBreakdown }> {
  const summary = readPlainSummary((await engine.query(plainSummarySql(PLAIN)))[0], PLAIN);
  const breakdown = readPlainBreakdown(await engine.query(plainBreakdownSql(PLAIN, summary)), PLAIN);
  return { summary, breakdown };
}

describe('plainSummarySql', () => {
  it('counts the segment and the rest', async () => {
    const { summary } = await runPlain();

    expect(summary.segmentSize).toBe(2);
    expect(summary.baselineSize).toBe(6);
  });

  it("cuts the baseline's quantiles of an integer field", async () => {
    const age = (await runPlain()).summary.numeric.get('age');

    // Baseline ages 40, 50, 60, 70, 80 (f is missing): type 7 positions 0, 2, 4 give 40, 60, 80.
    expect(age?.edges).toEqual([40, 60, 80]);
    expect(age?.baseline).toEqual({ count: 5, mean: 60, median: 60, standardDeviation: expect.any(Number) });
    // Squared deviations 400 + 100 + 0 + 100 + 400 = 1000, over 4: sd = sqrt(250).
    expect(age?.baseline.standardDeviation).toBeCloseTo(Math.sqrt(250), 12);
    // Segment ages 20 and 30: median 25, sd sqrt(50).
    expect(age?.segment.median).toBe(25);
    expect(age?.segment.standardDeviation).toBeCloseTo(Math.sqrt(50), 12);
  });

  it('interpolates decimal quantiles as doubles, without rounding to cents', async () => {
    const spend = (await runPlain()).summary.numeric.get('spend');

    // Baseline spends 30, 40, 50.25, 60: the median sits at position 1.5, 40 + 0.5 * 10.25.
    expect(spend?.edges).toEqual([30, 45.125, 60]);
    expect(spend?.baseline.median).toBe(45.125);
    expect(spend?.baseline.count).toBe(4);
    expect(spend?.baseline.mean).toBeCloseTo(180.25 / 4, 12);
    expect(spend?.segment.median).toBe(15.25);
  });

  it('merges tied edges of a constant baseline into one', async () => {
    const score = (await runPlain()).summary.numeric.get('score');

    expect(score?.edges).toEqual([5]);
  });
});

describe('plainBreakdownSql', () => {
  it('counts each categorical value by membership, null included', async () => {
    const tier = (await runPlain()).breakdown.get('tier');

    expect(Object.fromEntries(tier ?? [])).toEqual({
      gold: { segment: 1, baseline: 3 },
      silver: { segment: 1, baseline: 2 },
      null: { segment: 0, baseline: 1 },
    });
  });

  it('numbers bins from below the first edge', async () => {
    const age = (await runPlain()).breakdown.get('age');

    // Edges 40, 60, 80: 20 and 30 are below; 40, 50, 60 in [40, 60]; 70, 80 in (60, 80].
    expect(Object.fromEntries(age ?? [])).toEqual({
      0: { segment: 2, baseline: 0 },
      1: { segment: 0, baseline: 3 },
      2: { segment: 0, baseline: 2 },
      null: { segment: 0, baseline: 1 },
    });
  });

  it('keeps an edge value in the lower bin', async () => {
    const spend = (await runPlain()).breakdown.get('spend');

    // Edges 30, 45.125, 60: 30 and 40 in [30, 45.125], 50.25 and 60 in (45.125, 60].
    expect(Object.fromEntries(spend ?? [])).toEqual({
      0: { segment: 2, baseline: 0 },
      1: { segment: 0, baseline: 2 },
      2: { segment: 0, baseline: 2 },
      null: { segment: 0, baseline: 2 },
    });
  });

  it('cuts below, at and above a single edge', async () => {
    const score = (await runPlain()).breakdown.get('score');

    expect(Object.fromEntries(score ?? [])).toEqual({
      0: { segment: 1, baseline: 0 },
      1: { segment: 0, baseline: 6 },
      2: { segment: 1, baseline: 0 },
    });
  });
});

describe('checkSameNumbers', () => {
  const source: ProfileSource = {
    relation: 'profiles',
    keyField: 'key',
    fields: [
      { name: 'key', type: 'text' },
      { name: 'risk', type: 'text' },
      { name: 'tier', type: 'text' },
      { name: 'age', type: 'integer' },
      { name: 'spend', type: 'decimal' },
      { name: 'score', type: 'integer' },
    ],
    label: 'profiles',
  };

  async function runProduct() {
    const segment = ruleSegment('High risk', "risk = 'high'", source, () => undefined);
    const request = { segment, baseline: { kind: 'rest' as const }, include: ['tier', 'age', 'spend', 'score'], bins: 2 };
    return analyseDifferentiators(engine, source, request, () => undefined);
  }

  it('accepts the product against the plain queries', async () => {
    const plain = await runPlain();

    await expect(runProduct().then((result) => checkSameNumbers(result, plain))).resolves.toBeUndefined();
  });

  it('rejects a count that differs', async () => {
    const plain = await runPlain();
    plain.breakdown.get('tier')?.set('gold', { segment: 1, baseline: 4 });

    await expect(runProduct().then((result) => checkSameNumbers(result, plain))).rejects.toThrow(
      'product and plain queries disagree on tier = "gold" in the baseline: 3 against 4',
    );
  });

  it('rejects edges that differ', async () => {
    const plain = await runPlain();
    const age = plain.summary.numeric.get('age');
    if (age) age.edges = [40, 61, 80];

    await expect(runProduct().then((result) => checkSameNumbers(result, plain))).rejects.toThrow(
      'product and plain queries disagree on age edges: [40,60,80] against [40,61,80]',
    );
  });
});
