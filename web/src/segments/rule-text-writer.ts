import { isSegmentOperator, needsValue, type BuilderOperator, type BuilderRule, type ConditionRow, type FieldType, type Join } from './builder-rule.js';

/**
 * Words with a meaning in rule text; a field named like one is written in double quotes. The
 * web app talks to the server only through its API, so this copies the rule language's list
 * (docs/rule-language.md), and a test holds the two lists equal.
 */
export const RULE_KEYWORDS = ['and', 'or', 'not', 'in', 'between', 'contains', 'starts', 'ends', 'with', 'is', 'empty', 'segment', 'true', 'false'] as const;

const BARE_NAME = /^[\p{L}_][\p{L}\p{M}\p{N}_]*$/u;

const COMPARISONS: Partial<Record<BuilderOperator, string>> = { eq: '=', neq: '!=', lt: '<', lte: '<=', gt: '>', gte: '>=' };
const TEXT_MATCHES: Partial<Record<BuilderOperator, string>> = {
  contains: 'contains',
  not_contains: 'not contains',
  starts_with: 'starts with',
  ends_with: 'ends with',
};

type TextNode = { join: Join; children: TextNode[] } | { row: string };

/**
 * Writes the builder's current rows as rule text, with the parentheses and quoting the rule
 * language needs, so the text mode starts from exactly the rule on screen. A row that still lacks
 * its value is written without it (`age >`), and the server's check then points at that spot.
 * A builder in which no row has a value yet gives empty text.
 */
export function builderRuleText(rule: BuilderRule, types: ReadonlyMap<string, FieldType>): string {
  const rows = rule.groups.flatMap((group) => group.rows);
  if (rows.every((row) => isBlank(row))) return '';

  const groups = rule.groups.filter((group) => group.rows.length > 0).map((group) => chain(group.join, group.rows.map((row) => ({ row: rowText(row, types) }))));
  return groups.length === 0 ? '' : formatNode(chain(rule.join, groups));
}

/** Quotes text for rule text: single quotes, with a quote inside doubled (`'O''Brien'`). */
export function quoteText(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Writes a field name bare when it is a plain word and no keyword, otherwise in double quotes. */
export function quoteFieldName(name: string): string {
  const isKeyword = (RULE_KEYWORDS as readonly string[]).includes(name.toLowerCase());
  return BARE_NAME.test(name) && !isKeyword ? name : quoteSegmentName(name);
}

/** Segment names are always written in double quotes, as the server writes them. */
function quoteSegmentName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function chain(join: Join, children: TextNode[]): TextNode {
  return children.length === 1 ? (children[0] as TextNode) : { join, children };
}

/** Adds parentheses where precedence (`and` before `or`) would regroup, as the server's formatter does. */
function formatNode(node: TextNode): string {
  if ('row' in node) return node.row;
  const needsParentheses = (child: TextNode) => 'join' in child && (node.join === 'all' || child.join === 'any');
  return node.children.map((child) => (needsParentheses(child) ? `(${formatNode(child)})` : formatNode(child))).join(node.join === 'all' ? ' and ' : ' or ');
}

function isBlank(row: ConditionRow): boolean {
  if (isSegmentOperator(row.op)) return row.value === '';
  return needsValue(row.op) && row.value.trim() === '' && row.secondValue.trim() === '';
}

function rowText(row: ConditionRow, types: ReadonlyMap<string, FieldType>): string {
  if (isSegmentOperator(row.op)) return `${row.op === 'in_segment' ? 'in' : 'not in'} segment ${row.value === '' ? '' : quoteSegmentName(row.value)}`.trimEnd();

  const field = quoteFieldName(row.field);
  const value = (text: string) => valueText(text, types.get(row.field) ?? 'text');
  if (row.op === 'is_empty') return `${field} is empty`;
  if (row.op === 'is_not_empty') return `${field} is not empty`;
  if (row.op === 'between') return `${field} between ${value(row.value)} and ${value(row.secondValue)}`.trimEnd();
  if (row.op === 'in' || row.op === 'not_in') {
    const values = row.value.split('\n').filter((line) => line.trim() !== '');
    return `${field} ${row.op === 'in' ? 'in' : 'not in'} (${values.map(value).join(', ')})`;
  }
  const operator = COMPARISONS[row.op] ?? TEXT_MATCHES[row.op] ?? row.op;
  return `${field} ${operator} ${value(row.value)}`.trimEnd();
}

/**
 * Writes a typed value as the builder would send it: numbers and booleans bare when they read as
 * such, everything else as quoted text, so a mistyped number reaches the server's type check.
 */
function valueText(text: string, type: FieldType): string {
  const value = text.trim();
  if (value === '') return '';
  if (type === 'integer' || type === 'decimal') {
    const number = Number(value);
    return Number.isFinite(number) ? String(number) : quoteText(value);
  }
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value;
  return quoteText(value);
}
