import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { apiClient, type ApiResponse } from './api-helpers/api-client.js';
import { createRuleSegments, startTestServer, type TestServer } from './api-helpers/api-server.js';
import { generateProfiles, temporaryFolder } from './api-helpers/api-workspaces.js';

const folder = temporaryFolder('api-concurrency');
let server: TestServer;

beforeAll(async () => {
  const workspace = join(folder.path, 'generated.duckdb');
  await generateProfiles(workspace, 20_000);
  server = await startTestServer(workspace);
  await createRuleSegments(server.api, { Seattle: "city = 'Seattle'", Pro: "plan = 'pro'", Young: 'age < 30' });
});

afterAll(async () => {
  await server.server.close();
  folder.remove();
});

/** Creates a fresh client per call, as separate users would send. */
function client() {
  return apiClient(server.server.url);
}

describe('many clients at once', () => {
  const created: ApiResponse[] = [];
  const duplicates: ApiResponse[] = [];
  const refreshes: ApiResponse[] = [];

  test('create distinct insights and one of a shared name', async () => {
    const body = (name: string) => ({ kind: 'overlap', name, segments: ['Seattle', 'Pro', 'Young'], fields: ['city'] });
    const requests = [
      ...Array.from({ length: 12 }, (_, index) => client().post('/api/insights', body(`insight-${index}`))),
      ...Array.from({ length: 6 }, () => client().post('/api/insights', body('shared-name'))),
    ];
    const responses = await Promise.all(requests);
    created.push(...responses.slice(0, 12));
    duplicates.push(...responses.slice(12));

    expect(created.map((response) => response.status)).toEqual(Array(12).fill(201));
    expect(duplicates.map((response) => response.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
  });

  test('refresh the same insights from many clients', async () => {
    const ids = created.map((response) => response.body.id);
    for (let wave = 0; wave < 3; wave += 1) {
      const responses = await Promise.all(ids.flatMap((id) => Array.from({ length: 4 }, () => client().post(`/api/insights/${id}/refresh`))));
      refreshes.push(...responses);
      await new Promise((resolve) => setTimeout(resolve, 50 * wave));
    }

    expect(refreshes.every((response) => response.status === 200 || response.status === 202)).toBe(true);
    await server.server.services.insights.whenIdle();
  });

  test('leave one insight per name', async () => {
    const names = (await server.api.get('/api/insights')).body.insights.map((insight: any) => insight.name);

    expect(names).toHaveLength(13);
    expect(new Set(names).size).toBe(13);
  });

  test('leave no lost or duplicated runs', async () => {
    for (const insight of created) {
      const runs = (await server.api.get(`/api/insights/${insight.body.id}/runs`)).body.runs;
      const sequences = runs.map((run: any) => run.sequence).reverse();
      const started = new Set(
        refreshes.filter((response) => response.status === 202 && response.body.run.insightId === insight.body.id).map((response) => response.body.run.id),
      );
      const returned = new Set(
        refreshes.filter((response) => response.body.run.insightId === insight.body.id).map((response) => response.body.run.id),
      );

      expect(sequences).toEqual(Array.from({ length: runs.length }, (_, index) => index + 1));
      expect(runs.every((run: any) => run.status === 'successful')).toBe(true);
      expect(runs.length).toBe(1 + started.size);
      expect([...returned].every((id) => runs.some((run: any) => run.id === id))).toBe(true);
    }
  });

  test('show the same result on every successful run', async () => {
    const results = await Promise.all(created.map((response) => client().get(`/api/insights/${response.body.id}`)));
    const regions = results.map((response) => JSON.stringify(response.body.result.regions));

    expect(new Set(regions).size).toBe(1);
  });
});
