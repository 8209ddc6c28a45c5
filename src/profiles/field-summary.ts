import type { FieldType, ProfileSource } from '../core/fields.js';
import type { Engine } from '../engines/engine.js';

/** One profile field with its exact distinct and null counts over the profiles. */
export interface FieldSummary {
  name: string;
  type: FieldType;
  distinct: number;
  nulls: number;
  key: boolean;
}

/** Summarises every field of a profile source in one scan. Counts are exact. */
export async function summariseFields(engine: Engine, source: ProfileSource): Promise<FieldSummary[]> {
  if (source.fields.length === 0) return [];

  const aggregates = source.fields.flatMap((field, index) => {
    const column = engine.dialect.quoteIdentifier(field.name);
    return [`count(DISTINCT ${column}) AS distinct_${index}`, `count(*) - count(${column}) AS nulls_${index}`];
  });
  const rows = await engine.query(`SELECT ${aggregates.join(', ')} FROM ${source.relation}`);
  const row = rows[0] ?? {};

  return source.fields.map((field, index) => ({
    name: field.name,
    type: field.type,
    distinct: Number(row[`distinct_${index}`] ?? 0),
    nulls: Number(row[`nulls_${index}`] ?? 0),
    key: field.name === source.keyField,
  }));
}
