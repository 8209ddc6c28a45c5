import { join, resolve } from 'node:path';

import { runCli } from '../cli/main.js';
import type { CliIo } from '../cli/cli-options.js';
import { NotFoundError } from '../core/errors.js';
import { DuckDbEngine } from '../engines/duckdb/duckdb-engine.js';
import { DEFAULT_PROFILE_TABLE, Workspace } from '../workspace/workspace.js';
import { DEMO_BREAKDOWN_FIELD, DEMO_SEGMENTS } from './demo-segments.js';
import { ensureSyntheticProfiles } from './synthetic-profiles.js';

const KEY_FIELD = 'customer_id';

export interface DemoOptions {
  /** Folder for the generated profiles and the demo workspace. */
  folder: string;
  rows: number;
  seed: number;
  /** Streams for the overlap (`output`) and for the set-up messages and errors (`error`). */
  io: CliIo;
}

/** A CLI step that failed. The CLI has already reported why on the error stream. */
export class DemoStepFailed extends Error {
  constructor(readonly exitCode: number) {
    super(`demo step failed with exit status ${exitCode}`);
  }
}

/**
 * Runs the demo through the CLI's own commands. It generates the synthetic profiles once, imports
 * them into the demo workspace, saves the demo segments and prints their overlap by city. A step
 * that is already done (the file exists, the workspace contains this file's profiles, a segment of
 * that name is saved) is skipped, so later runs only print the overlap.
 */
export async function runDemo(options: DemoOptions): Promise<void> {
  const workspace = join(options.folder, 'demo.duckdb');
  // Set-up messages go to the error stream, so that the output contains the overlap alone.
  const setUpIo: CliIo = { output: options.io.error, error: options.io.error };

  const file = await prepareProfiles(options);
  await importProfilesOnce(file, workspace, setUpIo);
  await saveMissingSegments(workspace, setUpIo);

  const overlapArguments = [
    'overlap',
    ...DEMO_SEGMENTS.map((segment) => segment.name),
    '--by',
    DEMO_BREAKDOWN_FIELD,
    '--workspace',
    workspace,
  ];
  options.io.output(`$ segment-insights ${overlapArguments.map(quoteArgument).join(' ')}\n\n`);
  await runStep(overlapArguments, options.io);
}

async function prepareProfiles(options: DemoOptions): Promise<string> {
  const engine = await DuckDbEngine.open(':memory:');
  const profiles = { rows: options.rows, seed: options.seed, citySet: 'world' } as const;
  try {
    const { file } = await ensureSyntheticProfiles(engine, options.folder, profiles, (path) => {
      const rows = options.rows.toLocaleString('en-US');
      options.io.error(`Generating ${rows} synthetic customer profiles into ${path}\n`);
    });
    return file;
  } finally {
    await engine.close();
  }
}

async function importProfilesOnce(file: string, path: string, io: CliIo): Promise<void> {
  if (await workspaceHolds(path, file)) return;
  await runStep(['import', file, '--key', KEY_FIELD, '--workspace', path], io);
}

/** Checks whether the workspace exists and its profile table was imported from `file`. */
async function workspaceHolds(path: string, file: string): Promise<boolean> {
  const workspace = await openWorkspaceIfPresent(path);
  if (!workspace) return false;
  try {
    const tables = await workspace.listProfileTables();
    const profiles = tables.find((table) => table.name === DEFAULT_PROFILE_TABLE);
    return profiles !== undefined && sameFile(profiles.sourceFile, file);
  } finally {
    await workspace.close();
  }
}

async function saveMissingSegments(path: string, io: CliIo): Promise<void> {
  const workspace = await Workspace.open(path);
  let saved: Set<string>;
  try {
    saved = new Set((await workspace.segments.list()).map((segment) => segment.name));
  } finally {
    await workspace.close();
  }

  for (const segment of DEMO_SEGMENTS.filter((candidate) => !saved.has(candidate.name))) {
    const addArguments = ['segment', 'add', segment.name, '--rule', segment.rule];
    await runStep([...addArguments, '--workspace', path], io);
  }
}

async function openWorkspaceIfPresent(path: string): Promise<Workspace | undefined> {
  try {
    return await Workspace.open(path);
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

function sameFile(recorded: string | null, file: string): boolean {
  return recorded !== null && resolve(recorded) === resolve(file);
}

async function runStep(argumentsList: string[], io: CliIo): Promise<void> {
  const status = await runCli(argumentsList, io);
  if (status !== 0) throw new DemoStepFailed(status);
}

function quoteArgument(argument: string): string {
  return /^[\w./:-]+$/.test(argument) ? argument : `"${argument.replaceAll('"', '\\"')}"`;
}
