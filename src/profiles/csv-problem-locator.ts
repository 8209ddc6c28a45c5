import { createReadStream } from 'node:fs';

import { CsvScanner, type CsvRecord, type CsvSyntaxProblem, type LineBreak } from './csv-scanner.js';

/** The first fault found in a CSV file: its 1-based file line and what is wrong there. */
export interface CsvProblem {
  line: number;
  detail: string;
}

const LINE_BREAK_NAMES: Record<LineBreak, string> = { '\n': 'LF', '\r\n': 'CRLF', '\r': 'CR', '': 'no line break' };

/**
 * Checks records after the header against the header's field count and line break, which is what
 * DuckDB's strict reader requires. Blank lines are skipped unless the file has one column, where
 * DuckDB reads them as an empty value.
 */
export class RecordChecker {
  problem: CsvProblem | undefined;
  private headerBreak: LineBreak | undefined;

  constructor(private readonly columnCount: number) {}

  /** Returns false once a problem is found, to stop the scan. */
  check(record: CsvRecord): boolean {
    if (this.headerBreak === undefined) {
      this.headerBreak = record.lineBreak;
      return true;
    }

    const mixedBreak = record.lineBreak !== '' && record.lineBreak !== this.headerBreak;
    if (mixedBreak) {
      const found = LINE_BREAK_NAMES[record.lineBreak];
      const expected = LINE_BREAK_NAMES[this.headerBreak];
      this.problem = {
        line: record.line,
        detail: `the line ends with ${found} but the header ends with ${expected}. Save the file with one kind of line ending`,
      };
      return false;
    }

    if (record.blank && this.columnCount > 1) return true;
    if (record.fields.length !== this.columnCount) {
      this.problem = {
        line: record.line,
        detail: `expected ${this.columnCount} fields, found ${record.fields.length}. Fix the line or pass --delimiter`,
      };
      return false;
    }
    return true;
  }
}

export function describeSyntaxProblem(problem: CsvSyntaxProblem): CsvProblem {
  const details: Record<CsvSyntaxProblem['kind'], string> = {
    'unclosed-quote': `a quoted value in field ${problem.field} starts here and is never closed. Close the quote, and double each quote inside a quoted value ("")`,
    'text-after-quote': `text follows the closing quote of field ${problem.field}. Double each quote inside a quoted value ("")`,
    'nul-byte': `NUL byte in field ${problem.field}. Save the file as UTF-8 text without NUL bytes`,
  };
  return { line: problem.line, detail: details[problem.kind] };
}

/**
 * Reads a CSV file from the start and returns its first fault, or undefined when it detects none of
 * the faults it checks for. Runs only after DuckDB rejected the file, because DuckDB counts
 * records rather than file lines once a quoted value spans lines.
 */
export async function locateCsvProblem(path: string, delimiter: string, columnCount: number): Promise<CsvProblem | undefined> {
  const checker = new RecordChecker(columnCount);
  const scanner = new CsvScanner(delimiter, (record) => checker.check(record));
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let linesBefore = 0;

  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      return { line: linesBefore + countNewlines(chunk, firstInvalidUtf8(chunk)) + 1, detail: 'invalid UTF-8 bytes. Save the file as UTF-8' };
    }

    scanner.push(text);
    if (scanner.done) break;
    linesBefore += countNewlines(chunk, chunk.length);
  }
  if (!scanner.done) scanner.end();

  if (scanner.problem) return describeSyntaxProblem(scanner.problem);
  return checker.problem;
}

function countNewlines(bytes: Buffer, end: number): number {
  let count = 0;
  for (let index = bytes.indexOf(10); index !== -1 && index < end; index = bytes.indexOf(10, index + 1)) count += 1;
  return count;
}

/**
 * Offset of the first byte that does not start a valid UTF-8 sequence. A sequence cut at the end
 * of the chunk counts as valid, because the next chunk may complete it.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const length = sequenceLength(bytes[index] as number);
    if (length === 0) return index;
    for (let offset = 1; offset < length; offset += 1) {
      const next = bytes[index + offset];
      if (next === undefined) return bytes.length;
      const [low, high] = offset === 1 ? secondByteRange(bytes[index] as number) : [0x80, 0xbf];
      if (next < low || next > high) return index;
    }
    index += length;
  }
  return bytes.length;
}

/** Overlong forms, surrogates and code points above U+10FFFF are ruled out by the second byte. */
function secondByteRange(lead: number): [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}

function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}
