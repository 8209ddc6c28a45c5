/**
 * Region arithmetic on membership masks. A mask has bit i set when a customer is in segment i;
 * mask 0 is "in none of the selected segments". Everything here is derived from the counts of
 * customers per mask, which partition the profiles.
 */

export type MaskCounts = ReadonlyMap<number, number>;

export function segmentsOfMask(mask: number, segmentCount: number): number[] {
  const indexes: number[] = [];
  for (let index = 0; index < segmentCount; index += 1) {
    if (mask & (1 << index)) indexes.push(index);
  }
  return indexes;
}

export function bitCount(mask: number): number {
  let count = 0;
  for (let rest = mask; rest !== 0; rest &= rest - 1) count += 1;
  return count;
}

export function totalOf(counts: MaskCounts): number {
  let total = 0;
  for (const count of counts.values()) total += count;
  return total;
}

/** Size of each segment: the sum of the regions that contain it. */
export function segmentSizes(counts: MaskCounts, segmentCount: number): number[] {
  const sizes = new Array<number>(segmentCount).fill(0);
  for (const [mask, count] of counts) {
    for (const index of segmentsOfMask(mask, segmentCount)) sizes[index] = (sizes[index] ?? 0) + count;
  }
  return sizes;
}

/**
 * Inclusive intersection counts for every combination: the customers in all segments of the
 * combination, whatever other segments they are in. Computed as sums over supersets in
 * n·2^n steps, so it stays cheap for 16 segments.
 */
export function inclusiveCounts(counts: MaskCounts, segmentCount: number): Float64Array {
  const table = new Float64Array(2 ** segmentCount);
  for (const [mask, count] of counts) table[mask] = (table[mask] ?? 0) + count;

  for (let bit = 0; bit < segmentCount; bit += 1) {
    const bitValue = 1 << bit;
    for (let mask = 0; mask < table.length; mask += 1) {
      if ((mask & bitValue) === 0) table[mask] = (table[mask] ?? 0) + (table[mask | bitValue] ?? 0);
    }
  }
  return table;
}

/** Jaccard index |A∩B| / |A∪B|; null when both segments are empty. */
export function jaccardIndex(sizeA: number, sizeB: number, intersection: number): number | null {
  const union = sizeA + sizeB - intersection;
  return union === 0 ? null : intersection / union;
}

/**
 * Lift of a pairwise overlap against independence, |A∩B|·|U| / (|A|·|B|): 1 when membership of one
 * says nothing about the other. Null when either segment is empty.
 */
export function pairLift(sizeA: number, sizeB: number, intersection: number, profiles: number): number | null {
  return sizeA === 0 || sizeB === 0 ? null : (intersection * profiles) / (sizeA * sizeB);
}
