/**
 * Preparation of a contingency table (rows = groups, columns = values, cells = customer counts)
 * for a chi-square test: empty rows and columns are dropped, and sparse columns are pooled.
 */

/** Expected count below which the chi-square approximation is considered rough (Cochran). */
export const MIN_EXPECTED_COUNT = 5;

export interface PreparedTable {
  table: number[][];
  /** How many of the original non-empty columns were pooled into another column (0 when none). */
  pooledColumns: number;
}

/** Drops rows and columns whose counts are all zero: they carry no information for the test. */
export function dropEmptyLines(observed: readonly (readonly number[])[]): number[][] {
  const rows = observed.filter((row) => row.some((count) => count > 0));
  const width = rows[0]?.length ?? 0;
  const keptColumns = range(width).filter((column) => rows.some((row) => (row[column] ?? 0) > 0));

  return rows.map((row) => keptColumns.map((column) => row[column] ?? 0));
}

/**
 * Pools sparse columns so that every expected count reaches MIN_EXPECTED_COUNT.
 *
 * Column j's smallest expected count is C_j · min(R) / N, so a column is adequate when its total
 * reaches MIN_EXPECTED_COUNT · N / min(R). The inadequate columns are summed into one pooled column;
 * if that is still inadequate, it is added to the adequate column with the smallest total. This
 * needs at least two adequate columns; with fewer (a small sample) the table is returned unpooled
 * and the caller reports the test as sparse.
 */
export function poolSparseColumns(table: readonly (readonly number[])[]): PreparedTable {
  const copy = table.map((row) => [...row]);
  const threshold = adequateColumnTotal(table);
  const totals = columnTotals(table);
  const sparse = range(totals.length).filter((column) => (totals[column] ?? 0) < threshold);
  const adequate = range(totals.length).filter((column) => (totals[column] ?? 0) >= threshold);
  if (sparse.length === 0 || adequate.length < 2) return { table: copy, pooledColumns: 0 };

  const pooled = table.map((row) => sparse.reduce((sum, column) => sum + (row[column] ?? 0), 0));
  const adequateTable = copy.map((row) => adequate.map((column) => row[column] ?? 0));
  const pooledTotal = pooled.reduce((sum, count) => sum + count, 0);
  if (pooledTotal >= threshold) {
    return { table: adequateTable.map((row, index) => [...row, pooled[index] ?? 0]), pooledColumns: sparse.length };
  }

  const smallest = indexOfMinimum(adequate.map((column) => totals[column] ?? 0));
  for (const [index, row] of adequateTable.entries()) row[smallest] = (row[smallest] ?? 0) + (pooled[index] ?? 0);
  return { table: adequateTable, pooledColumns: sparse.length + 1 };
}

/** Computes the smallest expected count of any cell under independence (Infinity for an empty table). */
export function minimumExpectedCount(table: readonly (readonly number[])[]): number {
  const total = grandTotal(table);
  if (total === 0) return Number.POSITIVE_INFINITY;

  const smallestRow = Math.min(...rowTotals(table));
  const smallestColumn = Math.min(...columnTotals(table));
  return (smallestRow * smallestColumn) / total;
}

export function rowTotals(table: readonly (readonly number[])[]): number[] {
  return table.map((row) => row.reduce((sum, count) => sum + count, 0));
}

export function columnTotals(table: readonly (readonly number[])[]): number[] {
  const width = table[0]?.length ?? 0;
  return range(width).map((column) => table.reduce((sum, row) => sum + (row[column] ?? 0), 0));
}

export function grandTotal(table: readonly (readonly number[])[]): number {
  return rowTotals(table).reduce((sum, count) => sum + count, 0);
}

function adequateColumnTotal(table: readonly (readonly number[])[]): number {
  const smallestRow = Math.min(...rowTotals(table));
  return (MIN_EXPECTED_COUNT * grandTotal(table)) / smallestRow;
}

function indexOfMinimum(values: readonly number[]): number {
  let best = 0;
  for (const [index, value] of values.entries()) if (value < (values[best] ?? 0)) best = index;
  return best;
}

function range(length: number): number[] {
  return Array.from({ length }, (_, index) => index);
}
