/**
 * Places the count labels of an Euler diagram so that no two overlap and each sits inside its own
 * region, clear of every circle's edge. A label that does not fit inside goes outside the circles
 * with a leader line to a point of its region. Geometry is in SVG units (pixels at 1:1 scale).
 */

export interface LabelCircle {
  /** The circle's bit in region masks. */
  bit: number;
  x: number;
  y: number;
  radius: number;
}

/** A rectangle by its centre and size. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LabelRequest {
  mask: number;
  width: number;
  height: number;
}

export interface PlacedLabel {
  mask: number;
  box: Box;
  /** From a point inside the region to the edge of the box, for a label placed outside. */
  leader: { x1: number; y1: number; x2: number; y2: number } | null;
}

export interface LabelPlacement {
  placed: PlacedLabel[];
  /** Masks of the requested regions with no visible area to point at. */
  unplaced: number[];
}

/** Space kept between a label and a circle's edge or another label, in pixels. */
export const LABEL_GAP = 2;
/** A region point must be this far inside its region to anchor a leader line. */
const ANCHOR_DEPTH = 0.75;

/**
 * Places labels in the order given (put the largest regions first: they claim the room inside
 * first). Labels never overlap each other, the `obstacles` (such as segment names) or, when placed
 * outside, any circle. `bounds` limits where outside labels may go.
 */
export function placeRegionLabels(circles: readonly LabelCircle[], requests: readonly LabelRequest[], obstacles: readonly Box[], bounds: Box): LabelPlacement {
  const occupied: Box[] = [...obstacles];
  const placed: PlacedLabel[] = [];
  const outside: { request: LabelRequest; anchor: { x: number; y: number } }[] = [];
  const unplaced: number[] = [];

  for (const request of requests) {
    const anchor = deepestPoint(circles, request.mask);
    if (!anchor) {
      unplaced.push(request.mask);
      continue;
    }
    const box = fitInside(circles, request, anchor, occupied);
    if (box) {
      occupied.push(box);
      placed.push({ mask: request.mask, box, leader: null });
    } else {
      outside.push({ request, anchor });
    }
  }

  for (const { request, anchor } of outside) {
    const box = fitOutside(circles, request, anchor, occupied, bounds);
    if (!box) {
      unplaced.push(request.mask);
      continue;
    }
    occupied.push(box);
    const edge = nearestPointOnBox(box, anchor);
    placed.push({ mask: request.mask, box, leader: { x1: anchor.x, y1: anchor.y, x2: edge.x, y2: edge.y } });
  }
  return { placed, unplaced };
}

/** True when two boxes overlap or come closer than `gap`. */
export function boxesOverlap(a: Box, b: Box, gap = 0): boolean {
  return Math.abs(a.x - b.x) * 2 < a.width + b.width + 2 * gap && Math.abs(a.y - b.y) * 2 < a.height + b.height + 2 * gap;
}

/**
 * Measures how far a point lies inside the region of `mask`: its distance to the nearest circle edge,
 * negative when the point is outside the region.
 */
export function pointDepth(circles: readonly LabelCircle[], mask: number, x: number, y: number): number {
  let depth = Infinity;
  for (const circle of circles) {
    const distance = Math.hypot(x - circle.x, y - circle.y);
    depth = Math.min(depth, (mask & circle.bit) !== 0 ? circle.radius - distance : distance - circle.radius);
  }
  return depth;
}

/**
 * Measures how far a box lies inside the region of `mask`: the least distance from the box to an edge of
 * the region, negative when part of the box is outside it. A box is inside a circle when its
 * farthest corner is, and clear of a circle when its nearest point is.
 */
export function boxDepth(circles: readonly LabelCircle[], mask: number, box: Box): number {
  let depth = Infinity;
  for (const circle of circles) {
    const dx = Math.abs(box.x - circle.x);
    const dy = Math.abs(box.y - circle.y);
    if ((mask & circle.bit) !== 0) {
      depth = Math.min(depth, circle.radius - Math.hypot(dx + box.width / 2, dy + box.height / 2));
    } else {
      depth = Math.min(depth, Math.hypot(Math.max(0, dx - box.width / 2), Math.max(0, dy - box.height / 2)) - circle.radius);
    }
  }
  return depth;
}

/**
 * Finds the point of a region farthest from its edges, on a grid over the region's bounding box,
 * then on a finer grid for thin regions. Null when the region has no point at least
 * ANCHOR_DEPTH inside it.
 */
function deepestPoint(circles: readonly LabelCircle[], mask: number): { x: number; y: number } | null {
  const area = regionBounds(circles, mask);
  if (!area) return null;
  for (const steps of [48, 192]) {
    const best = bestOnGrid(area, steps, (x, y) => pointDepth(circles, mask, x, y));
    if (best.score >= ANCHOR_DEPTH) return { x: best.x, y: best.y };
  }
  return null;
}

/**
 * Finds the label's box inside its region nearest the anchor, with room to spare, else just inside
 * the region's edges; null when no box fits.
 */
function fitInside(circles: readonly LabelCircle[], request: LabelRequest, anchor: { x: number; y: number }, occupied: readonly Box[]): Box | null {
  const area = regionBounds(circles, request.mask);
  if (!area) return null;
  for (const clearance of [LABEL_GAP, 0]) {
    const score = (x: number, y: number) => {
      const box = { x, y, width: request.width, height: request.height };
      if (occupied.some((other) => boxesOverlap(box, other, LABEL_GAP))) return -Infinity;
      const depth = boxDepth(circles, request.mask, box);
      if (depth < clearance) return -Infinity;
      // Room beyond 6 px buys nothing; among boxes with enough room, the one nearest the anchor wins.
      return Math.min(depth, 6) * 1000 - Math.hypot(x - anchor.x, y - anchor.y);
    };
    const best = bestOnGrid(area, 64, score);
    if (best.score !== -Infinity) return { x: best.x, y: best.y, width: request.width, height: request.height };
  }
  return null;
}

/** Finds the box nearest the anchor that is clear of every circle and label, within `bounds`; null when none fits. */
function fitOutside(circles: readonly LabelCircle[], request: LabelRequest, anchor: { x: number; y: number }, occupied: readonly Box[], bounds: Box): Box | null {
  const inner: Box = { ...bounds, width: bounds.width - request.width, height: bounds.height - request.height };
  const score = (x: number, y: number) => {
    const box = { x, y, width: request.width, height: request.height };
    if (occupied.some((other) => boxesOverlap(box, other, LABEL_GAP))) return -Infinity;
    if (boxDepth(circles, 0, box) < LABEL_GAP * 2) return -Infinity;
    return -Math.hypot(x - anchor.x, y - anchor.y);
  };
  const best = bestOnGrid(inner, 96, score);
  return best.score === -Infinity ? null : { x: best.x, y: best.y, width: request.width, height: request.height };
}

/** Scores the points of a `steps` × `steps` grid over a box and returns the best one. */
function bestOnGrid(area: Box, steps: number, score: (x: number, y: number) => number): { x: number; y: number; score: number } {
  let best = { x: area.x, y: area.y, score: -Infinity };
  for (let i = 0; i <= steps; i += 1) {
    for (let j = 0; j <= steps; j += 1) {
      const x = area.x - area.width / 2 + (i * area.width) / steps;
      const y = area.y - area.height / 2 + (j * area.height) / steps;
      const value = score(x, y);
      if (value > best.score) best = { x, y, score: value };
    }
  }
  return best;
}

/** Returns the bounding box of the circles that a region lies in (their intersection); null for an empty mask. */
function regionBounds(circles: readonly LabelCircle[], mask: number): Box | null {
  const inside = circles.filter((circle) => (mask & circle.bit) !== 0);
  if (inside.length === 0) return null;
  const left = Math.max(...inside.map((circle) => circle.x - circle.radius));
  const right = Math.min(...inside.map((circle) => circle.x + circle.radius));
  const top = Math.max(...inside.map((circle) => circle.y - circle.radius));
  const bottom = Math.min(...inside.map((circle) => circle.y + circle.radius));
  if (left >= right || top >= bottom) return null;
  return { x: (left + right) / 2, y: (top + bottom) / 2, width: right - left, height: bottom - top };
}

function nearestPointOnBox(box: Box, point: { x: number; y: number }): { x: number; y: number } {
  return {
    x: Math.min(box.x + box.width / 2, Math.max(box.x - box.width / 2, point.x)),
    y: Math.min(box.y + box.height / 2, Math.max(box.y - box.height / 2, point.y)),
  };
}

export interface NameRequest {
  width: number;
  height: number;
}

/**
 * Places each circle's name just outside it, facing away from the centre of all circles where
 * that is free. Names never overlap each other, and keep clear of the other circles when some
 * side of their circle allows it. Each box stays within `bounds` horizontally.
 */
export function placeNames(circles: readonly LabelCircle[], requests: readonly NameRequest[], bounds: Box): Box[] {
  const centreX = circles.reduce((sum, circle) => sum + circle.x, 0) / circles.length;
  const centreY = circles.reduce((sum, circle) => sum + circle.y, 0) / circles.length;
  const boxes: Box[] = [];
  circles.forEach((circle, index) => {
    const request = requests[index] ?? { width: 0, height: 0 };
    const away = Math.hypot(circle.x - centreX, circle.y - centreY) < 1 ? -Math.PI / 2 : Math.atan2(circle.y - centreY, circle.x - centreX);
    let best: { box: Box; score: number } | undefined;
    for (let step = 0; step < 72; step += 1) {
      const angle = away + (step % 2 === 0 ? 1 : -1) * Math.ceil(step / 2) * (Math.PI / 36);
      const box = nameBox(circle, request, angle, bounds);
      const score = nameScore(box, circle, circles, boxes) - Math.abs(angle - away);
      if (!best || score > best.score) best = { box, score };
    }
    boxes.push((best as { box: Box }).box);
  });
  return boxes;
}

/** Returns the name's box on the ray at `angle` from the circle's centre, 6 px clear of its edge. */
function nameBox(circle: LabelCircle, request: NameRequest, angle: number, bounds: Box): Box {
  const extent = Math.abs(Math.cos(angle)) * (request.width / 2) + Math.abs(Math.sin(angle)) * (request.height / 2);
  const distance = circle.radius + 6 + extent;
  const left = bounds.x - bounds.width / 2 + request.width / 2;
  const right = bounds.x + bounds.width / 2 - request.width / 2;
  const x = Math.min(right, Math.max(left, circle.x + distance * Math.cos(angle)));
  return { x, y: circle.y + distance * Math.sin(angle), width: request.width, height: request.height };
}

/** 0 for a free spot; large penalties for overlapping a placed name, then for covering another circle or leaving the bounds. */
function nameScore(box: Box, own: LabelCircle, circles: readonly LabelCircle[], placed: readonly Box[]): number {
  let score = 0;
  if (placed.some((other) => boxesOverlap(box, other, LABEL_GAP))) score -= 10_000;
  if (boxDepth([own], 0, box) < 0) score -= 1000;
  if (boxDepth(circles.filter((circle) => circle !== own), 0, box) < LABEL_GAP) score -= 100;
  return score;
}
