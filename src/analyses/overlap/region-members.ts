import type { ProfileSource } from '../../core/fields.js';
import type { SegmentDefinition, SegmentResolver } from '../../core/segments.js';
import type { Dialect } from '../../dialects/dialect.js';
import { QueryParameters, type CompiledQuery, type SqlValue } from '../../sql/compiled-query.js';
import { compileMembershipMask } from './overlap-query.js';

/** A breakdown value to stay within; a null value selects the customers whose field is missing. */
export interface FieldValueFilter {
  field: string;
  value: SqlValue;
}

/**
 * Builds the query listing the keys of the customers in one exclusive region (mask 0 is "in none
 * of them"), optionally within one breakdown value, in key order.
 */
export function buildRegionMembersQuery(
  dialect: Dialect,
  source: ProfileSource,
  segments: readonly SegmentDefinition[],
  regionMask: number,
  resolver: SegmentResolver,
  within?: FieldValueFilter,
): CompiledQuery {
  const parameters = new QueryParameters(dialect);
  const context = { dialect, parameters, fields: source.fields, keyField: source.keyField, segments: resolver };
  const key = dialect.quoteIdentifier(source.keyField);
  const mask = compileMembershipMask(segments, context);

  const conditions = [`(${mask}) = ${parameters.add(regionMask)}`];
  if (within) {
    const field = dialect.quoteIdentifier(within.field);
    conditions.push(within.value === null ? `${field} IS NULL` : `${field} = ${parameters.add(within.value)}`);
  }
  return parameters.toQuery(`SELECT ${key} AS key FROM ${source.relation} WHERE ${conditions.join(' AND ')} ORDER BY ${key}`);
}
