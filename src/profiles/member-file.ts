import { readFile } from 'node:fs/promises';

import { InvalidInputError, NotFoundError } from '../core/errors.js';
import { scanCsvText } from './csv-scanner.js';

const DELIMITERS = [',', ';', '\t', '|'];

/**
 * A separator no key contains, so a one-column file is still read with CSV quoting rules
 * ("C,01" stays one key) without splitting anywhere.
 */
const NO_SPLIT = '\u001f';

/**
 * Reads the entries of a members file: one customer key per line, or a CSV file whose header names
 * the key column (other columns are ignored). Quotes follow CSV rules. Entries are returned as
 * written; cleaning (trimming, repeats) happens when the segment is built.
 */
export async function readMemberFile(path: string, keyField: string): Promise<string[]> {
  const text = await readText(path);
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = DELIMITERS.find((candidate) => firstLine.includes(candidate));

  const { records, problem } = scanCsvText(text, delimiter ?? NO_SPLIT);
  if (problem) {
    throw new InvalidInputError(
      `malformed members file "${path}" at line ${problem.line}: ${describeProblem(problem.kind)}. Fix the line and try again`,
    );
  }

  const rows = records.filter((record) => !record.blank);
  const header = rows[0]?.fields.map((field) => field.trim()) ?? [];
  const keyColumn = header.indexOf(keyField);

  if (keyColumn === -1 && header.length > 1) {
    throw new InvalidInputError(
      `members file "${path}" has ${header.length} columns and none is named "${keyField}". ` +
        `Name the key column "${keyField}" in a header line, or give one key per line`,
    );
  }
  const column = Math.max(keyColumn, 0);
  const dataRows = keyColumn === -1 ? rows : rows.slice(1);
  return dataRows.map((record) => record.fields[column] ?? '');
}

async function readText(path: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new NotFoundError(`members file "${path}" not found. Check the path`);
    }
    throw new InvalidInputError(`cannot read members file "${path}": ${(error as Error).message}`);
  }
}

function describeProblem(kind: string): string {
  if (kind === 'unclosed-quote') return 'a quoted key is never closed';
  if (kind === 'nul-byte') return 'it contains a NUL byte';
  return 'text follows a closing quote';
}
