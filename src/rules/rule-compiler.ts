import type { Field } from '../core/fields.js';
import type { SegmentDefinition, SegmentResolver, StaticSegment } from '../core/segments.js';
import type { Dialect } from '../dialects/dialect.js';
import type { QueryParameters } from '../sql/compiled-query.js';
import { ConditionCompiler, negate } from './condition-compiler.js';
import { ruleDiagnostics } from './rule-checker.js';
import { at, diagnostic, ruleError } from './rule-diagnostics.js';
import type { InSegmentNode, RuleNode } from './rule-tree.js';
import { quoteForMessage } from './rule-values.js';

export interface RuleCompileContext {
  dialect: Dialect;
  parameters: QueryParameters;
  fields: Field[];
  /** Name of the profile key field, matched against the keys of static segments. */
  keyField: string;
  segments: SegmentResolver;
}

/**
 * Compiles a rule to an SQL boolean expression over the profile fields that is never NULL, so a
 * rule and `not` of it split the profiles in two. Values become parameters of
 * `context.parameters` and names go through `dialect.quoteIdentifier`. `in segment` references
 * are compiled inline. The rule is checked first, and every problem `checkRule` would report
 * throws a RuleError.
 */
export function compileRule(node: RuleNode, context: RuleCompileContext): string {
  return `COALESCE(${compileCheckedRule(node, context, [])}, FALSE)`;
}

/**
 * Compiles membership of a segment to SQL that is never NULL: its rule for a rule segment, the
 * list of member keys for a static one.
 */
export function compileSegmentMembership(segment: SegmentDefinition, context: RuleCompileContext): string {
  return `COALESCE(${compileSegmentCondition(segment, context)}, FALSE)`;
}

/**
 * Compiles membership of a segment for a WHERE or CASE WHEN, where NULL counts as false: the
 * same members as `compileSegmentMembership` without the outer COALESCE, which costs a function
 * call per row. Do not negate or compare the result; use `compileSegmentMembership` for that.
 */
export function compileSegmentCondition(segment: SegmentDefinition, context: RuleCompileContext): string {
  if (segment.kind === 'static') return compileStaticMembership(segment, context);
  return compileCheckedRule(segment.rule, context, [segment.name]);
}

/**
 * Checks and compiles a rule. `path` names the rule segments being compiled, outermost first; the
 * last one is the segment this rule defines.
 */
function compileCheckedRule(node: RuleNode, context: RuleCompileContext, path: string[]): string {
  const segmentName = path.at(-1);
  const checkContext = { fields: context.fields, segments: context.segments, segmentName };
  const diagnostics = ruleDiagnostics(node, checkContext);
  if (diagnostics.length > 0) {
    throw ruleError(
      diagnostics,
      segmentName === undefined ? undefined : `segment ${quoteForMessage(segmentName)}`,
    );
  }

  const compilation = new RuleCompilation(context, path);
  return compilation.compile(node);
}

class RuleCompilation {
  private readonly fields: Map<string, Field>;
  private readonly conditions: ConditionCompiler;

  constructor(
    private readonly context: RuleCompileContext,
    private readonly path: string[],
  ) {
    this.fields = new Map(context.fields.map((field) => [field.name, field]));
    this.conditions = new ConditionCompiler(context.dialect, context.parameters);
  }

  compile(node: RuleNode): string {
    switch (node.kind) {
      case 'and':
        return `(${node.children.map((child) => this.compile(child)).join(' AND ')})`;
      case 'or':
        return `(${node.children.map((child) => this.compile(child)).join(' OR ')})`;
      case 'not':
        return negate(this.compile(node.child));
      case 'in-segment':
        return this.compileSegmentReference(node);
      default:
        return this.conditions.compile(node, this.field(node.field));
    }
  }

  private compileSegmentReference(node: InSegmentNode): string {
    // The check before compiling reports cycles, so this guard only matters if a resolver
    // returns different definitions from one call to the next.
    if (this.path.includes(node.segment)) {
      const chain = [...this.path.slice(this.path.indexOf(node.segment)), node.segment];
      const message = `segment cycle ${chain.map(quoteForMessage).join(' → ')}${at(node.position)}`;
      throw ruleError([
        diagnostic('segment-cycle', `${message}. Remove one of these references`, node.position),
      ]);
    }

    const segment = this.context.segments(node.segment);
    if (!segment) {
      const message = `unknown segment ${quoteForMessage(node.segment)}${at(node.position)}. Check the name`;
      throw ruleError([diagnostic('unknown-segment', message, node.position)]);
    }
    if (segment.kind === 'static') return compileStaticMembership(segment, this.context);
    return compileCheckedRule(segment.rule, this.context, [...this.path, node.segment]);
  }

  private field(name: string): Field {
    const field = this.fields.get(name);
    if (!field) throw new Error(`field "${name}" passed the rule check but is not a profile field`);
    return field;
  }
}

/**
 * Tests the profile key against the member keys. `membersRelation` is SQL that the workspace owns.
 * A null key, or a null among the members, makes `IN` null, which counts as not a member.
 */
function compileStaticMembership(segment: StaticSegment, context: RuleCompileContext): string {
  const key = context.dialect.quoteIdentifier(context.keyField);
  const memberKey = context.dialect.quoteIdentifier('key');
  return `(${key} IN (SELECT ${memberKey} FROM ${segment.membersRelation}))`;
}
