import { analyseOverlap } from '../analyses/overlap/overlap-analysis.js';
import type { OverlapResult } from '../analyses/overlap/overlap-result.js';
import { ruleSegment } from '../analyses/segment-input.js';
import type { SegmentDefinition } from '../core/segments.js';
import { DEMO_SEGMENTS } from '../demo/demo-segments.js';
import type { Row } from '../engines/engine.js';
import {
  BASELINE_COLUMNS,
  BASELINE_CONDITIONS,
  naiveRegionSqls,
  plainOverlapSql,
} from './baseline-queries.js';
import type { BenchRow } from './bench-report.js';
import type { TimedSource } from './timed-source.js';
import { peakRssMiB, timeInterleaved } from './timing.js';

/** The benchmark's breakdown field: 1,000 numbered cities in the profiles it generates. */
export const BENCH_BREAKDOWN_FIELD = 'city';

/** Values kept per breakdown before folding, above the 1,001 city values (null included). */
const MAX_VALUES = 2000;

const TIMING = { warmUps: 1, runs: 5 };

/**
 * Times the overlap of the four segments overall and by city: the product's analysis, the plain
 * aggregation query and the naive query per region. Before timing, it checks that the product's
 * counts equal the plain query's, so a fast but wrong result cannot pass.
 */
export async function timeOverlapCases(timed: TimedSource): Promise<BenchRow[]> {
  const segments = DEMO_SEGMENTS.map((segment) =>
    ruleSegment(segment.name, segment.rule, timed.source, () => undefined),
  );

  const rows: BenchRow[] = [];
  for (const breakdownField of [undefined, BENCH_BREAKDOWN_FIELD]) {
    rows.push(await timeOverlapCase(timed, segments, breakdownField));
  }
  return rows;
}

async function timeOverlapCase(
  timed: TimedSource,
  segments: SegmentDefinition[],
  breakdownField: string | undefined,
): Promise<BenchRow> {
  const { engine, source, plainRelation } = timed;
  const breakdownFields = breakdownField === undefined ? [] : [breakdownField];
  const request = { segments, breakdownFields, maxValues: MAX_VALUES };
  const runProduct = (): Promise<OverlapResult> =>
    analyseOverlap(engine, source, request, () => undefined);
  const plainSql = plainOverlapSql(plainRelation, BASELINE_CONDITIONS, breakdownField);
  const naiveSqls = naiveRegionSqls(plainRelation, BASELINE_CONDITIONS, breakdownField);

  checkSameCounts(await runProduct(), await engine.query(plainSql), breakdownField !== undefined);

  const { product, plain, naive } = await timeInterleaved(
    {
      product: runProduct,
      plain: () => engine.query(plainSql),
      naive: async () => {
        for (const query of naiveSqls) await engine.query(query.sql);
      },
    },
    TIMING,
  );

  const caseName =
    breakdownField === undefined
      ? `4 segments, ${timed.label}`
      : `4 segments by ${breakdownField} (1,000 values), ${timed.label}`;
  return {
    case: caseName,
    rows: timed.rows,
    productMs: product.medianMs,
    plainMs: plain.medianMs,
    naiveMs: naive.medianMs,
    peakRssMiB: peakRssMiB(),
  };
}

/**
 * Throws unless the product's overall region counts (and, with a breakdown, each value's) equal
 * the plain query's. Segment i of the product is bit i of the plain query's mask.
 */
function checkSameCounts(result: OverlapResult, plainRows: Row[], hasBreakdown: boolean): void {
  const names = result.segments.map((segment) => segment.name);
  const expected = new Map<string, number>();
  for (const row of plainRows) {
    const overall = !hasBreakdown || row[BASELINE_COLUMNS.overall] === 1;
    const value = overall ? '(all)' : JSON.stringify(row[BASELINE_COLUMNS.value]);
    const mask = String(row[BASELINE_COLUMNS.mask]);
    expected.set(`${value} ${mask}`, Number(row[BASELINE_COLUMNS.count]));
  }

  const found = new Map<string, number>();
  const addCounts = (value: string, counts: Pick<OverlapResult, 'regions' | 'none'>): void => {
    if (counts.none > 0) found.set(`${value} 0`, counts.none);
    for (const region of counts.regions) {
      const mask = region.segments.reduce((sum, name) => sum + 2 ** names.indexOf(name), 0);
      found.set(`${value} ${mask}`, region.count);
    }
  };
  addCounts('(all)', result);
  for (const row of result.breakdowns[0]?.values ?? []) addCounts(JSON.stringify(row.value), row);

  const mismatch = [...new Set([...expected.keys(), ...found.keys()])].find(
    (key) => expected.get(key) !== found.get(key),
  );
  if (mismatch !== undefined) {
    throw new Error(
      `product and plain query disagree on value and mask "${mismatch}": ` +
        `${found.get(mismatch)} against ${expected.get(mismatch)}`,
    );
  }
}
