import { ConfigurationError } from '../core/errors.js';
import type { Engine } from '../engines/engine.js';

/**
 * The workspace's own tables, versioned. Each migration runs once, in order, inside one
 * transaction with the version bump, so a workspace is never left half-migrated.
 */
const MIGRATIONS: readonly string[][] = [
  [
    `CREATE TABLE si_profile_tables (
       name VARCHAR PRIMARY KEY,
       key_field VARCHAR NOT NULL,
       keyed BOOLEAN NOT NULL,
       source_file VARCHAR,
       imported_at TIMESTAMP NOT NULL,
       report VARCHAR NOT NULL
     )`,
    `CREATE TABLE si_segments (
       id VARCHAR PRIMARY KEY,
       name VARCHAR NOT NULL UNIQUE,
       kind VARCHAR NOT NULL,
       rule_text VARCHAR,
       description VARCHAR NOT NULL DEFAULT '',
       member_report VARCHAR,
       created_at TIMESTAMP NOT NULL,
       updated_at TIMESTAMP NOT NULL
     )`,
    `CREATE TABLE si_segment_members (
       segment_id VARCHAR NOT NULL,
       key VARCHAR NOT NULL
     )`,
  ],
  // Saved insights, the segments each one uses, and their runs with results and rule snapshots.
  [
    `CREATE TABLE si_insights (
       id VARCHAR PRIMARY KEY,
       name VARCHAR NOT NULL UNIQUE,
       display_name VARCHAR,
       description VARCHAR NOT NULL DEFAULT '',
       kind VARCHAR NOT NULL,
       profile_table VARCHAR NOT NULL,
       definition VARCHAR NOT NULL,
       created_at TIMESTAMP NOT NULL,
       updated_at TIMESTAMP NOT NULL
     )`,
    `CREATE TABLE si_insight_segments (
       insight_id VARCHAR NOT NULL,
       segment_id VARCHAR NOT NULL
     )`,
    `CREATE TABLE si_runs (
       id VARCHAR PRIMARY KEY,
       insight_id VARCHAR NOT NULL,
       sequence INTEGER NOT NULL,
       status VARCHAR NOT NULL,
       queued_at TIMESTAMP NOT NULL,
       started_at TIMESTAMP,
       finished_at TIMESTAMP,
       profiles BIGINT,
       error VARCHAR,
       segments VARCHAR,
       result VARCHAR
     )`,
  ],
  // The definition each run computed, because an edit can change an insight's definition after
  // its runs. Before this version a definition never changed, so every run computed the current one.
  [
    'ALTER TABLE si_runs ADD COLUMN definition VARCHAR',
    'UPDATE si_runs SET definition = (SELECT i.definition FROM si_insights AS i WHERE i.id = si_runs.insight_id)',
  ],
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export async function migrateWorkspace(engine: Engine): Promise<void> {
  await engine.execute('CREATE TABLE IF NOT EXISTS si_schema_version (version INTEGER NOT NULL)');
  const rows = await engine.query('SELECT max(version) AS version FROM si_schema_version');
  const current = Number(rows[0]?.version ?? 0);

  if (current > SCHEMA_VERSION) {
    throw new ConfigurationError(
      `workspace schema version ${current} is newer than this program's ${SCHEMA_VERSION}. ` +
        'Upgrade segment-insights to open it',
    );
  }

  for (let version = current + 1; version <= SCHEMA_VERSION; version += 1) {
    const statements = MIGRATIONS[version - 1] ?? [];
    await engine.transaction(async () => {
      for (const statement of statements) await engine.execute(statement);
      await engine.execute({ sql: 'INSERT INTO si_schema_version VALUES ($1)', parameters: [version] });
    });
  }
}
