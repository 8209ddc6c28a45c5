import { InvalidInputError } from '../core/errors.js';
import type { Field } from '../core/fields.js';
import type { Engine } from '../engines/engine.js';
import { stageCsv } from './csv-staging.js';
import { rejectGlobMatches } from './file-relation.js';
import { checkKeys, type KeyCheckResult } from './key-checks.js';
import { resolveProfileFile, type ProfileFile } from './profile-file.js';
import type { ImportReport, ProfileReadOptions } from './profile-report.js';
import { temporaryNames, type StagedFile, type TemporaryNames } from './staged-columns.js';
import { freeColumnName, normaliseNullMarkers } from './text-normalisation.js';
import { stageTypedFile } from './typed-file-staging.js';

/**
 * A profile file read into temporary objects and checked: `typed` is a view with the profile
 * fields and the file order of each row, and the key checks have passed.
 */
export interface ProfileRead {
  file: ProfileFile;
  names: TemporaryNames;
  /** Profile fields in order, the key included (first when it is the row number). */
  fields: Field[];
  keyField: string;
  keyed: boolean;
  /** Column of the `typed` view holding each row's 1-based file order. */
  rowColumn: string;
  /** True when the stage table contains a copy of the file. */
  copied: boolean;
  /** Columns known to have few distinct values. */
  fewValues: string[];
  checks: KeyCheckResult;
  warnings: string[];
}

/**
 * Reads, normalises, types and checks a profile file into temporary objects on the engine's
 * connection. Throws InvalidInputError for bad input, with nothing left behind.
 */
export async function readProfiles(engine: Engine, options: ProfileReadOptions): Promise<ProfileRead> {
  checkReadOptions(options);
  const file = await resolveProfileFile(options.file);
  await rejectGlobMatches(engine, file);

  const names = temporaryNames();
  try {
    return await stageAndCheck(engine, file, options, names);
  } catch (error) {
    await dropTemporaryObjects(engine, names);
    throw error;
  }
}

function checkReadOptions(options: ProfileReadOptions): void {
  if (options.dedupe !== undefined && options.dedupe !== 'first') {
    throw new InvalidInputError(`invalid dedupe rule "${String(options.dedupe)}". The only rule is "first"`);
  }
  if (options.key !== undefined && options.key.trim() === '') {
    throw new InvalidInputError('empty key column name. Pass --key COLUMN with a column of the file, or leave it out');
  }
}

async function stageAndCheck(engine: Engine, file: ProfileFile, options: ProfileReadOptions, names: TemporaryNames): Promise<ProfileRead> {
  const nullMarkers = normaliseNullMarkers(options.nullValues);
  const stageOptions = { key: options.key, nullMarkers, stage: names.stage };
  const staged =
    file.format === 'csv'
      ? await stageCsv(engine, file, { ...stageOptions, delimiter: options.delimiter })
      : await stageTypedFile(engine, file, stageOptions);

  const taken = staged.columns.map((column) => column.name);
  const keyed = options.key !== undefined;
  const keyField = options.key ?? freeColumnName('row_number', taken);
  const rowColumn = freeColumnName('si_row', [...taken, keyField]);
  const keyGroup = staged.columns.find((column) => column.name === keyField)?.groupSql;
  const groupColumn = keyGroup === undefined ? keyField : freeColumnName('si_key_group', [...taken, keyField, rowColumn]);
  const hidden = { rowColumn, group: keyGroup === undefined ? undefined : { column: groupColumn, sql: keyGroup } };
  await createTypedView(engine, names.typed, staged, keyed ? undefined : keyField, hidden);

  const valueColumns = taken.filter((name) => name !== keyField);
  const typed = engine.dialect.quoteIdentifier(names.typed);
  const checks = keyed
    ? await checkKeys(engine, {
        relation: typed,
        key: keyField,
        groupColumn,
        rowColumn,
        valueColumns,
        file: file.file,
        dedupe: options.dedupe,
        scratchTable: names.keys,
      })
    : await rowsOnly(engine, typed);

  const rowKey: Field[] = keyed ? [] : [{ name: keyField, type: 'text' }];
  const fields = [...rowKey, ...staged.columns.map(({ name, type }) => ({ name, type }))];
  const warnings = [...staged.warnings, ...readWarnings(file, options, keyField, checks)];
  return { file, names, fields, keyField, keyed, rowColumn, copied: staged.copied, fewValues: staged.fewValues, checks, warnings };
}

/**
 * Creates the typed view. Without a key column, the row number (as text) becomes the key. Hidden
 * columns after the fields give each row's file order and, for a key cast from whole numbers, the
 * numbers to group by.
 */
async function createTypedView(
  engine: Engine,
  name: string,
  staged: StagedFile,
  rowKey: string | undefined,
  hidden: { rowColumn: string; group?: { column: string; sql: string } },
): Promise<void> {
  const q = (identifier: string) => engine.dialect.quoteIdentifier(identifier);
  const keyColumn = rowKey === undefined ? [] : [`CAST(${staged.rowSql} AS VARCHAR) AS ${q(rowKey)}`];
  const columns = staged.columns.map((column) => `${column.sql} AS ${q(column.name)}`);
  const group = hidden.group ? [`${hidden.group.sql} AS ${q(hidden.group.column)}`] : [];
  const select = [...keyColumn, ...columns, `${staged.rowSql} AS ${q(hidden.rowColumn)}`, ...group];
  await engine.execute(`CREATE TEMP VIEW ${q(name)} AS SELECT ${select.join(', ')} FROM ${staged.relation}`);
}

async function rowsOnly(engine: Engine, relation: string): Promise<KeyCheckResult> {
  const rows = await engine.query(`SELECT count(*) AS value FROM ${relation}`);
  return {
    rows: Number(rows[0]?.value ?? 0),
    nullKeyRows: 0,
    duplicateRows: 0,
    duplicateKeys: [],
    conflictingKeys: 0,
    conflictingRows: 0,
    repeatedKeys: false,
  };
}

function readWarnings(file: ProfileFile, options: ProfileReadOptions, keyField: string, checks: KeyCheckResult): string[] {
  const count = (value: number, one: string, many: string) => `${value.toLocaleString('en-US')} ${value === 1 ? one : many}`;
  const warnings: string[] = [];
  if (options.delimiter !== undefined && file.format !== 'csv') warnings.push('--delimiter applies to CSV files only and was ignored');
  // A header without data rows is a valid, empty table: analyses on it give zero counts.
  if (checks.rows === 0) warnings.push(`"${file.file}" has no data rows, so there are no profiles`);

  if (options.key === undefined) {
    warnings.push(
      `no key column given: each row is one customer, keyed by its row number in field "${keyField}". ` +
        'Pass --key COLUMN to use a customer key',
    );
  }
  if (checks.nullKeyRows > 0) {
    const were = checks.nullKeyRows === 1 ? 'was' : 'were';
    warnings.push(`${count(checks.nullKeyRows, 'row', 'rows')} with an empty key "${keyField}" ${were} left out`);
  }
  if (checks.duplicateRows > 0) {
    const examples = checks.duplicateKeys.map((entry) => `"${entry.key}" ×${entry.rows}`).join(', ');
    const rows = count(checks.duplicateRows, 'row', 'rows');
    const were = checks.duplicateRows === 1 ? 'was' : 'were';
    warnings.push(`${rows} repeating a key with identical values ${were} collapsed (for example ${examples})`);
  }
  if (checks.conflictingKeys > 0) {
    warnings.push(
      `${count(checks.conflictingKeys, 'key has', 'keys have')} rows that disagree: kept the first row of each and left out ` +
        `${count(checks.conflictingRows, 'row', 'rows')} (--dedupe first)`,
    );
  }
  return warnings;
}

/**
 * SQL selecting the profiles: one row per non-null key, the first in file order when a key
 * repeats. Rows keep file order when `ordered` is set or no row had to be dropped.
 */
export function profileSelectSql(engine: Engine, read: ProfileRead, ordered: boolean): string {
  const q = (identifier: string) => engine.dialect.quoteIdentifier(identifier);
  const key = q(read.keyField);
  const row = q(read.rowColumn);
  const columns = read.fields.map((field) => q(field.name)).join(', ');

  const parts = [`SELECT ${columns} FROM ${q(read.names.typed)}`];
  // The key checks counted the null keys, so when there are none a filter would only cost time.
  if (read.checks.nullKeyRows > 0) parts.push(`WHERE ${key} IS NOT NULL`);
  if (read.checks.repeatedKeys) parts.push(`QUALIFY row_number() OVER (PARTITION BY ${key} ORDER BY ${row}) = 1`);
  if (ordered && read.checks.repeatedKeys) parts.push(`ORDER BY ${row}`);
  return parts.join(' ');
}

export function profileCount(read: ProfileRead): number {
  const { rows, nullKeyRows, duplicateRows, conflictingRows } = read.checks;
  return rows - nullKeyRows - duplicateRows - conflictingRows;
}

/** Builds the report of a read once the profiles are in `table` and their case variants are known. */
export function buildReport(read: ProfileRead, table: string, caseVariants: ImportReport['caseVariants']): ImportReport {
  const variantWarnings = caseVariants.map(
    (variant) => `field "${variant.field}" has values that differ only in case: ${variant.values.map((value) => `"${value}"`).join(', ')}`,
  );
  return {
    table,
    file: read.file.file,
    format: read.file.format,
    rows: read.checks.rows,
    profiles: profileCount(read),
    keyField: read.keyField,
    keyed: read.keyed,
    nullKeyRows: read.checks.nullKeyRows,
    duplicateRows: read.checks.duplicateRows,
    duplicateKeys: read.checks.duplicateKeys,
    conflictingKeys: read.checks.conflictingKeys,
    fields: read.fields.map(({ name, type }) => ({ name, type })),
    caseVariants,
    warnings: [...read.warnings, ...variantWarnings],
  };
}

/** Text fields other than the key, where values differing only in case are worth pointing out. */
export function caseVariantFields(read: ProfileRead): string[] {
  return read.fields.filter((field) => field.type === 'text' && field.name !== read.keyField).map((field) => field.name);
}

/** Drops the temporary objects of a read, except those in `keep`. Views go first, because they read the tables. */
export async function dropTemporaryObjects(engine: Engine, names: TemporaryNames, keep: string[] = []): Promise<void> {
  const q = (identifier: string) => engine.dialect.quoteIdentifier(identifier);
  const views = [names.profiles, names.typed].filter((name) => !keep.includes(name));
  const tables = [names.profiles, names.stage, names.keys].filter((name) => !keep.includes(name));

  // The profiles object is a view or a table, and DuckDB's DROP of the other kind fails.
  const existingViews = new Set(
    (await engine.query('SELECT view_name FROM duckdb_views() WHERE temporary')).map((row) => String(row.view_name)),
  );
  for (const name of views) {
    if (existingViews.has(name)) await engine.execute(`DROP VIEW ${q(name)}`);
  }
  for (const name of tables) {
    if (!existingViews.has(name)) await engine.execute(`DROP TABLE IF EXISTS ${q(name)}`);
  }
}
