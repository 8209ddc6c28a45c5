import { existsSync, rmSync } from 'node:fs';

import type { Command } from 'commander';

import { importProfiles, type ImportReport } from '../../profiles/profile-import.js';
import { summariseFields } from '../../profiles/field-summary.js';
import { Workspace, DEFAULT_PROFILE_TABLE, DEFAULT_WORKSPACE } from '../../workspace/workspace.js';
import { collect, parseDedupe, type CliIo } from '../cli-options.js';
import { withProgress } from '../progress.js';
import { formatCount, renderTable } from '../text-table.js';

export function registerImportCommand(program: Command, io: CliIo): void {
  const command = program
    .command('import')
    .description('import customer profiles from a CSV, Parquet or JSON lines file into the workspace')
    .argument('<file>', 'the profiles file')
    .option('--key <column>', 'the customer key column (without it, each row is one customer)')
    .option('--table <name>', 'profile table to create or replace', DEFAULT_PROFILE_TABLE)
    .option('--workspace <file>', 'workspace database file (created when missing)', DEFAULT_WORKSPACE)
    .option('--delimiter <char>', 'CSV delimiter (detected when not given)')
    .option('--dedupe <rule>', '"first" keeps the first row of a key whose rows disagree')
    .option('--null-value <text>', 'a cell text that means missing, besides the empty cell (repeatable)', collect);

  command.action(async (file: string, options: Record<string, unknown>) => {
    const path = String(options.workspace);
    const created = !existsSync(path);
    const workspace = await Workspace.open(path, { create: true });
    let imported = false;
    try {
      const report = await withProgress(
        'Importing profiles',
        importProfiles(workspace, {
          file,
          key: options.key as string | undefined,
          table: String(options.table),
          delimiter: options.delimiter as string | undefined,
          dedupe: parseDedupe(options.dedupe),
          nullValues: (options.nullValue as string[] | undefined) ?? [],
        }),
      );
      imported = true;
      io.output(describeImport(report));
      for (const warning of report.warnings) io.error(`note: ${warning}\n`);
    } finally {
      await workspace.close();
      // A failed first import would otherwise leave an empty workspace behind, and later commands
      // would then report a missing table instead of a missing workspace.
      if (created && !imported) removeWorkspaceFiles(path);
    }
  });
}

function removeWorkspaceFiles(path: string): void {
  for (const file of [path, `${path}.wal`]) rmSync(file, { force: true });
}

function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

function describeImport(report: ImportReport): string {
  const keyNote = report.keyed ? `keyed by "${report.keyField}"` : `one customer per row, keyed by "${report.keyField}"`;
  const lines = [
    `Imported ${plural(report.profiles, 'profile')} into table "${report.table}" from ${plural(report.rows, 'row')} of "${report.file}" (${keyNote}).`,
  ];
  lines.push(`Fields: ${report.fields.map((field) => `${field.name} (${field.type})`).join(', ')}`);
  return lines.join('\n') + '\n';
}

export function registerFieldsCommand(program: Command, io: CliIo): void {
  const command = program
    .command('fields')
    .description('list the profile fields with their type, distinct values and missing values')
    .option('--workspace <file>', 'workspace database file', DEFAULT_WORKSPACE)
    .option('--table <name>', 'profile table', DEFAULT_PROFILE_TABLE)
    .option('--format <format>', 'output format: text or json', 'text');

  command.action(async (options: Record<string, string>) => {
    const workspace = await Workspace.open(String(options.workspace));
    try {
      const source = await workspace.profileSource(options.table);
      const summaries = await summariseFields(workspace.engine, source);
      if (options.format === 'json') {
        io.output(JSON.stringify(summaries, null, 2) + '\n');
        return;
      }
      const rows = summaries.map((field) => [
        field.key ? `${field.name} (key)` : field.name,
        field.type,
        formatCount(field.distinct),
        formatCount(field.nulls),
      ]);
      io.output(renderTable([{ header: 'Field' }, { header: 'Type' }, { header: 'Distinct', align: 'right' }, { header: 'Missing', align: 'right' }], rows) + '\n');
    } finally {
      await workspace.close();
    }
  });
}
