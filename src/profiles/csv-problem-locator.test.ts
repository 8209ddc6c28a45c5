import { describe, expect, test } from 'vitest';

import { firstInvalidUtf8, RecordChecker } from './csv-problem-locator.js';
import { scanCsvText } from './csv-scanner.js';

function firstProblem(text: string, columns: number) {
  const checker = new RecordChecker(columns);
  const { records } = scanCsvText(text, ',');
  for (const record of records) if (!checker.check(record)) break;
  return checker.problem;
}

describe('RecordChecker', () => {
  test('finds a short record by its file line', () => {
    // The quoted value spans lines 2 and 3, so the short record "4,5" is on line 4.
    const problem = firstProblem('a,b,c\n1,"x\ny",3\n4,5\n', 3);

    expect(problem?.line).toBe(4);
    expect(problem?.detail).toBe('expected 3 fields, found 2. Fix the line or pass --delimiter');
  });

  test('finds a long record', () => {
    expect(firstProblem('a,b\n1,2\n3,4,5\n', 2)?.detail).toMatch(/expected 2 fields, found 3/);
  });

  test('skips blank lines when there are several columns', () => {
    expect(firstProblem('a,b\n\n1,2\n\n', 2)).toBeUndefined();
  });

  test('finds a line ending that differs from the header', () => {
    const problem = firstProblem('a,b\r\n1,2\r\n3,4\n5,6\r\n', 2);

    expect(problem?.line).toBe(3);
    expect(problem?.detail).toMatch(/the line ends with LF but the header ends with CRLF/);
  });
});

describe('firstInvalidUtf8', () => {
  test('accepts valid text', () => {
    const bytes = Buffer.from('a,Zürich,東京,😀\n');

    expect(firstInvalidUtf8(bytes)).toBe(bytes.length);
  });

  test('finds a Latin-1 byte', () => {
    // "caf" then 0xE9 (é in Latin-1) followed by a comma, which cannot continue a sequence.
    expect(firstInvalidUtf8(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2c]))).toBe(3);
  });

  test('finds overlong forms and surrogates', () => {
    expect(firstInvalidUtf8(Buffer.from([0x41, 0xc0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0xe0, 0x80, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0);
  });

  test('accepts a sequence cut at the end', () => {
    expect(firstInvalidUtf8(Buffer.from([0x41, 0xe6, 0x9d]))).toBe(3);
  });
});
