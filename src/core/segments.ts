import type { RuleNode } from '../rules/rule-tree.js';

/**
 * A segment as the analyses use it: either a rule over profile fields (and other segments) or a
 * fixed list of customer keys stored in the workspace.
 */
export type SegmentDefinition = RuleSegment | StaticSegment;

export interface RuleSegment {
  kind: 'rule';
  name: string;
  /** The rule as the user wrote it, kept for display. */
  ruleText: string;
  rule: RuleNode;
}

export interface StaticSegment {
  kind: 'static';
  name: string;
  /**
   * SQL relation with one text column `key` holding the member keys, distinct and trimmed.
   * Owned by the workspace, never user text.
   */
  membersRelation: string;
}

/** Looks up saved segments by name, for `in segment "Name"` references. */
export type SegmentResolver = (name: string) => SegmentDefinition | undefined;
