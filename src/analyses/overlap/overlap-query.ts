import type { Field, ProfileSource } from '../../core/fields.js';
import type { SegmentDefinition, SegmentResolver } from '../../core/segments.js';
import type { Dialect } from '../../dialects/dialect.js';
import { compileSegmentCondition, type RuleCompileContext } from '../../rules/rule-compiler.js';
import { QueryParameters, type CompiledQuery } from '../../sql/compiled-query.js';

/** Column aliases of the aggregated rows; the result shaper reads them back. */
export const MASK_COLUMN = 'segment_mask';
export const COUNT_COLUMN = 'profiles';
export const BREAKDOWN_COLUMN = 'breakdown_index';
export const FOLDED_COLUMN = 'folded';
export const DISTINCT_COLUMN = 'distinct_values';
export const valueColumn = (index: number): string => `breakdown_value_${index}`;

/** SQL for a profile's membership mask: bit i is set when the profile is in segment i. */
export function compileMembershipMask(segments: readonly SegmentDefinition[], context: RuleCompileContext): string {
  const terms = segments.map((segment, index) => {
    // CASE WHEN counts a NULL condition as false, so the cheaper condition form is enough.
    const membership = compileSegmentCondition(segment, context);
    return `(CASE WHEN ${membership} THEN ${2 ** index} ELSE 0 END)`;
  });
  return terms.join(' + ');
}

/**
 * Builds the one aggregation query behind an overlap. Each profile gets a bit mask of the segments
 * it belongs to (bit i for segment i). Grouping sets then count the profiles per mask, overall and
 * per value of each breakdown field, in one scan. Regions with no customers never appear, so the
 * work follows the number of profiles, not the 2^n combinations.
 *
 * Breakdown values are ranked by the customers in at least one segment, then by all customers.
 * The engine sums the values ranked past `maxValues` into one folded row per mask, so a field with
 * millions of values never sends millions of rows back. The missing value is never folded.
 */
export function buildOverlapQuery(
  dialect: Dialect,
  source: ProfileSource,
  segments: readonly SegmentDefinition[],
  breakdownFields: readonly Field[],
  resolver: SegmentResolver,
  maxValues: number,
): CompiledQuery {
  const parameters = new QueryParameters(dialect);
  const context = { dialect, parameters, fields: source.fields, keyField: source.keyField, segments: resolver };
  const mask = compileMembershipMask(segments, context);
  const memberships = membershipsRelation(dialect, source, mask, breakdownFields);

  if (breakdownFields.length === 0) {
    return parameters.toQuery(
      `SELECT -1 AS ${BREAKDOWN_COLUMN}, ${MASK_COLUMN}, COUNT(*) AS ${COUNT_COLUMN}, FALSE AS ${FOLDED_COLUMN}, 0 AS ${DISTINCT_COLUMN} ` +
        `FROM ${memberships} GROUP BY ${MASK_COLUMN}`,
    );
  }

  const values = breakdownFields.map((_, index) => valueColumn(index));
  const breakdownIndex = `CASE ${values.map((value, index) => `WHEN GROUPING(${value}) = 0 THEN ${index}`).join(' ')} ELSE -1 END`;
  const groupingSets = [`(${MASK_COLUMN})`, ...values.map((value) => `(${MASK_COLUMN}, ${value})`)].join(', ');
  const valuePartition = `PARTITION BY ${BREAKDOWN_COLUMN}, ${values.join(', ')}`;
  const limit = parameters.add(maxValues);
  // The missing value of a field stays visible whatever its rank, so folding never hides it.
  const missing = `(CASE ${BREAKDOWN_COLUMN} ${values.map((value, index) => `WHEN ${index} THEN ${value} IS NULL`).join(' ')} ELSE FALSE END)`;

  // MATERIALIZED keeps DuckDB from scanning the profiles a second time for the window functions.
  const sql = `WITH counted AS MATERIALIZED (
      SELECT ${breakdownIndex} AS ${BREAKDOWN_COLUMN}, ${MASK_COLUMN}, ${values.join(', ')}, COUNT(*) AS ${COUNT_COLUMN}
      FROM ${memberships} GROUP BY GROUPING SETS (${groupingSets})
    ), totals AS (
      SELECT *,
        SUM(CASE WHEN ${MASK_COLUMN} <> 0 THEN ${COUNT_COLUMN} ELSE 0 END) OVER (${valuePartition}) AS value_union,
        SUM(${COUNT_COLUMN}) OVER (${valuePartition}) AS value_profiles
      FROM counted
    ), ranked AS (
      SELECT *,
        DENSE_RANK() OVER (PARTITION BY ${BREAKDOWN_COLUMN} ORDER BY value_union DESC, value_profiles DESC, ${values.map((value) => `${value} NULLS LAST`).join(', ')}) AS value_rank
      FROM totals
    ), numbered AS (
      SELECT *, MAX(value_rank) OVER (PARTITION BY ${BREAKDOWN_COLUMN}) AS ${DISTINCT_COLUMN} FROM ranked
    )
    SELECT ${BREAKDOWN_COLUMN}, ${MASK_COLUMN}, ${values.join(', ')}, ${COUNT_COLUMN}, FALSE AS ${FOLDED_COLUMN}, ${DISTINCT_COLUMN}
    FROM numbered WHERE ${BREAKDOWN_COLUMN} = -1 OR value_rank <= ${limit} OR ${missing}
    UNION ALL
    SELECT ${BREAKDOWN_COLUMN}, ${MASK_COLUMN}, ${values.map(() => 'NULL').join(', ')}, SUM(${COUNT_COLUMN}), TRUE, MAX(${DISTINCT_COLUMN})
    FROM numbered WHERE ${BREAKDOWN_COLUMN} >= 0 AND value_rank > ${limit} AND NOT ${missing}
    GROUP BY ${BREAKDOWN_COLUMN}, ${MASK_COLUMN}`;
  return parameters.toQuery(sql);
}

function membershipsRelation(dialect: Dialect, source: ProfileSource, mask: string, breakdownFields: readonly Field[]): string {
  const selections = [
    `${mask} AS ${MASK_COLUMN}`,
    ...breakdownFields.map((field, index) => `${dialect.quoteIdentifier(field.name)} AS ${valueColumn(index)}`),
  ];
  return `(SELECT ${selections.join(', ')} FROM ${source.relation}) AS memberships`;
}
