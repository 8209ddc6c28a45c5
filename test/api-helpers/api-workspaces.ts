import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { importProfiles } from '../../src/profiles/profile-import.js';
import { Workspace } from '../../src/workspace/workspace.js';
import { CASES_DIR } from '../support/shared-paths.js';

/** Creates a temporary folder for a test's workspaces, removed by `remove`. */
export function temporaryFolder(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `si-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Imports one of the shared case files into a workspace at `path`, keyed by customer_id. */
export async function importCase(path: string, file: string): Promise<void> {
  const workspace = await Workspace.open(path, { create: true });
  try {
    await importProfiles(workspace, { file: join(CASES_DIR, file), key: 'customer_id' });
  } finally {
    await workspace.close();
  }
}

/** Imports CSV text into the profile table of a workspace at `path`, keyed by customer_id, replacing the table there. */
export async function importCsvText(path: string, csv: string): Promise<void> {
  const file = `${path}.csv`;
  writeFileSync(file, csv);
  const workspace = await Workspace.open(path, { create: true });
  try {
    await importProfiles(workspace, { file, key: 'customer_id' });
  } finally {
    await workspace.close();
    rmSync(file, { force: true });
  }
}

/**
 * Creates a workspace with `rows` generated profiles: key C0000001…, city of 7 values, plan of
 * 3, age 18–77 and a spend in cents. Large counts make runs slow enough to watch them refresh.
 */
export async function generateProfiles(path: string, rows: number): Promise<void> {
  const workspace = await Workspace.open(path, { create: true });
  try {
    await workspace.engine.execute(`CREATE TABLE profiles AS
      SELECT 'C' || lpad(CAST(i AS VARCHAR), 8, '0') AS customer_id,
             ['Seattle', 'Portland', 'Boise', 'Reno', 'Austin', 'Denver', 'Tucson'][CAST(1 + hash(i) % 7 AS BIGINT)] AS city,
             ['basic', 'pro', 'free'][CAST(1 + hash(i * 7) % 3 AS BIGINT)] AS plan,
             CAST(18 + hash(i * 13) % 60 AS INTEGER) AS age,
             CAST(hash(i * 31) % 100000 AS DECIMAL(12, 2)) / 100 AS spend,
             'note ' || CAST(hash(i * 17) % 100000 AS VARCHAR) AS note
      FROM range(1, ${rows + 1}) AS t(i)`);
    await workspace.registerProfileTable({ name: 'profiles', keyField: 'customer_id', keyed: true, sourceFile: null, report: { generated: rows } });
  } finally {
    await workspace.close();
  }
}
