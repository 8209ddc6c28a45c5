import { ConflictError, InvalidInputError } from '../core/errors.js';
import type { Engine } from '../engines/engine.js';
import { DEFAULT_PROFILE_TABLE, type Workspace } from '../workspace/workspace.js';
import { findCaseVariants } from './case-variants.js';
import {
  buildReport,
  caseVariantFields,
  dropTemporaryObjects,
  profileSelectSql,
  readProfiles,
} from './profile-reader.js';
import type { ImportReport, ProfileReadOptions } from './profile-report.js';
import { checkTableName } from './table-name.js';

export type { ImportReport, ProfileReadOptions } from './profile-report.js';

export interface ImportOptions extends ProfileReadOptions {
  /** Profile table to create or replace, 'profiles' when not given. */
  table?: string;
}

/**
 * Imports a profile file into a workspace table, replacing a table of the same name. The file is
 * read and checked in temporary objects first. The table and its registry row are then written in
 * one transaction, so a failed import leaves the workspace as it was.
 */
export async function importProfiles(workspace: Workspace, options: ImportOptions): Promise<ImportReport> {
  const engine = workspace.engine;
  const table = checkTableName(options.table ?? DEFAULT_PROFILE_TABLE);
  await checkTableIsFree(workspace, table);

  const read = await readProfiles(engine, options);
  try {
    const quoted = engine.dialect.quoteIdentifier(table);
    return await engine.transaction(async () => {
      await engine.execute(`DROP TABLE IF EXISTS ${quoted}`);
      await engine.execute(`CREATE TABLE ${quoted} AS ${profileSelectSql(engine, read, true)}`);

      const caseVariants = await findCaseVariants(engine, quoted, caseVariantFields(read), read.fewValues);
      const report = buildReport(read, table, caseVariants);
      await workspace.registerProfileTable({
        name: table,
        keyField: read.keyField,
        keyed: read.keyed,
        sourceFile: read.file.path,
        report: { ...report },
      });
      return report;
    });
  } finally {
    await dropTemporaryObjects(engine, read.names);
  }
}

/**
 * Rejects a table name that would clash. DuckDB table names ignore case, so "Profiles" would
 * replace "profiles" while the registry kept both rows. A view cannot be replaced by a table.
 */
async function checkTableIsFree(workspace: Workspace, table: string): Promise<void> {
  const registered = await workspace.listProfileTables();
  const other = registered.find((info) => info.name !== table && info.name.toLowerCase() === table.toLowerCase());
  if (other) {
    throw new InvalidInputError(
      `profile table "${other.name}" already exists and table names ignore case. Pass --table ${other.name} to replace it, or choose another name`,
    );
  }

  if (await isView(workspace.engine, table)) {
    throw new InvalidInputError(`"${table}" is a view in the workspace, not a profile table. Choose another --table name`);
  }

  // A table that no import registered belongs to someone else (the workspace may be a DuckDB file
  // the user also keeps other data in), so it is never replaced silently.
  if (!registered.some((info) => info.name === table) && (await isTable(workspace.engine, table))) {
    throw new ConflictError(
      `table "${table}" already exists in the workspace and was not imported by segment-insights. ` +
        'Choose another --table name or another --workspace file',
      { table },
    );
  }
}

async function isTable(engine: Engine, name: string): Promise<boolean> {
  const rows = await engine.query({
    sql: 'SELECT count(*) AS tables FROM duckdb_tables() WHERE NOT temporary AND lower(table_name) = lower($1)',
    parameters: [name],
  });
  return Number(rows[0]?.tables ?? 0) > 0;
}

async function isView(engine: Engine, name: string): Promise<boolean> {
  const rows = await engine.query({
    sql: 'SELECT count(*) AS views FROM duckdb_views() WHERE NOT temporary AND lower(view_name) = lower($1)',
    parameters: [name],
  });
  return Number(rows[0]?.views ?? 0) > 0;
}
