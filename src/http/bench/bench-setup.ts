import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { buildSyntheticProfilesSql } from '../../demo/profiles-query.js';
import { DEMO_SEGMENTS } from '../../demo/demo-segments.js';
import { DEFAULT_PROFILE_TABLE, Workspace } from '../../workspace/workspace.js';

/** Seed of the generated profiles, so every benchmark run reads the same data. */
const PROFILE_SEED = 7;

const EXTRA_SEGMENTS = [
  { name: 'Young', rule: 'age < 30' },
  { name: 'Unhappy', rule: 'satisfaction_score <= 4' },
];

/** Segments the benchmark saves: the demo's four and two more. */
export const BENCH_SEGMENTS = [...DEMO_SEGMENTS, ...EXTRA_SEGMENTS];

const BREAKDOWNS = [['city'], ['country', 'gender'], ['loyalty_tier'], []];
const BASELINES = ['all', 'rest'];

/** Creates a fresh workspace in `folder` with `profiles` generated profiles; returns its path. */
export async function createBenchWorkspace(folder: string, profiles: number): Promise<string> {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, 'api-bench.duckdb');
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });

  const workspace = await Workspace.open(path, { create: true });
  try {
    const table = workspace.engine.dialect.quoteIdentifier(DEFAULT_PROFILE_TABLE);
    await workspace.engine.execute(`CREATE TABLE ${table} AS ${buildSyntheticProfilesSql({ rows: profiles, seed: PROFILE_SEED, citySet: 'world' })}`);
    await workspace.registerProfileTable({
      name: DEFAULT_PROFILE_TABLE,
      keyField: 'customer_id',
      keyed: true,
      sourceFile: null,
      report: { generated: profiles, seed: PROFILE_SEED },
    });
  } finally {
    await workspace.close();
  }
  return path;
}

/**
 * Request bodies of `count` insights: overlaps of two to four segments with various breakdowns,
 * and every fourth one a differentiators analysis of one segment.
 */
export function benchInsights(count: number): Record<string, unknown>[] {
  const names = BENCH_SEGMENTS.map((segment) => segment.name);
  return Array.from({ length: count }, (_, index) => {
    if (index % 4 === 3) {
      return {
        kind: 'differentiators',
        name: `bench-differentiators-${index}`,
        segment: names[index % names.length],
        baseline: BASELINES[index % BASELINES.length],
      };
    }
    const size = 2 + (index % 3);
    const segments = Array.from({ length: size }, (_, offset) => names[(index + offset) % names.length]);
    return { kind: 'overlap', name: `bench-overlap-${index}`, segments, fields: BREAKDOWNS[index % BREAKDOWNS.length] };
  });
}
