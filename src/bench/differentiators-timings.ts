import {
  analyseDifferentiators,
  type DifferentiatorsRequest,
  type DifferentiatorsResult,
} from '../analyses/differentiators/differentiators-analysis.js';
import type { AttributeDifferentiator, GroupSummary } from '../analyses/differentiators/differentiators-result.js';
import { ruleSegment } from '../analyses/segment-input.js';
import type { RowValue } from '../engines/engine.js';
import type { BenchRow } from './bench-report.js';
import {
  plainBreakdownSql,
  plainSummarySql,
  readPlainBreakdown,
  readPlainSummary,
  type PlainBreakdown,
  type PlainDifferentiatorsCase,
  type PlainGroupSummary,
  type PlainSummary,
} from './differentiators-plain-queries.js';
import type { TimedSource } from './timed-source.js';
import { peakRssMiB, timeInterleaved } from './timing.js';

/**
 * The benchmark's comparison: customers at high churn risk against the rest, over 5 categorical
 * attributes and 3 numeric ones. City has 1,000 values. The numbers are an integer age, a decimal
 * spend and an integer order count, each with more distinct values than bins, so all three are
 * cut at the baseline's deciles (a field with no more values than bins is compared value by value).
 */
export const BENCH_DIFFERENTIATORS = {
  segmentName: 'Churn risk',
  rule: "churn_risk = 'high'",
  categoricalFields: ['city', 'country', 'gender', 'loyalty_tier', 'email_domain'],
  numericFields: [
    { name: 'age', type: 'integer' },
    { name: 'total_spend', type: 'decimal' },
    { name: 'orders', type: 'integer' },
  ],
  bins: 10,
} as const;

/** Values listed per attribute before folding, above city's 1,001 (null included), so all show. */
const MAX_VALUES = 2000;

const TIMING = { warmUps: 1, runs: 5 };

/** Relative difference allowed between the product's and the plain query's means and deviations. */
const MOMENT_TOLERANCE = 1e-9;

/**
 * Times the differentiators of the churn-risk segment against the rest: the product's analysis
 * against the two plain queries. Before timing, it checks that both give the same sizes, counts,
 * edges, means, medians and deviations, so a fast but wrong result cannot pass.
 */
export async function timeDifferentiatorsCase(timed: TimedSource): Promise<BenchRow> {
  const { engine, source } = timed;
  const segment = ruleSegment(BENCH_DIFFERENTIATORS.segmentName, BENCH_DIFFERENTIATORS.rule, source, () => undefined);
  const request: DifferentiatorsRequest = {
    segment,
    baseline: { kind: 'rest' },
    include: [...BENCH_DIFFERENTIATORS.categoricalFields, ...BENCH_DIFFERENTIATORS.numericFields.map(({ name }) => name)],
    maxValues: MAX_VALUES,
    bins: BENCH_DIFFERENTIATORS.bins,
  };
  const plain: PlainDifferentiatorsCase = {
    relation: timed.plainRelation,
    segmentCondition: BENCH_DIFFERENTIATORS.rule,
    categoricalFields: BENCH_DIFFERENTIATORS.categoricalFields,
    numericFields: BENCH_DIFFERENTIATORS.numericFields,
    bins: BENCH_DIFFERENTIATORS.bins,
  };
  const runProduct = (): Promise<DifferentiatorsResult> =>
    analyseDifferentiators(engine, source, request, () => undefined);
  const runPlain = async (): Promise<{ summary: PlainSummary; breakdown: PlainBreakdown }> => {
    const summary = readPlainSummary((await engine.query(plainSummarySql(plain)))[0], plain);
    const breakdown = readPlainBreakdown(await engine.query(plainBreakdownSql(plain, summary)), plain);
    return { summary, breakdown };
  };

  checkSameNumbers(await runProduct(), await runPlain());

  const { product, plain: plainTiming } = await timeInterleaved({ product: runProduct, plain: runPlain }, TIMING);
  return {
    case: `${BENCH_DIFFERENTIATORS.segmentName} against the rest, 8 attributes, ${timed.label}`,
    rows: timed.rows,
    productMs: product.medianMs,
    plainMs: plainTiming.medianMs,
    peakRssMiB: peakRssMiB(),
  };
}

/** Throws at the first number on which the product and the plain queries disagree. */
export function checkSameNumbers(
  result: DifferentiatorsResult,
  plain: { summary: PlainSummary; breakdown: PlainBreakdown },
): void {
  expectEqual('segment size', result.segment.size, plain.summary.segmentSize);
  expectEqual('baseline size', result.baseline.size, plain.summary.baselineSize);
  expectEqual('attributes', result.attributes.length, plain.breakdown.size);

  for (const attribute of result.attributes) {
    const counts = plain.breakdown.get(attribute.field);
    if (counts === undefined) throw new Error(`the plain queries have no counts for "${attribute.field}"`);
    const numeric = plain.summary.numeric.get(attribute.field);
    if (numeric === undefined) {
      checkValueCounts(attribute, counts, (value) => value);
      continue;
    }

    const edges = attribute.binning.kind === 'quantiles' ? attribute.binning.edges : [];
    expectEqual(`${attribute.field} edges`, JSON.stringify(edges), JSON.stringify(numeric.edges));
    checkValueCounts(attribute, counts, binIndexOf(attribute, counts));
    checkGroupSummary(`${attribute.field} in the segment`, attribute.summary?.segment, numeric.segment);
    checkGroupSummary(`${attribute.field} in the baseline`, attribute.summary?.baseline, numeric.baseline);
  }
}

/** Checks each row of the product's value table against the plain count under `keyOf(value)`. */
function checkValueCounts(
  attribute: AttributeDifferentiator,
  counts: ReadonlyMap<RowValue, { segment: number; baseline: number }>,
  keyOf: (value: RowValue, position: number) => RowValue,
): void {
  expectEqual(`${attribute.field} value count`, attribute.values.length, counts.size);
  attribute.values.forEach((value, position) => {
    const key = value.kind === 'missing' ? null : keyOf(value.value, position);
    const expected = counts.get(key);
    const name = `${attribute.field} = ${JSON.stringify(key)}`;
    expectEqual(`${name} in the segment`, value.segmentCount, expected?.segment ?? 0);
    expectEqual(`${name} in the baseline`, value.baselineCount, expected?.baseline ?? 0);
  });
}

/**
 * Maps the product's bins, which come in edge order, to the plain query's bin indexes in
 * ascending order: both list only the bins that have customers.
 */
function binIndexOf(
  attribute: AttributeDifferentiator,
  counts: ReadonlyMap<RowValue, unknown>,
): (value: RowValue, position: number) => RowValue {
  const indexes = [...counts.keys()].filter((key) => key !== null).sort((a, b) => Number(a) - Number(b));
  const binCount = attribute.values.filter((value) => value.kind === 'bin').length;
  expectEqual(`${attribute.field} bins`, binCount, indexes.length);
  return (_value, position) => indexes[position] ?? null;
}

function checkGroupSummary(name: string, found: GroupSummary | undefined, expected: PlainGroupSummary): void {
  if (found === undefined) throw new Error(`the product has no numeric summary for ${name}`);
  expectEqual(`${name}: count`, found.count, expected.count);
  expectEqual(`${name}: median`, found.median, expected.median);
  expectClose(`${name}: mean`, found.mean, expected.mean);
  expectClose(`${name}: standard deviation`, found.standardDeviation, expected.standardDeviation);
}

function expectEqual(name: string, found: unknown, expected: unknown): void {
  if (found !== expected) {
    throw new Error(`product and plain queries disagree on ${name}: ${String(found)} against ${String(expected)}`);
  }
}

/**
 * Compares moments up to a relative tolerance: DuckDB sums a DECIMAL or INTEGER column exactly but
 * a DOUBLE one in floating point, so the last digits may differ with the column type.
 */
function expectClose(name: string, found: number | null, expected: number | null): void {
  if (found === null || expected === null) return expectEqual(name, found, expected);
  if (Math.abs(found - expected) > MOMENT_TOLERANCE * Math.max(1, Math.abs(expected))) {
    throw new Error(`product and plain queries disagree on ${name}: ${found} against ${expected}`);
  }
}
