import type { Engine } from '../engines/engine.js';

/** Groups of values shown per field, and values shown per group. */
const GROUPS_PER_FIELD = 3;
const VALUES_PER_GROUP = 5;

/** Hash groups read back per field, more than the groups shown in case of a hash collision. */
const HASHES_PER_FIELD = 10;

/** Values of one field that differ only in case, such as "Seattle" and "seattle". */
export interface CaseVariant {
  field: string;
  values: string[];
}

/**
 * Finds a few groups of values that differ only in case, for each listed text field. Case is
 * kept in profiles, so these are distinct values the user may not expect.
 *
 * Fields listed in `fewValues` are known to have few distinct values, which are grouped directly.
 * Other fields may have a distinct value per row, such as identifiers or names. For them, one
 * grouping by 64-bit hashes finds the lower-cased forms that stem from more than one value, which
 * costs the same whatever the share of values with capitals. A second pass reads the values of
 * a few of those forms. A hash collision can only hide a group, never invent one, because the
 * second pass compares the values themselves.
 */
export async function findCaseVariants(
  engine: Engine,
  relation: string,
  fields: readonly string[],
  fewValues: readonly string[] = [],
): Promise<CaseVariant[]> {
  if (fields.length === 0) return [];
  const parts = fields.map((name, index) => {
    const column = engine.dialect.quoteIdentifier(name);
    return fewValues.includes(name) ? fewValuesSql(column, relation, index) : manyValuesSql(column, relation, index);
  });
  const rows = await engine.query(`${parts.join('\nUNION ALL\n')}\nORDER BY field_index, folded`);

  return rows.map((row) => ({
    field: fields[Number(row.field_index)] as string,
    values: (row.variants as string[]).slice(0, VALUES_PER_GROUP),
  }));
}

function fewValuesSql(column: string, relation: string, index: number): string {
  return `SELECT * FROM (
    SELECT ${index} AS field_index, lower(value) AS folded, list_sort(list(value)) AS variants
    FROM (SELECT DISTINCT ${column} AS value FROM ${relation})
    GROUP BY folded HAVING count(*) > 1
    ORDER BY folded LIMIT ${GROUPS_PER_FIELD})`;
}

function manyValuesSql(column: string, relation: string, index: number): string {
  const foldedHashes = `SELECT hash(lower(${column})) AS folded_hash FROM ${relation} WHERE ${column} IS NOT NULL
    GROUP BY folded_hash HAVING min(hash(${column})) <> max(hash(${column}))
    ORDER BY folded_hash LIMIT ${HASHES_PER_FIELD}`;
  return `SELECT * FROM (
    SELECT ${index} AS field_index, lower(${column}) AS folded, list_sort(list(DISTINCT ${column})) AS variants
    FROM ${relation}
    WHERE hash(lower(${column})) IN (${foldedHashes})
    GROUP BY folded HAVING count(DISTINCT ${column}) > 1
    ORDER BY folded LIMIT ${GROUPS_PER_FIELD})`;
}
