import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ruleSegment } from '../src/analyses/segment-input.js';
import type { Field, FieldType, ProfileSource } from '../src/core/fields.js';
import type { RuleSegment, SegmentResolver } from '../src/core/segments.js';
import type { Engine } from '../src/engines/engine.js';
import type { SqlValue } from '../src/sql/compiled-query.js';
import { CASES_DIR } from './support/shared-paths.js';

/** Rows inserted per statement, so a fixture of a few thousand profiles stays a few queries. */
const INSERT_BATCH = 200;

/**
 * Creates a profile table by hand (key VARCHAR, the other fields in their SQL types) and returns
 * the profile source over it.
 */
export async function createProfiles(
  engine: Engine,
  table: string,
  fields: readonly Field[],
  rows: readonly (readonly SqlValue[])[],
): Promise<ProfileSource> {
  const dialect = engine.dialect;
  const columns = fields.map((field) => `${dialect.quoteIdentifier(field.name)} ${dialect.sqlType(field.type)}`);
  await engine.execute(`CREATE TABLE ${dialect.quoteIdentifier(table)} (${columns.join(', ')})`);

  for (let start = 0; start < rows.length; start += INSERT_BATCH) {
    const batch = rows.slice(start, start + INSERT_BATCH);
    const parameters = batch.flat();
    let index = 0;
    const tuples = batch.map((row) => `(${row.map(() => `$${(index += 1)}`).join(', ')})`);
    await engine.execute({ sql: `INSERT INTO ${dialect.quoteIdentifier(table)} VALUES ${tuples.join(', ')}`, parameters });
  }

  const keyField = fields[0]?.name ?? 'customer_id';
  return { relation: dialect.quoteIdentifier(table), keyField, fields: [...fields], label: table };
}

/** Reads a case file's CSV (plain cells, no quoting) into rows of text, empty cells as null. */
export function readCaseRows(file: string): { header: string[]; rows: (string | null)[][] } {
  const lines = readFileSync(join(CASES_DIR, file), 'utf8').trim().split(/\r?\n/);
  const header = (lines[0] ?? '').split(',');
  const rows = lines.slice(1).map((line) => line.split(',').map((cell) => (cell === '' ? null : cell)));
  return { header, rows };
}

/** Loads a case CSV as a profile table with the given field types (text when not listed). */
export async function loadCase(
  engine: Engine,
  file: string,
  types: Readonly<Record<string, FieldType>> = {},
): Promise<ProfileSource> {
  const { header, rows } = readCaseRows(file);
  const fields = header.map((name) => ({ name, type: types[name] ?? 'text' }));
  const typed = rows.map((row) => row.map((cell, index) => typedCell(cell, fields[index]?.type ?? 'text')));
  return createProfiles(engine, file.replace(/\W/g, '_'), fields, typed);
}

export function segment(
  name: string,
  ruleText: string,
  source: ProfileSource,
  resolver: SegmentResolver = () => undefined,
): RuleSegment {
  return ruleSegment(name, ruleText, source, resolver);
}

function typedCell(cell: string | null, type: FieldType): SqlValue {
  if (cell === null) return null;
  if (type === 'integer' || type === 'decimal') return Number(cell);
  return cell;
}
