import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { analyseOverlap } from '../src/analyses/overlap/overlap-analysis.js';
import type { ValueCounts } from '../src/analyses/overlap/overlap-result.js';
import { ruleSegment } from '../src/analyses/segment-input.js';
import type { Field, ProfileSource } from '../src/core/fields.js';
import { DuckDbEngine } from '../src/engines/duckdb/duckdb-engine.js';
import { pick, randomSource } from './support/seeded-random.js';

/**
 * Random profiles and random rule segments: the engine's regions and breakdowns must equal a
 * plain in-memory count, with the rule semantics written out again here independently of the
 * rule compiler (two-valued: a missing value fails every comparison, negations are complements).
 */

type Value = string | number | boolean | null;
type Profile = Record<string, Value>;

const FIELDS: Field[] = [
  { name: 'customer_id', type: 'text' },
  { name: 'city', type: 'text' },
  { name: 'age', type: 'integer' },
  { name: 'spend', type: 'decimal' },
  { name: 'vip', type: 'boolean' },
  { name: 'signup', type: 'date' },
  { name: 'odd "name"; --', type: 'text' },
];

const CITIES = ['Seattle', 'seattle', 'Zürich', 'São Paulo', '', "O'Fallon", 'Köln', null];
const TAGS = ['a', 'b', "x'; DROP TABLE profiles; --", '', null];
const DATES = ['2023-01-15', '2023-06-30', '2024-02-29', '2024-12-31', null];

function makeProfiles(random: () => number, count: number): Profile[] {
  return Array.from({ length: count }, (_, index) => ({
    customer_id: `K${String(index).padStart(4, '0')}`,
    city: pick(random, CITIES),
    age: random() < 0.1 ? null : 18 + Math.floor(random() * 60),
    spend: random() < 0.1 ? null : Math.round(random() * 100000) / 100,
    vip: random() < 0.15 ? null : random() < 0.3,
    signup: pick(random, DATES),
    'odd "name"; --': pick(random, TAGS),
  }));
}

type RuleJson = Record<string, unknown>;

function randomLeaf(random: () => number): RuleJson {
  const kind = Math.floor(random() * 9);
  switch (kind) {
    case 0:
      return { field: 'city', op: pick(random, ['eq', 'neq']), value: pick(random, CITIES.filter((city) => city !== null)) };
    case 1:
      return { field: 'age', op: pick(random, ['lt', 'lte', 'gt', 'gte', 'eq', 'neq']), value: 18 + Math.floor(random() * 60) };
    case 2: {
      const low = Math.floor(random() * 500);
      return { field: 'spend', op: 'between', value: [low, low + Math.floor(random() * 500)] };
    }
    case 3:
      return { field: 'vip', op: pick(random, ['eq', 'neq']), value: random() < 0.5 };
    case 4:
      return { field: 'signup', op: pick(random, ['gte', 'lt']), value: pick(random, ['2023-06-30', '2024-01-01']) };
    case 5:
      return { field: 'city', op: pick(random, ['in', 'not_in']), value: ['Seattle', 'Zürich', ''] };
    case 6:
      return { field: 'city', op: pick(random, ['contains', 'not_contains', 'starts_with', 'ends_with']), value: pick(random, ['e', 'Sea', 'ln', "'"]) };
    case 7:
      return { field: pick(random, ['city', 'age', 'odd "name"; --']), op: pick(random, ['is_empty', 'is_not_empty']) };
    default:
      return { field: 'odd "name"; --', op: pick(random, ['eq', 'neq']), value: pick(random, TAGS.filter((tag) => tag !== null)) };
  }
}

function randomRule(random: () => number, depth = 0): RuleJson {
  if (depth >= 2 || random() < 0.4) return randomLeaf(random);
  const roll = random();
  if (roll < 0.2) return { not: randomRule(random, depth + 1) };
  const children = [randomRule(random, depth + 1), randomRule(random, depth + 1)];
  return roll < 0.6 ? { all: children } : { any: children };
}

/** Evaluates a rule on one profile by the reference semantics, written without the rule compiler. */
function matches(rule: RuleJson, profile: Profile): boolean {
  if ('all' in rule) return (rule.all as RuleJson[]).every((child) => matches(child, profile));
  if ('any' in rule) return (rule.any as RuleJson[]).some((child) => matches(child, profile));
  if ('not' in rule) return !matches(rule.not as RuleJson, profile);

  const value = profile[rule.field as string] ?? null;
  const operand = rule.value as Value | Value[];
  const isText = typeof value === 'string';
  switch (rule.op) {
    case 'eq': return value !== null && value === operand;
    case 'neq': return !(value !== null && value === operand);
    case 'lt': return value !== null && order(value, operand) < 0;
    case 'lte': return value !== null && order(value, operand) <= 0;
    case 'gt': return value !== null && order(value, operand) > 0;
    case 'gte': return value !== null && order(value, operand) >= 0;
    case 'between': {
      const [low, high] = operand as number[];
      return value !== null && (value as number) >= (low as number) && (value as number) <= (high as number);
    }
    case 'in': return value !== null && (operand as Value[]).includes(value);
    case 'not_in': return !(value !== null && (operand as Value[]).includes(value));
    case 'contains': return isText && (value as string).includes(operand as string);
    case 'not_contains': return !(isText && (value as string).includes(operand as string));
    case 'starts_with': return isText && (value as string).startsWith(operand as string);
    case 'ends_with': return isText && (value as string).endsWith(operand as string);
    case 'is_empty': return value === null || value === '';
    case 'is_not_empty': return !(value === null || value === '');
    default: throw new Error(`unexpected op ${String(rule.op)}`);
  }
}

/** Orders numbers by value and ISO dates as text, which is their calendar order. */
function order(value: Value, operand: Value | Value[]): number {
  const a = value as string | number;
  const b = operand as string | number;
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** Regions as "name&name" → count, plus "none", counted one profile at a time. */
function countRegions(profiles: readonly Profile[], rules: readonly RuleJson[], names: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const profile of profiles) {
    const members = names.filter((_, index) => matches(rules[index] as RuleJson, profile));
    const key = members.length === 0 ? 'none' : members.join('&');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function regionsOf(counts: ValueCounts): Map<string, number> {
  const regions = new Map<string, number>();
  for (const region of counts.regions) regions.set(region.segments.join('&'), region.count);
  if (counts.none > 0) regions.set('none', counts.none);
  return regions;
}

let engine: DuckDbEngine;
let source: ProfileSource;
let profiles: Profile[];

beforeAll(async () => {
  engine = await DuckDbEngine.open(':memory:');
  profiles = makeProfiles(randomSource(20261204), 400);

  const quote = (name: string) => engine.dialect.quoteIdentifier(name);
  const columns = FIELDS.map((field) => `${quote(field.name)} ${engine.dialect.sqlType(field.type)}`).join(', ');
  await engine.execute(`CREATE TABLE profiles (${columns})`);
  for (const profile of profiles) {
    const placeholders = FIELDS.map((field, index) => (field.type === 'date' ? `CAST($${index + 1} AS DATE)` : `$${index + 1}`));
    await engine.execute({
      sql: `INSERT INTO profiles VALUES (${placeholders.join(', ')})`,
      parameters: FIELDS.map((field) => profile[field.name] ?? null),
    });
  }
  source = { relation: 'profiles', keyField: 'customer_id', fields: FIELDS, label: 'profiles' };
});

afterAll(async () => {
  await engine.close();
});

describe('overlap against in-memory counting', () => {
  test.each(Array.from({ length: 25 }, (_, index) => index + 1))('random segments, seed %i', async (seed) => {
    const random = randomSource(seed);
    const segmentCount = 2 + Math.floor(random() * 4);
    const names = Array.from({ length: segmentCount }, (_, index) => `S${index + 1}`);
    const rules = names.map(() => randomRule(random));
    const segments = names.map((name, index) => ruleSegment(name, rules[index], source, () => undefined));

    const result = await analyseOverlap(engine, source, { segments, breakdownFields: ['city', 'vip'] }, () => undefined);

    expect(result.profiles).toBe(profiles.length);
    expect(regionsOf(result)).toEqual(countRegions(profiles, rules, names));

    for (const breakdown of result.breakdowns) {
      for (const row of breakdown.values) {
        const within = profiles.filter((profile) => (profile[breakdown.field] ?? null) === row.value);
        expect(regionsOf(row), `${breakdown.field} = ${String(row.value)}`).toEqual(countRegions(within, rules, names));
      }
      // Per-value counts add up to the overall ones.
      const total = breakdown.values.reduce((sum, row) => sum + row.profiles, 0);
      expect(total).toBe(profiles.length);
    }
  });

  test('values past the limit fold into one row', async () => {
    const random = randomSource(77);
    const names = ['S1', 'S2', 'S3'];
    const rules = names.map(() => randomRule(random));
    const segments = names.map((name, index) => ruleSegment(name, rules[index], source, () => undefined));

    const result = await analyseOverlap(engine, source, { segments, breakdownFields: ['city'], maxValues: 3 }, () => undefined);
    const breakdown = result.breakdowns[0];
    if (!breakdown) throw new Error('no breakdown');

    // Rank the city values the way the product promises: customers in at least one segment, then
    // all customers, largest first.
    const unionOf = (city: Value) =>
      profiles.filter((profile) => profile.city === city && rules.some((rule) => matches(rule, profile))).length;
    const sizeOf = (city: Value) => profiles.filter((profile) => profile.city === city).length;
    const ranked = [...CITIES].sort((a, b) => unionOf(b) - unionOf(a) || sizeOf(b) - sizeOf(a));
    // The missing city is kept even when it ranks past the limit.
    const kept = ranked.slice(0, 3);
    if (!kept.includes(null)) kept.push(null);
    const shown = breakdown.values.filter((row) => !row.folded);

    expect(breakdown.truncated).toBe(true);
    expect(breakdown.distinctValues).toBe(CITIES.length);
    expect(shown.map((row) => unionOf(row.value)).sort()).toEqual(kept.map(unionOf).sort());
    expect(shown.some((row) => row.value === null)).toBe(true);

    const other = breakdown.values.at(-1);
    expect(other?.folded).toBe(true);
    expect(other?.foldedValues).toBe(CITIES.length - kept.length);
    const rest = profiles.filter((profile) => !shown.some((row) => row.value === profile.city));
    expect(regionsOf(other as ValueCounts)).toEqual(countRegions(rest, rules, names));
  });
});
