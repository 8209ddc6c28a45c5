import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';

import { summariseFields } from '../src/profiles/field-summary.js';
import { importProfiles } from '../src/profiles/profile-import.js';
import { Workspace } from '../src/workspace/workspace.js';

// The shared cases and data sets sit next to the repository and are read where they are.
const casesFolder = fileURLToPath(new URL('../../shared/cases/', import.meta.url));
const dataFolder = fileURLToPath(new URL('../../shared/data/', import.meta.url));

let directory: string;
let workspace: Workspace;
let workspaceCount = 0;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'si-profile-cases-'));
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

afterEach(async () => {
  await workspace.close();
});

async function openWorkspace(): Promise<Workspace> {
  workspaceCount += 1;
  workspace = await Workspace.open(join(directory, `workspace-${workspaceCount}.duckdb`), { create: true });
  return workspace;
}

async function valueCounts(field: string): Promise<Record<string, number>> {
  const column = workspace.engine.dialect.quoteIdentifier(field);
  const rows = await workspace.engine.query(`SELECT ${column} AS value, count(*) AS n FROM profiles GROUP BY ALL`);
  return Object.fromEntries(rows.map((row) => [String(row.value), Number(row.n)]));
}

describe('import of small cases', () => {
  test('collapses exact duplicate rows', async () => {
    await openWorkspace();

    const report = await importProfiles(workspace, { file: join(casesFolder, 'P01.csv'), key: 'customer_id' });

    // 10 rows, C02 ×2, C03 ×3 and C05 ×2: 6 customers and 1 + 2 + 1 collapsed rows.
    expect(report.rows).toBe(10);
    expect(report.profiles).toBe(6);
    expect(report.duplicateRows).toBe(4);
    expect(report.duplicateKeys).toEqual([
      { key: 'C02', rows: 2 },
      { key: 'C03', rows: 3 },
      { key: 'C05', rows: 2 },
    ]);
    expect(await valueCounts('city')).toEqual({ Seattle: 3, Portland: 1, Boise: 2 });
    expect(await valueCounts('plan')).toEqual({ pro: 4, basic: 2 });
  });

  test('strips a BOM and CRLF line ends', async () => {
    await openWorkspace();

    const report = await importProfiles(workspace, { file: join(casesFolder, 'P18.csv'), key: 'customer_id' });

    expect(report.fields.map((field) => field.name)).toEqual(['customer_id', 'city', 'plan']);
    expect([...report.keyField].map((char) => char.codePointAt(0))).toEqual([99, 117, 115, 116, 111, 109, 101, 114, 95, 105, 100]);
    expect(report.profiles).toBe(5);
    expect(await valueCounts('plan')).toEqual({ pro: 3, basic: 2 });
    expect(await valueCounts('city')).toEqual({ Seattle: 3, Portland: 1, Boise: 1 });
  });

  test('keeps leading zeros of keys and codes', async () => {
    await openWorkspace();

    const report = await importProfiles(workspace, { file: join(casesFolder, 'P20.csv'), key: 'customer_id' });

    expect(report.profiles).toBe(5);
    expect(report.fields).toEqual([
      { name: 'customer_id', type: 'text' },
      { name: 'zip', type: 'text' },
      { name: 'plan', type: 'text' },
    ]);
    const rows = await workspace.engine.query('SELECT customer_id, zip FROM profiles');
    expect(rows.map((row) => row.customer_id)).toEqual(['00123', '123', '0456', '456', '000']);
    expect(rows.map((row) => row.zip)).toEqual(['02139', '10001', '07030', '02139', '94105']);
  });

  test('reads empty cells as null', async () => {
    await openWorkspace();

    const report = await importProfiles(workspace, { file: join(casesFolder, 'P22.csv'), key: 'customer_id' });
    const summaries = await summariseFields(workspace.engine, await workspace.profileSource());

    // C02, C04, C07 and C10 have no city. The opt-in columns are yes/no text.
    expect(report.profiles).toBe(10);
    expect(summaries.find((field) => field.name === 'city')).toMatchObject({ type: 'text', distinct: 3, nulls: 4 });
    expect(await valueCounts('email_opt_in')).toEqual({ yes: 6, no: 4 });
    expect(await valueCounts('sms_opt_in')).toEqual({ yes: 6, no: 4 });
  });

  test('trims values and keeps their case', async () => {
    await openWorkspace();

    const report = await importProfiles(workspace, { file: join(casesFolder, 'P23.csv'), key: 'customer_id' });

    expect(await valueCounts('city')).toEqual({ Seattle: 2, seattle: 1, SEATTLE: 1, Portland: 1, portland: 1, Boise: 2 });
    expect(report.caseVariants).toEqual([
      { field: 'city', values: ['Portland', 'portland'] },
      { field: 'city', values: ['SEATTLE', 'Seattle', 'seattle'] },
    ]);
  });

  test.each([
    ['CSV', 'P34.csv'],
    ['Parquet', 'P34.parquet'],
  ])('keeps every digit of 64-bit keys in %s', async (_format, name) => {
    await openWorkspace();

    const report = await importProfiles(workspace, { file: join(casesFolder, name), key: 'customer_id' });

    expect(report.profiles).toBe(7);
    expect(report.fields[0]).toEqual({ name: 'customer_id', type: 'text' });
    const rows = await workspace.engine.query('SELECT customer_id FROM profiles ORDER BY customer_id');
    expect(rows.map((row) => row.customer_id)).toEqual([
      '1001',
      '1002',
      '9007199254740992',
      '9007199254740993',
      '9007199254740994',
      '9007199254740995',
      '9007199254740996',
    ]);
  });
});

describe('real data sets', () => {
  test('reads blank charges as null decimals', async () => {
    await openWorkspace();
    const file = join(dataFolder, 'telco-customer-churn.csv');

    const report = await importProfiles(workspace, { file, key: 'customerID' });
    const summaries = await summariseFields(workspace.engine, await workspace.profileSource());

    // A plain split of the file finds the single-space cells independently.
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const header = (lines[0] ?? '').split(',');
    const column = header.indexOf('TotalCharges');
    const blanks = lines.slice(1).filter((line) => line.split(',')[column] === ' ').length;

    expect(blanks).toBe(11);
    expect(report.profiles).toBe(7043);
    expect(report.fields.find((field) => field.name === 'TotalCharges')).toEqual({ name: 'TotalCharges', type: 'decimal' });
    expect(summaries.find((field) => field.name === 'TotalCharges')).toMatchObject({ nulls: blanks });
    expect(summaries.find((field) => field.name === 'customerID')).toMatchObject({ key: true, distinct: 7043 });
  });

  test('keys unkeyed rows by row number', async () => {
    await openWorkspace();
    const file = join(dataFolder, 'bank-full.csv');

    const report = await importProfiles(workspace, { file });

    // A plain split of the file counts the quoted "yes" values of the last column.
    const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
    const subscribed = lines.filter((line) => line.endsWith(';"yes"')).length;

    expect(report.keyed).toBe(false);
    expect(report.keyField).toBe('row_number');
    expect(report.profiles).toBe(45211);
    expect(report.fields.find((field) => field.name === 'y')).toEqual({ name: 'y', type: 'text' });
    expect(report.fields.find((field) => field.name === 'housing')).toEqual({ name: 'housing', type: 'text' });
    expect(report.fields.find((field) => field.name === 'balance')).toEqual({ name: 'balance', type: 'integer' });
    expect(await valueCounts('y')).toEqual({ yes: subscribed, no: 45211 - subscribed });
    expect(Object.keys(await valueCounts('housing')).sort()).toEqual(['no', 'yes']);
    const first = await workspace.engine.query(`SELECT row_number, age, job FROM profiles WHERE row_number = '1'`);
    expect(first).toEqual([{ row_number: '1', age: 58, job: 'management' }]);
  });

  test('keys by names containing commas', async () => {
    await openWorkspace();
    const file = join(dataFolder, 'upsetr-movies.csv');

    const report = await importProfiles(workspace, { file, key: 'Name' });

    const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
    const withComma = lines.map((line) => line.split(';')[0] ?? '').filter((name) => name.includes(','));
    const stored = await workspace.engine.query({
      sql: 'SELECT count(*) AS n FROM profiles WHERE list_contains($1, "Name")',
      parameters: [withComma],
    });

    expect(withComma.length).toBeGreaterThan(0);
    expect(report.profiles).toBe(3883);
    expect(report.fields.find((field) => field.name === 'AvgRating')).toEqual({ name: 'AvgRating', type: 'decimal' });
    expect(stored).toEqual([{ n: withComma.length }]);
  });
});
