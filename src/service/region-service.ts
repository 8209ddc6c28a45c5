import type { OverlapResult } from '../analyses/overlap/overlap-result.js';
import { didYouMean } from '../core/closest-name.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../core/errors.js';
import type { ProfileSource } from '../core/fields.js';
import type { SegmentDefinition } from '../core/segments.js';
import type { Engine, Row } from '../engines/engine.js';
import { formatRule } from '../rules/rule-format.js';
import type { OverlapDefinition } from './insight-definition.js';
import { InsightStore, type SavedInsight } from './insight-store.js';
import { openRegionExport, type RegionExport } from './region-export.js';
import { buildRegionMembersPageQuery } from './region-query.js';
import {
  checkValueType,
  countInResult,
  readValueText,
  regionMask,
  regionRule,
  type RegionReference,
  type WithinValue,
} from './region-selection.js';
import { loadRunContext, type RunContext } from './run-execution.js';
import { RunStore, type InsightRun } from './run-store.js';
import { findChangedSegments, readMemberDigests, type ChangedSegment, type SegmentState } from './segment-versions.js';
import type { SegmentService, SegmentView } from './segment-service.js';
import type { WorkspaceConnections } from './workspace-connections.js';

/** Maximum number of members on one page of the JSON member listing. */
export const MAX_MEMBERS_PAGE = 1000;

/** Regions of an overlap insight's latest result, optionally within one field value. */
export interface RegionRequest {
  regions: RegionReference[];
  /** Field and value to stay within; the value as JSON (null for missing) or as query text. */
  within?: { field: string; value: string | number | boolean | null; valueIsText?: boolean };
}

export interface RegionSegmentRequest extends RegionRequest {
  name: string;
  description?: string;
}

export interface RegionSegmentOutcome {
  segment: SegmentView;
  /** Customers the insight's latest result counted in the regions; null for a value it did not list. */
  regionCount: number | null;
  /** True when a segment the result used has changed since, so the new segment's count may differ from regionCount. */
  stale: boolean;
  staleSegments: ChangedSegment[];
  /** Says that and why the counts may differ, for people; null when the result is up to date. */
  warning: string | null;
}

/** A region request resolved against the insight and the profiles as they are now. */
interface ResolvedRegions {
  insight: SavedInsight;
  /** The successful run whose result names the regions. */
  run: InsightRun;
  result: OverlapResult;
  masks: number[];
  within: WithinValue | undefined;
  context: RunContext;
  /** The segments of the result's definition as they are now, in its order. */
  segments: SegmentDefinition[];
}

/**
 * Acting on an overlap: saving a union of its regions as a segment, and reading the members of
 * regions as CSV or as JSON pages. Regions are named as in the insight's latest successful result.
 */
export class RegionService {
  constructor(
    private readonly connections: WorkspaceConnections,
    private readonly segments: SegmentService,
  ) {}

  /**
   * Saves a rule segment for the regions, whose rule refers to the insight's segments by name, so
   * it follows them when they change. Its members match the region count of the result while
   * the profiles and segments are unchanged.
   */
  async createSegment(insightIdOrName: string, request: RegionSegmentRequest): Promise<RegionSegmentOutcome> {
    const resolved = await this.connections.read(async (engine) => {
      const regions = await resolveRegions(engine, insightIdOrName, request);
      return { ...regions, changed: await changedSinceRun(engine, regions) };
    });
    const names = resolved.segments.map((segment) => segment.name);
    const rule = formatRule(regionRule(resolved.masks, names, resolved.within));
    const segment = await this.segments.create({ name: request.name, description: request.description, rule });

    const regionCount = countInResult(resolved.result, resolved.masks, resolved.within);
    return {
      segment,
      regionCount,
      stale: resolved.changed.length > 0,
      staleSegments: resolved.changed,
      warning: staleResultWarning(resolved.changed, segment.memberCount, regionCount),
    };
  }

  /** Opens a CSV export of the regions' members, all profile columns unless `columns` names some. */
  async openExport(insightIdOrName: string, request: RegionRequest & { columns?: string[] }): Promise<RegionExport> {
    const engine = await this.connections.fork();
    try {
      const resolved = await resolveRegions(engine, insightIdOrName, request);
      const columns = exportColumns(resolved.context.source, request.columns);
      return await openRegionExport(
        engine,
        resolved.context.source,
        { segments: resolved.segments, masks: resolved.masks, within: resolved.within, columns },
        resolved.context.resolver,
      );
    } catch (error) {
      await engine.close();
      throw error;
    }
  }

  /** One page of the regions' members as raw values, in key order after the key `after`. */
  async members(
    insightIdOrName: string,
    request: RegionRequest & { columns?: string[]; after?: string; limit: number },
  ): Promise<{ members: Row[]; next: string | null }> {
    return this.connections.read(async (engine) => {
      const resolved = await resolveRegions(engine, insightIdOrName, request);
      const source = resolved.context.source;
      const columns = exportColumns(source, request.columns);
      const keyColumns = columns.includes(source.keyField) ? columns : [source.keyField, ...columns];
      const query = buildRegionMembersPageQuery(
        engine.dialect,
        source,
        { segments: resolved.segments, masks: resolved.masks, within: resolved.within, columns: keyColumns },
        resolved.context.resolver,
        { after: request.after, limit: request.limit + 1 },
      );
      const rows = await engine.query(query);
      const page = rows.slice(0, request.limit);
      const next = rows.length > request.limit ? String(page.at(-1)?.[source.keyField]) : null;
      return { members: page, next };
    });
  }
}

async function resolveRegions(engine: Engine, insightIdOrName: string, request: RegionRequest): Promise<ResolvedRegions> {
  const insight = await new InsightStore(engine).find(insightIdOrName);
  if (!insight) {
    throw new NotFoundError(`insight "${insightIdOrName}" not found. List the insights with GET /api/insights`, { insight: insightIdOrName });
  }
  if (insight.definition.kind !== 'overlap') {
    throw new InvalidInputError(`insight "${insight.name}" is a differentiators analysis; regions belong to overlap insights`, {
      insight: insight.name,
    });
  }
  const [latest] = await new RunStore(engine).latestResults(insight.id, 1);
  if (!latest) {
    throw new ConflictError(`insight "${insight.name}" has no successful result yet. Wait for its refresh to finish, then try again`, {
      insight: insight.name,
    });
  }

  // Regions are named in the result, so they are read against the definition its run computed,
  // which differs from the insight's own while the run of an edit has not finished.
  const definition = latest.run.definition ?? insight.definition;
  if (definition.kind !== 'overlap') {
    throw new ConflictError(`insight "${insight.name}" has no successful overlap result yet. Wait for its refresh to finish, then try again`, {
      insight: insight.name,
    });
  }

  const result = JSON.parse(latest.resultJson) as OverlapResult;
  const context = await loadRunContext(engine, insight);
  const segments = currentSegments(insight, definition, context);
  const masks = readMasks(request.regions, result, segments);
  return { insight, run: latest.run, result, masks, within: readWithin(request.within, context.source), context, segments };
}

/** Lists the segments whose rule or members changed since the run of the result, or that are gone. */
async function changedSinceRun(engine: Engine, resolved: ResolvedRegions): Promise<ChangedSegment[]> {
  const saved = resolved.context.segmentsById;
  const usedStatic = (resolved.run.segments ?? []).filter((segment) => saved.get(segment.id)?.kind === 'static');
  const digests = await readMemberDigests(engine, usedStatic.map((segment) => segment.id));

  const states = new Map<string, SegmentState>();
  for (const [id, segment] of saved) {
    states.set(id, { name: segment.name, kind: segment.kind, ruleText: segment.ruleText, members: digests.get(id) ?? null });
  }
  return findChangedSegments(resolved.run.segments, states);
}

/** Words why a region segment's count may differ from the region count of an out-of-date result. */
function staleResultWarning(changed: readonly ChangedSegment[], members: number | null, regionCount: number | null): string | null {
  if (changed.length === 0) return null;

  const changes = changed.map((segment) => `"${segment.name}" (${CHANGE_WORDS[segment.change]})`).join(', ');
  const counts = members !== null && regionCount !== null
    ? ` The new segment has ${members} customers now, while the result counted ${regionCount} in these regions.`
    : '';
  return `the insight's result is out of date because segments changed after it was computed: ${changes}.${counts} Refresh the insight to see current counts`;
}

const CHANGE_WORDS: Record<ChangedSegment['change'], string> = {
  rule: 'rule edited',
  members: 'member list replaced',
  deleted: 'deleted',
};

/** Returns the segments of the result's definition as they are now, in the definition's order. */
function currentSegments(insight: SavedInsight, definition: OverlapDefinition, context: RunContext): SegmentDefinition[] {
  return definition.segments.map((id) => {
    const name = context.segmentsById.get(id)?.name;
    const segment = name === undefined ? undefined : context.resolver(name);
    // Deleting a segment is rejected only while the insight's current definition uses it, so a
    // segment of the result's older definition may be gone.
    if (!segment) {
      throw new ConflictError(
        `a segment of the result on show of insight "${insight.name}" (id ${id}) no longer exists. Refresh the insight, then try again`,
        { insight: insight.name, segment: id },
      );
    }
    return segment;
  });
}

/**
 * Reads region references against the names in the result, or, when those do not match (a
 * segment renamed since the run), against the segments' current names.
 */
function readMasks(regions: readonly RegionReference[], result: OverlapResult, segments: readonly SegmentDefinition[]): number[] {
  if (regions.length === 0) throw new InvalidInputError('no region given. Name at least one region, such as "A&B" or "none"', { field: 'region' });

  const resultNames = result.segments.map((segment) => segment.name);
  const currentNames = segments.map((segment) => segment.name);
  const masks = regions.map((region) => {
    try {
      return regionMask(region, resultNames);
    } catch (error) {
      if (currentNames.join('\u0000') === resultNames.join('\u0000')) throw error;
      try {
        return regionMask(region, currentNames);
      } catch {
        throw error;
      }
    }
  });
  return [...new Set(masks)];
}

function readWithin(within: RegionRequest['within'], source: ProfileSource): WithinValue | undefined {
  if (!within) return undefined;
  const field = source.fields.find((candidate) => candidate.name === within.field);
  if (!field) {
    const hint = didYouMean(within.field, source.fields.map((candidate) => candidate.name)) || ' List the fields with GET /api/fields';
    throw new InvalidInputError(`unknown field "${within.field}".${hint}`, { field: 'field' });
  }
  const value = within.valueIsText && typeof within.value === 'string' ? readValueText(field, within.value) : within.value;
  checkValueType(field, value, within.valueIsText ? 'value' : 'within.value');
  return { field, value };
}

/** Returns the columns to write: the ones named, or the key then every other field in table order. */
function exportColumns(source: ProfileSource, requested: readonly string[] | undefined): string[] {
  const names = source.fields.map((field) => field.name);
  if (!requested || requested.length === 0) return [source.keyField, ...names.filter((name) => name !== source.keyField)];

  for (const name of requested) {
    if (names.includes(name)) continue;
    const hint = didYouMean(name, names) || ' List the fields with GET /api/fields';
    throw new InvalidInputError(`unknown column "${name}".${hint}`, { field: 'columns' });
  }
  return [...new Set(requested)];
}
