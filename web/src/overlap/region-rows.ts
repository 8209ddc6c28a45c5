import { largestRemainderPercentages } from '../format/largest-remainder.js';

/** The overlap numbers of one group of customers, as the API returns them. */
export interface RegionSource {
  profiles: number;
  none: number;
  segments: { name: string; size: number }[];
  regions: { segments: string[]; count: number }[];
}

/** One row of a region table: an exclusive region, or the customers in none of the segments. */
export interface RegionRow {
  /** A stable key for selection and React: the segment names as JSON. */
  key: string;
  segments: string[];
  count: number;
  /** Percent of all customers of the group, rounded so the rows add up to 100. */
  percent: number;
  /** Count over the count expected if memberships were independent; null when none is expected. */
  lift: number | null;
  /** Count at the previous refresh, when known. */
  previous: number | undefined;
}

export function regionKey(segments: readonly string[]): string {
  return JSON.stringify(segments);
}

/** "A & B", or "None of them" for the region outside every segment. */
export function regionLabel(segments: readonly string[]): string {
  return segments.length === 0 ? 'None of them' : segments.join(' & ');
}

/**
 * The region rows of a group, largest first, with the none row last. Percentages are of every
 * customer of the group, so with the none row they are a partition and add up to exactly 100.
 */
export function regionRows(source: RegionSource, previous?: ReadonlyMap<string, number>): RegionRow[] {
  const entries = [...source.regions.filter((region) => region.count > 0), { segments: [], count: source.none }];
  const percents = largestRemainderPercentages(entries.map((entry) => entry.count));
  return entries.map((entry, index) => ({
    key: regionKey(entry.segments),
    segments: entry.segments,
    count: entry.count,
    percent: percents[index] ?? 0,
    lift: regionLift(source, entry.segments, entry.count),
    previous: previous?.get(regionKey(entry.segments)),
  }));
}

/**
 * Lift of an exclusive region: its count over the count expected if every customer joined each
 * segment independently with the segment's overall share p: profiles × Π p(in) × Π (1 − p(out)).
 * Above 1 the combination is more common than chance.
 */
export function regionLift(source: RegionSource, segments: readonly string[], count: number): number | null {
  if (source.profiles === 0) return null;
  let expected = source.profiles;
  for (const segment of source.segments) {
    const share = segment.size / source.profiles;
    expected *= segments.includes(segment.name) ? share : 1 - share;
  }
  return expected > 0 ? count / expected : null;
}
