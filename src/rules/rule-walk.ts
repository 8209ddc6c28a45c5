import type { Literal, RuleNode } from './rule-tree.js';

/**
 * Maximum nesting of `not`, parentheses and JSON groups that the parsers accept. Checking and
 * compiling recurse once per level, so the limit keeps hostile input from overflowing the stack.
 */
export const MAX_RULE_DEPTH = 100;

/** A leaf that tests one profile field. */
export type ConditionNode = Extract<RuleNode, { field: string }>;

/** Yields every node of a rule, parents before children, in the order they appear in the text. */
export function* ruleNodes(node: RuleNode): Generator<RuleNode> {
  yield node;
  if (node.kind === 'and' || node.kind === 'or') {
    for (const child of node.children) yield* ruleNodes(child);
  } else if (node.kind === 'not') {
    yield* ruleNodes(node.child);
  }
}

export function isConditionNode(node: RuleNode): node is ConditionNode {
  return 'field' in node;
}

/** Returns the literals of a condition, in the order they are written. */
export function conditionLiterals(node: ConditionNode): Literal[] {
  switch (node.kind) {
    case 'compare':
    case 'text-match':
      return [node.value];
    case 'between':
      return [node.low, node.high];
    case 'in-list':
      return node.values;
    case 'empty':
      return [];
  }
}

/**
 * Returns a copy of the rule without source positions, for comparing trees that came from
 * different texts or from JSON.
 */
export function withoutPositions(node: RuleNode): RuleNode {
  return stripPositions(node) as RuleNode;
}

function stripPositions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripPositions);
  if (value === null || typeof value !== 'object') return value;

  const copy: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (key !== 'position') copy[key] = stripPositions(entry);
  }
  return copy;
}
