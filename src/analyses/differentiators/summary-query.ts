import { isNumericType, isTemporalType, type Field } from '../../core/fields.js';
import type { Row, RowValue } from '../../engines/engine.js';
import { QueryParameters, type CompiledQuery } from '../../sql/compiled-query.js';
import type { GroupSummary } from './differentiators-result.js';
import { IN_BASELINE, IN_SEGMENT, membershipRelation, type MembershipContext } from './membership-flags.js';
import type { AttributeQuantiles } from './quantile-query.js';
import { statisticsSql } from './statistics-sql.js';

/** Count, mean and sample standard deviation of a numeric field in one group, before its median. */
export type MomentSummary = Omit<GroupSummary, 'median'>;

/** The facts of a numeric attribute that bin it: its range, its moments and the baseline's quantiles. */
export interface NumericFacts {
  kind: 'numeric';
  /** The baseline's raw quantile edges; null when no baseline customer has a value. */
  baselineEdges: number[] | null;
  /** Smallest and largest value in the segment and the baseline; null when none has one. */
  low: number | null;
  high: number | null;
  segment: GroupSummary;
  baseline: GroupSummary;
}

/**
 * The facts of a numeric attribute before its quantiles are known. An integer attribute with a
 * narrow range gets them from its counts per value, the others from a query of their own.
 */
export interface NumericMoments {
  kind: 'moments';
  low: number | null;
  high: number | null;
  segment: MomentSummary;
  baseline: MomentSummary;
}

/** The counts of a text attribute that decide whether it looks like an identifier. */
export interface TextFacts {
  kind: 'text';
  /** Exact count of distinct non-null values. */
  distinctValues: number;
  /** Customers with a value. */
  presentValues: number;
}

/** Facts about one attribute that decide whether and how it is binned. */
export type AttributeFacts =
  | TextFacts
  | { kind: 'boolean' }
  | NumericFacts
  | NumericMoments
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
 * Builds the first of the analysis queries. Its one scan gives the group sizes and the distinct
 * counts of text attributes (for the identifier check). It also gives the range, count of values,
 * mean and spread of numeric attributes, and the date range of temporal ones. Numeric attributes
 * get their quantiles later.
 */
export function buildSummaryQuery(context: MembershipContext, attributes: readonly Field[]): CompiledQuery {
  const { dialect } = context;
  const parameters = new QueryParameters(dialect);
  const values = attributes.map((field, index) => `${attributeValue(context, field)} AS ${valueColumn(index)}`);
  const relation = membershipRelation(context, parameters, values);

  const aggregates = [
    'count(*) AS profiles',
    `count(*) FILTER (WHERE ${IN_SEGMENT}) AS segment_size`,
    `count(*) FILTER (WHERE ${IN_BASELINE}) AS baseline_size`,
    `count(*) FILTER (WHERE ${IN_SEGMENT} AND ${IN_BASELINE}) AS both_size`,
    ...attributes.flatMap((field, index) => attributeAggregates(context, field, index)),
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

function attributeAggregates(context: MembershipContext, field: Field, index: number): string[] {
  const functions = statisticsSql(context.dialect);
  const value = valueColumn(index);
  // Against all customers or the rest, every customer is in the segment or the baseline, and an
  // aggregate without a filter is cheaper.
  const either = context.baseline.kind === 'segment' ? ` FILTER (WHERE ${IN_SEGMENT} OR ${IN_BASELINE})` : '';

  if (field.type === 'text') {
    // An exact count, because approx_count_distinct (DuckDB 1.5) estimated 821 values for 1,000
    // unique ones, which let a unique column pass the identifier check.
    return [`${functions.exactDistinctCount(value)} AS distinct_${index}`, `count(${value}) AS present_${index}`];
  }
  if (isTemporalType(field.type)) {
    return [`min(${value})${either} AS first_${index}`, `max(${value})${either} AS last_${index}`];
  }
  if (!isNumericType(field.type)) return [];

  return [
    `min(${value})${either} AS low_${index}`,
    `max(${value})${either} AS high_${index}`,
    ...momentAggregates(value, IN_SEGMENT, `segment_${index}`),
    ...momentAggregates(value, IN_BASELINE, `baseline_${index}`),
  ];
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
    return { kind: 'text', distinctValues: readCount(row[`distinct_${index}`]), presentValues: readCount(row[`present_${index}`]) };
  }
  if (isTemporalType(field.type)) {
    return { kind: 'temporal', first: readText(row[`first_${index}`]), last: readText(row[`last_${index}`]) };
  }
  if (!isNumericType(field.type)) return { kind: 'boolean' };

  return {
    kind: 'moments',
    low: readNumber(row[`low_${index}`]),
    high: readNumber(row[`high_${index}`]),
    segment: readMomentSummary(row, `segment_${index}`),
    baseline: readMomentSummary(row, `baseline_${index}`),
  };
}

/** Completes a numeric attribute's facts with its quantiles. */
export function withQuantiles(facts: NumericMoments, quantiles: AttributeQuantiles): NumericFacts {
  return {
    kind: 'numeric',
    baselineEdges: quantiles.baselineEdges,
    low: facts.low,
    high: facts.high,
    segment: groupSummary(facts.segment, quantiles.segmentMedian),
    baseline: groupSummary(facts.baseline, quantiles.baselineMedian),
  };
}

function groupSummary(moments: MomentSummary, median: number | null): GroupSummary {
  return { count: moments.count, mean: moments.mean, median, standardDeviation: moments.standardDeviation };
}

function readMomentSummary(row: Row, prefix: string): MomentSummary {
  return {
    count: readCount(row[`${prefix}_count`]),
    mean: readNumber(row[`${prefix}_mean`]),
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
