import { boundPValue, chiSquareSurvival } from './chi-square-distribution.js';
import {
  columnTotals,
  dropEmptyLines,
  grandTotal,
  MIN_EXPECTED_COUNT,
  minimumExpectedCount,
  poolSparseColumns,
  rowTotals,
} from './contingency-table.js';

/** Causes of a test that cannot be run: fewer than two non-empty groups, or a single value. */
export type NotTestableCause = 'empty-group' | 'single-value';

/** The outcome of a chi-square test of independence, including when it could not be run. */
export interface IndependenceTest {
  /** Pearson's chi-square without continuity correction; null when a group is empty. */
  statistic: number | null;
  degreesOfFreedom: number;
  /** Upper-tail p-value; null when the test could not be run. */
  pValue: number | null;
  /** True when the p-value fell below P_VALUE_FLOOR, so `pValue` is that bound. */
  pValueUnderflow: boolean;
  /** Cramér's V on the tested table, in [0, 1]; 0 when the test could not be run. */
  cramersV: number;
  /** Cause of a test that could not be run; null when it ran. */
  notTestable: NotTestableCause | null;
  /** The cause in words, for messages; null when the test ran. */
  notTestableReason: string | null;
  /** How many value columns were pooled to raise small expected counts (0 when none). */
  pooledColumns: number;
  /** True when some expected count of the tested table is below 5, so the p-value is rough. */
  sparse: boolean;
}

/**
 * Runs Pearson's chi-square test of independence on an r×c table of counts (rows are groups,
 * columns are values). Empty rows and columns are dropped and sparse columns pooled first (see
 * `poolSparseColumns`). Fewer than two non-empty rows or columns leave 0 degrees of freedom: the
 * test is then reported as not testable, with a reason, instead of failing.
 */
export function testIndependence(observed: readonly (readonly number[])[]): IndependenceTest {
  assertCounts(observed);
  const table = dropEmptyLines(observed);
  if (table.length < 2) return notTestable(null, 'empty-group');
  if ((table[0]?.length ?? 0) < 2) return notTestable(0, 'single-value');

  const { table: tested, pooledColumns } = poolSparseColumns(table);
  const statistic = pearsonStatistic(tested);
  const degreesOfFreedom = (tested.length - 1) * ((tested[0]?.length ?? 0) - 1);
  const { pValue, underflow } = boundPValue(chiSquareSurvival(statistic, degreesOfFreedom));

  return {
    statistic,
    degreesOfFreedom,
    pValue,
    pValueUnderflow: underflow,
    cramersV: cramersV(statistic, tested),
    notTestable: null,
    notTestableReason: null,
    pooledColumns,
    sparse: minimumExpectedCount(tested) < MIN_EXPECTED_COUNT,
  };
}

/** Sum over cells of (observed − expected)² / expected, with expected = row total · column total / N. */
function pearsonStatistic(table: readonly (readonly number[])[]): number {
  const rows = rowTotals(table);
  const columns = columnTotals(table);
  const total = grandTotal(table);
  let statistic = 0;
  for (const [i, row] of table.entries()) {
    for (const [j, count] of row.entries()) {
      const expected = ((rows[i] ?? 0) * (columns[j] ?? 0)) / total;
      statistic += ((count - expected) * (count - expected)) / expected;
    }
  }
  return statistic;
}

/** V = sqrt(χ² / (N · (min(r, c) − 1))), clamped to [0, 1] against rounding. */
function cramersV(statistic: number, table: readonly (readonly number[])[]): number {
  const smallerSide = Math.min(table.length, table[0]?.length ?? 0);
  const value = Math.sqrt(statistic / (grandTotal(table) * (smallerSide - 1)));
  return Math.min(1, Math.max(0, value));
}

const NOT_TESTABLE_REASONS: Record<NotTestableCause, string> = {
  'empty-group': 'fewer than two groups have customers',
  'single-value': 'a single value in the tested groups',
};

function notTestable(statistic: number | null, cause: NotTestableCause): IndependenceTest {
  return {
    statistic,
    degreesOfFreedom: 0,
    pValue: null,
    pValueUnderflow: false,
    cramersV: 0,
    notTestable: cause,
    notTestableReason: NOT_TESTABLE_REASONS[cause],
    pooledColumns: 0,
    sparse: false,
  };
}

function assertCounts(observed: readonly (readonly number[])[]): void {
  const width = observed[0]?.length ?? 0;
  for (const row of observed) {
    if (row.length !== width) throw new Error('contingency table rows differ in length');
    for (const count of row) {
      if (!Number.isFinite(count) || count < 0) throw new Error(`invalid count in contingency table: ${count}`);
    }
  }
}
