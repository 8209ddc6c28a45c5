import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { DuckDbEngine } from '../src/engines/duckdb/duckdb-engine.js';
import { waitForRun } from './api-helpers/api-client.js';
import { createRuleSegments, startTestServer, type TestServer } from './api-helpers/api-server.js';
import { generateProfiles, temporaryFolder } from './api-helpers/api-workspaces.js';

/** Profiles generated for this file: enough that a run with a wide breakdown takes a while. */
const PROFILES = 1_000_000;
const RULES = { Seattle: "city = 'Seattle'", Pro: "plan = 'pro'", Young: 'age < 30' };

const folder = temporaryFolder('api-lifecycle');
const workspace = join(folder.path, 'generated.duckdb');
let server: TestServer;
/** Region counts of the three segments, counted directly in SQL before the server starts. */
const expectedRegions = new Map<string, number>();

beforeAll(async () => {
  await generateProfiles(workspace, PROFILES);
  await countRegionsDirectly();
  server = await startTestServer(workspace);
  await createRuleSegments(server.api, RULES);
});

afterAll(async () => {
  await server.server.close();
  folder.remove();
});

/** Counts each exclusive region with a plain GROUP BY, independently of the overlap query. */
async function countRegionsDirectly(): Promise<void> {
  const engine = await DuckDbEngine.open(workspace);
  const rows = await engine.query(`SELECT city = 'Seattle' AS s, plan = 'pro' AS p, age < 30 AS y, count(*) AS n FROM profiles GROUP BY 1, 2, 3`);
  await engine.close();
  for (const row of rows) {
    const names = [row.s ? 'Seattle' : '', row.p ? 'Pro' : '', row.y ? 'Young' : ''].filter((name) => name !== '');
    expectedRegions.set(names.length === 0 ? 'none' : names.join('&'), Number(row.n));
  }
}

function regionMap(result: any): Map<string, number> {
  const counts = new Map<string, number>(result.regions.map((region: any) => [region.segments.join('&'), region.count]));
  counts.set('none', result.none);
  return counts;
}

describe('insight lifecycle', () => {
  let insightId: string;
  let firstRefreshedAt: string;

  test('creates an insight that starts refreshing', async () => {
    const created = await server.api.post('/api/insights', {
      kind: 'overlap',
      name: 'seattle-pro-young',
      displayName: 'Seattle, pro and young',
      description: 'three segments over a million generated profiles',
      segments: Object.keys(RULES),
      fields: ['city', 'note'],
    });

    expect(created.status).toBe(201);
    expect(created.body.status).toBe('refreshing');
    expect(created.body.result).toBeNull();
    expect(created.body.lastRefreshedAt).toBeNull();
    insightId = created.body.id;
  });

  test('shows refreshing while the run computes', async () => {
    let seenComputing = false;
    for (;;) {
      const response = await server.api.get(`/api/insights/${insightId}`);
      if (response.body.status !== 'refreshing') break;
      if (response.body.latestRun.startedAt !== null) seenComputing = true;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(seenComputing).toBe(true);
  });

  test('ends successful with the counted regions', async () => {
    const done = await server.api.get(`/api/insights/${insightId}`);

    expect(done.body.status).toBe('successful');
    expect(done.body.result.profiles).toBe(PROFILES);
    expect(regionMap(done.body.result)).toEqual(expectedRegions);
    expect(done.body.lastRefreshedAt).toBe(done.body.latestRun.finishedAt);
    expect(done.body.latestRun.profiles).toBe(PROFILES);
    expect(done.body.changes).toBeNull();
    firstRefreshedAt = done.body.lastRefreshedAt;
  });

  test('snapshots the rules the run used', async () => {
    const runs = await server.api.get(`/api/insights/${insightId}/runs`);
    const snapshot = runs.body.runs[0].segments;

    expect(snapshot.map((segment: any) => [segment.name, segment.ruleText])).toEqual(Object.entries(RULES));
  });

  test('refreshes and compares with the run before', async () => {
    const refreshed = await server.api.post(`/api/insights/${insightId}/refresh`);
    expect(refreshed.status).toBe(202);
    expect(refreshed.body.started).toBe(true);

    const done = await waitForRun(server.api, insightId);
    expect(done.body.status).toBe('successful');
    expect(done.body.lastRefreshedAt > firstRefreshedAt).toBe(true);
    expect(done.body.changes.previousRun.finishedAt).toBe(firstRefreshedAt);
    for (const region of done.body.changes.regions) expect(region.previous, region.segments.join('&')).toBe(region.count);
    expect((await server.api.get(`/api/insights/${insightId}/runs`)).body.runs.map((run: any) => run.sequence)).toEqual([2, 1]);
  });

  test('returns the run in progress to a second refresh', async () => {
    const [first, second] = await Promise.all([
      server.api.post(`/api/insights/${insightId}/refresh`),
      server.api.post(`/api/insights/${insightId}/refresh`),
    ]);

    expect([first.status, second.status].sort()).toEqual([200, 202]);
    expect(first.body.run.id).toBe(second.body.run.id);
    await waitForRun(server.api, insightId);
    const runs = (await server.api.get(`/api/insights/${insightId}/runs`)).body.runs;
    expect(runs.map((run: any) => run.sequence)).toEqual([3, 2, 1]);
    expect(runs.every((run: any) => run.status === 'successful')).toBe(true);
  });

  test('deletes the insight and nothing else', async () => {
    const segmentsBefore = (await server.api.get('/api/segments')).body.segments;
    const deleted = await server.api.delete(`/api/insights/${insightId}`);

    expect(deleted.status).toBe(204);
    expect((await server.api.get(`/api/insights/${insightId}`)).status).toBe(404);
    expect((await server.api.get(`/api/insights/${insightId}/runs`)).status).toBe(404);
    expect((await server.api.get('/api/insights')).body.insights).toEqual([]);
    expect((await server.api.get('/api/segments')).body.segments).toEqual(segmentsBefore);
  });
});

describe('deleting while refreshing', () => {
  test('discards the run of a deleted insight', async () => {
    const created = await server.api.post('/api/insights', { kind: 'overlap', name: 'short-lived', segments: ['Seattle', 'Pro'], fields: ['note'] });
    const deleted = await server.api.delete(`/api/insights/${created.body.id}`);
    await server.server.services.insights.whenIdle();

    expect(deleted.status).toBe(204);
    expect((await server.api.get(`/api/insights/${created.body.id}`)).status).toBe(404);
    expect((await server.api.get('/api/insights')).body.insights.map((insight: any) => insight.name)).not.toContain('short-lived');
  });
});

describe('differentiators insight', () => {
  test('ranks attributes and compares refreshes', async () => {
    const created = await server.api.post('/api/insights', {
      kind: 'differentiators',
      name: 'what-sets-pro-apart',
      segment: 'Pro',
      baseline: 'rest',
      exclude: ['note'],
    });
    expect(created.status, created.text).toBe(201);
    const first = await waitForRun(server.api, created.body.id);
    expect(first.body.status, first.body.error).toBe('successful');
    expect(first.body.result.segment).toEqual({ name: 'Pro', size: expectedSize('Pro') });
    expect(first.body.result.attributes.map((attribute: any) => attribute.field).sort()).toEqual(['age', 'city', 'spend']);

    await server.api.post(`/api/insights/${created.body.id}/refresh`);
    const second = await waitForRun(server.api, created.body.id);
    const changes = second.body.changes.attributes;
    expect(changes.map((change: any) => change.field)).toEqual(second.body.result.attributes.map((attribute: any) => attribute.field));
    for (const change of changes) expect(change.previous).toBe(change.influence);
  });
});

/** Members of one segment, summed from the directly counted regions. */
function expectedSize(name: string): number {
  let size = 0;
  for (const [region, count] of expectedRegions) if (region.split('&').includes(name)) size += count;
  return size;
}
