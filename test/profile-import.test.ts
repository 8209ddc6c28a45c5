import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';

import { InvalidInputError } from '../src/core/errors.js';
import { summariseFields } from '../src/profiles/field-summary.js';
import { importProfiles } from '../src/profiles/profile-import.js';
import { Workspace } from '../src/workspace/workspace.js';

let directory: string;
let workspaces: Workspace[] = [];
let files = 0;
let workspaceCount = 0;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'si-profile-import-'));
});

afterEach(async () => {
  for (const workspace of workspaces) await workspace.close();
  workspaces = [];
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

function fixture(name: string, content: string | Buffer): string {
  files += 1;
  const path = join(directory, `${files}-${name}`);
  writeFileSync(path, content);
  return path;
}

async function openWorkspace(): Promise<Workspace> {
  workspaceCount += 1;
  const workspace = await Workspace.open(join(directory, `workspace-${workspaceCount}.duckdb`), { create: true });
  workspaces.push(workspace);
  return workspace;
}

async function rows(workspace: Workspace, sql: string) {
  return workspace.engine.query(sql);
}

describe('importProfiles types', () => {
  test('infers field types from the text', async () => {
    const workspace = await openWorkspace();
    const file = fixture(
      'types.csv',
      [
        'id,zip,age,spend,vip,signup,seen,answer,big,code,country',
        'C1,02139,34,-0.5,true,2024-02-29,2024-01-02T03:04:05,yes,9223372036854775808,007,NA',
        'C2,10001,-7,1e3,FALSE,2023-12-31,2024-01-02 10:00,no,1,12,DE',
        'C3,94105,0,12,True,,2024-01-02,yes,2,3,',
      ].join('\n'),
    );

    const report = await importProfiles(workspace, { file, key: 'id' });

    expect(report.fields).toEqual([
      { name: 'id', type: 'text' },
      { name: 'zip', type: 'text' },
      { name: 'age', type: 'integer' },
      { name: 'spend', type: 'decimal' },
      { name: 'vip', type: 'boolean' },
      { name: 'signup', type: 'date' },
      { name: 'seen', type: 'timestamp' },
      { name: 'answer', type: 'text' },
      { name: 'big', type: 'text' },
      { name: 'code', type: 'text' },
      { name: 'country', type: 'text' },
    ]);
    expect(await rows(workspace, 'SELECT * FROM profiles ORDER BY id')).toEqual([
      {
        id: 'C1', zip: '02139', age: 34, spend: -0.5, vip: true, signup: '2024-02-29',
        seen: '2024-01-02 03:04:05', answer: 'yes', big: '9223372036854775808', code: '007', country: 'NA',
      },
      {
        id: 'C2', zip: '10001', age: -7, spend: 1000, vip: false, signup: '2023-12-31',
        seen: '2024-01-02 10:00:00', answer: 'no', big: '1', code: '12', country: 'DE',
      },
      {
        id: 'C3', zip: '94105', age: 0, spend: 12, vip: true, signup: null,
        seen: '2024-01-02 00:00:00', answer: 'yes', big: '2', code: '3', country: null,
      },
    ]);
  });

  test('keeps an impossible date as text', async () => {
    const workspace = await openWorkspace();
    const file = fixture('dates.csv', 'id,day\nC1,2023-02-29\nC2,2023-03-01\n');

    const report = await importProfiles(workspace, { file, key: 'id' });

    expect(report.fields[1]).toEqual({ name: 'day', type: 'text' });
  });

  test('converts zoned date-times to UTC', async () => {
    const workspace = await openWorkspace();
    const file = fixture('zones.csv', 'id,seen\nC1,2024-01-01T10:00:00+02:00\nC2,2024-01-01T10:00:00Z\nC3,2024-01-01 10:00\n');

    const report = await importProfiles(workspace, { file, key: 'id' });

    expect(report.fields[1]).toEqual({ name: 'seen', type: 'timestamp' });
    expect(report.warnings).toContain('field "seen": date-times with a time zone were converted to UTC');
    expect(await rows(workspace, 'SELECT id, seen FROM profiles ORDER BY id')).toEqual([
      { id: 'C1', seen: '2024-01-01 08:00:00' },
      { id: 'C2', seen: '2024-01-01 10:00:00' },
      { id: 'C3', seen: '2024-01-01 10:00:00' },
    ]);
  });

  test('types a numeric column with blank cells as numeric', async () => {
    const workspace = await openWorkspace();
    const file = fixture('blanks.csv', 'id,total\nC1,10.5\nC2, \nC3,\nC4,7\n');

    const report = await importProfiles(workspace, { file, key: 'id' });

    expect(report.fields[1]).toEqual({ name: 'total', type: 'decimal' });
    expect(await rows(workspace, 'SELECT count(*) - count(total) AS nulls FROM profiles')).toEqual([{ nulls: 2 }]);
  });
});

describe('importProfiles values', () => {
  test('trims whitespace and composes Unicode', async () => {
    const workspace = await openWorkspace();
    const decomposed = 'Zu\u0308rich';
    const file = fixture('values.csv', `id,city\n C1 ,"  Seattle "\nC2,\t${decomposed}\u00a0\nC3,"New  York"\nC4,"   "\n`);

    await importProfiles(workspace, { file, key: 'id' });

    expect(await rows(workspace, 'SELECT id, city FROM profiles ORDER BY id')).toEqual([
      { id: 'C1', city: 'Seattle' },
      { id: 'C2', city: 'Z\u00fcrich' },
      { id: 'C3', city: 'New  York' },
      { id: 'C4', city: null },
    ]);
  });

  test('reads null markers only when named', async () => {
    const workspace = await openWorkspace();
    const file = fixture('markers.csv', 'id,country,score\nC1,NA,1\nC2,n/a,NA\nC3,DE,3\n');

    const plain = await importProfiles(workspace, { file, key: 'id', table: 'plain' });
    const marked = await importProfiles(workspace, { file, key: 'id', table: 'marked', nullValues: ['NA', ' n/a '] });

    // "NA" is a value unless named, so score is text in the first import and an integer in the second.
    expect(plain.fields.map((field) => field.type)).toEqual(['text', 'text', 'text']);
    expect(marked.fields.map((field) => field.type)).toEqual(['text', 'text', 'integer']);
    expect(await rows(workspace, 'SELECT id, country, score FROM marked ORDER BY id')).toEqual([
      { id: 'C1', country: null, score: 1 },
      { id: 'C2', country: null, score: null },
      { id: 'C3', country: 'DE', score: 3 },
    ]);
  });

  test('keeps case and reports case variants', async () => {
    const workspace = await openWorkspace();
    const file = fixture('case.csv', 'id,city,plan\nC1,Seattle,pro\nC2,seattle,pro\nC3,Boise,PRO\nC4,Boise,basic\n');

    const report = await importProfiles(workspace, { file, key: 'id' });

    expect(report.caseVariants).toEqual([
      { field: 'city', values: ['Seattle', 'seattle'] },
      { field: 'plan', values: ['PRO', 'pro'] },
    ]);
    expect(report.warnings).toContain('field "city" has values that differ only in case: "Seattle", "seattle"');
  });

  test('round-trips hostile names and values', async () => {
    const workspace = await openWorkspace();
    const names = ['we"ird', 'semi;colon', "it's", 'Ünï cödé', 'select'];
    const header = names.map((name) => `"${name.replaceAll('"', '""')}"`).join(',');
    const values = ['"a""b"', '"x; DROP TABLE profiles; --"', "'; --", '"日本, 東京"', 'from'];
    const file = fixture(`it's "odd".csv`, `${header}\n${values.join(',')}\n`);

    const report = await importProfiles(workspace, { file, key: 'we"ird' });

    expect(report.fields.map((field) => field.name)).toEqual(names);
    expect(await rows(workspace, 'SELECT * FROM profiles')).toEqual([
      { 'we"ird': 'a"b', 'semi;colon': 'x; DROP TABLE profiles; --', "it's": "'; --", 'Ünï cödé': '日本, 東京', select: 'from' },
    ]);
  });
});

describe('importProfiles keys', () => {
  test('collapses identical repeated rows', async () => {
    const workspace = await openWorkspace();
    const file = fixture('repeats.csv', 'id,city\nC1,Seattle\nC2,Boise\nC1,Seattle\nC2,Boise\nC2,Boise\nC3,Reno\n');

    const report = await importProfiles(workspace, { file, key: 'id' });

    // 6 rows: C1 twice and C2 three times collapse, leaving 3 customers and 1 + 2 repeated rows.
    expect(report.rows).toBe(6);
    expect(report.profiles).toBe(3);
    expect(report.duplicateRows).toBe(3);
    expect(report.duplicateKeys).toEqual([
      { key: 'C1', rows: 2 },
      { key: 'C2', rows: 3 },
    ]);
    expect(await rows(workspace, 'SELECT id, city FROM profiles')).toEqual([
      { id: 'C1', city: 'Seattle' },
      { id: 'C2', city: 'Boise' },
      { id: 'C3', city: 'Reno' },
    ]);
  });

  test('collapses rows equal after trimming', async () => {
    const workspace = await openWorkspace();
    const file = fixture('trimmed-repeats.csv', 'id,city\nC1,Seattle\n"C1 ", Seattle\n');

    const report = await importProfiles(workspace, { file, key: 'id' });

    expect(report.profiles).toBe(1);
    expect(report.duplicateRows).toBe(1);
  });

  test('rejects keys whose rows disagree', async () => {
    const workspace = await openWorkspace();
    const file = fixture(
      'conflicts.csv',
      'id,city,plan\nC1,Seattle,pro\nC2,Boise,pro\nC1,Portland,pro\nC2,Boise,basic\nC1,Seattle,pro\nC3,Reno,pro\nC3,Reno,\n',
    );

    const failure = importProfiles(workspace, { file, key: 'id' });

    // C1 has 3 rows that differ in city. C2 and C3 disagree on plan, which makes 2 more keys.
    await expect(failure).rejects.toThrow(InvalidInputError);
    await expect(failure).rejects.toThrow(
      `conflicting rows for customer key "C1" (3 rows that differ in "city") and 2 more keys in "${file}". ` +
        'Remove the duplicates or pass --dedupe first',
    );
    expect(await workspace.listProfileTables()).toEqual([]);
  });

  test('keeps the first row of a conflicting key with dedupe first', async () => {
    const workspace = await openWorkspace();
    const file = fixture('dedupe.csv', 'id,city\nC2,Boise\nC1,Seattle\nC1,Portland\nC2,Boise\nC1,Reno\n');

    const report = await importProfiles(workspace, { file, key: 'id', dedupe: 'first' });

    // C1: 3 disagreeing rows, the first (Seattle) is kept. C2: 2 identical rows collapse.
    expect(report.profiles).toBe(2);
    expect(report.conflictingKeys).toBe(1);
    expect(report.duplicateRows).toBe(1);
    expect(report.warnings).toContain('1 key has rows that disagree: kept the first row of each and left out 2 rows (--dedupe first)');
    expect(await rows(workspace, 'SELECT id, city FROM profiles')).toEqual([
      { id: 'C2', city: 'Boise' },
      { id: 'C1', city: 'Seattle' },
    ]);
  });

  test('counts and leaves out rows without a key', async () => {
    const workspace = await openWorkspace();
    const file = fixture('null-keys.csv', 'id,city\nC1,Seattle\n,Boise\n  ,Reno\nNA,Austin\n');

    const plain = await importProfiles(workspace, { file, key: 'id', table: 'plain' });
    const marked = await importProfiles(workspace, { file, key: 'id', table: 'marked', nullValues: ['NA'] });

    expect(plain.nullKeyRows).toBe(2);
    expect(plain.profiles).toBe(2);
    expect(plain.warnings).toContain('2 rows with an empty key "id" were left out');
    expect(marked.nullKeyRows).toBe(3);
    expect(marked.profiles).toBe(1);
    expect(await rows(workspace, 'SELECT id FROM plain')).toEqual([{ id: 'C1' }, { id: 'NA' }]);
  });

  test('keeps keys as text with leading zeros', async () => {
    const workspace = await openWorkspace();
    const file = fixture('zeros.csv', 'id,n\n00123,1\n123,2\n000,3\n');

    const report = await importProfiles(workspace, { file, key: 'id' });

    expect(report.profiles).toBe(3);
    expect(await rows(workspace, 'SELECT id FROM profiles')).toEqual([{ id: '00123' }, { id: '123' }, { id: '000' }]);
  });

  test('keys each row by its row number without a key', async () => {
    const workspace = await openWorkspace();
    const file = fixture('no-key.csv', 'city,row_number\nSeattle,x\nSeattle,x\n\nBoise,y\n');

    const report = await importProfiles(workspace, { file });

    // The blank line is skipped, and the two identical rows stay two customers.
    expect(report.keyed).toBe(false);
    expect(report.keyField).toBe('row_number_2');
    expect(report.profiles).toBe(3);
    expect(report.fields[0]).toEqual({ name: 'row_number_2', type: 'text' });
    expect(report.warnings[0]).toMatch(/no key column given: each row is one customer, keyed by its row number in field "row_number_2"/);
    expect(await rows(workspace, 'SELECT row_number_2, city FROM profiles')).toEqual([
      { row_number_2: '1', city: 'Seattle' },
      { row_number_2: '2', city: 'Seattle' },
      { row_number_2: '3', city: 'Boise' },
    ]);
    expect((await workspace.listProfileTables())[0]).toMatchObject({ name: 'profiles', keyField: 'row_number_2', keyed: false });
  });

  test('suggests the closest name for an unknown key', async () => {
    const workspace = await openWorkspace();
    const file = fixture('key.csv', 'customer_id,city\nC1,Seattle\n');

    await expect(importProfiles(workspace, { file, key: 'custmer_id' })).rejects.toThrow(
      `unknown key column "custmer_id" in "${file}". Did you mean "customer_id"?`,
    );
    await expect(importProfiles(workspace, { file, key: 'zzzzzzzz' })).rejects.toThrow(
      `unknown key column "zzzzzzzz" in "${file}". Columns: "customer_id", "city"`,
    );
  });

  test('lists at most 20 columns for an unknown key', async () => {
    const workspace = await openWorkspace();
    const header = Array.from({ length: 25 }, (_, index) => `column_${index + 1}`).join(',');
    const file = fixture('wide.csv', `${header}\n`);

    const failure = importProfiles(workspace, { file, key: 'zzzzzzzzzzzzzzzzzzzzzz' });

    await expect(failure).rejects.toThrow(/"column_19", "column_20" and 5 more$/);
  });

  test('reads a blank line of a one-column file as a null key', async () => {
    const workspace = await openWorkspace();
    const file = fixture('one-column.csv', 'id\nC1\n\nC2\n');

    const report = await importProfiles(workspace, { file, key: 'id' });

    expect(report.rows).toBe(3);
    expect(report.nullKeyRows).toBe(1);
    expect(report.profiles).toBe(2);
  });
});

describe('importProfiles tables', () => {
  test('replaces a table on re-import', async () => {
    const workspace = await openWorkspace();
    const first = fixture('first.csv', 'id,city\nC1,Seattle\nC2,Boise\n');
    const second = fixture('second.csv', 'id,plan\nC9,pro\n');

    await importProfiles(workspace, { file: first, key: 'id' });
    const report = await importProfiles(workspace, { file: second, key: 'id' });

    expect(report.table).toBe('profiles');
    expect(await rows(workspace, 'SELECT * FROM profiles')).toEqual([{ id: 'C9', plan: 'pro' }]);
    const tables = await workspace.listProfileTables();
    expect(tables.map((table) => [table.name, table.sourceFile])).toEqual([['profiles', second]]);
    expect(tables[0]?.report).toMatchObject({ profiles: 1, file: second });
  });

  test('keeps the previous table when the transaction fails', async () => {
    const workspace = await openWorkspace();
    const first = fixture('kept.csv', 'id,city\nC1,Seattle\n');
    const second = fixture('lost.csv', 'id,plan\nC9,pro\n');
    await importProfiles(workspace, { file: first, key: 'id' });
    const registryBefore = await workspace.listProfileTables();

    // The registry write is the last step inside the transaction, so failing there must undo the table.
    workspace.registerProfileTable = async () => {
      throw new Error('disk full');
    };

    await expect(importProfiles(workspace, { file: second, key: 'id' })).rejects.toThrow('disk full');
    expect(await rows(workspace, 'SELECT * FROM profiles')).toEqual([{ id: 'C1', city: 'Seattle' }]);
    expect(await workspace.listProfileTables()).toEqual(registryBefore);
    expect(await rows(workspace, 'SELECT count(*) AS objects FROM duckdb_tables() WHERE temporary')).toEqual([{ objects: 0 }]);
  });

  test('imports into a named table', async () => {
    const workspace = await openWorkspace();
    const file = fixture('named.csv', 'id\nC1\n');

    await importProfiles(workspace, { file, key: 'id', table: 'Kunden_2024' });

    const source = await workspace.profileSource('Kunden_2024');
    expect(source).toMatchObject({ keyField: 'id', fields: [{ name: 'id', type: 'text' }] });
  });

  test('rejects reserved and invalid table names', async () => {
    const workspace = await openWorkspace();
    const file = fixture('names.csv', 'id\nC1\n');

    await expect(importProfiles(workspace, { file, table: 'si_segments' })).rejects.toThrow(/table name "si_segments" is reserved/);
    await expect(importProfiles(workspace, { file, table: 'a"; DROP TABLE x' })).rejects.toThrow(/invalid table name/);
    expect(await workspace.listProfileTables()).toEqual([]);
  });

  test('rejects a name differing only in case from a table', async () => {
    const workspace = await openWorkspace();
    const file = fixture('case-table.csv', 'id\nC1\n');
    await importProfiles(workspace, { file, table: 'Profiles' });

    await expect(importProfiles(workspace, { file, table: 'profiles' })).rejects.toThrow(
      'profile table "Profiles" already exists and table names ignore case. Pass --table Profiles to replace it, or choose another name',
    );
  });

  test('rejects a table name used by a view', async () => {
    const workspace = await openWorkspace();
    const file = fixture('view.csv', 'id\nC1\n');
    await workspace.engine.execute('CREATE VIEW recent AS SELECT 1 AS x');

    await expect(importProfiles(workspace, { file, table: 'recent' })).rejects.toThrow(
      '"recent" is a view in the workspace, not a profile table. Choose another --table name',
    );
  });

  test('imports a header-only file as no profiles', async () => {
    const workspace = await openWorkspace();
    const file = fixture('header-only.csv', 'id,city\r\n');

    const report = await importProfiles(workspace, { file, key: 'id' });

    expect(report.rows).toBe(0);
    expect(report.profiles).toBe(0);
    expect(report.fields).toEqual([
      { name: 'id', type: 'text' },
      { name: 'city', type: 'text' },
    ]);
    expect(report.warnings).toContain(`"${file}" has no data rows, so there are no profiles`);
  });
});

describe('summariseFields', () => {
  test('counts distinct values and nulls per field', async () => {
    const workspace = await openWorkspace();
    const file = fixture('summary.csv', 'id,city,age\nC1,Seattle,30\nC2,,30\nC3,Boise,\nC4,Seattle,41\n');
    await importProfiles(workspace, { file, key: 'id' });

    const summaries = await summariseFields(workspace.engine, await workspace.profileSource());

    expect(summaries).toEqual([
      { name: 'id', type: 'text', distinct: 4, nulls: 0, key: true },
      { name: 'city', type: 'text', distinct: 2, nulls: 1, key: false },
      { name: 'age', type: 'integer', distinct: 2, nulls: 1, key: false },
    ]);
  });
});
