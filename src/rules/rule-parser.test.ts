import { describe, expect, it } from 'vitest';

import { RuleError } from '../core/errors.js';
import { parseRule } from './rule-parser.js';
import type { Literal, RuleNode } from './rule-tree.js';
import { withoutPositions } from './rule-walk.js';

function parsed(text: string): RuleNode {
  return withoutPositions(parseRule(text));
}

function text(value: string): Literal {
  return { kind: 'string', value };
}

function number(value: number, written = String(value)): Literal {
  return { kind: 'number', value, text: written };
}

function syntaxFailure(ruleText: string): RuleError {
  try {
    parseRule(ruleText);
  } catch (error) {
    if (error instanceof RuleError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(ruleText)} not to parse`);
}

describe('parseRule constructs', () => {
  it('parses each comparison operator', () => {
    for (const operator of ['=', '!=', '<', '<=', '>', '>='] as const) {
      expect(parsed(`age ${operator} 30`)).toEqual({
        kind: 'compare',
        field: 'age',
        operator,
        value: number(30),
      });
    }
  });

  it('reads <> as !=', () => {
    expect(parsed("city <> 'Oslo'")).toEqual({
      kind: 'compare',
      field: 'city',
      operator: '!=',
      value: text('Oslo'),
    });
  });

  it('parses between with both bounds', () => {
    expect(parsed('age between 18 and 29')).toEqual({
      kind: 'between',
      field: 'age',
      low: number(18),
      high: number(29),
    });
  });

  it('parses not between as not of between', () => {
    expect(parsed('age not between 18 and 29')).toEqual({
      kind: 'not',
      child: { kind: 'between', field: 'age', low: number(18), high: number(29) },
    });
  });

  it('parses in and not in lists', () => {
    expect(parsed("city in ('Oslo', 'Bergen')")).toEqual({
      kind: 'in-list',
      field: 'city',
      values: [text('Oslo'), text('Bergen')],
      negated: false,
    });
    expect(parsed('age not in (1, 2, 3)')).toEqual({
      kind: 'in-list',
      field: 'age',
      values: [number(1), number(2), number(3)],
      negated: true,
    });
  });

  it('parses the text matches and their negations', () => {
    const cases = [
      ["name contains 'an'", 'contains', false],
      ["name not contains 'an'", 'contains', true],
      ["name starts with 'An'", 'starts with', false],
      ["name not starts with 'An'", 'starts with', true],
      ["name ends with 'son'", 'ends with', false],
      ["name not ends with 'son'", 'ends with', true],
    ] as const;
    for (const [ruleText, operator, negated] of cases) {
      expect(parsed(ruleText)).toEqual({
        kind: 'text-match',
        field: 'name',
        operator,
        value: text(ruleText.split("'")[1] ?? ''),
        negated,
      });
    }
  });

  it('parses is empty and is not empty', () => {
    expect(parsed('city is empty')).toEqual({ kind: 'empty', field: 'city', negated: false });
    expect(parsed('city is not empty')).toEqual({ kind: 'empty', field: 'city', negated: true });
  });

  it('parses in segment with a quoted or bare name', () => {
    expect(parsed('in segment "High spenders"')).toEqual({ kind: 'in-segment', segment: 'High spenders' });
    expect(parsed('in segment churners')).toEqual({ kind: 'in-segment', segment: 'churners' });
  });

  it('normalises segment names to NFC', () => {
    expect(parsed('in segment "Zu\u0308rich fans"')).toEqual({
      kind: 'in-segment',
      segment: 'Z\u00fcrich fans',
    });
  });

  it('parses not in segment as not of in segment', () => {
    expect(parsed('not in segment "VIP"')).toEqual({
      kind: 'not',
      child: { kind: 'in-segment', segment: 'VIP' },
    });
  });

  it('parses numbers with sign, fraction and exponent', () => {
    expect(parsed('x = -12')).toMatchObject({ value: number(-12) });
    expect(parsed('x = 3.5')).toMatchObject({ value: number(3.5) });
    expect(parsed('x = 1e3')).toMatchObject({ value: number(1000, '1e3') });
    expect(parsed('x = 2.5E-2')).toMatchObject({ value: number(0.025, '2.5E-2') });
  });

  it('keeps the written text of a number with leading zeros', () => {
    expect(parsed('customer_id = 00123')).toMatchObject({ value: number(123, '00123') });
  });

  it('parses true and false in any case', () => {
    expect(parsed('active = true')).toMatchObject({ value: { kind: 'boolean', value: true } });
    expect(parsed('active = FALSE')).toMatchObject({ value: { kind: 'boolean', value: false } });
  });

  it('keeps dates as strings', () => {
    expect(parsed("signup >= '2024-01-31'")).toMatchObject({ value: text('2024-01-31') });
  });

  it('reads keywords in any case', () => {
    expect(parsed("City IS NOT EMPTY AND Age BETWEEN 1 AND 2 OR NOT Name CONTAINS 'x'")).toEqual({
      kind: 'or',
      children: [
        {
          kind: 'and',
          children: [
            { kind: 'empty', field: 'City', negated: true },
            { kind: 'between', field: 'Age', low: number(1), high: number(2) },
          ],
        },
        {
          kind: 'not',
          child: {
            kind: 'text-match',
            field: 'Name',
            operator: 'contains',
            value: text('x'),
            negated: false,
          },
        },
      ],
    });
  });
});

describe('parseRule precedence', () => {
  const a = { kind: 'compare', field: 'a', operator: '=', value: number(1) } as const;
  const b = { kind: 'compare', field: 'b', operator: '=', value: number(2) } as const;
  const c = { kind: 'compare', field: 'c', operator: '=', value: number(3) } as const;

  it('binds and tighter than or', () => {
    expect(parsed('a = 1 or b = 2 and c = 3')).toEqual({
      kind: 'or',
      children: [a, { kind: 'and', children: [b, c] }],
    });
    expect(parsed('a = 1 and b = 2 or c = 3')).toEqual({
      kind: 'or',
      children: [{ kind: 'and', children: [a, b] }, c],
    });
  });

  it('binds not tighter than and', () => {
    expect(parsed('not a = 1 and b = 2')).toEqual({ kind: 'and', children: [{ kind: 'not', child: a }, b] });
  });

  it('groups with parentheses', () => {
    expect(parsed('(a = 1 or b = 2) and c = 3')).toEqual({
      kind: 'and',
      children: [{ kind: 'or', children: [a, b] }, c],
    });
    expect(parsed('not (a = 1 or b = 2)')).toEqual({ kind: 'not', child: { kind: 'or', children: [a, b] } });
  });

  it('flattens a chain of the same operator', () => {
    expect(parsed('a = 1 and b = 2 and c = 3')).toEqual({ kind: 'and', children: [a, b, c] });
  });

  it('keeps nesting that parentheses make explicit', () => {
    expect(parsed('(a = 1 and b = 2) and c = 3')).toEqual({
      kind: 'and',
      children: [{ kind: 'and', children: [a, b] }, c],
    });
  });

  it('reads and after between bounds', () => {
    expect(parsed('b between 1 and 2 and c = 3')).toEqual({
      kind: 'and',
      children: [{ kind: 'between', field: 'b', low: number(1), high: number(2) }, c],
    });
  });

  it('stacks not', () => {
    expect(parsed('not not a = 1')).toEqual({ kind: 'not', child: { kind: 'not', child: a } });
  });
});

describe('parseRule names and strings', () => {
  it('reads double-quoted names with doubled quotes', () => {
    expect(parsed('"total spend" > 500')).toMatchObject({ field: 'total spend' });
    expect(parsed('"a""b" = 1')).toMatchObject({ field: 'a"b' });
  });

  it('reads a keyword as a field name when quoted', () => {
    expect(parsed('"empty" is empty')).toEqual({ kind: 'empty', field: 'empty', negated: false });
  });

  it('reads single-quoted strings with doubled quotes', () => {
    expect(parsed("note = 'it''s'")).toMatchObject({ value: text("it's") });
    expect(parsed("note = ''")).toMatchObject({ value: text('') });
    expect(parsed("note = ''''")).toMatchObject({ value: text("'") });
  });

  it('keeps double quotes and semicolons inside strings', () => {
    expect(parsed(`note = '"; DROP TABLE profiles; --'`)).toMatchObject({
      value: text('"; DROP TABLE profiles; --'),
    });
  });

  it('accepts Unicode letters in bare names and values', () => {
    expect(parsed("größe = 'Zürich'")).toEqual({
      kind: 'compare',
      field: 'größe',
      operator: '=',
      value: text('Zürich'),
    });
    expect(parsed("名前 = '東京'")).toMatchObject({ field: '名前', value: text('東京') });
    expect(parsed('_x2 = 1')).toMatchObject({ field: '_x2' });
  });

  it('keeps a decomposed value as written', () => {
    expect(parsed("city = 'Zu\u0308rich'")).toMatchObject({ value: text('Zu\u0308rich') });
  });
});

describe('parseRule positions', () => {
  it('points each node at its first token', () => {
    const rule = parseRule("age > 30 and\n  city = 'Oslo'");
    expect(rule.position).toEqual({ line: 1, column: 1, offset: 0 });
    if (rule.kind !== 'and') throw new Error('expected an and node');
    // "age > 30 and\n" is 13 characters, so the second line starts at offset 13 and "city" at 15.
    expect(rule.children[1]?.position).toEqual({ line: 2, column: 3, offset: 15 });
  });

  it('points literals at their first character', () => {
    const rule = parseRule('age between 18 and 29');
    if (rule.kind !== 'between') throw new Error('expected a between node');
    expect(rule.low.position).toEqual({ line: 1, column: 13, offset: 12 });
    expect(rule.high.position).toEqual({ line: 1, column: 20, offset: 19 });
  });

  it('points in segment at the segment name', () => {
    expect(parseRule('not in segment "VIP"')).toMatchObject({
      position: { column: 1 },
      child: { position: { column: 16 } },
    });
  });
});

describe('parseRule syntax errors', () => {
  const cases: { rule: string; line: number; column: number; message: string }[] = [
    // "city = " ends at offset 7, column 8.
    { rule: 'city = ', line: 1, column: 8, message: 'expected a value after "=" at 1:8' },
    {
      rule: "city = 'Seattle",
      line: 1,
      column: 8,
      message: "unterminated string starting at 1:8. Close it with '",
    },
    { rule: '"city = 1', line: 1, column: 1, message: 'unterminated name starting at 1:1. Close it with "' },
    { rule: 'city = Seattle', line: 1, column: 8, message: "Text values take single quotes: 'Seattle'" },
    { rule: 'city = "Seattle"', line: 1, column: 8, message: "Text values take single quotes: 'Seattle'" },
    {
      rule: 'empty is empty',
      line: 1,
      column: 1,
      message: 'found keyword "empty". Write it in double quotes',
    },
    { rule: '(a = 1 or b = 2', line: 1, column: 16, message: 'expected ")" at 1:16 to close the "(" at 1:1' },
    { rule: 'a = 1 # b', line: 1, column: 7, message: 'unexpected character "#" at 1:7' },
    {
      rule: 'a = 1 b = 2',
      line: 1,
      column: 7,
      message: 'unexpected "b" at 1:7. Join conditions with and / or',
    },
    { rule: 'a = 1)', line: 1, column: 6, message: 'unexpected ")" at 1:6' },
    { rule: '   ', line: 1, column: 4, message: 'empty rule at 1:4' },
    { rule: 'a in ()', line: 1, column: 7, message: 'empty value list at 1:7' },
    { rule: 'a in (1 2)', line: 1, column: 9, message: 'expected "," or ")" in the value list at 1:9' },
    { rule: 'a in 1', line: 1, column: 6, message: 'expected "(" after "in" at 1:6' },
    { rule: "a starts 'x'", line: 1, column: 10, message: 'expected "with" after "starts" at 1:10' },
    { rule: 'a is nothing', line: 1, column: 6, message: 'expected "empty" after "is" at 1:6' },
    {
      rule: 'a between 1 or 2',
      line: 1,
      column: 13,
      message: 'expected "and" after the lower bound of "between" at 1:13',
    },
    { rule: 'a like 1', line: 1, column: 3, message: 'expected an operator after "a" at 1:3, found "like"' },
    {
      rule: 'a not like 1',
      line: 1,
      column: 7,
      message: 'expected in, contains, starts with, ends with or between after "not" at 1:7',
    },
    { rule: 'a = 12abc', line: 1, column: 5, message: 'invalid number "12abc" at 1:5' },
    {
      rule: "in segment 'VIP'",
      line: 1,
      column: 12,
      message: 'Segment names take double quotes: in segment "VIP"',
    },
    {
      rule: 'a = 1 and',
      line: 1,
      column: 10,
      message: 'expected a condition after "and" at 1:10, found the end of the rule',
    },
    { rule: '"" = 1', line: 1, column: 1, message: 'empty name "" at 1:1' },
    { rule: 'a <> ', line: 1, column: 6, message: 'expected a value after "<>" at 1:6' },
  ];

  for (const { rule, line, column, message } of cases) {
    it(`reports ${JSON.stringify(rule)} at ${line}:${column}`, () => {
      const error = syntaxFailure(rule);
      expect(error.diagnostics).toHaveLength(1);
      expect(error.diagnostics[0]?.code).toBe('syntax');
      expect(error.diagnostics[0]?.position).toMatchObject({ line, column });
      expect(error.message).toContain(message);
    });
  }

  it('counts lines and columns across line breaks', () => {
    // Lines 1 and 2 with their line breaks are 8 + 21 = 29 characters. Line 3 is "  (score >"
    // (10 characters), so the missing value is at column 11, offset 39.
    const error = syntaxFailure("age > 1\n  and city = 'x' and\n  (score >");
    expect(error.diagnostics[0]?.position).toEqual({ line: 3, column: 11, offset: 39 });
    expect(error.message).toBe(
      `expected a value after ">" at 3:11, found the end of the rule. Write a number, 'text in single quotes', true or false`,
    );
  });

  it('locates a string spanning lines', () => {
    const error = syntaxFailure("a = 1 and\nb = 'x\ny");
    expect(error.diagnostics[0]?.position).toEqual({ line: 2, column: 5, offset: 14 });
  });

  it('rejects an out-of-range number', () => {
    const error = syntaxFailure('a = 1e999');
    expect(error.diagnostics[0]?.code).toBe('invalid-value');
    expect(error.message).toBe('number 1e999 is out of range at 1:5. Write a smaller number');
  });

  it('rejects nesting past the limit', () => {
    // 101 levels of "not" pass the limit of 100 at the last one, column 4 * 100 + 1.
    const error = syntaxFailure(`${'not '.repeat(101)}a = 1`);
    expect(error.diagnostics[0]?.position?.column).toBe(401);
    expect(error.message).toContain('rule nests more than 100 levels deep at 1:401');
    expect(() => parseRule(`${'('.repeat(100)}a = 1${')'.repeat(100)}`)).not.toThrow();
    expect(() => parseRule(`${'('.repeat(10_000)}a = 1`)).toThrow(RuleError);
  });

  it('uses the diagnostic as message', () => {
    const error = syntaxFailure('city = ');
    expect(error.message).toBe(error.diagnostics[0]?.message);
    expect(error.code).toBe('invalid-rule');
  });
});
