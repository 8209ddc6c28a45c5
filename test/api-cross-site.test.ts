import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { waitForRun } from './api-helpers/api-client.js';
import { buildCli, runCli, startServeProcess, type ServeProcess } from './api-helpers/built-cli.js';
import { createRuleSegments, startTestServer, type TestServer } from './api-helpers/api-server.js';
import { importCase, temporaryFolder } from './api-helpers/api-workspaces.js';
import { rawRequest, type RawResponse } from './api-helpers/raw-request.js';

const EVIL = 'http://evil.example';

const folder = temporaryFolder('api-cross-site');
let server: TestServer;
let url: string;
let port: string;
let insightId: string;

beforeAll(async () => {
  const workspace = join(folder.path, 'P06.duckdb');
  await importCase(workspace, 'P06.csv');
  server = await startTestServer(workspace);
  url = server.server.url;
  port = new URL(url).port;
  await createRuleSegments(server.api, { A: "country = 'US'", B: "plan = 'pro'" });
  insightId = (await server.api.post('/api/insights', { kind: 'overlap', name: 'ab', segments: ['A', 'B'] })).body.id;
  await waitForRun(server.api, insightId);
});

afterAll(async () => {
  await server.server.close();
  folder.remove();
});

/** Segments, insights and the runs of the one insight: what a rejected request must leave as it was. */
async function storeState(): Promise<unknown> {
  return {
    segments: (await server.api.get('/api/segments')).body.segments.map((segment: any) => [segment.name, segment.ruleText]),
    insights: (await server.api.get('/api/insights')).body.insights.map((insight: any) => insight.name),
    runs: (await server.api.get(`/api/insights/${insightId}/runs`)).body.runs.length,
  };
}

function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<RawResponse> {
  return rawRequest(url, { method, path, headers, body });
}

describe('changes sent by pages of other sites', () => {
  test('reject a text upload', async () => {
    const before = await storeState();
    const response = await send('POST', '/api/segments/upload?name=csrf-made', { origin: EVIL, 'content-type': 'text/plain' }, 'C01');

    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('cross-origin-request');
    expect(response.body.error.message).toContain('request from origin "http://evil.example" rejected');
    expect(await storeState()).toEqual(before);
  });

  test('reject a text refresh', async () => {
    const before = await storeState();
    const response = await send('POST', `/api/insights/${insightId}/refresh`, { origin: EVIL, 'content-type': 'text/plain' }, 'x');

    expect(response.status).toBe(403);
    expect(await storeState()).toEqual(before);
  });

  test('reject JSON creates, edits, deletes', async () => {
    const before = await storeState();
    const json = { origin: EVIL, 'content-type': 'application/json' };
    const attempts = [
      await send('POST', '/api/segments', json, JSON.stringify({ name: 'C', rule: "plan = 'basic'" })),
      await send('PUT', '/api/segments/A', json, JSON.stringify({ rule: "plan = 'basic'" })),
      await send('DELETE', `/api/insights/${insightId}`, { origin: EVIL }),
      await send('POST', `/api/insights/${insightId}/regions/segment`, json, JSON.stringify({ name: 'C', regions: ['A'] })),
    ];

    expect(attempts.map((response) => response.status)).toEqual([403, 403, 403, 403]);
    expect(await storeState()).toEqual(before);
  });

  test('reject the null origin', async () => {
    const response = await send('POST', `/api/insights/${insightId}/refresh`, { origin: 'null' });
    expect(response.status).toBe(403);
  });

  test('reject another local port', async () => {
    const response = await send('POST', `/api/insights/${insightId}/refresh`, { origin: 'http://127.0.0.1:1' });
    expect(response.status).toBe(403);
  });
});

describe('requests from own pages', () => {
  test('make changes from the same origin', async () => {
    const headers = { origin: `http://localhost:${port}`, host: `localhost:${port}`, 'content-type': 'application/json' };
    const created = await send('POST', '/api/segments', headers, JSON.stringify({ name: 'same-origin', rule: "plan = 'basic'" }));
    const removed = await send('DELETE', '/api/segments/same-origin', { origin: url });

    expect(created.status, created.text).toBe(201);
    expect(removed.status, removed.text).toBe(200);
  });

  test('read without a CORS header', async () => {
    const response = await send('GET', '/api/segments', { origin: EVIL });

    expect(response.status).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('Host header', () => {
  test('rejects an unknown name', async () => {
    const response = await send('GET', `/api/insights/${insightId}/regions/export?region=A`, { host: `evil.example:${port}` });

    expect(response.status).toBe(421);
    expect(response.body.error.code).toBe('misdirected-request');
    expect(response.body.error.message).toContain('host "evil.example:');
    expect(response.text).not.toContain('C01');
  });

  test('rejects it on every route', async () => {
    for (const path of ['/api/segments', '/api/health', '/api/docs/json', '/']) {
      expect((await send('GET', path, { host: 'evil.example' })).status, path).toBe(421);
    }
  });

  test('accepts loopback names at any port', async () => {
    for (const host of [`localhost:${port}`, `LOCALHOST:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'localhost:5173']) {
      expect((await send('GET', '/api/segments', { host })).status, host).toBe(200);
    }
  });
});

describe('content types', () => {
  test('reject text bodies on JSON routes', async () => {
    const before = await storeState();
    const refresh = await send('POST', `/api/insights/${insightId}/refresh`, { 'content-type': 'text/plain' }, 'x');
    const create = await send('POST', '/api/segments', { 'content-type': 'text/plain' }, JSON.stringify({ name: 'C', rule: "plan = 'basic'" }));
    const form = await send('POST', '/api/segments', { 'content-type': 'application/x-www-form-urlencoded' }, 'name=C&rule=x');

    expect([refresh.status, create.status, form.status]).toEqual([415, 415, 415]);
    expect(refresh.body.error.code).toBe('unsupported-media-type');
    expect(await storeState()).toEqual(before);
  });

  test('still take text uploads', async () => {
    const response = await send('POST', '/api/segments/upload?name=uploaded', { 'content-type': 'text/plain' }, 'C01\nC02\n');

    expect(response.status, response.text).toBe(201);
    expect(response.body.memberCount).toBe(2);
    expect((await server.api.delete('/api/segments/uploaded')).status).toBe(200);
  });
});

describe('allowed hosts', () => {
  let proxied: TestServer;
  let proxiedUrl: string;

  beforeAll(async () => {
    const workspace = join(folder.path, 'proxied.duckdb');
    await importCase(workspace, 'P06.csv');
    proxied = await startTestServer(workspace, { allowedHosts: ['insights.example.com'] });
    proxiedUrl = proxied.server.url;
  });

  afterAll(async () => {
    await proxied.server.close();
  });

  test('accept a configured name at any port', async () => {
    expect((await rawRequest(proxiedUrl, { method: 'GET', path: '/api/segments', headers: { host: 'insights.example.com' } })).status).toBe(200);
    expect((await rawRequest(proxiedUrl, { method: 'GET', path: '/api/segments', headers: { host: 'insights.example.com:443' } })).status).toBe(200);
    expect((await rawRequest(proxiedUrl, { method: 'GET', path: '/api/segments', headers: { host: 'other.example.com' } })).status).toBe(421);
  });

  test('accept the origin of a proxy name', async () => {
    const response = await rawRequest(proxiedUrl, {
      method: 'POST',
      path: '/api/segments',
      headers: { origin: 'https://insights.example.com', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'via-proxy', rule: "plan = 'pro'" }),
    });

    expect(response.status, response.text).toBe(201);
  });
});

describe('serve command', () => {
  const build = buildCli();
  let serve: ServeProcess | undefined;

  afterAll(() => {
    serve?.child.kill('SIGKILL');
    build.remove();
  });

  test('accepts a name from --allowed-host', async () => {
    const workspace = join(folder.path, 'served.duckdb');
    await importCase(workspace, 'P06.csv');
    serve = await startServeProcess(build.main, ['--workspace', workspace, '--allowed-host', 'Insights.Example.com']);

    expect((await rawRequest(serve.url, { method: 'GET', path: '/api/health', headers: { host: 'insights.example.com' } })).status).toBe(200);
    expect((await rawRequest(serve.url, { method: 'GET', path: '/api/health', headers: { host: 'evil.example' } })).status).toBe(421);
  });

  test('rejects a URL as allowed host', async () => {
    const run = await runCli(build.main, ['serve', '--workspace', join(folder.path, 'served.duckdb'), '--allowed-host', 'https://insights.example.com']);

    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('--allowed-host "https://insights.example.com" is not a host name or IP address');
  });
});
