import { isDeepStrictEqual } from 'node:util';

import type { DifferentiatorsResult } from '../analyses/differentiators/differentiators-result.js';
import type { OverlapResult } from '../analyses/overlap/overlap-result.js';
import type { DateUnit } from '../analyses/differentiators/differentiators-request.js';
import type { InsightKind } from './insight-definition.js';
import type { SavedInsight } from './insight-store.js';
import {
  compareDifferentiators,
  compareOverlaps,
  type DifferentiatorsChanges,
  type OverlapChanges,
} from './result-changes.js';
import type { InsightResult } from './run-execution.js';
import type { InsightRun, RunResult, RunStatus } from './run-store.js';
import { findChangedSegments, type ChangedSegment, type SegmentState } from './segment-versions.js';

/** A segment as an insight refers to it; the name is null if the segment no longer exists. */
export interface SegmentReference {
  id: string;
  name: string | null;
}

export type DefinitionView =
  | { kind: 'overlap'; segments: SegmentReference[]; fields: string[]; maxValues: number | null }
  | {
      kind: 'differentiators';
      segment: SegmentReference;
      baseline: { kind: 'all' } | { kind: 'rest' } | { kind: 'segment'; segment: SegmentReference };
      include: string[] | null;
      exclude: string[];
      keepRuleFields: boolean;
      maxValues: number | null;
      bins: number | null;
      minSupport: number | null;
      dateUnit: DateUnit | null;
    };

/** An insight with its state, as lists show it. */
export interface InsightSummary {
  id: string;
  name: string;
  displayName: string | null;
  description: string;
  kind: InsightKind;
  profileTable: string;
  definition: DefinitionView;
  /** The latest run's status. */
  status: RunStatus;
  /** When the result on show was computed: the end of the latest successful run. */
  lastRefreshedAt: string | null;
  /** Reason the latest run failed; null unless it failed. */
  error: string | null;
  /** True when a segment the result on show used has changed or was deleted since, so its counts may be out of date. */
  stale: boolean;
  /** The segments behind `stale`: the used ones and those their rules refer to. */
  staleSegments: ChangedSegment[];
  latestRun: InsightRun | null;
  createdAt: string;
  updatedAt: string;
}

/** The latest successful result of an insight and what changed since the successful run before it. */
export interface ResultPart {
  resultRun: InsightRun | null;
  result: InsightResult | null;
  changes: OverlapChanges | DifferentiatorsChanges | null;
}

/** An insight with its latest successful result and the changes since the run before it. */
export type InsightDetail = InsightSummary & ResultPart;

export const NO_RESULT: ResultPart = { resultRun: null, result: null, changes: null };

/** Message of an insight that has no run, which only a store changed by hand can produce. */
const NO_RUN_ERROR = 'the insight has no run. Refresh it';

export function summariseInsight(
  insight: SavedInsight,
  latestRun: InsightRun | undefined,
  latestSuccessful: InsightRun | undefined,
  segments: ReadonlyMap<string, SegmentState>,
): InsightSummary {
  let error: string | null = NO_RUN_ERROR;
  if (latestRun) error = latestRun.status === 'failed' ? latestRun.error : null;
  const staleSegments = findChangedSegments(latestSuccessful?.segments ?? null, segments);

  return {
    id: insight.id,
    name: insight.name,
    displayName: insight.displayName,
    description: insight.description,
    kind: insight.kind,
    profileTable: insight.profileTable,
    definition: viewDefinition(insight, segments),
    status: latestRun?.status ?? 'failed',
    lastRefreshedAt: latestSuccessful?.finishedAt ?? null,
    error,
    stale: staleSegments.length > 0,
    staleSegments,
    latestRun: latestRun ?? null,
    createdAt: insight.createdAt,
    updatedAt: insight.updatedAt,
  };
}

/**
 * Reads the latest of an insight's successful runs (newest first) and compares it with the one
 * before. Runs that computed different definitions (the insight was edited between them) are
 * not compared, so their changes are null. `kind` is the insight's, used for a run that has no
 * recorded definition.
 */
export function resultPart(kind: InsightKind, results: readonly RunResult[]): ResultPart {
  const [latest, previous] = results;
  if (!latest) return NO_RESULT;

  const result = JSON.parse(latest.resultJson) as InsightResult;
  const comparable = previous !== undefined && isDeepStrictEqual(previous.run.definition, latest.run.definition);
  const resultKind = latest.run.definition?.kind ?? kind;
  const changes = comparable ? compareResults(resultKind, result, JSON.parse(previous.resultJson) as InsightResult, previous.run) : null;
  return { resultRun: latest.run, result, changes };
}

function compareResults(
  kind: InsightKind,
  current: InsightResult,
  previous: InsightResult,
  previousRun: InsightRun,
): OverlapChanges | DifferentiatorsChanges {
  const reference = { id: previousRun.id, finishedAt: previousRun.finishedAt };
  return kind === 'overlap'
    ? compareOverlaps(current as OverlapResult, previous as OverlapResult, reference)
    : compareDifferentiators(current as DifferentiatorsResult, previous as DifferentiatorsResult, reference);
}

function viewDefinition(insight: SavedInsight, segments: ReadonlyMap<string, SegmentState>): DefinitionView {
  const reference = (id: string): SegmentReference => ({ id, name: segments.get(id)?.name ?? null });
  const definition = insight.definition;
  if (definition.kind === 'overlap') {
    return { ...definition, segments: definition.segments.map(reference) };
  }

  const baseline = definition.baseline.kind === 'segment'
    ? { kind: 'segment' as const, segment: reference(definition.baseline.segment) }
    : definition.baseline;
  return { ...definition, segment: reference(definition.segment), baseline };
}
