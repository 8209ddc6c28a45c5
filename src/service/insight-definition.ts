import { readSettings, type DateUnit } from '../analyses/differentiators/differentiators-request.js';
import { MAX_SEGMENTS, MIN_SEGMENTS } from '../analyses/overlap/overlap-analysis.js';
import { didYouMean } from '../core/closest-name.js';
import { InvalidInputError } from '../core/errors.js';
import type { ProfileSource } from '../core/fields.js';
import type { SegmentDefinition, SegmentResolver } from '../core/segments.js';
import type { SavedSegment } from '../workspace/segment-store.js';
import { checkAttributesLeft } from './attribute-checks.js';

export const INSIGHT_KINDS = ['overlap', 'differentiators'] as const;
export type InsightKind = (typeof INSIGHT_KINDS)[number];

/** Baseline keywords of a differentiators request; any other text names a segment. */
export const BASELINE_KEYWORDS = ['all', 'rest'] as const;

/** An overlap as a request names it: segments by id or name, breakdown fields by name. */
export interface OverlapInput {
  kind: 'overlap';
  segments: string[];
  fields?: string[];
  maxValues?: number;
}

/** A differentiators analysis as a request names it. */
export interface DifferentiatorsInput {
  kind: 'differentiators';
  segment: string;
  /** "all", "rest", or the id or name of a segment. */
  baseline: string;
  include?: string[];
  exclude?: string[];
  keepRuleFields?: boolean;
  maxValues?: number;
  bins?: number;
  minSupport?: number;
  dateUnit?: DateUnit;
}

export type InsightDefinitionInput = OverlapInput | DifferentiatorsInput;

/** A saved overlap: segments by id, so renaming a segment keeps the insight. */
export interface OverlapDefinition {
  kind: 'overlap';
  segments: string[];
  fields: string[];
  maxValues: number | null;
}

export type StoredBaseline = { kind: 'all' } | { kind: 'rest' } | { kind: 'segment'; segment: string };

export interface DifferentiatorsDefinition {
  kind: 'differentiators';
  segment: string;
  baseline: StoredBaseline;
  include: string[] | null;
  exclude: string[];
  keepRuleFields: boolean;
  maxValues: number | null;
  bins: number | null;
  minSupport: number | null;
  dateUnit: DateUnit | null;
}

export type InsightDefinition = OverlapDefinition | DifferentiatorsDefinition;

/** Ids of the saved segments a definition uses, each once, in definition order. */
export function usedSegmentIds(definition: InsightDefinition): string[] {
  if (definition.kind === 'overlap') return [...new Set(definition.segments)];
  const ids = [definition.segment];
  if (definition.baseline.kind === 'segment') ids.push(definition.baseline.segment);
  return [...new Set(ids)];
}

/**
 * Checks a requested definition against the saved segments and the profile fields, and turns
 * segment names into ids. `resolver` gives the saved segments' definitions by name.
 */
export function resolveDefinition(
  input: InsightDefinitionInput,
  segments: readonly SavedSegment[],
  source: ProfileSource,
  resolver: SegmentResolver,
): InsightDefinition {
  return input.kind === 'overlap'
    ? resolveOverlap(input, segments, source)
    : resolveDifferentiators(input, segments, source, resolver);
}

function resolveOverlap(input: OverlapInput, segments: readonly SavedSegment[], source: ProfileSource): OverlapDefinition {
  const count = input.segments.length;
  if (count < MIN_SEGMENTS || count > MAX_SEGMENTS) {
    throw new InvalidInputError(
      `an overlap needs at least ${MIN_SEGMENTS} and at most ${MAX_SEGMENTS} segments, got ${count}. ` +
        (count < MIN_SEGMENTS ? 'Add segments' : 'Split the analysis into smaller groups'),
      { field: 'segments' },
    );
  }

  const ids = input.segments.map((reference, index) => findSegment(segments, reference, `segments[${index}]`).id);
  const repeated = ids.findIndex((id, index) => ids.indexOf(id) !== index);
  if (repeated >= 0) {
    throw new InvalidInputError(
      `segment "${input.segments[repeated]}" is selected twice in segments. Select each segment once`,
      { field: `segments[${repeated}]` },
    );
  }

  const fields = checkFieldNames(source, input.fields ?? [], 'fields');
  checkNotKey(source, fields, 'fields');
  if (input.maxValues !== undefined) checkWholeNumber(input.maxValues, 'maxValues');
  return { kind: 'overlap', segments: ids, fields: [...new Set(fields)], maxValues: input.maxValues ?? null };
}

function resolveDifferentiators(
  input: DifferentiatorsInput,
  segments: readonly SavedSegment[],
  source: ProfileSource,
  resolver: SegmentResolver,
): DifferentiatorsDefinition {
  const segment = findSegment(segments, input.segment, 'segment');
  const baseline = resolveBaseline(input.baseline, segments);
  if (baseline.kind === 'segment' && baseline.segment === segment.id) {
    throw new InvalidInputError(
      `baseline "${input.baseline}" is the segment "${segment.name}" itself. Compare it with "all", "rest" or another segment`,
      { field: 'baseline' },
    );
  }

  // The analysis checks its numeric settings the same way at run time; checking them here
  // rejects a bad request before anything is saved.
  readSettings({
    segment: { kind: 'static', name: segment.name, membersRelation: '' },
    baseline: { kind: 'all' },
    maxValues: input.maxValues,
    bins: input.bins,
    minSupport: input.minSupport,
    dateUnit: input.dateUnit,
  });

  const definition: DifferentiatorsDefinition = {
    kind: 'differentiators',
    segment: segment.id,
    baseline,
    include: input.include ? checkFieldNames(source, input.include, 'include') : null,
    exclude: checkFieldNames(source, input.exclude ?? [], 'exclude'),
    keepRuleFields: input.keepRuleFields ?? false,
    maxValues: input.maxValues ?? null,
    bins: input.bins ?? null,
    minSupport: input.minSupport ?? null,
    dateUnit: input.dateUnit ?? null,
  };
  const definitionOf = (saved: SavedSegment): SegmentDefinition => resolver(saved.name) ?? missingDefinition(saved);
  checkAttributesLeft(
    source,
    {
      ...definition,
      segment: definitionOf(segment),
      baseline: baseline.kind === 'segment' ? { kind: 'segment', segment: definitionOf(findSegment(segments, baseline.segment, 'baseline')) } : baseline,
    },
    resolver,
  );
  return definition;
}

function missingDefinition(saved: SavedSegment): never {
  throw new Error(`saved segment "${saved.name}" has no definition in the resolver of the same segments`);
}

function resolveBaseline(reference: string, segments: readonly SavedSegment[]): StoredBaseline {
  if (reference === 'all' || reference === 'rest') return { kind: reference };
  return { kind: 'segment', segment: findSegment(segments, reference, 'baseline').id };
}

/** Finds a saved segment by id first, then by exact name. */
export function findSegment(segments: readonly SavedSegment[], reference: string, where: string): SavedSegment {
  const found = segments.find((segment) => segment.id === reference) ?? segments.find((segment) => segment.name === reference);
  if (found) return found;

  const hint = didYouMean(reference, segments.map((segment) => segment.name)) || ' List the segments with GET /api/segments';
  throw new InvalidInputError(`unknown segment "${reference}" in ${where}.${hint}`, { field: where, segment: reference });
}

function checkFieldNames(source: ProfileSource, names: readonly string[], where: string): string[] {
  const known = source.fields.map((field) => field.name);
  names.forEach((name, index) => {
    if (known.includes(name)) return;
    const hint = didYouMean(name, known) || ' List the fields with GET /api/fields';
    throw new InvalidInputError(`unknown field "${name}" in ${where}[${index}].${hint}`, { field: `${where}[${index}]` });
  });
  return [...names];
}

/** Rejects the key field as a breakdown: it has one value per customer, so every value would be one customer. */
function checkNotKey(source: ProfileSource, names: readonly string[], where: string): void {
  const index = names.indexOf(source.keyField);
  if (index < 0) return;
  throw new InvalidInputError(
    `cannot break down by the key field "${source.keyField}" in ${where}[${index}]: it has one value per customer. Choose another field`,
    { field: `${where}[${index}]` },
  );
}

function checkWholeNumber(value: number, where: string): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new InvalidInputError(`${where} must be a whole number of at least 1, got ${value}`, { field: where });
  }
}

/** Reads a definition back from its stored JSON. */
export function parseStoredDefinition(json: string): InsightDefinition {
  const definition = JSON.parse(json) as InsightDefinition;
  if (!(INSIGHT_KINDS as readonly string[]).includes(definition.kind)) {
    throw new Error(`stored insight definition has an unknown kind: ${String(definition.kind)}`);
  }
  return definition;
}
