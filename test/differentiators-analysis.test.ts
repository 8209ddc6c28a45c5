import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  analyseDifferentiators,
  type DifferentiatorsRequest,
} from '../src/analyses/differentiators/differentiators-analysis.js';
import type { AttributeDifferentiator, DifferentiatorsResult } from '../src/analyses/differentiators/differentiators-result.js';
import { InvalidInputError } from '../src/core/errors.js';
import type { Field, ProfileSource } from '../src/core/fields.js';
import type { SegmentDefinition, StaticSegment } from '../src/core/segments.js';
import { DuckDbEngine } from '../src/engines/duckdb/duckdb-engine.js';
import type { SqlValue } from '../src/sql/compiled-query.js';
import { P_VALUE_FLOOR } from '../src/stats/chi-square-distribution.js';
import { createProfiles, segment } from './differentiators-fixtures.js';

/**
 * Behaviour of the differentiators analysis on small hand-made profile tables: baselines, the
 * attributes left out and why, value folding, missing values, support marks and bad input.
 */

const FIELDS: Field[] = [
  { name: 'customer_id', type: 'text' },
  { name: 'city', type: 'text' },
  { name: 'plan', type: 'text' },
  { name: 'active', type: 'boolean' },
  { name: 'age', type: 'integer' },
  { name: 'email', type: 'text' },
];

// Twelve customers. Pro: C01-C05; Seattle: C01, C02, C06, C07.
const ROWS: SqlValue[][] = [
  ['C01', 'Seattle', 'pro', true, 31, 'a@x.org'],
  ['C02', 'Seattle', 'pro', true, 45, 'b@x.org'],
  ['C03', 'Boise', 'pro', false, 52, 'c@x.org'],
  ['C04', null, 'pro', null, 38, 'd@x.org'],
  ['C05', '', 'pro', true, null, 'e@x.org'],
  ['C06', 'Seattle', 'basic', false, 23, 'f@x.org'],
  ['C07', 'Seattle', 'basic', false, 27, 'g@x.org'],
  ['C08', 'Portland', 'basic', true, 19, 'h@x.org'],
  ['C09', 'Portland', 'basic', false, 61, 'i@x.org'],
  ['C10', 'Boise', 'free', null, 33, 'j@x.org'],
  ['C11', "O'Brien Falls", 'free', false, 29, 'k@x.org'],
  ['C12', null, 'free', true, 44, 'l@x.org'],
];

const noSegments = () => undefined;
let engine: DuckDbEngine;
let source: ProfileSource;
let pro: SegmentDefinition;
let seattle: SegmentDefinition;

function attributeOf(result: DifferentiatorsResult, field: string): AttributeDifferentiator {
  const attribute = result.attributes.find((candidate) => candidate.field === field);
  if (!attribute) throw new Error(`no attribute ${field}`);
  return attribute;
}

function analyse(request: Partial<DifferentiatorsRequest>): Promise<DifferentiatorsResult> {
  return analyseDifferentiators(engine, source, { segment: pro, baseline: { kind: 'all' }, ...request }, noSegments);
}

beforeAll(async () => {
  engine = await DuckDbEngine.open(':memory:');
  source = await createProfiles(engine, 'profiles', FIELDS, ROWS);
  pro = segment('Pro', "plan = 'pro'", source);
  seattle = segment('Seattle', "city = 'Seattle'", source);
});

afterAll(async () => {
  await engine.close();
});

describe('baselines', () => {
  it('compares with all customers', async () => {
    const result = await analyse({});

    expect(result.segment).toEqual({ name: 'Pro', size: 5 });
    expect(result.baseline).toEqual({ kind: 'all', name: 'all customers', size: 12 });
    expect(result.tested).toEqual({ segment: 5, baseline: 7, leftOut: 0 });
  });

  it('compares with the rest', async () => {
    const result = await analyse({ baseline: { kind: 'rest' } });

    expect(result.baseline).toEqual({ kind: 'rest', name: 'not in Pro', size: 7 });
    expect(result.tested).toEqual({ segment: 5, baseline: 7, leftOut: 0 });
  });

  it('leaves customers of both segments out of the test', async () => {
    // Pro ∩ Seattle = C01, C02; Pro only C03-C05; Seattle only C06, C07.
    const result = await analyse({ baseline: { kind: 'segment', segment: seattle } });

    expect(result.baseline).toEqual({ kind: 'segment', name: 'Seattle', size: 4 });
    expect(result.tested).toEqual({ segment: 3, baseline: 2, leftOut: 2 });
  });

  it('tests the active flag on the disjoint groups only', async () => {
    // Tested: Pro only C03 false, C04 null, C05 true; Seattle only C06 false, C07 false.
    // Table [[1, 1, 1], [0, 2, 0]] (true, false, null): N 5, expected row 1 = 3/5 · (1, 3, 1).
    // chi2 = (1-.6)²/.6 + (1-1.8)²/1.8 + (1-.6)²/.6 + (0-.4)²/.4 + (2-1.2)²/1.2 + (0-.4)²/.4 = 2.2222222.
    const result = await analyse({ baseline: { kind: 'segment', segment: seattle } });

    const active = attributeOf(result, 'active');
    expect(active.statistic).toBeCloseTo(2.2222222222, 9);
    expect(active.degreesOfFreedom).toBe(2);
  });

  it('reports no test when the segment lies inside the baseline', async () => {
    const everyoneWithPlan = segment('Has plan', 'plan is not empty', source);

    const result = await analyse({ baseline: { kind: 'segment', segment: everyoneWithPlan } });

    expect(result.tested).toEqual({ segment: 0, baseline: 7, leftOut: 5 });
    for (const attribute of result.attributes) {
      expect(attribute.pValue).toBeNull();
      expect(attribute.notTestableReason).toMatch(/every segment customer is also in the baseline/);
    }
  });

  it('compares a static segment', async () => {
    await engine.execute(`CREATE TABLE pro_members AS SELECT * FROM (VALUES ('C01'), ('C02'), ('C03'), ('C04'), ('C05')) AS m(key)`);
    const members: StaticSegment = { kind: 'static', name: 'Pro list', membersRelation: 'pro_members' };

    const fromList = await analyse({ segment: members, exclude: ['plan'] });
    const fromRule = await analyse({});

    expect(fromList.segment.size).toBe(5);
    expect(attributeOf(fromList, 'city').values).toEqual(attributeOf(fromRule, 'city').values);
  });
});

describe('attribute choice', () => {
  it('leaves out the key, the rule fields and identifier-like fields', async () => {
    // Twelve distinct e-mails in twelve profiles is not identifier-like with 20 values shown.
    const result = await analyse({ maxValues: 5 });

    expect(result.excluded).toEqual([
      { field: 'customer_id', reason: 'customer key' },
      { field: 'plan', reason: 'defined by the rule' },
      { field: 'email', reason: 'identifier-like: 12 distinct values in 12 customers with a value' },
    ]);
    expect(result.attributes.map((attribute) => attribute.field).sort()).toEqual(['active', 'age', 'city']);
  });

  it('leaves out a text field with too many values', async () => {
    // 15,000 customers and 11,000 codes: not identifier-like (73% distinct), but over 10,000 values.
    await engine.execute(
      `CREATE TABLE many AS SELECT CAST(i AS VARCHAR) AS id, 'code ' || CAST(i % 11000 AS VARCHAR) AS code, ` +
        `CASE WHEN i % 3 = 0 THEN 'a' ELSE 'b' END AS grp FROM range(15000) AS r(i)`,
    );
    const many: ProfileSource = {
      relation: 'many',
      keyField: 'id',
      fields: [
        { name: 'id', type: 'text' },
        { name: 'code', type: 'text' },
        { name: 'grp', type: 'text' },
      ],
      label: 'many',
    };

    const run = analyseDifferentiators(engine, many, { segment: segment('A', "grp = 'a'", many), baseline: { kind: 'all' } }, noSegments);

    await expect(run).rejects.toThrow(/no attribute left to compare: .*code \(too many values to compare: 11000 distinct values, more than 10000\)/);
  });

  it('keeps a field with many distinct values below the value limit', async () => {
    const result = await analyse({});

    expect(result.attributes.map((attribute) => attribute.field)).toContain('email');
  });

  it('narrows to the included fields and lists the others', async () => {
    const result = await analyse({ include: ['city'] });

    expect(result.attributes.map((attribute) => attribute.field)).toEqual(['city']);
    expect(result.excluded).toContainEqual({ field: 'age', reason: 'not among the requested attributes' });
  });

  it('lists fields excluded on request', async () => {
    const result = await analyse({ exclude: ['email', 'age'] });

    expect(result.excluded).toContainEqual({ field: 'email', reason: 'excluded on request' });
    expect(result.attributes.map((attribute) => attribute.field).sort()).toEqual(['active', 'city']);
  });

  it('leaves out fields of a rule referred to by name', async () => {
    const resolver = (name: string) => (name === 'Seattle' ? seattle : undefined);
    const nested = segment('Pro in Seattle', 'in segment "Seattle" and plan = \'pro\'', source, resolver);

    const result = await analyseDifferentiators(engine, source, { segment: nested, baseline: { kind: 'all' } }, resolver);

    expect(result.excluded).toContainEqual({ field: 'city', reason: 'defined by the rule' });
    expect(result.excluded).toContainEqual({ field: 'plan', reason: 'defined by the rule' });
  });
});

describe('value tables', () => {
  it('keeps null apart from the empty string', async () => {
    const result = await analyse({});

    const city = attributeOf(result, 'city');
    const missing = city.values.find((row) => row.kind === 'missing');
    const empty = city.values.find((row) => row.value === '');
    expect(missing).toMatchObject({ label: '(empty)', value: null, segmentCount: 1, baselineCount: 2 });
    expect(empty).toMatchObject({ label: '(empty string)', segmentCount: 1, baselineCount: 1 });
  });

  it('folds values past the limit into (other)', async () => {
    // City values by customers: Seattle 4, Boise 2, Portland 2, then "" 1 and O'Brien Falls 1.
    const result = await analyse({ maxValues: 2 });

    const city = attributeOf(result, 'city');
    expect(city.values.map((row) => [row.label, row.baselineCount])).toEqual([
      ['Seattle', 4],
      ['Boise', 2],
      ['(other)', 4],
      ['(empty)', 2],
    ]);
    expect(city.values[2]?.foldedValues).toBe(3);
    expect(city.binning).toEqual({ kind: 'values', distinctValues: 5, foldedValues: 3 });
  });

  it('lists boolean values with missing last', async () => {
    const result = await analyse({});

    const active = attributeOf(result, 'active');
    // Five customers each for false and true (a tie, so by label), two missing.
    expect(active.values.map((row) => [row.value, row.segmentCount, row.baselineCount])).toEqual([
      [false, 1, 5],
      [true, 3, 5],
      [null, 1, 2],
    ]);
  });

  it('gives missing numbers their own row', async () => {
    const result = await analyse({ bins: 2 });

    // The 11 ages sorted: 19 23 27 29 31 33 38 44 45 52 61, median 33, so bins [19, 33] and
    // (33, 61]. Pro ages 31 | 38 45 52, and C05 has none.
    const age = attributeOf(result, 'age');
    expect(age.values.map((row) => [row.label, row.segmentCount, row.baselineCount])).toEqual([
      ['[19, 33]', 1, 6],
      ['(33, 61]', 3, 5],
      ['(empty)', 1, 1],
    ]);
  });

  it('marks values and attributes with low support', async () => {
    const result = await analyse({ minSupport: 3 });

    const city = attributeOf(result, 'city');
    expect(city.values.find((row) => row.label === 'Seattle')?.lowSupport).toBe(false);
    expect(city.values.find((row) => row.label === 'Boise')?.lowSupport).toBe(true);
    expect(city.lowSupport).toBe(false);
    expect(attributeOf(await analyse({ minSupport: 10 }), 'city').lowSupport).toBe(true);
  });

  it('quotes odd field names and values', async () => {
    const fields: Field[] = [
      { name: 'id', type: 'text' },
      { name: 'home "town"; DROP', type: 'text' },
      { name: 'tier', type: 'text' },
    ];
    const odd = await createProfiles(engine, 'odd profiles', fields, [
      ['1', "it's", 'a'],
      ['2', 'x"y', 'a'],
      ['3', "it's", 'b'],
    ]);

    const result = await analyseDifferentiators(
      engine,
      odd,
      { segment: segment('A', "tier = 'a'", odd), baseline: { kind: 'all' } },
      noSegments,
    );

    expect(result.attributes[0]?.values.map((row) => row.label)).toEqual(["it's", 'x"y']);
  });
});

describe('significance', () => {
  it('flags a p-value that underflows', async () => {
    // 3000 customers: group A all "yes", the rest all "no": chi2 = 3000 on 1 degree of freedom,
    // p ≈ 1e-655, below the smallest double.
    await engine.execute(
      `CREATE TABLE big AS SELECT CAST(i AS VARCHAR) AS id, CASE WHEN i < 1500 THEN 'a' ELSE 'b' END AS grp, ` +
        `CASE WHEN i < 1500 THEN 'yes' ELSE 'no' END AS answer FROM range(3000) AS r(i)`,
    );
    const big: ProfileSource = {
      relation: 'big',
      keyField: 'id',
      fields: [
        { name: 'id', type: 'text' },
        { name: 'grp', type: 'text' },
        { name: 'answer', type: 'text' },
      ],
      label: 'big',
    };

    const result = await analyseDifferentiators(
      engine,
      big,
      { segment: segment('A', "grp = 'a'", big), baseline: { kind: 'all' } },
      noSegments,
    );

    const answer = attributeOf(result, 'answer');
    expect(answer.statistic).toBeCloseTo(3000, 9);
    expect(answer.pValue).toBe(P_VALUE_FLOOR);
    expect(answer.pValueUnderflow).toBe(true);
    expect(answer.adjustedPValueUnderflow).toBe(true);
    expect(answer.significant).toBe(true);
    // Shares (yes, no): segment (1, 0), all (0.5, 0.5), mixture (0.75, 0.25).
    const divergence = 0.5 * Math.log2(1 / 0.75) + 0.5 * (0.5 * Math.log2(0.5 / 0.75) + 0.5 * Math.log2(0.5 / 0.25));
    expect(answer.influence).toBeCloseTo(Math.sqrt(divergence), 12);
  });

  it('adjusts p-values across attributes', async () => {
    const result = await analyse({});

    const tested = result.attributes.filter((attribute) => attribute.pValue !== null);
    const sorted = [...tested].sort((a, b) => (a.pValue ?? 0) - (b.pValue ?? 0));
    const largest = sorted.at(-1);
    expect(largest?.adjustedPValue).toBeCloseTo(largest?.pValue ?? Number.NaN, 12);
    for (const attribute of tested) expect(attribute.adjustedPValue).toBeGreaterThanOrEqual(attribute.pValue ?? 1);
  });

  it('ranks attributes by influence', async () => {
    const result = await analyse({});

    const influences = result.attributes.map((attribute) => attribute.influence);
    expect(influences).toEqual([...influences].sort((a, b) => b - a));
  });
});

describe('bad input', () => {
  it('rejects an empty segment', async () => {
    const nobody = segment('Nobody', "plan = 'gold'", source);

    await expect(analyse({ segment: nobody })).rejects.toThrow(/segment "Nobody" has no customers/);
  });

  it('rejects an empty baseline segment', async () => {
    const nobody = segment('Nobody', "plan = 'gold'", source);

    const run = analyse({ baseline: { kind: 'segment', segment: nobody } });

    await expect(run).rejects.toThrow(/baseline segment "Nobody" has no customers/);
  });

  it('rejects the segment itself as baseline', async () => {
    const same = segment('Pro again', "plan = 'pro'", source);

    await expect(analyse({ baseline: { kind: 'segment', segment: pro } })).rejects.toThrow(/is the segment "Pro" itself/);
    await expect(analyse({ baseline: { kind: 'segment', segment: same } })).rejects.toThrow(InvalidInputError);
  });

  it('rejects an unknown field with a suggestion', async () => {
    await expect(analyse({ include: ['citty'] })).rejects.toThrow(/unknown field "citty".*Did you mean "city"\?/);
    await expect(analyse({ exclude: ['zzz'] })).rejects.toThrow(/unknown field "zzz"/);
  });

  it('rejects a request that leaves no attribute', async () => {
    const run = analyse({ include: ['plan', 'customer_id'] });

    await expect(run).rejects.toThrow(/no attribute left to compare: customer_id \(customer key\).*plan \(defined by the rule\)/);
  });

  it('rejects invalid bin and value limits', async () => {
    await expect(analyse({ bins: 0 })).rejects.toThrow(/bins must be a whole number from 1 to 100, got 0/);
    await expect(analyse({ maxValues: 1.5 })).rejects.toThrow(/max values must be a whole number/);
  });
});
