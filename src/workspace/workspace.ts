import { existsSync } from 'node:fs';

import { NotFoundError } from '../core/errors.js';
import type { Field, ProfileSource } from '../core/fields.js';
import { DuckDbEngine } from '../engines/duckdb/duckdb-engine.js';
import type { Engine } from '../engines/engine.js';
import { fieldTypeFromSqlType } from '../engines/sql-types.js';
import { migrateWorkspace } from './migrations.js';
import { explainHeldWorkspace } from './server-marker.js';
import { SegmentStore } from './segment-store.js';

export const DEFAULT_WORKSPACE = 'segment-insights.duckdb';
export const DEFAULT_PROFILE_TABLE = 'profiles';

/** Registry entry of one imported profile table. */
export interface ProfileTableInfo {
  name: string;
  keyField: string;
  /** False when the file had no key column and each row became one customer. */
  keyed: boolean;
  sourceFile: string | null;
  importedAt: string;
  /** The import report, as the import wrote it. */
  report: Record<string, unknown>;
}

/**
 * One DuckDB database file holding imported profiles, saved segments and the product's own
 * tables (all named `si_*`).
 */
export class Workspace {
  readonly segments: SegmentStore;

  private constructor(
    readonly engine: Engine,
    readonly path: string,
  ) {
    this.segments = new SegmentStore(engine);
  }

  /** Opens a workspace file, creating it when `create` is set, and brings its tables up to date. */
  static async open(path: string, options: { create?: boolean } = {}): Promise<Workspace> {
    if (!options.create && path !== ':memory:' && !existsSync(path)) {
      throw new NotFoundError(
        `workspace "${path}" does not exist. Import profiles first: segment-insights import FILE --workspace ${path}`,
      );
    }
    // A lock held by a running server is explained by naming that server.
    const engine = await DuckDbEngine.open(path).catch((error: unknown) => {
      throw explainHeldWorkspace(path, error);
    });
    await migrateWorkspace(engine);
    return new Workspace(engine, path);
  }

  async close(): Promise<void> {
    await this.engine.close();
  }

  async listProfileTables(): Promise<ProfileTableInfo[]> {
    const rows = await this.engine.query(
      'SELECT name, key_field, keyed, source_file, CAST(imported_at AS VARCHAR) AS imported_at, report FROM si_profile_tables ORDER BY name',
    );
    return rows.map((row) => ({
      name: String(row.name),
      keyField: String(row.key_field),
      keyed: row.keyed === true,
      sourceFile: row.source_file === null ? null : String(row.source_file),
      importedAt: String(row.imported_at),
      report: JSON.parse(String(row.report)) as Record<string, unknown>,
    }));
  }

  /** Records an imported table; call inside the import's transaction so both land or neither. */
  async registerProfileTable(info: Omit<ProfileTableInfo, 'importedAt'>): Promise<void> {
    await this.engine.execute({
      sql: 'DELETE FROM si_profile_tables WHERE name = $1',
      parameters: [info.name],
    });
    await this.engine.execute({
      sql: 'INSERT INTO si_profile_tables VALUES ($1, $2, $3, $4, current_timestamp, $5)',
      parameters: [info.name, info.keyField, info.keyed, info.sourceFile, JSON.stringify(info.report)],
    });
  }

  /** Returns the profile source of an imported table, with its fields read from the engine. */
  async profileSource(table: string = DEFAULT_PROFILE_TABLE): Promise<ProfileSource> {
    const tables = await this.listProfileTables();
    const info = tables.find((candidate) => candidate.name === table);
    if (!info) {
      const known = tables.map((candidate) => `"${candidate.name}"`).join(', ');
      const hint = known ? `Known tables: ${known}` : 'Import profiles first: segment-insights import FILE';
      throw new NotFoundError(`profile table "${table}" not found in workspace "${this.path}". ${hint}`);
    }

    const relation = this.engine.dialect.quoteIdentifier(info.name);
    const fields = await readFields(this.engine, relation);
    return { relation, keyField: info.keyField, fields, label: info.name };
  }
}

/** Reads a relation's columns as profile fields, leaving out columns of unusable types. */
export async function readFields(engine: Engine, relation: string): Promise<Field[]> {
  const columns = await engine.describe(relation);
  const fields: Field[] = [];
  for (const column of columns) {
    const type = fieldTypeFromSqlType(column.sqlType);
    if (type) fields.push({ name: column.name, type });
  }
  return fields;
}
