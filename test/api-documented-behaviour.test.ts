import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { startServer } from '../src/http/server.js';
import { apiClient, waitForRun } from './api-helpers/api-client.js';
import { createRuleSegments, startTestServer, type TestServer } from './api-helpers/api-server.js';
import { importCase, importCsvText, temporaryFolder } from './api-helpers/api-workspaces.js';

const folder = temporaryFolder('api-documented');

afterAll(() => folder.remove());

describe('P06 server', () => {
  let server: TestServer;
  let insightId: string;
  let segmentIds: Record<string, string>;

  beforeAll(async () => {
    const workspace = join(folder.path, 'P06.duckdb');
    await importCase(workspace, 'P06.csv');
    server = await startTestServer(workspace);
    segmentIds = await createRuleSegments(server.api, { A: "country = 'US'", B: "plan = 'pro'" });
    insightId = (await server.api.post('/api/insights', { kind: 'overlap', name: 'ab', segments: ['A', 'B'] })).body.id;
    await waitForRun(server.api, insightId);
  });

  afterAll(() => server.server.close());

  test('rejects too many members with 413', async () => {
    // 2,000,001 blank lines: about 2 MB, well under the upload's byte limit, over its entry limit.
    const response = await server.api.post('/api/segments/upload?name=huge', '\n'.repeat(2_000_001), 'text/plain');

    expect(response.status, response.text).toBe(413);
    expect(response.body.error.code).toBe('payload-too-large');
    expect(response.body.error.message).toBe('the member list has 2000001 entries; the limit is 2000000. Split it into several segments');
    expect(response.body.error.details).toEqual({ field: 'members', entries: 2_000_001, limitEntries: 2_000_000 });
    expect((await server.api.get('/api/segments/huge')).status).toBe(404);
  });

  test('refresh takes no or empty body', async () => {
    const bodies: [unknown, string | undefined][] = [[undefined, undefined], ['', 'application/json'], [{}, 'application/json']];
    for (const [body, contentType] of bodies) {
      const response = await server.api.post(`/api/insights/${insightId}/refresh`, body, contentType);
      expect(response.status, response.text).toBe(202);
      await waitForRun(server.api, insightId);
    }
  });

  test('rejects another segment id as name', async () => {
    const response = await server.api.post('/api/segments', { name: segmentIds.A, rule: "plan = 'basic'" });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(
      `segment name "${segmentIds.A}" has the form of an id (a UUID), and requests refer to a segment by id or by name. ` +
        'Choose a name that is not a UUID',
    );
  });

  test('explains a used segment plainly', async () => {
    const response = await server.api.delete('/api/segments/A');

    expect(response.status).toBe(409);
    expect(response.body.error.message).toBe('segment "A" is used by insight "ab". Delete that insight first, or delete the segment together with it');
    expect(response.body.error.details.cascadeParameter).toBe('cascade=true');
  });
});

describe('field summary', () => {
  let server: TestServer;

  beforeAll(async () => {
    const workspace = join(folder.path, 'fields.duckdb');
    await importCsvText(
      workspace,
      'customer_id,city,age,joined\n' +
        'C1,Seattle,30,2024-01-05\n' +
        'C2,,41,\n' +
        'C3,Seattle,,2024-02-01\n' +
        'C4,Boise,30,\n' +
        'C5,,55,2024-01-05\n',
    );
    server = await startTestServer(workspace);
  });

  afterAll(() => server.server.close());

  test('lists distinct and missing values', async () => {
    // city: Seattle, Boise and missing (C2, C5) = 3 values, 2 missing. age: 30, 41, 55 and missing
    // (C3) = 4 values, 1 missing. joined: 2024-01-05, 2024-02-01 and missing (C2, C4) = 3 values,
    // 2 missing. customer_id: 5 keys, none missing.
    const response = await server.api.get('/api/fields');

    expect(response.status).toBe(200);
    expect(response.body.fields).toEqual([
      { name: 'customer_id', type: 'text', distinctValues: 5, missingProfiles: 0 },
      { name: 'city', type: 'text', distinctValues: 3, missingProfiles: 2 },
      { name: 'age', type: 'integer', distinctValues: 4, missingProfiles: 1 },
      { name: 'joined', type: 'date', distinctValues: 3, missingProfiles: 2 },
    ]);
  });

  test('matches the value list counts', async () => {
    const fields = (await server.api.get('/api/fields')).body.fields;
    for (const field of fields) {
      const values = (await server.api.get(`/api/fields/${field.name}/values`)).body;
      expect(values.distinctValues, field.name).toBe(field.distinctValues);
    }
  });
});

describe('values of the wrong type', () => {
  let server: TestServer;
  let insightId: string;

  beforeAll(async () => {
    const workspace = join(folder.path, 'P33.duckdb');
    await importCase(workspace, 'P33.csv');
    server = await startTestServer(workspace);
    await createRuleSegments(server.api, { A: "plan = 'pro'", B: "signup_date >= '2025-01-01'" });
    insightId = (await server.api.post('/api/insights', { kind: 'overlap', name: 'ab', segments: ['A', 'B'] })).body.id;
    await waitForRun(server.api, insightId);
  });

  afterAll(() => server.server.close());

  test('are rejected in exports', async () => {
    for (const value of ['soon', '2025-02-30']) {
      const response = await server.api.get(`/api/insights/${insightId}/regions/export?region=A&field=signup_date&value=${value}`);

      expect(response.status, value).toBe(400);
      expect(response.body.error.message).toBe(`value "${value}" does not fit date field "signup_date". Write a date as 'YYYY-MM-DD'`);
    }
  });
});

describe('a saved rule that no longer fits re-imported profiles', () => {
  const workspace = join(folder.path, 'reimported.duckdb');
  let server: TestServer;
  let insightId: string;

  beforeAll(async () => {
    await importCase(workspace, 'P06.csv');
    const first = await startTestServer(workspace);
    await createRuleSegments(first.api, { A: "country = 'US'", B: "plan = 'pro'" });
    insightId = (await first.api.post('/api/insights', { kind: 'overlap', name: 'ab', segments: ['A', 'B'] })).body.id;
    await waitForRun(first.api, insightId);
    await first.server.close();

    // The same customers without the country column that the rule of A reads.
    await importCsvText(workspace, 'customer_id,plan\nC01,pro\nC02,basic\nC03,pro\n');
    server = await startTestServer(workspace);
  });

  afterAll(() => server.server.close());

  test('fails exports with a documented 422', async () => {
    const openApi = (await server.api.get('/api/docs/json')).body;
    for (const route of ['export', 'members']) {
      const response = await server.api.get(`/api/insights/${insightId}/regions/${route}?region=A`);

      expect(response.status, route).toBe(422);
      expect(response.body.error.code).toBe('invalid-rule');
      expect(response.body.error.message).toMatch(/^segment "A": unknown field "country"/);
      expect(Object.keys(openApi.paths[`/api/insights/{id}/regions/${route}`].get.responses)).toContain('422');
    }
  });
});

describe('missing profile table', () => {
  test('explained without a command line', async () => {
    const workspace = join(folder.path, 'no-table.duckdb');
    await importCase(workspace, 'P06.csv');
    const server = await startServer({ workspace, table: 'customers', port: 0, logLevel: 'silent' });
    try {
      const response = await apiClient(server.url).get('/api/fields');

      expect(response.status).toBe(404);
      expect(response.body.error.message).toBe(
        'profile table "customers" not found in the workspace. The server\'s operator must import profiles into it, then restart the server',
      );
      expect(response.body.error.details.command).toBe('segment-insights import FILE --table customers');
    } finally {
      await server.close();
    }
  });
});
