import { InvalidArgumentError, type Command } from 'commander';

import { InvalidInputError } from '../core/errors.js';
import type { SourceOptions } from './analysis-context.js';
import { DEFAULT_PROFILE_TABLE, DEFAULT_WORKSPACE } from '../workspace/workspace.js';

/** Output streams of a command: results to stdout, messages to stderr. Tests pass their own. */
export interface CliIo {
  output(text: string): void;
  error(text: string): void;
}

export const OUTPUT_FORMATS = ['text', 'json', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Collects a repeatable option; without a default, so help does not print "(default: [])". */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function parseFormat(value: string): OutputFormat {
  if (!(OUTPUT_FORMATS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`use one of ${OUTPUT_FORMATS.join(', ')}.`);
  }
  return value as OutputFormat;
}

export function parsePositiveInteger(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < 1) {
    throw new InvalidArgumentError('use a whole number of at least 1.');
  }
  return number;
}

/** Adds the options that choose the profiles: the workspace table, or a file read in place. */
export function addSourceOptions(command: Command): Command {
  return command
    .option('--workspace <file>', 'workspace database file', DEFAULT_WORKSPACE)
    .option('--table <name>', 'profile table in the workspace', DEFAULT_PROFILE_TABLE)
    .option('--profiles <file>', 'read profiles from this CSV, Parquet or JSON lines file in place, without importing')
    .option('--key <column>', 'with --profiles: the customer key column (without it, each row is one customer)')
    .option('--delimiter <char>', 'with --profiles: the CSV delimiter (detected when not given)')
    .option('--dedupe <rule>', 'with --profiles: "first" keeps the first row of a key whose rows disagree')
    .option('--null-value <text>', 'with --profiles: a cell text that means missing, besides the empty cell (repeatable)', collect);
}

export function sourceOptions(command: Command): SourceOptions {
  const options = command.opts<Record<string, unknown>>();
  return {
    workspace: String(options.workspace),
    table: String(options.table),
    profiles: options.profiles as string | undefined,
    key: options.key as string | undefined,
    delimiter: options.delimiter as string | undefined,
    dedupe: parseDedupe(options.dedupe),
    nullValue: (options.nullValue as string[] | undefined) ?? [],
  };
}

export function parseDedupe(value: unknown): 'first' | undefined {
  if (value === undefined) return undefined;
  if (value !== 'first') throw new InvalidInputError(`--dedupe accepts only "first", got "${String(value)}"`);
  return 'first';
}
