import { InvalidInputError } from '../../core/errors.js';
import type { Field, ProfileSource } from '../../core/fields.js';
import type { SegmentDefinition, SegmentResolver } from '../../core/segments.js';
import type { Engine } from '../../engines/engine.js';
import { withoutPositions } from '../../rules/rule-walk.js';
import { adjustBenjaminiHochberg } from '../../stats/multiple-testing.js';
import { compareAttribute, type ComparisonFrame } from './attribute-comparison.js';
import { chooseAttributes, distinctValuesReason } from './attribute-selection.js';
import { buildBreakdownQuery, readBucketCounts } from './breakdown-query.js';
import { planBuckets } from './bucket-plan.js';
import { binCountedAttributes, isCountable } from './counted-bins.js';
import {
  readSettings,
  type Baseline,
  type DifferentiatorsRequest,
  type DifferentiatorsSettings,
} from './differentiators-request.js';
import type {
  AttributeDifferentiator,
  DifferentiatorsResult,
  ExcludedAttribute,
} from './differentiators-result.js';
import type { MembershipContext } from './membership-flags.js';
import { buildQuantileQuery, readAttributeQuantiles, type QuantileAttribute } from './quantile-query.js';
import {
  buildSummaryQuery,
  readProfileSummary,
  withQuantiles,
  type AttributeFacts,
  type ProfileSummary,
} from './summary-query.js';

export type { Baseline, DifferentiatorsRequest } from './differentiators-request.js';
export type { DifferentiatorsResult } from './differentiators-result.js';

/**
 * Compares a segment with a baseline attribute by attribute, in two or three scans of the
 * profiles. The first gives group sizes, distinct counts and the moments of numeric attributes.
 * The second, only for decimal attributes and integers with a wide range, gives their quantiles.
 * The last counts customers per value, bin or period of every attribute, and per value of the
 * other integers, which are binned from those counts. Attributes come back ranked by influence.
 */
export async function analyseDifferentiators(
  engine: Engine,
  source: ProfileSource,
  request: DifferentiatorsRequest,
  segments: SegmentResolver,
): Promise<DifferentiatorsResult> {
  const settings = readSettings(request);
  const { segment, baseline } = request;
  checkBaselineDiffers(segment, baseline);
  const choiceRequest = { ...request, keepRuleFields: settings.keepRuleFields };
  const choice = chooseAttributes(source, choiceRequest, segment, baseline, segments);
  if (choice.attributes.length === 0) throw noAttributeLeft(choice.excluded);

  const context: MembershipContext = { dialect: engine.dialect, source, segment, baseline, resolver: segments };
  const summaryRows = await engine.query(buildSummaryQuery(context, choice.attributes));
  const summary = readProfileSummary(summaryRows[0], choice.attributes);
  checkGroupSizes(summary, segment, baseline, source);

  const { attributes, facts, excluded } = dropUncomparable(choice.attributes, summary.attributes, settings);
  const allExcluded = [...choice.excluded, ...excluded];
  if (attributes.length === 0) throw noAttributeLeft(allExcluded);

  const planFacts = await addQuantiles(engine, context, attributes, facts, settings.bins);
  const plans = attributes.map((field, index) => planBuckets(field, factsAt(planFacts, index), settings));
  const rows = await engine.query(buildBreakdownQuery(context, plans));
  const breakdowns = binCountedAttributes(plans, planFacts, readBucketCounts(rows, plans.length));

  const frame = comparisonFrame(summary, request, settings);
  const compared = breakdowns.map((breakdown) => compareAttribute(breakdown.plan, breakdown.facts, breakdown.counts, frame));

  return {
    source: source.label,
    profiles: summary.profiles,
    segment: { name: segment.name, size: summary.segmentSize },
    baseline: { kind: baseline.kind, name: baselineName(request), size: summary.baselineSize },
    tested: testedSizes(summary, baseline),
    attributes: rankAttributes(adjustPValues(compared, settings.significanceLevel)),
    excluded: allExcluded,
    settings,
  };
}

/** Names the baseline for people: "all customers", "not in <segment>", or the segment's name. */
export function baselineName(request: Pick<DifferentiatorsRequest, 'segment' | 'baseline'>): string {
  switch (request.baseline.kind) {
    case 'all':
      return 'all customers';
    case 'rest':
      return `not in ${request.segment.name}`;
    case 'segment':
      return request.baseline.segment.name;
  }
}

/**
 * Completes the facts of the numeric attributes that are not counted per value with their
 * quantiles, from one more scan. The other attributes' facts pass through.
 */
async function addQuantiles(
  engine: Engine,
  context: MembershipContext,
  attributes: readonly Field[],
  facts: readonly AttributeFacts[],
  bins: number,
): Promise<AttributeFacts[]> {
  const sorted: QuantileAttribute[] = [];
  const completed = [...facts];
  attributes.forEach((field, index) => {
    const fact = factsAt(facts, index);
    if (fact.kind !== 'moments' || isCountable(field, fact)) return;
    if (fact.segment.count + fact.baseline.count > 0) sorted.push({ field, index, moments: fact });
    else completed[index] = withQuantiles(fact, { baselineEdges: null, baselineMedian: null, segmentMedian: null });
  });
  if (sorted.length === 0) return completed;

  const [row] = await engine.query(buildQuantileQuery(context, sorted, bins));
  if (!row) throw new Error('the quantile query returned no row');
  for (const attribute of sorted) {
    completed[attribute.index] = withQuantiles(attribute.moments, readAttributeQuantiles(row, attribute, bins));
  }
  return completed;
}

function factsAt(facts: readonly AttributeFacts[], index: number): AttributeFacts {
  const fact = facts[index];
  if (!fact) throw new Error(`no summary facts for attribute ${index}`);
  return fact;
}

function testedSizes(summary: ProfileSummary, baseline: Baseline): DifferentiatorsResult['tested'] {
  if (baseline.kind === 'all') {
    return { segment: summary.segmentSize, baseline: summary.profiles - summary.segmentSize, leftOut: 0 };
  }
  return {
    segment: summary.segmentSize - summary.bothSize,
    baseline: summary.baselineSize - summary.bothSize,
    leftOut: summary.bothSize,
  };
}

function comparisonFrame(
  summary: ProfileSummary,
  request: DifferentiatorsRequest,
  settings: DifferentiatorsSettings,
): ComparisonFrame {
  return {
    baselineKind: request.baseline.kind,
    segmentSize: summary.segmentSize,
    baselineSize: summary.baselineSize,
    untestableReason: untestableReason(testedSizes(summary, request.baseline), request.baseline),
    maxValues: settings.maxValues,
    minSupport: settings.minSupport,
  };
}

/** Returns the reason no attribute can be tested when a disjoint tested group is empty. */
function untestableReason(tested: DifferentiatorsResult['tested'], baseline: Baseline): string | null {
  if (tested.baseline === 0 && baseline.kind === 'all') {
    return 'not testable: the segment contains every customer (0 non-members)';
  }
  if (tested.baseline === 0) return 'not testable: every baseline customer is also in the segment';
  if (tested.segment === 0) return 'not testable: every segment customer is also in the baseline';
  return null;
}

/**
 * Fills in Benjamini–Hochberg adjusted p-values across the tested attributes. An underflowed
 * p-value enters as its bound 1e-300, so its adjusted value is an upper bound too.
 */
function adjustPValues(attributes: AttributeDifferentiator[], level: number): AttributeDifferentiator[] {
  const adjusted = adjustBenjaminiHochberg(attributes.map((attribute) => attribute.pValue));
  return attributes.map((attribute, index) => {
    const adjustedPValue = adjusted[index] ?? null;
    return {
      ...attribute,
      adjustedPValue,
      adjustedPValueUnderflow: attribute.pValueUnderflow,
      significant: adjustedPValue !== null && adjustedPValue < level,
    };
  });
}

/** Most influential first; ties by adjusted p-value (untested last), then by field name. */
function rankAttributes(attributes: AttributeDifferentiator[]): AttributeDifferentiator[] {
  const untested = 2;
  return [...attributes].sort(
    (a, b) =>
      b.influence - a.influence ||
      (a.adjustedPValue ?? untested) - (b.adjustedPValue ?? untested) ||
      compareNames(a.field, b.field),
  );
}

function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function dropUncomparable(
  fields: readonly Field[],
  facts: readonly AttributeFacts[],
  settings: DifferentiatorsSettings,
): { attributes: Field[]; facts: AttributeFacts[]; excluded: ExcludedAttribute[] } {
  const attributes: Field[] = [];
  const attributeFacts: AttributeFacts[] = [];
  const excluded: ExcludedAttribute[] = [];
  for (const [index, field] of fields.entries()) {
    const fact = factsAt(facts, index);
    const reason =
      fact.kind === 'text'
        ? distinctValuesReason(field, fact.distinctValues, fact.presentValues, settings.maxValues)
        : null;
    if (reason !== null) {
      excluded.push({ field: field.name, reason });
      continue;
    }
    attributes.push(field);
    attributeFacts.push(fact);
  }
  return { attributes, facts: attributeFacts, excluded };
}

function checkBaselineDiffers(segment: SegmentDefinition, baseline: Baseline): void {
  if (baseline.kind !== 'segment' || !sameDefinition(segment, baseline.segment)) return;
  throw new InvalidInputError(
    `baseline "${baseline.segment.name}" is the segment "${segment.name}" itself. ` +
      'Compare it with all customers, the rest, or another segment',
    { segment: segment.name, baseline: baseline.segment.name },
  );
}

function sameDefinition(a: SegmentDefinition, b: SegmentDefinition): boolean {
  if (a.name === b.name) return true;
  if (a.kind === 'static' && b.kind === 'static') return a.membersRelation === b.membersRelation;
  if (a.kind === 'rule' && b.kind === 'rule') {
    return JSON.stringify(withoutPositions(a.rule)) === JSON.stringify(withoutPositions(b.rule));
  }
  return false;
}

function checkGroupSizes(
  summary: ProfileSummary,
  segment: SegmentDefinition,
  baseline: Baseline,
  source: ProfileSource,
): void {
  if (summary.segmentSize === 0) {
    throw new InvalidInputError(
      `segment "${segment.name}" has no customers in ${source.label} (${summary.profiles} profiles). ` +
        'Check its rule or members, or pick another segment',
      { segment: segment.name },
    );
  }
  if (summary.baselineSize > 0) return;

  if (baseline.kind === 'rest') {
    throw new InvalidInputError(
      `the rest is empty: segment "${segment.name}" contains every customer (${summary.profiles}). ` +
        'Compare it with all customers or with another segment',
      { segment: segment.name },
    );
  }
  const name = baseline.kind === 'segment' ? `baseline segment "${baseline.segment.name}"` : 'the baseline';
  throw new InvalidInputError(`${name} has no customers in ${source.label}. Pick another baseline`, {
    baseline: name,
  });
}

function noAttributeLeft(excluded: readonly ExcludedAttribute[]): InvalidInputError {
  const reasons = excluded.map((entry) => `${entry.field} (${entry.reason})`).join(', ');
  return new InvalidInputError(
    `no attribute left to compare: ${reasons || 'the profiles have no field but the key'}. ` +
      'Include other fields, or keep the fields the rule is defined by',
    { excluded },
  );
}
