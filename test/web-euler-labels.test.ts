import { describe, expect, it } from 'vitest';

import { drawEuler, type EulerDrawing } from '../web/src/overlap/euler-drawing.js';
import { placeRegionLabels, type Box, type LabelCircle } from '../web/src/overlap/euler-labels.js';

/** Region counts by mask: bit 0 is the first segment, bit 1 the second, bit 2 the third. */
function counts(entries: Record<number, number>): Map<number, number> {
  return new Map(Object.entries(entries).map(([mask, count]) => [Number(mask), count]));
}

/** True when two boxes (by centre and size) share any area; written apart from the module's own check. */
function overlap(a: Box, b: Box): boolean {
  const apartX = a.x + a.width / 2 <= b.x - b.width / 2 || b.x + b.width / 2 <= a.x - a.width / 2;
  const apartY = a.y + a.height / 2 <= b.y - b.height / 2 || b.y + b.height / 2 <= a.y - a.height / 2;
  return !apartX && !apartY;
}

/** True when the point is inside exactly the circles of `mask`. */
function inRegion(circles: readonly LabelCircle[], mask: number, x: number, y: number): boolean {
  return circles.every((circle) => (Math.hypot(x - circle.x, y - circle.y) <= circle.radius) === ((mask & circle.bit) !== 0));
}

/** Points on a 5 × 5 grid over a box, corners included. */
function boxPoints(box: Box): { x: number; y: number }[] {
  const points = [];
  for (let i = 0; i <= 4; i += 1) {
    for (let j = 0; j <= 4; j += 1) points.push({ x: box.x - box.width / 2 + (i * box.width) / 4, y: box.y - box.height / 2 + (j * box.height) / 4 });
  }
  return points;
}

function allBoxes(drawing: EulerDrawing): Box[] {
  return [...drawing.labels.map((label) => label.box), ...drawing.names.map((name) => name.box)];
}

// A large segment and a small one that mostly lies outside it: the lens and the small circle's own
// part are both narrow, so their two labels compete for the same few pixels.
const SMALL_BESIDE_LARGE = counts({ 1: 39_577, 2: 1_843, 3: 294 });
// Three segments where two meet only in a sliver (114 customers of about 46,000 in the union).
const THREE_WITH_SLIVER = counts({ 3: 20_309, 2: 17_708, 4: 3_797, 1: 2_413, 7: 1_018, 6: 666, 5: 114 });

describe('Euler labels', () => {
  for (const width of [280, 340, 680]) {
    it(`keeps labels and names apart at ${width} px`, () => {
      for (const [names, regionCounts] of [
        [['Loyal', 'Youth'], SMALL_BESIDE_LARGE],
        [['High spenders', 'Loyal', 'Londoners over 40'], THREE_WITH_SLIVER],
      ] as const) {
        const boxes = allBoxes(drawEuler({ names: [...names], regionCounts }, width));

        for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) expect(overlap(a, b), JSON.stringify([a, b])).toBe(false);
      }
    });
  }

  it('puts a label inside its own region or points to it', () => {
    const drawing = drawEuler({ names: ['High spenders', 'Loyal', 'Londoners over 40'], regionCounts: THREE_WITH_SLIVER }, 680);
    const circles = drawing.layout.circles;

    for (const label of drawing.labels) {
      if (label.leader) {
        expect(inRegion(circles, label.mask, label.leader.x1, label.leader.y1), `anchor of ${label.text}`).toBe(true);
        for (const point of boxPoints(label.box)) expect(inRegion(circles, 0, point.x, point.y), `outside box of ${label.text}`).toBe(true);
      } else {
        for (const point of boxPoints(label.box)) expect(inRegion(circles, label.mask, point.x, point.y), `box of ${label.text}`).toBe(true);
      }
    }
  });

  it('labels every region with customers, slivers included', () => {
    for (const width of [340, 680]) {
      const drawing = drawEuler({ names: ['High spenders', 'Loyal', 'Londoners over 40'], regionCounts: THREE_WITH_SLIVER }, width);

      expect(drawing.tooSmall).toEqual([]);
      expect(drawing.labels.map((label) => label.text).sort()).toEqual(['1,018', '114', '17,708', '2,413', '20,309', '3,797', '666'].sort());
    }
  });

  it('labels the two regions of a small circle beside a large one', () => {
    const drawing = drawEuler({ names: ['Loyal', 'Youth'], regionCounts: SMALL_BESIDE_LARGE }, 340);

    expect(drawing.labels.map((label) => label.text).sort()).toEqual(['1,843', '294', '39,577']);
  });

  it('reports a region with no area as unplaced', () => {
    // Two circles that touch at one point: their common region has no area to label.
    const circles = [
      { bit: 1, x: 100, y: 100, radius: 50 },
      { bit: 2, x: 200, y: 100, radius: 50 },
    ];
    const placement = placeRegionLabels(circles, [{ mask: 3, width: 30, height: 20 }, { mask: 1, width: 30, height: 20 }], [], { x: 150, y: 100, width: 300, height: 200 });

    expect(placement.unplaced).toEqual([3]);
    expect(placement.placed.map((label) => label.mask)).toEqual([1]);
  });

  it('moves a label out with a leader when its region is too thin', () => {
    // B lies inside A with the same centre, so A's own part is a ring 3 px wide: too thin for a
    // 40 × 20 label, which goes outside both circles with a leader line.
    const circles = [
      { bit: 1, x: 100, y: 100, radius: 60 },
      { bit: 2, x: 100, y: 100, radius: 57 },
    ];
    const placement = placeRegionLabels(circles, [{ mask: 1, width: 40, height: 20 }], [], { x: 100, y: 100, width: 300, height: 300 });
    const [label] = placement.placed;

    expect(label?.leader).not.toBeNull();
    for (const point of boxPoints(label?.box as Box)) expect(inRegion(circles, 0, point.x, point.y)).toBe(true);
  });
});
