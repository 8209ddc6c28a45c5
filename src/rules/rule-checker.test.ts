import { describe, expect, it } from 'vitest';

import { RuleError } from '../core/errors.js';
import type { Field } from '../core/fields.js';
import type { SegmentDefinition, SegmentResolver } from '../core/segments.js';
import {
  checkRule,
  referencedFields,
  referencedSegments,
  ruleDiagnostics,
  type RuleCheckContext,
} from './rule-checker.js';
import { parseRule } from './rule-parser.js';

const fields: Field[] = [
  { name: 'customer_id', type: 'text' },
  { name: 'city', type: 'text' },
  { name: 'age', type: 'integer' },
  { name: 'total_spend', type: 'decimal' },
  { name: 'active', type: 'boolean' },
  { name: 'signup', type: 'date' },
  { name: 'last_seen', type: 'timestamp' },
];

function ruleSegment(name: string, ruleText: string): SegmentDefinition {
  return { kind: 'rule', name, ruleText, rule: parseRule(ruleText) };
}

const saved: SegmentDefinition[] = [
  ruleSegment('High spenders', 'total_spend > 500'),
  ruleSegment('Young high spenders', 'age < 30 and in segment "High spenders"'),
  { kind: 'static', name: 'Imported list', membersRelation: '"segment_members_1"' },
  ruleSegment('A', "city = 'Oslo'"),
  ruleSegment('B', 'age > 1 and in segment "A"'),
  ruleSegment('C', 'in segment "D"'),
  ruleSegment('D', 'active = true or in segment "C"'),
  ruleSegment('Uses C', 'in segment "C"'),
];

const segments: SegmentResolver = (name) => saved.find((segment) => segment.name === name);

function context(overrides: Partial<RuleCheckContext> = {}): RuleCheckContext {
  return { fields, segments, segmentNames: saved.map((segment) => segment.name), ...overrides };
}

function checkFailure(ruleText: string, overrides: Partial<RuleCheckContext> = {}): RuleError {
  try {
    checkRule(parseRule(ruleText), context(overrides));
  } catch (error) {
    if (error instanceof RuleError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(ruleText)} to fail the check`);
}

describe('checkRule accepts', () => {
  const valid = [
    "customer_id = '00123'",
    "city in ('Oslo', '') and city not contains 'x' and city starts with 'O' and city ends with 'o'",
    "city between 'A' and 'M'",
    'age >= 18 and age != 3.5 and age between 18 and 18',
    'total_spend between -1.5 and 1e3',
    'active = true and active != false and active in (true) and active is not empty',
    "signup between '2024-01-01' and '2024-12-31' and signup != '2024-02-29'",
    "last_seen >= '2024-01-31' and last_seen < '2024-02-01 10:30' and last_seen = '2024-01-31 10:30:59'",
    "last_seen between '2024-01-31 10:00' and '2024-01-31'",
    'in segment "High spenders" and not in segment "Imported list"',
    'in segment "Young high spenders"',
  ];

  for (const ruleText of valid) {
    it(`accepts ${JSON.stringify(ruleText)}`, () => {
      expect(() => checkRule(parseRule(ruleText), context())).not.toThrow();
    });
  }

  it('accepts a rule from JSON without positions', () => {
    expect(() => checkRule({ kind: 'empty', field: 'city', negated: false }, context())).not.toThrow();
  });
});

describe('checkRule unknown fields', () => {
  it('suggests the closest field', () => {
    const error = checkFailure("citty = 'Oslo'");
    expect(error.message).toBe('unknown field "citty" in rule at 1:1. Did you mean "city"?');
    expect(error.diagnostics).toEqual([
      { code: 'unknown-field', message: error.message, position: { line: 1, column: 1, offset: 0 } },
    ]);
  });

  it('suggests a field that differs only in case', () => {
    expect(checkFailure('Age > 3').message).toBe('unknown field "Age" in rule at 1:1. Did you mean "age"?');
  });

  it('lists the fields when none is close', () => {
    expect(checkFailure('income > 3').message).toBe(
      'unknown field "income" in rule at 1:1. Use one of the profile fields: "customer_id", "city", "age", ' +
        '"total_spend", "active", "signup", "last_seen"',
    );
  });

  it('omits the position for a rule from JSON', () => {
    const error = (() => {
      try {
        checkRule({ kind: 'empty', field: 'citty', negated: false }, context());
      } catch (caught) {
        return caught as RuleError;
      }
      throw new Error('expected the check to fail');
    })();
    expect(error.message).toBe('unknown field "citty" in rule. Did you mean "city"?');
  });
});

describe('checkRule type mismatches', () => {
  const cases: { rule: string; message: string; code?: string }[] = [
    {
      rule: 'customer_id = 00123',
      message:
        'number 00123 compared with text field "customer_id" at 1:15. Quote it to compare it as text: \'00123\'',
    },
    {
      rule: 'city = true',
      message:
        'boolean true compared with text field "city" at 1:8. Quote it to compare it as text: \'true\'',
    },
    {
      rule: "age = '42'",
      message: 'text \'42\' compared with integer field "age" at 1:7. Write the number without quotes: 42',
    },
    {
      rule: "age = 'old'",
      message: 'text \'old\' compared with integer field "age" at 1:7. Write a number such as 42 or 3.5',
    },
    { rule: 'total_spend > true', message: 'boolean true compared with decimal field "total_spend" at 1:15' },
    {
      rule: 'active = 1',
      message: 'number 1 compared with boolean field "active" at 1:10. Write true or false without quotes',
    },
    { rule: "active = 'true'", message: 'text \'true\' compared with boolean field "active" at 1:10' },
    {
      rule: 'signup = 20240131',
      message: 'compared with date field "signup" at 1:10. Write a date as \'YYYY-MM-DD\'',
    },
    {
      rule: "signup = '2024-01-31 10:00'",
      message:
        "text '2024-01-31 10:00' compared with date field \"signup\" at 1:10. Write a date as 'YYYY-MM-DD', without a time of day",
    },
    { rule: "signup = 'yesterday'", message: 'text \'yesterday\' compared with date field "signup" at 1:10' },
    {
      rule: 'last_seen > 5',
      message: 'compared with timestamp field "last_seen" at 1:13. Write \'YYYY-MM-DD\' for a whole day',
    },
    {
      rule: "age contains '4'",
      message: '"contains" applies to text fields only, and "age" is integer at 1:1. Use =, <, > or between',
    },
    {
      rule: "active starts with 't'",
      message: '"starts with" applies to text fields only, and "active" is boolean at 1:1. Use = or !=',
    },
    {
      rule: 'active < true',
      message:
        'operator "<" does not apply to boolean field "active" at 1:1. Use = or !=, as in "active" = true',
    },
    {
      rule: 'active between false and true',
      message: 'operator "between" does not apply to boolean field "active" at 1:1',
    },
    { rule: "city in ('Oslo', 3)", message: 'number 3 compared with text field "city" at 1:18' },
  ];

  for (const { rule, message } of cases) {
    it(`rejects ${JSON.stringify(rule)}`, () => {
      const error = checkFailure(rule);
      expect(error.diagnostics).toHaveLength(1);
      expect(error.diagnostics[0]?.code).toBe('type-mismatch');
      expect(error.message).toContain(message);
    });
  }
});

describe('checkRule values', () => {
  it('rejects reversed between bounds', () => {
    const error = checkFailure('age between 50 and 18');
    expect(error.diagnostics[0]?.code).toBe('invalid-value');
    expect(error.message).toBe('between bounds reversed: 50 > 18 at 1:13. Write the smaller bound first');
  });

  it('rejects reversed text, date and timestamp bounds', () => {
    expect(checkFailure("city between 'b' and 'a'").message).toContain("between bounds reversed: 'b' > 'a'");
    expect(checkFailure("signup between '2024-02-01' and '2024-01-31'").message).toContain(
      'between bounds reversed',
    );
    expect(checkFailure("last_seen between '2024-02-01' and '2024-01-31 23:00'").message).toContain(
      'between bounds reversed',
    );
    expect(checkFailure("last_seen between '2024-01-31 10:00:01' and '2024-01-31 10:00'").message).toContain(
      'between bounds reversed',
    );
  });

  it('orders text bounds by code point', () => {
    // "é" (U+00E9) comes after "z" (U+007A), and an astral character after every BMP one.
    expect(checkFailure("city between 'é' and 'z'").message).toContain('between bounds reversed');
    expect(() => checkRule(parseRule("city between 'z' and '\u{1F600}'"), context())).not.toThrow();
  });

  it('rejects dates that are not in the calendar', () => {
    const error = checkFailure("signup = '2024-02-30'");
    expect(error.diagnostics[0]?.code).toBe('invalid-value');
    expect(error.message).toBe("invalid date '2024-02-30' at 1:10. Write a day that exists in the calendar");
    expect(checkFailure("signup = '2023-02-29'").message).toContain("invalid date '2023-02-29'");
    expect(checkFailure("last_seen = '2024-13-01 10:00'").message).toContain(
      "invalid date '2024-13-01 10:00'",
    );
    expect(() => checkRule(parseRule("signup = '2000-02-29'"), context())).not.toThrow();
  });

  it('rejects times that are not on the clock', () => {
    const error = checkFailure("last_seen < '2024-01-31 24:00'");
    expect(error.diagnostics[0]?.code).toBe('invalid-value');
    expect(error.message).toContain("invalid time of day '2024-01-31 24:00' at 1:13");
  });
});

describe('checkRule segments', () => {
  it('rejects an unknown segment with a suggestion', () => {
    const error = checkFailure('in segment "High spender"');
    expect(error.diagnostics[0]?.code).toBe('unknown-segment');
    expect(error.message).toBe('unknown segment "High spender" at 1:12. Did you mean "High spenders"?');
  });

  it('rejects an unknown segment without a list of names', () => {
    expect(checkFailure('in segment "Nobody"', { segmentNames: undefined }).message).toBe(
      'unknown segment "Nobody" at 1:12. Check the name or save that segment first',
    );
  });

  it('rejects a segment that refers to itself', () => {
    const error = checkFailure('age > 3 or in segment "New"', { segmentName: 'New' });
    expect(error.diagnostics[0]?.code).toBe('segment-cycle');
    expect(error.message).toBe(
      'segment cycle "New" → "New" at 1:23. A segment cannot contain itself, so remove one of these references',
    );
  });

  it('rejects a cycle through another segment', () => {
    // Saving A as `in segment "B"` closes the loop, because B refers to A.
    const error = checkFailure('in segment "B"', { segmentName: 'A' });
    expect(error.diagnostics[0]?.code).toBe('segment-cycle');
    expect(error.message).toContain('segment cycle "A" → "B" → "A" at 1:12');
  });

  it('rejects a cycle among saved segments', () => {
    expect(checkFailure('in segment "Uses C"').message).toContain('segment cycle "C" → "D" → "C"');
  });

  it('checks the new rule when saving', () => {
    // D is stored as `active = true or in segment "C"`, and C refers to D, so saving D without
    // the reference removes the cycle.
    expect(() => checkRule(parseRule('active = true'), context({ segmentName: 'D' }))).not.toThrow();
    expect(() => checkRule(parseRule('in segment "A"'), context({ segmentName: 'B' }))).not.toThrow();
  });

  it('reports one cycle once', () => {
    const error = checkFailure('in segment "B" or in segment "B"', { segmentName: 'A' });
    expect(error.diagnostics).toHaveLength(1);
  });
});

describe('checkRule diagnostics', () => {
  it('reports every problem, in the order of the text', () => {
    const error = checkFailure(
      "citty = 'Oslo' and age between 50 and 18 and active < true and in segment \"Nope\" and signup = '2024-02-30'",
    );
    expect(error.diagnostics.map((entry) => entry.code)).toEqual([
      'unknown-field',
      'invalid-value',
      'type-mismatch',
      'unknown-segment',
      'invalid-value',
    ]);
    // Columns: "citty" 1, the low bound "50" 32, "active" 46, the name "Nope" 75, the date 95.
    expect(error.diagnostics.map((entry) => entry.position?.column)).toEqual([1, 32, 46, 75, 95]);
    expect(error.message.split('\n')).toHaveLength(5);
  });

  it('lists diagnostics without throwing', () => {
    const rule = parseRule("citty = 'x' or age = 'y'");
    expect(ruleDiagnostics(rule, context()).map((entry) => entry.code)).toEqual([
      'unknown-field',
      'type-mismatch',
    ]);
  });
});

describe('referencedSegments', () => {
  it('lists direct references once, in order', () => {
    const rule = parseRule('in segment "B" and (in segment "A" or not in segment "B")');
    expect(referencedSegments(rule)).toEqual(['B', 'A']);
  });
});

describe('referencedFields', () => {
  it('follows rule segments and skips static ones', () => {
    const rule = parseRule(
      'city = \'x\' and in segment "Young high spenders" and in segment "Imported list" and city is empty',
    );
    expect(referencedFields(rule, segments)).toEqual(['city', 'age', 'total_spend']);
  });

  it('stops at a segment cycle', () => {
    expect(referencedFields(parseRule('in segment "C"'), segments)).toEqual(['active']);
  });

  it('ignores unknown segments', () => {
    expect(referencedFields(parseRule('in segment "Nope" or age > 1'), segments)).toEqual(['age']);
  });
});
