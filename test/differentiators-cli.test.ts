import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { CliIo } from '../src/cli/cli-options.js';
import { registerDifferentiatorsCommand } from '../src/cli/commands/differentiators-command.js';
import { CASES_DIR } from './support/shared-paths.js';

/** The differentiators command, run in process on files read in place. */

let directory: string;
let profilesFile: string;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'differentiators-cli-'));
  profilesFile = join(directory, 'profiles.csv');
  writeFileSync(
    profilesFile,
    [
      'customer_id,plan,channel,spend',
      'C01,pro,email,120',
      'C02,pro,email,80',
      'C03,pro,=HYPERLINK("x"),95',
      'C04,basic,mail,10',
      'C05,basic,mail,12',
      'C06,basic,email,',
      'C07,free,mail,0',
    ].join('\n') + '\n',
  );
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ output: string; error: string }> {
  let output = '';
  let error = '';
  const io: CliIo = { output: (text) => (output += text), error: (text) => (error += text) };
  const program = new Command('segment-insights').exitOverride().configureOutput({ writeOut: io.output, writeErr: io.error });
  registerDifferentiatorsCommand(program, io);
  for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: io.output, writeErr: io.error });

  await program.parseAsync(args, { from: 'user' });
  return { output, error };
}

const source = (): string[] => ['--profiles', profilesFile, '--key', 'customer_id'];

describe('differentiators command', () => {
  it('prints a ranked table and value tables', async () => {
    const { output } = await run(['differentiators', '--segment', "Pro: plan = 'pro'", '--baseline', 'rest', ...source()]);

    expect(output).toContain('Differentiators of "Pro" (3 customers) against the rest (4 customers)');
    expect(output).toMatch(/Rank\s+Attribute\s+Influence/);
    expect(output).toContain('Left out: customer_id (customer key), plan (defined by the rule).');
    expect(output).toMatch(/channel \(text\)\n/);
    expect(output).toMatch(/Mean \/ median \/ SD: segment 98\.3333 \/ 95 \/ /);
    // Spend above 80 (bins of the rest top out at 12) occurs only in the segment.
    expect(output).toMatch(/spend .*\(none in baseline\)/);
  });

  it('writes the result as JSON', async () => {
    const { output } = await run(['differentiators', '--segment', "Pro: plan = 'pro'", '--format', 'json', ...source()]);

    const result = JSON.parse(output) as { segment: unknown; baseline: unknown; tested: unknown; attributes: { field: string }[] };
    expect(result.segment).toEqual({ name: 'Pro', size: 3 });
    expect(result.baseline).toEqual({ kind: 'all', name: 'all customers', size: 7 });
    expect(result.tested).toEqual({ segment: 3, baseline: 4, leftOut: 0 });
    expect(result.attributes.map((attribute) => attribute.field).sort()).toEqual(['channel', 'spend']);
  });

  it('writes CSV with formula-like values neutralised', async () => {
    const { output } = await run(['differentiators', '--segment', "Pro: plan = 'pro'", '--format', 'csv', ...source()]);

    const lines = output.trim().split('\n');
    expect(lines[0]).toMatch(/^rank,field,type,influence,/);
    expect(output).toContain(`"'=HYPERLINK(""x"")"`);
    expect(lines.some((line) => line.includes(',,missing,'))).toBe(true);
  });

  it('takes an inline segment as baseline', async () => {
    const { output } = await run([
      'differentiators',
      '--segment',
      "Pro: plan = 'pro'",
      '--baseline',
      "Basic: plan = 'basic'",
      '--include',
      'channel',
      '--format',
      'json',
      ...source(),
    ]);

    const result = JSON.parse(output) as { baseline: unknown };
    expect(result.baseline).toEqual({ kind: 'segment', name: 'Basic', size: 3 });
  });

  it('rejects an unknown baseline', async () => {
    const run_ = run(['differentiators', '--segment', "Pro: plan = 'pro'", '--baseline', 'rset', ...source()]);

    await expect(run_).rejects.toThrow(/unknown baseline "rset". Did you mean "rest"\?/);
  });

  it('rejects two segments', async () => {
    const args = ['differentiators', '--segment', "Pro: plan = 'pro'", '--segment', "Free: plan = 'free'", ...source()];

    await expect(run(args)).rejects.toThrow(/exactly one segment, got 2/);
  });
});

describe('differentiators command on a case file', () => {
  it('shows a p-value far in the tail', async () => {
    const args = ['differentiators', '--segment', "Campaign: in_campaign = 'yes'", '--profiles', join(CASES_DIR, 'P15.csv'), '--key', 'customer_id'];

    const { output } = await run(args);

    expect(output).toContain('7.076e-18');
    expect(output).not.toMatch(/p = 0[^.]/);
  });
});
