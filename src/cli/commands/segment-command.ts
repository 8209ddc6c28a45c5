import type { Command } from 'commander';

import { ruleSegment, temporaryMemberSegment } from '../../analyses/segment-input.js';
import { InvalidInputError, RuleError } from '../../core/errors.js';
import { readMemberFile } from '../../profiles/member-file.js';
import { compileSegmentMembership } from '../../rules/rule-compiler.js';
import { QueryParameters } from '../../sql/compiled-query.js';
import { Workspace } from '../../workspace/workspace.js';
import type { SavedSegment } from '../../workspace/segment-store.js';
import type { ProfileSource } from '../../core/fields.js';
import type { SegmentResolver } from '../../core/segments.js';
import { DEFAULT_PROFILE_TABLE, DEFAULT_WORKSPACE } from '../../workspace/workspace.js';
import { formatCount, renderTable } from '../text-table.js';
import type { CliIo } from '../cli-options.js';

export function registerSegmentCommand(program: Command, io: CliIo): void {
  const segment = program.command('segment').description('save, list, show and remove segments in the workspace');
  const withWorkspace = (command: Command): Command =>
    command
      .option('--workspace <file>', 'workspace database file', DEFAULT_WORKSPACE)
      .option('--table <name>', 'profile table the segment is checked against', DEFAULT_PROFILE_TABLE);

  const add = withWorkspace(
    segment
      .command('add')
      .description('save a segment defined by a rule or by a file of member keys (one per line)')
      .argument('<name>', 'segment name')
      .option('--rule <text>', 'the rule, e.g. "total_spend > 500 and city = \'Seattle\'"')
      .option('--members <file>', 'a file with one customer key per line (a header line naming the key is skipped)')
      .option('--description <text>', 'what the segment is for', ''),
  );
  add.action((name: string, options: Record<string, string | undefined>) =>
    withOpenWorkspace(add, async (workspace, source) => {
      const saved = await addSegment(workspace, source, name, options);
      io.output(`${describeSegment(saved)}\n`);
      if (saved.memberReport) io.output(`${describeMemberReport(saved.memberReport)}\n`);
      const members = await countMembers(workspace, source, saved);
      io.output(`Members: ${formatCount(members)} profiles of table "${source.label}".\n`);
    }),
  );

  const list = withWorkspace(segment.command('list').description('list saved segments with their member counts'));
  list.action(() =>
    withOpenWorkspace(list, async (workspace, source) => {
      const rows: string[][] = [];
      for (const saved of await workspace.segments.list()) {
        rows.push([saved.name, saved.kind, await describeMemberCount(workspace, source, saved), saved.ruleText ?? '(member list)']);
      }
      if (rows.length === 0) io.output('No saved segments. Add one with: segment-insights segment add NAME --rule TEXT\n');
      else io.output(renderTable([{ header: 'Segment' }, { header: 'Kind' }, { header: 'Members', align: 'right' }, { header: 'Rule' }], rows) + '\n');
    }),
  );

  const show = withWorkspace(segment.command('show').description('show one saved segment').argument('<name>', 'segment name'));
  show.action((name: string) =>
    withOpenWorkspace(show, async (workspace, source) => {
      const saved = await workspace.segments.get(name);
      io.output(`${describeSegment(saved)}\nMembers: ${await describeMemberCount(workspace, source, saved)}\n`);
      if (saved.memberReport) io.output(`${describeMemberReport(saved.memberReport)}\n`);
    }),
  );

  const remove = withWorkspace(segment.command('remove').description('remove a saved segment').argument('<name>', 'segment name'));
  remove.action((name: string) =>
    withOpenWorkspace(remove, async (workspace) => {
      const removed = await workspace.segments.remove(name);
      io.output(`Removed segment "${removed.name}".\n`);
    }),
  );
}

async function withOpenWorkspace(
  command: Command,
  work: (workspace: Workspace, source: ProfileSource) => Promise<void>,
): Promise<void> {
  const options = command.opts<{ workspace: string; table: string }>();
  const workspace = await Workspace.open(options.workspace);
  try {
    await work(workspace, await workspace.profileSource(options.table));
  } finally {
    await workspace.close();
  }
}

async function addSegment(
  workspace: Workspace,
  source: ProfileSource,
  name: string,
  options: Record<string, string | undefined>,
): Promise<SavedSegment> {
  if ((options.rule === undefined) === (options.members === undefined)) {
    throw new InvalidInputError('give exactly one of --rule TEXT or --members FILE');
  }
  const description = options.description ?? '';

  if (options.rule !== undefined) {
    const resolver = await workspace.segments.loadResolver();
    const segment = ruleSegment(name, options.rule, source, resolver);
    return workspace.segments.addRule(segment.name, segment.ruleText, description);
  }

  const entries = await readMemberFile(options.members ?? '', source.keyField);
  const { segment, keys, report } = await temporaryMemberSegment(workspace.engine, source, name, entries);
  return workspace.segments.addStatic(segment.name, keys, { ...report }, description);
}

/** Says how a member list was read: entries, repeats, trimmed entries and keys that are not profiles. */
export function describeMemberReport(report: Record<string, unknown>): string {
  const count = (key: string) => formatCount(Number(report[key] ?? 0));
  const lines = [
    `Member list: ${count('entries')} entries, ${count('distinct')} distinct keys, ${count('matched')} matched profiles.`,
  ];
  if (Number(report.unmatched) > 0) {
    const examples = (report.unmatchedExamples as string[] | undefined) ?? [];
    lines.push(`Not found among the profiles: ${count('unmatched')} (for example ${examples.slice(0, 5).map((key) => `"${key}"`).join(', ')}).`);
  }
  if (Number(report.repeatedKeys) > 0) lines.push(`Listed more than once, counted once: ${count('repeatedKeys')}.`);
  if (Number(report.trimmedEntries) > 0) lines.push(`Entries with surrounding spaces removed: ${count('trimmedEntries')}.`);
  if (Number(report.blank) > 0) lines.push(`Blank entries skipped: ${count('blank')}.`);
  return lines.join('\n');
}

async function countMembers(workspace: Workspace, source: ProfileSource, saved: SavedSegment): Promise<number> {
  const resolver: SegmentResolver = await workspace.segments.loadResolver();
  const parameters = new QueryParameters(workspace.engine.dialect);
  const membership = compileSegmentMembership(workspace.segments.toDefinition(saved), {
    dialect: workspace.engine.dialect,
    parameters,
    fields: source.fields,
    keyField: source.keyField,
    segments: resolver,
  });
  const rows = await workspace.engine.query(parameters.toQuery(`SELECT count(*) AS members FROM ${source.relation} WHERE ${membership}`));
  return Number(rows[0]?.members ?? 0);
}

/**
 * Formats the member count for listings. A saved rule that no longer fits the profiles (a later
 * import removed a field or changed its type) is shown as invalid instead of failing the listing.
 */
async function describeMemberCount(workspace: Workspace, source: ProfileSource, saved: SavedSegment): Promise<string> {
  try {
    return formatCount(await countMembers(workspace, source, saved));
  } catch (error) {
    if (error instanceof RuleError) return `invalid: ${error.message.split('\n')[0]}`;
    throw error;
  }
}

function describeSegment(saved: SavedSegment): string {
  const definition = saved.kind === 'rule' ? `rule: ${saved.ruleText}` : 'member list';
  const description = saved.description ? `\n${saved.description}` : '';
  return `Segment "${saved.name}" (${definition})${description}`;
}
