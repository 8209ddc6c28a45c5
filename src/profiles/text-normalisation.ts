import { InvalidInputError } from '../core/errors.js';

/**
 * Characters trimmed from both ends of every text value: ASCII whitespace and the no-break space
 * that spreadsheets often leave behind. Inner spaces are data and stay.
 */
const SURROUNDING_WHITESPACE = ' \t\n\r\v\f\u00a0';

/**
 * Quotes text as an SQL string literal. Used where DuckDB takes no parameters: file paths and
 * constants inside view definitions.
 */
export function sqlStringLiteral(text: string): string {
  if (text.includes('\u0000')) {
    throw new InvalidInputError(`text "${text.replaceAll('\u0000', '\\0')}" contains a NUL character. Remove it`);
  }
  return `'${text.replaceAll("'", "''")}'`;
}

/** Normalises a value the way profile text is stored, for names and null markers given by the user. */
export function normaliseText(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && SURROUNDING_WHITESPACE.includes(text[start] as string)) start += 1;
  while (end > start && SURROUNDING_WHITESPACE.includes(text[end - 1] as string)) end -= 1;
  return text.slice(start, end).normalize('NFC');
}

/** Trims and NFC-normalises the user's null markers, dropping empty ones (an empty cell is null anyway). */
export function normaliseNullMarkers(markers: readonly string[] | undefined): string[] {
  const normalised = (markers ?? []).map(normaliseText).filter((marker) => marker !== '');
  return [...new Set(normalised)];
}

/**
 * SQL for a text value as profiles store it: surrounding whitespace trimmed, Unicode NFC, and null
 * for an empty value or one of the null markers. `expression` must be VARCHAR.
 */
export function normalisedTextSql(expression: string, nullMarkers: readonly string[]): string {
  const full = `nullif(nfc_normalize(trim(${expression}, ${sqlStringLiteral(SURROUNDING_WHITESPACE)})), '')`;

  // Trimming and NFC build a new string per value, which costs seconds on ten million values.
  // Values that cannot change skip that work.
  let sql = `CASE WHEN ${textMayChangeSql(expression)} THEN ${full} ELSE ${expression} END`;

  // Nested nullif keeps the value evaluated once, whatever the number of markers.
  for (const marker of nullMarkers) sql = `nullif(${sql}, ${sqlStringLiteral(marker)})`;
  return sql;
}

/**
 * SQL that is false only for a value that normalisation leaves as it is, without building a new
 * string: a non-empty ASCII value whose first and last characters are printable. That check is
 * several times cheaper than trimming. Null markers are not considered.
 */
export function textMayChangeSql(expression: string): string {
  return [
    `${expression} = ''`,
    `ascii(${expression}) <= 32`,
    `ascii(right(${expression}, 1)) <= 32`,
    `strlen(${expression}) <> length(${expression})`,
  ].join(' OR ');
}

/** SQL that is true when a value is one of the null markers. */
export function isNullMarkerSql(expression: string, nullMarkers: readonly string[]): string {
  if (nullMarkers.length === 0) return 'false';
  return `${expression} IN (${nullMarkers.map(sqlStringLiteral).join(', ')})`;
}

/** Returns `base`, or `base_2`, `base_3`… when the name is taken. DuckDB names ignore case. */
export function freeColumnName(base: string, taken: readonly string[]): string {
  const used = new Set(taken.map((name) => name.toLowerCase()));
  if (!used.has(base.toLowerCase())) return base;
  for (let suffix = 2; ; suffix += 1) {
    const candidate = `${base}_${suffix}`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}
