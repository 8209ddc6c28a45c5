/**
 * A streaming RFC 4180 tokenizer that follows the rules of DuckDB's strict CSV reader closely
 * enough to point at the file line of a record that DuckDB rejects. It is used on the head of a
 * file (delimiter and header) and, after a failed read, to find the failing line.
 */

export type LineBreak = '\n' | '\r\n' | '\r' | '';

export interface CsvRecord {
  /** 1-based file line on which the record starts. */
  line: number;
  fields: string[];
  /** The line break that ended the record, or '' when the input ended without one. */
  lineBreak: LineBreak;
  /** True for an empty line: one empty, unquoted field. */
  blank: boolean;
}

export type CsvSyntaxKind = 'unclosed-quote' | 'text-after-quote' | 'nul-byte';

export interface CsvSyntaxProblem {
  kind: CsvSyntaxKind;
  line: number;
  /** 1-based field number within the record. */
  field: number;
}

const QUOTE = '"';

type State = 'field-start' | 'unquoted' | 'quoted' | 'quote-in-quoted' | 'after-quote';

/**
 * Feeds text chunk by chunk and reports each record to `onRecord`, which returns false to stop.
 * The first syntax problem stops the scan and is kept in `problem`.
 */
export class CsvScanner {
  problem: CsvSyntaxProblem | undefined;
  private state: State = 'field-start';
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  private fields: string[] = [];
  private field = '';
  private fieldQuoted = false;
  private carry = '';
  private stopped = false;

  constructor(
    private readonly delimiter: string,
    private readonly onRecord: (record: CsvRecord) => boolean | void,
  ) {}

  get done(): boolean {
    return this.stopped;
  }

  push(chunk: string): void {
    if (this.stopped) return;
    let text = this.carry + chunk;
    this.carry = '';

    // A CR at the end of a chunk may be the first half of a CRLF, so it waits for the next chunk.
    if (text.endsWith('\r')) {
      this.carry = '\r';
      text = text.slice(0, -1);
    }
    this.scan(text);
  }

  end(): void {
    if (this.stopped) return;
    const rest = this.carry;
    this.carry = '';
    this.scan(rest);
    if (this.stopped) return;

    if (this.state === 'quoted') {
      this.fail('unclosed-quote', this.quoteLine);
      return;
    }
    const pending = this.fields.length > 0 || this.field !== '' || this.state !== 'field-start';
    if (pending) this.finishRecord('');
    this.stopped = true;
  }

  private scan(text: string): void {
    let index = 0;
    while (index < text.length && !this.stopped) {
      const char = text[index] as string;
      const next = text[index + 1];
      index += this.step(char, next);
    }
  }

  /** Consumes one character (two for CRLF) and returns how many were used. */
  private step(char: string, next: string | undefined): number {
    if (char === '\u0000') {
      this.fail('nul-byte', this.line);
      return 1;
    }
    const lineBreak = lineBreakAt(char, next);

    switch (this.state) {
      case 'quoted':
        return this.stepQuoted(char, lineBreak);
      case 'quote-in-quoted':
        return this.stepAfterClosingQuote(char, lineBreak, true);
      case 'after-quote':
        return this.stepAfterClosingQuote(char, lineBreak, false);
      default:
        return this.stepUnquoted(char, lineBreak);
    }
  }

  private stepUnquoted(char: string, lineBreak: LineBreak | undefined): number {
    if (lineBreak) return this.endRecord(lineBreak);
    if (char === this.delimiter) {
      this.endField();
      return 1;
    }

    // Spaces before an opening quote are dropped, as DuckDB does.
    if (this.state === 'field-start' && char === QUOTE && this.field.trim() === '') {
      this.state = 'quoted';
      this.field = '';
      this.fieldQuoted = true;
      this.quoteLine = this.line;
      return 1;
    }

    this.field += char;
    if (char !== ' ') this.state = 'unquoted';
    return 1;
  }

  private stepQuoted(char: string, lineBreak: LineBreak | undefined): number {
    if (char === QUOTE) {
      this.state = 'quote-in-quoted';
      return 1;
    }
    if (lineBreak) {
      this.field += lineBreak;
      this.line += 1;
      return lineBreak.length;
    }
    this.field += char;
    return 1;
  }

  private stepAfterClosingQuote(char: string, lineBreak: LineBreak | undefined, justClosed: boolean): number {
    if (justClosed && char === QUOTE) {
      this.field += QUOTE;
      this.state = 'quoted';
      return 1;
    }
    if (lineBreak) return this.endRecord(lineBreak);
    if (char === this.delimiter) {
      this.endField();
      return 1;
    }
    if (char === ' ') {
      this.state = 'after-quote';
      return 1;
    }
    this.fail('text-after-quote', this.line);
    return 1;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.fieldQuoted = false;
    this.state = 'field-start';
  }

  private endRecord(lineBreak: LineBreak): number {
    this.finishRecord(lineBreak);
    this.line += 1;
    this.recordLine = this.line;
    return lineBreak.length;
  }

  private finishRecord(lineBreak: LineBreak): void {
    const blank = this.fields.length === 0 && this.field === '' && !this.fieldQuoted;
    this.fields.push(this.field);
    const record: CsvRecord = { line: this.recordLine, fields: this.fields, lineBreak, blank };
    this.fields = [];
    this.field = '';
    this.fieldQuoted = false;
    this.state = 'field-start';
    if (this.onRecord(record) === false) this.stopped = true;
  }

  private fail(kind: CsvSyntaxKind, line: number): void {
    this.problem = { kind, line, field: this.fields.length + 1 };
    this.stopped = true;
  }
}

function lineBreakAt(char: string, next: string | undefined): LineBreak | undefined {
  if (char === '\n') return '\n';
  if (char !== '\r') return undefined;
  return next === '\n' ? '\r\n' : '\r';
}

/** Splits a whole text into records. Meant for small inputs such as the head of a file. */
export function scanCsvText(text: string, delimiter: string, maxRecords = Number.POSITIVE_INFINITY): {
  records: CsvRecord[];
  problem: CsvSyntaxProblem | undefined;
} {
  const records: CsvRecord[] = [];
  const scanner = new CsvScanner(delimiter, (record) => {
    records.push(record);
    return records.length < maxRecords;
  });
  scanner.push(text);
  scanner.end();
  return { records, problem: scanner.problem };
}
