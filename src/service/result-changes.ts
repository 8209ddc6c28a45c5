import type { DifferentiatorsResult } from '../analyses/differentiators/differentiators-result.js';
import type { OverlapResult, RegionCount } from '../analyses/overlap/overlap-result.js';

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
  const currentMasks = maskCounts(current);
  const previousMasks = maskCounts(previous);
  const regions: RegionChange[] = current.regions.map((region) => ({
    segments: region.segments,
    count: region.count,
    previous: previousMasks.get(regionMask(current, region)) ?? 0,
  }));

  for (const region of previous.regions) {
    const mask = regionMask(previous, region);
    if (currentMasks.has(mask)) continue;
    regions.push({ segments: namesOfMask(current, mask), count: 0, previous: region.count });
  }

  return {
    previousRun,
    profiles: { current: current.profiles, previous: previous.profiles },
    none: { current: current.none, previous: previous.none },
    segments: current.segments.map((segment, index) => ({
      name: segment.name,
      size: segment.size,
      previous: previous.segments[index]?.size ?? 0,
    })),
    regions,
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

function maskCounts(result: OverlapResult): Map<number, number> {
  return new Map(result.regions.map((region) => [regionMask(result, region), region.count]));
}

function regionMask(result: OverlapResult, region: RegionCount): number {
  const names = result.segments.map((segment) => segment.name);
  return region.segments.reduce((mask, name) => mask | (1 << names.indexOf(name)), 0);
}

function namesOfMask(result: OverlapResult, mask: number): string[] {
  return result.segments.filter((_, index) => (mask & (1 << index)) !== 0).map((segment) => segment.name);
}
