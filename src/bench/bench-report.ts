/** One timed case of the benchmark: the product against the plain and, for overlap, the naive queries. */
export interface BenchRow {
  case: string;
  rows: number;
  productMs: number;
  plainMs: number;
  /** Time of the naive queries; absent for cases without a naive way. */
  naiveMs?: number;
  /** Resident set high-water mark of the process that ran the case, in MiB. */
  peakRssMiB: number;
}

/** Speed targets that the rows of the largest data set must meet. */
export interface BenchTargets {
  maxProductOverPlain: number;
  /** Minimum speed-up over the naive queries; absent when the case has none. */
  minNaiveOverProduct?: number;
  maxPeakRssMiB: number;
}

export const OVERLAP_TARGETS: BenchTargets = {
  maxProductOverPlain: 1.3,
  minNaiveOverProduct: 10,
  maxPeakRssMiB: 2048,
};

export const DIFFERENTIATORS_TARGETS: BenchTargets = {
  maxProductOverPlain: 1.5,
  maxPeakRssMiB: 2048,
};

/**
 * Formats the rows as a Markdown table, which reads as text on a terminal too. The naive columns
 * appear when some row has a naive time.
 */
export function formatBenchTable(rows: readonly BenchRow[]): string {
  const withNaive = rows.some((row) => row.naiveMs !== undefined);
  const header = [
    'Case',
    'Rows',
    'Product ms',
    'Plain ms',
    ...(withNaive ? ['Naive ms'] : []),
    'Product / plain',
    ...(withNaive ? ['Naive / product'] : []),
    'Peak RSS MiB',
  ];
  const lines = rows.map((row) => [
    row.case,
    row.rows.toLocaleString('en-US'),
    formatMs(row.productMs),
    formatMs(row.plainMs),
    ...(withNaive ? [naiveMsCell(row)] : []),
    `${(row.productMs / row.plainMs).toFixed(2)}x`,
    ...(withNaive ? [naiveRatioCell(row)] : []),
    Math.round(row.peakRssMiB).toLocaleString('en-US'),
  ]);
  return markdownTable(header, lines);
}

function naiveMsCell(row: BenchRow): string {
  return row.naiveMs === undefined ? '-' : formatMs(row.naiveMs);
}

function naiveRatioCell(row: BenchRow): string {
  return row.naiveMs === undefined ? '-' : `${(row.naiveMs / row.productMs).toFixed(1)}x`;
}

/** Lists each target that a row of the largest data set misses; empty when all are met. */
export function missedTargets(rows: readonly BenchRow[], targets: BenchTargets): string[] {
  const largest = Math.max(...rows.map((row) => row.rows));
  const misses: string[] = [];
  for (const row of rows.filter((candidate) => candidate.rows === largest)) {
    const productOverPlain = row.productMs / row.plainMs;
    if (productOverPlain > targets.maxProductOverPlain) {
      misses.push(`${row.case}: product/plain ${productOverPlain.toFixed(2)}x is above ${targets.maxProductOverPlain}x`);
    }
    if (targets.minNaiveOverProduct !== undefined && row.naiveMs !== undefined) {
      const naiveOverProduct = row.naiveMs / row.productMs;
      if (naiveOverProduct < targets.minNaiveOverProduct) {
        misses.push(`${row.case}: naive/product ${naiveOverProduct.toFixed(1)}x is below ${targets.minNaiveOverProduct}x`);
      }
    }
    if (row.peakRssMiB > targets.maxPeakRssMiB) {
      misses.push(`${row.case}: peak RSS ${Math.round(row.peakRssMiB)} MiB is above ${formatMiB(targets.maxPeakRssMiB)}`);
    }
  }
  return misses;
}

/** Describes the targets in one sentence, for the report's verdict. */
export function describeTargets(targets: BenchTargets): string {
  const parts = [`product within ${targets.maxProductOverPlain}x of plain`];
  if (targets.minNaiveOverProduct !== undefined) parts.push(`at least ${targets.minNaiveOverProduct}x faster than naive`);
  parts.push(`peak RSS under ${formatMiB(targets.maxPeakRssMiB)}`);
  return parts.join(', ');
}

function formatMiB(mebibytes: number): string {
  return mebibytes % 1024 === 0 ? `${mebibytes / 1024} GiB` : `${mebibytes} MiB`;
}

function formatMs(milliseconds: number): string {
  return milliseconds >= 100 ? milliseconds.toFixed(0) : milliseconds.toFixed(1);
}

function markdownTable(header: readonly string[], lines: readonly string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)),
  );
  const render = (cells: readonly string[]): string =>
    `| ${cells.map((cell, column) => pad(cell, widths[column] ?? 0, column)).join(' | ')} |`;
  // Markdown's alignment row: the first column left, the numbers right.
  const dashes = widths.map((width, column) =>
    column === 0 ? '-'.repeat(width) : `${'-'.repeat(width - 1)}:`,
  );
  const rule = `| ${dashes.join(' | ')} |`;
  return [render(header), rule, ...lines.map(render)].join('\n');
}

/** Pads the first column on the right and the numeric columns on the left. */
function pad(cell: string, width: number, column: number): string {
  return column === 0 ? cell.padEnd(width) : cell.padStart(width);
}
