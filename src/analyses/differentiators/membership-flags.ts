import type { ProfileSource } from '../../core/fields.js';
import type { SegmentDefinition, SegmentResolver } from '../../core/segments.js';
import type { Dialect } from '../../dialects/dialect.js';
import { compileSegmentMembership, type RuleCompileContext } from '../../rules/rule-compiler.js';
import type { QueryParameters } from '../../sql/compiled-query.js';
import type { Baseline } from './differentiators-request.js';

/** Column aliases of the membership flags each profile gets in the analysis queries. */
export const IN_SEGMENT = 'in_segment';
export const IN_BASELINE = 'in_baseline';

export interface MembershipContext {
  dialect: Dialect;
  source: ProfileSource;
  segment: SegmentDefinition;
  baseline: Baseline;
  resolver: SegmentResolver;
}

/**
 * Builds the subquery that gives every customer (non-null key) its two membership flags, never
 * NULL, next to the `values` expressions. The "all" baseline is TRUE for everyone and "rest" is
 * the exact complement of the segment.
 */
export function membershipRelation(context: MembershipContext, parameters: QueryParameters, values: readonly string[]): string {
  const { dialect, source } = context;
  const compileContext: RuleCompileContext = {
    dialect,
    parameters,
    fields: source.fields,
    keyField: source.keyField,
    segments: context.resolver,
  };
  const inSegment = compileSegmentMembership(context.segment, compileContext);
  const inBaseline = baselineMembership(context.baseline, inSegment, compileContext);

  const columns = [`${inSegment} AS ${IN_SEGMENT}`, `${inBaseline} AS ${IN_BASELINE}`, ...values].join(', ');
  const key = dialect.quoteIdentifier(source.keyField);
  return `(SELECT ${columns} FROM ${source.relation} WHERE ${key} IS NOT NULL) AS memberships`;
}

function baselineMembership(
  baseline: Baseline,
  inSegment: string,
  compileContext: RuleCompileContext,
): string {
  switch (baseline.kind) {
    case 'all':
      return 'TRUE';
    case 'rest':
      // The segment's SQL is repeated as text; its placeholders point at the same parameters.
      return `(NOT ${inSegment})`;
    case 'segment':
      return compileSegmentMembership(baseline.segment, compileContext);
  }
}
