import type { SourcePosition } from '../core/errors.js';
import { at, diagnostic, ruleError, syntaxError } from './rule-diagnostics.js';
import { isRuleKeyword, tokenize, type Token } from './rule-lexer.js';
import type { CompareOperator, Literal, RuleNode, TextMatchOperator } from './rule-tree.js';
import { MAX_RULE_DEPTH } from './rule-walk.js';

/**
 * Parses rule text into a rule tree. `not` binds tightest, then `and`, then `or`, and parentheses
 * group. Throws a RuleError with one `syntax` diagnostic pointing at the token at fault.
 *
 * Every node gets the position of its first token, except `in segment "Name"`, which points at the
 * name so that an unknown segment is reported where it is written.
 */
export function parseRule(text: string): RuleNode {
  const parser = new RuleParser(tokenize(text));
  return parser.parseWhole();
}

const OPERATOR_HINT = 'Use one of = != < <= > >=, between, in, contains, starts with, ends with, is empty';
const PREDICATE_WORDS = ['between', 'in', 'contains', 'starts', 'ends', 'is'];
const VALUE_HINT = "Write a number, 'text in single quotes', true or false";

class RuleParser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parseWhole(): RuleNode {
    const first = this.peek();
    if (first.kind === 'end') {
      throw syntaxError(
        `empty rule${at(first.position)}. Write a condition such as city = 'Seattle'`,
        first.position,
      );
    }

    const node = this.parseOr();
    const rest = this.peek();
    if (rest.kind !== 'end') {
      const hint = rest.value === ')' ? 'Remove it or add the matching "("' : 'Join conditions with and / or';
      throw syntaxError(`unexpected ${describe(rest)}${at(rest.position)}. ${hint}`, rest.position);
    }
    return node;
  }

  private parseOr(): RuleNode {
    return this.parseChain('or', () => this.parseAnd());
  }

  private parseAnd(): RuleNode {
    return this.parseChain('and', () => this.parseNot());
  }

  /** Parses `operand (keyword operand)*` into one flat and/or node. */
  private parseChain(keyword: 'and' | 'or', parseOperand: () => RuleNode): RuleNode {
    const first = parseOperand();
    const children = [first];
    while (this.isKeyword(this.peek(), keyword)) {
      this.index++;
      children.push(parseOperand());
    }
    if (children.length === 1) return first;
    return withPosition({ kind: keyword, children }, first.position);
  }

  private parseNot(): RuleNode {
    const token = this.peek();
    if (!this.isKeyword(token, 'not')) return this.parsePrimary();

    this.index++;
    const child = this.nested(token, () => this.parseNot());
    return { kind: 'not', child, position: token.position };
  }

  private parsePrimary(): RuleNode {
    const token = this.peek();

    if (token.kind === 'punctuation' && token.value === '(') return this.parseGroup(token);
    if (this.isKeyword(token, 'in')) return this.parseInSegment();
    if (token.kind === 'name' || (token.kind === 'word' && !isRuleKeyword(token.value))) {
      this.index++;
      return this.parsePredicate(token);
    }
    throw this.conditionExpected(token);
  }

  private parseGroup(open: Token): RuleNode {
    this.index++;
    const node = this.nested(open, () => this.parseOr());
    const close = this.peek();
    if (close.kind !== 'punctuation' || close.value !== ')') {
      throw syntaxError(
        `expected ")"${at(close.position)} to close the "(" at ${open.position.line}:${open.position.column}, ` +
          `found ${describe(close)}. Add the ")" or join conditions with and / or`,
        close.position,
      );
    }
    this.index++;
    return node;
  }

  private parseInSegment(): RuleNode {
    this.index++;
    this.expectKeyword(
      'segment',
      '"in"',
      'Write in segment "Name", or start the condition with a field name',
    );

    const name = this.peek();
    if (name.kind === 'name' || (name.kind === 'word' && !isRuleKeyword(name.value))) {
      this.index++;
      if (name.value === '') throw emptyName(name);
      // Saved segment names are NFC, so a reference typed in another Unicode form still finds its segment.
      return { kind: 'in-segment', segment: name.value.normalize('NFC'), position: name.position };
    }
    const hint =
      name.kind === 'string'
        ? `Segment names take double quotes: in segment ${quoteDouble(name.value)}`
        : 'Write the segment name in double quotes: in segment "High spenders"';
    throw syntaxError(
      `expected a segment name after "in segment"${at(name.position)}${found(name)}. ${hint}`,
      name.position,
    );
  }

  /** Parses what follows a field name: an operator and its values. */
  private parsePredicate(fieldToken: Token): RuleNode {
    if (fieldToken.kind === 'name' && fieldToken.value === '') throw emptyName(fieldToken);

    const field = fieldToken.value;
    const position = fieldToken.position;
    const token = this.peek();

    if (token.kind === 'operator') {
      this.index++;
      const operator = token.value as CompareOperator;
      return { kind: 'compare', field, operator, value: this.parseValue(`"${token.text}"`), position };
    }
    if (this.isKeyword(token, 'not')) {
      this.index++;
      return this.parseNegatedPredicate(field, position);
    }
    return this.parseWordPredicate(field, position, false, token);
  }

  private parseNegatedPredicate(field: string, position: SourcePosition): RuleNode {
    const token = this.peek();
    if (this.isKeyword(token, 'between')) {
      return { kind: 'not', child: this.parseWordPredicate(field, position, false, token), position };
    }
    if (['in', 'contains', 'starts', 'ends'].some((word) => this.isKeyword(token, word))) {
      return this.parseWordPredicate(field, position, true, token);
    }
    throw syntaxError(
      `expected in, contains, starts with, ends with or between after "not"${at(token.position)}${found(token)}. ` +
        `To negate a whole condition, write not before it: not (${field} = 'x')`,
      token.position,
    );
  }

  /** Parses `between`, `in`, `contains`, `starts with`, `ends with` and `is [not] empty`. */
  private parseWordPredicate(
    field: string,
    position: SourcePosition,
    negated: boolean,
    token: Token,
  ): RuleNode {
    const word = token.kind === 'word' ? token.value.toLowerCase() : '';
    if (!PREDICATE_WORDS.includes(word)) {
      throw syntaxError(
        `expected an operator after ${quoteDouble(field)}${at(token.position)}${found(token)}. ${OPERATOR_HINT}`,
        token.position,
      );
    }
    this.index++;

    switch (word) {
      case 'between':
        return this.parseBetween(field, position);
      case 'in':
        return { kind: 'in-list', field, values: this.parseValueList(), negated, position };
      case 'contains':
        return this.textMatch(field, position, 'contains', negated, '"contains"');
      case 'is':
        return this.parseEmpty(field, position);
      default:
        this.expectKeyword('with', `"${word}"`, `Write ${word} with 'text'`);
        return this.textMatch(
          field,
          position,
          `${word} with` as TextMatchOperator,
          negated,
          `"${word} with"`,
        );
    }
  }

  private textMatch(
    field: string,
    position: SourcePosition,
    operator: TextMatchOperator,
    negated: boolean,
    after: string,
  ): RuleNode {
    return { kind: 'text-match', field, operator, value: this.parseValue(after), negated, position };
  }

  private parseBetween(field: string, position: SourcePosition): RuleNode {
    const low = this.parseValue('"between"');
    this.expectKeyword('and', 'the lower bound of "between"', 'Write between 18 and 29');
    const high = this.parseValue('"and"');
    return { kind: 'between', field, low, high, position };
  }

  private parseEmpty(field: string, position: SourcePosition): RuleNode {
    const negated = this.isKeyword(this.peek(), 'not');
    if (negated) this.index++;
    this.expectKeyword('empty', negated ? '"is not"' : '"is"', 'Write is empty or is not empty');
    return { kind: 'empty', field, negated, position };
  }

  private parseValueList(): Literal[] {
    const open = this.peek();
    if (open.kind !== 'punctuation' || open.value !== '(') {
      throw syntaxError(
        `expected "(" after "in"${at(open.position)}${found(open)}. Write the values in parentheses: in ('a', 'b')`,
        open.position,
      );
    }
    this.index++;

    const close = this.peek();
    if (close.kind === 'punctuation' && close.value === ')') {
      throw syntaxError(
        `empty value list${at(close.position)}. Write at least one value: in ('a', 'b')`,
        close.position,
      );
    }

    const values = [this.parseValue('"("')];
    for (;;) {
      const separator = this.peek();
      this.index++;
      if (separator.kind === 'punctuation' && separator.value === ')') return values;
      if (separator.kind === 'punctuation' && separator.value === ',') {
        values.push(this.parseValue('","'));
        continue;
      }
      throw syntaxError(
        `expected "," or ")" in the value list${at(separator.position)}${found(separator)}. ` +
          'Separate values with commas and close the list with ")"',
        separator.position,
      );
    }
  }

  private parseValue(after: string): Literal {
    const token = this.peek();
    const position = token.position;

    if (token.kind === 'string') {
      this.index++;
      return { kind: 'string', value: token.value, position };
    }
    if (token.kind === 'number') {
      this.index++;
      return { kind: 'number', value: Number(token.value), text: token.value, position };
    }
    if (this.isKeyword(token, 'true') || this.isKeyword(token, 'false')) {
      this.index++;
      return { kind: 'boolean', value: token.value.toLowerCase() === 'true', position };
    }
    throw syntaxError(
      `expected a value after ${after}${at(position)}${found(token)}. ${valueHint(token)}`,
      position,
    );
  }

  private expectKeyword(keyword: string, after: string, hint: string): void {
    const token = this.peek();
    if (this.isKeyword(token, keyword)) {
      this.index++;
      return;
    }
    throw syntaxError(
      `expected "${keyword}" after ${after}${at(token.position)}${found(token)}. ${hint}`,
      token.position,
    );
  }

  private conditionExpected(token: Token): Error {
    const previous = this.tokens[this.index - 1];
    const after = previous ? ` after ${describe(previous)}` : '';
    if (token.kind === 'word') {
      return syntaxError(
        `expected a field name${after}${at(token.position)}, found keyword "${token.value}". ` +
          `Write it in double quotes to use it as a field name: ${quoteDouble(token.value)}`,
        token.position,
      );
    }
    return syntaxError(
      `expected a condition${after}${at(token.position)}${found(token)}. ` +
        'Write a condition such as city = \'Seattle\', in segment "Name", not or (',
      token.position,
    );
  }

  /** Parses one level deeper, rejecting rules nested past MAX_RULE_DEPTH. */
  private nested(token: Token, parse: () => RuleNode): RuleNode {
    if (this.depth >= MAX_RULE_DEPTH) {
      throw syntaxError(
        `rule nests more than ${MAX_RULE_DEPTH} levels deep${at(token.position)}. ` +
          'Remove redundant parentheses and double negations',
        token.position,
      );
    }

    this.depth++;
    const node = parse();
    this.depth--;
    return node;
  }

  private peek(): Token {
    const token = this.tokens[this.index] ?? this.tokens[this.tokens.length - 1];
    if (!token) throw new Error('the token list has no end token');
    return token;
  }

  private isKeyword(token: Token, keyword: string): boolean {
    return token.kind === 'word' && token.value.toLowerCase() === keyword;
  }
}

function withPosition<T extends RuleNode>(node: T, position: SourcePosition | undefined): T {
  return position ? { ...node, position } : node;
}

function emptyName(token: Token): Error {
  return ruleError([
    diagnostic(
      'syntax',
      `empty name ""${at(token.position)}. Write a name between the double quotes`,
      token.position,
    ),
  ]);
}

/** Describes a token for a message: `"and"`, `'Seattle'`, `")"` or the end of the rule. */
function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the rule';
    case 'string':
    case 'name':
      return token.text;
    default:
      return `"${token.text}"`;
  }
}

function found(token: Token): string {
  return `, found ${describe(token)}`;
}

function valueHint(token: Token): string {
  if (token.kind === 'name' || (token.kind === 'word' && !isRuleKeyword(token.value))) {
    return `Text values take single quotes: '${token.value.replaceAll("'", "''")}'`;
  }
  return VALUE_HINT;
}

function quoteDouble(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}
