/**
 * "Did you mean" suggestions for misspelt field, segment, operator and key names.
 */

/**
 * Edit distance between two strings, counted in code points: insertions, deletions, substitutions
 * and swaps of two neighbouring characters (optimal string alignment), so "feild" is one edit
 * from "field".
 */
export function editDistance(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  const rows = [Array.from({ length: right.length + 1 }, (_, index) => index)];

  for (let i = 1; i <= left.length; i++) {
    const previous = rows[i - 1] ?? [];
    const current = [i];
    for (let j = 1; j <= right.length; j++) {
      const same = left[i - 1] === right[j - 1];
      let distance = Math.min(
        (previous[j - 1] ?? 0) + (same ? 0 : 1),
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
      );
      if (i > 1 && j > 1 && left[i - 1] === right[j - 2] && left[i - 2] === right[j - 1]) {
        distance = Math.min(distance, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      current.push(distance);
    }
    rows.push(current);
  }
  return rows[left.length]?.[right.length] ?? 0;
}

/**
 * Returns the candidate closest to `name`, ignoring case, or undefined when none is reasonably
 * close. Close means at most one edit per three characters of `name` (at least one edit), and
 * fewer edits than `name` has characters, so "x" never suggests "y". Ties go to the earlier
 * candidate.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const target = name.toLowerCase();
  const length = [...target].length;
  const maximum = Math.max(1, Math.floor(length / 3));
  let best: { candidate: string; distance: number } | undefined;

  for (const candidate of candidates) {
    if (candidate === name) continue;
    const distance = editDistance(target, candidate.toLowerCase());
    if (distance > maximum || (distance >= length && distance > 0)) continue;
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best?.candidate;
}

/** Returns ` Did you mean "city"?` for the closest candidate, or an empty string. */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const suggestion = closestName(name, candidates);
  return suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`;
}
