import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchBrowser, poll, type TestBrowser } from './support/browser.js';
import { profilesCsv, webProfiles } from './support/web-profiles.js';
import { buildWebApp, startWebServer, temporaryFolder, workspaceFromCsv, type WebTestServer } from './support/web-server.js';
import { requestJson } from './support/api-request.js';

const profiles = webProfiles(60);

let folder: ReturnType<typeof temporaryFolder>;
let web: Awaited<ReturnType<typeof buildWebApp>>;
let server: WebTestServer;
let browser: TestBrowser;
let page: Page;

function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  return requestJson<T>(server.url, method, path, body);
}

/** Wording of the API and the CLI that a person using the web app should never read. */
const API_WORDING = [/\?cascade/, /GET \/api/, /Authorization/, /could not be reached/];

async function pageText(): Promise<string> {
  return (await page.locator('main').innerText()).replace(/\s+/g, ' ');
}

beforeAll(async () => {
  folder = temporaryFolder('web-segment-editor');
  web = await buildWebApp();
  const workspace = await workspaceFromCsv(folder.path, profilesCsv(profiles));
  server = await startWebServer(workspace, web.root);
  browser = await launchBrowser();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  web?.remove();
  folder?.remove();
});

describe('segment editor in Chromium', () => {
  it('points an empty workspace to creating segments', async () => {
    await page.goto(`${server.url}/insights/new`);
    const hint = page.locator('[data-too-few-segments]');

    await poll(() => hint.count()).toBe(1);
    expect(await hint.innerText()).toContain('there are no saved segments yet');
    expect(await hint.getByRole('link', { name: 'Create a segment' }).getAttribute('href')).toBe('/segments/new');
  });

  it('shows the built rule in text mode at once', async () => {
    await page.goto(`${server.url}/segments/new`);
    await page.getByLabel('Field of condition 1').selectOption('age');
    await page.getByLabel('Operator of condition 1').selectOption('gt');
    await page.getByLabel('Value of condition 1').fill('50');
    await page.getByLabel('Text').check();

    expect(await page.getByLabel('Rule text').inputValue()).toBe('age > 50');
  });

  it('quotes names and text in text mode', async () => {
    await page.goto(`${server.url}/segments/new`);
    await page.getByLabel('Field of condition 1').selectOption('city');
    await page.getByLabel('Value of condition 1').fill("O'Fallon");
    await page.getByRole('button', { name: 'Add condition' }).click();
    await page.getByLabel('Field of condition 2').selectOption('plan');
    await page.getByLabel('Operator of condition 2').selectOption('in');
    await page.getByLabel('Values of condition 2, one per line').fill('pro\nfree');
    await page.getByLabel('Text').check();

    expect(await page.getByLabel('Rule text').inputValue()).toBe(`city = 'O''Fallon' and plan in ('pro', 'free')`);
  });

  it('keeps an untouched condition from saving', async () => {
    await page.goto(`${server.url}/segments/new`);
    await page.getByLabel('Name', { exact: true }).fill('Untouched');
    await page.getByRole('button', { name: 'Save segment' }).click();

    const row = page.locator('[data-condition-row="1"]');
    await poll(() => row.getAttribute('aria-invalid')).toBe('true');
    expect(await row.locator('[data-row-problem]').innerText()).toContain('Type a value for');
    expect(await page.locator('[data-save-error]').innerText()).toContain('Not saved');
    expect(page.url()).toBe(`${server.url}/segments/new`);
    const { segments } = await api<{ segments: unknown[] }>('GET', '/api/segments');
    expect(segments).toEqual([]);
  });

  it('counts no members for an incomplete rule', async () => {
    await page.goto(`${server.url}/segments/new`);
    await page.getByLabel('Field of condition 1').selectOption('age');
    await page.getByLabel('Value of condition 1').fill('30');
    await poll(() => page.locator('[data-preview-members]').count()).toBe(1);

    await page.getByLabel('Value of condition 1').fill('');
    await poll(() => page.locator('[data-preview-members]').count()).toBe(0);
    await page.waitForTimeout(600);
    expect(await page.locator('.member-preview').innerText()).not.toContain('match');
  });

  it('explains a rule the builder cannot show', async () => {
    await page.goto(`${server.url}/segments/new`);
    await page.getByLabel('Text').check();
    await page.getByLabel('Rule text').fill('not (age > 20 and age < 30)');
    // The editor refuses the switch, so the radio button stays unchecked: click, do not check.
    await page.getByLabel('Builder').click();

    await poll(() => page.locator('[data-mode-note]').count()).toBe(1);
    expect(await page.locator('[data-mode-note]').innerText()).toContain('The builder cannot show this rule');
    expect(await page.getByLabel('Text', { exact: true }).isChecked()).toBe(true);
    for (const wording of API_WORDING) expect(await pageText()).not.toMatch(wording);
  });

  it('shows a rejected rule once when saving', async () => {
    await page.goto(`${server.url}/segments/new`);
    await page.getByLabel('Name', { exact: true }).fill('Typo');
    await page.getByLabel('Text').check();
    await page.getByLabel('Rule text').fill("citty = 'Reno'");
    await poll(() => page.locator('[data-error-code="invalid-rule"]').count()).toBe(1);
    await page.getByRole('button', { name: 'Save segment' }).click();

    await poll(() => page.locator('[data-save-error]').count()).toBe(1);
    const text = await pageText();
    expect(text.match(/unknown field "citty"/gi)).toHaveLength(1);
    expect(await page.locator('[data-save-error]').innerText()).toContain('Not saved');
  });

  it('saves a complete rule from the builder', async () => {
    const expected = profiles.filter((profile) => profile.age > 50).length;
    await page.goto(`${server.url}/segments/new`);
    await page.getByLabel('Name', { exact: true }).fill('Over 50');
    await page.getByLabel('Field of condition 1').selectOption('age');
    await page.getByLabel('Operator of condition 1').selectOption('gt');
    await page.getByLabel('Value of condition 1').fill('50');
    await poll(() => page.locator('[data-preview-members]').textContent()).toBe(String(expected));
    await page.getByRole('button', { name: 'Save segment' }).click();
    await page.waitForURL(`${server.url}/segments`);

    const saved = await api('GET', `/api/segments/${encodeURIComponent('Over 50')}`);
    expect(saved.ruleText).toBe('age > 50');
    expect(saved.memberCount).toBe(expected);
  });

  it('names the insights a deleted segment takes along', async () => {
    await api('POST', '/api/segments', { name: 'Pro plan', rule: "plan = 'pro'" });
    await api('POST', '/api/insights', { kind: 'overlap', name: 'Uses over 50', segments: ['Over 50', 'Pro plan'] });
    await page.goto(`${server.url}/segments`);
    await page.getByRole('button', { name: 'Delete Over 50' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();

    const usedBy = page.locator('[data-used-by]');
    await poll(() => usedBy.count()).toBe(1);
    expect(await usedBy.innerText()).toContain('Uses over 50');
    const dialogText = await page.getByRole('dialog').innerText();
    for (const wording of API_WORDING) expect(dialogText).not.toMatch(wording);
    await page.getByRole('dialog').getByRole('button', { name: 'Delete the segment and 1 insight' }).click();

    await poll(() => page.locator('tr[data-segment="Over 50"]').count()).toBe(0);
    const { insights } = await api<{ insights: unknown[] }>('GET', '/api/insights');
    expect(insights).toEqual([]);
  });

  it('says when a segment or insight is not found', async () => {
    for (const [path, expected] of [
      ['/segments/no-such-segment', 'This segment was not found'],
      ['/insights/no-such-insight', 'This insight was not found'],
    ]) {
      await page.goto(`${server.url}${path}`);
      await poll(() => page.locator('[data-error-code="not-found"]').count()).toBe(1);

      const text = await pageText();
      expect(text).toContain(expected);
      for (const wording of API_WORDING) expect(text).not.toMatch(wording);
    }
  });
});
