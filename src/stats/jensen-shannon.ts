/**
 * Jensen–Shannon distance between two distributions given as counts or shares over the same
 * values: sqrt(½·KL(P‖M) + ½·KL(Q‖M)) with M = (P + Q) / 2 and base-2 logarithms, so it lies in
 * [0, 1]: 0 for identical distributions, 1 for disjoint supports. It does not grow with sample
 * size, which makes it the influence score. A term with a zero share contributes 0 (0·log 0 = 0),
 * while the other side's term for that value still counts.
 */
export function jensenShannonDistance(p: readonly number[], q: readonly number[]): number {
  if (p.length !== q.length) {
    throw new Error(`distributions differ in length: ${p.length} and ${q.length} values`);
  }
  const left = normalise(p);
  const right = normalise(q);

  let divergence = 0;
  for (const [index, leftShare] of left.entries()) {
    const rightShare = right[index] ?? 0;
    const middle = (leftShare + rightShare) / 2;
    divergence += 0.5 * relativeEntropyTerm(leftShare, middle);
    divergence += 0.5 * relativeEntropyTerm(rightShare, middle);
  }

  // Rounding can leave the divergence a hair outside [0, 1].
  return Math.sqrt(Math.min(1, Math.max(0, divergence)));
}

function relativeEntropyTerm(share: number, middle: number): number {
  return share > 0 ? share * Math.log2(share / middle) : 0;
}

function normalise(counts: readonly number[]): number[] {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (!(total > 0) || counts.some((count) => !(count >= 0))) {
    throw new Error('a distribution needs non-negative counts with a positive total');
  }
  return counts.map((count) => count / total);
}
