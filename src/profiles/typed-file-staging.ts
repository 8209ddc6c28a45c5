import { InvalidInputError } from '../core/errors.js';
import type { Engine, ColumnInfo } from '../engines/engine.js';
import { fieldTypeFromSqlType } from '../engines/sql-types.js';
import { describeReadFailure, jsonReadSql, parquetReadSql } from './file-relation.js';
import type { ProfileFile } from './profile-file.js';
import { checkKeyColumn, type StagedColumn, type StagedFile } from './staged-columns.js';
import { normalisedTextSql, sqlStringLiteral } from './text-normalisation.js';

/** The column DuckDB adds for `file_row_number = true`. */
const FILE_ROW_NUMBER = 'file_row_number';

interface StageOptions {
  key?: string;
  nullMarkers: string[];
  stage: string;
}

/**
 * Stages a Parquet or JSON file, keeping the types the file declares. Text columns are still
 * trimmed and NFC-normalised; the key becomes text (64-bit integer keys keep every digit).
 *
 * Parquet is read in place through a relation, because DuckDB scans it fast and only the columns a
 * query uses; JSON is parsed once into the temporary table `stage`.
 */
export async function stageTypedFile(engine: Engine, file: ProfileFile, options: StageOptions): Promise<StagedFile> {
  const source = await openTypedSource(engine, file, options.stage);
  const names = source.columns.map((column) => column.name);
  if (options.key !== undefined) checkKeyColumn(options.key, names, file.file);

  const columns: StagedColumn[] = [];
  const unusable: string[] = [];
  for (const column of source.columns) {
    const staged = stageColumn(engine, column, options, file);
    if (staged) columns.push(staged);
    else unusable.push(`"${column.name}" (${column.sqlType})`);
  }

  const warnings =
    unusable.length === 0
      ? []
      : [`left out ${unusable.join(', ')}: segment rules cannot use lists, structs, maps or binary values`];
  return { relation: source.relation, columns, rowSql: source.rowSql, copied: source.copied, warnings };
}

async function openTypedSource(
  engine: Engine,
  file: ProfileFile,
  stage: string,
): Promise<{ relation: string; rowSql: string; copied: boolean; columns: ColumnInfo[] }> {
  const q = (name: string) => engine.dialect.quoteIdentifier(name);
  try {
    if (file.format === 'parquet') {
      const columns = await engine.describe(`read_parquet(${sqlStringLiteral(file.path)})`);
      const clash = columns.some((column) => column.name.toLowerCase() === FILE_ROW_NUMBER);
      if (!clash) return { relation: parquetReadSql(file), rowSql: `${FILE_ROW_NUMBER} + 1`, copied: false, columns };

      // DuckDB cannot add its row-number column next to a column of the same name, so the file is
      // copied once; a table's rowid follows insertion order, which is file order.
      await engine.execute(`CREATE TEMP TABLE ${q(stage)} AS SELECT * FROM read_parquet(${sqlStringLiteral(file.path)})`);
      return { relation: q(stage), rowSql: 'rowid + 1', copied: true, columns };
    }

    await engine.execute(`CREATE TEMP TABLE ${q(stage)} AS SELECT * FROM ${jsonReadSql(file)}`);
    return { relation: q(stage), rowSql: 'rowid + 1', copied: true, columns: await engine.describe(q(stage)) };
  } catch (error) {
    throw describeReadFailure(error, file);
  }
}

/** The SQL for one column, or undefined for a type that segment rules cannot use. */
function stageColumn(engine: Engine, column: ColumnInfo, options: StageOptions, file: ProfileFile): StagedColumn | undefined {
  const quoted = engine.dialect.quoteIdentifier(column.name);
  const type = fieldTypeFromSqlType(column.sqlType);
  const isVarchar = /^VARCHAR\b/i.test(column.sqlType);
  const asText = isVarchar ? quoted : `CAST(${quoted} AS VARCHAR)`;

  if (column.name === options.key) {
    if (type === undefined || type === 'decimal') {
      throw new InvalidInputError(
        `key column "${column.name}" in "${file.file}" has type ${column.sqlType}; a key must be text or a whole number. Pick another --key`,
      );
    }
    // Digits of a whole number need no trimming; only text keys are normalised.
    const sql = type === 'text' ? normalisedTextSql(asText, options.nullMarkers) : asText;
    return { name: column.name, type: 'text', sql };
  }

  if (type === undefined) return undefined;
  if (type === 'text') return { name: column.name, type, sql: normalisedTextSql(asText, options.nullMarkers) };
  return { name: column.name, type, sql: quoted };
}
