import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';

import { InvalidInputError, NotFoundError } from '../src/core/errors.js';
import { importProfiles, type ImportOptions } from '../src/profiles/profile-import.js';
import { Workspace } from '../src/workspace/workspace.js';

let directory: string;
let workspace: Workspace;
let workspaceCount = 0;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'si-profile-bad-input-'));
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

// Every case starts from a workspace holding a good import, which a failed import must not touch.
beforeEach(async () => {
  workspaceCount += 1;
  workspace = await Workspace.open(join(directory, `workspace-${workspaceCount}.duckdb`), { create: true });
  const good = fixture('good.csv', 'id,city\nC1,Seattle\nC2,Boise\n');
  await importProfiles(workspace, { file: good, key: 'id' });
});

afterEach(async () => {
  await workspace.close();
});

function fixture(name: string, content: string | Buffer): string {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
}

/** Everything an import could change: tables, their rows, the registry and temporary objects. */
async function snapshot(): Promise<unknown> {
  const engine = workspace.engine;
  const tables = await engine.query('SELECT table_name, temporary FROM duckdb_tables() ORDER BY table_name');
  const views = await engine.query('SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY view_name');
  const registry = await engine.query('SELECT *, CAST(imported_at AS VARCHAR) AS imported_at FROM si_profile_tables');
  const profiles = await engine.query('SELECT * FROM profiles ORDER BY ALL');
  return { tables, views, registry, profiles };
}

/** Imports `content` and expects `message`, with the workspace exactly as it was. */
async function expectRejected(name: string, content: string | Buffer, message: string, options: Partial<ImportOptions> = {}) {
  const file = fixture(name, content);
  const before = await snapshot();

  const failure = importProfiles(workspace, { file, key: 'id', ...options });

  await expect(failure).rejects.toThrow(InvalidInputError);
  await expect(failure).rejects.toThrow(message.replaceAll('FILE', file));
  expect(await snapshot()).toEqual(before);
}

describe('malformed CSV', () => {
  test('names the line of a short row', async () => {
    await expectRejected(
      'short.csv',
      'id,city,plan\nC1,Seattle,pro\nC2,Boise\nC3,Reno,pro\n',
      'malformed CSV at line 3 of "FILE": expected 3 fields, found 2. Fix the line or pass --delimiter',
    );
  });

  test('counts lines inside quoted values', async () => {
    // Record 2 spans lines 2 and 3, so the short record is on line 4 of the file.
    await expectRejected(
      'multiline.csv',
      'id,note,plan\nC1,"two\nlines",pro\nC2,x\n',
      'malformed CSV at line 4 of "FILE": expected 3 fields, found 2',
    );
  });

  test('names the line of a long row', async () => {
    await expectRejected(
      'long.csv',
      'id,city\nC1,Seattle\nC2,Boise,extra\n',
      'malformed CSV at line 3 of "FILE": expected 2 fields, found 3. Fix the line or pass --delimiter',
    );
  });

  test('names the line of a missing closing quote', async () => {
    await expectRejected(
      'unclosed.csv',
      'id,city\nC1,Seattle\nC2,"Boise\nC3,Reno\n',
      'malformed CSV at line 3 of "FILE": a quoted value in field 2 starts here and is never closed',
    );
  });

  test('names the line of text after a closing quote', async () => {
    await expectRejected(
      'after-quote.csv',
      'id,city\nC1,"Sea"ttle\n',
      'malformed CSV at line 2 of "FILE": text follows the closing quote of field 2',
    );
  });

  test('names the line of a NUL byte', async () => {
    await expectRejected(
      'nul.csv',
      'id,city\nC1,Seattle\nC2,Bo\u0000ise\n',
      'malformed CSV at line 3 of "FILE": NUL byte in field 2. Save the file as UTF-8 text without NUL bytes',
    );
  });

  test('names the line of invalid UTF-8', async () => {
    const latin1 = Buffer.concat([Buffer.from('id,city\nC1,Seattle\nC2,Z'), Buffer.from([0xfc]), Buffer.from('rich\n')]);

    await expectRejected('latin1.csv', latin1, 'malformed CSV at line 3 of "FILE": invalid UTF-8 bytes. Save the file as UTF-8');
  });

  test('names the line of a different line ending', async () => {
    await expectRejected(
      'mixed.csv',
      'id,city\r\nC1,Seattle\r\nC2,Boise\nC3,Reno\r\n',
      'malformed CSV at line 3 of "FILE": the line ends with LF but the header ends with CRLF',
    );
  });

  test('rejects a UTF-16 file', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,city\n', 'utf16le')]);

    await expectRejected('utf16.csv', utf16, 'file "FILE" is UTF-16 encoded. Save it as UTF-8 (CSV UTF-8) and import it again');
  });
});

describe('bad headers', () => {
  test('rejects an empty file', async () => {
    await expectRejected('empty.csv', '', 'file "FILE" is empty. Export it again with a header row and data');
  });

  test('rejects a file of blank lines', async () => {
    await expectRejected('blank.csv', '\n\n', 'file "FILE" is empty');
  });

  test('rejects an empty column name', async () => {
    await expectRejected('empty-name.csv', 'id,,plan\nC1,x,y\n', 'empty column name in the header of "FILE" (column 2)');
  });

  test('rejects a repeated column name', async () => {
    await expectRejected(
      'repeated.csv',
      'id,city,City\nC1,x,y\n',
      'repeated column name "City" in the header of "FILE" (columns 2 and 3). Rename one of them',
    );
  });
});

describe('bad keys and options', () => {
  test('rejects conflicting rows', async () => {
    await expectRejected('conflict.csv', 'id,city\nC1,Seattle\nC1,Boise\n', 'conflicting rows for customer key "C1" (2 rows that differ in "city")');
  });

  test('rejects an unknown key column', async () => {
    await expectRejected('unknown-key.csv', 'ID,city\nC1,Seattle\n', 'unknown key column "id" in "FILE". Did you mean "ID"?');
  });

  test('rejects an unknown dedupe rule', async () => {
    const file = fixture('dedupe-rule.csv', 'id\nC1\n');

    await expect(importProfiles(workspace, { file, key: 'id', dedupe: 'last' as 'first' })).rejects.toThrow(
      'invalid dedupe rule "last". The only rule is "first"',
    );
  });

  test('rejects a delimiter of several characters', async () => {
    const file = fixture('delimiter.csv', 'id\nC1\n');

    await expect(importProfiles(workspace, { file, key: 'id', delimiter: '::' })).rejects.toThrow(/invalid delimiter "::"/);
  });

  test('rejects a forced delimiter that does not fit', async () => {
    // With ';' forced, the header is one column and the second row has two.
    await expectRejected(
      'forced.csv',
      'id,city\nC1;x,Seattle\n',
      'unknown key column "id" in "FILE". Columns: "id,city"',
      { delimiter: ';' },
    );
  });
});

describe('bad files', () => {
  test('reports a missing file', async () => {
    const before = await snapshot();
    const file = join(directory, 'missing.csv');

    const failure = importProfiles(workspace, { file, key: 'id' });

    await expect(failure).rejects.toThrow(NotFoundError);
    await expect(failure).rejects.toThrow(`file "${file}" not found. Check the path`);
    expect(await snapshot()).toEqual(before);
  });

  test('reports a directory', async () => {
    const folder = join(directory, 'folder.csv');
    mkdirSync(folder, { recursive: true });

    await expect(importProfiles(workspace, { file: folder })).rejects.toThrow(`"${folder}" is not a file`);
  });

  test('lists the accepted extensions', async () => {
    const file = fixture('profiles.xlsx', 'x');

    await expect(importProfiles(workspace, { file })).rejects.toThrow(
      `unsupported profile file "${file}" (extension ".xlsx"). Use one of: .csv, .tsv, .txt, .parquet, .json, .jsonl, .ndjson`,
    );
  });

  test('rejects a name that DuckDB reads as a pattern', async () => {
    fixture('p1.csv', 'id\nC9\n');
    fixture('p2.csv', 'id\nC8\n');

    await expectRejected('p?.csv', 'id\nC1\n', 'file name "FILE" contains * or ?, which DuckDB reads as a pattern matching 3 files');
  });

  test('reports a file that is not Parquet', async () => {
    await expectRejected('fake.parquet', 'id,city\nC1,x\n', 'failed to read "FILE" as Parquet');
  });

  test('reports malformed JSON', async () => {
    await expectRejected('bad.jsonl', '{"id": "C1"}\n{"id": \n', 'failed to read "FILE" as JSON');
  });
});
