import { describe, expect, test } from 'vitest';

import { CsvScanner, scanCsvText, type CsvRecord } from './csv-scanner.js';

function fieldsOf(records: CsvRecord[]): string[][] {
  return records.map((record) => record.fields);
}

describe('CsvScanner', () => {
  test('splits plain records', () => {
    const { records, problem } = scanCsvText('a,b\n1,2\n3,4\n', ',');

    expect(fieldsOf(records)).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(records.map((record) => record.line)).toEqual([1, 2, 3]);
    expect(problem).toBeUndefined();
  });

  test('reads quoted delimiters, doubled quotes and line breaks', () => {
    const { records } = scanCsvText('a,b\n"x,y","say ""hi"""\n"two\nlines",z\nlast,1\n', ',');

    expect(fieldsOf(records)).toEqual([
      ['a', 'b'],
      ['x,y', 'say "hi"'],
      ['two\nlines', 'z'],
      ['last', '1'],
    ]);
    // The quoted value spans lines 3 and 4, so the next record starts on line 5.
    expect(records.map((record) => record.line)).toEqual([1, 2, 3, 5]);
  });

  test('keeps a quote inside an unquoted value', () => {
    const { records } = scanCsvText('a,b\n1,ab"c\n', ',');

    expect(records[1]?.fields).toEqual(['1', 'ab"c']);
  });

  test('drops spaces around a quoted value', () => {
    const { records } = scanCsvText('a,b\n1, "x" \n', ',');

    expect(records[1]?.fields).toEqual(['1', 'x']);
  });

  test('reports line breaks and the last record without one', () => {
    const { records } = scanCsvText('a\r\n1\r\n2', ',');

    expect(records.map((record) => record.lineBreak)).toEqual(['\r\n', '\r\n', '']);
    expect(fieldsOf(records)).toEqual([['a'], ['1'], ['2']]);
  });

  test('counts CR-only line endings as lines', () => {
    const { records } = scanCsvText('a\r1\r2\r', ',');

    expect(records.map((record) => record.line)).toEqual([1, 2, 3]);
    expect(records.map((record) => record.lineBreak)).toEqual(['\r', '\r', '\r']);
  });

  test('joins a CRLF split across chunks', () => {
    const records: CsvRecord[] = [];
    const scanner = new CsvScanner(',', (record) => {
      records.push(record);
    });
    scanner.push('a,b\r');
    scanner.push('\n1,2\r');
    scanner.push('\n');
    scanner.end();

    expect(records.map((record) => record.lineBreak)).toEqual(['\r\n', '\r\n']);
    expect(records.map((record) => record.line)).toEqual([1, 2]);
  });

  test('marks empty lines as blank', () => {
    const { records } = scanCsvText('a,b\n\n1,2\n""\n', ',');

    expect(records.map((record) => record.blank)).toEqual([false, true, false, false]);
    expect(records[2]?.line).toBe(3);
  });

  test('reports an unclosed quote at the line it opens', () => {
    const { problem } = scanCsvText('a,b\n1,2\n3,"open\n4,5\n', ',');

    expect(problem).toEqual({ kind: 'unclosed-quote', line: 3, field: 2 });
  });

  test('reports text after a closing quote', () => {
    const { problem } = scanCsvText('a,b\n1,"x"y\n', ',');

    expect(problem).toEqual({ kind: 'text-after-quote', line: 2, field: 2 });
  });

  test('reports a NUL byte', () => {
    const { problem } = scanCsvText('a,b\n1,2\n3,x\u0000\n', ',');

    expect(problem).toEqual({ kind: 'nul-byte', line: 3, field: 2 });
  });

  test('stops when the callback returns false', () => {
    const { records } = scanCsvText('a\n1\n2\n3\n', ',', 2);

    expect(fieldsOf(records)).toEqual([['a'], ['1']]);
  });

  test('splits on a tab or a pipe', () => {
    expect(scanCsvText('a\tb\n', '\t').records[0]?.fields).toEqual(['a', 'b']);
    expect(scanCsvText('a|b\n', '|').records[0]?.fields).toEqual(['a', 'b']);
  });
});
