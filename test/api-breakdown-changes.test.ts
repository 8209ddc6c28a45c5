import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { importProfiles } from '../src/profiles/profile-import.js';
import { Workspace } from '../src/workspace/workspace.js';
import { waitForRun } from './api-helpers/api-client.js';
import { startTestServer, type TestServer } from './api-helpers/api-server.js';
import { importCase, temporaryFolder } from './api-helpers/api-workspaces.js';
import { CASES_DIR } from './support/shared-paths.js';

/**
 * An overlap of P, S and L broken down by city and plan, computed on six customers, then
 * refreshed after a re-import. The re-import drops C03, makes C02 pro and adds C07, a Seattle
 * pro. L lists C01, C03 and C06. Each customer's region before and after:
 *
 *   C01 Seattle pro   P&S&L → P&S&L      C04 Boise basic     none → none
 *   C02 Seattle basic S     → P&S (pro)  C05 Seattle pro     P&S  → P&S
 *   C03 Portland pro  P&L   → gone       C06 Portland basic  L    → L
 *   C07 Seattle pro   —     → P&S
 */
const caseData = JSON.parse(readFileSync(join(CASES_DIR, 'P27.expected.json'), 'utf8'));

const folder = temporaryFolder('api-breakdown-changes');
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
  const created = await server.api.post('/api/insights', { kind: 'overlap', name: 'by-city-and-plan', segments: ['P', 'S', 'L'], fields: ['city', 'plan'] });
  insightId = created.body.id;
  expect((await waitForRun(server.api, insightId)).body.status).toBe('successful');

  await replaceProfiles(join(CASES_DIR, 'P27.v2.csv'));
  await server.api.post(`/api/insights/${insightId}/refresh`);
  expect((await waitForRun(server.api, insightId)).body.status).toBe('successful');
});

afterAll(async () => {
  await server.server.close();
  folder.remove();
});

const unchanged = (count: number) => ({ current: count, previous: count });

describe('changes per breakdown value', () => {
  test('put the city counts before the re-import next to each value', async () => {
    const changes = (await server.api.get(`/api/insights/${insightId}`)).body.changes;
    const city = changes.breakdowns.find((breakdown: any) => breakdown.field === 'city');

    expect(city.values).toEqual([
      {
        value: 'Seattle',
        profiles: { current: 4, previous: 3 },
        none: unchanged(0),
        regions: [
          { segments: ['P', 'S'], count: 3, previous: 1 },
          { segments: ['S'], count: 0, previous: 1 },
        ],
      },
      { value: 'Portland', profiles: { current: 1, previous: 2 }, none: unchanged(0), regions: [{ segments: ['P', 'L'], count: 0, previous: 1 }] },
      { value: 'Boise', profiles: unchanged(1), none: unchanged(1), regions: [] },
    ]);
  });

  test('put the plan counts before the re-import next to each value', async () => {
    const changes = (await server.api.get(`/api/insights/${insightId}`)).body.changes;
    const plan = changes.breakdowns.find((breakdown: any) => breakdown.field === 'plan');

    expect(plan.values).toEqual([
      {
        value: 'pro',
        profiles: { current: 4, previous: 3 },
        none: unchanged(0),
        regions: [
          { segments: ['P', 'S'], count: 3, previous: 1 },
          { segments: ['P', 'L'], count: 0, previous: 1 },
        ],
      },
      { value: 'basic', profiles: { current: 2, previous: 3 }, none: unchanged(1), regions: [{ segments: ['S'], count: 0, previous: 1 }] },
    ]);
  });

  test('agree with the result of each run', async () => {
    // Every value's counts now, with the listed changes undone, give the previous result's counts.
    const runs = (await server.api.get(`/api/insights/${insightId}/runs`)).body.runs;
    const detail = (await server.api.get(`/api/insights/${insightId}`)).body;
    expect(detail.changes.previousRun.id).toBe(runs[1].id);

    for (const change of detail.changes.breakdowns) {
      const breakdown = detail.result.breakdowns.find((candidate: any) => candidate.field === change.field);
      for (const value of change.values) {
        const row = breakdown.values.find((candidate: any) => candidate.value === value.value);
        const previous = new Map<string, number>(row.regions.map((region: any) => [region.segments.join('&'), region.count]));
        for (const region of value.regions) previous.set(region.segments.join('&'), region.previous);
        const total = [...previous.values()].reduce((sum, count) => sum + count, 0) + value.none.previous;

        expect(row.profiles, `${change.field} = ${value.value}`).toBe(value.profiles.current);
        expect(total, `${change.field} = ${value.value}`).toBe(value.profiles.previous);
      }
    }
  });
});
