import { intersectionArea, normalizeSolution, scaleSolution, venn, type ICircle, type ISetOverlap } from '@upsetjs/venn.js';

/**
 * Area-proportional Euler layout of 2 or 3 segments with circles, from the exclusive region
 * counts of an overlap. The circles come from venn.js, which fits them to the pairwise overlaps.
 * This module then measures every region's drawn area exactly and compares it with the region's
 * share of the union, so the diagram can warn when its areas are only approximate.
 */

export interface EulerCircle {
  name: string;
  /** The circle's bit in region masks: 1 << its segment's index in the input. */
  bit: number;
  x: number;
  y: number;
  radius: number;
}

export interface EulerRegion {
  /** Bit i set for the i-th segment of the input. */
  mask: number;
  count: number;
  /** The region's share of the union, from the counts. */
  targetShare: number;
  /** The region's share of the union's drawn area. */
  drawnShare: number;
}

export interface EulerLayout {
  circles: EulerCircle[];
  regions: EulerRegion[];
  /** Largest difference between a region's drawn share and its share of customers. */
  maxShareError: number;
  /** True when some region's drawn share is more than APPROXIMATE_THRESHOLD off its share. */
  approximate: boolean;
  /** Segments left out of the drawing because they have no members. */
  emptySegments: string[];
}

/** Share error past which the diagram warns that its areas are approximate. */
export const APPROXIMATE_THRESHOLD = 0.05;
/** An empty region drawn with less than this share of the union's area is too small to label "0". */
export const VISIBLE_SHARE = 0.002;

export interface EulerInput {
  /** Segment names in insight order. */
  names: string[];
  /** Customers per exclusive region, by mask over `names`. */
  regionCounts: ReadonlyMap<number, number>;
}

/** Lays out 1 to 3 segments in a `width` × `height` box. */
export function layoutEuler(input: EulerInput, width: number, height: number, padding = 24): EulerLayout {
  const sizes = input.names.map((_, index) => inclusiveCount(input.regionCounts, 1 << index));
  const drawn = input.names.map((_, index) => index).filter((index) => (sizes[index] ?? 0) > 0);
  const emptySegments = input.names.filter((_, index) => (sizes[index] ?? 0) === 0);
  if (drawn.length === 0) return { circles: [], regions: [], maxShareError: 0, approximate: false, emptySegments };

  const circlesByIndex = fitCircles(drawn, input.regionCounts, width, height, padding);
  const regions = measureRegions(input, circlesByIndex);
  const maxShareError = Math.max(0, ...regions.map((region) => Math.abs(region.drawnShare - region.targetShare)));
  const circles = [...circlesByIndex.entries()].map(([index, circle]) => ({ name: input.names[index] ?? '', bit: 1 << index, x: circle.x, y: circle.y, radius: circle.radius }));
  return { circles, regions, maxShareError, approximate: maxShareError > APPROXIMATE_THRESHOLD, emptySegments };
}

/** Customers in every segment of `mask`, whatever else they are in. */
function inclusiveCount(regionCounts: ReadonlyMap<number, number>, mask: number): number {
  let total = 0;
  for (const [regionMask, count] of regionCounts) if ((regionMask & mask) === mask) total += count;
  return total;
}

function fitCircles(drawn: number[], regionCounts: ReadonlyMap<number, number>, width: number, height: number, padding: number): Map<number, ICircle> {
  const areas: ISetOverlap[] = subsetsOf(drawn).map((subset) => ({
    sets: subset.map(String),
    size: inclusiveCount(regionCounts, maskOf(subset)),
  }));
  const solution = venn(areas);
  const placed = scaleSolution(normalizeSolution(solution, Math.PI / 2, undefined), width, height, padding);
  return new Map(drawn.map((index) => [index, placed[String(index)] as ICircle]));
}

/**
 * Measures every non-empty combination of the drawn circles. The exclusive area of a region is
 * found from the circles' intersection areas by inclusion–exclusion: the area inside every circle
 * of M minus what is also inside others.
 */
function measureRegions(input: EulerInput, circles: Map<number, ICircle>): EulerRegion[] {
  const indices = [...circles.keys()];
  const inclusiveArea = new Map<number, number>();
  for (const subset of subsetsOf(indices)) {
    inclusiveArea.set(maskOf(subset), intersectionArea(subset.map((index) => circles.get(index) as ICircle)));
  }

  const exclusiveArea = new Map<number, number>();
  for (const mask of inclusiveArea.keys()) {
    let area = 0;
    for (const [superMask, value] of inclusiveArea) {
      if ((superMask & mask) !== mask) continue;
      area += (bitCount(superMask ^ mask) % 2 === 0 ? 1 : -1) * value;
    }
    exclusiveArea.set(mask, Math.max(0, area));
  }

  const unionArea = [...exclusiveArea.values()].reduce((sum, area) => sum + area, 0);
  const unionCount = [...input.regionCounts].filter(([mask]) => mask !== 0).reduce((sum, [, count]) => sum + count, 0);
  return [...exclusiveArea.entries()].map(([mask, area]) => {
    const count = input.regionCounts.get(mask) ?? 0;
    const drawnShare = unionArea > 0 ? area / unionArea : 0;
    return { mask, count, targetShare: unionCount > 0 ? count / unionCount : 0, drawnShare };
  });
}

/** Lists every non-empty subset of `items`, smallest first. */
function subsetsOf(items: readonly number[]): number[][] {
  const subsets: number[][] = [];
  for (let bits = 1; bits < 1 << items.length; bits += 1) {
    subsets.push(items.filter((_, position) => (bits & (1 << position)) !== 0));
  }
  return subsets.sort((a, b) => a.length - b.length);
}

function maskOf(indices: readonly number[]): number {
  return indices.reduce((mask, index) => mask | (1 << index), 0);
}

function bitCount(mask: number): number {
  let count = 0;
  for (let rest = mask; rest !== 0; rest &= rest - 1) count += 1;
  return count;
}
