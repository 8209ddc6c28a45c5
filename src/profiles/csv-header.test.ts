import { describe, expect, test } from 'vitest';

import { InvalidInputError } from '../core/errors.js';
import { detectDelimiter, parseDelimiter, readCsvHeader } from './csv-header.js';

const whole = (text: string) => ({ text, complete: true });

describe('detectDelimiter', () => {
  test('picks the delimiter that splits every record alike', () => {
    expect(detectDelimiter(whole('a,b,c\n1,2,3\n'))).toBe(',');
    expect(detectDelimiter(whole('a;b;c\n1;2;3\n'))).toBe(';');
    expect(detectDelimiter(whole('a\tb\n1\t2\n'))).toBe('\t');
    expect(detectDelimiter(whole('a|b\n1|2\n'))).toBe('|');
  });

  test('ignores commas inside values of a semicolon file', () => {
    // Unquoted commas split the body into 2 or 3 fields against a header of 1.
    const head = whole('Name;Year\nToy Story, The;1995\nHeat;1995\nA, B, C;2000\n');

    expect(detectDelimiter(head)).toBe(';');
  });

  test('ignores delimiters inside quoted values', () => {
    const head = whole('"a;x","b"\n"1;2","3"\n');

    expect(detectDelimiter(head)).toBe(',');
  });

  test('falls back to a comma for one column', () => {
    expect(detectDelimiter(whole('customer_id\nC01\nC02\n'))).toBe(',');
  });

  test('prefers the earlier candidate on a tie', () => {
    // Both ';' and '|' split every record into 2 fields.
    expect(detectDelimiter(whole('a;b|c\n1;2|3\n'))).toBe(';');
  });
});

describe('parseDelimiter', () => {
  test('accepts one character or a named tab', () => {
    expect(parseDelimiter(';')).toBe(';');
    expect(parseDelimiter('\\t')).toBe('\t');
    expect(parseDelimiter('tab')).toBe('\t');
  });

  test('rejects several characters, quotes and line breaks', () => {
    expect(() => parseDelimiter(';;')).toThrow(/invalid delimiter ";;"/);
    expect(() => parseDelimiter('"')).toThrow(InvalidInputError);
    expect(() => parseDelimiter('\n')).toThrow(InvalidInputError);
    expect(() => parseDelimiter('')).toThrow(InvalidInputError);
  });
});

describe('readCsvHeader', () => {
  test('trims and NFC-normalises names', () => {
    const decomposed = 'Zu\u0308rich';

    expect(readCsvHeader(whole(` id , "${decomposed}" \n`), ',', 'x.csv')).toEqual(['id', 'Zürich']);
  });

  test('keeps hostile names as text', () => {
    const names = readCsvHeader(whole('"we""ird",semi;colon,\'quote\'\n'), ',', 'x.csv');

    expect(names).toEqual(['we"ird', 'semi;colon', "'quote'"]);
  });

  test('rejects an empty name with its column number', () => {
    expect(() => readCsvHeader(whole('a,,c\n'), ',', 'x.csv')).toThrow(
      'empty column name in the header of "x.csv" (column 2). Give every column a name',
    );
  });

  test('rejects a repeated name, ignoring case', () => {
    expect(() => readCsvHeader(whole('id,City,x,city\n'), ',', 'x.csv')).toThrow(
      'repeated column name "city" in the header of "x.csv" (columns 2 and 4). Rename one of them',
    );
  });

  test('rejects a file without any text', () => {
    expect(() => readCsvHeader(whole('\n\n'), ',', 'x.csv')).toThrow('file "x.csv" is empty');
  });

  test('rejects a header with an unclosed quote', () => {
    expect(() => readCsvHeader(whole('"a,b\n1,2\n'), ',', 'x.csv')).toThrow(
      'malformed CSV at line 1 of "x.csv": a quoted value in field 1 starts here and is never closed',
    );
  });

  test('rejects a header with a NUL byte', () => {
    expect(() => readCsvHeader(whole('id,ci\u0000ty\n'), ',', 'x.csv')).toThrow(
      'malformed CSV at line 1 of "x.csv": NUL byte in field 2',
    );
  });
});
