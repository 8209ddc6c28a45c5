/**
 * Hand-written DuckDB SQL for the numbers that the differentiators of a segment against the rest
 * report, as an analyst would write them without the product. The first scan gives the group
 * sizes, the baseline's quantile edges and the means, medians and standard deviations. The second
 * is one grouping-sets scan for the counts per value and bin. The benchmark times these two
 * queries against the product and checks the product's numbers against theirs.
 */
import type { Row, RowValue } from '../engines/engine.js';

/** A numeric attribute; decimals are read as doubles, the type of the product's bin edges. */
export interface PlainNumericField {
  name: string;
  type: 'integer' | 'decimal';
}

/** The comparison the plain queries compute: a segment against every other profile. */
export interface PlainDifferentiatorsCase {
  /** Table name or file scan of the profiles. */
  relation: string;
  /** The segment's rule as an SQL condition; a profile for which it is null is not a member. */
  segmentCondition: string;
  categoricalFields: readonly string[];
  numericFields: readonly PlainNumericField[];
  /** Number of quantile bins of the numeric fields. */
  bins: number;
}

/** Count, mean, median and sample standard deviation of a numeric field in one group. */
export interface PlainGroupSummary {
  count: number;
  mean: number | null;
  median: number | null;
  standardDeviation: number | null;
}

/** Profiles of the segment and of the rest with one value or bin. */
export interface PlainCounts {
  segment: number;
  baseline: number;
}

/** The numbers of the summary query for one numeric field. */
export interface PlainNumericSummary {
  /** The baseline's quantile edges with ties merged, ascending; empty when it has no value. */
  edges: number[];
  segment: PlainGroupSummary;
  baseline: PlainGroupSummary;
}

export interface PlainSummary {
  segmentSize: number;
  baselineSize: number;
  numeric: Map<string, PlainNumericSummary>;
}

/**
 * Counts per field. A categorical field's keys are its values, and a numeric field's are bin
 * indexes (0 below the first edge, 1 for the first bin, …). The key null is the missing value.
 */
export type PlainBreakdown = Map<string, Map<RowValue, PlainCounts>>;

const IN_SEGMENT = 'in_segment';
const GROUPING_COLUMN = 'grouping_id';
const COUNT_COLUMN = 'profiles';

/** Builds the summary query: group sizes and, per numeric field, quantile edges and moments. */
export function plainSummarySql(plain: PlainDifferentiatorsCase): string {
  const fractions = Array.from({ length: plain.bins + 1 }, (_, index) => index / plain.bins);
  const aggregates = [
    `count(*) FILTER (WHERE ${IN_SEGMENT}) AS segment_size`,
    `count(*) FILTER (WHERE NOT ${IN_SEGMENT}) AS baseline_size`,
    ...plain.numericFields.flatMap(({ name }) => [
      // The baseline's median is one more fraction of its edges' list, which sorts its values once.
      `quantile_cont(${name}, [${[...fractions, 0.5].join(', ')}]) FILTER (WHERE NOT ${IN_SEGMENT}) AS ${name}_quantiles`,
      `quantile_cont(${name}, 0.5) FILTER (WHERE ${IN_SEGMENT}) AS ${name}_segment_median`,
      ...momentAggregates(name, IN_SEGMENT, 'segment'),
      ...momentAggregates(name, `NOT ${IN_SEGMENT}`, 'baseline'),
    ]),
  ];
  // quantile_cont of a DECIMAL rounds the interpolated edge to the column's scale, so decimals
  // are read as doubles to give the same edges as the product.
  const numericColumns = plain.numericFields.map(({ name, type }) =>
    type === 'decimal' ? `CAST(${name} AS DOUBLE) AS ${name}` : name,
  );
  const columns = [`coalesce(${plain.segmentCondition}, false) AS ${IN_SEGMENT}`, ...numericColumns];
  return `SELECT ${aggregates.join(',\n  ')}\nFROM (SELECT ${columns.join(', ')} FROM ${plain.relation})`;
}

function momentAggregates(field: string, condition: string, group: string): string[] {
  const filter = `FILTER (WHERE ${condition})`;
  return [
    `count(${field}) ${filter} AS ${field}_${group}_count`,
    `avg(${field}) ${filter} AS ${field}_${group}_mean`,
    `stddev_samp(${field}) ${filter} AS ${field}_${group}_sd`,
  ];
}

export function readPlainSummary(row: Row | undefined, plain: PlainDifferentiatorsCase): PlainSummary {
  if (!row) throw new Error('the plain summary query returned no row');

  const numeric = new Map<string, PlainNumericSummary>();
  for (const { name } of plain.numericFields) {
    const value = row[`${name}_quantiles`];
    const quantiles = Array.isArray(value) ? value.map(Number) : [];
    numeric.set(name, {
      edges: [...new Set(quantiles.slice(0, -1))].sort((a, b) => a - b),
      segment: readGroupSummary(row, `${name}_segment`, readNumber(row[`${name}_segment_median`])),
      baseline: readGroupSummary(row, `${name}_baseline`, quantiles.at(-1) ?? null),
    });
  }
  return { segmentSize: Number(row.segment_size), baselineSize: Number(row.baseline_size), numeric };
}

function readGroupSummary(row: Row, prefix: string, median: number | null): PlainGroupSummary {
  return {
    count: Number(row[`${prefix}_count`]),
    mean: readNumber(row[`${prefix}_mean`]),
    median,
    standardDeviation: readNumber(row[`${prefix}_sd`]),
  };
}

/**
 * Builds the breakdown query: one grouping set per field, each grouped by segment membership, over
 * the values of categorical fields and the bins of numeric ones cut at `summary`'s edges.
 */
export function plainBreakdownSql(plain: PlainDifferentiatorsCase, summary: PlainSummary): string {
  const bins = plain.numericFields.map(({ name }) => {
    const edges = summary.numeric.get(name)?.edges ?? [];
    return `${binIndexSql(name, edges)} AS ${binColumn(name)}`;
  });
  const columns = [`coalesce(${plain.segmentCondition}, false) AS ${IN_SEGMENT}`, ...plain.categoricalFields, ...bins];
  const groups = groupColumns(plain);
  const sets = groups.map((column) => `(${IN_SEGMENT}, ${column})`);
  return `SELECT ${IN_SEGMENT}, ${groups.join(', ')}, GROUPING(${groups.join(', ')}) AS ${GROUPING_COLUMN},
    count(*) AS ${COUNT_COLUMN}
  FROM (SELECT ${columns.join(', ')} FROM ${plain.relation})
  GROUP BY GROUPING SETS (${sets.join(', ')})`;
}

/**
 * Reads the breakdown rows per field. GROUPING(c1, …, cn) sets bit n − i for each column ci that
 * a row's grouping set leaves out, so the set of field i is the one whose bit is clear.
 */
export function readPlainBreakdown(rows: readonly Row[], plain: PlainDifferentiatorsCase): PlainBreakdown {
  const fields = [...plain.categoricalFields, ...plain.numericFields.map(({ name }) => name)];
  const columns = groupColumns(plain);
  const breakdown: PlainBreakdown = new Map(fields.map((field) => [field, new Map()]));
  for (const row of rows) {
    const groupingId = Number(row[GROUPING_COLUMN]);
    const index = columns.findIndex((_, position) => (groupingId & (2 ** (columns.length - 1 - position))) === 0);
    const field = fields[index];
    const column = columns[index];
    if (field === undefined || column === undefined) throw new Error(`plain breakdown row with grouping ${groupingId}`);

    const value = row[column] ?? null;
    const counts = breakdown.get(field)?.get(value) ?? { segment: 0, baseline: 0 };
    if (row[IN_SEGMENT] === true) counts.segment += Number(row[COUNT_COLUMN]);
    else counts.baseline += Number(row[COUNT_COLUMN]);
    breakdown.get(field)?.set(value, counts);
  }
  return breakdown;
}

function groupColumns(plain: PlainDifferentiatorsCase): string[] {
  return [...plain.categoricalFields, ...plain.numericFields.map(({ name }) => binColumn(name))];
}

const binColumn = (field: string): string => `${field}_bin`;

/**
 * Numbers a value's bin for distinct ascending edges e0 < … < em: 0 below e0, 1 for [e0, e1],
 * i for (e(i−1), ei], m + 1 above em. A single edge e0 has the bins below, equal and above.
 * Edges are written as DOUBLE text, which DuckDB reads back to the same double.
 */
function binIndexSql(field: string, edges: readonly number[]): string {
  const literal = (edge: number): string => `CAST('${edge}' AS DOUBLE)`;
  const [first] = edges;
  if (first === undefined) return 'CAST(NULL AS INTEGER)';

  const cases = [`WHEN ${field} IS NULL THEN NULL`, `WHEN ${field} < ${literal(first)} THEN 0`];
  if (edges.length === 1) {
    cases.push(`WHEN ${field} = ${literal(first)} THEN 1 ELSE 2`);
  } else {
    edges.slice(1).forEach((edge, index) => cases.push(`WHEN ${field} <= ${literal(edge)} THEN ${index + 1}`));
    cases.push(`ELSE ${edges.length}`);
  }
  return `(CASE ${cases.join(' ')} END)`;
}

function readNumber(value: RowValue | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}
