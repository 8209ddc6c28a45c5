import {
  analyseDifferentiators,
  type Baseline,
  type DifferentiatorsResult,
} from '../analyses/differentiators/differentiators-analysis.js';
import { analyseOverlap } from '../analyses/overlap/overlap-analysis.js';
import type { OverlapResult } from '../analyses/overlap/overlap-result.js';
import { InvalidInputError } from '../core/errors.js';
import type { ProfileSource } from '../core/fields.js';
import type { SegmentDefinition, SegmentResolver } from '../core/segments.js';
import type { Engine } from '../engines/engine.js';
import { referencedSegments } from '../rules/rule-checker.js';
import { parseRule } from '../rules/rule-parser.js';
import { SegmentStore, type SavedSegment } from '../workspace/segment-store.js';
import type { DifferentiatorsDefinition, OverlapDefinition } from './insight-definition.js';
import { usedSegmentIds } from './insight-definition.js';
import type { SavedInsight } from './insight-store.js';
import { readProfileSource } from './profile-source.js';
import type { SegmentSnapshot } from './run-store.js';

export type InsightResult = OverlapResult | DifferentiatorsResult;

/** The inputs a run reads before it analyses: the profiles, the saved segments and their snapshot. */
export interface RunContext {
  source: ProfileSource;
  segmentsById: Map<string, SavedSegment>;
  resolver: SegmentResolver;
  snapshot: SegmentSnapshot[];
}

/** Reads the profile source and the saved segments an insight uses, as they are now. */
export async function loadRunContext(engine: Engine, insight: SavedInsight): Promise<RunContext> {
  const source = await readProfileSource(engine, insight.profileTable);
  const store = new SegmentStore(engine);
  const saved = await store.list();
  const definitions = new Map(saved.map((segment) => [segment.name, store.toDefinition(segment)]));
  const segmentsById = new Map(saved.map((segment) => [segment.id, segment]));

  const used = usedSegmentIds(insight.definition).map((id) => {
    const segment = segmentsById.get(id);
    if (!segment) {
      throw new InvalidInputError(
        `a segment of insight "${insight.name}" (id ${id}) no longer exists. Delete the insight or create it again`,
      );
    }
    return segment;
  });

  return {
    source,
    segmentsById,
    resolver: (name) => definitions.get(name),
    snapshot: snapshotSegments(used, saved),
  };
}

/** Runs the insight's analysis on the engine. */
export async function analyseInsight(engine: Engine, insight: SavedInsight, context: RunContext): Promise<InsightResult> {
  const definition = insight.definition;
  return definition.kind === 'overlap'
    ? analyseSavedOverlap(engine, definition, context)
    : analyseSavedDifferentiators(engine, definition, context);
}

function analyseSavedOverlap(engine: Engine, definition: OverlapDefinition, context: RunContext): Promise<OverlapResult> {
  return analyseOverlap(
    engine,
    context.source,
    {
      segments: definition.segments.map((id) => segmentDefinition(context, id)),
      breakdownFields: definition.fields,
      maxValues: definition.maxValues ?? undefined,
    },
    context.resolver,
  );
}

function analyseSavedDifferentiators(
  engine: Engine,
  definition: DifferentiatorsDefinition,
  context: RunContext,
): Promise<DifferentiatorsResult> {
  const baseline: Baseline =
    definition.baseline.kind === 'segment'
      ? { kind: 'segment', segment: segmentDefinition(context, definition.baseline.segment) }
      : { kind: definition.baseline.kind };
  return analyseDifferentiators(
    engine,
    context.source,
    {
      segment: segmentDefinition(context, definition.segment),
      baseline,
      include: definition.include ?? undefined,
      exclude: definition.exclude,
      keepRuleFields: definition.keepRuleFields,
      maxValues: definition.maxValues ?? undefined,
      bins: definition.bins ?? undefined,
      minSupport: definition.minSupport ?? undefined,
      dateUnit: definition.dateUnit ?? undefined,
    },
    context.resolver,
  );
}

function segmentDefinition(context: RunContext, id: string): SegmentDefinition {
  const saved = context.segmentsById.get(id);
  const definition = saved ? context.resolver(saved.name) : undefined;
  if (!definition) throw new Error(`segment ${id} was checked when the run started but is missing now`);
  return definition;
}

/**
 * Snapshots the used segments and every segment their rules refer to, directly or through
 * others, each once.
 */
export function snapshotSegments(used: readonly SavedSegment[], saved: readonly SavedSegment[]): SegmentSnapshot[] {
  const byName = new Map(saved.map((segment) => [segment.name, segment]));
  const snapshot: SegmentSnapshot[] = [];
  const seen = new Set<string>();
  const pending = [...used];

  while (pending.length > 0) {
    const segment = pending.shift() as SavedSegment;
    if (seen.has(segment.id)) continue;
    seen.add(segment.id);
    snapshot.push({ id: segment.id, name: segment.name, kind: segment.kind, ruleText: segment.ruleText });

    for (const name of segment.ruleText === null ? [] : referencedSegments(parseRule(segment.ruleText))) {
      const referenced = byName.get(name);
      if (referenced) pending.push(referenced);
    }
  }
  return snapshot;
}
