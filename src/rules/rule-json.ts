import { COMPARE_OPERATORS, readRuleJson } from './rule-json-reader.js';
import type { RuleJson, RuleJsonSingleValueOperator } from './rule-json-schema.js';
import type { RuleNode, TextMatchOperator } from './rule-tree.js';

export * from './rule-json-schema.js';

const COMPARE_OPS = Object.fromEntries(
  Object.entries(COMPARE_OPERATORS).map(([op, operator]) => [operator, op]),
);

/**
 * Reads the JSON form of a rule into a rule tree. An `all` or `any` with a single condition
 * becomes that condition, so the tree matches what the same rule parses to from text.
 * Throws a RuleError listing every problem found, each naming its JSON path.
 */
export function ruleFromJson(json: unknown): RuleNode {
  return readRuleJson(json);
}

/** Writes a rule tree in the JSON form. Positions are dropped. */
export function ruleToJson(node: RuleNode): RuleJson {
  switch (node.kind) {
    case 'and':
      return { all: node.children.map(ruleToJson) };
    case 'or':
      return { any: node.children.map(ruleToJson) };
    case 'not':
      return { not: ruleToJson(node.child) };
    case 'in-segment':
      return { segment: node.segment };
    case 'compare':
      return {
        field: node.field,
        op: COMPARE_OPS[node.operator] as RuleJsonSingleValueOperator,
        value: node.value.value,
      };
    case 'between':
      return { field: node.field, op: 'between', value: [node.low.value, node.high.value] };
    case 'in-list':
      return {
        field: node.field,
        op: node.negated ? 'not_in' : 'in',
        value: node.values.map((value) => value.value),
      };
    case 'text-match':
      return { field: node.field, op: textMatchOp(node.operator, node.negated), value: node.value.value };
    case 'empty':
      return { field: node.field, op: node.negated ? 'is_not_empty' : 'is_empty' };
  }
}

function textMatchOp(operator: TextMatchOperator, negated: boolean): RuleJsonSingleValueOperator {
  const op = operator.replace(' ', '_');
  return (negated ? `not_${op}` : op) as RuleJsonSingleValueOperator;
}
