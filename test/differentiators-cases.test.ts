import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  analyseDifferentiators,
  type DifferentiatorsRequest,
} from '../src/analyses/differentiators/differentiators-analysis.js';
import type {
  AttributeDifferentiator,
  DifferentiatorsResult,
  ValueComparison,
} from '../src/analyses/differentiators/differentiators-result.js';
import type { ProfileSource } from '../src/core/fields.js';
import { DuckDbEngine } from '../src/engines/duckdb/duckdb-engine.js';
import { loadCase, segment } from './differentiators-fixtures.js';

/**
 * The differentiators cases of the shared fault collection, each a small profile file with numbers
 * worked out by hand and checked with pandas and scipy. Floats are compared to 1e-6 (p-values
 * relatively), as the case files state.
 */

const noSegments = () => undefined;

function attributeOf(result: DifferentiatorsResult, field: string): AttributeDifferentiator {
  const attribute = result.attributes.find((candidate) => candidate.field === field);
  if (!attribute) throw new Error(`no attribute ${field} in the result`);
  return attribute;
}

function rowOf(attribute: AttributeDifferentiator, label: string): ValueComparison {
  const row = attribute.values.find((candidate) => candidate.label === label);
  if (!row) throw new Error(`no value ${label} for ${attribute.field}: ${attribute.values.map((v) => v.label).join(', ')}`);
  return row;
}

function expectRelative(actual: number | null, expected: number, tolerance = 1e-6): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual ?? Number.NaN) - expected) / expected).toBeLessThan(tolerance);
}

function expectShares(attribute: AttributeDifferentiator): void {
  const segmentTotal = attribute.values.reduce((sum, row) => sum + row.segmentShare, 0);
  const baselineTotal = attribute.values.reduce((sum, row) => sum + row.baselineShare, 0);
  expect(segmentTotal).toBeCloseTo(1, 12);
  expect(baselineTotal).toBeCloseTo(1, 12);
}

/** Checks that every number of a result is finite or null, so no NaN or Infinity reaches JSON. */
function expectFinite(result: DifferentiatorsResult): void {
  const text = JSON.stringify(result, (_, value: unknown) => {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`non-finite number ${value}`);
    return value;
  });
  expect(text.length).toBeGreaterThan(0);
}

let engine: DuckDbEngine;

beforeAll(async () => {
  engine = await DuckDbEngine.open(':memory:');
});

afterAll(async () => {
  await engine.close();
});

describe('segment holding every customer', () => {
  let source: ProfileSource;
  let request: DifferentiatorsRequest;

  beforeAll(async () => {
    source = await loadCase(engine, 'P12.csv');
    request = { segment: segment('EVERYONE', "country = 'US'", source), baseline: { kind: 'all' }, include: ['plan', 'city'] };
  });

  it('has lift 1 for every value against all customers', async () => {
    const result = await analyseDifferentiators(engine, source, request, noSegments);

    expect(result.segment.size).toBe(6);
    expect(result.baseline.size).toBe(6);
    const plan = attributeOf(result, 'plan');
    expect(rowOf(plan, 'basic').segmentCount).toBe(4);
    expect(rowOf(plan, 'basic').segmentShare).toBeCloseTo(0.6666666667, 9);
    expect(rowOf(plan, 'pro').baselineShare).toBeCloseTo(0.3333333333, 9);
    const city = attributeOf(result, 'city');
    expect(rowOf(city, 'Seattle').segmentShare).toBeCloseTo(0.5, 12);
    expect(rowOf(city, 'Portland').segmentShare).toBeCloseTo(0.3333333333, 9);
    expect(rowOf(city, 'Boise').segmentShare).toBeCloseTo(0.1666666667, 9);
    for (const attribute of result.attributes) {
      for (const row of attribute.values) expect(row.lift).toBe(1);
    }
    expectFinite(result);
  });

  it('reports the members-vs-rest test as not testable', async () => {
    const result = await analyseDifferentiators(engine, source, request, noSegments);

    expect(result.tested).toEqual({ segment: 6, baseline: 0, leftOut: 0 });
    for (const attribute of result.attributes) {
      expect(attribute.pValue).toBeNull();
      expect(attribute.statistic).toBeNull();
      expect(attribute.effectSize).toBe(0);
      expect(attribute.influence).toBe(0);
      expect(attribute.significant).toBe(false);
      expect(attribute.notTestableReason).toMatch(/contains every customer \(0 non-members\)/);
    }
  });

  it('rejects the rest as baseline because it is empty', async () => {
    const run = analyseDifferentiators(engine, source, { ...request, baseline: { kind: 'rest' } }, noSegments);

    await expect(run).rejects.toThrow(/the rest is empty: segment "EVERYONE" contains every customer/);
  });
});

describe('single-category attribute', () => {
  let source: ProfileSource;
  let request: DifferentiatorsRequest;

  beforeAll(async () => {
    source = await loadCase(engine, 'P14.csv');
    request = {
      segment: segment('PRO', "plan = 'pro'", source),
      baseline: { kind: 'all' },
      include: ['country', 'plan'],
      keepRuleFields: true,
    };
  });

  it('gives the constant attribute V 0 and no p-value', async () => {
    const result = await analyseDifferentiators(engine, source, request, noSegments);

    const country = attributeOf(result, 'country');
    expect(rowOf(country, 'US').segmentShare).toBe(1);
    expect(rowOf(country, 'US').baselineShare).toBe(1);
    expect(rowOf(country, 'US').lift).toBe(1);
    expect(country.statistic).toBe(0);
    expect(country.degreesOfFreedom).toBe(0);
    expect(country.pValue).toBeNull();
    expect(country.effectSize).toBe(0);
    expect(country.influence).toBe(0);
    expect(country.notTestableReason).toMatch(/constant attribute/);
    expectFinite(result);
  });

  it('tests the plan against the rest', async () => {
    const result = await analyseDifferentiators(engine, source, request, noSegments);

    const plan = attributeOf(result, 'plan');
    expect(plan.statistic).toBeCloseTo(8.0, 6);
    expect(plan.degreesOfFreedom).toBe(2);
    expectRelative(plan.pValue, 0.01831563889);
    expect(plan.effectSize).toBeCloseTo(1.0, 6);
    expect(rowOf(plan, 'pro').lift).toBeCloseTo(2.666666667, 6);
    expect(rowOf(plan, 'basic').baselineShare).toBeCloseTo(0.375, 12);
    expect(rowOf(plan, 'free').lift).toBe(0);
  });

  it('never ranks the constant attribute first', async () => {
    const result = await analyseDifferentiators(engine, source, request, noSegments);

    expect(result.attributes.map((attribute) => attribute.field)).toEqual(['plan', 'country']);
    expect(attributeOf(result, 'country').significant).toBe(false);
  });

  it('gives shares and lifts against the rest', async () => {
    const result = await analyseDifferentiators(engine, source, { ...request, baseline: { kind: 'rest' } }, noSegments);

    const plan = attributeOf(result, 'plan');
    expect(result.baseline.size).toBe(5);
    expect(rowOf(plan, 'pro').baselineShare).toBe(0);
    expect(rowOf(plan, 'pro').lift).toBeNull();
    expect(rowOf(plan, 'basic').baselineShare).toBeCloseTo(0.6, 12);
    expect(rowOf(plan, 'free').baselineShare).toBeCloseTo(0.4, 12);
    expect(rowOf(plan, 'basic').lift).toBe(0);
    expect(plan.statistic).toBeCloseTo(8.0, 6);
  });

  it('leaves the rule field out unless asked to keep it', async () => {
    const result = await analyseDifferentiators(engine, source, { ...request, keepRuleFields: false }, noSegments);

    expect(result.attributes.map((attribute) => attribute.field)).toEqual(['country']);
    expect(result.excluded).toContainEqual({ field: 'plan', reason: 'defined by the rule' });
    expect(result.excluded).toContainEqual({ field: 'customer_id', reason: 'customer key' });
  });
});

describe('p-value far in the tail', () => {
  let source: ProfileSource;
  let request: DifferentiatorsRequest;

  beforeAll(async () => {
    source = await loadCase(engine, 'P15.csv');
    request = { segment: segment('CAMPAIGN', "in_campaign = 'yes'", source), baseline: { kind: 'all' } };
  });

  it('computes p from the upper tail, never 0', async () => {
    const result = await analyseDifferentiators(engine, source, request, noSegments);

    const channel = attributeOf(result, 'channel');
    expect(result.segment.size).toBe(41);
    expect(result.baseline.size).toBe(82);
    expect(channel.statistic).toBeCloseTo(74.19512195, 6);
    expect(channel.degreesOfFreedom).toBe(1);
    expectRelative(channel.pValue, 7.076494846e-18);
    expect(channel.pValueUnderflow).toBe(false);
    expect(channel.effectSize).toBeCloseTo(0.9512195122, 6);
    expect(channel.significant).toBe(true);
  });

  it('gives email a lift of 1.95 against all customers', async () => {
    const result = await analyseDifferentiators(engine, source, request, noSegments);

    const email = rowOf(attributeOf(result, 'channel'), 'email');
    expect(email.segmentCount).toBe(40);
    expect(email.baselineCount).toBe(41);
    expect(email.segmentShare).toBeCloseTo(0.9756097561, 9);
    expect(email.baselineShare).toBeCloseTo(0.5, 12);
    expect(email.lift).toBeCloseTo(1.951219512, 8);
    expect(rowOf(attributeOf(result, 'channel'), 'web').lift).toBeCloseTo(0.0487804878, 9);
  });

  it('gives email a lift of 40 against the rest', async () => {
    const result = await analyseDifferentiators(engine, source, { ...request, baseline: { kind: 'rest' } }, noSegments);

    const channel = attributeOf(result, 'channel');
    expect(rowOf(channel, 'email').lift).toBeCloseTo(40, 9);
    expect(rowOf(channel, 'web').lift).toBeCloseTo(0.025, 12);
    expect(channel.statistic).toBeCloseTo(74.19512195, 6);
  });
});

describe('quantile bins with heavy ties', () => {
  let source: ProfileSource;
  let request: DifferentiatorsRequest;

  beforeAll(async () => {
    source = await loadCase(engine, 'P17.csv', { orders: 'integer', visits: 'integer' });
    request = { segment: segment('NORTH', "region = 'north'", source), baseline: { kind: 'all' }, bins: 4 };
  });

  it('merges tied quartile edges into two bins', async () => {
    const result = await analyseDifferentiators(engine, source, request, noSegments);

    const orders = attributeOf(result, 'orders');
    expect(orders.binning).toEqual({ kind: 'quantiles', bins: 4, edges: [0, 1.25, 9] });
    expect(orders.values.map((row) => row.label)).toEqual(['[0, 1.25]', '(1.25, 9]']);
    expect(orders.values.map((row) => row.baselineCount)).toEqual([9, 3]);
    expect(orders.values.map((row) => row.segmentCount)).toEqual([2, 3]);
  });

  it('compares the bins like values', async () => {
    const result = await analyseDifferentiators(engine, source, request, noSegments);

    const orders = attributeOf(result, 'orders');
    expect(rowOf(orders, '[0, 1.25]').segmentShare).toBeCloseTo(0.4, 12);
    expect(rowOf(orders, '[0, 1.25]').baselineShare).toBeCloseTo(0.75, 12);
    expect(rowOf(orders, '[0, 1.25]').lift).toBeCloseTo(0.5333333333, 9);
    expect(rowOf(orders, '(1.25, 9]').lift).toBeCloseTo(2.4, 12);
    expect(orders.statistic).toBeCloseTo(5.6, 9);
    expect(orders.degreesOfFreedom).toBe(1);
    expectRelative(orders.pValue, 0.01796047753);
    expect(orders.effectSize).toBeCloseTo(0.6831300511, 9);
  });

  it('gives a constant numeric attribute one bin', async () => {
    const result = await analyseDifferentiators(engine, source, request, noSegments);

    const visits = attributeOf(result, 'visits');
    expect(visits.values.map((row) => [row.label, row.baselineCount])).toEqual([['3', 12]]);
    expect(visits.pValue).toBeNull();
    expect(visits.effectSize).toBe(0);
    expect(visits.influence).toBe(0);
    expect(visits.summary?.standardizedMeanDifference).toBe(0);
  });

  it('cuts bins at the rest quantiles', async () => {
    const result = await analyseDifferentiators(engine, source, { ...request, baseline: { kind: 'rest' } }, noSegments);

    // The rest (six 0s and one 1) has quartiles [0, 0, 0, 0, 1], so one bin [0, 1]; the segment's
    // 2, 5 and 9 fall above the last edge.
    const orders = attributeOf(result, 'orders');
    expect(orders.values.map((row) => [row.label, row.segmentCount, row.baselineCount])).toEqual([
      ['[0, 1]', 2, 7],
      ['> 1', 3, 0],
    ]);
    expect(rowOf(orders, '> 1').lift).toBeNull();
  });

  it('keeps every customer in exactly one bin', async () => {
    const result = await analyseDifferentiators(engine, source, request, noSegments);

    for (const attribute of result.attributes) {
      expect(attribute.values.reduce((sum, row) => sum + row.baselineCount, 0)).toBe(12);
      expectShares(attribute);
    }
  });

  it('gives mean, median and spread of both groups', async () => {
    const result = await analyseDifferentiators(engine, source, request, noSegments);

    // Segment orders 0, 1, 2, 5, 9: mean 3.4, median 2, squared deviations 11.56 + 5.76 + 1.96 +
    // 2.56 + 31.36 = 53.2, sample SD sqrt(53.2 / 4) = 3.6469165. All orders: mean 18 / 12 = 1.5,
    // median 0.
    const summary = attributeOf(result, 'orders').summary;
    expect(summary?.segment.count).toBe(5);
    expect(summary?.segment.mean).toBeCloseTo(3.4, 12);
    expect(summary?.segment.median).toBe(2);
    expect(summary?.segment.standardDeviation).toBeCloseTo(3.6469165057620936, 9);
    expect(summary?.baseline.mean).toBeCloseTo(1.5, 12);
    expect(summary?.baseline.median).toBe(0);
  });
});

describe('date-only values', () => {
  let source: ProfileSource;
  let request: DifferentiatorsRequest;

  beforeAll(async () => {
    source = await loadCase(engine, 'P33.csv', { signup_date: 'date' });
    request = { segment: segment('PRO', "plan = 'pro'", source), baseline: { kind: 'all' } };
  });

  it.each(['America/Los_Angeles', 'Asia/Tokyo', 'UTC'])('bins by calendar month in %s', async (zone) => {
    const previous = process.env.TZ;
    process.env.TZ = zone;
    try {
      const result = await analyseDifferentiators(engine, source, request, noSegments);

      const signup = attributeOf(result, 'signup_date');
      expect(signup.binning).toEqual({ kind: 'periods', unit: 'month' });
      expect(signup.values.map((row) => [row.label, row.segmentCount, row.baselineCount])).toEqual([
        ['2024-02', 1, 1],
        ['2024-12', 0, 1],
        ['2025-01', 1, 1],
        ['2025-02', 1, 1],
        ['2025-03', 2, 3],
        ['2025-04', 0, 1],
      ]);
      expect(rowOf(signup, '2025-03').lift).toBeCloseTo(1.066666667, 8);
      expect(signup.statistic).toBeCloseTo(5.155555556, 8);
      expect(signup.degreesOfFreedom).toBe(5);
      expectRelative(signup.pValue, 0.3971926404);
      expect(signup.effectSize).toBeCloseTo(0.8027729719, 9);
    } finally {
      if (previous === undefined) delete process.env.TZ;
      else process.env.TZ = previous;
    }
  });

  it('bins by year on request', async () => {
    const result = await analyseDifferentiators(engine, source, { ...request, dateUnit: 'year' }, noSegments);

    const signup = attributeOf(result, 'signup_date');
    expect(signup.values.map((row) => [row.label, row.baselineCount])).toEqual([
      ['2024', 2],
      ['2025', 6],
    ]);
  });
});

describe('Jensen-Shannon with zero shares', () => {
  let source: ProfileSource;
  let request: DifferentiatorsRequest;

  beforeAll(async () => {
    source = await loadCase(engine, 'P37.csv');
    request = { segment: segment('PRO', "plan = 'pro'", source), baseline: { kind: 'all' } };
  });

  it('measures influence against all customers', async () => {
    const result = await analyseDifferentiators(engine, source, request, noSegments);

    expect(attributeOf(result, 'channel').influence).toBeCloseTo(0.4242376222, 9);
    expect(attributeOf(result, 'tier').influence).toBeCloseTo(0.629138778, 9);
  });

  it('measures influence against the rest', async () => {
    const result = await analyseDifferentiators(engine, source, { ...request, baseline: { kind: 'rest' } }, noSegments);

    expect(attributeOf(result, 'channel').influence).toBeCloseTo(0.6270214338, 9);
    expect(attributeOf(result, 'tier').influence).toBe(1);
    expect(rowOf(attributeOf(result, 'channel'), 'push').lift).toBeNull();
    expect(rowOf(attributeOf(result, 'channel'), 'email').lift).toBeCloseTo(1.5, 12);
    expectFinite(result);
  });

  it('tests the members against the rest', async () => {
    const result = await analyseDifferentiators(engine, source, request, noSegments);

    const channel = attributeOf(result, 'channel');
    expect(channel.statistic).toBeCloseTo(3.75, 9);
    expect(channel.degreesOfFreedom).toBe(3);
    expectRelative(channel.pValue, 0.2897557812);
    expect(channel.effectSize).toBeCloseTo(0.6123724357, 9);
    const tier = attributeOf(result, 'tier');
    expect(tier.statistic).toBeCloseTo(10, 9);
    expectRelative(tier.pValue, 0.006737946999);
    expect(tier.effectSize).toBeCloseTo(1, 9);
  });

  it('ranks tier above channel', async () => {
    const result = await analyseDifferentiators(engine, source, request, noSegments);

    expect(result.attributes.map((attribute) => attribute.field)).toEqual(['tier', 'channel']);
  });
});
