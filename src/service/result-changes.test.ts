import { describe, expect, test } from 'vitest';

import type { DifferentiatorsResult } from '../analyses/differentiators/differentiators-result.js';
import type { Breakdown, BreakdownValue, OverlapResult } from '../analyses/overlap/overlap-result.js';
import { compareDifferentiators, compareOverlaps } from './result-changes.js';

const previousRun = { id: 'run-1', finishedAt: '2025-01-01T00:00:00.000Z' };

function overlap(names: string[], regions: [string[], number][], none: number, sizes: number[], breakdowns: Breakdown[] = []): OverlapResult {
  return {
    profiles: regions.reduce((sum, [, count]) => sum + count, none),
    none,
    segments: names.map((name, index) => ({ name, size: sizes[index] ?? 0, only: 0 })),
    regions: regions.map(([segments, count]) => ({ segments, count })),
    breakdowns,
  } as unknown as OverlapResult;
}

/** A value row of a breakdown: its regions, its customers in none, and whether it is the folded "(other)" row. */
interface ValueSpec {
  value: BreakdownValue;
  regions: [string[], number][];
  none?: number;
  folded?: boolean;
}

function breakdown(field: string, values: ValueSpec[], truncated = false): Breakdown {
  return {
    field,
    type: 'text',
    truncated,
    distinctValues: values.length,
    values: values.map((spec) => ({
      value: spec.value,
      profiles: spec.regions.reduce((sum, [, count]) => sum + count, spec.none ?? 0),
      none: spec.none ?? 0,
      regions: spec.regions.map(([segments, count]) => ({ segments, count })),
      ...(spec.folded ? { folded: true, foldedValues: 2 } : {}),
    })),
  } as unknown as Breakdown;
}

describe('compareOverlaps', () => {
  // Six customers before a re-import: S 1, L 1, P&S 1, P&L 1, P&S&L 1, none 1; after it: L 1, P&S 3, P&S&L 1, none 1.
  const v1 = overlap(['P', 'S', 'L'], [[['S'], 1], [['L'], 1], [['P', 'S'], 1], [['P', 'L'], 1], [['P', 'S', 'L'], 1]], 1, [3, 3, 3]);
  const v2 = overlap(['P', 'S', 'L'], [[['P', 'S'], 3], [['L'], 1], [['P', 'S', 'L'], 1]], 1, [4, 4, 2]);

  test('puts the previous count next to each region', () => {
    const changes = compareOverlaps(v2, v1, previousRun);
    expect(changes.regions.slice(0, 3)).toEqual([
      { segments: ['P', 'S'], count: 3, previous: 1 },
      { segments: ['L'], count: 1, previous: 1 },
      { segments: ['P', 'S', 'L'], count: 1, previous: 1 },
    ]);
  });

  test('lists regions that emptied with count 0', () => {
    const changes = compareOverlaps(v2, v1, previousRun);
    expect(changes.regions.slice(3)).toEqual([
      { segments: ['S'], count: 0, previous: 1 },
      { segments: ['P', 'L'], count: 0, previous: 1 },
    ]);
  });

  test('compares segment sizes and totals', () => {
    const changes = compareOverlaps(v2, v1, previousRun);
    expect(changes.segments).toEqual([
      { name: 'P', size: 4, previous: 3 },
      { name: 'S', size: 4, previous: 3 },
      { name: 'L', size: 2, previous: 3 },
    ]);
    expect(changes.none).toEqual({ current: 1, previous: 1 });
    expect(changes.previousRun).toEqual(previousRun);
  });

  test('matches regions by position when a segment was renamed', () => {
    const renamed = overlap(['Pro', 'S', 'L'], [[['Pro', 'S'], 3]], 3, [3, 3, 0]);
    const changes = compareOverlaps(renamed, v1, previousRun);
    expect(changes.regions[0]).toEqual({ segments: ['Pro', 'S'], count: 3, previous: 1 });
  });
});

describe('compareOverlaps by breakdown value', () => {
  // The six customers of the re-import above by city. Before: Seattle C01 P&S&L, C02 S, C05 P&S;
  // Portland C03 P&L, C06 L; Boise C04 none. After (C03 gone, C02 now pro, C07 a new Seattle pro):
  // Seattle C01 P&S&L, C02 C05 C07 P&S; Portland C06 L; Boise C04 none.
  const before = breakdown('city', [
    { value: 'Seattle', regions: [[['P', 'S', 'L'], 1], [['S'], 1], [['P', 'S'], 1]] },
    { value: 'Portland', regions: [[['P', 'L'], 1], [['L'], 1]] },
    { value: 'Boise', regions: [], none: 1 },
  ]);
  const after = breakdown('city', [
    { value: 'Seattle', regions: [[['P', 'S'], 3], [['P', 'S', 'L'], 1]] },
    { value: 'Portland', regions: [[['L'], 1]] },
    { value: 'Boise', regions: [], none: 1 },
  ]);
  const compare = (current: Breakdown, previous: Breakdown) =>
    compareOverlaps(overlap(['P', 'S', 'L'], [], 0, [], [current]), overlap(['P', 'S', 'L'], [], 0, [], [previous]), previousRun).breakdowns;

  test('lists only the regions that changed', () => {
    const [city] = compare(after, before);

    expect(city?.field).toBe('city');
    expect(city?.values).toEqual([
      { value: 'Seattle', profiles: { current: 4, previous: 3 }, none: { current: 0, previous: 0 }, regions: [{ segments: ['P', 'S'], count: 3, previous: 1 }, { segments: ['S'], count: 0, previous: 1 }] },
      { value: 'Portland', profiles: { current: 1, previous: 2 }, none: { current: 0, previous: 0 }, regions: [{ segments: ['P', 'L'], count: 0, previous: 1 }] },
      { value: 'Boise', profiles: { current: 1, previous: 1 }, none: { current: 1, previous: 1 }, regions: [] },
    ]);
  });

  test('counts a new value as zero before', () => {
    const [city] = compare(breakdown('city', [{ value: 'Reno', regions: [[['L'], 2]] }]), before);

    expect(city?.values).toEqual([
      { value: 'Reno', profiles: { current: 2, previous: 0 }, none: { current: 0, previous: 0 }, regions: [{ segments: ['L'], count: 2, previous: 0 }] },
    ]);
  });

  test('leaves out values a truncated breakdown folded', () => {
    // Reno may be inside the previous "(other)" row, so its count then is unknown; the missing
    // value is never folded, so its absence means no customers.
    const truncated = breakdown('city', [{ value: 'Seattle', regions: [[['S'], 1]] }, { value: null, regions: [], folded: true, none: 3 }], true);
    const current = breakdown('city', [
      { value: 'Reno', regions: [[['L'], 2]] },
      { value: null, regions: [[['P'], 1]] },
      { value: 'Seattle', regions: [[['S'], 1]] },
      { value: null, regions: [[['S'], 4]], folded: true },
    ]);
    const [city] = compare(current, truncated);

    expect(city?.values.map((value) => value.value)).toEqual([null, 'Seattle']);
    expect(city?.values[0]?.profiles).toEqual({ current: 1, previous: 0 });
    expect(city?.values[1]?.regions).toEqual([]);
  });

  test('tells a number from the same text', () => {
    const [plan] = compare(breakdown('plan', [{ value: 1, regions: [[['P'], 1]] }]), breakdown('plan', [{ value: '1', regions: [[['P'], 5]] }]));
    expect(plan?.values[0]?.regions).toEqual([{ segments: ['P'], count: 1, previous: 0 }]);
  });

  test('skips a field the previous result lacks', () => {
    expect(compare(after, breakdown('plan', []))).toEqual([]);
  });
});

describe('compareDifferentiators', () => {
  const result = (attributes: [string, number][], segmentSize: number) =>
    ({
      profiles: 100,
      segment: { name: 'A', size: segmentSize },
      baseline: { kind: 'all', name: 'all customers', size: 100 },
      attributes: attributes.map(([field, influence]) => ({ field, influence })),
    }) as unknown as DifferentiatorsResult;

  test('puts the previous influence and rank next to each attribute', () => {
    const changes = compareDifferentiators(result([['plan', 0.4], ['city', 0.2], ['age', 0.1]], 30), result([['city', 0.3], ['plan', 0.25]], 25), previousRun);
    expect(changes.attributes).toEqual([
      { field: 'plan', influence: 0.4, previous: 0.25, rank: 1, previousRank: 2 },
      { field: 'city', influence: 0.2, previous: 0.3, rank: 2, previousRank: 1 },
      { field: 'age', influence: 0.1, previous: null, rank: 3, previousRank: null },
    ]);
    expect(changes.segmentSize).toEqual({ current: 30, previous: 25 });
  });
});
