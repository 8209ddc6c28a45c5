import { describe, expect, it } from 'vitest';

import { RuleError } from '../core/errors.js';
import { ruleFromJson, ruleToJson, type RuleJsonDiagnostic } from './rule-json.js';
import { parseRule } from './rule-parser.js';
import type { RuleNode } from './rule-tree.js';
import { withoutPositions } from './rule-walk.js';

function jsonFailure(json: unknown): RuleError {
  try {
    ruleFromJson(json);
  } catch (error) {
    if (error instanceof RuleError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(json)} to be rejected`);
}

function paths(error: RuleError): string[] {
  return error.diagnostics.map((entry) => (entry as RuleJsonDiagnostic).path);
}

const seattle = { kind: 'string', value: 'Seattle' } as const;

describe('ruleFromJson operators', () => {
  const cases: [string, unknown, RuleNode][] = [
    ['eq', 'Seattle', { kind: 'compare', field: 'city', operator: '=', value: seattle }],
    ['neq', 'Seattle', { kind: 'compare', field: 'city', operator: '!=', value: seattle }],
    ['lt', 'Seattle', { kind: 'compare', field: 'city', operator: '<', value: seattle }],
    ['lte', 'Seattle', { kind: 'compare', field: 'city', operator: '<=', value: seattle }],
    ['gt', 'Seattle', { kind: 'compare', field: 'city', operator: '>', value: seattle }],
    ['gte', 'Seattle', { kind: 'compare', field: 'city', operator: '>=', value: seattle }],
    [
      'contains',
      'Seattle',
      { kind: 'text-match', field: 'city', operator: 'contains', value: seattle, negated: false },
    ],
    [
      'not_contains',
      'Seattle',
      { kind: 'text-match', field: 'city', operator: 'contains', value: seattle, negated: true },
    ],
    [
      'starts_with',
      'Seattle',
      { kind: 'text-match', field: 'city', operator: 'starts with', value: seattle, negated: false },
    ],
    [
      'not_starts_with',
      'Seattle',
      { kind: 'text-match', field: 'city', operator: 'starts with', value: seattle, negated: true },
    ],
    [
      'ends_with',
      'Seattle',
      { kind: 'text-match', field: 'city', operator: 'ends with', value: seattle, negated: false },
    ],
    [
      'not_ends_with',
      'Seattle',
      { kind: 'text-match', field: 'city', operator: 'ends with', value: seattle, negated: true },
    ],
    [
      'in',
      ['Seattle', 'Oslo'],
      {
        kind: 'in-list',
        field: 'city',
        values: [seattle, { kind: 'string', value: 'Oslo' }],
        negated: false,
      },
    ],
    ['not_in', ['Seattle'], { kind: 'in-list', field: 'city', values: [seattle], negated: true }],
    ['is_empty', undefined, { kind: 'empty', field: 'city', negated: false }],
    ['is_not_empty', undefined, { kind: 'empty', field: 'city', negated: true }],
    ['is_set', undefined, { kind: 'empty', field: 'city', negated: true }],
    ['is_not_set', undefined, { kind: 'empty', field: 'city', negated: false }],
  ];

  for (const [op, value, node] of cases) {
    it(`reads op ${op}`, () => {
      expect(ruleFromJson({ field: 'city', op, value })).toEqual(node);
    });
  }

  it('reads between as a pair of bounds', () => {
    expect(ruleFromJson({ field: 'age', op: 'between', value: [18, 29] })).toEqual({
      kind: 'between',
      field: 'age',
      low: { kind: 'number', value: 18, text: '18' },
      high: { kind: 'number', value: 29, text: '29' },
    });
  });

  it('reads numbers, booleans and date strings', () => {
    expect(ruleFromJson({ field: 'x', op: 'eq', value: 3.5 })).toMatchObject({
      value: { kind: 'number', value: 3.5, text: '3.5' },
    });
    expect(ruleFromJson({ field: 'x', op: 'eq', value: true })).toMatchObject({
      value: { kind: 'boolean', value: true },
    });
    expect(ruleFromJson({ field: 'x', op: 'eq', value: '2024-01-31' })).toMatchObject({
      value: { kind: 'string', value: '2024-01-31' },
    });
  });

  it('accepts a null value for the empty ops', () => {
    expect(ruleFromJson({ field: 'city', op: 'is_empty', value: null })).toEqual({
      kind: 'empty',
      field: 'city',
      negated: false,
    });
  });
});

describe('ruleFromJson groups', () => {
  const a = { field: 'a', op: 'eq', value: 1 };
  const b = { field: 'b', op: 'eq', value: 2 };
  const aNode = parseRule('a = 1');
  const bNode = parseRule('b = 2');

  it('reads all, any, not and segment', () => {
    const tree = ruleFromJson({ any: [{ all: [a, { not: b }] }, { segment: 'High spenders' }] });
    expect(tree).toEqual(
      withoutPositions({
        kind: 'or',
        children: [
          { kind: 'and', children: [aNode, { kind: 'not', child: bNode }] },
          { kind: 'in-segment', segment: 'High spenders' },
        ],
      }),
    );
  });

  it('normalises segment names to NFC', () => {
    expect(ruleFromJson({ segment: 'Zu\u0308rich fans' })).toEqual({
      kind: 'in-segment',
      segment: 'Z\u00fcrich fans',
    });
  });

  it('reads a group of one as its condition', () => {
    expect(ruleFromJson({ all: [a] })).toEqual(withoutPositions(aNode));
    expect(ruleFromJson({ any: [{ all: [a] }] })).toEqual(withoutPositions(aNode));
  });
});

describe('ruleFromJson errors', () => {
  const cases: { name: string; json: unknown; path: string; message: string }[] = [
    {
      name: 'a non-object',
      json: 42,
      path: '',
      message: 'rule JSON at the top level must be an object, found 42',
    },
    { name: 'an empty all', json: { all: [] }, path: 'all', message: 'empty "all" list at all' },
    {
      name: 'an any that is no list',
      json: { any: 'x' },
      path: 'any',
      message: '"any" at any must be a list of conditions, found "x"',
    },
    {
      name: 'a missing value',
      json: {
        all: [
          { field: 'a', op: 'eq', value: 1 },
          { field: 'b', op: 'eq' },
        ],
      },
      path: 'all[1].value',
      message: 'missing value at all[1].value for op "eq". Add "value": text, a number or true/false',
    },
    {
      name: 'a misspelt key',
      json: { field: 'a', op: 'eq', valeu: 1 },
      path: 'value',
      message: 'missing value at value',
    },
    {
      name: 'an unknown op',
      json: { field: 'a', op: 'equals', value: 1 },
      path: 'op',
      message: 'unknown op "equals" at op',
    },
    {
      name: 'a misspelt op',
      json: { field: 'a', op: 'nq', value: 1 },
      path: 'op',
      message: 'Did you mean "eq"?',
    },
    { name: 'a missing op', json: { field: 'a', value: 1 }, path: 'op', message: 'missing op at op' },
    {
      name: 'a numeric field name',
      json: { field: 3, op: 'eq', value: 1 },
      path: 'field',
      message: 'field name at field must be non-empty text, found 3',
    },
    { name: 'an empty field name', json: { field: '', op: 'is_empty' }, path: 'field', message: 'found ""' },
    {
      name: 'a null value',
      json: { field: 'a', op: 'eq', value: null },
      path: 'value',
      message: 'invalid value null at value',
    },
    {
      name: 'an object value',
      json: { field: 'a', op: 'eq', value: { x: 1 } },
      path: 'value',
      message: 'invalid value {"x":1} at value',
    },
    {
      name: 'a between with one bound',
      json: { field: 'a', op: 'between', value: [1] },
      path: 'value',
      message: 'value at value for op "between" must be [low, high], found [1]',
    },
    {
      name: 'a bad between bound',
      json: { field: 'a', op: 'between', value: [1, [2]] },
      path: 'value[1]',
      message: 'invalid value [2] at value[1]',
    },
    {
      name: 'an in without a list',
      json: { field: 'a', op: 'in', value: 1 },
      path: 'value',
      message: 'must be a list of values, found 1',
    },
    {
      name: 'an empty in list',
      json: { field: 'a', op: 'not_in', value: [] },
      path: 'value',
      message: 'empty value list at value for op "not_in"',
    },
    {
      name: 'a value on is_empty',
      json: { field: 'a', op: 'is_empty', value: 'x' },
      path: 'value',
      message: 'unexpected value at value for op "is_empty". Remove it',
    },
    {
      name: 'mixed node keys',
      json: { all: [], field: 'a' },
      path: '',
      message: 'rule JSON at the top level mixes "all" and "field"',
    },
    {
      name: 'no node key',
      json: { x: 1 },
      path: '',
      message: 'has none of the keys "all", "any", "not", "segment" or "field"',
    },
    {
      name: 'an extra key on a group',
      json: { not: { segment: 'S' }, note: 'x' },
      path: 'note',
      message: 'unknown key "note" at note',
    },
    {
      name: 'an empty segment name',
      json: { not: { segment: '' } },
      path: 'not.segment',
      message: 'segment name at not.segment must be non-empty text',
    },
    {
      name: 'an infinite number',
      json: { field: 'a', op: 'eq', value: Infinity },
      path: 'value',
      message: 'invalid value null at value',
    },
    {
      name: 'a misspelt node key',
      json: { any: [{ feild: 'a', op: 'eq', value: 1 }] },
      path: 'any[0].feild',
      message: 'unknown key "feild" at any[0].feild. Did you mean "field"?',
    },
  ];

  for (const { name, json, path, message } of cases) {
    it(`names the path of ${name}`, () => {
      const error = jsonFailure(json);
      expect(paths(error)).toContain(path);
      expect(error.message).toContain(message);
    });
  }

  it('reports misspelt key and missing value', () => {
    const error = jsonFailure({ field: 'a', op: 'eq', valeu: 1 });
    expect(paths(error)).toEqual(['valeu', 'value']);
    expect(error.diagnostics[0]?.message).toBe('unknown key "valeu" at valeu. Did you mean "value"?');
  });

  it('reports every problem in the tree at once', () => {
    const error = jsonFailure({
      all: [
        { field: 'a', op: 'eq' },
        { any: [] },
        { not: { segment: 7 } },
        { field: 'd', op: 'eq', value: 1 },
      ],
    });
    expect(paths(error)).toEqual(['all[0].value', 'all[1].any', 'all[2].not.segment']);
    expect(error.message.split('\n')).toHaveLength(3);
  });

  it('rejects nesting past the limit', () => {
    let deep: unknown = { field: 'a', op: 'is_empty' };
    for (let level = 0; level < 10_000; level++) deep = { not: deep };
    const error = jsonFailure(deep);
    expect(error.message).toMatch(
      /^rule JSON nests more than 100 levels deep at (not\.){100}not\. Flatten it$/,
    );
  });

  it('codes values and structure apart', () => {
    expect(jsonFailure({ field: 'a', op: 'eq', value: null }).diagnostics[0]?.code).toBe('invalid-value');
    expect(jsonFailure({ all: [] }).diagnostics[0]?.code).toBe('syntax');
  });
});

describe('ruleToJson', () => {
  it('writes each construct with the canonical op', () => {
    const tree = parseRule(
      "a = 1 and b != 'x' and c < 2 and d <= 3 and e > 4 and f >= 5 and g between 1 and 2 and h in (1, 2) " +
        "and i not in ('x') and j contains 'y' and k not contains 'y' and l starts with 'y' and m not starts with 'y' " +
        "and n ends with 'y' and o not ends with 'y' and p is empty and q is not empty and in segment \"S\" and not r = true",
    );
    expect(ruleToJson(tree)).toEqual({
      all: [
        { field: 'a', op: 'eq', value: 1 },
        { field: 'b', op: 'neq', value: 'x' },
        { field: 'c', op: 'lt', value: 2 },
        { field: 'd', op: 'lte', value: 3 },
        { field: 'e', op: 'gt', value: 4 },
        { field: 'f', op: 'gte', value: 5 },
        { field: 'g', op: 'between', value: [1, 2] },
        { field: 'h', op: 'in', value: [1, 2] },
        { field: 'i', op: 'not_in', value: ['x'] },
        { field: 'j', op: 'contains', value: 'y' },
        { field: 'k', op: 'not_contains', value: 'y' },
        { field: 'l', op: 'starts_with', value: 'y' },
        { field: 'm', op: 'not_starts_with', value: 'y' },
        { field: 'n', op: 'ends_with', value: 'y' },
        { field: 'o', op: 'not_ends_with', value: 'y' },
        { field: 'p', op: 'is_empty' },
        { field: 'q', op: 'is_not_empty' },
        { segment: 'S' },
        { not: { field: 'r', op: 'eq', value: true } },
      ],
    });
  });

  it('writes or as any', () => {
    expect(ruleToJson(parseRule('a = 1 or b = 2'))).toEqual({
      any: [
        { field: 'a', op: 'eq', value: 1 },
        { field: 'b', op: 'eq', value: 2 },
      ],
    });
  });
});

describe('JSON round trip', () => {
  const texts = [
    "total_spend > 500 and (city = 'Seattle' or city is empty)",
    'age between 18 and 29 and not in segment "High spenders"',
    "not (a = 1 and b = 2) or c in (1, 2, 'x') or d = false",
    '"we""ird; DROP TABLE x; --" = \'\'\'; DROP TABLE profiles; --\'',
    "größe = 'Zürich' or 名前 not ends with '京' or x not starts with 'a'",
    "a not between '2024-01-01' and '2024-12-31' or b not contains 'z' or c is not empty",
    '(a = 1 and b = 2) and c = -3.25',
  ];

  for (const text of texts) {
    it(`keeps the tree of ${JSON.stringify(text)}`, () => {
      const tree = withoutPositions(parseRule(text));
      const json = JSON.parse(JSON.stringify(ruleToJson(tree))) as unknown;
      expect(ruleFromJson(json)).toEqual(tree);
    });
  }

  it('keeps number values, not spelling', () => {
    const tree = ruleFromJson(ruleToJson(parseRule('x = 1e3')));
    expect(tree).toMatchObject({ value: { kind: 'number', value: 1000, text: '1000' } });
  });
});
