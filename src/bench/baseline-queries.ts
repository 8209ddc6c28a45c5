/**
 * Hand-written DuckDB SQL that the benchmark times against the product: the plain aggregation
 * query alone, and the naive way of one COUNT query per region. Both are written here without the
 * product's rule compiler, so that they also check its counts.
 */

/** The benchmark's four segments as plain SQL conditions, in the product's segment order. */
export const BASELINE_CONDITIONS: readonly string[] = [
  'total_spend >= 1000',
  "loyalty_tier IN ('gold', 'platinum')",
  "churn_risk = 'high'",
  "signup_date >= DATE '2025-01-01'",
];

/**
 * Column aliases of the baseline queries' rows. `overall` is 1 on the rows of the grouping set
 * without the breakdown field, which distinguishes them from the rows of a null value.
 */
export const BASELINE_COLUMNS = {
  mask: 'mask',
  value: 'breakdown_value',
  overall: 'overall',
  count: 'profiles',
};

/**
 * Builds the one query that counts profiles per membership mask (bit i for condition i), overall
 * and, with a breakdown field, also per value through grouping sets. A condition that is null
 * counts as false, as in the product's rules.
 */
export function plainOverlapSql(
  relation: string,
  conditions: readonly string[],
  breakdownField?: string,
): string {
  const mask = membershipMaskSql(conditions);
  const { mask: maskColumn, value, overall, count } = BASELINE_COLUMNS;
  if (breakdownField === undefined) {
    return `SELECT ${maskColumn}, count(*) AS ${count}
      FROM (SELECT ${mask} AS ${maskColumn} FROM ${relation})
      GROUP BY ${maskColumn}`;
  }
  return `SELECT ${maskColumn}, ${value}, GROUPING(${value}) AS ${overall}, count(*) AS ${count}
    FROM (SELECT ${mask} AS ${maskColumn}, ${breakdownField} AS ${value} FROM ${relation})
    GROUP BY GROUPING SETS ((${maskColumn}), (${maskColumn}, ${value}))`;
}

function membershipMaskSql(conditions: readonly string[]): string {
  return conditions
    .map((condition, index) => `(CASE WHEN ${condition} THEN ${2 ** index} ELSE 0 END)`)
    .join(' + ');
}

/**
 * Builds one COUNT query per exclusive region (2^n - 1 of them): each names the conditions its
 * customers meet and the ones they do not. With a breakdown field, each query also groups by it.
 */
export function naiveRegionSqls(
  relation: string,
  conditions: readonly string[],
  breakdownField?: string,
): { mask: number; sql: string }[] {
  const queries: { mask: number; sql: string }[] = [];
  for (let mask = 1; mask < 2 ** conditions.length; mask += 1) {
    const terms = conditions.map((condition, index) =>
      mask & (2 ** index) ? `coalesce(${condition}, false)` : `NOT coalesce(${condition}, false)`,
    );
    const where = terms.join(' AND ');
    const { value, count } = BASELINE_COLUMNS;
    const sql =
      breakdownField === undefined
        ? `SELECT count(*) AS ${count} FROM ${relation} WHERE ${where}`
        : `SELECT ${breakdownField} AS ${value}, count(*) AS ${count} FROM ${relation}
           WHERE ${where} GROUP BY ${breakdownField}`;
    queries.push({ mask, sql });
  }
  return queries;
}
