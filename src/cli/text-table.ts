/** Plain-text tables for the terminal: columns padded to their widest cell, numbers right-aligned. */

export interface TableColumn {
  header: string;
  align?: 'left' | 'right';
}

export function renderTable(columns: readonly TableColumn[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((column, index) =>
    Math.max(displayWidth(column.header), ...rows.map((row) => displayWidth(row[index] ?? ''))),
  );
  const renderRow = (cells: readonly string[]): string =>
    columns
      .map((column, index) => pad(cells[index] ?? '', widths[index] ?? 0, column.align ?? 'left'))
      .join('  ')
      .trimEnd();

  const lines = [renderRow(columns.map((column) => column.header))];
  lines.push(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) lines.push(renderRow(row));
  return lines.join('\n');
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** Counts code points rather than UTF-16 units, so accented names line up. */
function displayWidth(text: string): number {
  return [...text].length;
}

const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(value: number): string {
  return integerFormat.format(value);
}

export function formatPercent(value: number, decimals = 1): string {
  return `${value.toFixed(decimals)}%`;
}

export function formatRatio(value: number | null, decimals = 2): string {
  return value === null ? '-' : value.toFixed(decimals);
}

/** Shows a field value for people: null as "(empty)", the empty string as "(empty string)". */
export function formatFieldValue(value: string | number | boolean | null): string {
  if (value === null) return '(empty)';
  if (value === '') return '(empty string)';
  return String(value);
}
