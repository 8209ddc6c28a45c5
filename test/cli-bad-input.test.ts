import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { runCli } from '../src/cli/main.js';
import { DuckDbEngine } from '../src/engines/duckdb/duckdb-engine.js';

/**
 * Each bad input gets one clear error line naming the fault, a non-zero exit status, and leaves
 * the workspace as it was. The workspace file's bytes are compared before and after.
 */

interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

async function cli(...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(argv, {
    output: (text) => {
      stdout += text;
    },
    error: (text) => {
      stderr += text;
    },
  });
  return { status, stdout, stderr };
}

let directory: string;
let workspace: string;

const file = (name: string, text: string): string => {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
};

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'cli-bad-input-'));
  workspace = join(directory, 'workspace.duckdb');
  const profiles = file(
    'profiles.csv',
    ['customer_id,city,spend,plan', 'C01,Seattle,120.5,pro', 'C02,Portland,80,basic', 'C03,Seattle,,pro', 'C04,,300,basic'].join('\n'),
  );
  expect((await cli('import', profiles, '--key', 'customer_id', '--workspace', workspace)).status).toBe(0);
  expect((await cli('segment', 'add', 'Pro', '--rule', "plan = 'pro'", '--workspace', workspace)).status).toBe(0);
  expect((await cli('segment', 'add', 'Seattle', '--rule', "city = 'Seattle'", '--workspace', workspace)).status).toBe(0);
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

/** Runs a command that must fail, and checks the workspace file did not change. */
async function expectFailure(argv: string[], message: RegExp, status = 2): Promise<CliRun> {
  const snapshot = join(directory, 'snapshot.duckdb');
  copyFileSync(workspace, snapshot);

  const run = await cli(...argv, '--workspace', workspace);

  expect(run.stderr, run.stderr).toMatch(message);
  expect(run.status).toBe(status);
  expect(run.stdout).toBe('');
  expect(readFileSync(workspace).equals(readFileSync(snapshot)), 'workspace unchanged').toBe(true);
  return run;
}

describe('import rejects', () => {
  test('a missing file', async () => {
    await expectFailure(['import', join(directory, 'nope.csv'), '--key', 'customer_id'], /nope\.csv.*not found/i, 3);
  });

  test('a malformed CSV line, naming the line', async () => {
    const broken = file('broken.csv', 'customer_id,city\nC01,Seattle\nC02,"Portland\nC03,Boise\n');
    await expectFailure(['import', broken, '--key', 'customer_id'], /line 3/);
  });

  test('a key whose rows disagree', async () => {
    const conflicting = file('conflicting.csv', 'customer_id,city\nC01,Seattle\nC01,Portland\nC02,Boise\n');
    await expectFailure(['import', conflicting, '--key', 'customer_id'], /"C01"/);
  });

  test('an unknown key column, with a suggestion', async () => {
    const profiles = file('ok.csv', 'customer_id,city\nC01,Seattle\n');
    await expectFailure(['import', profiles, '--key', 'customer_idd'], /customer_idd.*Did you mean "customer_id"/);
  });
});

describe('overlap rejects', () => {
  test('an unknown field in a rule, with a suggestion', async () => {
    await expectFailure(['overlap', 'Pro', '--segment', "X: citty = 'Seattle'"], /unknown field "citty".*Did you mean "city"/);
  });

  test('a type mismatch in a rule', async () => {
    await expectFailure(['overlap', 'Pro', '--segment', "X: spend > 'a lot'"], /spend/);
  });

  test('a syntax error, pointing at the position', async () => {
    await expectFailure(['overlap', 'Pro', '--segment', 'X: spend > '], /1:\d+/);
  });

  test('an unknown segment, with a suggestion', async () => {
    await expectFailure(['overlap', 'Pro', 'Seatle'], /unknown segment "Seatle".*Did you mean "Seattle"/, 3);
  });

  test('fewer than two segments', async () => {
    await expectFailure(['overlap', 'Pro'], /at least 2.*got 1/);
  });

  test('more than sixteen segments', async () => {
    const inline = Array.from({ length: 17 }, (_, index) => ['--segment', `S${index}: spend > ${index}`]).flat();
    await expectFailure(['overlap', ...inline], /at most 16.*got 17/);
  });

  test('the same segment twice', async () => {
    await expectFailure(['overlap', 'Pro', 'Pro'], /"Pro" is selected twice/);
  });

  test('an unknown breakdown field', async () => {
    await expectFailure(['overlap', 'Pro', 'Seattle', '--by', 'cty'], /unknown breakdown field "cty".*Did you mean "city"/);
  });

  test('a breakdown by the key field', async () => {
    await expectFailure(['overlap', 'Pro', 'Seattle', '--by', 'customer_id'], /key field "customer_id".*one value per customer/);
  });

  test('an unknown output format', async () => {
    await expectFailure(['overlap', 'Pro', 'Seattle', '--format', 'xml'], /text, json, csv/);
  });
});

describe('edge cases that are not errors', () => {
  test('an empty segment and a segment holding everyone give correct numbers', async () => {
    const run = await cli(
      'overlap',
      '--segment', "Nobody: city = 'Atlantis'",
      '--segment', 'Everyone: not (city = \'Atlantis\')',
      '--format', 'json',
      '--workspace', workspace,
    );
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { profiles: number; none: number; segments: { name: string; size: number }[] };
    expect(result.profiles).toBe(4);
    expect(result.none).toBe(0);
    expect(result.segments).toEqual([
      { name: 'Nobody', size: 0, only: 0 },
      { name: 'Everyone', size: 4, only: 4 },
    ]);
  });

  test('a missing city is its own breakdown value, null in JSON', async () => {
    const run = await cli('overlap', 'Pro', 'Seattle', '--by', 'city', '--format', 'json', '--workspace', workspace);
    const result = JSON.parse(run.stdout) as { breakdowns: { values: { value: string | null; profiles: number }[] }[] };
    // C04 has no city: one profile under null.
    expect(result.breakdowns[0]?.values.find((row) => row.value === null)?.profiles).toBe(1);
  });
});

describe('member lists and workspace files', () => {
  test('segment add reports unmatched, repeated and trimmed keys', async () => {
    const members = file('members.txt', 'customer_id\nC01\nC01\n C02\nC99\n');
    const run = await cli('segment', 'add', 'Listed', '--members', members, '--workspace', workspace);
    expect(run.status, run.stderr).toBe(0);
    // Entries C01, C01, " C02", C99: three distinct keys, C01 and C02 are profiles, C99 is not.
    expect(run.stdout).toMatch(/4 entries, 3 distinct keys, 2 matched profiles/);
    expect(run.stdout).toMatch(/Not found among the profiles: 1 \(for example "C99"\)/);
    expect(run.stdout).toMatch(/Members: 2 profiles/);
  });

  test('an empty members file makes an empty segment', async () => {
    const run = await cli('segment', 'add', 'Nobody listed', '--members', file('empty.txt', ''), '--workspace', workspace);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Members: 0 profiles/);
  });

  test('a failed first import leaves no workspace file', async () => {
    const fresh = join(directory, 'fresh.duckdb');
    const run = await cli('import', join(directory, 'missing.csv'), '--workspace', fresh);
    expect(run.status).toBe(3);
    expect(existsSync(fresh)).toBe(false);
  });

  test('a file that is not a workspace is named as such', async () => {
    const notDuckDb = file('notes.duckdb', 'just some text\n');
    const run = await cli('fields', '--workspace', notDuckDb);
    expect(run.stderr).toMatch(/notes\.duckdb" is not a segment-insights workspace/);
    expect(run.status).toBe(2);
  });
});

describe('a DuckDB file with other data', () => {
  test('import does not replace a table it did not create', async () => {
    const theirs = join(directory, 'theirs.duckdb');
    const engine = await DuckDbEngine.open(theirs);
    await engine.execute('CREATE TABLE profiles (id INTEGER)');
    await engine.execute('INSERT INTO profiles VALUES (1), (2)');
    await engine.close();

    const run = await cli('import', file('new.csv', 'customer_id\nC01\n'), '--key', 'customer_id', '--workspace', theirs);

    expect(run.stderr).toMatch(/table "profiles" already exists in the workspace and was not imported/);
    expect(run.status).toBe(4);
    const check = await DuckDbEngine.open(theirs);
    expect(await check.query('SELECT count(*) AS n FROM profiles')).toEqual([{ n: 2 }]);
    await check.close();
  });
});
