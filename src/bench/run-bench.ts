import { fork } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { ensureSyntheticProfiles } from '../demo/synthetic-profiles.js';
import { DuckDbEngine } from '../engines/duckdb/duckdb-engine.js';
import { importProfiles } from '../profiles/profile-import.js';
import { DEFAULT_PROFILE_TABLE, Workspace } from '../workspace/workspace.js';
import { parseBenchArguments, type BenchAnalysis } from './bench-options.js';
import {
  describeTargets,
  DIFFERENTIATORS_TARGETS,
  formatBenchTable,
  missedTargets,
  OVERLAP_TARGETS,
  type BenchRow,
  type BenchTargets,
} from './bench-report.js';
import type { BenchJob, BenchJobMessage, BenchSourceMode } from './bench-worker.js';
import { BENCH_DIFFERENTIATORS } from './differentiators-timings.js';

/** Git-ignored folder for the generated profiles, the bench workspaces and the last report. */
const BENCH_FOLDER = '.bench-data';
const BENCH_SEED = 7;
const KEY_FIELD = 'customer_id';
const SOURCE_MODES: readonly BenchSourceMode[] = ['table', 'file'];

const log = (text: string): void => {
  process.stderr.write(`${text}\n`);
};

/**
 * Runs the benchmark. It generates (or reuses) the profiles of each size and imports them into a
 * workspace per size. Each analysis, size and source is timed in a process of its own. The tables
 * go to stdout and to `.bench-data/last-run.md`.
 */
async function runBench(argv: readonly string[]): Promise<void> {
  const { sizes, analyses } = parseBenchArguments(argv);
  const notes: string[] = [];
  const files = await prepareProfileFiles(sizes, notes);

  const rows: Record<BenchAnalysis, BenchRow[]> = { overlap: [], differentiators: [] };
  for (const [index, size] of sizes.entries()) {
    const file = files[index] ?? '';
    const workspace = await prepareWorkspace(size, file, notes);
    for (const analysis of analyses) {
      for (const mode of SOURCE_MODES) {
        log(`Timing ${analysis} on ${size.toLocaleString('en-US')} profiles (${mode})...`);
        const job: BenchJob = {
          analysis,
          mode,
          rows: size,
          file,
          workspace,
          profileTable: DEFAULT_PROFILE_TABLE,
          keyField: KEY_FIELD,
        };
        const result = await runJobInChildProcess(job);
        rows[analysis].push(...result.rows);
        notes.push(...result.notes);
      }
    }
  }

  const report = await formatReport(rows, notes);
  process.stdout.write(`${report}\n`);
  await writeFile(join(BENCH_FOLDER, 'last-run.md'), `${report}\n`);
}

async function prepareProfileFiles(sizes: readonly number[], notes: string[]): Promise<string[]> {
  const engine = await DuckDbEngine.open(':memory:');
  try {
    const files: string[] = [];
    for (const rows of sizes) {
      const started = performance.now();
      const options = { rows, seed: BENCH_SEED, citySet: 'numbered' } as const;
      const { file, generated } = await ensureSyntheticProfiles(engine, BENCH_FOLDER, options, () =>
        log(`Generating ${rows.toLocaleString('en-US')} profiles...`),
      );
      if (generated) notes.push(`Generated ${describeRows(rows)} in ${seconds(started)}.`);
      files.push(file);
    }
    return files;
  } finally {
    await engine.close();
  }
}

/** Imports the profiles into the size's workspace unless it already contains this file's. */
async function prepareWorkspace(rows: number, file: string, notes: string[]): Promise<string> {
  const path = join(BENCH_FOLDER, `workspace-${rows}.duckdb`);
  const workspace = await Workspace.open(path, { create: true });
  try {
    const tables = await workspace.listProfileTables();
    const imported = tables.find((table) => table.name === DEFAULT_PROFILE_TABLE);
    if (imported?.sourceFile && resolve(imported.sourceFile) === resolve(file)) return path;

    log(`Importing ${rows.toLocaleString('en-US')} profiles into ${path}...`);
    const started = performance.now();
    await importProfiles(workspace, { file, key: KEY_FIELD, table: DEFAULT_PROFILE_TABLE });
    notes.push(`Imported ${describeRows(rows)} with the product's import in ${seconds(started)}.`);
    return path;
  } finally {
    await workspace.close();
  }
}

function runJobInChildProcess(job: BenchJob): Promise<{ rows: BenchRow[]; notes: string[] }> {
  const workerScript = fileURLToPath(new URL('./bench-worker.js', import.meta.url));
  return new Promise((resolvePromise, reject) => {
    const child = fork(workerScript, [JSON.stringify(job)], { stdio: 'inherit' });
    let message: BenchJobMessage | undefined;
    child.on('message', (received) => {
      message = received as BenchJobMessage;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const name = `benchmark job (${job.analysis}, ${job.mode}, ${job.rows} rows)`;
      if (message?.ok) resolvePromise(message.result);
      else if (message) reject(new Error(`${name} failed: ${message.message}`));
      else reject(new Error(`${name} exited with status ${code} before reporting`));
    });
  });
}

async function formatReport(rows: Record<BenchAnalysis, BenchRow[]>, notes: readonly string[]): Promise<string> {
  const sections = [
    rows.overlap.length > 0 ? overlapSection(rows.overlap) : [],
    rows.differentiators.length > 0 ? differentiatorsSection(rows.differentiators) : [],
  ];
  return [
    '# Benchmark',
    '',
    await describeMachine(),
    '',
    'Times are the median of 5 rounds after 1 warm-up, in milliseconds. Product, plain and naive',
    'take turns within each round, so that other load on the machine slows them alike. Peak RSS is',
    'the high-water mark of the process that ran the row; each analysis and source runs in a',
    'process of its own, which also ran the rows above it with the same analysis and source.',
    ...sections.flat(),
    '',
    ...notes.map((note) => `- ${note}`),
  ].join('\n');
}

function overlapSection(rows: readonly BenchRow[]): string[] {
  return [
    '',
    '## Overlap',
    '',
    formatBenchTable(rows),
    '',
    '"Plain" is one hand-written grouping-sets query over the membership bit mask. "Naive" is one',
    'COUNT query per region (15), grouped by city in the by-city cases.',
    '',
    verdict(rows, OVERLAP_TARGETS),
  ];
}

function differentiatorsSection(rows: readonly BenchRow[]): string[] {
  return [
    '',
    '## Differentiators',
    '',
    formatBenchTable(rows),
    '',
    `The segment is \`${BENCH_DIFFERENTIATORS.rule}\` against the rest, over 5 categorical attributes`,
    '(city, country, gender, loyalty_tier, email_domain) and 3 numeric ones (age, total_spend,',
    'orders) in deciles. "Plain" is two hand-written queries: one for the group sizes,',
    "the baseline's deciles, the medians, means and standard deviations, then one grouping-sets",
    'query for the counts per value and bin.',
    '',
    verdict(rows, DIFFERENTIATORS_TARGETS),
  ];
}

function verdict(rows: readonly BenchRow[], targets: BenchTargets): string {
  const misses = missedTargets(rows, targets);
  if (misses.length === 0) return `All targets met at the largest size: ${describeTargets(targets)}.`;
  return `Targets missed at the largest size:\n${misses.map((miss) => `- ${miss}`).join('\n')}`;
}

async function describeMachine(): Promise<string> {
  const engine = await DuckDbEngine.open(':memory:');
  try {
    const [row] = await engine.query(
      "SELECT version() AS version, current_setting('threads') AS threads",
    );
    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    const memory = Math.round(totalmem() / 2 ** 30);
    // Other work on the machine slows every column, and the load average shows how busy it was.
    const load = loadavg()[0]?.toFixed(1) ?? '?';
    return (
      `Run ${new Date().toISOString()} on ${cpus().length} cores (${cpu}), ${memory} GiB RAM, ` +
      `load average ${load} at the end, Node ${process.version}, ` +
      `DuckDB ${String(row?.version)} with ${String(row?.threads)} threads. ` +
      `Profiles: seed ${BENCH_SEED}, cities "City 0001" to "City 1000".`
    );
  } finally {
    await engine.close();
  }
}

function describeRows(rows: number): string {
  return `${rows.toLocaleString('en-US')} profiles`;
}

function seconds(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(1)} s`;
}

try {
  await runBench(process.argv.slice(2));
} catch (error) {
  log(`benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
