import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { startServer } from '../src/http/server.js';
import { apiClient, waitForRun, type ApiClient } from './api-helpers/api-client.js';
import { startTestServer, type TestServer } from './api-helpers/api-server.js';
import { importCase, temporaryFolder } from './api-helpers/api-workspaces.js';

const EDITOR_TOKEN = 'editor-token-0123456789abcdef';
const VIEWER_TOKEN = 'viewer-token-0123456789abcdef';
/** A rule value that must never reach the log. */
const SECRET_VALUE = 'Coeur-secret-d-Alene';

const folder = temporaryFolder('api-access');
const workspace = join(folder.path, 'P06.duckdb');
let server: TestServer;
let editor: ApiClient;
let viewer: ApiClient;
let anonymous: ApiClient;

beforeAll(async () => {
  await importCase(workspace, 'P06.csv');
  server = await startTestServer(workspace, {
    tokens: [
      { token: EDITOR_TOKEN, role: 'editor' },
      { token: VIEWER_TOKEN, role: 'viewer' },
    ],
    captureLog: true,
  });
  editor = apiClient(server.server.url, EDITOR_TOKEN);
  viewer = apiClient(server.server.url, VIEWER_TOKEN);
  anonymous = apiClient(server.server.url);
  expect((await editor.post('/api/segments', { name: 'A', rule: "country = 'US'" })).status).toBe(201);
  expect((await editor.post('/api/segments', { name: 'B', rule: "plan = 'pro'" })).status).toBe(201);
});

afterAll(async () => {
  await server.server.close();
  folder.remove();
});

async function segmentNames(): Promise<string[]> {
  return (await editor.get('/api/segments')).body.segments.map((segment: any) => segment.name);
}

describe('tokens', () => {
  test('reject a request without a token', async () => {
    const response = await anonymous.get('/api/segments');

    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('unauthorized');
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  test('reject an unknown token', async () => {
    const response = await apiClient(server.server.url, `${EDITOR_TOKEN}x`).get('/api/segments');
    expect(response.status).toBe(401);
  });

  test('reject a write without a token and change nothing', async () => {
    const response = await anonymous.post('/api/segments', { name: 'C', rule: "plan = 'basic'" });

    expect(response.status).toBe(401);
    expect(await segmentNames()).toEqual(['A', 'B']);
  });

  test('let a viewer read', async () => {
    expect((await viewer.get('/api/segments')).status).toBe(200);
    expect((await viewer.get('/api/fields')).status).toBe(200);
    expect((await viewer.get('/api/fields/country/values')).status).toBe(200);
    expect((await viewer.post('/api/segments/preview', { rule: "plan = 'pro'" })).body.members).toBe(3);
  });

  test('reject writes with a viewer token and change nothing', async () => {
    const insight = await editor.post('/api/insights', { kind: 'overlap', name: 'ab', segments: ['A', 'B'] });
    await waitForRun(editor, insight.body.id);
    const attempts = [
      await viewer.post('/api/segments', { name: 'C', rule: "plan = 'basic'" }),
      await viewer.put('/api/segments/A', { description: 'changed' }),
      await viewer.delete('/api/segments/B'),
      await viewer.post('/api/insights', { kind: 'overlap', name: 'viewer-made', segments: ['A', 'B'] }),
      await viewer.post(`/api/insights/${insight.body.id}/refresh`),
      await viewer.put(`/api/insights/${insight.body.id}`, { kind: 'overlap', name: 'viewer-edited', segments: ['B', 'A'] }),
      await viewer.delete(`/api/insights/${insight.body.id}`),
      await viewer.post(`/api/insights/${insight.body.id}/regions/segment`, { name: 'C', regions: ['none'] }),
    ];

    for (const response of attempts) {
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('forbidden');
    }
    expect(await segmentNames()).toEqual(['A', 'B']);
    expect((await viewer.get('/api/insights')).body.insights.map((entry: any) => entry.name)).toEqual(['ab']);
    expect((await viewer.get('/api/insights/ab')).body.definition.segments.map((segment: any) => segment.name)).toEqual(['A', 'B']);
    expect((await viewer.get(`/api/insights/${insight.body.id}/runs`)).body.runs).toHaveLength(1);
    expect((await viewer.get(`/api/insights/${insight.body.id}/regions/export?region=none`)).status).toBe(200);
  });

  test('leave health and the API docs open', async () => {
    const page = await anonymous.get('/api/docs');

    expect((await anonymous.get('/api/health')).status).toBe(200);
    expect((await anonymous.get('/api/docs/json')).body.components.securitySchemes.bearer.scheme).toBe('bearer');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/swagger-ui/i);
  });
});

describe('log', () => {
  test('writes one line per request with the route, not the URL', async () => {
    await editor.post('/api/segments/preview', { rule: `country = '${SECRET_VALUE}'` });
    await editor.get(`/api/segments/${encodeURIComponent(SECRET_VALUE)}`);
    const lines = server.logLines.map((line) => JSON.parse(line));
    const previews = lines.filter((line) => line.msg === 'request' && line.route === '/api/segments/preview');

    expect(previews.at(-1)).toMatchObject({ method: 'POST', statusCode: 200 });
    expect(lines.filter((line) => line.msg === 'request' && line.route === '/api/segments/:id').at(-1).statusCode).toBe(404);
  });

  test('writes every run state change with ids and duration', async () => {
    const insight = await editor.post('/api/insights', { kind: 'overlap', name: 'logged', segments: ['A', 'B'] });
    await waitForRun(editor, insight.body.id);
    const changes = server.logLines
      .map((line) => JSON.parse(line))
      .filter((line) => line.msg === 'run state changed' && line.insightId === insight.body.id);

    expect(changes.map((line) => line.status)).toEqual(['refreshing', 'refreshing', 'successful']);
    expect(changes.every((line) => typeof line.runId === 'string')).toBe(true);
    expect(changes.at(-1).durationMs).toBeTypeOf('number');
  });

  test('never contains tokens or profile values', () => {
    const log = server.logLines.join('\n');

    expect(log).not.toContain(EDITOR_TOKEN);
    expect(log).not.toContain(VIEWER_TOKEN);
    expect(log).not.toContain(SECRET_VALUE);
  });
});

describe('listening address', () => {
  test('rejects a non-loopback address without tokens', async () => {
    const starting = startServer({ workspace: join(folder.path, 'never-opened.duckdb'), host: '0.0.0.0', port: 0, logLevel: 'silent' });

    await expect(starting).rejects.toThrow(/refusing to listen on 0\.0\.0\.0 without access tokens: anyone who can reach that address/);
  });
});
