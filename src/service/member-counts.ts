import { SegmentInsightsError } from '../core/errors.js';
import type { ProfileSource } from '../core/fields.js';
import type { SegmentDefinition, SegmentResolver } from '../core/segments.js';
import type { Engine } from '../engines/engine.js';
import { compileSegmentMembership, type RuleCompileContext } from '../rules/rule-compiler.js';
import { QueryParameters } from '../sql/compiled-query.js';

/** A segment's member count, or why it cannot be counted (its rule no longer fits the fields). */
export interface MemberCount {
  members: number | null;
  problem: string | null;
}

/**
 * Counts the members of many segments in one scan of the profiles. A segment whose rule fails to
 * compile gets its problem instead of a count, and the others are still counted.
 */
export async function countMembers(
  engine: Engine,
  source: ProfileSource,
  segments: readonly SegmentDefinition[],
  resolver: SegmentResolver,
): Promise<Map<string, MemberCount>> {
  const counts = new Map<string, MemberCount>();
  const countable: SegmentDefinition[] = [];
  for (const segment of segments) {
    const problem = compileProblem(engine, source, segment, resolver);
    if (problem === null) countable.push(segment);
    else counts.set(segment.name, { members: null, problem });
  }
  if (countable.length === 0) return counts;

  const parameters = new QueryParameters(engine.dialect);
  const context = compileContext(engine, source, resolver, parameters);
  const columns = countable.map(
    (segment, index) => `SUM(CASE WHEN ${compileSegmentMembership(segment, context)} THEN 1 ELSE 0 END) AS members_${index}`,
  );
  const rows = await engine.query(parameters.toQuery(`SELECT ${columns.join(', ')} FROM ${source.relation}`));
  countable.forEach((segment, index) => {
    counts.set(segment.name, { members: Number(rows[0]?.[`members_${index}`] ?? 0), problem: null });
  });
  return counts;
}

/** Counts the profiles of the source. */
export async function countProfiles(engine: Engine, source: ProfileSource): Promise<number> {
  const rows = await engine.query(`SELECT count(*) AS profiles FROM ${source.relation}`);
  return Number(rows[0]?.profiles ?? 0);
}

function compileProblem(engine: Engine, source: ProfileSource, segment: SegmentDefinition, resolver: SegmentResolver): string | null {
  try {
    compileSegmentMembership(segment, compileContext(engine, source, resolver, new QueryParameters(engine.dialect)));
    return null;
  } catch (error) {
    if (error instanceof SegmentInsightsError) return error.message;
    throw error;
  }
}

function compileContext(
  engine: Engine,
  source: ProfileSource,
  resolver: SegmentResolver,
  parameters: QueryParameters,
): RuleCompileContext {
  return { dialect: engine.dialect, parameters, fields: source.fields, keyField: source.keyField, segments: resolver };
}
