import { describe, expect, test } from 'vitest';

import { csvCell, csvLine } from './csv-cells.js';

describe('csvCell', () => {
  test.each([
    ['=1+2', "'=1+2"],
    ['+15550100', "'+15550100"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\tcmd', "'\tcmd"],
    ['A-1', 'A-1'],
    ['Gus, Jr.', '"Gus, Jr."'],
    ['', ''],
  ])('writes text %j as %j', (value, expected) => {
    expect(csvCell(value, true)).toBe(expected);
  });

  test('quotes a neutralised cell that holds quotes and commas', () => {
    // The apostrophe goes inside the field, then RFC 4180 quoting doubles the inner quotes.
    expect(csvCell('=HYPERLINK("http://x.example/?q=1","open")', true)).toBe(`"'=HYPERLINK(""http://x.example/?q=1"",""open"")"`);
  });

  test('quotes a carriage return after neutralising it', () => {
    expect(csvCell('\rline', true)).toBe(`"'\rline"`);
  });

  test('leaves numbers and booleans as they are', () => {
    expect(csvCell(-12.5, false)).toBe('-12.5');
    expect(csvCell(-0.75, false)).toBe('-0.75');
    expect(csvCell(true, false)).toBe('true');
  });

  test('leaves numeric text of a numeric column unprefixed', () => {
    expect(csvCell('-9007199254740993', false)).toBe('-9007199254740993');
  });

  test('writes null as an empty cell', () => {
    expect(csvCell(null, true)).toBe('');
  });
});

describe('csvLine', () => {
  test('ends the line with a line feed', () => {
    expect(csvLine(['C02', '=1+2', -12.5], [true, true, false])).toBe("C02,'=1+2,-12.5\n");
  });
});
