import type { Engine } from '../engines/engine.js';

/** Groups of values shown per field, and values shown per group. */
const GROUPS_PER_FIELD = 3;
const VALUES_PER_GROUP = 5;

/** Values of one field that differ only in case, such as "Seattle" and "seattle". */
export interface CaseVariant {
  field: string;
  values: string[];
}

/**
 * Finds a few groups of values that differ only in case, for each listed text field. Case is
 * kept in profiles, so these are distinct values the user may not expect.
 *
 * Two values that differ only in case cannot both be lower case, so the search first collects the
 * lower-cased forms of values that are not lower case. On typical data that set is small, and the
 * second pass only groups the rows whose value falls in it. Fields listed in `fewValues` are known
 * to have few distinct values, which are grouped directly.
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
    return fewValues.includes(name) ? fewValuesSql(column, relation, index) : caseVariantSql(column, relation, index);
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

function caseVariantSql(column: string, relation: string, index: number): string {
  return `SELECT * FROM (
    SELECT ${index} AS field_index, lower(${column}) AS folded, list_sort(list(DISTINCT ${column})) AS variants
    FROM ${relation}
    WHERE lower(${column}) IN (SELECT lower(${column}) FROM ${relation} WHERE ${column} <> lower(${column}))
    GROUP BY folded HAVING count(DISTINCT ${column}) > 1
    ORDER BY folded LIMIT ${GROUPS_PER_FIELD})`;
}
