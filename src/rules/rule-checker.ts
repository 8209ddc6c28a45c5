import type { RuleDiagnostic } from '../core/errors.js';
import type { Field } from '../core/fields.js';
import type { SegmentResolver } from '../core/segments.js';
import { didYouMean } from '../core/closest-name.js';
import { at, diagnostic, ruleError } from './rule-diagnostics.js';
import { formatLiteral } from './rule-format.js';
import type { BetweenNode, InSegmentNode, RuleNode } from './rule-tree.js';
import { readLiteral, quoteForMessage, type TypedValue } from './rule-values.js';
import { conditionLiterals, isConditionNode, ruleNodes, type ConditionNode } from './rule-walk.js';
import { SegmentCycleFinder } from './segment-references.js';

export { referencedFields, referencedSegments } from './segment-references.js';

export interface RuleCheckContext {
  fields: Field[];
  segments: SegmentResolver;
  /** Name of the segment being defined, to detect self reference. */
  segmentName?: string;
  /** Names of the saved segments, to suggest one for a misspelt `in segment` name. */
  segmentNames?: readonly string[];
}

/**
 * Checks a rule against the profile fields and the saved segments. Throws one RuleError that
 * carries every diagnostic found, in the order of the rule text.
 */
export function checkRule(node: RuleNode, context: RuleCheckContext): void {
  const diagnostics = ruleDiagnostics(node, context);
  if (diagnostics.length > 0) throw ruleError(diagnostics);
}

/** Returns every problem `checkRule` would report, without throwing. */
export function ruleDiagnostics(node: RuleNode, context: RuleCheckContext): RuleDiagnostic[] {
  const fields = new Map(context.fields.map((field) => [field.name, field]));
  const cycles = new SegmentCycleFinder(node, context.segments, context.segmentName);
  const reportedCycles = new Set<string>();
  const diagnostics: RuleDiagnostic[] = [];

  for (const current of ruleNodes(node)) {
    if (isConditionNode(current)) {
      diagnostics.push(...checkCondition(current, fields.get(current.field), context.fields));
    } else if (current.kind === 'in-segment') {
      const problem = checkSegmentReference(current, context, cycles, reportedCycles);
      if (problem) diagnostics.push(problem);
    }
  }
  return diagnostics;
}

function checkCondition(node: ConditionNode, field: Field | undefined, fields: Field[]): RuleDiagnostic[] {
  if (!field) return [unknownField(node, fields)];

  const operatorProblem = checkOperator(node, field);
  if (operatorProblem) return [operatorProblem];

  const readings = conditionLiterals(node).map((literal) => readLiteral(literal, field));
  const problems = readings.flatMap((reading) => (reading.ok ? [] : [reading.problem]));
  if (problems.length > 0 || node.kind !== 'between') return problems;

  const [low, high] = readings.map((reading) => (reading.ok ? reading.value : undefined));
  if (low && high && isReversed(low, high)) return [reversedBounds(node)];
  return [];
}

function unknownField(node: ConditionNode, fields: Field[]): RuleDiagnostic {
  const names = fields.map((field) => field.name);
  const suggestion = didYouMean(node.field, names);
  const hint =
    suggestion ||
    (names.length <= 10
      ? ` Use one of the profile fields: ${names.map(quoteForMessage).join(', ')}`
      : ' Check the spelling against the profile fields');
  const message = `unknown field ${quoteForMessage(node.field)} in rule${at(node.position)}.${hint}`;
  return diagnostic('unknown-field', message, node.position);
}

/** Rejects operators that make no sense for the field type: `<` on a boolean, `contains` on a number. */
function checkOperator(node: ConditionNode, field: Field): RuleDiagnostic | undefined {
  const name = quoteForMessage(field.name);
  const where = at(node.position);

  if (node.kind === 'text-match' && field.type !== 'text') {
    const hint = field.type === 'boolean' ? 'Use = or !=' : 'Use =, <, > or between';
    const message = `"${node.operator}" applies to text fields only, and ${name} is ${field.type}${where}. ${hint}`;
    return diagnostic('type-mismatch', message, node.position);
  }

  if (field.type !== 'boolean') return undefined;
  const ordered =
    node.kind === 'between' || (node.kind === 'compare' && !['=', '!='].includes(node.operator));
  if (!ordered) return undefined;

  const operator = node.kind === 'compare' ? node.operator : 'between';
  const message =
    `operator "${operator}" does not apply to boolean field ${name}${where}. ` +
    `Use = or !=, as in ${name} = true`;
  return diagnostic('type-mismatch', message, node.position);
}

function reversedBounds(node: BetweenNode): RuleDiagnostic {
  const message =
    `between bounds reversed: ${formatLiteral(node.low)} > ${formatLiteral(node.high)}` +
    `${at(node.low.position)}. Write the smaller bound first`;
  return diagnostic('invalid-value', message, node.low.position);
}

/** Returns whether `between low and high` matches nothing because low comes after high. */
function isReversed(low: TypedValue, high: TypedValue): boolean {
  if (low.kind === 'number' && high.kind === 'number') return low.value > high.value;
  if (low.kind === 'text' && high.kind === 'text') return compareCodePoints(low.value, high.value) > 0;
  if (low.kind === 'date' && high.kind === 'date') return low.value > high.value;
  if (low.kind === 'timestamp' && high.kind === 'timestamp') {
    return timestampKey(low, 'start') > timestampKey(high, 'end');
  }
  return false;
}

/**
 * Returns a sortable text key for a timestamp value. A date alone is the whole day, so as an
 * upper bound it sorts after every time of that day (`24:00:00`).
 */
function timestampKey(value: Extract<TypedValue, { kind: 'timestamp' }>, bound: 'start' | 'end'): string {
  if (value.dateOnly) return `${value.value} ${bound === 'start' ? '00:00:00' : '24:00:00'}`;
  return value.value.length === 16 ? `${value.value}:00` : value.value;
}

/** Orders text by Unicode code points, as engines order UTF-8 text byte by byte. */
function compareCodePoints(left: string, right: string): number {
  const a = [...left];
  const b = [...right];
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const difference = (a[index]?.codePointAt(0) ?? 0) - (b[index]?.codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

function checkSegmentReference(
  node: InSegmentNode,
  context: RuleCheckContext,
  cycles: SegmentCycleFinder,
  reportedCycles: Set<string>,
): RuleDiagnostic | undefined {
  const where = at(node.position);
  if (node.segment !== context.segmentName && !context.segments(node.segment)) {
    const hint =
      didYouMean(node.segment, context.segmentNames ?? []) || ' Check the name or save that segment first';
    return diagnostic(
      'unknown-segment',
      `unknown segment ${quoteForMessage(node.segment)}${where}.${hint}`,
      node.position,
    );
  }

  const cycle = cycles.cycleThrough(node.segment);
  if (!cycle) return undefined;

  const chain = cycle.map(quoteForMessage).join(' → ');
  if (reportedCycles.has(chain)) return undefined;
  reportedCycles.add(chain);
  const message = `segment cycle ${chain}${where}. A segment cannot contain itself, so remove one of these references`;
  return diagnostic('segment-cycle', message, node.position);
}
