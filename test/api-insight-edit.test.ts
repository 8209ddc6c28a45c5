import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { DuckDbEngine } from '../src/engines/duckdb/duckdb-engine.js';
import { regionCounts, waitForRun } from './api-helpers/api-client.js';
import { createRuleSegments, startTestServer, type TestServer } from './api-helpers/api-server.js';
import { generateProfiles, importCase, temporaryFolder } from './api-helpers/api-workspaces.js';

/**
 * Generated profiles: enough that a run broken down by the note field (up to 100,000 distinct
 * values) computes long enough for requests to land meanwhile. The tests check from the run
 * timestamps that they did.
 */
const PROFILES = 500_000;
const RULES: Record<string, string> = { Seattle: "city = 'Seattle'", Pro: "plan = 'pro'", Young: 'age < 30' };

const folder = temporaryFolder('api-insight-edit');
const workspace = join(folder.path, 'generated.duckdb');
let server: TestServer;
let segmentIds: Record<string, string>;
/** Region counts of the segment lists the edits switch to, counted before the server opens the workspace. */
const directCounts = new Map<string, Record<string, number>>();

beforeAll(async () => {
  await generateProfiles(workspace, PROFILES);
  for (const names of [['Seattle', 'Pro', 'Young'], ['Pro', 'Young']]) directCounts.set(names.join(','), await countRegionsDirectly(names));
  server = await startTestServer(workspace);
  segmentIds = await createRuleSegments(server.api, RULES);
});

afterAll(async () => {
  await server.server.close();
  folder.remove();
});

/** Counts the exclusive regions of the named segments with a plain GROUP BY, independently of the overlap query. */
async function countRegionsDirectly(names: string[]): Promise<Record<string, number>> {
  const engine = await DuckDbEngine.open(workspace);
  const columns = names.map((name, index) => `(${RULES[name]}) AS m${index}`);
  const groups = names.map((_, index) => `m${index}`).join(', ');
  const rows = await engine.query(`SELECT ${columns.join(', ')}, count(*) AS n FROM profiles GROUP BY ${groups}`);
  await engine.close();

  const counts: Record<string, number> = {};
  for (const row of rows) {
    const members = names.filter((_, index) => row[`m${index}`] === true);
    counts[members.length === 0 ? 'none' : members.join('&')] = Number(row.n);
  }
  return counts;
}

async function runsOf(insightId: string): Promise<any[]> {
  return runsOfServer(server, insightId);
}

/** Creates an overlap insight and waits for its first run to succeed. */
async function createOverlap(name: string, segments: string[], fields: string[]): Promise<any> {
  const created = await server.api.post('/api/insights', { kind: 'overlap', name, segments, fields });
  expect(created.status, created.text).toBe(201);
  const done = await waitForRun(server.api, created.body.id);
  expect(done.body.status, done.body.error).toBe('successful');
  return done.body;
}

/** Waits until the insight's latest run has started computing. */
async function waitUntilComputing(insightId: string): Promise<void> {
  for (;;) {
    const latest = (await server.api.get(`/api/insights/${insightId}`)).body.latestRun;
    if (latest.startedAt !== null || latest.status !== 'refreshing') return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('editing an insight', () => {
  let insight: any;

  beforeAll(async () => {
    insight = await createOverlap('seattle-pro', ['Seattle', 'Pro'], ['plan']);
  });

  test('saves the edit in place and starts a run', async () => {
    const edited = await server.api.put(`/api/insights/${insight.id}`, {
      kind: 'overlap',
      name: 'seattle-pro-young',
      displayName: 'Seattle, pro and young',
      description: 'three segments now',
      segments: ['Seattle', 'Pro', 'Young'],
      fields: ['city'],
    });

    expect(edited.status, edited.text).toBe(200);
    expect(edited.body.id).toBe(insight.id);
    expect(edited.body.status).toBe('refreshing');
    expect(edited.body.name).toBe('seattle-pro-young');
    expect(edited.body.displayName).toBe('Seattle, pro and young');
    expect(edited.body.definition.segments.map((segment: any) => segment.name)).toEqual(['Seattle', 'Pro', 'Young']);
    expect(edited.body.definition.fields).toEqual(['city']);
    expect(edited.body.latestRun.sequence).toBe(2);
    expect(edited.body.createdAt).toBe(insight.createdAt);
    expect(edited.body.updatedAt > insight.updatedAt).toBe(true);
  });

  test('finds the insight by its new name only', async () => {
    const names = (await server.api.get('/api/insights')).body.insights.map((entry: any) => entry.name);

    expect(names).toEqual(['seattle-pro-young']);
    expect((await server.api.get('/api/insights/seattle-pro-young')).body.id).toBe(insight.id);
    expect((await server.api.get('/api/insights/seattle-pro')).status).toBe(404);
  });

  test('computes the new definition', async () => {
    const done = await waitForRun(server.api, insight.id);

    expect(done.body.status, done.body.error).toBe('successful');
    expect(regionCounts(done.body.result)).toEqual(directCounts.get('Seattle,Pro,Young'));
    expect(done.body.result.breakdowns.map((breakdown: any) => breakdown.field)).toEqual(['city']);
  });

  test('shows no changes against a run of the old definition', async () => {
    const detail = (await server.api.get(`/api/insights/${insight.id}`)).body;
    expect(detail.changes).toBeNull();
  });

  test('keeps each run with the definition it computed', async () => {
    const [second, first] = await runsOf(insight.id);

    expect(first.definition.segments).toEqual([segmentIds.Seattle, segmentIds.Pro]);
    expect(first.definition.fields).toEqual(['plan']);
    expect(first.segments.map((segment: any) => segment.name)).toEqual(['Seattle', 'Pro']);
    expect(second.definition.segments).toEqual([segmentIds.Seattle, segmentIds.Pro, segmentIds.Young]);
    expect(second.definition.fields).toEqual(['city']);
  });

  test('keeps changes when only the texts change', async () => {
    const body = { kind: 'overlap', name: 'seattle-pro-young', description: 'reworded', segments: ['Seattle', 'Pro', 'Young'], fields: ['city'] };
    const edited = await server.api.put('/api/insights/seattle-pro-young', body);
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body.displayName).toBeNull();
    const done = await waitForRun(server.api, insight.id);

    expect(done.body.description).toBe('reworded');
    expect(done.body.changes.previousRun.id).toBe((await runsOf(insight.id))[1].id);
    for (const region of done.body.changes.regions) expect(region.previous, region.segments.join('&')).toBe(region.count);
  });
});

describe('editing during a run', () => {
  let insight: any;
  let editedRunId: string;

  beforeAll(async () => {
    insight = await createOverlap('pro-young', ['Pro', 'Young'], ['note']);
  });

  test('queues the run of an edit after the run computing', async () => {
    await server.api.post(`/api/insights/${insight.id}/refresh`);
    await waitUntilComputing(insight.id);
    const edited = await server.api.put(`/api/insights/${insight.id}`, { kind: 'overlap', name: 'pro-young', segments: ['Pro', 'Young'], fields: ['city'] });

    expect(edited.status, edited.text).toBe(200);
    expect(edited.body.status).toBe('refreshing');
    expect(edited.body.latestRun.sequence).toBe(3);
    expect(edited.body.latestRun.startedAt).toBeNull();
    editedRunId = edited.body.latestRun.id;
  });

  test('lets a second edit join the run still waiting', async () => {
    const edited = await server.api.put(`/api/insights/${insight.id}`, { kind: 'overlap', name: 'pro-young', segments: ['Pro', 'Young'], fields: ['plan'] });

    expect(edited.status, edited.text).toBe(200);
    expect(edited.body.latestRun.id).toBe(editedRunId);
  });

  test('computes the runs in order, the waiting one with the last edit', async () => {
    await server.server.services.insights.whenIdle();
    const [third, second, first] = await runsOf(insight.id);

    expect([third.sequence, second.sequence, first.sequence]).toEqual([3, 2, 1]);
    expect([third.status, second.status]).toEqual(['successful', 'successful']);
    // The edits landed while run 2 computed, and run 3 started only once run 2 had finished.
    expect(third.queuedAt < second.finishedAt).toBe(true);
    expect(third.startedAt >= second.finishedAt).toBe(true);
    expect(second.definition.fields).toEqual(['note']);
    expect(third.definition.fields).toEqual(['plan']);

    const detail = (await server.api.get(`/api/insights/${insight.id}`)).body;
    expect(detail.result.breakdowns.map((breakdown: any) => breakdown.field)).toEqual(['plan']);
  });
});

describe('acting on the result of an edited insight', () => {
  let insight: any;

  beforeAll(async () => {
    insight = await createOverlap('seattle-or-pro', ['Seattle', 'Pro'], ['note']);
  });

  test('reads regions against the definition of the result on show', async () => {
    // While the edit's run waits behind a refresh, the result on show still has Seattle and Pro.
    const expected = regionCounts(insight.result)['Seattle&Pro'];
    await server.api.post(`/api/insights/${insight.id}/refresh`);
    await waitUntilComputing(insight.id);
    await server.api.put(`/api/insights/${insight.id}`, { kind: 'overlap', name: 'seattle-or-pro', segments: ['Pro', 'Young'], fields: ['note'] });
    const saved = await server.api.post(`/api/insights/${insight.id}/regions/segment`, { name: 'seattle pros', regions: ['Seattle&Pro'] });

    expect(saved.status, saved.text).toBe(201);
    expect(saved.body.segment.ruleText).toBe('in segment "Seattle" and in segment "Pro"');
    expect(saved.body.regionCount).toBe(expected);
    expect(saved.body.segment.memberCount).toBe(expected);
  });

  test('shows the old result until the edit computes, then the new one', async () => {
    await server.server.services.insights.whenIdle();
    const detail = (await server.api.get(`/api/insights/${insight.id}`)).body;

    expect(detail.result.segments.map((segment: any) => segment.name)).toEqual(['Pro', 'Young']);
    expect(regionCounts(detail.result)).toEqual(directCounts.get('Pro,Young'));
    expect(detail.changes).toBeNull();
  });

  test('changes the kind while overlap results are on show', async () => {
    await server.api.post(`/api/insights/${insight.id}/refresh`);
    await waitForRun(server.api, insight.id);
    const overlapRun = (await server.api.post(`/api/insights/${insight.id}/refresh`)).body.run;
    await waitUntilComputing(insight.id);
    const edited = await server.api.put(`/api/insights/${insight.id}`, {
      kind: 'differentiators',
      name: 'seattle-or-pro',
      segment: 'Pro',
      baseline: 'rest',
      exclude: ['note'],
    });
    expect(edited.status, edited.text).toBe(200);

    // Read until the overlap run finishes while the differentiators run computes: two overlap
    // results are then on show and compared, under an insight that is now a differentiators one.
    let reading = await server.api.get(`/api/insights/${insight.id}`);
    while (reading.status === 200 && reading.body.resultRun.sequence < overlapRun.sequence) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      reading = await server.api.get(`/api/insights/${insight.id}`);
    }
    expect(reading.status, reading.text).toBe(200);
    expect(reading.body.resultRun.id).toBe(overlapRun.id);
    expect(reading.body.kind).toBe('differentiators');
    expect(reading.body.result.regions).toBeDefined();
    expect(reading.body.changes.regions).toBeDefined();
  });

  test('computes the new kind', async () => {
    await server.server.services.insights.whenIdle();
    const detail = (await server.api.get(`/api/insights/${insight.id}`)).body;

    expect(detail.status, detail.error).toBe('successful');
    expect(detail.result.segment.name).toBe('Pro');
    expect(detail.result.baseline.kind).toBe('rest');
    expect(detail.changes).toBeNull();
  });
});

describe('runs saved before definitions were recorded', () => {
  test('get the definition of their insight', async () => {
    const older = join(folder.path, 'older.duckdb');
    await importCase(older, 'P06.csv');
    const first = await startTestServer(older);
    await createRuleSegments(first.api, { A: "country = 'US'", B: "plan = 'pro'" });
    const created = await first.api.post('/api/insights', { kind: 'overlap', name: 'ab', segments: ['A', 'B'], fields: ['country'] });
    await waitForRun(first.api, created.body.id);
    const definition = (await runsOfServer(first, created.body.id))[0].definition;
    await first.server.close();

    // Take the workspace back to schema version 2, whose runs had no definition column.
    const engine = await DuckDbEngine.open(older);
    await engine.execute('ALTER TABLE si_runs DROP COLUMN definition');
    await engine.execute('DELETE FROM si_schema_version WHERE version = 3');
    await engine.close();

    const reopened = await startTestServer(older);
    try {
      const [run] = await runsOfServer(reopened, created.body.id);
      expect(run.definition).toEqual(definition);
      expect(run.definition.fields).toEqual(['country']);
    } finally {
      await reopened.server.close();
    }
  });
});

async function runsOfServer(test: TestServer, insightId: string): Promise<any[]> {
  return (await test.api.get(`/api/insights/${insightId}/runs`)).body.runs;
}
