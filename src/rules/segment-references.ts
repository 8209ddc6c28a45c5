import type { SegmentResolver } from '../core/segments.js';
import { isConditionNode, ruleNodes } from './rule-walk.js';
import type { RuleNode } from './rule-tree.js';

/** Names of the segments a rule refers to directly, each once, in the order they appear. */
export function referencedSegments(node: RuleNode): string[] {
  const names = new Set<string>();
  for (const current of ruleNodes(node)) {
    if (current.kind === 'in-segment') names.add(current.segment);
  }
  return [...names];
}

/**
 * Names of the profile fields a rule reads, each once, in the order they appear, including the
 * fields of the rule segments it refers to (directly or through others). Unknown and static
 * segments add no fields, and a segment cycle is followed only once.
 */
export function referencedFields(node: RuleNode, segments: SegmentResolver): string[] {
  const fields = new Set<string>();
  const visited = new Set<string>();

  const collect = (rule: RuleNode): void => {
    for (const current of ruleNodes(rule)) {
      if (isConditionNode(current)) fields.add(current.field);
      if (current.kind !== 'in-segment' || visited.has(current.segment)) continue;

      visited.add(current.segment);
      const segment = segments(current.segment);
      if (segment?.kind === 'rule') collect(segment.rule);
    }
  };

  collect(node);
  return [...fields];
}

/**
 * Finds segment cycles reachable from one rule by following the rules of the segments it refers
 * to. When the rule is being saved as segment `segmentName`, references to that name lead back
 * to the rule itself, not to the stored definition it replaces.
 */
export class SegmentCycleFinder {
  /** Segments already explored without finding a cycle through them. */
  private readonly acyclic = new Set<string>();

  constructor(
    private readonly rule: RuleNode,
    private readonly segments: SegmentResolver,
    private readonly segmentName?: string,
  ) {}

  /**
   * Returns the chain of a cycle met when following `reference` from the rule, such as
   * `["A", "B", "A"]`, or undefined when there is none.
   */
  cycleThrough(reference: string): string[] | undefined {
    const path = this.segmentName === undefined ? [] : [this.segmentName];
    return this.follow(reference, path);
  }

  private follow(name: string, path: string[]): string[] | undefined {
    const repeated = path.indexOf(name);
    if (repeated >= 0) return [...path.slice(repeated), name];
    if (this.acyclic.has(name)) return undefined;

    const rule = this.ruleOf(name);
    if (rule) {
      for (const reference of referencedSegments(rule)) {
        const cycle = this.follow(reference, [...path, name]);
        if (cycle) return cycle;
      }
    }
    this.acyclic.add(name);
    return undefined;
  }

  private ruleOf(name: string): RuleNode | undefined {
    if (name === this.segmentName) return this.rule;
    const segment = this.segments(name);
    return segment?.kind === 'rule' ? segment.rule : undefined;
  }
}
