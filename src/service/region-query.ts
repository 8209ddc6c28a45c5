import { compileMembershipMask } from '../analyses/overlap/overlap-query.js';
import type { ProfileSource } from '../core/fields.js';
import type { SegmentDefinition, SegmentResolver } from '../core/segments.js';
import type { Dialect } from '../dialects/dialect.js';
import { QueryParameters, type CompiledQuery } from '../sql/compiled-query.js';
import type { WithinValue } from './region-selection.js';

/** The customers and columns to read: a union of exclusive regions, optionally within a value. */
export interface RegionMembersRequest {
  segments: readonly SegmentDefinition[];
  masks: readonly number[];
  within?: WithinValue;
  columns: readonly string[];
}

/**
 * Builds the query for the members of a union of exclusive regions in key order, `limit` rows
 * after the key `after` when given (keyset pagination: each page starts where the last ended).
 */
export function buildRegionMembersPageQuery(
  dialect: Dialect,
  source: ProfileSource,
  request: RegionMembersRequest,
  resolver: SegmentResolver,
  page: { after?: string; limit?: number } = {},
): CompiledQuery {
  const parameters = new QueryParameters(dialect);
  const key = dialect.quoteIdentifier(source.keyField);
  const conditions = regionConditions(dialect, source, request, resolver, parameters);
  if (page.after !== undefined) conditions.push(`${key} > ${parameters.add(page.after)}`);

  const columns = request.columns.map((column) => dialect.quoteIdentifier(column)).join(', ');
  const limit = page.limit === undefined ? '' : ` LIMIT ${parameters.add(page.limit)}`;
  return parameters.toQuery(`SELECT ${columns} FROM ${source.relation} WHERE ${conditions.join(' AND ')} ORDER BY ${key}${limit}`);
}

/**
 * Builds the statement that copies the members of a union of regions into a temporary table,
 * numbered in key order from 1 in the column `position`, so an export can read it page by page.
 */
export function buildRegionExportTable(
  dialect: Dialect,
  source: ProfileSource,
  request: RegionMembersRequest,
  resolver: SegmentResolver,
  table: string,
): CompiledQuery {
  const parameters = new QueryParameters(dialect);
  const key = dialect.quoteIdentifier(source.keyField);
  const conditions = regionConditions(dialect, source, request, resolver, parameters);
  const columns = request.columns.map((column, index) => `${dialect.quoteIdentifier(column)} AS column_${index}`).join(', ');
  return parameters.toQuery(
    `CREATE TEMPORARY TABLE ${table} AS SELECT row_number() OVER (ORDER BY ${key}) AS position, ${columns} ` +
      `FROM ${source.relation} WHERE ${conditions.join(' AND ')} ORDER BY ${key}`,
  );
}

function regionConditions(
  dialect: Dialect,
  source: ProfileSource,
  request: RegionMembersRequest,
  resolver: SegmentResolver,
  parameters: QueryParameters,
): string[] {
  const context = { dialect, parameters, fields: source.fields, keyField: source.keyField, segments: resolver };
  const mask = compileMembershipMask(request.segments, context);
  const masks = request.masks.map((value) => parameters.add(value)).join(', ');
  const conditions = [`(${mask}) IN (${masks})`];

  const within = request.within;
  if (within) {
    const field = dialect.quoteIdentifier(within.field.name);
    conditions.push(within.value === null ? `${field} IS NULL` : `${field} = ${parameters.add(within.value)}`);
  }
  return conditions;
}
