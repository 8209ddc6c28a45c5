import { closestName } from '../../core/closest-name.js';
import { InvalidInputError } from '../../core/errors.js';
import type { Field, ProfileSource } from '../../core/fields.js';
import type { SegmentDefinition, SegmentResolver } from '../../core/segments.js';
import { referencedFields } from '../../rules/segment-references.js';
import type { Baseline } from './differentiators-request.js';
import type { ExcludedAttribute } from './differentiators-result.js';

/**
 * Share of a text field's values that must be distinct, with more distinct values than the value
 * table shows, for the field to count as an identifier (an e-mail address, a phone number).
 */
export const IDENTIFIER_DISTINCT_SHARE = 0.9;

/**
 * Distinct values above which a text field is not compared: its counts would come back as one
 * row per value and membership pair, and a table of that many values says little.
 */
export const MAX_DISTINCT_VALUES = 10_000;

export interface AttributeChoice {
  attributes: Field[];
  excluded: ExcludedAttribute[];
}

export interface AttributeChoiceRequest {
  include?: readonly string[];
  exclude?: readonly string[];
  keepRuleFields: boolean;
}

/**
 * Picks the fields to compare: every field but the key, narrowed by `include` and `exclude`, less
 * the fields the segment's or the baseline's rule refers to (they would trivially rank first).
 * Every field left out is listed with its reason.
 */
export function chooseAttributes(
  source: ProfileSource,
  request: AttributeChoiceRequest,
  segment: SegmentDefinition,
  baseline: Baseline,
  resolver: SegmentResolver,
): AttributeChoice {
  const included = request.include ? new Set(checkFieldNames(source, request.include, 'include')) : null;
  const excludedByRequest = new Set(checkFieldNames(source, request.exclude ?? [], 'exclude'));
  const ruleFields = request.keepRuleFields ? new Set<string>() : definingFields(segment, baseline, resolver);

  const attributes: Field[] = [];
  const excluded: ExcludedAttribute[] = [];
  for (const field of source.fields) {
    const reason = exclusionReason(field, source, included, excludedByRequest, ruleFields);
    if (reason === null) attributes.push(field);
    else excluded.push({ field: field.name, reason });
  }
  return { attributes, excluded };
}

/**
 * Tells whether a text field looks like an identifier: more distinct values than the value table
 * shows, and nearly one per customer that has a value.
 */
export function isIdentifierLike(field: Field, distinctValues: number, presentValues: number, maxValues: number): boolean {
  if (field.type !== 'text' || presentValues === 0) return false;
  return distinctValues > maxValues && distinctValues >= IDENTIFIER_DISTINCT_SHARE * presentValues;
}

/**
 * Returns why a text field with these counts cannot be compared, or null when it can: it looks
 * like an identifier, or it has more than MAX_DISTINCT_VALUES values.
 */
export function distinctValuesReason(
  field: Field,
  distinctValues: number,
  presentValues: number,
  maxValues: number,
): string | null {
  const counted = `${distinctValues} distinct values`;
  if (isIdentifierLike(field, distinctValues, presentValues, maxValues)) {
    return `identifier-like: ${counted} in ${presentValues} customers with a value`;
  }
  if (field.type === 'text' && distinctValues > MAX_DISTINCT_VALUES) {
    return `too many values to compare: ${counted}, more than ${MAX_DISTINCT_VALUES}`;
  }
  return null;
}

function exclusionReason(
  field: Field,
  source: ProfileSource,
  included: ReadonlySet<string> | null,
  excludedByRequest: ReadonlySet<string>,
  ruleFields: ReadonlySet<string>,
): string | null {
  if (field.name === source.keyField) return 'customer key';
  if (included !== null && !included.has(field.name)) return 'not among the requested attributes';
  if (excludedByRequest.has(field.name)) return 'excluded on request';
  if (ruleFields.has(field.name)) return 'defined by the rule';
  return null;
}

function definingFields(segment: SegmentDefinition, baseline: Baseline, resolver: SegmentResolver): Set<string> {
  const definitions = baseline.kind === 'segment' ? [segment, baseline.segment] : [segment];
  const fields = new Set<string>();
  for (const definition of definitions) {
    if (definition.kind !== 'rule') continue;
    for (const name of referencedFields(definition.rule, resolver)) fields.add(name);
  }
  return fields;
}

function checkFieldNames(source: ProfileSource, names: readonly string[], list: string): string[] {
  const known = source.fields.map((field) => field.name);
  for (const name of names) {
    if (known.includes(name)) continue;
    const suggestion = closestName(name, known);
    const hint = suggestion ? ` Did you mean "${suggestion}"?` : ` Known fields: ${known.join(', ')}`;
    throw new InvalidInputError(`unknown field "${name}" in the attributes to ${list}.${hint}`, { field: name });
  }
  return [...names];
}
