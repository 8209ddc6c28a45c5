import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchBrowser, poll, type TestBrowser } from './support/browser.js';
import { REPO_ROOT } from './support/shared-paths.js';
import { profilesCsv, webProfiles } from './support/web-profiles.js';
import { buildWebApp, startWebServer, temporaryFolder, workspaceFromCsv, type WebTestServer } from './support/web-server.js';
import { requestJson } from './support/api-request.js';

/** A phone held upright. */
const WIDTH = 390;
/** Git-ignored folder for the screenshots the tests take. */
const SCREENSHOTS = join(REPO_ROOT, 'test-output');

let folder: ReturnType<typeof temporaryFolder>;
let web: Awaited<ReturnType<typeof buildWebApp>>;
let server: WebTestServer;
let browser: TestBrowser;
let page: Page;
const ids: Record<string, string> = {};

function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  return requestJson<T>(server.url, method, path, body);
}

async function settled(id: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if ((await api('GET', `/api/insights/${id}`)).status !== 'refreshing') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`insight ${id} still refreshing after 10 s`);
}

/** Measures how far the page is wider than the window, in CSS pixels; 0 when nothing scrolls sideways. */
function sidewaysOverflow(): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
}

interface Rect {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Reads the boxes of the Euler diagram's count labels as drawn on screen. */
function eulerLabelRects(): Promise<Rect[]> {
  return page.locator('figure.euler .euler-region rect, figure.euler .euler-zero text').evaluateAll((nodes) =>
    nodes.map((node) => {
      const rect = node.getBoundingClientRect();
      return { left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom };
    }),
  );
}

function rectsOverlap(a: Rect, b: Rect): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

beforeAll(async () => {
  folder = temporaryFolder('web-narrow');
  web = await buildWebApp();
  const workspace = await workspaceFromCsv(folder.path, profilesCsv(webProfiles(300)));
  server = await startWebServer(workspace, web.root);
  browser = await launchBrowser({ width: WIDTH, height: 800 });
  page = browser.page;
  mkdirSync(SCREENSHOTS, { recursive: true });

  const segments = { 'High spenders': 'spend >= 500', 'Pro plan': "plan = 'pro'", 'Newsletter readers': "newsletter = 'yes'", 'Over 60': 'age > 60', 'Seattle': "city = 'Seattle'" };
  for (const [name, rule] of Object.entries(segments)) await api('POST', '/api/segments', { name, description: `Customers with ${rule}`, rule });
  const insights = {
    three: { kind: 'overlap', name: 'Three by city', displayName: 'Spenders, pros and readers by city', segments: ['High spenders', 'Pro plan', 'Newsletter readers'], fields: ['city'] },
    two: { kind: 'overlap', name: 'Small beside large', segments: ['Newsletter readers', 'Over 60'] },
    five: { kind: 'overlap', name: 'Five segments', segments: Object.keys(segments) },
    apart: { kind: 'differentiators', name: 'What sets spenders apart', segment: 'High spenders', baseline: 'rest' },
  };
  for (const [key, body] of Object.entries(insights)) ids[key] = (await api('POST', '/api/insights', body)).id;
  for (const id of Object.values(ids)) await settled(id);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  web?.remove();
  folder?.remove();
});

describe(`web UI at ${WIDTH} px wide`, () => {
  it('fits the lists without sideways scrolling', async () => {
    for (const path of ['/segments', '/insights', '/segments/new', '/insights/new']) {
      await page.goto(`${server.url}${path}`);
      await page.locator('main h1').waitFor();
      await page.waitForTimeout(300);

      expect(await sidewaysOverflow(), path).toBeLessThanOrEqual(0);
    }
  });

  it('shows every column of the insight list on screen', async () => {
    await page.goto(`${server.url}/insights`);
    const row = page.locator('tr[data-insight="Three by city"]');
    await row.locator('[data-status]').waitFor();

    for (const cell of await row.locator('td, th').all()) {
      const box = await cell.boundingBox();
      expect(box, await cell.innerText()).not.toBeNull();
      expect((box?.x ?? 0) + (box?.width ?? 0), await cell.innerText()).toBeLessThanOrEqual(WIDTH);
    }
  });

  it('shows the edit and delete buttons of every segment', async () => {
    await page.goto(`${server.url}/segments`);
    await page.locator('tr[data-segment]').first().waitFor();

    for (const button of await page.locator('tr[data-segment] .actions > *').all()) {
      const box = await button.boundingBox();
      expect(box).not.toBeNull();
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(WIDTH);
    }
  });

  it('fits an overlap with readable, separate labels', async () => {
    for (const key of ['three', 'two']) {
      await page.goto(`${server.url}/insights/${ids[key]}`);
      await page.locator('figure.euler .euler-region').first().waitFor();

      expect(await sidewaysOverflow(), key).toBeLessThanOrEqual(0);
      const heights = await page.locator('figure.euler .euler-region text').evaluateAll((nodes) => nodes.map((node) => node.getBoundingClientRect().height));
      for (const height of heights) expect(height, key).toBeGreaterThanOrEqual(12);
      const rects = await eulerLabelRects();
      for (const [i, a] of rects.entries()) for (const b of rects.slice(i + 1)) expect(rectsOverlap(a, b), `${key}: ${JSON.stringify([a, b])}`).toBe(false);
      expect(await page.locator('[data-too-small]').count(), key).toBe(0);
    }
    await page.goto(`${server.url}/insights/${ids.three}`);
    await page.locator('figure.euler .euler-region').first().waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'overlap-view-narrow.png'), fullPage: true });
  });

  it('fits the breakdown of an overlap', async () => {
    await page.goto(`${server.url}/insights/${ids.three}`);
    await page.getByRole('tab', { name: 'city' }).click();
    await page.locator('.values-table').waitFor();

    expect(await sidewaysOverflow()).toBeLessThanOrEqual(0);
  });

  it('scrolls a wide UpSet plot with a hint', async () => {
    await page.goto(`${server.url}/insights/${ids.five}`);
    await page.locator('.upset-column').first().waitFor();

    expect(await sidewaysOverflow()).toBeLessThanOrEqual(0);
    const hint = page.locator('figure.upset [data-scroll-hint]');
    await poll(() => hint.count()).toBe(1);
    expect(await hint.innerText()).toMatch(/Scroll sideways to see all \d+ combinations/);
  });

  it('fits a differentiators view with an open attribute', async () => {
    await page.goto(`${server.url}/insights/${ids.apart}`);
    await page.locator('[data-attribute="city"]').click();
    await page.locator('[data-attribute-detail="city"]').waitFor();

    expect(await sidewaysOverflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'differentiators-view-narrow.png'), fullPage: true });
  });
});
