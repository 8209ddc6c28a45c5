import { InvalidInputError } from '../core/errors.js';
import type { Engine } from '../engines/engine.js';
import { readCsvLayout } from './csv-header.js';
import { locateCsvProblem } from './csv-problem-locator.js';
import { csvReadSql, runCsvRead } from './file-relation.js';
import type { ProfileFile } from './profile-file.js';
import { checkKeyColumn, type StagedColumn, type StagedFile } from './staged-columns.js';
import { normalisedTextSql } from './text-normalisation.js';
import { castTextSql, inferFieldType, readValueShapes, valueShapesSql } from './type-inference.js';

/**
 * Reads a CSV file into the temporary table `stage` as normalised text, then infers each column's
 * type from the values. The key column stays text.
 */
export async function stageCsv(
  engine: Engine,
  file: ProfileFile,
  options: { key?: string; delimiter?: string; nullMarkers: string[]; stage: string },
): Promise<StagedFile> {
  const q = (name: string) => engine.dialect.quoteIdentifier(name);
  const layout = await readCsvLayout(file.path, file.file, options.delimiter);
  if (options.key !== undefined) checkKeyColumn(options.key, layout.columns, file.file);

  const stage = q(options.stage);
  const normalised = layout.columns.map((name) => `${normalisedTextSql(q(name), options.nullMarkers)} AS ${q(name)}`);
  const read = `CREATE TEMP TABLE ${stage} AS SELECT ${normalised.join(', ')} FROM ${csvReadSql(file, layout)}`;
  await runCsvRead(engine, read, file, layout);

  const shapeRows = await engine.query(valueShapesSql(engine.dialect, stage, layout.columns));
  const shapes = layout.columns.map((_, index) => readValueShapes(shapeRows[0] ?? {}, index));

  // DuckDB passes NUL bytes through as data, but a text file should contain none.
  if (shapes.some((shape) => shape.nulBytes > 0)) {
    const problem = await locateCsvProblem(file.path, layout.delimiter, layout.columns.length);
    const where = problem ? `at line ${problem.line} ` : '';
    throw new InvalidInputError(
      `malformed CSV ${where}of "${file.file}": ${problem?.detail ?? 'NUL bytes in the data. Save the file as UTF-8 text without NUL bytes'}`,
    );
  }

  const warnings: string[] = [];
  const columns: StagedColumn[] = layout.columns.map((name, index) => {
    const shape = shapes[index] ?? readValueShapes({}, index);
    const type = name === options.key ? 'text' : inferFieldType(shape);
    const zoned = type === 'timestamp' && shape.zoned > 0;
    if (zoned) warnings.push(`field "${name}": date-times with a time zone were converted to UTC`);
    return { name, type, sql: castTextSql(engine.dialect, q(name), type, zoned) };
  });

  return { relation: stage, columns, rowSql: 'rowid + 1', copied: true, fewValues: [], warnings };
}
