import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { regionCounts, waitForRun, type ApiClient } from './api-helpers/api-client.js';
import { startTestServer, type TestServer } from './api-helpers/api-server.js';
import { importCase, temporaryFolder } from './api-helpers/api-workspaces.js';
import { CASES_DIR } from './support/shared-paths.js';

/** Reads the expected numbers of a shared case from its `.expected.json`. */
function readCase(id: string): any {
  return JSON.parse(readFileSync(join(CASES_DIR, `${id}.expected.json`), 'utf8'));
}

function request(caseData: any, kind: string, index = 0): any {
  return caseData.requests.filter((entry: any) => entry.kind === kind)[index];
}

const folder = temporaryFolder('api-cases');
afterAll(() => folder.remove());

/**
 * Starts a server on a workspace holding one case's profiles, with the case's segments saved
 * through the API (rules in their JSON form, member lists as JSON).
 */
async function caseServer(id: string): Promise<{ test: TestServer; caseData: any }> {
  const caseData = readCase(id);
  const workspace = join(folder.path, `${id}.duckdb`);
  await importCase(workspace, caseData.input_file);
  const server = await startTestServer(workspace);
  for (const [name, segment] of Object.entries<any>(caseData.segments)) {
    const members = segment.member_ids_raw ?? segment.member_ids;
    const body = segment.rule ? { name, rule: segment.rule } : { name, members };
    const response = await server.api.post('/api/segments', body);
    expect(response.status, response.text).toBe(201);
  }
  return { test: server, caseData };
}

async function createOverlap(api: ApiClient, name: string, segments: string[], fields: string[] = []): Promise<any> {
  const created = await api.post('/api/insights', { kind: 'overlap', name, segments, fields });
  expect(created.status, created.text).toBe(201);
  expect(created.body.status).toBe('refreshing');
  const done = await waitForRun(api, created.body.id);
  expect(done.body.status, done.body.error).toBe('successful');
  return done.body;
}

async function regionMembers(api: ApiClient, insightId: string, region: string): Promise<string[]> {
  const response = await api.get(`/api/insights/${insightId}/regions/members?region=${encodeURIComponent(region)}&columns=customer_id`);
  expect(response.status, response.text).toBe(200);
  return response.body.members.map((member: any) => member.customer_id);
}

describe('region segment from the none region', () => {
  let server: TestServer;
  let caseData: any;
  let insight: any;

  beforeAll(async () => {
    ({ test: server, caseData } = await caseServer('P06'));
    insight = await createOverlap(server.api, 'us-vs-pro', ['A', 'B'], ['country']);
  });
  afterAll(() => server.server.close());

  test('reports every region, none included', () => {
    const expected = request(caseData, 'overlap').expected;
    expect(regionCounts(insight.result)).toEqual(expected.exclusive_region_counts);
    expect(insight.result.profiles).toBe(expected.total_customers);
  });

  test('breaks regions down by country', () => {
    const expected = request(caseData, 'overlap').expected.breakdown;
    const country = insight.result.breakdowns[0];
    for (const [region, values] of Object.entries<Record<string, number>>(expected)) {
      for (const [value, count] of Object.entries(values)) {
        const row = country.values.find((candidate: any) => candidate.value === value);
        const counts = regionCounts(row);
        expect(counts[region], `${region} in ${value}`).toBe(count);
      }
    }
  });

  test('saves the none region with its count', async () => {
    const expected = request(caseData, 'create_segment_from_region').expected;
    const response = await server.api.post(`/api/insights/${insight.id}/regions/segment`, { name: 'in neither', regions: ['none'] });

    expect(response.status, response.text).toBe(201);
    expect(response.body.segment.ruleText).toBe('not in segment "A" and not in segment "B"');
    expect(response.body.segment.memberCount).toBe(expected.size);
    expect(response.body.regionCount).toBe(expected.size);
    expect(await regionMembers(server.api, insight.id, 'none')).toEqual(expected.member_ids);
  });

  test('saves a region within one value', async () => {
    // none within MX: C05 and C07, the two MX customers who are neither US nor pro.
    const response = await server.api.post(`/api/insights/${insight.id}/regions/segment`, {
      name: 'neither in MX',
      regions: ['none'],
      within: { field: 'country', value: 'MX' },
    });

    expect(response.status, response.text).toBe(201);
    expect(response.body.segment.ruleText).toBe(`not in segment "A" and not in segment "B" and country = 'MX'`);
    expect(response.body.segment.memberCount).toBe(2);
    expect(response.body.regionCount).toBe(2);
  });

  test('saves a union of regions', async () => {
    // A 1 + B 1 = 2: the customers in exactly one of the two segments (C02, C03).
    const response = await server.api.post(`/api/insights/${insight.id}/regions/segment`, { name: 'only one', regions: ['A', ['B']] });

    expect(response.status, response.text).toBe(201);
    expect(response.body.segment.memberCount).toBe(2);
    expect(response.body.regionCount).toBe(2);
  });
});

describe('region segment from a member list', () => {
  let server: TestServer;
  let caseData: any;
  let insight: any;

  beforeAll(async () => {
    ({ test: server, caseData } = await caseServer('P26'));
    insight = await createOverlap(server.api, 'list-vs-pro', ['L', 'P']);
  });
  afterAll(() => server.server.close());

  test('reads the member list as a set of matched customers', async () => {
    const expected = request(caseData, 'create_id_list_segment').expected;
    const segment = (await server.api.get('/api/segments/L')).body;

    expect(segment.memberCount).toBe(expected.size);
    expect(segment.memberReport.entries).toBe(expected.report.entries);
    expect(segment.memberReport.repeated).toEqual([{ key: 'C02', times: 2 }]);
    expect(segment.memberReport.trimmed).toEqual(expected.report.trimmed);
    expect(segment.memberReport.unmatched).toBe(2);
    expect(segment.memberReport.unmatchedExamples).toEqual(expected.report.unmatched);
  });

  test('counts each customer once per region', () => {
    expect(regionCounts(insight.result)).toEqual(request(caseData, 'overlap').expected.exclusive_region_counts);
  });

  test('saves the L&P region with its count', async () => {
    const expected = request(caseData, 'create_segment_from_region').expected;
    const response = await server.api.post(`/api/insights/${insight.id}/regions/segment`, { name: 'listed pros', regions: ['L&P'] });

    expect(response.status, response.text).toBe(201);
    expect(response.body.segment.memberCount).toBe(expected.size);
    expect(response.body.regionCount).toBe(expected.size);
    expect(await regionMembers(server.api, insight.id, 'L&P')).toEqual(expected.member_ids);
  });
});

describe('region export of text keys', () => {
  test('writes leading zeros back unchanged', async () => {
    const { test: server, caseData } = await caseServer('P20');
    try {
      const insight = await createOverlap(server.api, 'zips', ['L', 'P'], ['zip']);
      expect(regionCounts(insight.result)).toEqual(request(caseData, 'overlap').expected.exclusive_region_counts);

      const exported = await server.api.get(`/api/insights/${insight.id}/regions/export?region=L%26P&columns=customer_id`);
      expect(exported.status).toBe(200);
      expect(exported.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(exported.text).toBe(request(caseData, 'export_region').expected.csv_text);
    } finally {
      await server.server.close();
    }
  });
});

describe('region export of formula-like text', () => {
  let server: TestServer;
  let caseData: any;
  let insight: any;

  beforeAll(async () => {
    ({ test: server, caseData } = await caseServer('P28'));
    insight = await createOverlap(server.api, 'pro-vs-negative', ['A', 'B']);
  });
  afterAll(() => server.server.close());

  test('counts the regions', () => {
    expect(regionCounts(insight.result)).toEqual(request(caseData, 'overlap').expected.exclusive_region_counts);
  });

  test('neutralises formulas in text cells only', async () => {
    for (let index = 0; index < 3; index += 1) {
      const expected = request(caseData, 'export_region_csv', index);
      const exported = await server.api.get(`/api/insights/${insight.id}/regions/export?region=${encodeURIComponent(expected.region)}`);
      expect(exported.status).toBe(200);
      expect(exported.headers.get('x-row-count')).toBe('3');
      expect(exported.text, `region ${expected.region}`).toBe(expected.expected.reference_file_text);
    }
  });

  test('shows raw values in the JSON member listing', async () => {
    const expected = request(caseData, 'api_and_ui_values').expected;
    const both = await server.api.get(`/api/insights/${insight.id}/regions/members?region=A%26B`);
    const onlyA = await server.api.get(`/api/insights/${insight.id}/regions/members?region=A`);

    expect(both.body.members.find((member: any) => member.customer_id === 'C02').display_name).toBe(expected.display_name_of_C02);
    expect(onlyA.body.members.find((member: any) => member.customer_id === 'C03').note).toBe(expected.note_of_C03);
  });

  test('pages the member listing by key', async () => {
    const path = `/api/insights/${insight.id}/regions/members?region=A&region=none&limit=4&columns=customer_id`;
    const first = await server.api.get(path);
    const second = await server.api.get(`${path}&after=${first.body.next}`);

    // A is C01, C03, C06 and none is C04, C07, C08: six customers in key order.
    expect(first.body.members.map((member: any) => member.customer_id)).toEqual(['C01', 'C03', 'C04', 'C06']);
    expect(first.body.next).toBe('C06');
    expect(second.body.members.map((member: any) => member.customer_id)).toEqual(['C07', 'C08']);
    expect(second.body.next).toBeNull();
  });

  test('exports a region within one value', async () => {
    // A&B within plan pro is all of A&B (C02, C05, C09); within basic it is empty.
    const pro = await server.api.get(`/api/insights/${insight.id}/regions/export?region=A%26B&field=plan&value=pro&columns=customer_id`);
    const basic = await server.api.get(`/api/insights/${insight.id}/regions/export?region=A%26B&field=plan&value=basic&columns=customer_id`);

    expect(pro.text).toBe('customer_id\nC02\nC05\nC09\n');
    expect(basic.text).toBe('customer_id\n');
  });
});

describe('keys above 2^53', () => {
  let server: TestServer;
  let caseData: any;
  let insight: any;

  beforeAll(async () => {
    ({ test: server, caseData } = await caseServer('P34'));
    insight = await createOverlap(server.api, 'big-keys', ['P', 'L']);
  });
  afterAll(() => server.server.close());

  test('keeps distinct keys distinct', () => {
    const expected = request(caseData, 'overlap').expected;
    expect(regionCounts(insight.result)).toEqual(expected.exclusive_region_counts);
    expect(insight.result.profiles).toBe(expected.total_customers);
  });

  test('exports the exact digits', async () => {
    const exported = await server.api.get(`/api/insights/${insight.id}/regions/export?region=L&columns=customer_id`);
    expect(exported.text).toBe(request(caseData, 'export_region_csv').expected.file_text);
  });

  test('saves the L region with its members', async () => {
    const expected = request(caseData, 'create_segment_from_region').expected;
    const response = await server.api.post(`/api/insights/${insight.id}/regions/segment`, { name: 'listed', regions: ['L'] });

    expect(response.body.segment.memberCount).toBe(expected.size);
    expect(await regionMembers(server.api, insight.id, 'L')).toEqual(expected.member_ids);
  });

  test('rejects numbers as member keys and saves nothing', async () => {
    const before = (await server.api.get('/api/segments')).body.segments.length;
    const response = await server.api.post('/api/segments', { name: 'numeric', members: [9007199254740993] });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid-input');
    expect(response.body.error.details.field).toBe('body/members/0');
    expect((await server.api.get('/api/segments')).body.segments.length).toBe(before);
  });
});

describe('very large member lists', () => {
  let server: TestServer;
  let caseData: any;
  const entries = ['C01', 'C02', 'C03', 'C04'];
  for (let index = 1; index <= 199_992; index += 1) entries.push(`Z${String(index).padStart(6, '0')}`);
  entries.push('C05', 'C06', 'C07', 'C08');

  beforeAll(async () => {
    caseData = readCase('P40');
    const workspace = join(folder.path, 'P40.duckdb');
    await importCase(workspace, caseData.input_file);
    server = await startTestServer(workspace);
    await server.api.post('/api/segments', { name: 'P', rule: caseData.segments.P.rule });
  });
  afterAll(() => server.server.close());

  test('reads every line of a text upload', async () => {
    const expected = request(caseData, 'create_id_list_segment').expected;
    const response = await server.api.post(`/api/segments/upload?name=L`, `${entries.join('\n')}\n`, 'text/csv');

    expect(response.status, response.text).toBe(201);
    expect(response.body.memberCount).toBe(expected.size);
    expect(response.body.memberReport.entries).toBe(expected.report.entries);
    expect(response.body.memberReport.unmatched).toBe(expected.report.unmatched_count);
    expect(response.body.memberReport.unmatchedExamples.slice(0, 3)).toEqual(expected.report.unmatched_sample_first_3);

    const insight = await createOverlap(server.api, 'list-vs-pro', ['L', 'P']);
    expect(regionCounts(insight.result)).toEqual(request(caseData, 'overlap').expected.exclusive_region_counts);
  });

  test('accepts the list as a JSON body of about 2 MB', async () => {
    const body = JSON.stringify({ name: 'L as JSON', members: entries });
    expect(body.length).toBeGreaterThan(1_900_000);

    const response = await server.api.post('/api/segments', body);
    expect(response.status, response.text).toBe(201);
    expect(response.body.memberCount).toBe(8);
  });

  test('rejects a JSON body over the limit with 413 and saves nothing', async () => {
    const limit = (await server.api.get('/api/docs/json')).body.info.description.match(/JSON bodies may be up to (\d+) bytes/)[1];
    const prefix = '{"name": "too big", "members": ["';
    const suffix = '"]}';
    const body = `${prefix}${'x'.repeat(Number(limit) + 1 - prefix.length - suffix.length)}${suffix}`;
    expect(body.length).toBe(Number(limit) + 1);

    const response = await server.api.post('/api/segments', body);
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('payload-too-large');
    expect(response.body.error.message).toMatch(/the limit/);
    expect(response.body.error.message).toMatch(/the file-upload route/);
    expect((await server.api.get('/api/segments/too%20big')).status).toBe(404);
    expect((await server.api.get('/api/health')).status).toBe(200);
  });

  test('rejects an upload over the limit with 413', async () => {
    const limit = Number(response413Limit((await server.api.get('/api/docs/json')).body.info.description));
    const response = await server.api.post('/api/segments/upload?name=huge', 'x'.repeat(limit + 1), 'text/plain');

    expect(response.status).toBe(413);
    expect(response.body.error.message).toMatch(/the limit .* for the file-upload route/);
    expect((await server.api.get('/api/segments/huge')).status).toBe(404);
  });
});

function response413Limit(description: string): string {
  return (description.match(/up to (\d+) bytes and/) as RegExpMatchArray)[1] as string;
}
