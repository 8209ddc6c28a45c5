/**
 * First characters that make a spreadsheet read a cell as a formula: = + - @, and tab and carriage
 * return, which some spreadsheets skip before reading one.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvValue = string | number | boolean | null;

/**
 * Writes one CSV cell (RFC 4180). A text cell that a spreadsheet would run as a formula gets a
 * leading apostrophe, which spreadsheets show as text. Numbers and booleans are written as they
 * are, so a negative balance stays a number.
 */
export function csvCell(value: CsvValue, isText: boolean): string {
  if (value === null) return '';
  let text = String(value);
  if (isText && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Writes one CSV line, ending in a line feed. */
export function csvLine(values: readonly CsvValue[], textColumns: readonly boolean[]): string {
  return `${values.map((value, index) => csvCell(value, textColumns[index] ?? true)).join(',')}\n`;
}
