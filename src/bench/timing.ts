import { performance } from 'node:perf_hooks';

export interface Timing {
  /** Median wall-clock time of the timed runs, in milliseconds. */
  medianMs: number;
  runsMs: number[];
}

/**
 * Times each piece of work: `warmUps` untimed runs first (they load data into DuckDB's buffer
 * pool and warm the JIT), then `runs` timed rounds. Each round runs every piece once, so that
 * other load on the machine slows all of them alike and their ratios stay fair. Returns the
 * median per piece, which one slow run does not move.
 */
export async function timeInterleaved<Name extends string>(
  works: Record<Name, () => Promise<unknown>>,
  options: { warmUps: number; runs: number },
): Promise<Record<Name, Timing>> {
  const names = Object.keys(works) as Name[];
  for (let index = 0; index < options.warmUps; index += 1) {
    for (const name of names) await works[name]();
  }

  const runsMs = new Map<Name, number[]>(names.map((name) => [name, []]));
  for (let index = 0; index < options.runs; index += 1) {
    for (const name of names) {
      const started = performance.now();
      await works[name]();
      runsMs.get(name)?.push(performance.now() - started);
    }
  }

  const timings = {} as Record<Name, Timing>;
  for (const name of names) {
    const runs = runsMs.get(name) ?? [];
    timings[name] = { medianMs: median(runs), runsMs: runs };
  }
  return timings;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

/** Returns the process's resident set high-water mark so far, in MiB. */
export function peakRssMiB(): number {
  // Node documents `maxRSS` (the getrusage ru_maxrss) in kilobytes.
  return process.resourceUsage().maxRSS / 1024;
}
