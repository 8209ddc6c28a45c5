import { chooseAttributes } from '../analyses/differentiators/attribute-selection.js';
import type { Baseline } from '../analyses/differentiators/differentiators-request.js';
import { InvalidInputError } from '../core/errors.js';
import type { ProfileSource } from '../core/fields.js';
import type { SegmentDefinition, SegmentResolver } from '../core/segments.js';
import { referencedFields } from '../rules/segment-references.js';

/** The attribute choice of a differentiators request, with its segment and baseline as definitions. */
export interface AttributeRequest {
  segment: SegmentDefinition;
  baseline: Baseline;
  include: readonly string[] | null;
  exclude: readonly string[];
  keepRuleFields: boolean;
}

/**
 * Rejects a differentiators request that leaves no field to compare before it is saved, so the
 * request fails at once instead of its run. This is the check the analysis makes first. Fields
 * that the analysis leaves out later, after reading the profiles (identifier-like ones), are not
 * known here.
 */
export function checkAttributesLeft(source: ProfileSource, request: AttributeRequest, resolver: SegmentResolver): void {
  const choice = chooseAttributes(
    source,
    { include: request.include ?? undefined, exclude: request.exclude, keepRuleFields: request.keepRuleFields },
    request.segment,
    request.baseline,
    resolver,
  );
  if (choice.attributes.length > 0) return;

  // Only the fields the request asked for explain why none is left; the others were never candidates.
  const candidates = new Set(request.include ?? source.fields.map((field) => field.name));
  const reasons = choice.excluded
    .filter((entry) => candidates.has(entry.field))
    .map((entry) => `"${entry.field}" (${entry.reason})`);
  const ruleFields = request.keepRuleFields ? [] : rulesFields(request, resolver);
  const fix = [...candidates].some((name) => ruleFields.includes(name))
    ? 'Fields that the segment\'s or the baseline\'s rule uses are left out because they differ by definition. ' +
      'Add other fields to "include", or set "keepRuleFields": true to compare them anyway'
    : 'Add fields to "include", or remove some from "exclude"';
  throw new InvalidInputError(`no field is left to compare: ${reasons.join(', ') || 'the profiles have no field but the key'}. ${fix}`, {
    field: request.include === null ? 'exclude' : 'include',
    excluded: choice.excluded.filter((entry) => candidates.has(entry.field)),
  });
}

function rulesFields(request: AttributeRequest, resolver: SegmentResolver): string[] {
  const definitions = request.baseline.kind === 'segment' ? [request.segment, request.baseline.segment] : [request.segment];
  return definitions.flatMap((definition) => (definition.kind === 'rule' ? referencedFields(definition.rule, resolver) : []));
}
