import type { Field, ProfileSource } from '../../core/fields.js';
import type { SegmentDefinition, SegmentResolver } from '../../core/segments.js';
import type { Dialect } from '../../dialects/dialect.js';
import { compileSegmentMembership, type RuleCompileContext } from '../../rules/rule-compiler.js';
import { QueryParameters, type CompiledQuery } from '../../sql/compiled-query.js';

/** Column aliases of the aggregated rows; the result shaper reads them back. */
export const MASK_COLUMN = 'segment_mask';
export const COUNT_COLUMN = 'profiles';
export const valueColumn = (index: number): string => `breakdown_value_${index}`;
export const groupingColumn = (index: number): string => `breakdown_grouping_${index}`;

/** SQL for a profile's membership mask: bit i is set when the profile is in segment i. */
export function compileMembershipMask(segments: readonly SegmentDefinition[], context: RuleCompileContext): string {
  const terms = segments.map((segment, index) => {
    const membership = compileSegmentMembership(segment, context);
    return `(CASE WHEN ${membership} THEN ${2 ** index} ELSE 0 END)`;
  });
  return terms.join(' + ');
}

/**
 * Builds the one aggregation query behind an overlap: each profile gets a bit mask of the segments
 * it belongs to (bit i for segment i), and the profiles are counted per mask overall and per mask
 * and value of each breakdown field, in one scan through grouping sets. Regions with no customers
 * never appear, so the work follows the number of profiles, not the 2^n combinations.
 */
export function buildOverlapQuery(
  dialect: Dialect,
  source: ProfileSource,
  segments: readonly SegmentDefinition[],
  breakdownFields: readonly Field[],
  resolver: SegmentResolver,
): CompiledQuery {
  const parameters = new QueryParameters(dialect);
  const context = { dialect, parameters, fields: source.fields, keyField: source.keyField, segments: resolver };
  const mask = compileMembershipMask(segments, context);
  const valueSelections = breakdownFields.map(
    (field, index) => `${dialect.quoteIdentifier(field.name)} AS ${valueColumn(index)}`,
  );

  const inner = [`${mask} AS ${MASK_COLUMN}`, ...valueSelections].join(', ');
  const outer = [
    MASK_COLUMN,
    ...breakdownFields.map((_, index) => valueColumn(index)),
    ...breakdownFields.map((_, index) => `GROUPING(${valueColumn(index)}) AS ${groupingColumn(index)}`),
    `COUNT(*) AS ${COUNT_COLUMN}`,
  ].join(', ');

  const groupingSets = [
    `(${MASK_COLUMN})`,
    ...breakdownFields.map((_, index) => `(${MASK_COLUMN}, ${valueColumn(index)})`),
  ].join(', ');

  const sql = `SELECT ${outer} FROM (SELECT ${inner} FROM ${source.relation}) AS memberships GROUP BY GROUPING SETS (${groupingSets})`;
  return parameters.toQuery(sql);
}
