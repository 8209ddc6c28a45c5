import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { InvalidInputError } from '../src/core/errors.js';
import { launchBrowser, poll, type TestBrowser } from './support/browser.js';
import { profilesCsv, webProfiles } from './support/web-profiles.js';
import { buildWebApp, startWebServer, temporaryFolder, workspaceFromCsv, type WebTestServer } from './support/web-server.js';
import { requestJson } from './support/api-request.js';

const profiles = webProfiles();
const MINUS = '\u2212';

let folder: ReturnType<typeof temporaryFolder>;
let web: Awaited<ReturnType<typeof buildWebApp>>;
let server: WebTestServer;
let browser: TestBrowser;
let page: Page;

function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  return requestJson<T>(server.url, method, path, body);
}

async function settled(id: string): Promise<any> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const insight = await api('GET', `/api/insights/${id}`);
    if (insight.status !== 'refreshing') return insight;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`insight ${id} still refreshing after 10 s`);
}

/** Refreshes an insight through the API and returns it once the run has finished. */
async function refreshed(id: string): Promise<any> {
  await api('POST', `/api/insights/${id}/refresh`);
  return settled(id);
}

beforeAll(async () => {
  folder = temporaryFolder('web-results');
  web = await buildWebApp();
  const workspace = await workspaceFromCsv(folder.path, profilesCsv(profiles));
  server = await startWebServer(workspace, web.root);
  browser = await launchBrowser();
  page = browser.page;
  await api('POST', '/api/segments', { name: 'High spenders', rule: 'spend >= 500' });
  await api('POST', '/api/segments', { name: 'Pro plan', rule: "plan = 'pro'" });
  await api('POST', '/api/segments', { name: 'Newsletter', rule: "newsletter = 'yes'" });
  await api('POST', '/api/segments', { name: 'Over 50', rule: 'age > 50' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  web?.remove();
  folder?.remove();
});

describe('insight results in Chromium', () => {
  it('shows why a run failed before any result', async () => {
    server.gate.fail(new InvalidInputError('field "spend" is no longer in the profiles. Edit the insight to leave it out'));
    let insight;
    try {
      insight = await api('POST', '/api/insights', { kind: 'overlap', name: 'Fails at once', segments: ['High spenders', 'Pro plan'] });
      expect((await settled(insight.id)).status).toBe('failed');
    } finally {
      server.gate.open();
    }
    await page.goto(`${server.url}/insights/${insight.id}`);

    const reason = page.locator('[data-run-error]');
    await poll(() => reason.count()).toBe(1);
    expect(await reason.innerText()).toContain('Field "spend" is no longer in the profiles');
  });

  it('shows the previous influence beside the score', async () => {
    const insight = await api('POST', '/api/insights', { kind: 'differentiators', name: 'Spenders apart', segment: 'High spenders', baseline: 'all' });
    await settled(insight.id);
    await api('PUT', '/api/segments/High%20spenders', { rule: 'spend >= 300' });
    const detail = await refreshed(insight.id);
    await page.goto(`${server.url}/insights/${insight.id}`);
    await page.locator('[data-attribute]').first().waitFor();

    let movedCount = 0;
    for (const change of detail.changes.attributes) {
      const mark = page.locator(`[data-attribute="${change.field}"] [data-previous-influence]`);
      const moved = change.previous !== null && change.previous.toFixed(3) !== change.influence.toFixed(3);
      expect(await mark.count(), change.field).toBe(moved ? 1 : 0);
      if (!moved) continue;
      expect(await mark.getAttribute('data-previous-influence')).toBe(change.previous.toFixed(3));
      movedCount += 1;
    }
    expect(movedCount).toBeGreaterThan(0);
  });

  it('writes statistics and differences with one minus sign', async () => {
    const insight = (await api<{ insights: any[] }>('GET', '/api/insights')).insights.find((entry) => entry.name === 'Spenders apart');
    const detail = await api('GET', `/api/insights/${insight.id}`);
    const plan = detail.result.attributes.find((attribute: any) => attribute.field === 'plan');
    await page.locator('[data-attribute="plan"]').click();

    const statistic = plan.statistic.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    expect(await page.locator('[data-attribute-detail="plan"]').innerText()).toContain(`χ² ${statistic}`);
    const differences = await page.locator('[data-attribute-detail="plan"] [data-difference]').allInnerTexts();
    expect(differences).toHaveLength(plan.values.length);
    for (const [index, value] of plan.values.entries()) {
      const points = Math.round(Math.abs(value.difference) * 10) / 10;
      let sign = value.difference > 0 ? '+' : MINUS;
      if (points === 0) sign = '';
      expect(differences[index]).toBe(`${sign}${points.toFixed(1)} pts`);
    }
  });

  it('shows the change of the none row', async () => {
    const insight = await api('POST', '/api/insights', { kind: 'overlap', name: 'Two by city', segments: ['Pro plan', 'Newsletter'], fields: ['city'] });
    const before = await settled(insight.id);
    await api('PUT', '/api/segments/Newsletter', { rule: "newsletter = 'no'" });
    const after = await refreshed(insight.id);
    await page.goto(`${server.url}/insights/${insight.id}`);

    expect(after.result.none).not.toBe(before.result.none);
    const change = page.locator('.region-table tr[data-region="None of them"] [data-change]');
    await poll(() => change.count()).toBe(1);
    expect(await change.getAttribute('title')).toBe(`${before.result.none} at the previous refresh`);
  });

  it('labels the segment sizes of an UpSet plot', async () => {
    const insight = await api('POST', '/api/insights', { kind: 'overlap', name: 'Four', segments: ['High spenders', 'Pro plan', 'Newsletter', 'Over 50'] });
    const detail = await settled(insight.id);
    await page.goto(`${server.url}/insights/${insight.id}`);

    const sizes = page.locator('[data-set-size]');
    await poll(() => sizes.count()).toBe(4);
    expect(await sizes.allTextContents()).toEqual(detail.result.segments.map((segment: any) => segment.size.toLocaleString('en-US')));
  });

  it('shows a failed export instead of saving it', async () => {
    const insight = await api('POST', '/api/insights', { kind: 'overlap', name: 'Export then delete', segments: ['Pro plan', 'Over 50'] });
    await settled(insight.id);
    await page.goto(`${server.url}/insights/${insight.id}`);
    await page.getByLabel('Select region Pro plan & Over 50', { exact: true }).check();
    await api('DELETE', `/api/insights/${insight.id}`);

    const downloads: string[] = [];
    page.on('download', (download) => downloads.push(download.suggestedFilename()));
    await page.getByRole('button', { name: 'Export members (CSV)' }).click();

    const failure = page.locator('[data-export-error]');
    await poll(() => failure.count()).toBe(1);
    expect(await failure.innerText()).toContain('This insight no longer exists');
    expect(downloads).toEqual([]);
  });

  it('says when a segment changed after the result', async () => {
    const segment = await api('POST', '/api/segments', { name: 'Seniors', rule: 'age > 60' });
    const insight = await api('POST', '/api/insights', { kind: 'overlap', name: 'Before the edit', segments: ['Seniors', 'Pro plan'] });
    expect((await settled(insight.id)).status).toBe('successful');
    await page.goto(`${server.url}/insights/${insight.id}`);
    await poll(() => page.locator('[data-stale-notice]').count()).toBe(0);

    await api('PUT', `/api/segments/${segment.id}`, { name: 'Seniors', rule: 'age > 65' });
    await page.goto(`${server.url}/insights/${insight.id}`);

    const notice = page.locator('[data-stale-notice]');
    await poll(() => notice.count()).toBe(1);
    expect(await notice.innerText()).toContain('segment "Seniors" rule changed');
  });
});
