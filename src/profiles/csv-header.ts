import { open } from 'node:fs/promises';

import { InvalidInputError } from '../core/errors.js';
import { describeSyntaxProblem } from './csv-problem-locator.js';
import { scanCsvText, type CsvRecord } from './csv-scanner.js';
import { normaliseText } from './text-normalisation.js';

/** Delimiters tried when the user gives none, in order of preference on a tie. */
export const DELIMITER_CANDIDATES = [',', ';', '\t', '|'] as const;

/** Bytes read from the start of a CSV file to find its delimiter and header. */
const HEAD_BYTES = 1024 * 1024;

/** Records of the head compared when detecting the delimiter. */
const SAMPLE_RECORDS = 100;

/** The start of a CSV file, decoded, without its byte-order mark. */
export interface CsvHead {
  text: string;
  /** True when `text` is the whole file. */
  complete: boolean;
}

/** The delimiter and the column names of a CSV file. */
export interface CsvLayout {
  delimiter: string;
  /** Header names, trimmed and NFC-normalised, in file order. */
  columns: string[];
  /** True when the delimiter was detected rather than given. */
  detected: boolean;
}

export async function readCsvHead(path: string, file: string): Promise<CsvHead> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    const bytes = buffer.subarray(0, bytesRead);
    rejectUtf16(bytes, file);

    // A multi-byte character cut at the end of the head decodes to U+FFFD. Only the last record
    // can contain it, and that record is dropped when the head is incomplete.
    const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
    return { text, complete: bytesRead < HEAD_BYTES };
  } finally {
    await handle.close();
  }
}

function rejectUtf16(bytes: Buffer, file: string): void {
  const first = bytes[0];
  const second = bytes[1];
  if ((first === 0xff && second === 0xfe) || (first === 0xfe && second === 0xff)) {
    throw new InvalidInputError(`file "${file}" is UTF-16 encoded. Save it as UTF-8 (CSV UTF-8) and import it again`);
  }
}

/** Parses the `--delimiter` option: one character, or `\t` / `tab` for a tab. */
export function parseDelimiter(option: string): string {
  const delimiter = option === '\\t' || option.toLowerCase() === 'tab' ? '\t' : option;
  if ([...delimiter].length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new InvalidInputError(
      `invalid delimiter "${option}". Give one character other than a quote or line break, for example ";" or "\\t"`,
    );
  }
  return delimiter;
}

/**
 * Picks the candidate delimiter that splits the sampled records into the same number of fields
 * as the header, preferring the most fields. A file with one column yields ','.
 */
export function detectDelimiter(head: CsvHead): string {
  let best = { delimiter: ',', fields: 1, matching: -1 };
  for (const delimiter of DELIMITER_CANDIDATES) {
    const records = sampleRecords(head, delimiter);
    const fields = records[0]?.fields.length ?? 0;
    if (fields < 2) continue;

    const body = records.slice(1).filter((record) => !record.blank);
    const matching = body.filter((record) => record.fields.length === fields).length / Math.max(body.length, 1);
    const better = matching > best.matching || (matching === best.matching && fields > best.fields);
    if (better) best = { delimiter, fields, matching };
  }
  return best.delimiter;
}

function sampleRecords(head: CsvHead, delimiter: string): CsvRecord[] {
  const { records } = scanCsvText(head.text, delimiter, SAMPLE_RECORDS + 1);

  // Without the end of the file, the last record may be cut short.
  const cut = !head.complete && records.length > 0 && records.length <= SAMPLE_RECORDS;
  return cut ? records.slice(0, -1) : records;
}

/** Reads the header with `delimiter` and checks that every column has a distinct, non-empty name. */
export function readCsvHeader(head: CsvHead, delimiter: string, file: string): string[] {
  if (head.text.trim() === '') {
    throw new InvalidInputError(`file "${file}" is empty. Export it again with a header row and data`);
  }

  const { records, problem } = scanCsvText(head.text, delimiter, 1);
  const header = records[0];
  if (problem && problem.line === 1) {
    throw new InvalidInputError(`malformed CSV at line 1 of "${file}": ${describeSyntaxProblem(problem).detail}`);
  }
  if (!header) {
    throw new InvalidInputError(`malformed CSV at line 1 of "${file}": the header row cannot be read. Fix the header`);
  }
  if (header.lineBreak === '' && !head.complete) {
    throw new InvalidInputError(`malformed CSV at line 1 of "${file}": the header row is longer than 1 MiB. Fix the header`);
  }

  const columns = header.fields.map(normaliseText);
  checkColumnNames(columns, file);
  return columns;
}

function checkColumnNames(columns: string[], file: string): void {
  const seen = new Map<string, number>();
  columns.forEach((name, index) => {
    if (name === '') {
      throw new InvalidInputError(
        `empty column name in the header of "${file}" (column ${index + 1}). Give every column a name`,
      );
    }

    // DuckDB column names ignore case, so "City" and "city" cannot both be columns.
    const folded = name.toLowerCase();
    const earlier = seen.get(folded);
    if (earlier !== undefined) {
      throw new InvalidInputError(
        `repeated column name "${name}" in the header of "${file}" (columns ${earlier + 1} and ${index + 1}). Rename one of them`,
      );
    }
    seen.set(folded, index);
  });
}

/** Reads the head of a CSV file and settles its delimiter and column names. */
export async function readCsvLayout(path: string, file: string, delimiterOption?: string): Promise<CsvLayout> {
  const head = await readCsvHead(path, file);
  const delimiter = delimiterOption === undefined ? detectDelimiter(head) : parseDelimiter(delimiterOption);
  const columns = readCsvHeader(head, delimiter, file);
  return { delimiter, columns, detected: delimiterOption === undefined };
}
