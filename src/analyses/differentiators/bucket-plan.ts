import { isNumericType, isTemporalType, type Field } from '../../core/fields.js';
import type { QueryParameters } from '../../sql/compiled-query.js';
import { distinctEdges } from '../../stats/quantile-bins.js';
import { chooseDateUnit } from './date-periods.js';
import type { DateUnit, DifferentiatorsSettings } from './differentiators-request.js';
import type { MembershipContext } from './membership-flags.js';
import { statisticsSql } from './statistics-sql.js';
import type { AttributeFacts, NumericFacts } from './summary-query.js';

/**
 * Grouping of one attribute's values into the rows of its value table: the values as they are
 * (text, boolean, and numbers with no more distinct values than bins), bins cut at the
 * baseline's quantiles (other numbers), or calendar periods (dates, timestamps).
 */
export type BucketPlan =
  | { kind: 'values'; field: Field }
  /** Each value of a numeric attribute as a row of its own, in value order. */
  | { kind: 'numeric-values'; field: Field }
  | {
      kind: 'quantiles';
      field: Field;
      /** Requested number of bins, before tied edges are merged. */
      bins: number;
      /** Distinct edges, ascending; empty when no customer of either group has a value. */
      edges: number[];
    }
  | { kind: 'periods'; field: Field; unit: DateUnit };

/** Bins cut at the baseline's quantiles of a numeric attribute. */
export type QuantilePlan = Extract<BucketPlan, { kind: 'quantiles' }>;

/**
 * An integer attribute counted per value in the breakdown query. Its quantiles, and so its bins,
 * come from those counts; `countedBins` turns it into a quantiles plan.
 */
export interface CountedPlan {
  kind: 'counted';
  field: Field;
  bins: number;
}

/** Grouping of an attribute in the breakdown query: its buckets, or its values to bin later. */
export type BreakdownPlan = BucketPlan | CountedPlan;

/**
 * Plans the buckets of an attribute. A numeric attribute whose quantiles are still unknown is
 * counted per value, which only suits an integer attribute with a narrow range.
 */
export function planBuckets(field: Field, facts: AttributeFacts, settings: DifferentiatorsSettings): BreakdownPlan {
  if (facts.kind === 'moments') return { kind: 'counted', field, bins: settings.bins };
  if (isNumericType(field.type) && facts.kind === 'numeric') {
    return quantilePlan(field, facts, settings.bins);
  }
  if (isTemporalType(field.type) && facts.kind === 'temporal') {
    return { kind: 'periods', field, unit: settings.dateUnit ?? dateUnitOf(facts, settings.maxValues) };
  }
  return { kind: 'values', field };
}

/** Cuts bins at the baseline's quantiles of a numeric attribute, with ties merged. */
export function quantilePlan(field: Field, facts: NumericFacts, bins: number): QuantilePlan {
  return { kind: 'quantiles', field, bins, edges: numericEdges(facts) };
}

/**
 * SQL for an attribute's bucket: the value itself, the bin index of `findBin` (0 below the first
 * edge, then 1, 2, …, and one past the last inner bin above the last edge), or the period label.
 * A counted attribute's value is read as a double, as its quantiles are. A missing value stays
 * NULL.
 */
export function bucketExpression(plan: BreakdownPlan, context: MembershipContext, parameters: QueryParameters): string {
  const column = context.dialect.quoteIdentifier(plan.field.name);
  switch (plan.kind) {
    case 'values':
      return column;
    case 'counted':
    case 'numeric-values':
      return context.dialect.cast(column, 'decimal');
    case 'periods':
      return statisticsSql(context.dialect).periodLabel(column, plan.unit);
    case 'quantiles':
      return binIndexExpression(context.dialect.cast(column, 'decimal'), plan.edges, parameters);
  }
}

function binIndexExpression(value: string, edges: readonly number[], parameters: QueryParameters): string {
  const first = edges[0];
  if (first === undefined) return 'CAST(NULL AS INTEGER)';

  const below = `WHEN ${value} < ${parameters.add(first)} THEN 0`;
  if (edges.length === 1) return `(CASE WHEN ${value} IS NULL THEN NULL ${below} WHEN ${value} = ${parameters.add(first)} THEN 1 ELSE 2 END)`;

  const inner = edges.slice(1).map((edge, index) => `WHEN ${value} <= ${parameters.add(edge)} THEN ${index + 1}`);
  return `(CASE WHEN ${value} IS NULL THEN NULL ${below} ${inner.join(' ')} ELSE ${edges.length} END)`;
}

/**
 * Merges ties in the baseline's quantiles. When no baseline customer has a value, the segment's
 * range gives one bin, so its values still show.
 */
function numericEdges(facts: NumericFacts): number[] {
  if (facts.baselineEdges) return distinctEdges(facts.baselineEdges);
  if (facts.low === null || facts.high === null) return [];
  return distinctEdges([facts.low, facts.high]);
}

function dateUnitOf(facts: Extract<AttributeFacts, { kind: 'temporal' }>, maxPeriods: number): DateUnit {
  if (facts.first === null || facts.last === null) return 'month';
  return chooseDateUnit(facts.first, facts.last, maxPeriods);
}
