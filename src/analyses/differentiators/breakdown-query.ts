import type { Row, RowValue } from '../../engines/engine.js';
import { QueryParameters, type CompiledQuery } from '../../sql/compiled-query.js';
import { bucketExpression, type BreakdownPlan } from './bucket-plan.js';
import { IN_BASELINE, IN_SEGMENT, membershipRelation, type MembershipContext } from './membership-flags.js';

/** Customers with one bucket of an attribute, split by membership. */
export interface BucketCount {
  /** The bucket as the engine returned it: a value, a bin index or a period label; null is missing. */
  key: RowValue;
  /** In the segment and not in the baseline. */
  segmentOnly: number;
  /** In the baseline and not in the segment. */
  baselineOnly: number;
  both: number;
}

const ATTRIBUTE_INDEX = 'attribute_index';
const COUNT = 'profiles';
const bucketColumn = (index: number): string => `bucket_${index}`;

/**
 * Builds the last analysis query: one scan that counts the customers of the segment or the
 * baseline per membership pair and bucket of every attribute, through one grouping set per
 * attribute. `attribute_index` is the position of the row's grouping set.
 */
export function buildBreakdownQuery(context: MembershipContext, plans: readonly BreakdownPlan[]): CompiledQuery {
  const parameters = new QueryParameters(context.dialect);
  const buckets = plans.map((plan, index) => `${bucketExpression(plan, context, parameters)} AS ${bucketColumn(index)}`);
  const relation = membershipRelation(context, parameters, buckets);

  const whichSet = plans.map((_, index) => `WHEN GROUPING(${bucketColumn(index)}) = 0 THEN ${index}`);
  const columns = [
    IN_SEGMENT,
    IN_BASELINE,
    ...plans.map((_, index) => bucketColumn(index)),
    `(CASE ${whichSet.join(' ')} END) AS ${ATTRIBUTE_INDEX}`,
    `count(*) AS ${COUNT}`,
  ];
  const groupingSets = plans.map((_, index) => `(${IN_SEGMENT}, ${IN_BASELINE}, ${bucketColumn(index)})`);

  // Against all customers or the rest, every customer is in the segment or the baseline.
  const where = context.baseline.kind === 'segment' ? ` WHERE ${IN_SEGMENT} OR ${IN_BASELINE}` : '';
  const sql = `SELECT ${columns.join(', ')} FROM ${relation}${where} GROUP BY GROUPING SETS (${groupingSets.join(', ')})`;
  return parameters.toQuery(sql);
}

/** Groups the rows of the breakdown query into bucket counts per attribute, in plan order. */
export function readBucketCounts(rows: readonly Row[], attributeCount: number): BucketCount[][] {
  const perAttribute = Array.from({ length: attributeCount }, () => new Map<string, BucketCount>());
  for (const row of rows) {
    const index = Number(row[ATTRIBUTE_INDEX]);
    const buckets = perAttribute[index];
    if (!buckets) throw new Error(`breakdown row for unknown attribute index ${String(row[ATTRIBUTE_INDEX])}`);

    const key = row[bucketColumn(index)] ?? null;
    const identity = JSON.stringify(key);
    const bucket = buckets.get(identity) ?? { key, segmentOnly: 0, baselineOnly: 0, both: 0 };
    addCount(bucket, row[IN_SEGMENT] === true, row[IN_BASELINE] === true, Number(row[COUNT]));
    buckets.set(identity, bucket);
  }
  return perAttribute.map((buckets) => [...buckets.values()]);
}

function addCount(bucket: BucketCount, inSegment: boolean, inBaseline: boolean, count: number): void {
  if (inSegment && inBaseline) bucket.both += count;
  else if (inSegment) bucket.segmentOnly += count;
  else if (inBaseline) bucket.baselineOnly += count;
}
