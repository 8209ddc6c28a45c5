import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { apiClient, waitForRun } from './api-helpers/api-client.js';
import { createRuleSegments, startTestServer, type TestServer } from './api-helpers/api-server.js';
import { importCase, temporaryFolder } from './api-helpers/api-workspaces.js';

const folder = temporaryFolder('api-validation');
let server: TestServer;
let overlapId: string;
let differentiatorsId: string;
let openApi: any;

beforeAll(async () => {
  const workspace = join(folder.path, 'P06.duckdb');
  await importCase(workspace, 'P06.csv');
  server = await startTestServer(workspace);
  await createRuleSegments(server.api, { A: "country = 'US'", B: "plan = 'pro'" });
  overlapId = (await server.api.post('/api/insights', { kind: 'overlap', name: 'ab', segments: ['A', 'B'], fields: ['country'] })).body.id;
  differentiatorsId = (await server.api.post('/api/insights', { kind: 'differentiators', name: 'a-vs-all', segment: 'A', baseline: 'all' })).body.id;
  await waitForRun(server.api, overlapId);
  await waitForRun(server.api, differentiatorsId);
  openApi = (await server.api.get('/api/docs/json')).body;
});

afterAll(async () => {
  await server.server.close();
  folder.remove();
});

/** Everything a bad request must leave as it was: segments, insights and their runs. */
async function storeState(): Promise<unknown> {
  const segments = (await server.api.get('/api/segments')).body.segments;
  const insights = (await server.api.get('/api/insights')).body.insights;
  const runs = [];
  for (const insight of insights) runs.push((await server.api.get(`/api/insights/${insight.id}/runs`)).body.runs);
  return { segments, insights, runs };
}

interface BadRequest {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  contentType?: string;
  status: number;
  code: string;
  message?: RegExp;
}

const overlap = (extra: Record<string, unknown>) => ({ kind: 'overlap', name: 'new', segments: ['A', 'B'], ...extra });
const insightPath = (suffix: string) => () => `/api/insights/${overlapId}${suffix}`;

const BAD_REQUESTS: (Omit<BadRequest, 'path'> & { path: string | (() => string) })[] = [
  { name: 'segment without a name', method: 'POST', path: '/api/segments', body: { rule: "plan = 'pro'" }, status: 400, code: 'invalid-input' },
  { name: 'segment without rule or members', method: 'POST', path: '/api/segments', body: { name: 'X' }, status: 400, code: 'invalid-input', message: /exactly one of "rule" or "members"/ },
  { name: 'segment with both', method: 'POST', path: '/api/segments', body: { name: 'X', rule: "plan = 'pro'", members: ['C01'] }, status: 400, code: 'invalid-input' },
  { name: 'rule that does not parse', method: 'POST', path: '/api/segments', body: { name: 'X', rule: 'plan = ' }, status: 422, code: 'invalid-rule' },
  { name: 'rule with a misspelt field', method: 'POST', path: '/api/segments', body: { name: 'X', rule: "countyr = 'US'" }, status: 422, code: 'invalid-rule', message: /Did you mean "country"/ },
  { name: 'rule JSON with an unknown operator', method: 'POST', path: '/api/segments', body: { name: 'X', rule: { field: 'plan', op: 'like', value: 'p' } }, status: 422, code: 'invalid-rule' },
  { name: 'segment name taken', method: 'POST', path: '/api/segments', body: { name: 'A', rule: "plan = 'pro'" }, status: 409, code: 'conflict' },
  { name: 'segment named like an id', method: 'POST', path: '/api/segments', body: { name: '0B6F7A4E-3C1D-4E2F-9A8B-7C6D5E4F3A2B', rule: "plan = 'pro'" }, status: 400, code: 'invalid-input', message: /segment name "0B6F7A4E-.*" has the form of an id/ },
  { name: 'upload named like an id', method: 'POST', path: '/api/segments/upload?name=0b6f7a4e-3c1d-4e2f-9a8b-7c6d5e4f3a2b', body: 'C01\n', contentType: 'text/plain', status: 400, code: 'invalid-input', message: /has the form of an id/ },
  { name: 'rename to an id', method: 'PUT', path: '/api/segments/A', body: { name: '0b6f7a4e-3c1d-4e2f-9a8b-7c6d5e4f3a2b' }, status: 400, code: 'invalid-input', message: /has the form of an id/ },
  { name: 'segment of an empty JSON body', method: 'POST', path: '/api/segments', body: '', status: 400, code: 'invalid-input', message: /request body is missing or empty/ },
  { name: 'segment as text', method: 'POST', path: '/api/segments', body: '{"name": "X", "rule": "plan = \'pro\'"}', contentType: 'text/plain', status: 415, code: 'unsupported-media-type' },
  { name: 'segment name too long', method: 'POST', path: '/api/segments', body: { name: 'x'.repeat(201), rule: "plan = 'pro'" }, status: 400, code: 'invalid-input' },
  { name: 'segment name of control characters', method: 'POST', path: '/api/segments', body: { name: 'a\u0007b', rule: "plan = 'pro'" }, status: 400, code: 'invalid-input' },
  { name: 'numeric member keys', method: 'POST', path: '/api/segments', body: { name: 'X', members: ['C01', 42] }, status: 400, code: 'invalid-input' },
  { name: 'unknown body key', method: 'POST', path: '/api/segments', body: { name: 'X', rule: "plan = 'pro'", colour: 'red' }, status: 400, code: 'invalid-input', message: /"colour"/ },
  { name: 'body that is not JSON', method: 'POST', path: '/api/segments', body: '{"name": ', status: 400, code: 'invalid-input', message: /not valid JSON/ },
  { name: 'body of an unknown type', method: 'POST', path: '/api/segments', body: '<x/>', contentType: 'application/xml', status: 415, code: 'unsupported-media-type' },
  { name: 'upload without a name', method: 'POST', path: '/api/segments/upload', body: 'C01\n', contentType: 'text/plain', status: 400, code: 'invalid-input' },
  { name: 'upload as JSON', method: 'POST', path: '/api/segments/upload?name=X', body: { members: ['C01'] }, status: 415, code: 'unsupported-media-type' },
  { name: 'rule that refers to itself', method: 'PUT', path: '/api/segments/A', body: { rule: 'in segment "A"' }, status: 422, code: 'invalid-rule' },
  { name: 'members for a rule segment', method: 'PUT', path: '/api/segments/A', body: { members: ['C01'] }, status: 400, code: 'invalid-input' },
  { name: 'rename onto a taken name', method: 'PUT', path: '/api/segments/A', body: { name: 'B' }, status: 409, code: 'conflict' },
  { name: 'change of an unknown segment', method: 'PUT', path: '/api/segments/nope', body: { description: 'x' }, status: 404, code: 'not-found' },
  { name: 'delete of a used segment', method: 'DELETE', path: '/api/segments/A', status: 409, code: 'conflict', message: /used by insights "a-vs-all", "ab"/ },
  { name: 'delete of an unknown segment', method: 'DELETE', path: '/api/segments/nope', status: 404, code: 'not-found' },
  { name: 'preview of a broken rule', method: 'POST', path: '/api/segments/preview', body: { rule: 'plan >' }, status: 422, code: 'invalid-rule' },
  { name: 'overlap of one segment', method: 'POST', path: '/api/insights', body: overlap({ segments: ['A'] }), status: 400, code: 'invalid-input', message: /at least 2/ },
  { name: 'overlap of an unknown segment', method: 'POST', path: '/api/insights', body: overlap({ segments: ['A', 'b'] }), status: 400, code: 'invalid-input', message: /Did you mean "B"/ },
  { name: 'overlap of a repeated segment', method: 'POST', path: '/api/insights', body: overlap({ segments: ['A', 'A'] }), status: 400, code: 'invalid-input' },
  { name: 'overlap by an unknown field', method: 'POST', path: '/api/insights', body: overlap({ fields: ['contry'] }), status: 400, code: 'invalid-input', message: /Did you mean "country"/ },
  { name: 'overlap with zero max values', method: 'POST', path: '/api/insights', body: overlap({ maxValues: 0 }), status: 400, code: 'invalid-input' },
  { name: 'overlap with a differentiators key', method: 'POST', path: '/api/insights', body: overlap({ baseline: 'all' }), status: 400, code: 'invalid-input' },
  { name: 'insight name taken', method: 'POST', path: '/api/insights', body: overlap({ name: 'ab' }), status: 409, code: 'conflict' },
  { name: 'insight name blank', method: 'POST', path: '/api/insights', body: overlap({ name: '   ' }), status: 400, code: 'invalid-input' },
  { name: 'insight description too long', method: 'POST', path: '/api/insights', body: overlap({ description: 'x'.repeat(2001) }), status: 400, code: 'invalid-input' },
  { name: 'unknown insight kind', method: 'POST', path: '/api/insights', body: overlap({ kind: 'funnel' }), status: 400, code: 'invalid-input', message: /kind: must be one of "overlap", "differentiators", got "funnel"/ },
  { name: 'unknown date unit', method: 'POST', path: '/api/insights', body: { kind: 'differentiators', name: 'new', segment: 'A', baseline: 'all', dateUnit: 'decade' }, status: 400, code: 'invalid-input', message: /dateUnit: must be one of "day", "week", "month", "quarter", "year", got "decade"/ },
  { name: 'insight named like an id', method: 'POST', path: '/api/insights', body: overlap({ name: '0b6f7a4e-3c1d-4e2f-9a8b-7c6d5e4f3a2b' }), status: 400, code: 'invalid-input', message: /has the form of an id/ },
  { name: 'overlap by the key field', method: 'POST', path: '/api/insights', body: overlap({ fields: ['country', 'customer_id'] }), status: 400, code: 'invalid-input', message: /key field "customer_id" in fields\[1\]: it has one value per customer/ },
  { name: 'differentiators of rule fields only', method: 'POST', path: '/api/insights', body: { kind: 'differentiators', name: 'new', segment: 'A', baseline: 'all', include: ['country'] }, status: 400, code: 'invalid-input', message: /"country" \(defined by the rule\)\..*"keepRuleFields": true/ },
  { name: 'differentiators excluding every other field', method: 'POST', path: '/api/insights', body: { kind: 'differentiators', name: 'new', segment: 'B', baseline: 'all', exclude: ['country'] }, status: 400, code: 'invalid-input', message: /no field is left to compare/ },
  { name: 'differentiators with an empty include', method: 'POST', path: '/api/insights', body: { kind: 'differentiators', name: 'new', segment: 'A', baseline: 'all', include: [] }, status: 400, code: 'invalid-input', message: /no field is left to compare/ },
  { name: 'differentiators without baseline', method: 'POST', path: '/api/insights', body: { kind: 'differentiators', name: 'new', segment: 'A' }, status: 400, code: 'invalid-input', message: /"baseline" is missing/ },
  { name: 'differentiators against itself', method: 'POST', path: '/api/insights', body: { kind: 'differentiators', name: 'new', segment: 'A', baseline: 'A' }, status: 400, code: 'invalid-input' },
  { name: 'differentiators with bad bins', method: 'POST', path: '/api/insights', body: { kind: 'differentiators', name: 'new', segment: 'A', baseline: 'all', bins: 1000 }, status: 400, code: 'invalid-input' },
  { name: 'edit of an unknown insight', method: 'PUT', path: '/api/insights/nope', body: overlap({}), status: 404, code: 'not-found' },
  { name: 'edit onto a taken name', method: 'PUT', path: '/api/insights/ab', body: overlap({ name: 'a-vs-all' }), status: 409, code: 'conflict' },
  { name: 'edit without a kind', method: 'PUT', path: '/api/insights/ab', body: { name: 'ab', segments: ['A', 'B'] }, status: 400, code: 'invalid-input' },
  { name: 'edit to one segment', method: 'PUT', path: '/api/insights/ab', body: overlap({ name: 'ab', segments: ['A'] }), status: 400, code: 'invalid-input', message: /at least 2/ },
  { name: 'edit by an unknown field', method: 'PUT', path: '/api/insights/ab', body: overlap({ name: 'ab', fields: ['contry'] }), status: 400, code: 'invalid-input', message: /Did you mean "country"/ },
  { name: 'edit with a blank name', method: 'PUT', path: '/api/insights/ab', body: overlap({ name: '   ' }), status: 400, code: 'invalid-input' },
  { name: 'edit with an unknown body key', method: 'PUT', path: '/api/insights/ab', body: overlap({ name: 'ab', colour: 'red' }), status: 400, code: 'invalid-input', message: /"colour"/ },
  { name: 'edit of differentiators with an overlap key', method: 'PUT', path: '/api/insights/a-vs-all', body: { kind: 'differentiators', name: 'a-vs-all', segment: 'A', baseline: 'all', fields: ['plan'] }, status: 400, code: 'invalid-input' },
  { name: 'edit of differentiators to rule fields only', method: 'PUT', path: '/api/insights/a-vs-all', body: { kind: 'differentiators', name: 'a-vs-all', segment: 'A', baseline: 'B', include: ['country', 'plan'] }, status: 400, code: 'invalid-input', message: /"country" \(defined by the rule\), "plan" \(defined by the rule\)/ },
  { name: 'edit of differentiators against itself', method: 'PUT', path: '/api/insights/a-vs-all', body: { kind: 'differentiators', name: 'a-vs-all', segment: 'A', baseline: 'A' }, status: 400, code: 'invalid-input' },
  { name: 'values of an unknown field', method: 'GET', path: '/api/fields/contry/values', status: 404, code: 'not-found', message: /Did you mean "country"/ },
  { name: 'read of an unknown insight', method: 'GET', path: '/api/insights/nope', status: 404, code: 'not-found' },
  { name: 'refresh of an unknown insight', method: 'POST', path: '/api/insights/nope/refresh', status: 404, code: 'not-found' },
  { name: 'refresh with a body key', method: 'POST', path: insightPath('/refresh'), body: { force: true }, status: 400, code: 'invalid-input', message: /unknown property "force"; remove it\. POST \/api\/insights\/\{id\}\/refresh takes no body/ },
  { name: 'refresh with a JSON list', method: 'POST', path: insightPath('/refresh'), body: [], status: 400, code: 'invalid-input', message: /invalid body: must be empty/ },
  { name: 'refresh with a text body', method: 'POST', path: insightPath('/refresh'), body: 'now', contentType: 'text/plain', status: 415, code: 'unsupported-media-type' },
  { name: 'delete of an insight with a body key', method: 'DELETE', path: insightPath(''), body: { cascade: true }, status: 400, code: 'invalid-input', message: /unknown property "cascade"/ },
  { name: 'delete of an unknown insight', method: 'DELETE', path: '/api/insights/nope', status: 404, code: 'not-found' },
  { name: 'export without a region', method: 'GET', path: insightPath('/regions/export'), status: 400, code: 'invalid-input' },
  { name: 'export of an unknown region', method: 'GET', path: insightPath('/regions/export?region=A%26C'), status: 400, code: 'invalid-input', message: /unknown region/ },
  { name: 'export with a field but no value', method: 'GET', path: insightPath('/regions/export?region=A&field=country'), status: 400, code: 'invalid-input' },
  { name: 'export with an unknown field', method: 'GET', path: insightPath('/regions/export?region=A&field=contry&value=US'), status: 400, code: 'invalid-input' },
  { name: 'export of an unknown column', method: 'GET', path: insightPath('/regions/export?region=A&columns=plna'), status: 400, code: 'invalid-input', message: /Did you mean "plan"/ },
  { name: 'member page too large', method: 'GET', path: insightPath('/regions/members?region=A&limit=100000'), status: 400, code: 'invalid-input' },
  { name: 'region segment with a taken name', method: 'POST', path: insightPath('/regions/segment'), body: { name: 'A', regions: ['none'] }, status: 409, code: 'conflict' },
  { name: 'region segment within a number for a text field', method: 'POST', path: insightPath('/regions/segment'), body: { name: 'X', regions: ['A'], within: { field: 'country', value: 3 } }, status: 400, code: 'invalid-input', message: /within.value 3 does not fit text field "country"\. Give the value as text/ },
  { name: 'region segment named like an id', method: 'POST', path: insightPath('/regions/segment'), body: { name: '0b6f7a4e-3c1d-4e2f-9a8b-7c6d5e4f3a2b', regions: ['A'] }, status: 400, code: 'invalid-input', message: /has the form of an id/ },
  { name: 'region segment without regions', method: 'POST', path: insightPath('/regions/segment'), body: { name: 'X', regions: [] }, status: 400, code: 'invalid-input' },
  { name: 'regions of a differentiators insight', method: 'POST', path: '/api/insights/a-vs-all/regions/segment', body: { name: 'X', regions: ['none'] }, status: 400, code: 'invalid-input' },
  { name: 'unknown route', method: 'GET', path: '/api/nothing-here', status: 404, code: 'not-found' },
];

describe('bad requests', () => {
  test.each(BAD_REQUESTS)('rejects $name', async (bad) => {
    const path = typeof bad.path === 'function' ? bad.path() : bad.path;
    const before = await storeState();
    const api = apiClient(server.server.url);
    const send = { GET: api.get, POST: api.post, PUT: api.put, DELETE: api.delete }[bad.method];
    const response = await (send as (path: string, body?: unknown, contentType?: string) => Promise<any>)(path, bad.body, bad.contentType);

    expect(response.status, response.text).toBe(bad.status);
    expect(response.body.error.code).toBe(bad.code);
    expect(typeof response.body.error.message).toBe('string');
    expect(response.body.error.details).toBeTypeOf('object');
    if (bad.message) expect(response.body.error.message).toMatch(bad.message);
    expect(await storeState()).toEqual(before);
  });

  test.each(BAD_REQUESTS.filter((bad) => bad.name !== 'unknown route'))('documents the status of $name', (bad) => {
    const path = (typeof bad.path === 'function' ? bad.path() : bad.path).split('?')[0] as string;
    const operation = findOperation(path, bad.method);
    expect(Object.keys(operation.responses)).toContain(String(bad.status));
  });

  test('points at the rule position', async () => {
    const response = await server.api.post('/api/segments', { name: 'X', rule: "plan = 'pro' and countyr = 'US'" });
    const diagnostic = response.body.error.details.diagnostics[0];

    expect(diagnostic.position).toEqual({ line: 1, column: 18, offset: 17 });
  });
});

/** Finds the OpenAPI operation of a request path, matching `{id}` to any path segment. */
function findOperation(path: string, method: string): any {
  for (const [template, operations] of Object.entries<any>(openApi.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    const operation = operations[method.toLowerCase()];
    if (operation && pattern.test(path)) return operation;
  }
  throw new Error(`no documented operation for ${method} ${path}`);
}
