import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { DuckDbEngine } from '../src/engines/duckdb/duckdb-engine.js';
import { startTestServer, type TestServer } from './api-helpers/api-server.js';
import { generateProfiles, importCase, temporaryFolder } from './api-helpers/api-workspaces.js';

const folder = temporaryFolder('api-field-values');
afterAll(() => folder.remove());

/** Starts a server on one shared case's profiles; the caller closes it. */
async function caseServer(id: string): Promise<TestServer> {
  const workspace = join(folder.path, `${id}.duckdb`);
  await importCase(workspace, `${id}.csv`);
  return startTestServer(workspace);
}

describe('values of a field with missing cells', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await caseServer('P22');
  });
  afterAll(() => server.server.close());

  test('lists the values largest first, missing as null', async () => {
    // city of C01…C10: empty for C02, C04, C07, C10; Seattle for C01, C05, C08; Portland for
    // C03, C09; Boise for C06.
    const response = await server.api.get('/api/fields/city/values');

    expect(response.status, response.text).toBe(200);
    expect(response.body).toEqual({
      field: 'city',
      type: 'text',
      distinctValues: 4,
      truncated: false,
      values: [
        { value: null, profiles: 4 },
        { value: 'Seattle', profiles: 3 },
        { value: 'Portland', profiles: 2 },
        { value: 'Boise', profiles: 1 },
      ],
    });
  });

  test('keeps a yes/no column as text', async () => {
    // email_opt_in is yes for C01–C05 and C10, no for C06–C09.
    const response = await server.api.get('/api/fields/email_opt_in/values');
    expect(response.body.values).toEqual([
      { value: 'yes', profiles: 6 },
      { value: 'no', profiles: 4 },
    ]);
  });

  test('rejects an unknown field with the closest name', async () => {
    const response = await server.api.get('/api/fields/citty/values');

    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not-found');
    expect(response.body.error.message).toBe('unknown field "citty". Did you mean "city"?');
    expect(response.body.error.details.field).toBe('citty');
  });

  test('reads each field once per server', async () => {
    const first = await server.server.services.segments.fieldValues('city');
    const second = await server.server.services.segments.fieldValues('city');
    expect(second).toBe(first);
  });

  test('documents the route with its statuses', async () => {
    const operation = (await server.api.get('/api/docs/json')).body.paths['/api/fields/{name}/values'].get;
    expect(Object.keys(operation.responses)).toEqual(['200', '401', '404']);
  });
});

describe('values that differ only in case', () => {
  test('are separate values, ties in ascending order', async () => {
    // After trimming: Seattle (C01, C02) and Boise (C07, C08) twice; seattle, SEATTLE, Portland
    // and portland once. Ties sort by code point, so capitals come first.
    const server = await caseServer('P23');
    try {
      const response = await server.api.get('/api/fields/city/values');
      expect(response.body.values).toEqual([
        { value: 'Boise', profiles: 2 },
        { value: 'Seattle', profiles: 2 },
        { value: 'Portland', profiles: 1 },
        { value: 'SEATTLE', profiles: 1 },
        { value: 'portland', profiles: 1 },
        { value: 'seattle', profiles: 1 },
      ]);
    } finally {
      await server.server.close();
    }
  });
});

describe('values of a numeric field', () => {
  test('come back as numbers', async () => {
    // orders: 0 for C01–C07, 1 for C08 and C09, then 2, 5 and 9 once each.
    const server = await caseServer('P17');
    try {
      const response = await server.api.get('/api/fields/orders/values');
      expect(response.body.type).toBe('integer');
      expect(response.body.values).toEqual([
        { value: 0, profiles: 7 },
        { value: 1, profiles: 2 },
        { value: 2, profiles: 1 },
        { value: 5, profiles: 1 },
        { value: 9, profiles: 1 },
      ]);
    } finally {
      await server.server.close();
    }
  });
});

describe('values of a field with many values', () => {
  const workspace = join(folder.path, 'generated.duckdb');
  /** Counts per note value, counted directly before the server opens the workspace. */
  let counts: { value: string; profiles: number }[];
  let server: TestServer;

  beforeAll(async () => {
    await generateProfiles(workspace, 20_000);
    const engine = await DuckDbEngine.open(workspace);
    const rows = await engine.query('SELECT note, count(*) AS n FROM profiles GROUP BY note');
    await engine.close();
    counts = rows.map((row) => ({ value: String(row.note), profiles: Number(row.n) }));
    server = await startTestServer(workspace);
  });
  afterAll(() => server.server.close());

  test('lists the 100 most common and says there are more', async () => {
    // A naive reference: sort every value by count, largest first, then by value.
    const expected = [...counts].sort((a, b) => b.profiles - a.profiles || (a.value < b.value ? -1 : 1)).slice(0, 100);
    const response = await server.api.get('/api/fields/note/values');

    expect(response.body.distinctValues).toBe(counts.length);
    expect(response.body.truncated).toBe(true);
    expect(response.body.values).toEqual(expected);
  });

  test('lists the key field too', async () => {
    const response = await server.api.get('/api/fields/customer_id/values');

    expect(response.status).toBe(200);
    expect(response.body.distinctValues).toBe(20_000);
    expect(response.body.values.slice(0, 2)).toEqual([
      { value: 'C00000001', profiles: 1 },
      { value: 'C00000002', profiles: 1 },
    ]);
  });
});
