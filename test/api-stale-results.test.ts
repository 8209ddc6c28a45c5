import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { waitForRun } from './api-helpers/api-client.js';
import { createRuleSegments, startTestServer, type TestServer } from './api-helpers/api-server.js';
import { importCase, temporaryFolder } from './api-helpers/api-workspaces.js';

// P06: C01 US pro, C02 US basic, C03 CA pro, C04 CA basic, C05 MX basic, C06 US pro, C07 MX free,
// C08 CA free.
const folder = temporaryFolder('api-stale-results');
let server: TestServer;
let ids: Record<string, string>;
const insights: Record<string, string> = {};

beforeAll(async () => {
  const workspace = join(folder.path, 'P06.duckdb');
  await importCase(workspace, 'P06.csv');
  server = await startTestServer(workspace);
  // A = C01 C02 C06; B = C01 C03 C06; N = C03; L = C01 C03.
  ids = await createRuleSegments(server.api, { A: "country = 'US'", B: "plan = 'pro'", N: `in segment "B" and country = 'CA'` });
  ids.L = (await server.api.post('/api/segments', { name: 'L', members: ['C01', 'C03'] })).body.id;

  for (const [name, segments] of Object.entries({ ab: ['A', 'B'], bl: ['B', 'L'], na: ['N', 'A'] })) {
    insights[name] = (await server.api.post('/api/insights', { kind: 'overlap', name, segments })).body.id;
    await waitForRun(server.api, insights[name] as string);
  }
});

afterAll(async () => {
  await server.server.close();
  folder.remove();
});

async function staleness(name: string): Promise<{ stale: boolean; staleSegments: { id: string; name: string; change: string }[] }> {
  const detail = (await server.api.get(`/api/insights/${name}`)).body;
  return { stale: detail.stale, staleSegments: detail.staleSegments };
}

describe('stale insight', () => {
  test('is fresh after its run', async () => {
    expect(await staleness('ab')).toEqual({ stale: false, staleSegments: [] });
    expect(await staleness('bl')).toEqual({ stale: false, staleSegments: [] });
    expect(await staleness('na')).toEqual({ stale: false, staleSegments: [] });
  });

  test('stays fresh when a segment is renamed or described', async () => {
    expect((await server.api.put('/api/segments/L', { name: 'List', description: 'two customers' })).status).toBe(200);

    expect(await staleness('bl')).toEqual({ stale: false, staleSegments: [] });
  });

  test('turns stale when a member list is replaced', async () => {
    expect((await server.api.put('/api/segments/List', { members: ['C02'] })).status).toBe(200);

    expect(await staleness('bl')).toEqual({ stale: true, staleSegments: [{ id: ids.L, name: 'List', change: 'members' }] });
    expect((await staleness('ab')).stale).toBe(false);
  });

  test('is fresh again when the same members are put back in another order', async () => {
    expect((await server.api.put('/api/segments/List', { members: ['C03', 'C01'] })).status).toBe(200);

    expect(await staleness('bl')).toEqual({ stale: false, staleSegments: [] });
  });

  test('turns stale when a used rule is edited, in lists too', async () => {
    expect((await server.api.put('/api/segments/A', { rule: "country = 'US' or country = 'CA'" })).status).toBe(200);
    const listed = (await server.api.get('/api/insights')).body.insights;

    expect(await staleness('ab')).toEqual({ stale: true, staleSegments: [{ id: ids.A, name: 'A', change: 'rule' }] });
    expect(listed.find((insight: any) => insight.name === 'ab').stale).toBe(true);
    expect(listed.find((insight: any) => insight.name === 'bl').stale).toBe(false);
  });

  test('follows the segments that used rules refer to', async () => {
    // na uses N and A; N's rule refers to B, so editing B makes na stale though na does not name B.
    expect((await server.api.put('/api/segments/B', { rule: "plan = 'pro' or plan = 'free'" })).status).toBe(200);

    expect((await staleness('na')).staleSegments).toEqual([
      { id: ids.A, name: 'A', change: 'rule' },
      { id: ids.B, name: 'B', change: 'rule' },
    ]);
  });

  test('is fresh after a successful refresh', async () => {
    expect((await server.api.post(`/api/insights/${insights.ab}/refresh`)).status).toBe(202);
    await waitForRun(server.api, insights.ab as string);

    expect(await staleness('ab')).toEqual({ stale: false, staleSegments: [] });
  });
});

describe('region segment from a stale result', () => {
  test('warns that its count differs from the region count', async () => {
    // bl was computed with B = plan 'pro': B&L = C01 C03 (2). B is now pro or free (C01 C03 C06 C07
    // C08), and L is still C01 C03, so B&L is still C01 C03 (2), but the result is out of date.
    // na was computed with N = C03 and A = US (C01 C02 C06): N only = C03 (1). Now A = US or CA
    // (C01 C02 C03 C04 C06 C08) and N = B and CA (C03 C08), so N only is empty (0).
    const response = await server.api.post(`/api/insights/${insights.na}/regions/segment`, { name: 'only N', regions: ['N'] });

    expect(response.status, response.text).toBe(201);
    expect(response.body.regionCount).toBe(1);
    expect(response.body.segment.memberCount).toBe(0);
    expect(response.body.stale).toBe(true);
    expect(response.body.staleSegments.map((segment: any) => segment.name)).toEqual(['A', 'B']);
    expect(response.body.warning).toBe(
      'the insight\'s result is out of date because segments changed after it was computed: "A" (rule edited), "B" (rule edited). ' +
        'The new segment has 0 customers now, while the result counted 1 in these regions. Refresh the insight to see current counts',
    );
  });

  test('has no warning when the result is up to date', async () => {
    // ab was refreshed with A = US or CA and B = pro or free: A&B = C01 C03 C06 C08 (4).
    const response = await server.api.post(`/api/insights/${insights.ab}/regions/segment`, { name: 'both', regions: ['A&B'] });

    expect(response.status, response.text).toBe(201);
    expect(response.body.regionCount).toBe(4);
    expect(response.body.segment.memberCount).toBe(4);
    expect(response.body.stale).toBe(false);
    expect(response.body.staleSegments).toEqual([]);
    expect(response.body.warning).toBeNull();
  });
});
