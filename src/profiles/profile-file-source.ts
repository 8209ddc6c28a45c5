import type { ProfileSource } from '../core/fields.js';
import type { Engine } from '../engines/engine.js';
import { findCaseVariants } from './case-variants.js';
import {
  buildReport,
  caseVariantFields,
  dropTemporaryObjects,
  profileSelectSql,
  readProfiles,
  type ProfileRead,
} from './profile-reader.js';
import type { ImportReport, ProfileReadOptions } from './profile-report.js';

/**
 * Reads a profile file in place, without importing it, for `--profiles FILE`. The profiles are a
 * temporary object on the engine's connection with the same normalisation, typing and key checks
 * as an import, and they disappear with the connection.
 *
 * A Parquet file whose keys do not repeat stays a view over the file, so each query scans only
 * the columns it uses. CSV and JSON files, and files whose repeated keys must be collapsed, become
 * a temporary table: parsing or deduplicating once is cheaper than on every query.
 */
export async function openProfileFile(
  engine: Engine,
  options: ProfileReadOptions,
): Promise<{ source: ProfileSource; report: ImportReport }> {
  const read = await readProfiles(engine, options);
  try {
    const relation = await createProfiles(engine, read);
    const caseVariants = await findCaseVariants(engine, relation, caseVariantSearch(read), read.fewValues);
    const report = buildReport(read, read.names.profiles, caseVariants);
    const source: ProfileSource = { relation, keyField: read.keyField, fields: read.fields, label: read.file.file };
    return { source, report };
  } catch (error) {
    await dropTemporaryObjects(engine, read.names);
    throw error;
  }
}

/**
 * Fields searched for case variants. In a Parquet file read in place, only fields with few values
 * are searched: a field with a value per row costs about a second per 10M rows, on every open.
 */
function caseVariantSearch(read: ProfileRead): string[] {
  const fields = caseVariantFields(read);
  return read.copied ? fields : fields.filter((name) => read.fewValues.includes(name));
}

async function createProfiles(engine: Engine, read: ProfileRead): Promise<string> {
  const relation = engine.dialect.quoteIdentifier(read.names.profiles);
  const select = profileSelectSql(engine, read, true);

  if (!read.copied && !read.checks.repeatedKeys) {
    await engine.execute(`CREATE TEMP VIEW ${relation} AS ${select}`);
    return relation;
  }

  await engine.execute(`CREATE TEMP TABLE ${relation} AS ${select}`);
  await dropTemporaryObjects(engine, read.names, [read.names.profiles]);
  return relation;
}
