import type { Field } from '../../core/fields.js';
import type { Row, RowValue } from '../../engines/engine.js';
import { QueryParameters, type CompiledQuery } from '../../sql/compiled-query.js';
import { quantileFractions } from '../../stats/quantile-bins.js';
import { IN_BASELINE, IN_SEGMENT, membershipRelation, type MembershipContext } from './membership-flags.js';
import { statisticsSql } from './statistics-sql.js';

/** The baseline's raw bin edges and the medians of a numeric attribute. */
export interface AttributeQuantiles {
  /** The baseline's raw quantile edges, before ties merge; null when no baseline customer has a value. */
  baselineEdges: number[] | null;
  baselineMedian: number | null;
  segmentMedian: number | null;
}

/**
 * Lists the quantile aggregates of the numeric column `value`: the baseline's bin edges and the
 * segment's median. Each quantile aggregate collects and sorts its group's values, which makes
 * them the costly part of a scan. So the baseline's median comes from the same list as its edges,
 * as one more fraction.
 */
export function quantileAggregates(context: MembershipContext, value: string, index: number, bins: number): string[] {
  const functions = statisticsSql(context.dialect);
  return [
    `${functions.quantiles(value, quantileListFractions(bins))} FILTER (WHERE ${IN_BASELINE}) AS edges_${index}`,
    `${functions.median(value)} FILTER (WHERE ${IN_SEGMENT}) AS segment_${index}_median`,
  ];
}

/** Lists the fractions of the baseline's quantile list: the bin edges', then 0.5 for the median. */
export function quantileListFractions(bins: number): number[] {
  return [...quantileFractions(bins), 0.5];
}

/** Reads the columns of `quantileAggregates` for the attribute at `index`. */
export function readQuantiles(row: Row, index: number): AttributeQuantiles {
  const quantiles = readNumberList(row[`edges_${index}`]);
  return {
    baselineEdges: quantiles ? quantiles.slice(0, -1) : null,
    baselineMedian: quantiles?.at(-1) ?? null,
    segmentMedian: readNumber(row[`segment_${index}_median`]),
  };
}

/**
 * Builds the query for the quantiles of integer attributes whose range is too wide to count per
 * value. It reads the integers as stored, because DuckDB 1.5 sorted 10M integer ages 2 to 4 times
 * faster than the same ages cast to doubles. It interpolates integer quantiles in doubles, so the
 * edges come out the same.
 */
export function buildQuantileQuery(
  context: MembershipContext,
  attributes: readonly { field: Field; index: number }[],
  bins: number,
): CompiledQuery {
  const parameters = new QueryParameters(context.dialect);
  const values = attributes.map(({ field, index }) => `${context.dialect.quoteIdentifier(field.name)} AS value_${index}`);
  const relation = membershipRelation(context, parameters, values);
  const aggregates = attributes.flatMap(({ index }) => quantileAggregates(context, `value_${index}`, index, bins));
  return parameters.toQuery(`SELECT ${aggregates.join(', ')} FROM ${relation}`);
}

function readNumber(value: RowValue | undefined): number | null {
  if (value === null || value === undefined) return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

function readNumberList(value: RowValue | undefined): number[] | null {
  if (!Array.isArray(value)) return null;
  const numbers = value.map((entry) => readNumber(entry));
  return numbers.every((entry): entry is number => entry !== null) ? numbers : null;
}
