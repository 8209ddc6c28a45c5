import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  analyseDifferentiators,
  type Baseline,
} from '../src/analyses/differentiators/differentiators-analysis.js';
import type { AttributeDifferentiator, DifferentiatorsResult } from '../src/analyses/differentiators/differentiators-result.js';
import type { Field, ProfileSource } from '../src/core/fields.js';
import { DuckDbEngine } from '../src/engines/duckdb/duckdb-engine.js';
import type { SqlValue } from '../src/sql/compiled-query.js';
import { chiSquareSurvival } from '../src/stats/chi-square-distribution.js';
import { createProfiles, segment } from './differentiators-fixtures.js';
import { pick, randomSource } from './support/seeded-random.js';

/**
 * Differential check: random profiles and random rule segments, analysed on DuckDB and recounted
 * here with plain loops and statistics written out separately from the product's.
 */

type Value = string | number | boolean | null;
type Profile = Record<string, Value>;

const FIELDS: Field[] = [
  { name: 'customer_id', type: 'text' },
  { name: 'city', type: 'text' },
  { name: 'plan', type: 'text' },
  { name: 'active', type: 'boolean' },
  { name: 'age', type: 'integer' },
  { name: 'spend', type: 'decimal' },
  { name: 'signup', type: 'date' },
];

const CITIES: Value[] = ['Seattle', 'Seattle', 'Boise', 'Portland', 'Reno', '', null];
const PLANS: Value[] = ['free', 'free', 'basic', 'pro', 'team'];

function randomProfiles(random: () => number, count: number): Profile[] {
  return Array.from({ length: count }, (_, index) => ({
    customer_id: `K${String(index).padStart(4, '0')}`,
    city: pick(random, CITIES),
    plan: pick(random, PLANS),
    active: pick(random, [true, false, false, null]),
    // Ages in steps of 5 give many ties at the quantile edges.
    age: random() < 0.1 ? null : 20 + 5 * Math.floor(random() * 10),
    spend: random() < 0.3 ? 0 : Math.round(random() * 50_000) / 100,
    signup: random() < 0.1 ? null : randomDate(random),
  }));
}

function randomDate(random: () => number): string {
  const month = 1 + Math.floor(random() * 18);
  const year = month > 12 ? 2025 : 2024;
  const day = 1 + Math.floor(random() * 28);
  return `${year}-${String(((month - 1) % 12) + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A rule as text for the product and as a predicate for the reference, two-valued. */
interface RandomRule {
  text: string;
  test: (profile: Profile) => boolean;
}

function randomCondition(random: () => number): RandomRule {
  const city = pick(random, ['Seattle', 'Boise', 'Portland']);
  const plans = [pick(random, PLANS), pick(random, PLANS)] as string[];
  const age = 20 + 5 * Math.floor(random() * 10);
  const spend = Math.round(random() * 400);
  const date = randomDate(random);
  const conditions: RandomRule[] = [
    { text: `city = '${city}'`, test: (p) => p.city === city },
    { text: `city != '${city}'`, test: (p) => p.city !== city },
    { text: `plan in ('${plans[0]}', '${plans[1]}')`, test: (p) => plans.includes(p.plan as string) },
    { text: `age > ${age}`, test: (p) => p.age !== null && (p.age as number) > age },
    { text: `age between ${age} and ${age + 15}`, test: (p) => p.age !== null && (p.age as number) >= age && (p.age as number) <= age + 15 },
    { text: 'active = true', test: (p) => p.active === true },
    { text: 'city is empty', test: (p) => p.city === null || p.city === '' },
    { text: `signup >= '${date}'`, test: (p) => p.signup !== null && (p.signup as string) >= date },
    { text: `spend < ${spend}`, test: (p) => p.spend !== null && (p.spend as number) < spend },
  ];
  return pick(random, conditions);
}

function randomRule(random: () => number): RandomRule {
  const first = randomCondition(random);
  const shape = Math.floor(random() * 4);
  if (shape === 0) return first;
  if (shape === 1) return { text: `not (${first.text})`, test: (p) => !first.test(p) };

  const second = randomCondition(random);
  if (shape === 2) return { text: `${first.text} and ${second.text}`, test: (p) => first.test(p) && second.test(p) };
  return { text: `(${first.text}) or (${second.text})`, test: (p) => first.test(p) || second.test(p) };
}

// ---- The reference: counts and statistics written out here, independently of src/stats. ----

interface ReferenceAttribute {
  field: string;
  counts: Map<string, { segment: number; baseline: number; testSegment: number; testBaseline: number }>;
  edges: number[] | null;
  influence: number;
  statistic: number | null;
  degreesOfFreedom: number;
  cramersV: number;
}

function referenceQuantile(sorted: number[], fraction: number): number {
  const position = (sorted.length - 1) * fraction;
  const low = Math.floor(position);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low]! + (position - low) * (sorted[high]! - sorted[low]!);
}

function referenceEdges(values: number[], bins: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const raw = Array.from({ length: bins + 1 }, (_, k) => referenceQuantile(sorted, k / bins));
  return [...new Set(raw)].sort((a, b) => a - b);
}

/** Keys the bucket of a value: "bin:<index>" for numbers, "month:<YYYY-MM>" for dates. */
function bucketKey(field: Field, value: Value, edges: number[] | null): string {
  if (value === null) return 'null';
  if (field.type === 'date') return `month:${(value as string).slice(0, 7)}`;
  if (!edges) return JSON.stringify(value);

  const number = value as number;
  if (number < edges[0]!) return 'bin:below';
  if (edges.length === 1) return number === edges[0] ? 'bin:0' : 'bin:above';
  for (let index = 1; index < edges.length; index += 1) if (number <= edges[index]!) return `bin:${index}`;
  return 'bin:above';
}

function referenceDistance(p: number[], q: number[]): number {
  const pTotal = p.reduce((a, b) => a + b, 0);
  const qTotal = q.reduce((a, b) => a + b, 0);
  let sum = 0;
  for (let i = 0; i < p.length; i += 1) {
    const a = p[i]! / pTotal;
    const b = q[i]! / qTotal;
    const m = (a + b) / 2;
    if (a > 0) sum += 0.5 * a * Math.log(a / m);
    if (b > 0) sum += 0.5 * b * Math.log(b / m);
  }
  return Math.sqrt(Math.max(0, sum / Math.LN2));
}

/**
 * Computes chi-square with the documented pooling. Columns whose total is below 5·N / (smallest
 * row total) pool into one column, which joins the smallest adequate column if still short. This
 * happens only when two adequate columns exist.
 */
function referenceChiSquare(rowA: number[], rowB: number[]): { statistic: number | null; dof: number; v: number } {
  let columns = rowA.map((a, i) => [a, rowB[i]!] as [number, number]).filter(([a, b]) => a + b > 0);
  const totalA = columns.reduce((s, [a]) => s + a, 0);
  const totalB = columns.reduce((s, [, b]) => s + b, 0);
  if (totalA === 0 || totalB === 0) return { statistic: null, dof: 0, v: 0 };
  if (columns.length < 2) return { statistic: 0, dof: 0, v: 0 };

  const n = totalA + totalB;
  const threshold = (5 * n) / Math.min(totalA, totalB);
  const adequate = columns.filter(([a, b]) => a + b >= threshold);
  const sparse = columns.filter(([a, b]) => a + b < threshold);
  if (sparse.length > 0 && adequate.length >= 2) {
    const pooled: [number, number] = [sparse.reduce((s, [a]) => s + a, 0), sparse.reduce((s, [, b]) => s + b, 0)];
    if (pooled[0] + pooled[1] >= threshold) columns = [...adequate, pooled];
    else {
      const smallest = adequate.reduce((best, c, i) => (c[0] + c[1] < adequate[best]![0] + adequate[best]![1] ? i : best), 0);
      columns = adequate.map((c, i) => (i === smallest ? [c[0] + pooled[0], c[1] + pooled[1]] : c));
    }
  }

  let statistic = 0;
  for (const [a, b] of columns) {
    const expectedA = ((a + b) * totalA) / n;
    const expectedB = ((a + b) * totalB) / n;
    statistic += (a - expectedA) ** 2 / expectedA + (b - expectedB) ** 2 / expectedB;
  }
  return { statistic, dof: columns.length - 1, v: Math.min(1, Math.sqrt(statistic / n)) };
}

function referenceAttribute(
  field: Field,
  profiles: Profile[],
  inA: boolean[],
  inB: boolean[],
  baselineKind: Baseline['kind'],
): ReferenceAttribute {
  let edges: number[] | null = null;
  if (field.type === 'integer' || field.type === 'decimal') {
    const baselineValues = profiles.filter((_, i) => inB[i] && profiles[i]![field.name] !== null).map((p) => p[field.name] as number);
    const eitherValues = profiles.filter((_, i) => (inA[i] || inB[i]) && profiles[i]![field.name] !== null).map((p) => p[field.name] as number);
    // No more distinct values than bins: each value is a row of its own, keyed like a text value.
    if (new Set(eitherValues).size <= 10) edges = null;
    else if (baselineValues.length > 0) edges = referenceEdges(baselineValues, 10);
    else if (eitherValues.length > 0) edges = [...new Set([Math.min(...eitherValues), Math.max(...eitherValues)])];
    else edges = [];
  }

  const counts = new Map<string, { segment: number; baseline: number; testSegment: number; testBaseline: number }>();
  profiles.forEach((profile, i) => {
    if (!inA[i] && !inB[i]) return;
    const key = bucketKey(field, profile[field.name] ?? null, edges);
    const entry = counts.get(key) ?? { segment: 0, baseline: 0, testSegment: 0, testBaseline: 0 };
    if (inA[i]) entry.segment += 1;
    if (inB[i]) entry.baseline += 1;
    if (inA[i] && (baselineKind === 'all' || !inB[i])) entry.testSegment += 1;
    if (inB[i] && !inA[i]) entry.testBaseline += 1;
    counts.set(key, entry);
  });

  const entries = [...counts.values()];
  const test = referenceChiSquare(entries.map((e) => e.testSegment), entries.map((e) => e.testBaseline));
  return {
    field: field.name,
    counts,
    edges,
    influence: referenceDistance(entries.map((e) => e.segment), entries.map((e) => e.baseline)),
    statistic: test.statistic,
    degreesOfFreedom: test.dof,
    cramersV: test.v,
  };
}

function referenceAdjust(pValues: (number | null)[]): (number | null)[] {
  const order = pValues.map((p, i) => [p, i] as const).filter(([p]) => p !== null).sort((a, b) => a[0]! - b[0]!);
  const adjusted: (number | null)[] = pValues.map(() => null);
  let minimum = 1;
  for (let k = order.length - 1; k >= 0; k -= 1) {
    minimum = Math.min(minimum, (order[k]![0]! * order.length) / (k + 1));
    adjusted[order[k]![1]] = minimum;
  }
  return adjusted;
}

/** Keys the result's row counts like the reference's buckets. */
function resultCounts(attribute: AttributeDifferentiator, reference: ReferenceAttribute): Map<string, [number, number]> {
  const counts = new Map<string, [number, number]>();
  for (const row of attribute.values) {
    let key: string;
    if (row.kind === 'missing') key = 'null';
    else if (row.kind === 'period') key = `month:${row.label}`;
    else if (row.kind === 'bin') key = binKeyOf(row.range!, reference.edges ?? []);
    else key = JSON.stringify(row.value);
    counts.set(key, [row.segmentCount, row.baselineCount]);
  }
  return counts;
}

/**
 * Finds the reference bin whose upper edge closes a (possibly widened) result bin. DuckDB and the
 * reference interpolate quantiles in different orders, so edges may differ in the last bits.
 */
function binKeyOf(range: { low: number | null; high: number | null }, edges: number[]): string {
  if (range.low === null) return 'bin:below';
  if (range.high === null) return 'bin:above';
  if (edges.length === 1) return 'bin:0';
  const high = range.high;
  return `bin:${edges.findIndex((edge) => Math.abs(edge - high) <= 1e-9 * Math.max(1, Math.abs(edge)))}`;
}

// ---- The check ----

let engine: DuckDbEngine;
let tableCount = 0;

beforeAll(async () => {
  engine = await DuckDbEngine.open(':memory:');
});

afterAll(async () => {
  await engine.close();
});

async function loadProfiles(profiles: Profile[]): Promise<ProfileSource> {
  tableCount += 1;
  const rows = profiles.map((profile) => FIELDS.map((field) => (profile[field.name] ?? null) as SqlValue));
  return createProfiles(engine, `random_${tableCount}`, FIELDS, rows);
}

function expectMatchesReference(
  result: DifferentiatorsResult,
  profiles: Profile[],
  inA: boolean[],
  inB: boolean[],
  baselineKind: Baseline['kind'],
): void {
  const segmentSize = inA.filter(Boolean).length;
  const baselineSize = inB.filter(Boolean).length;
  expect(result.segment.size).toBe(segmentSize);
  expect(result.baseline.size).toBe(baselineSize);

  const references = FIELDS.slice(1).map((field) => referenceAttribute(field, profiles, inA, inB, baselineKind));
  const referencePs = references.map((reference) =>
    reference.statistic === null || reference.degreesOfFreedom === 0 ? null : chiSquareSurvival(reference.statistic, reference.degreesOfFreedom),
  );
  const adjusted = referenceAdjust(referencePs);

  references.forEach((reference, index) => {
    const attribute = result.attributes.find((candidate) => candidate.field === reference.field);
    if (!attribute) throw new Error(`attribute ${reference.field} missing`);

    const counts = resultCounts(attribute, reference);
    const expected = new Map([...reference.counts].map(([key, entry]) => [key, [entry.segment, entry.baseline]]));
    expect(counts, `counts of ${reference.field}`).toEqual(expected);
    if (reference.edges && attribute.binning.kind === 'quantiles') {
      const edges = attribute.binning.edges;
      expect(edges).toHaveLength(reference.edges.length);
      reference.edges.forEach((edge, position) => expect(edges[position]).toBeCloseTo(edge, 9));
    }
    for (const row of attribute.values) {
      expect(row.segmentShare).toBeCloseTo(row.segmentCount / segmentSize, 12);
      expect(row.baselineShare).toBeCloseTo(row.baselineCount / baselineSize, 12);
    }

    expect(attribute.influence, `influence of ${reference.field}`).toBeCloseTo(reference.influence, 9);
    expect(attribute.degreesOfFreedom, `dof of ${reference.field}`).toBe(reference.degreesOfFreedom);
    if (reference.statistic === null) expect(attribute.statistic).toBeNull();
    else expect(attribute.statistic, `chi2 of ${reference.field}`).toBeCloseTo(reference.statistic, 8);
    expect(attribute.effectSize).toBeCloseTo(reference.cramersV, 9);
    const referenceP = referencePs[index] ?? null;
    if (referenceP === null) expect(attribute.pValue).toBeNull();
    else expect(attribute.pValue).toBeCloseTo(referenceP, 12);
    if (adjusted[index] === null) expect(attribute.adjustedPValue).toBeNull();
    else expect(attribute.adjustedPValue).toBeCloseTo(adjusted[index]!, 12);
  });
}

const SEEDS = Array.from({ length: 12 }, (_, index) => 1000 + index);

describe('differentiators on random profiles', () => {
  it.each(SEEDS)('match a plain recount for seed %i', async (seed) => {
    const random = randomSource(seed);
    const profiles = randomProfiles(random, 60 + Math.floor(random() * 340));
    const source = await loadProfiles(profiles);

    let ruleA = randomRule(random);
    while (!profiles.some(ruleA.test) || profiles.every(ruleA.test)) ruleA = randomRule(random);
    let ruleB = randomRule(random);
    while (!profiles.some(ruleB.test) || ruleB.text === ruleA.text) ruleB = randomRule(random);
    const inA = profiles.map(ruleA.test);

    const baselines: [Baseline, boolean[]][] = [
      [{ kind: 'all' }, profiles.map(() => true)],
      [{ kind: 'rest' }, inA.map((member) => !member)],
      [{ kind: 'segment', segment: segment('B', ruleB.text, source) }, profiles.map(ruleB.test)],
    ];
    for (const [baseline, inB] of baselines) {
      const request = { segment: segment('A', ruleA.text, source), baseline, keepRuleFields: true, dateUnit: 'month' as const };
      const result = await analyseDifferentiators(engine, source, request, () => undefined);

      expectMatchesReference(result, profiles, inA, inB, baseline.kind);
    }
  });
});

describe('differentiators invariants', () => {
  let source: ProfileSource;
  let profiles: Profile[];

  beforeAll(async () => {
    profiles = randomProfiles(randomSource(7), 300);
    source = await loadProfiles(profiles);
  });

  it('gives shares summing to 1 in each group', async () => {
    const request = { segment: segment('A', "plan in ('pro', 'team')", source), baseline: { kind: 'rest' as const } };
    const result = await analyseDifferentiators(engine, source, request, () => undefined);

    for (const attribute of result.attributes) {
      expect(attribute.values.reduce((sum, row) => sum + row.segmentShare, 0)).toBeCloseTo(1, 12);
      expect(attribute.values.reduce((sum, row) => sum + row.baselineShare, 0)).toBeCloseTo(1, 12);
    }
  });

  it('gives influence 0 against a segment with the same members', async () => {
    const a = segment('A', "city = 'Seattle' or age > 50", source);
    const same = segment('Same members', "not (not (city = 'Seattle' or age > 50))", source);

    const request = { segment: a, baseline: { kind: 'segment' as const, segment: same } };
    const result = await analyseDifferentiators(engine, source, request, () => undefined);

    expect(result.tested).toMatchObject({ segment: 0, baseline: 0 });
    for (const attribute of result.attributes) {
      expect(attribute.influence).toBe(0);
      expect(attribute.pValue).toBeNull();
    }
  });

  it('keeps the chi-square statistic when disjoint segments swap', async () => {
    const a = segment('A', "active = true", source);
    const b = segment('B', "not (active = true) and plan != 'free'", source);

    const forward = await analyseDifferentiators(engine, source, { segment: a, baseline: { kind: 'segment', segment: b } }, () => undefined);
    const backward = await analyseDifferentiators(engine, source, { segment: b, baseline: { kind: 'segment', segment: a } }, () => undefined);

    // Numeric bins follow the baseline's quantiles, so only values and periods keep their table.
    for (const attribute of forward.attributes.filter((candidate) => candidate.binning.kind !== 'quantiles')) {
      const swapped = backward.attributes.find((candidate) => candidate.field === attribute.field);
      expect(swapped?.statistic, attribute.field).toBeCloseTo(attribute.statistic ?? Number.NaN, 9);
      expect(swapped?.influence, attribute.field).toBeCloseTo(attribute.influence, 12);
    }
  });
});
