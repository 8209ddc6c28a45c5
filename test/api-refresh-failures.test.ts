import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { importProfiles } from '../src/profiles/profile-import.js';
import { Workspace } from '../src/workspace/workspace.js';
import { regionCounts, waitForRun } from './api-helpers/api-client.js';
import { startTestServer, type TestServer } from './api-helpers/api-server.js';
import { importCase, temporaryFolder } from './api-helpers/api-workspaces.js';
import { CASES_DIR } from './support/shared-paths.js';

const caseData = JSON.parse(readFileSync(join(CASES_DIR, 'P27.expected.json'), 'utf8'));
const firstRun = caseData.requests[0].expected;
const refreshedRun = caseData.requests[2].expected;

const folder = temporaryFolder('api-refresh');
const workspace = join(folder.path, 'P27.duckdb');
let server: TestServer;
let insightId: string;

/** Replaces the profiles while no server has the workspace open, as a re-import would. */
async function replaceProfiles(file: string): Promise<void> {
  await server.server.close();
  const opened = await Workspace.open(workspace);
  try {
    await importProfiles(opened, { file, key: 'customer_id' });
  } finally {
    await opened.close();
  }
  server = await startTestServer(workspace);
}

beforeAll(async () => {
  await importCase(workspace, caseData.input_file);
  server = await startTestServer(workspace);
  for (const [name, segment] of Object.entries<any>(caseData.segments)) {
    const body = segment.rule ? { name, rule: segment.rule } : { name, members: segment.member_ids };
    expect((await server.api.post('/api/segments', body)).status).toBe(201);
  }
});

afterAll(async () => {
  await server.server.close();
  folder.remove();
});

describe('refresh after the profiles change', () => {
  let firstRefreshedAt: string;

  test('computes the first version', async () => {
    const created = await server.api.post('/api/insights', { kind: 'overlap', name: 'pro-vs-seattle', segments: ['P', 'S', 'L'] });
    insightId = created.body.id;
    const done = await waitForRun(server.api, insightId);

    expect(regionCounts(done.body.result)).toEqual(firstRun.exclusive_region_counts);
    expect(Object.fromEntries(done.body.result.segments.map((segment: any) => [segment.name, segment.size]))).toEqual(firstRun.segment_sizes);
    firstRefreshedAt = done.body.lastRefreshedAt;
  });

  test('keeps the old result until refreshed', async () => {
    await replaceProfiles(join(CASES_DIR, 'P27.v2.csv'));
    const stale = await server.api.get(`/api/insights/${insightId}`);

    expect(stale.body.status).toBe('successful');
    expect(regionCounts(stale.body.result)).toEqual(firstRun.exclusive_region_counts);
    expect(stale.body.lastRefreshedAt).toBe(firstRefreshedAt);
  });

  test('recomputes sizes and regions together', async () => {
    const refreshed = await server.api.post(`/api/insights/${insightId}/refresh`);
    expect(refreshed.status).toBe(202);
    const done = await waitForRun(server.api, insightId);

    expect(done.body.status).toBe('successful');
    expect(regionCounts(done.body.result)).toEqual(refreshedRun.exclusive_region_counts);
    expect(Object.fromEntries(done.body.result.segments.map((segment: any) => [segment.name, segment.size]))).toEqual(refreshedRun.segment_sizes);
    expect((await server.api.get('/api/segments/L')).body.memberCount).toBe(refreshedRun.segment_sizes.L);
  });

  test('shows the first counts next to the new ones', async () => {
    const detail = (await server.api.get(`/api/insights/${insightId}`)).body;
    const previous = Object.fromEntries(detail.changes.regions.map((region: any) => [region.segments.join('&'), region.previous]));

    // Regions of the first version, including those that are empty now (S, P&L).
    expect(previous).toEqual({ 'P&S': 1, L: 1, 'P&S&L': 1, S: 1, 'P&L': 1 });
    expect(detail.changes.none).toEqual({ current: 1, previous: 1 });
  });
});

describe('failed refresh', () => {
  let lastGood: any;

  test('keeps the last result and shows the error', async () => {
    lastGood = (await server.api.get(`/api/insights/${insightId}`)).body;
    const withoutCity = join(folder.path, 'without-city.csv');
    const lines = readFileSync(join(CASES_DIR, 'P27.v2.csv'), 'utf8').trim().split('\n');
    writeFileSync(withoutCity, lines.map((line) => line.split(',').filter((_, index) => index !== 1).join(',')).join('\n') + '\n');
    await replaceProfiles(withoutCity);

    await server.api.post(`/api/insights/${insightId}/refresh`);
    const failed = await waitForRun(server.api, insightId);

    expect(failed.body.status).toBe('failed');
    expect(failed.body.error).toMatch(/unknown field "city"/);
    expect(failed.body.result).toEqual(lastGood.result);
    expect(failed.body.lastRefreshedAt).toBe(lastGood.lastRefreshedAt);
    expect(failed.body.resultRun.id).toBe(lastGood.resultRun.id);
  });

  test('lists the failed run with its reason', async () => {
    const runs = (await server.api.get(`/api/insights/${insightId}/runs`)).body.runs;

    expect(runs.map((run: any) => run.status)).toEqual(['failed', 'successful', 'successful']);
    expect(runs[0].error).toMatch(/unknown field "city"/);
    expect(runs[0].finishedAt).not.toBeNull();
  });

  test('keeps the last ten runs and the two latest results', async () => {
    for (let attempt = 0; attempt < 11; attempt += 1) {
      await server.api.post(`/api/insights/${insightId}/refresh`);
      await waitForRun(server.api, insightId);
    }
    const runs = (await server.api.get(`/api/insights/${insightId}/runs`)).body.runs;
    const detail = (await server.api.get(`/api/insights/${insightId}`)).body;

    // 14 runs so far: v1 and v2 successful, then 12 failed. The newest 10 failed ones stay, and so
    // do both successful runs, which hold the result on show and the one it is compared with.
    expect(runs.map((run: any) => run.sequence)).toEqual([14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 2, 1]);
    expect(detail.result).toEqual(lastGood.result);
    expect(detail.changes.previousRun.id).toBe(runs.at(-1).id);
  });

  test('marks the segment whose rule no longer fits', async () => {
    const segment = (await server.api.get('/api/segments/S')).body;

    expect(segment.memberCount).toBeNull();
    expect(segment.problem).toMatch(/unknown field "city"/);
  });
});

describe('deleting the insight', () => {
  test('removes it and its runs but keeps the segments', async () => {
    const deleted = await server.api.delete(`/api/insights/${insightId}`);

    expect(deleted.status).toBe(204);
    expect((await server.api.get('/api/insights')).body.insights).toEqual([]);
    expect((await server.api.get(`/api/insights/${insightId}`)).body.error.code).toBe('not-found');
    expect((await server.api.get('/api/segments')).body.segments.map((segment: any) => segment.name)).toEqual(['L', 'P', 'S']);
  });
});
