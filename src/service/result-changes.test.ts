import { describe, expect, test } from 'vitest';

import type { DifferentiatorsResult } from '../analyses/differentiators/differentiators-result.js';
import type { OverlapResult } from '../analyses/overlap/overlap-result.js';
import { compareDifferentiators, compareOverlaps } from './result-changes.js';

const previousRun = { id: 'run-1', finishedAt: '2025-01-01T00:00:00.000Z' };

function overlap(names: string[], regions: [string[], number][], none: number, sizes: number[]): OverlapResult {
  return {
    profiles: regions.reduce((sum, [, count]) => sum + count, none),
    none,
    segments: names.map((name, index) => ({ name, size: sizes[index] ?? 0, only: 0 })),
    regions: regions.map(([segments, count]) => ({ segments, count })),
  } as unknown as OverlapResult;
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
