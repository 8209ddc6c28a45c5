import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchBrowser, poll, type TestBrowser } from './support/browser.js';
import { profilesCsv, webProfiles } from './support/web-profiles.js';
import { buildWebApp, startWebServer, temporaryFolder, workspaceFromCsv, type WebTestServer } from './support/web-server.js';

const EDITOR_TOKEN = 'web-test-editor-token';
const profiles = webProfiles(12);

let folder: ReturnType<typeof temporaryFolder>;
let web: Awaited<ReturnType<typeof buildWebApp>>;
let server: WebTestServer;
let browser: TestBrowser;

beforeAll(async () => {
  folder = temporaryFolder('web-access');
  web = await buildWebApp();
  const workspace = await workspaceFromCsv(folder.path, profilesCsv(profiles));
  server = await startWebServer(workspace, web.root, [{ token: EDITOR_TOKEN, role: 'editor' }]);
  browser = await launchBrowser();
});

/** Calls the API with the editor token. */
async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${EDITOR_TOKEN}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

async function settled(id: string): Promise<any> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const insight = await api('GET', `/api/insights/${id}`);
    if (insight.status !== 'refreshing') return insight;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`insight ${id} still refreshing after 10 s`);
}

afterAll(async () => {
  await browser?.close();
  await server?.close();
  web?.remove();
  folder?.remove();
});

describe('web UI with access tokens', () => {
  it('loads the app without a token', async () => {
    const response = await browser.page.goto(`${server.url}/segments`);

    expect(response?.status()).toBe(200);
  });

  it('takes a token, then lists segments', async () => {
    const page = browser.page;
    await page.goto(`${server.url}/segments`);
    await poll(() => page.locator('[data-error-code="unauthorized"]').count()).toBe(1);
    const prompt = await page.locator('[data-error-code="unauthorized"]').innerText();
    expect(prompt).toContain('This server asks for an access token');
    expect(prompt).not.toMatch(/Bearer|Authorization/);

    await page.getByLabel('Access token').fill(EDITOR_TOKEN);
    await page.getByRole('button', { name: 'Use this token' }).click();

    await poll(() => page.getByText('No segments yet').count()).toBe(1);
    expect(await page.locator('[data-error-code]').count()).toBe(0);
  });

  it('exports members with the token', async () => {
    const page = browser.page;
    await api('POST', '/api/segments', { name: 'Pro plan', rule: "plan = 'pro'" });
    await api('POST', '/api/segments', { name: 'Readers', rule: "newsletter = 'yes'" });
    const insight = await api('POST', '/api/insights', { kind: 'overlap', name: 'Pros and readers', segments: ['Pro plan', 'Readers'] });
    await settled(insight.id);
    await page.goto(`${server.url}/insights/${insight.id}`);
    await page.getByLabel('Select region Pro plan & Readers', { exact: true }).check();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export members (CSV)' }).click()]);
    const lines = readFileSync((await download.path()) as string, 'utf8').trim().split('\n');
    const expected = profiles.filter((profile) => profile.plan === 'pro' && profile.newsletter === 'yes').length;
    expect(download.suggestedFilename()).toBe('region-members.csv');
    expect(lines[0]?.startsWith('customer_id,')).toBe(true);
    expect(lines).toHaveLength(expected + 1);
  });

  it('shows a failed export with the token instead of saving it', async () => {
    const page = browser.page;
    const insight = (await api<{ insights: any[] }>('GET', '/api/insights')).insights[0];
    await api('DELETE', `/api/insights/${insight.id}`);

    const downloads: string[] = [];
    page.on('download', (download) => downloads.push(download.suggestedFilename()));
    await page.getByRole('button', { name: 'Export members (CSV)' }).click();

    const failure = page.locator('[data-export-error]');
    await poll(() => failure.count()).toBe(1);
    expect(await failure.innerText()).toContain('This insight no longer exists');
    expect(downloads).toEqual([]);
  });
});
