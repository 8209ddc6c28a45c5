import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { RuleError } from '../core/errors.js';
import type { Field } from '../core/fields.js';
import type { SegmentDefinition, SegmentResolver } from '../core/segments.js';
import { DuckDbDialect } from '../dialects/duckdb/duckdb-dialect.js';
import { DuckDbEngine } from '../engines/duckdb/duckdb-engine.js';
import { QueryParameters } from '../sql/compiled-query.js';
import { compileRule, compileSegmentMembership, type RuleCompileContext } from './rule-compiler.js';
import { parseRule } from './rule-parser.js';
import type { RuleNode } from './rule-tree.js';
import { conditionLiterals, isConditionNode, ruleNodes } from './rule-walk.js';

const WEIRD = 'we"ird; DROP TABLE x; --';
const HOSTILE = "'; DROP TABLE profiles; --";

const fields: Field[] = [
  { name: 'customer_id', type: 'text' },
  { name: 'city', type: 'text' },
  { name: 'age', type: 'integer' },
  { name: 'total_spend', type: 'decimal' },
  { name: 'active', type: 'boolean' },
  { name: 'signup', type: 'date' },
  { name: 'last_seen', type: 'timestamp' },
  { name: WEIRD, type: 'text' },
];

// Eight customers with nulls, an empty string, case variants, NFC Unicode and hostile text.
// Columns: key, city, age, total_spend, active, signup, last_seen, the weird field.
const PROFILES: (string | number | boolean | null)[][] = [
  ['c1', 'Seattle', 25, 120.5, true, '2024-01-15', '2024-01-31 09:30:00', 'a'],
  ['c2', 'seattle', 40, 600, false, '2024-01-31', '2024-01-31 23:59:59', HOSTILE],
  ['c3', 'Z\u00fcrich', 18, 0, true, '2024-02-29', '2024-02-01 00:00:00', '"quoted"'],
  ['c4', '', 29, 500, null, '2023-12-31', '2024-01-30 23:59:59', ''],
  ['c5', null, null, null, null, null, null, null],
  ['c6', "O'Brien Town", 30, 500.01, false, '2024-03-01', '2024-02-15 12:00:00', "it's"],
  ['c7', HOSTILE, 17, -5, true, '2024-01-31', '2024-01-31 00:00:00', null],
  ['c8', 'Seattle', 65, 1000, null, '2024-12-31', null, 'b'],
];
const ALL = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8'];

function ruleSegment(name: string, ruleText: string): SegmentDefinition {
  return { kind: 'rule', name, ruleText, rule: parseRule(ruleText) };
}

const saved: SegmentDefinition[] = [
  ruleSegment('High spenders', 'total_spend > 500'),
  ruleSegment('Seattle high spenders', 'city = \'Seattle\' and in segment "High spenders"'),
  { kind: 'static', name: 'Imported list', membersRelation: 'imported_members' },
  ruleSegment('Loop one', 'in segment "Loop two"'),
  ruleSegment('Loop two', 'age > 1 and in segment "Loop one"'),
  ruleSegment('Broken', 'incom > 5'),
  ruleSegment('Uses broken', 'in segment "Broken"'),
];
const segments: SegmentResolver = (name) => saved.find((segment) => segment.name === name);

let engine: DuckDbEngine;

beforeAll(async () => {
  engine = await DuckDbEngine.open(':memory:');
  await engine.execute(
    `CREATE TABLE profiles (customer_id VARCHAR, city VARCHAR, age BIGINT, total_spend DOUBLE, active BOOLEAN,
       signup DATE, last_seen TIMESTAMP, "we""ird; DROP TABLE x; --" VARCHAR)`,
  );
  await engine.execute('CREATE TABLE x (id INTEGER)');
  for (const row of PROFILES) {
    await engine.execute({
      sql: 'INSERT INTO profiles VALUES ($1, $2, $3, $4, $5, CAST($6 AS DATE), CAST($7 AS TIMESTAMP), $8)',
      parameters: row,
    });
  }

  // The static segment lists an unknown key and a null next to two customers.
  await engine.execute('CREATE TABLE imported_members (key VARCHAR)');
  await engine.execute("INSERT INTO imported_members VALUES ('c1'), ('c3'), ('zz-unknown'), (NULL)");
});

afterAll(async () => {
  await engine.close();
});

function compileContext(parameters: QueryParameters): RuleCompileContext {
  return { dialect: engine.dialect, parameters, fields, keyField: 'customer_id', segments };
}

function compiled(rule: string | RuleNode): { sql: string; parameters: unknown[] } {
  const parameters = new QueryParameters(new DuckDbDialect());
  const node = typeof rule === 'string' ? parseRule(rule) : rule;
  const sql = compileRule(node, compileContext(parameters));
  return { sql, parameters: parameters.values };
}

async function matchingKeys(rule: string | RuleNode): Promise<string[]> {
  const parameters = new QueryParameters(engine.dialect);
  const node = typeof rule === 'string' ? parseRule(rule) : rule;
  const condition = compileRule(node, compileContext(parameters));
  const query = parameters.toQuery(
    `SELECT customer_id FROM profiles WHERE ${condition} ORDER BY customer_id`,
  );
  const rows = await engine.query(query);
  return rows.map((row) => String(row.customer_id));
}

/** Returns the rule's value for every customer, in key order, to show that it is never null. */
async function memberships(rule: string): Promise<unknown[]> {
  const parameters = new QueryParameters(engine.dialect);
  const condition = compileRule(parseRule(rule), compileContext(parameters));
  const query = parameters.toQuery(`SELECT ${condition} AS member FROM profiles ORDER BY customer_id`);
  const rows = await engine.query(query);
  return rows.map((row) => row.member);
}

// Each case lists the matching keys worked out from the table above.
const LEAF_CASES: [string, string[]][] = [
  // Text equality is exact: "seattle" (c2) is another value.
  ["city = 'Seattle'", ['c1', 'c8']],
  ["city != 'Seattle'", ['c2', 'c3', 'c4', 'c5', 'c6', 'c7']],
  ["city <> 'Seattle'", ['c2', 'c3', 'c4', 'c5', 'c6', 'c7']],
  // The rule spells Zürich with a combining diaeresis, and NFC turns it into the stored value.
  ["city = 'Zu\u0308rich'", ['c3']],
  [`city = '${HOSTILE.replaceAll("'", "''")}'`, ['c7']],
  ["city = ''", ['c4']],
  // Text orders by code point: '' and the apostrophe of c7 sort before "S", lowercase after it.
  ["city < 'S'", ['c4', 'c6', 'c7']],
  ["city in ('Seattle', '')", ['c1', 'c4', 'c8']],
  ["city not in ('Seattle', '')", ['c2', 'c3', 'c5', 'c6', 'c7']],
  ["city between 'O' and 'Seattle'", ['c1', 'c6', 'c8']],
  ['city is empty', ['c4', 'c5']],
  ['city is not empty', ['c1', 'c2', 'c3', 'c6', 'c7', 'c8']],
  ["city contains 'eattl'", ['c1', 'c2', 'c8']],
  ["city not contains 'eattl'", ['c3', 'c4', 'c5', 'c6', 'c7']],
  ["city contains 'u\u0308'", ['c3']],
  ["city contains ''''", ['c6', 'c7']],
  ["city starts with 'S'", ['c1', 'c8']],
  ["city not starts with 'S'", ['c2', 'c3', 'c4', 'c5', 'c6', 'c7']],
  ["city ends with 'Town'", ['c6']],
  ["city not ends with 'Town'", ['c1', 'c2', 'c3', 'c4', 'c5', 'c7', 'c8']],
  // Every text value, the empty one included, starts with the empty string, but null does not.
  ["city starts with ''", ['c1', 'c2', 'c3', 'c4', 'c6', 'c7', 'c8']],
  ['age < 18', ['c7']],
  ['age <= 18', ['c3', 'c7']],
  ['age > 40', ['c8']],
  ['age >= 40', ['c2', 'c8']],
  ['age = 25', ['c1']],
  ['age != 25', ['c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8']],
  // 25.5 must not round to an integer: ages 25, 18 and 17 are below it.
  ['age < 25.5', ['c1', 'c3', 'c7']],
  ['age = 25.5', []],
  ['age between 18 and 29', ['c1', 'c3', 'c4']],
  ['age in (17, 30)', ['c6', 'c7']],
  ['age not in (17, 30)', ['c1', 'c2', 'c3', 'c4', 'c5', 'c8']],
  ['age is empty', ['c5']],
  ['total_spend > 500', ['c2', 'c6', 'c8']],
  ['total_spend >= 500', ['c2', 'c4', 'c6', 'c8']],
  ['total_spend = 120.5', ['c1']],
  ['total_spend < 0', ['c7']],
  ['total_spend between -5 and 0', ['c3', 'c7']],
  ['active = true', ['c1', 'c3', 'c7']],
  ['active != true', ['c2', 'c4', 'c5', 'c6', 'c8']],
  ['active = false', ['c2', 'c6']],
  ['active in (false)', ['c2', 'c6']],
  ['active is empty', ['c4', 'c5', 'c8']],
  ["signup = '2024-01-31'", ['c2', 'c7']],
  ["signup between '2024-01-01' and '2024-01-31'", ['c1', 'c2', 'c7']],
  ["signup > '2024-02-28'", ['c3', 'c6', 'c8']],
  ["signup < '2024-01-01'", ['c4']],
  ["signup in ('2024-02-29', '2023-12-31')", ['c3', 'c4']],
  // A date alone on a timestamp field is the whole day: 00:00 (c7) to 23:59:59 (c2), not c3 at
  // 00:00 the next day.
  ["last_seen = '2024-01-31'", ['c1', 'c2', 'c7']],
  ["last_seen != '2024-01-31'", ['c3', 'c4', 'c5', 'c6', 'c8']],
  ["last_seen between '2024-01-30' and '2024-01-31'", ['c1', 'c2', 'c4', 'c7']],
  ["last_seen <= '2024-01-31'", ['c1', 'c2', 'c4', 'c7']],
  ["last_seen < '2024-01-31'", ['c4']],
  ["last_seen > '2024-01-31'", ['c3', 'c6']],
  ["last_seen >= '2024-01-31'", ['c1', 'c2', 'c3', 'c6', 'c7']],
  ["last_seen = '2024-01-31 09:30'", ['c1']],
  ["last_seen between '2024-01-31 09:30' and '2024-02-01 00:00:00'", ['c1', 'c2', 'c3']],
  ["last_seen in ('2024-01-30', '2024-02-15 12:00:00')", ['c4', 'c6']],
  ["last_seen not in ('2024-01-30', '2024-02-15 12:00:00')", ['c1', 'c2', 'c3', 'c5', 'c7', 'c8']],
  [`"we""ird; DROP TABLE x; --" = '${HOSTILE.replaceAll("'", "''")}'`, ['c2']],
  [`"we""ird; DROP TABLE x; --" contains '"'`, ['c3']],
  [`"we""ird; DROP TABLE x; --" is empty`, ['c4', 'c5', 'c7']],
  ['in segment "High spenders"', ['c2', 'c6', 'c8']],
  ['in segment "Imported list"', ['c1', 'c3']],
];

describe('compileRule on DuckDB', () => {
  for (const [rule, keys] of LEAF_CASES) {
    it(`matches ${rule}`, async () => {
      expect(await matchingKeys(rule)).toEqual(keys);
    });
  }

  it('combines conditions with and, or and not', async () => {
    // total_spend > 500: c2, c6, c8. Seattle or empty city: c1, c4, c5, c8.
    expect(await matchingKeys("total_spend > 500 and (city = 'Seattle' or city is empty)")).toEqual(['c8']);
    // age > 20: c1, c2, c4, c6, c8. active: c1, c3, c7. Only c5 is in neither.
    expect(await matchingKeys('not (age > 20 or active = true)')).toEqual(['c5']);
  });

  it('compiles nested rule segments inline', async () => {
    // Seattle (c1, c8) and High spenders (c2, c6, c8) leaves c8. The list adds c1 and c3.
    expect(await matchingKeys('in segment "Seattle high spenders"')).toEqual(['c8']);
    expect(await matchingKeys('in segment "Seattle high spenders" or in segment "Imported list"')).toEqual([
      'c1',
      'c3',
      'c8',
    ]);
  });

  it('ignores a null static member', async () => {
    expect(await matchingKeys('not in segment "Imported list"')).toEqual([
      'c2',
      'c4',
      'c5',
      'c6',
      'c7',
      'c8',
    ]);
  });
});

describe('compileRule two-valued logic', () => {
  for (const [rule] of LEAF_CASES) {
    it(`partitions customers by ${rule}`, async () => {
      const positive = await matchingKeys(rule);
      const negative = await matchingKeys(`not (${rule})`);
      expect(positive.filter((key) => negative.includes(key))).toEqual([]);
      expect([...positive, ...negative].sort()).toEqual(ALL);
    });
  }

  it('never yields null for a leaf', async () => {
    for (const [rule] of LEAF_CASES) {
      const values = await memberships(rule);
      expect(
        values.filter((value) => typeof value !== 'boolean'),
        rule,
      ).toEqual([]);
    }
  });
});

describe('compileRule SQL text', () => {
  it('binds values as parameters', () => {
    expect(compiled("city = 'Seattle'")).toEqual({
      sql: 'COALESCE(("city" = $1), FALSE)',
      parameters: ['Seattle'],
    });
  });

  it('negates the positive form for !=', () => {
    expect(compiled("city != 'Seattle'").sql).toBe('COALESCE((NOT COALESCE(("city" = $1), FALSE)), FALSE)');
  });

  it('casts values to the field type and writes numbers as literals', () => {
    expect(compiled("signup = '2024-01-31'").sql).toBe('COALESCE(("signup" = CAST($1 AS DATE)), FALSE)');
    expect(compiled('active = true').sql).toBe('COALESCE(("active" = CAST($1 AS BOOLEAN)), FALSE)');
    expect(compiled('age > 3').sql).toBe('COALESCE(("age" > 3), FALSE)');
    expect(compiled('age > 3.5').sql).toBe('COALESCE(("age" > 3.5), FALSE)');
    expect(compiled('total_spend > -3').sql).toBe('COALESCE(("total_spend" > (-3)), FALSE)');
  });

  it('compiles a whole day on a timestamp field as a range', () => {
    expect(compiled("last_seen = '2024-01-31'")).toEqual({
      sql:
        'COALESCE(("last_seen" >= CAST($1 AS TIMESTAMP) AND ' +
        `"last_seen" < (CAST($2 AS TIMESTAMP) + INTERVAL '1 day')), FALSE)`,
      parameters: ['2024-01-31', '2024-01-31'],
    });
  });

  it('matches the empty string as empty for text only', () => {
    expect(compiled('city is empty').sql).toBe(`COALESCE(("city" IS NULL OR "city" = ''), FALSE)`);
    expect(compiled('age is not empty').sql).toBe('COALESCE((NOT COALESCE(("age" IS NULL), FALSE)), FALSE)');
  });

  it('normalises text values to NFC before binding', () => {
    expect(compiled("city = 'Zu\u0308rich'").parameters).toEqual(['Z\u00fcrich']);
  });

  it('quotes a hostile field name and binds a hostile value', () => {
    const rule = `"we""ird; DROP TABLE x; --" = '${HOSTILE.replaceAll("'", "''")}'`;
    expect(compiled(rule)).toEqual({
      sql: 'COALESCE(("we""ird; DROP TABLE x; --" = $1), FALSE)',
      parameters: [HOSTILE],
    });
  });

  it('keeps every text value out of the SQL', () => {
    for (const [rule] of LEAF_CASES) {
      const { sql } = compiled(rule);
      const conditions = [...ruleNodes(parseRule(rule))].filter(isConditionNode);
      for (const literal of conditions.flatMap(conditionLiterals)) {
        // One-letter values such as 'S' would also match SQL keywords like FALSE.
        if (literal.kind === 'string' && literal.value.length >= 2)
          expect(sql, rule).not.toContain(literal.value);
      }
    }
  });

  it('leaves the tables in place after hostile input', async () => {
    const profiles = await engine.query('SELECT count(*) AS n FROM profiles');
    const x = await engine.query('SELECT count(*) AS n FROM x');
    expect(profiles[0]?.n).toBe(8);
    expect(x[0]?.n).toBe(0);
  });

  it('shares one parameter numbering across rules', () => {
    const parameters = new QueryParameters(new DuckDbDialect());
    const context = compileContext(parameters);
    compileRule(parseRule("city = 'a'"), context);
    expect(compileRule(parseRule("city = 'b'"), context)).toBe('COALESCE(("city" = $2), FALSE)');
  });
});

describe('compileSegmentMembership', () => {
  it('tests keys against static members', () => {
    const parameters = new QueryParameters(new DuckDbDialect());
    const segment = segments('Imported list');
    if (!segment) throw new Error('missing fixture segment');
    expect(compileSegmentMembership(segment, compileContext(parameters))).toBe(
      'COALESCE(("customer_id" IN (SELECT "key" FROM imported_members)), FALSE)',
    );
  });

  it('compiles the rule of a rule segment', () => {
    const parameters = new QueryParameters(new DuckDbDialect());
    const segment = segments('High spenders');
    if (!segment) throw new Error('missing fixture segment');
    expect(compileSegmentMembership(segment, compileContext(parameters))).toBe(
      'COALESCE(("total_spend" > 500), FALSE)',
    );
  });
});

describe('compileRule errors', () => {
  function compileFailure(rule: string): RuleError {
    try {
      compiled(rule);
    } catch (error) {
      if (error instanceof RuleError) return error;
      throw error;
    }
    throw new Error(`expected ${JSON.stringify(rule)} not to compile`);
  }

  it('rejects an unknown field', () => {
    expect(compileFailure("citty = 'x'").diagnostics[0]?.code).toBe('unknown-field');
  });

  it('rejects a type mismatch', () => {
    expect(compileFailure("age = 'x'").diagnostics[0]?.code).toBe('type-mismatch');
  });

  it('rejects an unknown segment', () => {
    expect(compileFailure('in segment "Nobody"').diagnostics[0]?.code).toBe('unknown-segment');
  });

  it('rejects a segment cycle instead of recursing', () => {
    const error = compileFailure('in segment "Loop one"');
    expect(error.diagnostics[0]?.code).toBe('segment-cycle');
    expect(error.message).toContain('"Loop one" → "Loop two" → "Loop one"');
  });

  it('names the faulty referenced segment', () => {
    const error = compileFailure('in segment "Uses broken"');
    expect(error.diagnostics[0]?.code).toBe('unknown-field');
    expect(error.message).toBe(
      'segment "Broken": unknown field "incom" in rule at 1:1. Use one of the profile fields: ' +
        '"customer_id", "city", "age", "total_spend", "active", "signup", "last_seen", "we""ird; DROP TABLE x; --"',
    );
  });
});
