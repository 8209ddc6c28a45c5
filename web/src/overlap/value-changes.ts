import type { BreakdownChange, BreakdownRow, BreakdownValue, ValueChange } from '../api/api-types.js';
import { regionKey } from './region-rows.js';

/** The numbers of one breakdown value at the previous refresh. */
export interface ValuePrevious {
  profiles: number;
  none: number;
  union: number;
  atLeastTwo: number;
  inAll: number;
  /** Size and only-count of each segment, by its position in the result. */
  segments: { size: number; only: number }[];
  /** Count per region key (see `regionKey`), regions that emptied since and the none row included. */
  regions: Map<string, number>;
}

/** Maps each value that a breakdown change lists to its change; the "(other)" row never has one. */
export function valueChanges(change: BreakdownChange | undefined): Map<string, ValueChange> {
  return new Map((change?.values ?? []).map((value) => [valueKey(value.value), value]));
}

/** Returns a key that distinguishes breakdown values by type too: the number 1, the text "1" and null differ. */
export function valueKey(value: BreakdownValue): string {
  return JSON.stringify(value);
}

/**
 * Rebuilds a value's numbers at the previous refresh from its current row and its change. The
 * change lists only the regions whose count changed, so every other region had its current count.
 */
export function valuePrevious(row: BreakdownRow, change: ValueChange): ValuePrevious {
  const entries = new Map<string, { segments: string[]; count: number }>();
  for (const region of row.regions) entries.set(regionKey(region.segments), { segments: region.segments, count: region.count });
  for (const region of change.regions) entries.set(regionKey(region.segments), { segments: region.segments, count: region.previous });

  const regionCounts = new Map([...entries].map(([key, entry]) => [key, entry.count]));
  regionCounts.set(regionKey([]), change.none.previous);

  const names = row.segments.map((segment) => segment.name);
  const regions = [...entries.values()];
  const sum = (keep: (segments: string[]) => boolean) => regions.filter((region) => keep(region.segments)).reduce((total, region) => total + region.count, 0);
  return {
    profiles: change.profiles.previous,
    none: change.none.previous,
    union: sum(() => true),
    atLeastTwo: sum((segments) => segments.length >= 2),
    inAll: sum((segments) => segments.length === names.length),
    segments: names.map((name) => ({
      size: sum((segments) => segments.includes(name)),
      only: sum((segments) => segments.length === 1 && segments[0] === name),
    })),
    regions: regionCounts,
  };
}
