import type { BreakdownValue } from '../analyses/overlap/overlap-result.js';
import { didYouMean } from '../core/closest-name.js';
import { NotFoundError } from '../core/errors.js';
import type { Field, FieldType, ProfileSource } from '../core/fields.js';
import type { Engine } from '../engines/engine.js';
import { QueryParameters } from '../sql/compiled-query.js';
import { readProfileSource } from './profile-source.js';
import type { WorkspaceConnections } from './workspace-connections.js';

/** Maximum number of values listed per field: enough to suggest values while a rule is typed. */
export const MAX_FIELD_VALUES = 100;

export interface FieldValue {
  /** The value as the engine returns it; null is the missing value. */
  value: BreakdownValue;
  profiles: number;
}

/** The most common values of one profile field. */
export interface FieldValues {
  field: string;
  type: FieldType;
  /** Distinct values of the field, the missing value counted as one. */
  distinctValues: number;
  /** True when the field has more distinct values than are listed. */
  truncated: boolean;
  /** Largest count first; values with equal counts in ascending order, the missing value last. */
  values: FieldValue[];
}

/** Finds a profile field by exact name; an unknown name is not found, with the closest name as a hint. */
export function findProfileField(source: ProfileSource, name: string): Field {
  const field = source.fields.find((candidate) => candidate.name === name);
  if (field) return field;

  const hint = didYouMean(name, source.fields.map((candidate) => candidate.name)) || ' List the fields with GET /api/fields';
  throw new NotFoundError(`unknown field "${name}".${hint}`, { field: name });
}

/** Counts the customers per value of a field in one aggregation query and keeps the `limit` most common. */
export async function readFieldValues(engine: Engine, source: ProfileSource, field: Field, limit = MAX_FIELD_VALUES): Promise<FieldValues> {
  const column = engine.dialect.quoteIdentifier(field.name);
  const parameters = new QueryParameters(engine.dialect);
  // The window counts the grouped rows before LIMIT cuts them, so one scan also gives the number
  // of distinct values.
  const query = parameters.toQuery(
    `SELECT value, profiles, count(*) OVER () AS distinct_values
     FROM (SELECT ${column} AS value, count(*) AS profiles FROM ${source.relation} GROUP BY ${column}) AS counted
     ORDER BY profiles DESC, value ASC NULLS LAST
     LIMIT ${parameters.add(limit)}`,
  );
  const rows = await engine.query(query);

  const distinctValues = Number(rows[0]?.distinct_values ?? 0);
  return {
    field: field.name,
    type: field.type,
    distinctValues,
    truncated: distinctValues > rows.length,
    values: rows.map((row) => ({ value: row.value as BreakdownValue, profiles: Number(row.profiles) })),
  };
}

/**
 * The most common values of each profile field, read once per field for the server's lifetime,
 * because the profiles change only while no server holds the workspace. A failed read is not
 * kept, so the next request reads again.
 */
export class FieldValueCache {
  private readonly cached = new Map<string, Promise<FieldValues>>();

  constructor(
    private readonly connections: WorkspaceConnections,
    private readonly profileTable: string,
  ) {}

  get(fieldName: string): Promise<FieldValues> {
    const cached = this.cached.get(fieldName);
    if (cached) return cached;

    const pending = this.connections.read(async (engine) => {
      const source = await readProfileSource(engine, this.profileTable);
      return readFieldValues(engine, source, findProfileField(source, fieldName));
    });
    this.cached.set(fieldName, pending);
    pending.catch(() => {
      if (this.cached.get(fieldName) === pending) this.cached.delete(fieldName);
    });
    return pending;
  }
}
