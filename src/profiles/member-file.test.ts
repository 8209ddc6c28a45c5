import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, test } from 'vitest';

import { readMemberFile } from './member-file.js';

const directory = mkdtempSync(join(tmpdir(), 'member-file-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

describe('readMemberFile', () => {
  test('reads one key per line, as written', async () => {
    expect(await readMemberFile(write('plain.txt', 'C01\n C02\nC02\n'), 'customer_id')).toEqual(['C01', ' C02', 'C02']);
  });

  test('skips a header naming the key, a BOM and CRLF', async () => {
    expect(await readMemberFile(write('header.txt', '\uFEFFcustomer_id\r\n00123\r\n0456\r\n'), 'customer_id')).toEqual(['00123', '0456']);
  });

  test('takes the key column of a CSV file', async () => {
    const path = write('table.csv', 'churn,customer_id\nYes,C01\nNo,"C,02"\n');
    expect(await readMemberFile(path, 'customer_id')).toEqual(['C01', 'C,02']);
  });

  test('unquotes a quoted key in a one-column file', async () => {
    expect(await readMemberFile(write('quoted.txt', '"C01"\n"C""02"\n'), 'customer_id')).toEqual(['C01', 'C"02']);
  });

  test('skips blank lines', async () => {
    expect(await readMemberFile(write('blank.txt', 'C01\n\nC02\n\n'), 'customer_id')).toEqual(['C01', 'C02']);
  });

  test('rejects a CSV file without the key column', async () => {
    await expect(readMemberFile(write('other.csv', 'id,churn\nC01,Yes\n'), 'customer_id')).rejects.toThrow(
      /2 columns and none is named "customer_id"/,
    );
  });

  test('rejects an unclosed quote, naming the line', async () => {
    await expect(readMemberFile(write('broken.txt', 'C01\n"C02\n'), 'customer_id')).rejects.toThrow(/line 2/);
  });

  test('reports a missing file', async () => {
    await expect(readMemberFile(join(directory, 'nope.txt'), 'customer_id')).rejects.toThrow(/not found/);
  });

  test('returns no entries for an empty file', async () => {
    expect(await readMemberFile(write('empty.txt', ''), 'customer_id')).toEqual([]);
  });
});
