import { isNumericType, isTemporalType, type Field } from '../../core/fields.js';
import type { Row, RowValue } from '../../engines/engine.js';
import { QueryParameters, type CompiledQuery } from '../../sql/compiled-query.js';
import { quantileFractions } from '../../stats/quantile-bins.js';
import type { GroupSummary } from './differentiators-result.js';
import { IN_BASELINE, IN_SEGMENT, membershipRelation, type MembershipContext } from './membership-flags.js';
import { statisticsSql } from './statistics-sql.js';

/** Facts about one attribute that decide whether and how it is binned. */
export type AttributeFacts =
  | { kind: 'text'; distinctValues: number; presentValues: number }
  | { kind: 'boolean' }
  | {
      kind: 'numeric';
      /** The baseline's raw quantile edges; null when no baseline customer has a value. */
      baselineEdges: number[] | null;
      /** Smallest and largest value in the segment and the baseline; null when none has one. */
      low: number | null;
      high: number | null;
      segment: GroupSummary;
      baseline: GroupSummary;
    }
  | { kind: 'temporal'; first: string | null; last: string | null };

export interface ProfileSummary {
  profiles: number;
  segmentSize: number;
  baselineSize: number;
  /** Customers in both the segment and the baseline. */
  bothSize: number;
  attributes: AttributeFacts[];
}

/**
 * Builds the first of the two analysis queries. Its one scan gives the group sizes and the
 * distinct counts of text attributes (for the identifier check). It also gives the baseline's
 * quantiles with the mean, median and spread of numeric attributes, and the date range of
 * temporal ones.
 */
export function buildSummaryQuery(context: MembershipContext, attributes: readonly Field[], bins: number): CompiledQuery {
  const { dialect } = context;
  const parameters = new QueryParameters(dialect);
  const values = attributes.map((field, index) => `${attributeValue(context, field)} AS ${valueColumn(index)}`);
  const relation = membershipRelation(context, parameters, values);

  const aggregates = [
    'count(*) AS profiles',
    `count(*) FILTER (WHERE ${IN_SEGMENT}) AS segment_size`,
    `count(*) FILTER (WHERE ${IN_BASELINE}) AS baseline_size`,
    `count(*) FILTER (WHERE ${IN_SEGMENT} AND ${IN_BASELINE}) AS both_size`,
    ...attributes.flatMap((field, index) => attributeAggregates(context, field, index, bins)),
  ];
  return parameters.toQuery(`SELECT ${aggregates.join(', ')} FROM ${relation}`);
}

export function readProfileSummary(row: Row | undefined, attributes: readonly Field[]): ProfileSummary {
  if (!row) throw new Error('the summary query returned no row');

  return {
    profiles: readCount(row.profiles),
    segmentSize: readCount(row.segment_size),
    baselineSize: readCount(row.baseline_size),
    bothSize: readCount(row.both_size),
    attributes: attributes.map((field, index) => readFacts(row, field, index)),
  };
}

function attributeValue(context: MembershipContext, field: Field): string {
  const column = context.dialect.quoteIdentifier(field.name);
  // Numbers are binned as doubles, the type their quantile edges come back in.
  return isNumericType(field.type) ? context.dialect.cast(column, 'decimal') : column;
}

function attributeAggregates(context: MembershipContext, field: Field, index: number, bins: number): string[] {
  const functions = statisticsSql(context.dialect);
  const value = valueColumn(index);
  const either = `FILTER (WHERE ${IN_SEGMENT} OR ${IN_BASELINE})`;

  if (field.type === 'text') {
    return [`${functions.approximateDistinctCount(value)} AS distinct_${index}`, `count(${value}) AS present_${index}`];
  }
  if (isTemporalType(field.type)) {
    return [`min(${value}) ${either} AS first_${index}`, `max(${value}) ${either} AS last_${index}`];
  }
  if (!isNumericType(field.type)) return [];

  // Quantiles are the costly aggregates (each collects its group's values), so the baseline's
  // median comes from the same list as its bin edges, as one more fraction.
  return [
    `${functions.quantiles(value, summaryFractions(bins))} FILTER (WHERE ${IN_BASELINE}) AS edges_${index}`,
    `min(${value}) ${either} AS low_${index}`,
    `max(${value}) ${either} AS high_${index}`,
    `${functions.median(value)} FILTER (WHERE ${IN_SEGMENT}) AS segment_${index}_median`,
    ...momentAggregates(value, IN_SEGMENT, `segment_${index}`),
    ...momentAggregates(value, IN_BASELINE, `baseline_${index}`),
  ];
}

/** The bin edges' fractions, then 0.5 for the baseline's median. */
function summaryFractions(bins: number): number[] {
  return [...quantileFractions(bins), 0.5];
}

function momentAggregates(value: string, flag: string, prefix: string): string[] {
  const filter = `FILTER (WHERE ${flag})`;
  return [
    `count(${value}) ${filter} AS ${prefix}_count`,
    `avg(${value}) ${filter} AS ${prefix}_mean`,
    `stddev_samp(${value}) ${filter} AS ${prefix}_sd`,
  ];
}

function readFacts(row: Row, field: Field, index: number): AttributeFacts {
  if (field.type === 'text') {
    // The distinct count is an estimate that can exceed the number of values by a few percent.
    const presentValues = readCount(row[`present_${index}`]);
    return { kind: 'text', distinctValues: Math.min(readCount(row[`distinct_${index}`]), presentValues), presentValues };
  }
  if (isTemporalType(field.type)) {
    return { kind: 'temporal', first: readText(row[`first_${index}`]), last: readText(row[`last_${index}`]) };
  }
  if (!isNumericType(field.type)) return { kind: 'boolean' };

  const quantiles = readNumberList(row[`edges_${index}`]);
  return {
    kind: 'numeric',
    baselineEdges: quantiles ? quantiles.slice(0, -1) : null,
    low: readNumber(row[`low_${index}`]),
    high: readNumber(row[`high_${index}`]),
    segment: readGroupSummary(row, `segment_${index}`, readNumber(row[`segment_${index}_median`])),
    baseline: readGroupSummary(row, `baseline_${index}`, quantiles?.at(-1) ?? null),
  };
}

function readGroupSummary(row: Row, prefix: string, median: number | null): GroupSummary {
  return {
    count: readCount(row[`${prefix}_count`]),
    mean: readNumber(row[`${prefix}_mean`]),
    median,
    standardDeviation: readNumber(row[`${prefix}_sd`]),
  };
}

const valueColumn = (index: number): string => `value_${index}`;

function readCount(value: RowValue | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}

function readNumber(value: RowValue | undefined): number | null {
  if (value === null || value === undefined) return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

function readText(value: RowValue | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}

function readNumberList(value: RowValue | undefined): number[] | null {
  if (!Array.isArray(value)) return null;
  const numbers = value.map((entry) => readNumber(entry));
  return numbers.every((entry): entry is number => entry !== null) ? numbers : null;
}
