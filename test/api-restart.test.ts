import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { serverMarkerPath } from '../src/workspace/server-marker.js';
import { apiClient, waitForRun, type ApiClient } from './api-helpers/api-client.js';
import { buildCli, runCli, startServeProcess, type ServeProcess } from './api-helpers/built-cli.js';
import { createRuleSegments } from './api-helpers/api-server.js';
import { generateProfiles, temporaryFolder } from './api-helpers/api-workspaces.js';

/** Enough profiles that a run breaking down by note and spend (about 100,000 values each) takes most of a second on two cores. */
const PROFILES = 500_000;

const folder = temporaryFolder('api-restart');
const workspace = join(folder.path, 'generated.duckdb');
const build = buildCli();
const main = build.main;
let serve: ServeProcess | undefined;

beforeAll(async () => {
  await generateProfiles(workspace, PROFILES);
});

afterAll(() => {
  serve?.child.kill('SIGKILL');
  folder.remove();
  build.remove();
});

function exited(process: ServeProcess): Promise<number | null> {
  if (process.child.exitCode !== null || process.child.signalCode !== null) return Promise.resolve(process.child.exitCode);
  return new Promise((resolve) => process.child.on('exit', (code) => resolve(code)));
}

describe('server killed during a run', () => {
  let api: ApiClient;
  let insightId: string;
  let firstResult: any;
  let firstRefreshedAt: string;

  test('computes a first result', async () => {
    serve = await startServeProcess(main, ['--workspace', workspace]);
    api = apiClient(serve.url);
    await createRuleSegments(api, { P: "plan = 'pro'", S: "city = 'Seattle'" });
    const created = await api.post('/api/insights', { kind: 'overlap', name: 'pro-vs-seattle', segments: ['P', 'S'], fields: ['note', 'spend'] });
    const done = await waitForRun(api, created.body.id, 60_000);

    expect(done.body.status).toBe('successful');
    insightId = created.body.id;
    firstResult = done.body.result;
    firstRefreshedAt = done.body.lastRefreshedAt;
  });

  test('tells a second server which server holds the workspace', async () => {
    const second = await runCli(main, ['serve', '--workspace', workspace, '--port', '0']);

    expect(second.status).not.toBe(0);
    expect(second.stderr).toContain(`held by the segment-insights server at ${serve?.url} (process ${serve?.child.pid})`);
  });

  test('is killed while refreshing', async () => {
    const refreshed = await api.post(`/api/insights/${insightId}/refresh`);
    expect(refreshed.status).toBe(202);
    for (;;) {
      const detail = (await api.get(`/api/insights/${insightId}`)).body;
      expect(detail.status).toBe('refreshing');
      if (detail.latestRun.startedAt !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }

    serve?.child.kill('SIGKILL');
    await exited(serve as ServeProcess);
    expect(existsSync(serverMarkerPath(workspace))).toBe(true);
  });

  test('marks the run interrupted after a restart and keeps the result', async () => {
    serve = await startServeProcess(main, ['--workspace', workspace]);
    api = apiClient(serve.url);
    const detail = (await api.get(`/api/insights/${insightId}`)).body;

    expect(detail.status).toBe('failed');
    expect(detail.error).toMatch(/^interrupted: the server stopped during this run/);
    expect(detail.result).toEqual(firstResult);
    expect(detail.lastRefreshedAt).toBe(firstRefreshedAt);
  });

  test('accepts a new refresh that succeeds', async () => {
    const refreshed = await api.post(`/api/insights/${insightId}/refresh`);
    expect(refreshed.status).toBe(202);
    expect(refreshed.body.started).toBe(true);

    const done = await waitForRun(api, insightId, 60_000);
    expect(done.body.status).toBe('successful');
    expect(done.body.result.regions).toEqual(firstResult.regions);
    expect(done.body.result.none).toBe(firstResult.none);
    expect((await api.get(`/api/insights/${insightId}/runs`)).body.runs.map((run: any) => run.status)).toEqual(['successful', 'failed', 'successful']);
  });

  test('stops cleanly on SIGTERM and removes its marker', async () => {
    serve?.child.kill('SIGTERM');

    expect(await exited(serve as ServeProcess)).toBe(0);
    expect(existsSync(serverMarkerPath(workspace))).toBe(false);
  });
});
