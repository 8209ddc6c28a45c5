import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';

import { DuckDbEngine } from '../src/engines/duckdb/duckdb-engine.js';
import { summariseFields } from '../src/profiles/field-summary.js';
import { importProfiles } from '../src/profiles/profile-import.js';
import { openProfileFile } from '../src/profiles/profile-file-source.js';
import { Workspace } from '../src/workspace/workspace.js';

const casesFolder = fileURLToPath(new URL('../../shared/cases/', import.meta.url));

let directory: string;
let engine: DuckDbEngine;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'si-profile-in-place-'));
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

beforeEach(async () => {
  engine = await DuckDbEngine.open(':memory:');
});

afterEach(async () => {
  await engine.close();
});

function fixture(name: string, content: string): string {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
}

/** Writes a Parquet file from a SELECT, with DuckDB's own writer. */
async function parquetFixture(name: string, select: string): Promise<string> {
  const path = join(directory, name);
  await engine.execute(`COPY (${select}) TO '${path}' (FORMAT parquet)`);
  return path;
}

async function temporaryObjects(): Promise<number> {
  const rows = await engine.query(
    `SELECT (SELECT count(*) FROM duckdb_tables() WHERE temporary) + (SELECT count(*) FROM duckdb_views() WHERE temporary AND NOT internal) AS objects`,
  );
  return Number(rows[0]?.objects);
}

async function isView(relation: string): Promise<boolean> {
  const rows = await engine.query({
    sql: 'SELECT count(*) AS views FROM duckdb_views() WHERE temporary AND $1 = \'"\' || view_name || \'"\'',
    parameters: [relation],
  });
  return Number(rows[0]?.views) === 1;
}

describe('openProfileFile', () => {
  test('reads a CSV file the way an import does', async () => {
    const file = fixture('in-place.csv', 'id,city,age\nC1, Seattle ,30\nC2,Boise,\nC1,Seattle,30\n');

    const { source, report } = await openProfileFile(engine, { file, key: 'id' });

    expect(source.keyField).toBe('id');
    expect(source.label).toBe(file);
    expect(source.fields).toEqual([
      { name: 'id', type: 'text' },
      { name: 'city', type: 'text' },
      { name: 'age', type: 'integer' },
    ]);
    expect(report).toMatchObject({ rows: 3, profiles: 2, duplicateRows: 1, format: 'csv' });
    expect(await engine.query(`SELECT * FROM ${source.relation}`)).toEqual([
      { id: 'C1', city: 'Seattle', age: 30 },
      { id: 'C2', city: 'Boise', age: null },
    ]);
  });

  test('gives the same report as an import', async () => {
    const file = fixture('same.csv', 'id,city\nC1,Seattle\nC1,Seattle\n,Boise\nC2,seattle\n');
    const workspace = await Workspace.open(join(directory, 'same.duckdb'), { create: true });

    const imported = await importProfiles(workspace, { file, key: 'id' });
    await workspace.close();
    const { report } = await openProfileFile(engine, { file, key: 'id' });

    expect({ ...report, table: 'profiles' }).toEqual(imported);
  });

  test('reads Parquet through a view that keeps its types', async () => {
    const file = await parquetFixture(
      'typed.parquet',
      `SELECT * FROM (VALUES
         (9007199254740993::BIGINT, ' Zu' || chr(776) || 'rich ', 12.50::DECIMAL(10, 2), DATE '2024-02-29', true, ['a']),
         (2::BIGINT, '', 3.25::DECIMAL(10, 2), NULL, false, []::VARCHAR[])
       ) AS t(id, city, amount, joined, vip, tags)`,
    );

    const { source, report } = await openProfileFile(engine, { file, key: 'id' });

    expect(await isView(source.relation)).toBe(true);
    expect(source.fields).toEqual([
      { name: 'id', type: 'text' },
      { name: 'city', type: 'text' },
      { name: 'amount', type: 'decimal' },
      { name: 'joined', type: 'date' },
      { name: 'vip', type: 'boolean' },
    ]);
    expect(report.warnings).toContain('left out "tags" (VARCHAR[]): segment rules cannot use values of these types');
    expect(await engine.query(`SELECT id, city, amount, joined, vip FROM ${source.relation} ORDER BY id`)).toEqual([
      { id: '2', city: null, amount: 3.25, joined: null, vip: false },
      { id: '9007199254740993', city: 'Z\u00fcrich', amount: 12.5, joined: '2024-02-29', vip: true },
    ]);
  });

  test('applies null markers to clean Parquet text', async () => {
    const file = await parquetFixture('markers.parquet', `SELECT * FROM (VALUES ('C1', 'NA'), ('C2', 'DE')) AS t(id, country)`);

    const plain = await openProfileFile(engine, { file, key: 'id' });
    const marked = await openProfileFile(engine, { file, key: 'id', nullValues: ['NA'] });

    expect(await engine.query(`SELECT id, country FROM ${plain.source.relation} ORDER BY id`)).toEqual([
      { id: 'C1', country: 'NA' },
      { id: 'C2', country: 'DE' },
    ]);
    expect(await engine.query(`SELECT id, country FROM ${marked.source.relation} ORDER BY id`)).toEqual([
      { id: 'C1', country: null },
      { id: 'C2', country: 'DE' },
    ]);
  });

  test('searches Parquet case variants in fields with few values', async () => {
    // 1,001 rows: city cycles through 3 values, so Parquet stores it with a dictionary. Every
    // e-mail address differs, and two of them differ only in case.
    const file = await parquetFixture(
      'case.parquet',
      `SELECT 'C' || i AS id, ['Seattle', 'seattle', 'Boise'][1 + i % 3] AS city,
              CASE WHEN i = 0 THEN 'A@x.org' ELSE 'a' || i || '@x.org' END AS email
       FROM range(1000) AS t(i)
       UNION ALL SELECT 'C1000', 'Boise', 'a@x.org'`,
    );
    const workspace = await Workspace.open(join(directory, 'case.duckdb'), { create: true });

    const { report } = await openProfileFile(engine, { file, key: 'id' });
    const imported = await importProfiles(workspace, { file, key: 'id' });
    await workspace.close();

    expect(report.caseVariants).toEqual([{ field: 'city', values: ['Seattle', 'seattle'] }]);
    expect(imported.caseVariants).toEqual([
      { field: 'city', values: ['Seattle', 'seattle'] },
      { field: 'email', values: ['A@x.org', 'a@x.org'] },
    ]);
  });

  test('keeps the first Parquet row of a key with dedupe first', async () => {
    const file = await parquetFixture(
      'repeats.parquet',
      `SELECT * FROM (VALUES ('C2', 'Boise'), ('C1', 'Seattle'), ('C1', 'Reno'), ('C2', 'Boise'), (NULL, 'Austin')) AS t(id, city)`,
    );

    const { source, report } = await openProfileFile(engine, { file, key: 'id', dedupe: 'first' });

    // Repeated keys make the profiles a table, so each query does not deduplicate again.
    expect(await isView(source.relation)).toBe(false);
    expect(report).toMatchObject({ rows: 5, profiles: 2, nullKeyRows: 1, duplicateRows: 1, conflictingKeys: 1 });
    expect(await engine.query(`SELECT id, city FROM ${source.relation}`)).toEqual([
      { id: 'C2', city: 'Boise' },
      { id: 'C1', city: 'Seattle' },
    ]);
  });

  test('checks repeated whole-number keys', async () => {
    const file = await parquetFixture(
      'integer-keys.parquet',
      `SELECT * FROM (VALUES (9007199254740993, 'Boise'), (9007199254740992, 'Reno'), (9007199254740993, 'Boise'),
         (7, 'Seattle'), (7, 'Portland'), (NULL, 'Austin')) AS t(id, city)`,
    );

    const failure = openProfileFile(engine, { file, key: 'id' });
    await expect(failure).rejects.toThrow(`conflicting rows for customer key "7" (2 rows that differ in "city") in "${file}"`);
    const { source, report } = await openProfileFile(engine, { file, key: 'id', dedupe: 'first' });

    // 6 rows: one null key, 2^53 + 1 twice alike, and 7 twice with different cities.
    expect(report).toMatchObject({ rows: 6, profiles: 3, nullKeyRows: 1, duplicateRows: 1, conflictingKeys: 1 });
    expect(report.duplicateKeys).toEqual([{ key: '9007199254740993', rows: 2 }]);
    expect(await engine.query(`SELECT id, city FROM ${source.relation}`)).toEqual([
      { id: '9007199254740993', city: 'Boise' },
      { id: '9007199254740992', city: 'Reno' },
      { id: '7', city: 'Seattle' },
    ]);
  });

  test('keys Parquet rows by file order without a key', async () => {
    const file = await parquetFixture('rows.parquet', `SELECT 'city ' || i AS city FROM range(3) AS t(i)`);

    const { source } = await openProfileFile(engine, { file });

    expect(source.keyField).toBe('row_number');
    expect(await engine.query(`SELECT row_number, city FROM ${source.relation} ORDER BY city`)).toEqual([
      { row_number: '1', city: 'city 0' },
      { row_number: '2', city: 'city 1' },
      { row_number: '3', city: 'city 2' },
    ]);
  });

  test('reads a Parquet file with a column named file_row_number', async () => {
    const file = await parquetFixture('clash.parquet', `SELECT 'C' || i AS id, i * 10 AS file_row_number FROM range(2) AS t(i)`);

    const { source } = await openProfileFile(engine, { file, key: 'id' });

    expect(await engine.query(`SELECT id, file_row_number FROM ${source.relation} ORDER BY id`)).toEqual([
      { id: 'C0', file_row_number: 0 },
      { id: 'C1', file_row_number: 10 },
    ]);
  });

  test('rejects a decimal key', async () => {
    const file = await parquetFixture('double-key.parquet', `SELECT 1.5::DOUBLE AS id, 'x' AS city`);

    await expect(openProfileFile(engine, { file, key: 'id' })).rejects.toThrow(
      `key column "id" in "${file}" has type DOUBLE, but a key must be text or a whole number. Pick another --key`,
    );
    expect(await temporaryObjects()).toBe(0);
  });

  test('reads 64-bit Parquet keys exactly', async () => {
    const { source, report } = await openProfileFile(engine, { file: join(casesFolder, 'P34.parquet'), key: 'customer_id' });

    const rows = await engine.query(`SELECT customer_id FROM ${source.relation} WHERE plan = 'basic' ORDER BY customer_id`);
    expect(report.profiles).toBe(7);
    expect(rows.map((row) => row.customer_id)).toEqual(['1001', '9007199254740993', '9007199254740995']);
  });

  test('reads JSON lines with their own types', async () => {
    const file = fixture(
      'profiles.jsonl',
      [
        '{"id": 9007199254740993, "city": " Seattle ", "score": 1.5, "tags": ["a"], "since": "2024-01-02"}',
        '{"id": 2, "city": "NA", "score": 2, "tags": [], "since": "2024-03-04"}',
      ].join('\n'),
    );

    const { source, report } = await openProfileFile(engine, { file, key: 'id', nullValues: ['NA'] });

    expect(report.format).toBe('json');
    expect(source.fields).toEqual([
      { name: 'id', type: 'text' },
      { name: 'city', type: 'text' },
      { name: 'score', type: 'decimal' },
      { name: 'since', type: 'date' },
    ]);
    expect(await engine.query(`SELECT id, city, score FROM ${source.relation} ORDER BY id`)).toEqual([
      { id: '2', city: null, score: 2 },
      { id: '9007199254740993', city: 'Seattle', score: 1.5 },
    ]);
  });

  test('types JSON date strings by the CSV rules', async () => {
    const file = fixture(
      'dates.jsonl',
      [
        '{"id": "C1", "day": "2024-01-05", "seen": "2024-01-05T10:00:00+02:00", "local": "01-02-2024", "at": "10:00:00"}',
        '{"id": "C2", "day": "2024-02-29", "seen": "2024-01-06 10:00", "local": "03-04-2024", "at": "11:30:00"}',
      ].join('\n'),
    );

    const { source, report } = await openProfileFile(engine, { file, key: 'id' });

    // DuckDB alone would read "01-02-2024" as 1 February 2024 and drop the TIME column.
    expect(source.fields).toEqual([
      { name: 'id', type: 'text' },
      { name: 'day', type: 'date' },
      { name: 'seen', type: 'timestamp' },
      { name: 'local', type: 'text' },
      { name: 'at', type: 'text' },
    ]);
    expect(report.warnings).toContain('field "seen": date-times with a time zone were converted to UTC');
    expect(await engine.query(`SELECT * FROM ${source.relation} ORDER BY id`)).toEqual([
      { id: 'C1', day: '2024-01-05', seen: '2024-01-05 08:00:00', local: '01-02-2024', at: '10:00:00' },
      { id: 'C2', day: '2024-02-29', seen: '2024-01-06 10:00:00', local: '03-04-2024', at: '11:30:00' },
    ]);
  });

  test('leaves nothing behind when the keys conflict', async () => {
    const file = fixture('conflict.csv', 'id,city\nC1,Seattle\nC1,Boise\n');

    await expect(openProfileFile(engine, { file, key: 'id' })).rejects.toThrow(/conflicting rows for customer key "C1"/);
    expect(await temporaryObjects()).toBe(0);
  });

  test('keeps two files apart on one engine', async () => {
    const first = fixture('first.csv', 'id\nA\n');
    const second = fixture('second.csv', 'id\nB\nC\n');

    const one = await openProfileFile(engine, { file: first, key: 'id' });
    const two = await openProfileFile(engine, { file: second, key: 'id' });

    expect(one.source.relation).not.toBe(two.source.relation);
    expect(await summariseFields(engine, one.source)).toEqual([{ name: 'id', type: 'text', distinct: 1, nulls: 0, key: true }]);
    expect(await summariseFields(engine, two.source)).toEqual([{ name: 'id', type: 'text', distinct: 2, nulls: 0, key: true }]);
  });

  test('adds nothing to a workspace file', async () => {
    const path = join(directory, 'untouched.duckdb');
    const workspace = await Workspace.open(path, { create: true });
    const file = fixture('untouched.csv', 'id\nA\n');

    await openProfileFile(workspace.engine, { file, key: 'id' });
    await workspace.close();
    const reopened = await Workspace.open(path);
    const tables = await reopened.engine.query("SELECT table_name FROM duckdb_tables() WHERE table_name NOT LIKE 'si\\_%' ESCAPE '\\'");
    await reopened.close();

    expect(tables).toEqual([]);
  });
});
