import { BARE_NAME, isRuleKeyword } from './rule-lexer.js';
import type { Literal, RuleNode } from './rule-tree.js';

const NUMBER_TEXT = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * Writes a rule tree back as rule text. For every tree that `parseRule` or `ruleFromJson` returns,
 * `parseRule(formatRule(node))` equals `node` apart from positions: parentheses are added wherever
 * the tree nests an `and` or `or` that precedence alone would flatten or regroup.
 */
export function formatRule(node: RuleNode): string {
  switch (node.kind) {
    case 'or':
      return formatChain(node.children, ' or ', (child) => child.kind === 'or');
    case 'and':
      return formatChain(node.children, ' and ', (child) => child.kind === 'or' || child.kind === 'and');
    case 'not':
      return formatNot(node.child);
    case 'compare':
      return `${quoteName(node.field)} ${node.operator} ${formatLiteral(node.value)}`;
    case 'between':
      return `${quoteName(node.field)} between ${formatLiteral(node.low)} and ${formatLiteral(node.high)}`;
    case 'in-list':
      return `${quoteName(node.field)} ${node.negated ? 'not in' : 'in'} (${node.values.map(formatLiteral).join(', ')})`;
    case 'text-match':
      return `${quoteName(node.field)} ${node.negated ? 'not ' : ''}${node.operator} ${formatLiteral(node.value)}`;
    case 'empty':
      return `${quoteName(node.field)} is ${node.negated ? 'not empty' : 'empty'}`;
    case 'in-segment':
      return `in segment ${quoteSegmentName(node.segment)}`;
  }
}

/** Quotes a text value for rule text: `'it''s'`. */
export function quoteTextLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Writes a field name for rule text: bare when it is a plain word and no keyword, otherwise in
 * double quotes with `"` doubled (`"total spend"`, `"a""b"`, `"empty"`).
 */
export function quoteName(name: string): string {
  if (BARE_NAME.test(name) && !isRuleKeyword(name)) return name;
  return quoteSegmentName(name);
}

/** Segment names are always written in double quotes, which reads better in `in segment "X"`. */
function quoteSegmentName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function formatLiteral(literal: Literal): string {
  switch (literal.kind) {
    case 'string':
      return quoteTextLiteral(literal.value);
    case 'number':
      return NUMBER_TEXT.test(literal.text) && Number(literal.text) === literal.value
        ? literal.text
        : String(literal.value);
    case 'boolean':
      return literal.value ? 'true' : 'false';
  }
}

function formatChain(
  children: RuleNode[],
  separator: string,
  needsParentheses: (child: RuleNode) => boolean,
): string {
  if (children.length === 0) throw new Error('an and/or node has no children');

  return children
    .map((child) => (needsParentheses(child) ? `(${formatRule(child)})` : formatRule(child)))
    .join(separator);
}

function formatNot(child: RuleNode): string {
  if (child.kind === 'in-segment' || child.kind === 'not') return `not ${formatRule(child)}`;
  return `not (${formatRule(child)})`;
}
