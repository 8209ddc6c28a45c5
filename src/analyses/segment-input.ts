import { InvalidInputError, RuleError } from '../core/errors.js';
import type { ProfileSource } from '../core/fields.js';
import { cleanMemberList, type MemberListReport } from '../core/member-list.js';
import type { RuleSegment, SegmentResolver, StaticSegment } from '../core/segments.js';
import type { Engine } from '../engines/engine.js';
import { checkRule } from '../rules/rule-checker.js';
import { ruleFromJson } from '../rules/rule-json.js';
import { formatRule } from '../rules/rule-format.js';
import { parseRule } from '../rules/rule-parser.js';

export const MAX_SEGMENT_NAME_LENGTH = 200;

/** Checks a segment name: not blank, not too long, no control characters. */
export function checkSegmentName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new InvalidInputError('segment name is empty. Give the segment a name');
  if (trimmed.length > MAX_SEGMENT_NAME_LENGTH) {
    throw new InvalidInputError(
      `segment name is ${trimmed.length} characters long; the limit is ${MAX_SEGMENT_NAME_LENGTH}. Shorten it`,
    );
  }
  // Names are printed in terminals and tables, where control characters would garble the output.
  if (/\p{Cc}/u.test(trimmed)) {
    throw new InvalidInputError(`segment name ${JSON.stringify(trimmed)} contains control characters. Remove them`);
  }
  return trimmed.normalize('NFC');
}

/** Parses and checks a rule, given as text or as the JSON tree, into a rule segment. */
export function ruleSegment(
  name: string,
  rule: string | unknown,
  source: ProfileSource,
  resolver: SegmentResolver,
): RuleSegment {
  const checkedName = checkSegmentName(name);
  try {
    const tree = typeof rule === 'string' ? parseRule(rule) : ruleFromJson(rule);
    checkRule(tree, { fields: source.fields, segments: resolver, segmentName: checkedName });
    const ruleText = typeof rule === 'string' ? rule : formatRule(tree);
    return { kind: 'rule', name: checkedName, ruleText, rule: tree };
  } catch (error) {
    if (error instanceof RuleError) throw new RuleError(error.diagnostics, `segment "${checkedName}"`);
    throw error;
  }
}

export interface MemberSegmentReport extends MemberListReport {
  /** Distinct keys that are customers of the profile source. */
  matched: number;
  unmatched: number;
  /** A few keys that are not customers, as listed. */
  unmatchedExamples: string[];
}

let memberTableCounter = 0;

/**
 * Loads a member list into a temporary table for this connection and reports how it matched the
 * profiles. Used for member lists given inline to an analysis; saved ones live in the workspace.
 */
export async function temporaryMemberSegment(
  engine: Engine,
  source: ProfileSource,
  name: string,
  entries: readonly unknown[],
): Promise<{ segment: StaticSegment; keys: string[]; report: MemberSegmentReport }> {
  const checkedName = checkSegmentName(name);
  const { keys, report } = cleanMemberList(entries, `members of segment "${checkedName}"`);

  memberTableCounter += 1;
  const table = `si_temporary_members_${process.pid}_${memberTableCounter}`;
  await engine.execute(`CREATE TEMPORARY TABLE ${table} (key VARCHAR)`);
  // An empty list has no element type to bind, and there is nothing to insert anyway.
  if (keys.length > 0) {
    await engine.execute({ sql: `INSERT INTO ${table} SELECT unnest($1::VARCHAR[])`, parameters: [keys] });
  }

  const matching = await matchMembers(engine, source, table);
  return {
    segment: { kind: 'static', name: checkedName, membersRelation: table },
    keys,
    report: { ...report, ...matching },
  };
}

/** Counts which member keys are customers of the profile source, with a few unmatched examples. */
export async function matchMembers(
  engine: Engine,
  source: ProfileSource,
  membersRelation: string,
): Promise<{ matched: number; unmatched: number; unmatchedExamples: string[] }> {
  const key = engine.dialect.quoteIdentifier(source.keyField);
  const unmatchedRows = `SELECT m.key FROM ${membersRelation} AS m WHERE NOT EXISTS (SELECT 1 FROM ${source.relation} AS p WHERE p.${key} = m.key)`;
  const totals = await engine.query(
    `SELECT (SELECT count(*) FROM ${membersRelation}) AS entries, (SELECT count(*) FROM (${unmatchedRows}) AS u) AS unmatched`,
  );
  const examples = await engine.query(`${unmatchedRows} ORDER BY m.key LIMIT 10`);

  const entries = Number(totals[0]?.entries ?? 0);
  const unmatched = Number(totals[0]?.unmatched ?? 0);
  return { matched: entries - unmatched, unmatched, unmatchedExamples: examples.map((row) => String(row.key)) };
}
