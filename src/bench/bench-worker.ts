import { performance } from 'node:perf_hooks';

import { DuckDbEngine } from '../engines/duckdb/duckdb-engine.js';
import { openProfileFile } from '../profiles/profile-file-source.js';
import { textLiteralSql } from '../demo/seeded-draws.js';
import { Workspace } from '../workspace/workspace.js';
import type { BenchAnalysis } from './bench-options.js';
import type { BenchRow } from './bench-report.js';
import { timeDifferentiatorsCase } from './differentiators-timings.js';
import { timeOverlapCases } from './overlap-timings.js';
import type { TimedSource } from './timed-source.js';

/** Source of the profiles: an imported workspace table, or the Parquet file read in place. */
export type BenchSourceMode = 'table' | 'file';

export interface BenchJob {
  analysis: BenchAnalysis;
  mode: BenchSourceMode;
  rows: number;
  /** The Parquet file of profiles. */
  file: string;
  /** The workspace that contains the imported profiles (table mode). */
  workspace: string;
  profileTable: string;
  keyField: string;
}

export interface BenchJobResult {
  rows: BenchRow[];
  notes: string[];
}

/** Message that a job's process sends back to the runner. */
export type BenchJobMessage = { ok: true; result: BenchJobResult } | { ok: false; message: string };

/**
 * Runs one job's cases in this process. The runner starts one process per job, so that each
 * job's peak memory is its own.
 */
export async function runBenchJob(job: BenchJob): Promise<BenchJobResult> {
  return job.mode === 'table' ? runOnTable(job) : runOnFile(job);
}

async function runOnTable(job: BenchJob): Promise<BenchJobResult> {
  const workspace = await Workspace.open(job.workspace);
  try {
    const source = await workspace.profileSource(job.profileTable);
    const timed: TimedSource = {
      engine: workspace.engine,
      source,
      plainRelation: source.relation,
      label: 'imported table',
      rows: job.rows,
    };
    return { rows: await timeCases(job.analysis, timed), notes: [] };
  } finally {
    await workspace.close();
  }
}

async function runOnFile(job: BenchJob): Promise<BenchJobResult> {
  const engine = await DuckDbEngine.open(':memory:');
  try {
    const started = performance.now();
    const { source } = await openProfileFile(engine, { file: job.file, key: job.keyField });
    const openMs = performance.now() - started;

    const timed: TimedSource = {
      engine,
      source,
      plainRelation: `read_parquet(${textLiteralSql(job.file)})`,
      label: 'Parquet in place',
      rows: job.rows,
    };
    const rows = await timeCases(job.analysis, timed);
    // Every job opens the file alike, so the overlap job alone reports it.
    if (job.analysis !== 'overlap') return { rows, notes: [] };
    const rowsText = job.rows.toLocaleString('en-US');
    const openText = `${Math.round(openMs)} ms`;
    const note = `Opening the ${rowsText}-row Parquet file in place (key checks) took ${openText}.`;
    return { rows, notes: [note] };
  } finally {
    await engine.close();
  }
}

async function timeCases(analysis: BenchAnalysis, timed: TimedSource): Promise<BenchRow[]> {
  return analysis === 'overlap' ? timeOverlapCases(timed) : [await timeDifferentiatorsCase(timed)];
}

// Started by the runner with the job as JSON in the first argument and an IPC channel.
if (process.send !== undefined && process.argv[2] !== undefined) {
  const job = JSON.parse(process.argv[2]) as BenchJob;
  let message: BenchJobMessage;
  try {
    message = { ok: true, result: await runBenchJob(job) };
  } catch (error) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    message = { ok: false, message: text };
  }
  // The open IPC channel would keep this process alive after the work is done.
  process.send(message, () => process.disconnect());
}
