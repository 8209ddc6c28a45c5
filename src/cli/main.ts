#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { Command, CommanderError } from 'commander';

import { SegmentInsightsError, type ErrorCode } from '../core/errors.js';
import type { CliIo } from './cli-options.js';
import { registerDifferentiatorsCommand } from './commands/differentiators-command.js';
import { registerFieldsCommand, registerImportCommand } from './commands/import-command.js';
import { registerOverlapCommand } from './commands/overlap-command.js';
import { registerSegmentCommand } from './commands/segment-command.js';
import { registerServeCommand } from './commands/serve-command.js';

/** Exit status per error code, so scripts can tell bad input from a broken engine. */
export const EXIT_CODES: Record<ErrorCode, number> = {
  'invalid-input': 2,
  'invalid-rule': 2,
  'not-found': 3,
  conflict: 4,
  'bad-configuration': 5,
  'engine-failure': 6,
};

export function buildProgram(io: CliIo): Command {
  const program = new Command('segment-insights')
    .description('Exact segment overlap and differentiators on your own SQL engine')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.output, writeErr: io.error });

  registerImportCommand(program, io);
  registerFieldsCommand(program, io);
  registerSegmentCommand(program, io);
  registerOverlapCommand(program, io);
  registerServeCommand(program, io);
  registerDifferentiatorsCommand(program, io);

  for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: io.output, writeErr: io.error });
  return program;
}

/** Runs the CLI on `argv` (without node and script) and returns the exit status. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message; help and version end with status 0.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof SegmentInsightsError) {
    io.error(`error: ${error.message}\n`);
    return EXIT_CODES[error.code];
  }
  io.error(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  if (process.env.SEGMENT_INSIGHTS_DEBUG && error instanceof Error) io.error(`${error.stack}\n`);
  return 1;
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  const io: CliIo = {
    output: (text) => process.stdout.write(text),
    error: (text) => process.stderr.write(text),
  };
  process.exitCode = await runCli(process.argv.slice(2), io);
}
