import type { RuleDiagnostic } from '../core/errors.js';
import type { Field } from '../core/fields.js';
import { at, diagnostic } from './rule-diagnostics.js';
import { formatLiteral } from './rule-format.js';
import type { Literal } from './rule-tree.js';

/**
 * A literal read as a value of its field's type. Text is NFC-normalised because profile values
 * are NFC at import. A timestamp written as a date alone (`dateOnly`) stands for that whole day.
 */
export type TypedValue =
  | { kind: 'text'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'date'; value: string }
  | { kind: 'timestamp'; value: string; dateOnly: boolean };

export type LiteralReading = { ok: true; value: TypedValue } | { ok: false; problem: RuleDiagnostic };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?$/;
const NUMBER_TEXT = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

const DATE_HINT = "Write a date as 'YYYY-MM-DD'";
const TIMESTAMP_HINT = "Write 'YYYY-MM-DD' for a whole day or 'YYYY-MM-DD HH:MM:SS'";

/** Reads a literal as a value of `field`'s type, or returns the diagnostic that explains why not. */
export function readLiteral(literal: Literal, field: Field): LiteralReading {
  switch (field.type) {
    case 'text':
      return readText(literal, field);
    case 'integer':
    case 'decimal':
      return readNumber(literal, field);
    case 'boolean':
      return readBoolean(literal, field);
    case 'date':
      return readDate(literal, field);
    case 'timestamp':
      return readTimestamp(literal, field);
  }
}

function readText(literal: Literal, field: Field): LiteralReading {
  if (literal.kind === 'string') return accept({ kind: 'text', value: literal.value.normalize('NFC') });

  const quoted = `'${formatLiteral(literal)}'`;
  return mismatch(literal, field, `Quote it to compare it as text: ${quoted}`);
}

function readNumber(literal: Literal, field: Field): LiteralReading {
  if (literal.kind === 'number') return accept({ kind: 'number', value: literal.value });

  if (literal.kind === 'string' && NUMBER_TEXT.test(literal.value.trim())) {
    return mismatch(literal, field, `Write the number without quotes: ${literal.value.trim()}`);
  }
  return mismatch(literal, field, 'Write a number such as 42 or 3.5');
}

function readBoolean(literal: Literal, field: Field): LiteralReading {
  if (literal.kind === 'boolean') return accept({ kind: 'boolean', value: literal.value });
  return mismatch(literal, field, 'Write true or false without quotes');
}

function readDate(literal: Literal, field: Field): LiteralReading {
  if (literal.kind !== 'string') return mismatch(literal, field, DATE_HINT);

  const text = literal.value.trim();
  const date = DATE.exec(text);
  if (date) {
    if (!isCalendarDate(date)) return invalidDate(literal);
    return accept({ kind: 'date', value: text });
  }
  if (TIMESTAMP.test(text)) {
    return mismatch(literal, field, `${DATE_HINT}, without a time of day`);
  }
  return mismatch(literal, field, DATE_HINT);
}

function readTimestamp(literal: Literal, field: Field): LiteralReading {
  if (literal.kind !== 'string') return mismatch(literal, field, TIMESTAMP_HINT);

  const text = literal.value.trim();
  const date = DATE.exec(text);
  if (date) {
    if (!isCalendarDate(date)) return invalidDate(literal);
    return accept({ kind: 'timestamp', value: text, dateOnly: true });
  }

  const timestamp = TIMESTAMP.exec(text);
  if (!timestamp) return mismatch(literal, field, TIMESTAMP_HINT);
  if (!isCalendarDate(timestamp)) return invalidDate(literal);
  if (!isTimeOfDay(timestamp)) return invalidTime(literal);
  return accept({ kind: 'timestamp', value: text.replace('T', ' '), dateOnly: false });
}

function isCalendarDate(match: RegExpExecArray): boolean {
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isTimeOfDay(match: RegExpExecArray): boolean {
  const hours = Number(match[4]);
  const minutes = Number(match[5]);
  const seconds = Number(match[6] ?? 0);
  return hours <= 23 && minutes <= 59 && seconds <= 59;
}

function accept(value: TypedValue): LiteralReading {
  return { ok: true, value };
}

function mismatch(literal: Literal, field: Field, hint: string): LiteralReading {
  const message =
    `${describeLiteral(literal)} compared with ${field.type} field ${quoteForMessage(field.name)}` +
    `${at(literal.position)}. ${hint}`;
  return { ok: false, problem: diagnostic('type-mismatch', message, literal.position) };
}

function invalidDate(literal: Literal): LiteralReading {
  const message = `invalid date ${formatLiteral(literal)}${at(literal.position)}. Write a day that exists in the calendar`;
  return { ok: false, problem: diagnostic('invalid-value', message, literal.position) };
}

function invalidTime(literal: Literal): LiteralReading {
  const message =
    `invalid time of day ${formatLiteral(literal)}${at(literal.position)}. ` +
    'Write hours from 00 to 23 and minutes and seconds from 00 to 59';
  return { ok: false, problem: diagnostic('invalid-value', message, literal.position) };
}

/** Describes a literal for a message: `number 00123`, `text 'Seattle'`, `boolean true`. */
export function describeLiteral(literal: Literal): string {
  const kind = literal.kind === 'string' ? 'text' : literal.kind;
  return `${kind} ${formatLiteral(literal)}`;
}

/** Writes a field or segment name for a message, in double quotes as rule text would. */
export function quoteForMessage(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
