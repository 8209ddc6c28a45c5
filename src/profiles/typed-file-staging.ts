import { InvalidInputError } from '../core/errors.js';
import type { FieldType } from '../core/fields.js';
import type { Engine, ColumnInfo } from '../engines/engine.js';
import { fieldTypeFromSqlType } from '../engines/sql-types.js';
import { describeReadFailure, jsonReadSql, parquetReadSql } from './file-relation.js';
import type { ProfileFile } from './profile-file.js';
import { checkKeyColumn, type StagedColumn, type StagedFile } from './staged-columns.js';
import { isNullMarkerSql, normalisedTextSql, sqlStringLiteral, textMayChangeSql } from './text-normalisation.js';
import { castTextSql, inferFieldType, readValueShapes, valueShapesSql } from './type-inference.js';

/** The column DuckDB adds for `file_row_number = true`. */
const FILE_ROW_NUMBER = 'file_row_number';

interface StageOptions {
  key?: string;
  nullMarkers: string[];
  stage: string;
}

/** A Parquet or JSON file opened in DuckDB, before the columns are normalised. */
interface TypedSource {
  relation: string;
  rowSql: string;
  copied: boolean;
  columns: ColumnInfo[];
  /** Text columns whose values may be dates or date-times (JSON strings). */
  temporalText: string[];
  /** Columns that Parquet stores with dictionary encoding, so they have few distinct values. */
  fewValues: string[];
}

/** The type read from the text of a column, with whether some of its date-times carry a zone. */
interface TextType {
  type: FieldType;
  zoned: boolean;
}

/**
 * Stages a Parquet or JSON file, keeping the types the file declares. Text columns are still
 * trimmed and NFC-normalised. The key becomes text, and 64-bit integer keys keep every digit.
 *
 * Parquet is read in place through a relation, because DuckDB scans it fast and only the columns a
 * query uses; JSON is parsed once into the temporary table `stage`.
 */
export async function stageTypedFile(engine: Engine, file: ProfileFile, options: StageOptions): Promise<StagedFile> {
  const source = await openTypedSource(engine, file, options.stage);
  const names = source.columns.map((column) => column.name);
  if (options.key !== undefined) checkKeyColumn(options.key, names, file.file);
  const textTypes = await inferTemporalText(engine, source, options);
  const clean = await findCleanText(engine, source, options);

  const columns: StagedColumn[] = [];
  const unusable: string[] = [];
  for (const column of source.columns) {
    const staged = clean.has(column.name)
      ? { name: column.name, type: 'text' as const, sql: engine.dialect.quoteIdentifier(column.name) }
      : stageColumn(engine, column, options, file, textTypes.get(column.name));
    if (staged) columns.push(staged);
    else unusable.push(`"${column.name}" (${column.sqlType})`);
  }

  const warnings = [...textTypes]
    .filter(([name, textType]) => textType.zoned && name !== options.key)
    .map(([name]) => `field "${name}": date-times with a time zone were converted to UTC`);
  if (unusable.length > 0) {
    warnings.push(`left out ${unusable.join(', ')}: segment rules cannot use values of these types`);
  }
  return {
    relation: source.relation,
    columns,
    rowSql: source.rowSql,
    copied: source.copied,
    fewValues: source.fewValues,
    warnings,
  };
}

async function openTypedSource(engine: Engine, file: ProfileFile, stage: string): Promise<TypedSource> {
  const q = (name: string) => engine.dialect.quoteIdentifier(name);
  try {
    if (file.format === 'json') return await stageJson(engine, file, q(stage));

    const columns = await engine.describe(`read_parquet(${sqlStringLiteral(file.path)})`);
    const clash = columns.some((column) => column.name.toLowerCase() === FILE_ROW_NUMBER);
    if (!clash) {
      const fewValues = await dictionaryColumns(engine, file);
      return { relation: parquetReadSql(file), rowSql: `${FILE_ROW_NUMBER} + 1`, copied: false, columns, temporalText: [], fewValues };
    }

    // DuckDB cannot add its row-number column next to a column of the same name, so the file is
    // copied once. A table's rowid follows insertion order, which is file order.
    await engine.execute(`CREATE TEMP TABLE ${q(stage)} AS SELECT * FROM read_parquet(${sqlStringLiteral(file.path)})`);
    return { relation: q(stage), rowSql: 'rowid + 1', copied: true, columns, temporalText: [], fewValues: [] };
  } catch (error) {
    throw describeReadFailure(error, file);
  }
}

/**
 * JSON has no date type, and DuckDB's guess reads "01-02-2024" as 1 February and misses a column
 * that mixes "T" and space. Every string column is read as text and typed as dates or date-times
 * by the same rules as CSV text.
 */
async function stageJson(engine: Engine, file: ProfileFile, stage: string): Promise<TypedSource> {
  const detected = await engine.describe(jsonReadSql(file));
  const columns = detected.map((column) => {
    const sqlType = /^(DATE|TIME)/i.test(column.sqlType) ? 'VARCHAR' : column.sqlType;
    return { name: column.name, sqlType };
  });
  const temporalText = columns.filter((column) => column.sqlType === 'VARCHAR').map((column) => column.name);

  await engine.execute(`CREATE TEMP TABLE ${stage} AS SELECT * FROM ${jsonReadSql(file, columns)}`);
  return { relation: stage, rowSql: 'rowid + 1', copied: true, columns, temporalText, fewValues: [] };
}

/**
 * Finds the text columns of a Parquet file read in place that normalisation would leave as they
 * are. Those are read as stored, so queries on the view pay nothing for them.
 *
 * Only the key and columns with few values are checked. A column with few values is checked value
 * by value, which takes a fraction of a second on 10M rows. The key is checked row by row, but the
 * key checks would pay the same price for normalising it. Other text columns, such as names or
 * e-mail addresses, are left to the view: a query that uses one normalises it then.
 */
async function findCleanText(engine: Engine, source: TypedSource, options: StageOptions): Promise<Set<string>> {
  const text = source.columns
    .filter((column) => column.sqlType === 'VARCHAR')
    .map((column) => column.name)
    .filter((name) => name === options.key || source.fewValues.includes(name));
  if (source.copied || text.length === 0) return new Set();

  const q = (name: string) => engine.dialect.quoteIdentifier(name);
  const counts = text.map((name, index) => {
    const value = source.fewValues.includes(name) ? 'value' : q(name);
    const changes = `count_if(${textMayChangeSql(value)} OR ${isNullMarkerSql(value, options.nullMarkers)})`;
    const count = source.fewValues.includes(name)
      ? `(SELECT ${changes} FROM (SELECT DISTINCT ${q(name)} AS value FROM ${source.relation}))`
      : changes;
    return `${count} AS changes_${index}`;
  });
  // Without a row-by-row count the query must not read the relation, or it returns a row per row.
  const rowByRow = text.some((name) => !source.fewValues.includes(name));
  const from = rowByRow ? ` FROM ${source.relation}` : '';
  const rows = await engine.query(`SELECT ${counts.join(', ')}${from}`);
  return new Set(text.filter((_, index) => Number(rows[0]?.[`changes_${index}`]) === 0));
}

/** Columns whose every Parquet column chunk is dictionary encoded. */
async function dictionaryColumns(engine: Engine, file: ProfileFile): Promise<string[]> {
  const rows = await engine.query(
    `SELECT path_in_schema AS name FROM parquet_metadata(${sqlStringLiteral(file.path)})
     GROUP BY path_in_schema HAVING bool_and(encodings LIKE '%DICTIONARY%')`,
  );
  return rows.map((row) => String(row.name));
}

async function inferTemporalText(engine: Engine, source: TypedSource, options: StageOptions): Promise<Map<string, TextType>> {
  const textTypes = new Map<string, TextType>();
  if (source.temporalText.length === 0) return textTypes;

  const q = (name: string) => engine.dialect.quoteIdentifier(name);
  const normalised = source.temporalText.map((name) => `${normalisedTextSql(q(name), options.nullMarkers)} AS ${q(name)}`);
  const relation = `(SELECT ${normalised.join(', ')} FROM ${source.relation})`;
  const rows = await engine.query(valueShapesSql(engine.dialect, relation, source.temporalText));

  source.temporalText.forEach((name, index) => {
    const shapes = readValueShapes(rows[0] ?? {}, index);
    const inferred = inferFieldType(shapes);
    const type = inferred === 'date' || inferred === 'timestamp' ? inferred : 'text';
    textTypes.set(name, { type, zoned: type === 'timestamp' && shapes.zoned > 0 });
  });
  return textTypes;
}

/** Builds the SQL for one column, or returns undefined for a type that segment rules cannot use. */
function stageColumn(
  engine: Engine,
  column: ColumnInfo,
  options: StageOptions,
  file: ProfileFile,
  textType: TextType | undefined,
): StagedColumn | undefined {
  const quoted = engine.dialect.quoteIdentifier(column.name);
  const type = usableFieldType(column.sqlType);
  const isVarchar = /^VARCHAR\b/i.test(column.sqlType);
  const asText = isVarchar ? quoted : `CAST(${quoted} AS VARCHAR)`;

  if (column.name === options.key) {
    if (type === undefined || type === 'decimal') {
      throw new InvalidInputError(
        `key column "${column.name}" in "${file.file}" has type ${column.sqlType}, but a key must be text or a whole number. Pick another --key`,
      );
    }

    // Only text keys are normalised, because the digits of a whole number need no trimming.
    if (type === 'text') return { name: column.name, type: 'text', sql: normalisedTextSql(asText, options.nullMarkers) };
    return { name: column.name, type: 'text', sql: asText, groupSql: quoted };
  }

  if (type === undefined) return undefined;
  if (type !== 'text') return { name: column.name, type, sql: quoted };

  const text = normalisedTextSql(asText, options.nullMarkers);
  if (!textType) return { name: column.name, type, sql: text };
  return { name: column.name, type: textType.type, sql: castTextSql(engine.dialect, text, textType.type, textType.zoned) };
}

/**
 * Returns the field type of a column, or undefined for nested types. Those are checked first
 * because `fieldTypeFromSqlType` reads a list such as `VARCHAR[]` as text.
 */
function usableFieldType(sqlType: string): FieldType | undefined {
  if (/\[|^(STRUCT|MAP|UNION)\b/i.test(sqlType)) return undefined;
  return fieldTypeFromSqlType(sqlType);
}
