import { performance } from 'node:perf_hooks';

export interface Timing {
  /** Median wall-clock time of the timed runs, in milliseconds. */
  medianMs: number;
  runsMs: number[];
}

/**
 * Times `work`: `warmUps` untimed runs first (they load data into DuckDB's buffer pool and warm
 * the JIT), then `runs` timed ones. Returns the median, which one slow run does not move.
 */
export async function timeMedian(
  work: () => Promise<unknown>,
  options: { warmUps: number; runs: number },
): Promise<Timing> {
  for (let index = 0; index < options.warmUps; index += 1) await work();

  const runsMs: number[] = [];
  for (let index = 0; index < options.runs; index += 1) {
    const started = performance.now();
    await work();
    runsMs.push(performance.now() - started);
  }
  return { medianMs: median(runsMs), runsMs };
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
