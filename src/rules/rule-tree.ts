import type { SourcePosition } from '../core/errors.js';

/**
 * The tree that both rule forms (text and JSON) parse to. Checking and compiling work on this tree
 * only. `position` is set when the node came from rule text, so diagnostics can point at it.
 */
export type RuleNode =
  | AndNode
  | OrNode
  | NotNode
  | CompareNode
  | BetweenNode
  | InListNode
  | TextMatchNode
  | EmptyNode
  | InSegmentNode;

export const COMPARE_OPERATORS = ['=', '!=', '<', '<=', '>', '>='] as const;
export type CompareOperator = (typeof COMPARE_OPERATORS)[number];

export const TEXT_MATCH_OPERATORS = ['contains', 'starts with', 'ends with'] as const;
export type TextMatchOperator = (typeof TEXT_MATCH_OPERATORS)[number];

/**
 * A literal as written. Strings stay strings until checking: a string compared with a date field
 * becomes a date there.
 */
export type Literal =
  | { kind: 'string'; value: string; position?: SourcePosition }
  | { kind: 'number'; value: number; text: string; position?: SourcePosition }
  | { kind: 'boolean'; value: boolean; position?: SourcePosition };

interface NodeBase {
  position?: SourcePosition;
}

export interface AndNode extends NodeBase {
  kind: 'and';
  children: RuleNode[];
}

export interface OrNode extends NodeBase {
  kind: 'or';
  children: RuleNode[];
}

export interface NotNode extends NodeBase {
  kind: 'not';
  child: RuleNode;
}

export interface CompareNode extends NodeBase {
  kind: 'compare';
  field: string;
  operator: CompareOperator;
  value: Literal;
}

/** Inclusive at both ends. */
export interface BetweenNode extends NodeBase {
  kind: 'between';
  field: string;
  low: Literal;
  high: Literal;
}

export interface InListNode extends NodeBase {
  kind: 'in-list';
  field: string;
  values: Literal[];
  negated: boolean;
}

export interface TextMatchNode extends NodeBase {
  kind: 'text-match';
  field: string;
  operator: TextMatchOperator;
  value: Literal;
  negated: boolean;
}

/** `is empty`: null, and the empty string for text fields. */
export interface EmptyNode extends NodeBase {
  kind: 'empty';
  field: string;
  negated: boolean;
}

export interface InSegmentNode extends NodeBase {
  kind: 'in-segment';
  segment: string;
}
