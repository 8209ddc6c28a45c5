import { NotFoundError } from '../core/errors.js';
import type { ProfileSource } from '../core/fields.js';
import type { Engine } from '../engines/engine.js';
import { readFields } from '../workspace/workspace.js';

/**
 * Reads the profile source of an imported table through the given connection, so reads and runs
 * never share the workspace's write connection.
 */
export async function readProfileSource(engine: Engine, table: string): Promise<ProfileSource> {
  const rows = await engine.query({
    sql: 'SELECT name, key_field FROM si_profile_tables WHERE name = $1',
    parameters: [table],
  });
  const row = rows[0];
  if (!row) {
    // API users cannot import profiles, so the message names no command. The details carry it for the server's operator.
    throw new NotFoundError(
      `profile table "${table}" not found in the workspace. The server's operator must import profiles into it, then restart the server`,
      { table, command: `segment-insights import FILE --table ${table}` },
    );
  }

  const relation = engine.dialect.quoteIdentifier(table);
  const fields = await readFields(engine, relation);
  return { relation, keyField: String(row.key_field), fields, label: table };
}
