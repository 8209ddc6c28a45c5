import type { DifferentiatorsResult } from '../analyses/differentiators/differentiators-result.js';
import type { Breakdown, BreakdownRow, BreakdownValue, OverlapResult, RegionCount } from '../analyses/overlap/overlap-result.js';

/** The run a result is compared with. */
export interface PreviousRun {
  id: string;
  finishedAt: string | null;
}

export interface RegionChange {
  segments: string[];
  count: number;
  previous: number;
}

export interface OverlapChanges {
  previousRun: PreviousRun;
  profiles: { current: number; previous: number };
  none: { current: number; previous: number };
  segments: { name: string; size: number; previous: number }[];
  /**
   * One entry per region of the current result, in its order, then the regions that had
   * customers in the previous run and have none now (count 0).
   */
  regions: RegionChange[];
  /** One entry per breakdown field of the current result that the previous result also has. */
  breakdowns: BreakdownChange[];
}

/** The numbers of one breakdown value in the previous run. */
export interface ValueChange {
  value: BreakdownValue;
  profiles: { current: number; previous: number };
  none: { current: number; previous: number };
  /**
   * Only the regions whose count changed: those of the current value in its order, then those
   * that had customers in the previous run and have none now (count 0). A region not listed
   * had the same count in the previous run.
   */
  regions: RegionChange[];
}

export interface BreakdownChange {
  field: string;
  /**
   * One entry per value of the current breakdown, in its order, that the previous run counted.
   * Left out are the folded "(other)" row, which stands for different values in each run, and
   * values that the previous run folded into its own "(other)" row, whose counts are unknown.
   */
  values: ValueChange[];
}

export interface AttributeChange {
  field: string;
  influence: number;
  /** Influence in the previous run; null when the attribute was not compared then. */
  previous: number | null;
  rank: number;
  previousRank: number | null;
}

export interface DifferentiatorsChanges {
  previousRun: PreviousRun;
  profiles: { current: number; previous: number };
  segmentSize: { current: number; previous: number };
  baselineSize: { current: number; previous: number };
  /** One entry per attribute of the current result, in its order (rank 1 first). */
  attributes: AttributeChange[];
}

/**
 * Compares two overlap results of one insight. Segments are matched by position, because an
 * insight's segment list is fixed while a segment's name may change between runs.
 */
export function compareOverlaps(current: OverlapResult, previous: OverlapResult, previousRun: PreviousRun): OverlapChanges {
  const currentNames = segmentNames(current);
  const previousNames = segmentNames(previous);
  return {
    previousRun,
    profiles: { current: current.profiles, previous: previous.profiles },
    none: { current: current.none, previous: previous.none },
    segments: current.segments.map((segment, index) => ({
      name: segment.name,
      size: segment.size,
      previous: previous.segments[index]?.size ?? 0,
    })),
    regions: compareRegions(currentNames, current.regions, previousNames, previous.regions),
    breakdowns: current.breakdowns.flatMap((breakdown) => {
      const before = previous.breakdowns.find((candidate) => candidate.field === breakdown.field);
      return before ? [compareBreakdown(breakdown, before, currentNames, previousNames)] : [];
    }),
  };
}

/**
 * Compares one field's values. A value missing from the previous breakdown had no customers
 * then, unless that breakdown was truncated: its "(other)" row may have held the value. The
 * missing value (null) is never folded, so its absence always means no customers.
 */
function compareBreakdown(current: Breakdown, previous: Breakdown, currentNames: readonly string[], previousNames: readonly string[]): BreakdownChange {
  const previousRows = new Map(previous.values.filter((row) => !row.folded).map((row) => [valueKey(row.value), row]));
  const values: ValueChange[] = [];

  for (const row of current.values) {
    if (row.folded) continue;
    const before = previousRows.get(valueKey(row.value));
    if (!before && previous.truncated && row.value !== null) continue;
    values.push(compareValue(row, before, currentNames, previousNames));
  }
  return { field: current.field, values };
}

function compareValue(row: BreakdownRow, before: BreakdownRow | undefined, currentNames: readonly string[], previousNames: readonly string[]): ValueChange {
  const regions = compareRegions(currentNames, row.regions, previousNames, before?.regions ?? []);
  return {
    value: row.value,
    profiles: { current: row.profiles, previous: before?.profiles ?? 0 },
    none: { current: row.none, previous: before?.none ?? 0 },
    regions: regions.filter((region) => region.count !== region.previous),
  };
}

/** Compares two differentiators results of one insight, attribute by attribute. */
export function compareDifferentiators(
  current: DifferentiatorsResult,
  previous: DifferentiatorsResult,
  previousRun: PreviousRun,
): DifferentiatorsChanges {
  const previousRanks = new Map(previous.attributes.map((attribute, index) => [attribute.field, index]));
  return {
    previousRun,
    profiles: { current: current.profiles, previous: previous.profiles },
    segmentSize: { current: current.segment.size, previous: previous.segment.size },
    baselineSize: { current: current.baseline.size, previous: previous.baseline.size },
    attributes: current.attributes.map((attribute, index) => {
      const previousIndex = previousRanks.get(attribute.field);
      const before = previousIndex === undefined ? undefined : previous.attributes[previousIndex];
      return {
        field: attribute.field,
        influence: attribute.influence,
        previous: before ? before.influence : null,
        rank: index + 1,
        previousRank: previousIndex === undefined ? null : previousIndex + 1,
      };
    }),
  };
}

/**
 * Puts the previous count next to each current region, then adds the regions that emptied.
 * Regions are matched by the positions of their segments, as a membership mask.
 */
function compareRegions(
  currentNames: readonly string[],
  current: readonly RegionCount[],
  previousNames: readonly string[],
  previous: readonly RegionCount[],
): RegionChange[] {
  const currentMasks = new Set(current.map((region) => regionMask(currentNames, region)));
  const previousMasks = new Map(previous.map((region) => [regionMask(previousNames, region), region.count]));
  const changes: RegionChange[] = current.map((region) => ({
    segments: region.segments,
    count: region.count,
    previous: previousMasks.get(regionMask(currentNames, region)) ?? 0,
  }));

  for (const [mask, count] of previousMasks) {
    if (currentMasks.has(mask)) continue;
    changes.push({ segments: namesOfMask(currentNames, mask), count: 0, previous: count });
  }
  return changes;
}

function segmentNames(result: OverlapResult): string[] {
  return result.segments.map((segment) => segment.name);
}

function regionMask(names: readonly string[], region: RegionCount): number {
  return region.segments.reduce((mask, name) => mask | (1 << names.indexOf(name)), 0);
}

function namesOfMask(names: readonly string[], mask: number): string[] {
  return names.filter((_, index) => (mask & (1 << index)) !== 0);
}

/** Tells breakdown values apart by type as well: the number 1, the text "1" and null are three values. */
function valueKey(value: BreakdownValue): string {
  return JSON.stringify(value);
}
