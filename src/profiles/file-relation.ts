import { EngineError, InvalidInputError } from '../core/errors.js';
import type { Engine } from '../engines/engine.js';
import type { CsvLayout } from './csv-header.js';
import { locateCsvProblem } from './csv-problem-locator.js';
import type { ProfileFile } from './profile-file.js';
import { sqlStringLiteral } from './text-normalisation.js';

/**
 * SQL that reads a profile file with DuckDB. CSV is read deliberately: every column as text with
 * the names from our own header parse, strict RFC 4180 rules, and no sniffing, so DuckDB's lenient
 * defaults (renamed duplicate columns, rows that collapse into one column, guessed types) never apply.
 */
export function csvReadSql(file: ProfileFile, layout: CsvLayout): string {
  const columns = layout.columns.map((name) => `${sqlStringLiteral(name)}: 'VARCHAR'`).join(', ');
  const options = [
    'auto_detect = false',
    'header = true',
    `columns = {${columns}}`,
    `delim = ${sqlStringLiteral(layout.delimiter)}`,
    `quote = '"'`,
    `escape = '"'`,
    'strict_mode = true',
    'null_padding = false',
  ];
  return `read_csv(${sqlStringLiteral(file.path)}, ${options.join(', ')})`;
}

/** Reads Parquet with a column of each row's position in the file, for keeping file order. */
export function parquetReadSql(file: ProfileFile): string {
  return `read_parquet(${sqlStringLiteral(file.path)}, file_row_number = true)`;
}

/**
 * Reads JSON lines (or one JSON array) with the given column types, or else with types inferred
 * from every record rather than from a sample.
 */
export function jsonReadSql(file: ProfileFile, columns?: readonly { name: string; sqlType: string }[]): string {
  const options = [`format = 'auto'`, 'sample_size = -1'];
  if (columns) {
    const types = columns.map((column) => `${sqlStringLiteral(column.name)}: ${sqlStringLiteral(column.sqlType)}`);
    options.push(`columns = {${types.join(', ')}}`);
  }
  return `read_json(${sqlStringLiteral(file.path)}, ${options.join(', ')})`;
}

/**
 * DuckDB expands `*` and `?` in file paths, so a name containing them could read other files as well.
 * Such a name is rejected when the pattern matches more than the file itself.
 */
export async function rejectGlobMatches(engine: Engine, file: ProfileFile): Promise<void> {
  if (!/[*?[]/.test(file.path)) return;
  const rows = await engine.query(`SELECT count(*) AS files FROM glob(${sqlStringLiteral(file.path)})`);
  const matches = Number(rows[0]?.files ?? 0);
  if (matches > 1) {
    throw new InvalidInputError(
      `file name "${file.file}" contains * or ?, which DuckDB reads as a pattern matching ${matches} files. Rename the file`,
    );
  }
}

/**
 * Runs a statement that reads a CSV file and turns a rejected file into one line naming the file's
 * own line number. DuckDB's own line number counts records, which differs once a quoted value spans
 * lines, so the line is found by scanning the file.
 */
export async function runCsvRead(engine: Engine, sql: string, file: ProfileFile, layout: CsvLayout): Promise<void> {
  try {
    await engine.execute(sql);
  } catch (error) {
    throw await describeCsvFailure(error, file, layout);
  }
}

export async function describeCsvFailure(error: unknown, file: ProfileFile, layout: CsvLayout): Promise<unknown> {
  const driverText = error instanceof EngineError && error.cause instanceof Error ? error.cause.message : '';
  if (!/^(Invalid Input Error|Conversion Error)/.test(driverText)) return error;

  const problem = await locateCsvProblem(file.path, layout.delimiter, layout.columns.length);
  if (problem) {
    return new InvalidInputError(`malformed CSV at line ${problem.line} of "${file.file}": ${problem.detail}`, {
      line: problem.line,
    });
  }

  const firstLine = driverText.split('\n')[0]?.replace(/^Invalid Input Error: /, '') ?? '';
  return new InvalidInputError(`malformed CSV in "${file.file}": ${firstLine}. Check the file or pass --delimiter`);
}

/** Describes a Parquet or JSON file DuckDB cannot read, keeping DuckDB's first line. */
export function describeReadFailure(error: unknown, file: ProfileFile): unknown {
  const driverText = error instanceof EngineError && error.cause instanceof Error ? error.cause.message : '';
  if (!/^(Invalid Input Error|IO Error|Conversion Error)/.test(driverText)) return error;

  const firstLine = driverText.split('\n')[0]?.replace(/^(Invalid Input|IO|Conversion) Error: /, '') ?? '';
  const kind = file.format === 'parquet' ? 'Parquet' : 'JSON';
  return new InvalidInputError(`failed to read "${file.file}" as ${kind}: ${firstLine}. Check the file`);
}
