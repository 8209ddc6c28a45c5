/** One timed case of the benchmark: the product against the plain and the naive queries. */
export interface BenchRow {
  case: string;
  rows: number;
  productMs: number;
  plainMs: number;
  naiveMs: number;
  /** Resident set high-water mark of the process that ran the case, in MiB. */
  peakRssMiB: number;
}

/** Speed targets for the largest data set. */
export const BENCH_TARGETS = {
  maxProductOverPlain: 1.3,
  minNaiveOverProduct: 10,
  maxPeakRssMiB: 2048,
} as const;

/** Formats the rows as a Markdown table, which reads as text on a terminal too. */
export function formatBenchTable(rows: readonly BenchRow[]): string {
  const header = [
    'Case',
    'Rows',
    'Product ms',
    'Plain ms',
    'Naive ms',
    'Product / plain',
    'Naive / product',
    'Peak RSS MiB',
  ];
  const lines = rows.map((row) => [
    row.case,
    row.rows.toLocaleString('en-US'),
    formatMs(row.productMs),
    formatMs(row.plainMs),
    formatMs(row.naiveMs),
    `${(row.productMs / row.plainMs).toFixed(2)}x`,
    `${(row.naiveMs / row.productMs).toFixed(1)}x`,
    Math.round(row.peakRssMiB).toLocaleString('en-US'),
  ]);
  return markdownTable(header, lines);
}

/** Lists each target that a row of the largest data set misses; empty when all are met. */
export function missedTargets(rows: readonly BenchRow[]): string[] {
  const largest = Math.max(...rows.map((row) => row.rows));
  const misses: string[] = [];
  for (const row of rows.filter((candidate) => candidate.rows === largest)) {
    const productOverPlain = row.productMs / row.plainMs;
    const naiveOverProduct = row.naiveMs / row.productMs;
    if (productOverPlain > BENCH_TARGETS.maxProductOverPlain) {
      misses.push(`${row.case}: product/plain ${productOverPlain.toFixed(2)}x is above 1.3x`);
    }
    if (naiveOverProduct < BENCH_TARGETS.minNaiveOverProduct) {
      misses.push(`${row.case}: naive/product ${naiveOverProduct.toFixed(1)}x is below 10x`);
    }
    if (row.peakRssMiB > BENCH_TARGETS.maxPeakRssMiB) {
      misses.push(`${row.case}: peak RSS ${Math.round(row.peakRssMiB)} MiB is above 2 GiB`);
    }
  }
  return misses;
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
