import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  analyseDifferentiators,
  type Baseline,
  type DifferentiatorsResult,
} from '../src/analyses/differentiators/differentiators-analysis.js';
import type { ProfileSource } from '../src/core/fields.js';
import { DuckDbEngine } from '../src/engines/duckdb/duckdb-engine.js';
import type { Engine } from '../src/engines/engine.js';
import type { CompiledQuery } from '../src/sql/compiled-query.js';
import { segment } from './differentiators-fixtures.js';

/**
 * The analysis cuts bins at quantiles that it interpolates itself: from counts per value for
 * integers with a narrow range, and from a few order statistics for decimals and wide integers.
 * These tests hold both to the doubles of DuckDB's own quantile_cont over the values cast to
 * DOUBLE, computed here in plain SQL.
 */

// 2,000 profiles. visits: integers 0 to 40 with ties and a null in 17. income: integers up to
// 1,000,002, too wide to count. spend: decimals 0.00 to 49.99 with ties.
const PROFILES = `CREATE TABLE profiles AS SELECT
    'C' || i AS customer_id,
    CASE WHEN i % 3 = 0 THEN 'a' ELSE 'b' END AS grp,
    CASE WHEN i % 17 = 0 THEN NULL ELSE CAST((i * 7) % 41 AS INTEGER) END AS visits,
    CAST((i * 7919) % 1000003 AS BIGINT) AS income,
    CAST(((i * 37) % 5000) / 100 AS DECIMAL(10, 2)) AS spend
  FROM range(2000) AS rows(i)`;

const SOURCE: ProfileSource = {
  relation: 'profiles',
  keyField: 'customer_id',
  fields: [
    { name: 'customer_id', type: 'text' },
    { name: 'grp', type: 'text' },
    { name: 'visits', type: 'integer' },
    { name: 'income', type: 'integer' },
    { name: 'spend', type: 'decimal' },
  ],
  label: 'profiles',
};

const NUMERIC_FIELDS = ['visits', 'income', 'spend'];

let engine: DuckDbEngine;

beforeAll(async () => {
  engine = await DuckDbEngine.open(':memory:');
  await engine.execute(PROFILES);
});

afterAll(async () => {
  await engine.close();
});

/** Wraps the engine to record the SQL of every query the analysis runs. */
function recordingEngine(queries: string[]): Engine {
  return {
    name: engine.name,
    dialect: engine.dialect,
    query: (query: CompiledQuery | string) => {
      queries.push(typeof query === 'string' ? query : query.sql);
      return engine.query(query);
    },
    execute: (query) => engine.execute(query),
    describe: (relation) => engine.describe(relation),
    transaction: (work) => engine.transaction(work),
    close: () => engine.close(),
  };
}

async function analyse(baseline: Baseline, bins: number, include = NUMERIC_FIELDS): Promise<DifferentiatorsResult> {
  const request = { segment: segment('A', "grp = 'a'", SOURCE), baseline, include, bins, keepRuleFields: true };
  return analyseDifferentiators(engine, SOURCE, request, () => undefined);
}

/** Computes the baseline's distinct edges and both medians of a field with quantile_cont in plain SQL. */
async function expectedQuantiles(field: string, baselineCondition: string, bins: number) {
  const fractions = Array.from({ length: bins + 1 }, (_, index) => (index / bins).toExponential());
  const value = `CAST(${field} AS DOUBLE)`;
  const [row] = await engine.query(`SELECT
      quantile_cont(${value}, [${fractions.join(', ')}]) FILTER (WHERE ${baselineCondition}) AS edges,
      quantile_cont(${value}, 0.5) FILTER (WHERE ${baselineCondition}) AS baseline_median,
      quantile_cont(${value}, 0.5) FILTER (WHERE coalesce(grp = 'a', false)) AS segment_median
    FROM profiles`);
  const edges = Array.isArray(row?.edges) ? row.edges.map(Number) : [];
  return {
    edges: [...new Set(edges)].sort((a, b) => a - b),
    baselineMedian: row?.baseline_median,
    segmentMedian: row?.segment_median,
  };
}

const BASELINES: { name: string; baseline: Baseline; condition: string }[] = [
  { name: 'the rest', baseline: { kind: 'rest' }, condition: "NOT coalesce(grp = 'a', false)" },
  { name: 'all customers', baseline: { kind: 'all' }, condition: 'true' },
  {
    name: 'an overlapping segment',
    baseline: { kind: 'segment', segment: segment('Rich', 'income > 300000', SOURCE) },
    condition: 'coalesce(income > 300000, false)',
  },
];

describe('quantile edges and medians', () => {
  for (const { name, baseline, condition } of BASELINES) {
    for (const bins of [10, 6, 7]) {
      it(`equal quantile_cont against ${name} in ${bins} bins`, async () => {
        const result = await analyse(baseline, bins);

        for (const field of NUMERIC_FIELDS) {
          const attribute = result.attributes.find((candidate) => candidate.field === field);
          const expected = await expectedQuantiles(field, condition, bins);
          const edges = attribute?.binning.kind === 'quantiles' ? attribute.binning.edges : null;
          expect(edges, field).toEqual(expected.edges);
          expect(attribute?.summary?.baseline.median, field).toBe(expected.baselineMedian);
          expect(attribute?.summary?.segment.median, field).toBe(expected.segmentMedian);
        }
      });
    }
  }
});

describe('quantile scans', () => {
  it('counts a narrow integer in two scans', async () => {
    const queries: string[] = [];
    const request = { segment: segment('A', "grp = 'a'", SOURCE), baseline: { kind: 'rest' as const }, include: ['visits'] };

    await analyseDifferentiators(recordingEngine(queries), SOURCE, request, () => undefined);

    expect(queries).toHaveLength(2);
    expect(queries.join('\n')).not.toContain('quantile');
  });

  it('sorts decimals and wide integers in a third scan', async () => {
    const queries: string[] = [];
    const request = { segment: segment('A', "grp = 'a'", SOURCE), baseline: { kind: 'rest' as const }, include: NUMERIC_FIELDS };

    await analyseDifferentiators(recordingEngine(queries), SOURCE, request, () => undefined);

    expect(queries).toHaveLength(3);
    expect(queries[1]).toContain('quantile_disc(');
    expect(queries[1]).toContain('"income" AS value_1');
    expect(queries[1]).toContain('"spend" AS value_2');
    expect(queries[1]).not.toContain('"visits"');
  });
});

describe('quantiles of an empty group', () => {
  it('leaves the medians null when no one has a value', async () => {
    await engine.execute(`CREATE TABLE no_values AS SELECT customer_id, grp, CAST(NULL AS INTEGER) AS visits,
      CAST(NULL AS BIGINT) AS income, CAST(NULL AS DECIMAL(10, 2)) AS spend FROM profiles`);
    const source = { ...SOURCE, relation: 'no_values', label: 'no_values' };
    const request = { segment: segment('A', "grp = 'a'", source), baseline: { kind: 'rest' as const }, include: NUMERIC_FIELDS };

    const result = await analyseDifferentiators(engine, source, request, () => undefined);

    for (const attribute of result.attributes) {
      expect(attribute.binning, attribute.field).toEqual({ kind: 'quantiles', bins: 10, edges: [] });
      expect(attribute.summary?.baseline.median, attribute.field).toBeNull();
      expect(attribute.summary?.segment.median, attribute.field).toBeNull();
      expect(attribute.values.map((value) => value.kind), attribute.field).toEqual(['missing']);
    }
  });
});
