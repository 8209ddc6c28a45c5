import { Workspace } from '../../workspace/workspace.js';

/** Shape of the benchmark's overlap: 16 segments, broken down by a city field of 1,000 values. */
export const BENCH_SEGMENTS = 16;
export const BENCH_CITIES = 1000;
export const BENCH_PROFILES = 200_000;

/**
 * Creates a workspace whose profile table has a city of BENCH_CITIES values and one score field
 * (0–99) per segment, scattered by hashing the row number, so the segments overlap in many
 * combinations within every city.
 */
export async function createBenchWorkspace(path: string, profiles = BENCH_PROFILES): Promise<void> {
  const workspace = await Workspace.open(path, { create: true });
  try {
    const scores = Array.from({ length: BENCH_SEGMENTS }, (_, index) => `CAST(hash(i * ${index + 3}) % 100 AS INTEGER) AS score_${index + 1}`);
    await workspace.engine.execute(`CREATE TABLE profiles AS
      SELECT 'C' || lpad(CAST(i AS VARCHAR), 8, '0') AS customer_id,
             'City ' || lpad(CAST(hash(i) % ${BENCH_CITIES} AS VARCHAR), 4, '0') AS city,
             ${scores.join(',\n             ')}
      FROM range(1, ${profiles + 1}) AS t(i)`);
    await workspace.registerProfileTable({ name: 'profiles', keyField: 'customer_id', keyed: true, sourceFile: null, report: { generated: profiles } });
  } finally {
    await workspace.close();
  }
}

/** Rule of the benchmark's segment `index` (1-based): about 20–50 % of the customers. */
export function benchSegmentRule(index: number): string {
  return `score_${index} < ${20 + 2 * index}`;
}
