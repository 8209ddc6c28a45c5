import type { SourcePosition } from '../core/errors.js';
import { at, diagnostic, ruleError, syntaxError } from './rule-diagnostics.js';

/**
 * Words with a meaning in rule text. A field or segment named like one of them must be written in
 * double quotes (`"empty" is empty`). Matched without regard to case.
 */
export const RULE_KEYWORDS = [
  'and',
  'or',
  'not',
  'in',
  'between',
  'contains',
  'starts',
  'ends',
  'with',
  'is',
  'empty',
  'segment',
  'true',
  'false',
] as const;

export type RuleKeyword = (typeof RULE_KEYWORDS)[number];

export function isRuleKeyword(word: string): boolean {
  return (RULE_KEYWORDS as readonly string[]).includes(word.toLowerCase());
}

/**
 * One token of rule text. `value` is the decoded content: a bare word as written, a quoted name or
 * string without its quotes and escapes, an operator with `<>` spelt `!=`. `text` is the source
 * text of the token, for messages.
 */
export interface Token {
  kind: 'word' | 'name' | 'string' | 'number' | 'operator' | 'punctuation' | 'end';
  value: string;
  text: string;
  position: SourcePosition;
}

/** A bare field name: a letter or `_`, then letters, marks, digits or `_`. */
export const BARE_NAME = /^[\p{L}_][\p{L}\p{M}\p{N}_]*$/u;

const WORD = /[\p{L}_][\p{L}\p{M}\p{N}_]*/uy;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const NUMBER_TAIL = /[\p{L}\p{N}_.]/u;
const OPERATORS = ['<=', '>=', '<>', '!=', '=', '<', '>'];
const PUNCTUATION = ['(', ')', ','];
const WHITESPACE = /\s/u;

/** Splits rule text into tokens, ending with an `end` token. Throws a syntax RuleError. */
export function tokenize(text: string): Token[] {
  const positionAt = positionFinder(text);
  const tokens: Token[] = [];
  let offset = 0;

  while (offset < text.length) {
    const char = text[offset] ?? '';
    if (WHITESPACE.test(char)) {
      offset++;
      continue;
    }
    const token = readToken(text, offset, positionAt);
    tokens.push(token.token);
    offset = token.next;
  }

  tokens.push({ kind: 'end', value: '', text: '', position: positionAt(text.length) });
  return tokens;
}

type PositionFinder = (offset: number) => SourcePosition;

function readToken(text: string, offset: number, positionAt: PositionFinder): { token: Token; next: number } {
  const char = text[offset] ?? '';
  const position = positionAt(offset);

  if (char === "'") return readQuoted(text, offset, "'", 'string', positionAt);
  if (char === '"') return readQuoted(text, offset, '"', 'name', positionAt);

  const number = matchAt(NUMBER, text, offset);
  if (number !== undefined) return readNumber(text, offset, number, position);

  const word = matchAt(WORD, text, offset);
  if (word !== undefined)
    return { token: { kind: 'word', value: word, text: word, position }, next: offset + word.length };

  const operator = OPERATORS.find((candidate) => text.startsWith(candidate, offset));
  if (operator !== undefined) {
    const value = operator === '<>' ? '!=' : operator;
    return { token: { kind: 'operator', value, text: operator, position }, next: offset + operator.length };
  }

  if (PUNCTUATION.includes(char)) {
    return { token: { kind: 'punctuation', value: char, text: char, position }, next: offset + 1 };
  }

  const character = String.fromCodePoint(text.codePointAt(offset) ?? 0);
  throw syntaxError(
    `unexpected character "${character}"${at(position)}. ` +
      `Write field names bare or in "double quotes" and text values in 'single quotes'`,
    position,
  );
}

function readNumber(
  text: string,
  offset: number,
  number: string,
  position: SourcePosition,
): { token: Token; next: number } {
  const next = offset + number.length;

  // `12abc` or `1.2.3` is a typo, not the number 12 followed by a field name.
  if (NUMBER_TAIL.test(text[next] ?? '')) {
    const rest = /^[\p{L}\p{N}_.]*/u.exec(text.slice(next))?.[0] ?? '';
    throw syntaxError(
      `invalid number "${number}${rest}"${at(position)}. ` +
        `Write numbers like -12, 3.5 or 1e3, and text values in 'single quotes'`,
      position,
    );
  }
  if (!Number.isFinite(Number(number))) {
    throw ruleError([
      diagnostic(
        'invalid-value',
        `number ${number} is out of range${at(position)}. Write a smaller number`,
        position,
      ),
    ]);
  }
  return { token: { kind: 'number', value: number, text: number, position }, next };
}

/** Reads a quoted string or name, where a doubled quote stands for one quote. */
function readQuoted(
  text: string,
  offset: number,
  quote: string,
  kind: 'string' | 'name',
  positionAt: PositionFinder,
): { token: Token; next: number } {
  const position = positionAt(offset);
  let value = '';
  let index = offset + 1;

  while (index < text.length) {
    const char = text[index];
    if (char === quote && text[index + 1] === quote) {
      value += quote;
      index += 2;
    } else if (char === quote) {
      const source = text.slice(offset, index + 1);
      return { token: { kind, value, text: source, position }, next: index + 1 };
    } else {
      value += char;
      index++;
    }
  }

  throw syntaxError(`unterminated ${kind} starting${at(position)}. Close it with ${quote}`, position);
}

function matchAt(pattern: RegExp, text: string, offset: number): string | undefined {
  pattern.lastIndex = offset;
  return pattern.exec(text)?.[0];
}

/**
 * Returns a function from a 0-based offset to a line and column, both 1-based. Columns count
 * UTF-16 code units, as JavaScript strings and most editors do.
 */
function positionFinder(text: string): PositionFinder {
  const lineStarts = [0];
  for (let index = 0; index < text.length; index++) {
    if (text[index] === '\n') lineStarts.push(index + 1);
  }

  return (offset) => {
    let line = lineStarts.length - 1;
    while (line > 0 && (lineStarts[line] ?? 0) > offset) line--;
    const column = offset - (lineStarts[line] ?? 0) + 1;
    return { line: line + 1, column, offset };
  };
}
