import { describe, expect, it } from 'vitest';

import { formatRule, quoteName, quoteTextLiteral } from './rule-format.js';
import { parseRule } from './rule-parser.js';
import type { RuleNode } from './rule-tree.js';
import { withoutPositions } from './rule-walk.js';

const a: RuleNode = {
  kind: 'compare',
  field: 'a',
  operator: '=',
  value: { kind: 'number', value: 1, text: '1' },
};
const b: RuleNode = {
  kind: 'compare',
  field: 'b',
  operator: '=',
  value: { kind: 'number', value: 2, text: '2' },
};
const c: RuleNode = {
  kind: 'compare',
  field: 'c',
  operator: '=',
  value: { kind: 'number', value: 3, text: '3' },
};

function roundTrip(node: RuleNode): RuleNode {
  return withoutPositions(parseRule(formatRule(node)));
}

describe('quoteTextLiteral', () => {
  it('doubles single quotes', () => {
    expect(quoteTextLiteral("it's")).toBe("'it''s'");
    expect(quoteTextLiteral('')).toBe("''");
    expect(quoteTextLiteral("'; DROP TABLE profiles; --")).toBe("'''; DROP TABLE profiles; --'");
  });
});

describe('quoteName', () => {
  it('leaves plain names bare', () => {
    expect(quoteName('city')).toBe('city');
    expect(quoteName('_total2')).toBe('_total2');
    expect(quoteName('größe')).toBe('größe');
  });

  it('quotes names with spaces, quotes or a leading digit', () => {
    expect(quoteName('total spend')).toBe('"total spend"');
    expect(quoteName('a"b')).toBe('"a""b"');
    expect(quoteName('2nd')).toBe('"2nd"');
    expect(quoteName('we"ird; DROP TABLE x; --')).toBe('"we""ird; DROP TABLE x; --"');
  });

  it('quotes keywords in any case', () => {
    expect(quoteName('empty')).toBe('"empty"');
    expect(quoteName('AND')).toBe('"AND"');
    expect(quoteName('Segment')).toBe('"Segment"');
  });
});

describe('formatRule', () => {
  it('writes each construct', () => {
    const cases = [
      "city = 'Seattle'",
      'age != 3.5',
      'age between 18 and 29',
      "city in ('Oslo', 'Bergen')",
      'age not in (1, 2)',
      "name contains 'an'",
      "name not starts with 'An'",
      "name ends with 'son'",
      'city is empty',
      'city is not empty',
      'in segment "High spenders"',
      'not in segment "VIP"',
      'active = false',
      'customer_id = 00123',
      'x >= 1e3',
      '"total spend" > -12 and "a""b" = \'it\'\'s\'',
    ];
    for (const text of cases) expect(formatRule(parseRule(text))).toBe(text);
  });

  it('normalises keyword case, spacing and <>', () => {
    expect(formatRule(parseRule("CITY<>'x'  AND  age IS NOT EMPTY"))).toBe(
      "CITY != 'x' and age is not empty",
    );
  });

  it('adds parentheses only where precedence needs them', () => {
    expect(formatRule(parseRule('a = 1 or b = 2 and c = 3'))).toBe('a = 1 or b = 2 and c = 3');
    expect(formatRule(parseRule('(a = 1 or b = 2) and c = 3'))).toBe('(a = 1 or b = 2) and c = 3');
    expect(formatRule(parseRule('not (a = 1 or b = 2)'))).toBe('not (a = 1 or b = 2)');
  });

  it('wraps a negated condition in parentheses', () => {
    expect(formatRule({ kind: 'not', child: a })).toBe('not (a = 1)');
    expect(formatRule({ kind: 'not', child: { kind: 'not', child: a } })).toBe('not not (a = 1)');
  });

  it('writes a number from its value when the text does not match it', () => {
    expect(
      formatRule({
        kind: 'compare',
        field: 'x',
        operator: '<',
        value: { kind: 'number', value: 5, text: '' },
      }),
    ).toBe('x < 5');
  });

  it('rejects an and node without children', () => {
    expect(() => formatRule({ kind: 'and', children: [] })).toThrow('an and/or node has no children');
  });
});

describe('formatRule round trip', () => {
  const texts = [
    "city = 'Seattle'",
    "total_spend > 500 and (city = 'Seattle' or city is empty)",
    'age between 18 and 29 and not in segment "High spenders"',
    "not (a = 1 and b = 2) or c in (1, 2, 'x')",
    '"we""ird; DROP TABLE x; --" = \'\'\'; DROP TABLE profiles; --\'',
    "größe = 'Zürich' or 名前 not ends with '京'",
    "a not between 1 and 2 or b not contains 'z'",
    "note = 'line one\nline two'",
    'a = -0.5 and b = 1E+3 and c = true',
  ];

  for (const text of texts) {
    it(`keeps the tree of ${JSON.stringify(text)}`, () => {
      const tree = withoutPositions(parseRule(text));
      expect(roundTrip(tree)).toEqual(tree);
    });
  }

  it('keeps nesting that a flat chain would lose', () => {
    const trees: RuleNode[] = [
      { kind: 'and', children: [{ kind: 'and', children: [a, b] }, c] },
      { kind: 'and', children: [a, { kind: 'and', children: [b, c] }] },
      { kind: 'or', children: [{ kind: 'or', children: [a, b] }, c] },
      { kind: 'or', children: [{ kind: 'and', children: [a, b] }, c] },
      {
        kind: 'and',
        children: [
          { kind: 'or', children: [a, b] },
          { kind: 'not', child: c },
        ],
      },
      {
        kind: 'not',
        child: { kind: 'and', children: [a, { kind: 'not', child: { kind: 'or', children: [b, c] } }] },
      },
    ];
    for (const tree of trees) expect(roundTrip(tree)).toEqual(tree);
  });

  it('keeps every keyword used as a field name', () => {
    for (const keyword of ['and', 'or', 'not', 'in', 'between', 'is', 'empty', 'segment', 'true', 'with']) {
      const tree: RuleNode = { kind: 'empty', field: keyword, negated: false };
      expect(roundTrip(tree)).toEqual(tree);
    }
  });

  it('keeps segment names with quotes', () => {
    const tree: RuleNode = { kind: 'in-segment', segment: 'the "best" ones' };
    expect(formatRule(tree)).toBe('in segment "the ""best"" ones"');
    expect(roundTrip(tree)).toEqual(tree);
  });
});
