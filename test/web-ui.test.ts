import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchBrowser, poll, type TestBrowser } from './support/browser.js';
import { REPO_ROOT } from './support/shared-paths.js';
import { naiveRegions, profilesCsv, webProfiles, type WebProfile } from './support/web-profiles.js';
import { buildWebApp, startWebServer, temporaryFolder, workspaceFromCsv, type WebTestServer } from './support/web-server.js';
import { requestJson } from './support/api-request.js';

const profiles = webProfiles();
const SEGMENTS: Record<string, (profile: WebProfile) => boolean> = {
  'High spenders': (profile) => profile.spend >= 500,
  'Pro plan': (profile) => profile.plan === 'pro',
  Newsletter: (profile) => profile.newsletter === 'yes',
};
/** Git-ignored folder for the screenshots the tests take; the README's copies live in docs/images. */
const SCREENSHOTS = join(REPO_ROOT, 'test-output');

let folder: ReturnType<typeof temporaryFolder>;
let web: Awaited<ReturnType<typeof buildWebApp>>;
let server: WebTestServer;
let browser: TestBrowser;
let page: Page;

function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  return requestJson<T>(server.url, method, path, body);
}

/** Digits of a formatted count: "1,204" reads 1204. */
function countOf(text: string | null): number {
  return Number((text ?? '').replace(/[^\d]/g, ''));
}

/** The overlap totals of a group of customers, named as the values table's columns. */
interface CityTotals {
  profiles: number;
  union: number;
  atLeastTwo: number;
  inAll: number;
  none: number;
}

function cityTotals(group: readonly WebProfile[], segments: Record<string, (profile: WebProfile) => boolean>): CityTotals {
  const regions = naiveRegions(group, segments);
  const allSegments = Object.keys(segments).join('&');
  let atLeastTwo = 0;
  for (const [region, count] of regions) if (region.includes('&')) atLeastTwo += count;
  const none = regions.get('none') ?? 0;
  return { profiles: group.length, union: group.length - none, atLeastTwo, inAll: regions.get(allSegments) ?? 0, none };
}

/** Returns the previous count that a cell or row shows beside its count, or null when it shows no change. */
async function changeShown(container: Locator): Promise<number | null> {
  const change = container.locator('[data-change]');
  if ((await change.count()) === 0) return null;
  return countOf(((await change.getAttribute('title')) ?? '').replace(' at the previous refresh', ''));
}

async function insightByName(name: string): Promise<any> {
  const { insights } = await api<{ insights: any[] }>('GET', '/api/insights');
  return insights.find((insight) => insight.name === name);
}

async function waitUntilSettled(name: string): Promise<any> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const insight = await insightByName(name);
    if (insight && insight.status !== 'refreshing') return api('GET', `/api/insights/${insight.id}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`insight "${name}" still refreshing after 10 s`);
}

beforeAll(async () => {
  folder = temporaryFolder('web-ui');
  web = await buildWebApp();
  const workspace = await workspaceFromCsv(folder.path, profilesCsv(profiles));
  server = await startWebServer(workspace, web.root);
  browser = await launchBrowser();
  page = browser.page;
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  web?.remove();
  folder?.remove();
});

describe('web UI in Chromium', () => {
  it('creates a segment with the rule builder', async () => {
    const expected = profiles.filter(SEGMENTS['High spenders'] as (profile: WebProfile) => boolean).length;

    await page.goto(`${server.url}/segments/new`);
    await page.getByLabel('Name', { exact: true }).fill('High spenders');
    await page.getByLabel('Field of condition 1').selectOption('spend');
    await page.getByLabel('Operator of condition 1').selectOption('gte');
    await page.getByLabel('Value of condition 1').fill('500');
    await poll(() => page.locator('[data-preview-members]').textContent()).toBe(expected.toLocaleString('en-US'));

    await page.getByRole('button', { name: 'Save segment' }).click();
    await page.waitForURL(`${server.url}/segments`);
    const count = page.locator('tr[data-segment="High spenders"] [data-member-count]');
    await poll(() => count.textContent()).toBe(expected.toLocaleString('en-US'));

    const { segments } = await api<{ segments: any[] }>('GET', '/api/segments');
    expect(segments.find((segment) => segment.name === 'High spenders')?.ruleText).toBe('spend >= 500');
  });

  it('offers common values in the rule builder', async () => {
    // The cities by customer count, largest first, ties in ascending order; the missing city is
    // not offered, because a value cannot be typed for it.
    const counts = new Map<string, number>();
    for (const profile of profiles) if (profile.city !== null) counts.set(profile.city, (counts.get(profile.city) ?? 0) + 1);
    const expected = [...counts].sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : 1));

    await page.goto(`${server.url}/segments/new`);
    await page.getByLabel('Field of condition 1').selectOption('city');
    const options = page.locator('.condition-row datalist option');
    await poll(() => options.count()).toBe(expected.length);

    const offered = await options.evaluateAll((nodes) => nodes.map((node) => [node.getAttribute('value'), node.getAttribute('label')]));
    expect(offered).toEqual(expected.map(([city, count]) => [city, `${count} customers`]));
    const input = page.getByLabel('Value of condition 1');
    expect(await input.getAttribute('list')).toBe(await page.locator('.condition-row datalist').getAttribute('id'));
  });

  it('shows an overlap insight refreshing, then its city table', async () => {
    await api('POST', '/api/segments', { name: 'Pro plan', rule: "plan = 'pro'" });
    await api('POST', '/api/segments', { name: 'Newsletter', rule: "newsletter = 'yes'" });

    await page.goto(`${server.url}/insights/new`);
    for (const name of Object.keys(SEGMENTS)) await page.getByRole('checkbox', { name: new RegExp(`^${name} \\(`) }).check();
    await page.getByRole('checkbox', { name: 'city', exact: true }).check();
    await page.getByLabel('Name', { exact: true }).fill('Three by city');
    await page.getByLabel('Display name (optional)').fill('Spenders, pros and readers by city');

    server.gate.close();
    await page.getByRole('button', { name: 'Save and refresh' }).click();
    await page.waitForURL(`${server.url}/insights`);
    const status = page.locator('tr[data-insight="Three by city"] [data-status]');
    await poll(() => status.getAttribute('data-status')).toBe('refreshing');
    server.gate.open();
    await poll(() => status.getAttribute('data-status')).toBe('successful');

    await page.getByRole('link', { name: 'Three by city' }).click();
    await page.getByRole('tab', { name: 'city' }).click();
    await page.getByLabel('Value of city').selectOption({ label: `Seattle (${profiles.filter((p) => p.city === 'Seattle').length})` });

    const detail = await waitUntilSettled('Three by city');
    const seattle = detail.result.breakdowns[0].values.find((row: any) => row.value === 'Seattle');
    const naive = naiveRegions(profiles.filter((p) => p.city === 'Seattle'), SEGMENTS);
    const shown = await page.locator('.region-table tbody tr').evaluateAll((rows) =>
      rows.map((row) => [row.getAttribute('data-region'), row.querySelector('[data-region-count]')?.textContent ?? '']),
    );
    const expectedRows = [...seattle.regions.map((region: any) => [region.segments.join(' & '), region.count]), ['None of them', seattle.none]];
    expect(shown.map(([region, count]) => [region, countOf(count)])).toEqual(expectedRows);
    for (const [region, count] of expectedRows) expect(naive.get(region === 'None of them' ? 'none' : region.replaceAll(' & ', '&'))).toBe(count);

    await page.getByRole('tab', { name: 'Overall' }).click();
    await page.screenshot({ path: join(SCREENSHOTS, 'overlap-view.png'), fullPage: true });
  });

  it('draws the regions as UpSet columns on request', async () => {
    await page.getByLabel('UpSet plot').check();
    const columns = await page.locator('.upset-column').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-region')));
    await page.locator('.diagram').screenshot({ path: join(SCREENSHOTS, 'upset-plot.png') });
    await page.getByLabel('Euler diagram').check();

    const detail = await waitUntilSettled('Three by city');
    expect(columns).toEqual(detail.result.regions.map((region: any) => region.segments.join(' & ')));
  });

  it('rounds region shares to add up to 100', async () => {
    // Shares of a partition (the regions and none) are rounded by largest remainder, so the
    // displayed one-decimal percentages sum to exactly 100.0 however the counts fall.
    const shares = await page.locator('.region-table tbody tr td:nth-child(4)').allTextContents();
    const tenths = shares.map((share) => Math.round(Number(share.replace('%', '')) * 10));

    expect(shares.length).toBeGreaterThan(2);
    expect(tenths.reduce((sum, value) => sum + value, 0)).toBe(1000);
  });

  it('selects a region from the diagram with the keyboard', async () => {
    const region = page.locator('.euler-region[data-region="High spenders & Newsletter"]');
    await region.focus();
    await page.keyboard.press('Enter');

    await poll(() => page.getByLabel('Select region High spenders & Newsletter', { exact: true }).isChecked()).toBe(true);
    await page.keyboard.press('Enter');
    await poll(() => page.getByLabel('Select region High spenders & Newsletter', { exact: true }).isChecked()).toBe(false);
  });

  it('fits a narrow window without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    await page.screenshot({ path: join(SCREENSHOTS, 'overlap-narrow.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });

    expect(overflow).toBe(0);
  });

  it('creates a segment from a region with the region count', async () => {
    const detail = await waitUntilSettled('Three by city');
    const region = detail.result.regions.find((entry: any) => entry.segments.join('&') === 'High spenders&Pro plan');
    expect(region).toBeDefined();

    await page.getByLabel('Select region High spenders & Pro plan', { exact: true }).check();
    await poll(() => page.locator('[data-selection-count]').textContent()).toBe(String(region.count));
    await page.getByRole('button', { name: 'Create segment…' }).click();
    await page.getByLabel('Name of the new segment').fill('Spending pros without newsletter');
    await page.getByRole('button', { name: 'Save segment' }).click();

    await poll(() => page.locator('[data-created-members]').textContent()).toBe(String(region.count));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export members (CSV)' }).click()]);
    const csv = readFileSync((await download.path()) as string, 'utf8').trim().split('\n');
    expect(csv[0]?.startsWith('customer_id,')).toBe(true);
    expect(csv).toHaveLength(region.count + 1);

    const saved = await api('GET', `/api/segments/${encodeURIComponent('Spending pros without newsletter')}`);
    expect(saved.memberCount).toBe(region.count);
  });

  it('refreshes an insight from its command bar', async () => {
    const before = await waitUntilSettled('Three by city');

    server.gate.close();
    await page.getByRole('button', { name: 'Refresh' }).click();
    const badge = page.locator('.insight-meta [data-status]');
    await poll(() => badge.getAttribute('data-status')).toBe('refreshing');
    server.gate.open();
    await poll(() => badge.getAttribute('data-status')).toBe('successful');

    const { runs } = await api<{ runs: any[] }>('GET', `/api/insights/${before.id}/runs`);
    expect(runs).toHaveLength(2);
  });

  it('shows changes per city after a refresh', async () => {
    // Newsletter switches from the readers to the others, so every region with Newsletter moves.
    const before = { ...SEGMENTS };
    const after = { ...SEGMENTS, Newsletter: (profile: WebProfile) => profile.newsletter === 'no' };
    await api('PUT', `/api/segments/Newsletter`, { rule: "newsletter = 'no'" });
    try {
      const badge = page.locator('.insight-meta [data-status]');
      server.gate.close();
      await page.getByRole('button', { name: 'Refresh' }).click();
      await poll(() => badge.getAttribute('data-status')).toBe('refreshing');
      server.gate.open();
      await poll(() => badge.getAttribute('data-status')).toBe('successful');
      await page.getByRole('tab', { name: 'city' }).click();

      for (const row of await page.locator('.values-table tbody tr').all()) {
        const shown = await row.getAttribute('data-value');
        const inCity = profiles.filter((profile) => (profile.city ?? '(empty)') === shown);
        const now = cityTotals(inCity, after);
        const then = cityTotals(inCity, before);
        for (const column of Object.keys(now) as (keyof CityTotals)[]) {
          const cell = row.locator(`td[data-column="${column}"]`);
          expect(countOf(await cell.locator('[data-count]').textContent()), `${column} of ${shown}`).toBe(now[column]);
          expect(await changeShown(cell), `${column} of ${shown}`).toBe(now[column] === then[column] ? null : then[column]);
        }
      }

      await page.screenshot({ path: join(SCREENSHOTS, 'breakdown-changes.png'), fullPage: true });

      const seattle = profiles.filter((profile) => profile.city === 'Seattle');
      await page.getByLabel('Value of city').selectOption({ label: `Seattle (${seattle.length})` });
      const previousRegions = naiveRegions(seattle, before);
      const rows = await page.locator('.region-table tbody tr').all();
      expect(rows.length).toBeGreaterThan(1);
      for (const row of rows) {
        const region = (await row.getAttribute('data-region')) as string;
        const count = countOf(await row.locator('[data-region-count]').textContent());
        const previous = previousRegions.get(region === 'None of them' ? 'none' : region.replaceAll(' & ', '&')) ?? 0;
        expect(await changeShown(row), region).toBe(count === previous ? null : previous);
      }
      await page.screenshot({ path: join(SCREENSHOTS, 'breakdown-value-changes.png'), fullPage: true });
    } finally {
      await api('PUT', `/api/segments/Newsletter`, { rule: "newsletter = 'yes'" });
    }
  });

  it('edits an insight in place', async () => {
    const before = await waitUntilSettled('Three by city');

    await page.getByRole('button', { name: 'Edit' }).click();
    await page.waitForURL(`${server.url}/insights/${before.id}/edit`);
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Three by city');
    expect(await page.getByRole('checkbox', { name: 'city', exact: true }).isChecked()).toBe(true);
    await page.getByRole('checkbox', { name: 'plan', exact: true }).check();
    await page.getByLabel('Display name (optional)').fill('Spenders, pros and readers by city and plan');
    await page.screenshot({ path: join(SCREENSHOTS, 'insight-edit.png'), fullPage: true });
    await page.getByRole('button', { name: 'Save changes and refresh' }).click();

    await page.waitForURL(`${server.url}/insights/${before.id}`);
    await poll(() => page.locator('.insight-meta [data-status]').getAttribute('data-status')).toBe('successful');
    await poll(() => page.getByRole('tab', { name: 'plan' }).count()).toBe(1);
    expect(await page.locator('#insight-title').textContent()).toBe('Spenders, pros and readers by city and plan');

    const { insights } = await api<{ insights: any[] }>('GET', '/api/insights');
    expect(insights.filter((insight) => insight.name.startsWith('Three by city')).map((insight) => insight.id)).toEqual([before.id]);
    const after = await api('GET', `/api/insights/${before.id}`);
    expect(after.definition.fields).toEqual(['city', 'plan']);
    expect(after.definition.segments.map((segment: any) => segment.name)).toEqual(Object.keys(SEGMENTS));
    const { runs } = await api<{ runs: any[] }>('GET', `/api/insights/${before.id}/runs`);
    expect(runs).toHaveLength(before.latestRun.sequence + 1);
  });

  it('deletes an insight after confirmation', async () => {
    const insight = await insightByName('Three by city');

    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete insight' }).click();
    await page.waitForURL(`${server.url}/insights`);

    await poll(() => page.locator('tr[data-insight="Three by city"]').count()).toBe(0);
    const response = await fetch(`${server.url}/api/insights/${insight.id}`);
    expect(response.status).toBe(404);
    const { segments } = await api<{ segments: any[] }>('GET', '/api/segments');
    expect(segments).toHaveLength(4);
  });

  it('opens an attribute of a differentiators insight', async () => {
    await page.goto(`${server.url}/insights/new`);
    await page.getByLabel('Differentiators').check();
    await page.getByLabel('Segment', { exact: true }).selectOption({ label: 'High spenders' });
    await page.getByLabel('Baseline').selectOption('all');
    await page.getByLabel('Name', { exact: true }).fill('What sets high spenders apart');
    await page.getByRole('button', { name: 'Save and refresh' }).click();
    await page.waitForURL(`${server.url}/insights`);
    await waitUntilSettled('What sets high spenders apart');

    await page.getByRole('link', { name: 'What sets high spenders apart' }).click();
    await page.locator('[data-attribute="plan"]').click();
    const rows = page.locator('[data-attribute-detail="plan"] tbody tr');
    await poll(() => rows.count()).toBe(3);

    // Lift of "pro" against all customers: share of pro among high spenders over share among all.
    const spenders = profiles.filter((p) => p.spend >= 500);
    const lift = spenders.filter((p) => p.plan === 'pro').length / spenders.length / (profiles.filter((p) => p.plan === 'pro').length / profiles.length);
    const shown = await page.locator('[data-attribute-detail="plan"] tr[data-value="pro"] [data-lift]').textContent();
    expect(Number(shown)).toBeCloseTo(lift, 2);

    await page.screenshot({ path: join(SCREENSHOTS, 'differentiators-view.png'), fullPage: true });
  });

  it('shows date values as written in a zone west of UTC', async () => {
    // In America/Los_Angeles a date parsed as UTC midnight would read as the day before.
    const western = await launchBrowser({ timezoneId: 'America/Los_Angeles' });
    try {
      const insight = await api('POST', '/api/insights', { kind: 'overlap', name: 'Signups', segments: ['High spenders', 'Pro plan'], fields: ['signup_date'] });
      await waitUntilSettled('Signups');
      await western.page.goto(`${server.url}/insights/${insight.id}`);
      await western.page.getByRole('tab', { name: 'signup_date' }).click();
      const shown = await western.page.locator('.values-table tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-value')));

      const written = new Set(profiles.map((profile) => profile.signup_date));
      expect(shown.length).toBeGreaterThan(0);
      for (const value of shown) expect(written.has(value as string)).toBe(true);
    } finally {
      await western.close();
    }
  });

  it('marks an inexact Euler layout as approximate', async () => {
    // A, B and C each share one customer with each other and none with both: three equal circles
    // cannot show that without a shared centre, so the diagram must say its areas are approximate.
    const keys = (numbers: number[]) => numbers.map((number) => `C${String(number).padStart(4, '0')}`);
    await api('POST', '/api/segments', { name: 'A', members: keys([1, 4, 5]) });
    await api('POST', '/api/segments', { name: 'B', members: keys([2, 4, 6]) });
    await api('POST', '/api/segments', { name: 'C', members: keys([3, 5, 6]) });
    const insight = await api('POST', '/api/insights', { kind: 'overlap', name: 'Pairs only', segments: ['A', 'B', 'C'] });
    await waitUntilSettled('Pairs only');
    await page.goto(`${server.url}/insights/${insight.id}`);
    const figure = page.locator('figure.euler');
    await figure.waitFor();

    expect(await figure.getAttribute('data-approximate')).toBe('true');
    expect(await figure.getByText('Areas are approximate').count()).toBe(1);
    // The circles cannot avoid a common area, so it is drawn, but labelled with its true count.
    expect(await figure.locator('[data-region="A & B & C"]').allTextContents()).toEqual(['0']);
    expect(await figure.locator('.euler-region[data-region="A & B"] text').textContent()).toBe('1');
  });

  it('draws nested segments without a notice', async () => {
    // D and F lie inside E and apart from each other; circles can show that exactly.
    const keys = (numbers: number[]) => numbers.map((number) => `C${String(number).padStart(4, '0')}`);
    await api('POST', '/api/segments', { name: 'D', members: keys([1, 2, 3]) });
    await api('POST', '/api/segments', { name: 'E', members: keys([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]) });
    await api('POST', '/api/segments', { name: 'F', members: keys([4, 5]) });
    const insight = await api('POST', '/api/insights', { kind: 'overlap', name: 'Nested', segments: ['D', 'E', 'F'] });
    await waitUntilSettled('Nested');
    await page.goto(`${server.url}/insights/${insight.id}`);
    const figure = page.locator('figure.euler');
    await figure.waitFor();

    expect(await figure.getAttribute('data-approximate')).toBe('false');
    expect(Number(await figure.getAttribute('data-max-share-error'))).toBeLessThanOrEqual(0.01);
    for (const empty of ['D', 'F', 'D & F', 'D & E & F']) expect(await figure.locator(`[data-region="${empty}"]`).count()).toBe(0);
  });

  it('edits a saved segment in the builder', async () => {
    const saved = await api('GET', `/api/segments/${encodeURIComponent('Pro plan')}`);
    await page.goto(`${server.url}/segments/${saved.id}`);

    await poll(() => page.getByLabel('Value of condition 1').inputValue()).toBe('pro');
    await page.getByLabel('Text').check();
    await poll(() => page.getByLabel('Rule text').inputValue()).toBe("plan = 'pro'");
    await page.getByLabel('Builder').check();
    await page.getByLabel('Value of condition 1').fill('free');
    await poll(() => page.locator('[data-preview-members]').textContent()).toBe(String(profiles.filter((p) => p.plan === 'free').length));
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(`${server.url}/segments`);

    const changed = await api('GET', `/api/segments/${saved.id}`);
    expect(changed.ruleText).toBe("plan = 'free'");
    expect(changed.memberCount).toBe(profiles.filter((p) => p.plan === 'free').length);
  });

  it('logs no error in the page', () => {
    expect(browser.consoleErrors).toEqual([]);
    expect(browser.failedRequests).toEqual([]);
  });
});
