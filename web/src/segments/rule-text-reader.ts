import { emptyRow, newId, type BuilderOperator, type BuilderRule, type ConditionGroup, type ConditionRow, type Join } from './builder-rule.js';

/**
 * Reads saved rule text back into the builder's rows, so a segment made with the builder can be
 * edited with it. Only the shapes the builder makes are read: conditions, `in segment`, and
 * AND/OR at most two levels deep. Anything else (a `not (...)` around a group, deeper nesting)
 * returns null, and the editor keeps the rule in text mode. The server checks the rule either way.
 */
export function readRuleText(text: string): BuilderRule | null {
  try {
    const parser = new Parser(tokenize(text));
    const node = parser.expression();
    if (!parser.atEnd()) return null;
    return toBuilder(node);
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}

class Unsupported extends Error {}

type Node = { kind: Join; children: Node[] } | { kind: 'row'; row: ConditionRow };

interface Token {
  kind: 'word' | 'name' | 'string' | 'number' | 'symbol';
  value: string;
}

const TOKEN = /\s*(?:'((?:[^']|'')*)'|"((?:[^"]|"")*)"|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(<=|>=|<>|!=|=|<|>|\(|\)|,)|([\p{L}_][\p{L}\p{M}\p{N}_]*))/uy;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (text.slice(TOKEN.lastIndex).trim() !== '') {
    const match = TOKEN.exec(text);
    if (!match) throw new Unsupported();
    const [, string, name, number, symbol, word] = match;
    if (string !== undefined) tokens.push({ kind: 'string', value: string.replaceAll("''", "'") });
    else if (name !== undefined) tokens.push({ kind: 'name', value: name.replaceAll('""', '"') });
    else if (number !== undefined) tokens.push({ kind: 'number', value: number });
    else if (symbol !== undefined) tokens.push({ kind: 'symbol', value: symbol === '<>' ? '!=' : symbol });
    else tokens.push({ kind: 'word', value: word ?? '' });
  }
  return tokens;
}

const COMPARISONS: Record<string, BuilderOperator> = { '=': 'eq', '!=': 'neq', '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  atEnd(): boolean {
    return this.index >= this.tokens.length;
  }

  expression(): Node {
    return this.chain('any', () => this.chain('all', () => this.primary()));
  }

  private chain(join: Join, next: () => Node): Node {
    const children = [next()];
    while (this.keyword(join === 'all' ? 'and' : 'or')) children.push(next());
    return children.length === 1 ? (children[0] as Node) : { kind: join, children };
  }

  private primary(): Node {
    if (this.symbol('(')) {
      const inner = this.expression();
      this.expectSymbol(')');
      return inner;
    }
    if (this.keyword('not')) {
      if (!this.keyword('in') || !this.keyword('segment')) throw new Unsupported();
      return this.segmentRow('not_in_segment');
    }
    if (this.keyword('in')) {
      if (!this.keyword('segment')) throw new Unsupported();
      return this.segmentRow('in_segment');
    }
    return { kind: 'row', row: this.condition(this.fieldName()) };
  }

  private segmentRow(op: BuilderOperator): Node {
    const token = this.next();
    if (token.kind !== 'name' && token.kind !== 'word') throw new Unsupported();
    return { kind: 'row', row: { ...emptyRow(), op, value: token.value } };
  }

  private condition(field: string): ConditionRow {
    const row = emptyRow(field);
    const token = this.next();
    if (token.kind === 'symbol' && COMPARISONS[token.value]) return { ...row, op: COMPARISONS[token.value] as BuilderOperator, value: this.literal() };

    const word = token.kind === 'word' ? token.value.toLowerCase() : '';
    if (word === 'between') {
      const low = this.literal();
      if (!this.keyword('and')) throw new Unsupported();
      return { ...row, op: 'between', value: low, secondValue: this.literal() };
    }
    if (word === 'is') {
      const negated = this.keyword('not');
      if (!this.keyword('empty')) throw new Unsupported();
      return { ...row, op: negated ? 'is_not_empty' : 'is_empty' };
    }
    const negated = word === 'not';
    const operator = negated ? this.nextWord() : word;
    if (operator === 'in') return { ...row, op: negated ? 'not_in' : 'in', value: this.list().join('\n') };
    if (operator === 'contains') return { ...row, op: negated ? 'not_contains' : 'contains', value: this.literal() };
    if ((operator === 'starts' || operator === 'ends') && !negated && this.keyword('with')) {
      return { ...row, op: operator === 'starts' ? 'starts_with' : 'ends_with', value: this.literal() };
    }
    throw new Unsupported();
  }

  private list(): string[] {
    this.expectSymbol('(');
    const values = [this.literal()];
    while (this.symbol(',')) values.push(this.literal());
    this.expectSymbol(')');
    return values;
  }

  private literal(): string {
    const token = this.next();
    if (token.kind === 'string' || token.kind === 'number') return token.value;
    if (token.kind === 'word' && ['true', 'false'].includes(token.value.toLowerCase())) return token.value.toLowerCase();
    throw new Unsupported();
  }

  private fieldName(): string {
    const token = this.next();
    if (token.kind !== 'name' && token.kind !== 'word') throw new Unsupported();
    return token.value;
  }

  private nextWord(): string {
    const token = this.next();
    return token.kind === 'word' ? token.value.toLowerCase() : '';
  }

  private next(): Token {
    const token = this.tokens[this.index];
    if (!token) throw new Unsupported();
    this.index += 1;
    return token;
  }

  private keyword(word: string): boolean {
    const token = this.tokens[this.index];
    if (token?.kind !== 'word' || token.value.toLowerCase() !== word) return false;
    this.index += 1;
    return true;
  }

  private symbol(value: string): boolean {
    const token = this.tokens[this.index];
    if (token?.kind !== 'symbol' || token.value !== value) return false;
    this.index += 1;
    return true;
  }

  private expectSymbol(value: string): void {
    if (!this.symbol(value)) throw new Unsupported();
  }
}

/** Fits a parsed rule into groups of rows: a row, a group of rows, or a group of such groups. */
function toBuilder(node: Node): BuilderRule {
  if (node.kind === 'row') return { join: 'all', groups: [group('all', [node])] };

  const nested = node.children.some((child) => child.kind !== 'row');
  if (!nested) return { join: node.kind === 'all' ? 'any' : 'all', groups: [group(node.kind, node.children)] };

  const inner: Join = node.kind === 'all' ? 'any' : 'all';
  const groups = node.children.map((child) => {
    if (child.kind === 'row') return group(inner, [child]);
    if (child.children.some((grandchild) => grandchild.kind !== 'row')) throw new Unsupported();
    return group(child.kind, child.children);
  });
  return { join: node.kind, groups };
}

function group(join: Join, rows: Node[]): ConditionGroup {
  return { id: newId(), join, rows: rows.map((row) => (row.kind === 'row' ? row.row : emptyRow())) };
}
