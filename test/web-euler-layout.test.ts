import { describe, expect, it } from 'vitest';

import { layoutEuler, type EulerCircle } from '../web/src/overlap/euler-layout.js';

/** Region counts by mask: bit 0 is the first segment, bit 1 the second, bit 2 the third. */
function counts(entries: Record<number, number>): Map<number, number> {
  return new Map(Object.entries(entries).map(([mask, count]) => [Number(mask), count]));
}

/**
 * Each region's share of the drawn union, measured independently of the layout code on a fine
 * grid: a grid point belongs to the region of the circles that contain it.
 */
function gridShares(circles: readonly EulerCircle[], steps = 800): Map<number, number> {
  const left = Math.min(...circles.map((circle) => circle.x - circle.radius));
  const right = Math.max(...circles.map((circle) => circle.x + circle.radius));
  const top = Math.min(...circles.map((circle) => circle.y - circle.radius));
  const bottom = Math.max(...circles.map((circle) => circle.y + circle.radius));
  const cells = new Map<number, number>();
  let inside = 0;
  for (let i = 0; i < steps; i += 1) {
    for (let j = 0; j < steps; j += 1) {
      const x = left + ((i + 0.5) * (right - left)) / steps;
      const y = top + ((j + 0.5) * (bottom - top)) / steps;
      const mask = circles.reduce((bits, circle, index) => ((x - circle.x) ** 2 + (y - circle.y) ** 2 <= circle.radius ** 2 ? bits | (1 << index) : bits), 0);
      if (mask === 0) continue;
      inside += 1;
      cells.set(mask, (cells.get(mask) ?? 0) + 1);
    }
  }
  return new Map([...cells].map(([mask, cellCount]) => [mask, cellCount / inside]));
}

describe('Euler layout', () => {
  it('flags three pairwise overlaps without a triple as approximate', () => {
    // A, B, C: each only-region 1, each pair 1, all three 0. Equal circles whose lenses each hold
    // a third of a circle must share a common area, so no circle layout is exact.
    const layout = layoutEuler({ names: ['A', 'B', 'C'], regionCounts: counts({ 1: 1, 2: 1, 4: 1, 3: 1, 5: 1, 6: 1, 0: 6 }) }, 400, 300);

    expect(layout.approximate).toBe(true);
    expect(layout.maxShareError).toBeGreaterThan(0.05);
    const triple = layout.regions.find((region) => region.mask === 7);
    expect(triple?.count).toBe(0);
  });

  it('draws nested segments exactly with no area for empty regions', () => {
    // D (mask 1), E (mask 2), F (mask 4): E only 6, D&E 3, E&F 2, the rest 0. D and F fit inside E
    // without touching, so every share can be met: E 6/11, D&E 3/11, E&F 2/11.
    const layout = layoutEuler({ names: ['D', 'E', 'F'], regionCounts: counts({ 2: 6, 3: 3, 6: 2, 0: 1 }) }, 400, 300);

    expect(layout.approximate).toBe(false);
    expect(layout.maxShareError).toBeLessThanOrEqual(0.01);
    const measured = gridShares(layout.circles);
    expect(measured.get(2) ?? 0).toBeCloseTo(6 / 11, 2);
    expect(measured.get(3) ?? 0).toBeCloseTo(3 / 11, 2);
    expect(measured.get(6) ?? 0).toBeCloseTo(2 / 11, 2);
    for (const emptyMask of [1, 4, 5, 7]) expect(measured.get(emptyMask) ?? 0).toBeLessThanOrEqual(0.005);
  });

  it('matches its own area measure to a grid', () => {
    const layout = layoutEuler({ names: ['A', 'B', 'C'], regionCounts: counts({ 1: 5, 2: 4, 4: 3, 3: 2, 5: 2, 6: 1, 7: 1 }) }, 400, 300);
    const measured = gridShares(layout.circles);

    for (const region of layout.regions) expect(measured.get(region.mask) ?? 0).toBeCloseTo(region.drawnShare, 2);
  });

  it('leaves out a segment with no members', () => {
    const layout = layoutEuler({ names: ['A', 'E'], regionCounts: counts({ 1: 3, 0: 3 }) }, 400, 300);

    expect(layout.emptySegments).toEqual(['E']);
    expect(layout.circles.map((circle) => circle.name)).toEqual(['A']);
    expect(layout.approximate).toBe(false);
  });
});
