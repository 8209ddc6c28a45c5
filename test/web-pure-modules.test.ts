import { describe, expect, it } from 'vitest';

import { largestRemainderPercentages } from '../web/src/format/largest-remainder.js';
import type { BreakdownRow } from '../web/src/api/api-types.js';
import { regionLift, regionRows } from '../web/src/overlap/region-rows.js';
import { valueChanges, valuePrevious } from '../web/src/overlap/value-changes.js';
import { formatRule } from '../src/rules/rule-format.js';
import { ruleFromJson } from '../src/rules/rule-json.js';
import { RULE_KEYWORDS as SERVER_KEYWORDS } from '../src/rules/rule-lexer.js';
import { formatMeasure, formatPValue, formatSignedPoints, formatStatistic, MINUS } from '../web/src/format/number-format.js';
import { emptyRule, toRuleJson, type BuilderRule, type ConditionRow } from '../web/src/segments/builder-rule.js';
import { readRuleText } from '../web/src/segments/rule-text-reader.js';
import { builderRuleText, RULE_KEYWORDS } from '../web/src/segments/rule-text-writer.js';

describe('largest remainder percentages', () => {
  it('rounds regions to whole percents summing to 100', () => {
    // A 3, B 1, A&B 8, none 1 of 13: exact 23.08, 7.69, 61.54, 7.69. Floors 23 + 7 + 61 + 7 = 98;
    // the two units left go to the largest remainders, B and none (0.69 each), not to A&B (0.54).
    expect(largestRemainderPercentages([3, 1, 8, 1], 0)).toEqual([23, 8, 61, 8]);
  });

  it('rounds cities to one decimal summing to 100', () => {
    // 5, 4, 2, 2 of 13: exact 38.46, 30.77, 15.38, 15.38. Floors in tenths 384 + 307 + 153 + 153 =
    // 997. The three tenths left go to the two 15.38 (remainder 0.8 each) and to 30.77 (0.7), not
    // to 38.46 (0.6), so Seattle reads 38.4 where rounding alone would give 38.5 and a sum of 100.1.
    expect(largestRemainderPercentages([5, 4, 2, 2], 1)).toEqual([38.4, 30.8, 15.4, 15.4]);
  });

  it('breaks equal remainders by count, then order', () => {
    // 1 and 2 of 3 at whole percents: 33.33 and 66.67 floor to 33 + 66; the unit left goes to the
    // larger remainder (0.67). For 1, 1, 1 the remainders tie and the first one gets the unit.
    expect(largestRemainderPercentages([1, 2], 0)).toEqual([33, 67]);
    expect(largestRemainderPercentages([1, 1, 1], 0)).toEqual([34, 33, 33]);
  });

  it('returns zeros for an empty partition', () => {
    expect(largestRemainderPercentages([0, 0], 1)).toEqual([0, 0]);
  });
});

describe('region rows', () => {
  const source = {
    profiles: 10,
    none: 2,
    segments: [
      { name: 'A', size: 5 },
      { name: 'B', size: 4 },
    ],
    regions: [
      { segments: ['A'], count: 4 },
      { segments: ['B'], count: 3 },
      { segments: ['A', 'B'], count: 1 },
    ],
  };

  it('puts the none row last and sums shares to 100', () => {
    const rows = regionRows(source);

    expect(rows.map((row) => row.segments)).toEqual([['A'], ['B'], ['A', 'B'], []]);
    expect(rows.map((row) => row.percent)).toEqual([40, 30, 10, 20]);
  });

  it('computes lift against independent memberships', () => {
    // p(A) = 0.5, p(B) = 0.4. Expected in A and B: 10 × 0.5 × 0.4 = 2, so lift 1 / 2 = 0.5.
    // Expected in A only: 10 × 0.5 × 0.6 = 3, lift 4 / 3. In none: 10 × 0.5 × 0.6 = 3, lift 2 / 3.
    expect(regionLift(source, ['A', 'B'], 1)).toBeCloseTo(0.5, 10);
    expect(regionLift(source, ['A'], 4)).toBeCloseTo(4 / 3, 10);
    expect(regionLift(source, [], 2)).toBeCloseTo(2 / 3, 10);
  });
});

describe('value changes', () => {
  // Seattle's customers of segments P, S and L. Before: C01 P&S&L, C02 S, C05 P&S. After: C01
  // P&S&L, C02, C05 and C07 P&S. The change lists P&S (1 before) and the emptied S (1 before).
  const row = {
    value: 'Seattle',
    profiles: 4,
    none: 0,
    segments: [
      { name: 'P', size: 4, only: 0 },
      { name: 'S', size: 4, only: 0 },
      { name: 'L', size: 1, only: 0 },
    ],
    regions: [
      { segments: ['P', 'S'], count: 3 },
      { segments: ['P', 'S', 'L'], count: 1 },
    ],
  } as unknown as BreakdownRow;
  const change = {
    value: 'Seattle',
    profiles: { current: 4, previous: 3 },
    none: { current: 0, previous: 0 },
    regions: [
      { segments: ['P', 'S'], count: 3, previous: 1 },
      { segments: ['S'], count: 0, previous: 1 },
    ],
  };

  it('rebuilds the totals of the previous refresh', () => {
    const previous = valuePrevious(row, change);

    expect(previous.profiles).toBe(3);
    expect(previous.none).toBe(0);
    expect(previous.union).toBe(3);
    expect(previous.atLeastTwo).toBe(2);
    expect(previous.inAll).toBe(1);
  });

  it('rebuilds segment sizes and regions', () => {
    // P: C01, C05. S: C01, C02, C05. L: C01. Only S has a customer in it alone (C02).
    const previous = valuePrevious(row, change);

    expect(previous.segments).toEqual([
      { size: 2, only: 0 },
      { size: 3, only: 1 },
      { size: 1, only: 0 },
    ]);
    expect(Object.fromEntries(previous.regions)).toEqual({ '["P","S"]': 1, '["P","S","L"]': 1, '["S"]': 1, '[]': 0 });
  });

  it('finds value changes by value and type', () => {
    const changes = valueChanges({ field: 'zip', values: [{ ...change, value: 1 }, { ...change, value: null }] });

    expect(changes.has('1')).toBe(true);
    expect(changes.has('"1"')).toBe(false);
    expect(changes.has('null')).toBe(true);
  });
});

describe('rule builder', () => {
  const types = new Map([
    ['city', 'text' as const],
    ['spend', 'decimal' as const],
    ['signup', 'date' as const],
  ]);

  it('writes groups as all and any', () => {
    const rule: BuilderRule = {
      join: 'all',
      groups: [
        {
          id: 'g1',
          join: 'any',
          rows: [
            { id: 'r1', field: 'city', op: 'eq', value: 'Seattle', secondValue: '' },
            { id: 'r2', field: 'city', op: 'is_empty', value: '', secondValue: '' },
          ],
        },
        { id: 'g2', join: 'all', rows: [{ id: 'r3', field: 'spend', op: 'gt', value: '500', secondValue: '' }] },
      ],
    };

    expect(toRuleJson(rule, types)).toEqual({
      all: [{ any: [{ field: 'city', op: 'eq', value: 'Seattle' }, { field: 'city', op: 'is_empty' }] }, { field: 'spend', op: 'gt', value: 500 }],
    });
  });

  it('keeps date values as written', () => {
    const rule: BuilderRule = { join: 'all', groups: [{ id: 'g', join: 'all', rows: [{ id: 'r', field: 'signup', op: 'between', value: '2025-03-01', secondValue: '2025-03-31' }] }] };

    expect(toRuleJson(rule, types)).toEqual({ field: 'signup', op: 'between', value: ['2025-03-01', '2025-03-31'] });
  });

  it('rejects a number field value that is not a number', () => {
    const rule: BuilderRule = { join: 'all', groups: [{ id: 'g', join: 'all', rows: [{ id: 'r', field: 'spend', op: 'gt', value: 'lots', secondValue: '' }] }] };

    expect(() => toRuleJson(rule, types)).toThrow('"lots" is not a number, but spend holds numbers');
  });

  it('rejects an untouched condition', () => {
    // A new builder starts with the first field, "is" and no value: saving it used to match the
    // empty text (city = ''), which no one asked for.
    expect(() => toRuleJson(emptyRule('city'), types)).toThrow('Type a value for city');
  });

  it('rejects a between with one bound', () => {
    const rule: BuilderRule = { join: 'all', groups: [{ id: 'g', join: 'all', rows: [{ id: 'r', field: 'spend', op: 'between', value: '10', secondValue: ' ' }] }] };

    expect(() => toRuleJson(rule, types)).toThrow('Type both bounds of spend');
  });
});

describe('rule text writer', () => {
  const types = new Map([
    ['city', 'text' as const],
    ['spend', 'decimal' as const],
    ['age', 'integer' as const],
    ['member', 'boolean' as const],
    ['signup', 'date' as const],
    ['total spend', 'decimal' as const],
    ['empty', 'text' as const],
  ]);
  const row = (field: string, op: ConditionRow['op'], value = '', secondValue = ''): ConditionRow => ({ id: `${field}-${op}-${value}`, field, op, value, secondValue });
  const single = (condition: ConditionRow): BuilderRule => ({ join: 'all', groups: [{ id: 'g', join: 'all', rows: [condition] }] });

  const complete: [string, BuilderRule][] = [
    ['a comparison', single(row('age', 'gt', '50'))],
    ['quoted text', single(row('city', 'eq', "O'Fallon"))],
    ['a name that needs quotes', single(row('total spend', 'gte', '12.50'))],
    ['a keyword as a name', single(row('empty', 'neq', 'x'))],
    ['a boolean', single(row('member', 'eq', 'true'))],
    ['a date between', single(row('signup', 'between', '2025-01-01', '2025-03-31'))],
    ['a list', single(row('city', 'not_in', 'Seattle\n\nRe"no'))],
    ['text matches', { join: 'any', groups: [{ id: 'g', join: 'all', rows: [row('city', 'starts_with', 'Se'), row('city', 'not_contains', 'x'), row('city', 'ends_with', 'e')] }] }],
    ['empty checks', { join: 'all', groups: [{ id: 'g', join: 'any', rows: [row('city', 'is_empty'), row('age', 'is_not_empty')] }] }],
    ['segments', { join: 'all', groups: [{ id: 'g', join: 'all', rows: [row('', 'in_segment', 'High "big" spenders'), row('', 'not_in_segment', 'Churn')] }] }],
    [
      'groups of any joined by all',
      {
        join: 'all',
        groups: [
          { id: 'g1', join: 'any', rows: [row('city', 'eq', 'Seattle'), row('city', 'is_empty')] },
          { id: 'g2', join: 'any', rows: [row('age', 'lt', '30'), row('spend', 'gt', '-2.5')] },
        ],
      },
    ],
    [
      'groups of all joined by any',
      {
        join: 'any',
        groups: [
          { id: 'g1', join: 'all', rows: [row('city', 'eq', 'Seattle'), row('age', 'gt', '1e3')] },
          { id: 'g2', join: 'all', rows: [row('spend', 'lte', '5')] },
        ],
      },
    ],
    [
      'groups of all joined by all',
      {
        join: 'all',
        groups: [
          { id: 'g1', join: 'all', rows: [row('city', 'eq', 'A'), row('city', 'neq', 'B')] },
          { id: 'g2', join: 'all', rows: [row('age', 'gt', '3')] },
        ],
      },
    ],
  ];

  for (const [name, rule] of complete) {
    it(`writes ${name} as the server formats it`, () => {
      // The server formats the builder's JSON for the rule it saves; text mode must start from the same rule.
      expect(builderRuleText(rule, types)).toBe(formatRule(ruleFromJson(toRuleJson(rule, types))));
    });
  }

  it('writes a condition without its value when none is typed', () => {
    const rule: BuilderRule = { join: 'all', groups: [{ id: 'g', join: 'all', rows: [row('age', 'gt', '50'), row('city', 'eq', '')] }] };

    expect(builderRuleText(rule, types)).toBe('age > 50 and city =');
  });

  it('writes an untouched builder as empty text', () => {
    expect(builderRuleText(emptyRule('city'), types)).toBe('');
  });

  it('quotes a mistyped number as text', () => {
    expect(builderRuleText(single(row('age', 'gt', 'fifty')), types)).toBe("age > 'fifty'");
  });

  it('reads its own text back into the same rows', () => {
    for (const [, rule] of complete) {
      const read = readRuleText(builderRuleText(rule, types));

      expect(read && toRuleJson(read, types)).toEqual(toRuleJson(rule, types));
    }
  });

  it('knows the rule language keywords', () => {
    expect([...RULE_KEYWORDS].sort()).toEqual([...SERVER_KEYWORDS].sort());
  });
});

describe('number formats', () => {
  it('writes negative differences with the minus sign', () => {
    expect(formatSignedPoints(-0.24)).toBe(`${MINUS}0.2`);
    expect(formatSignedPoints(1.25)).toBe('+1.3');
    expect(formatSignedPoints(-0.04)).toBe('0.0');
    expect(formatMeasure(-1234.567)).toBe(`${MINUS}1,234.57`);
    expect(formatPValue(0.00001234)).toBe(`1.2e${MINUS}5`);
  });

  it('writes a large statistic with thousands separators', () => {
    expect(formatStatistic(10176.163)).toBe('10,176.16');
  });
});

describe('rule text reader', () => {
  it('reads a grouped rule back into rows', () => {
    const rule = readRuleText(`(city = 'Seattle' or city is empty) and spend >= 500.5 and not in segment "Churn risk"`);

    expect(rule?.join).toBe('all');
    expect(rule?.groups.map((group) => group.join)).toEqual(['any', 'any', 'any']);
    expect(rule?.groups.map((group) => group.rows.map((row) => [row.field, row.op, row.value]))).toEqual([
      [
        ['city', 'eq', 'Seattle'],
        ['city', 'is_empty', ''],
      ],
      [['spend', 'gte', '500.5']],
      [['', 'not_in_segment', 'Churn risk']],
    ]);
  });

  it('reads quoted names, escapes and lists', () => {
    const rule = readRuleText(`"total spend" between 1 and 2 or name in ('O''Brien', 'Ng')`);
    const rows = rule?.groups.flatMap((group) => group.rows) ?? [];

    expect(rows.map((row) => [row.field, row.op, row.value, row.secondValue])).toEqual([
      ['total spend', 'between', '1', '2'],
      ['name', 'in', "O'Brien\nNg", ''],
    ]);
  });

  it('returns null for shapes the builder cannot show', () => {
    expect(readRuleText(`not (city = 'Seattle' and spend > 1)`)).toBeNull();
    expect(readRuleText(`a = 1 and (b = 2 or (c = 3 and d = 4))`)).toBeNull();
  });
});
