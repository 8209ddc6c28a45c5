import type { Field } from '../../core/fields.js';
import type { Row, RowValue } from '../../engines/engine.js';
import { QueryParameters, type CompiledQuery } from '../../sql/compiled-query.js';
import { quantileFractions } from '../../stats/quantile-bins.js';
import { interpolateQuantile, quantileRanks } from '../../stats/quantile-ranks.js';
import { IN_BASELINE, IN_SEGMENT, membershipRelation, type MembershipContext } from './membership-flags.js';
import { statisticsSql, type StatisticsSql } from './statistics-sql.js';
import type { NumericMoments } from './summary-query.js';

/** The baseline's raw bin edges and the medians of a numeric attribute. */
export interface AttributeQuantiles {
  /** The baseline's raw quantile edges, before ties merge; null when no baseline customer has a value. */
  baselineEdges: number[] | null;
  baselineMedian: number | null;
  segmentMedian: number | null;
}

/** A numeric attribute whose quantiles the query computes, at its position among the attributes. */
export interface QuantileAttribute {
  field: Field;
  index: number;
  /** The attribute's moments, whose counts of values give the ranks to read. */
  moments: NumericMoments;
}

/** Lists the fractions of the baseline's quantiles: the bin edges', then 0.5 for the median. */
export function quantileListFractions(bins: number): number[] {
  return [...quantileFractions(bins), 0.5];
}

/**
 * Builds the query for the quantiles of numeric attributes. It reads only the order statistics
 * that the interpolation needs, from the values as stored, and `interpolateQuantile` does the
 * rest in doubles as DuckDB's quantile_cont would. On 10M profiles (DuckDB 1.5, 2 threads), the
 * deciles of a DECIMAL column took 0.4 s this way against 1.1 s for quantile_cont of it cast to
 * DOUBLE, which is what exact double edges otherwise need.
 */
export function buildQuantileQuery(
  context: MembershipContext,
  attributes: readonly QuantileAttribute[],
  bins: number,
): CompiledQuery {
  const functions = statisticsSql(context.dialect);
  const parameters = new QueryParameters(context.dialect);
  const values = attributes.map(({ field, index }) => `${context.dialect.quoteIdentifier(field.name)} AS ${valueColumn(index)}`);
  const relation = membershipRelation(context, parameters, values);

  const aggregates = attributes.flatMap((attribute) => orderStatisticAggregates(functions, attribute, bins));
  // count(*) keeps the query to one row even when no group has a value to rank.
  return parameters.toQuery(`SELECT ${['count(*) AS profiles', ...aggregates].join(', ')} FROM ${relation}`);
}

function orderStatisticAggregates(functions: StatisticsSql, attribute: QuantileAttribute, bins: number): string[] {
  const { index, moments } = attribute;
  const value = valueColumn(index);
  const aggregates: string[] = [];

  const baselineRanks = quantileRanks(moments.baseline.count, quantileListFractions(bins));
  if (baselineRanks.length > 0) {
    const statistics = functions.orderStatistics(value, baselineRanks, moments.baseline.count, IN_BASELINE);
    aggregates.push(`${statistics} AS baseline_${index}`);
  }
  const segmentRanks = quantileRanks(moments.segment.count, [0.5]);
  if (segmentRanks.length > 0) {
    const statistics = functions.orderStatistics(value, segmentRanks, moments.segment.count, IN_SEGMENT);
    aggregates.push(`${statistics} AS segment_${index}`);
  }
  return aggregates;
}

/** Interpolates an attribute's quantiles from the order statistics of `buildQuantileQuery`. */
export function readAttributeQuantiles(row: Row, attribute: QuantileAttribute, bins: number): AttributeQuantiles {
  const { index, moments } = attribute;
  const baseline = quantilesFromRanks(row[`baseline_${index}`], moments.baseline.count, quantileListFractions(bins));
  const segment = quantilesFromRanks(row[`segment_${index}`], moments.segment.count, [0.5]);
  return {
    baselineEdges: baseline ? baseline.slice(0, -1) : null,
    baselineMedian: baseline?.at(-1) ?? null,
    segmentMedian: segment?.[0] ?? null,
  };
}

/**
 * Interpolates quantiles from the values at `quantileRanks(total, fractions)`. Returns null for no
 * values, and for a quantile that is not finite, as a read of the engine's own quantiles would.
 */
function quantilesFromRanks(value: RowValue | undefined, total: number, fractions: readonly number[]): number[] | null {
  if (total === 0) return null;

  const ranks = quantileRanks(total, fractions);
  if (!Array.isArray(value) || value.length !== ranks.length) {
    throw new Error(`expected ${ranks.length} order statistics of ${total} values, got ${JSON.stringify(value)}`);
  }
  const byRank = new Map(ranks.map((rank, position) => [rank, Number(value[position])]));
  const quantiles = fractions.map((fraction) => interpolateQuantile(total, fraction, (rank) => byRank.get(rank) ?? Number.NaN));
  return quantiles.every((quantile) => Number.isFinite(quantile)) ? quantiles : null;
}

const valueColumn = (index: number): string => `value_${index}`;
