import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import Fastify from 'fastify';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';

import { startServer, type RunningServer } from '../../http/server.js';
import { registerWebAssets } from '../serve-web-assets.js';
import { BENCH_CITIES, BENCH_PROFILES, BENCH_SEGMENTS, benchSegmentRule, createBenchWorkspace } from './web-bench-data.js';

/** Target from the product's speed goals: the overlap view renders within 1 s of its data arriving. */
const TARGET_MS = 1000;
const REPEATS = 5;
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const REPOSITORY_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');

const log = (text: string): void => {
  process.stderr.write(`${text}\n`);
};

/**
 * Measures how long the web app takes to render the overlap view of a 16-segment insight broken
 * down by 1,000 cities. The clock starts when the insight's JSON has arrived in the page (the
 * response's end in the browser's resource timing). It stops at the second animation frame
 * after the regions table is in the page, so layout and paint are included. The real server
 * computes the insight on a generated workspace. The page gets the built app from a static
 * server, and its API requests are passed on to the API server.
 */
async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'si-web-bench-'));
  let api: RunningServer | undefined;
  try {
    log(`generating ${BENCH_PROFILES.toLocaleString('en-US')} profiles with ${BENCH_CITIES} cities…`);
    await createBenchWorkspace(join(folder, 'bench.duckdb'));
    api = await startServer({ workspace: join(folder, 'bench.duckdb'), port: 0, logLevel: 'silent' });
    const insightId = await createBenchInsight(api.url);

    log('building the web app…');
    await build({ configFile: join(REPOSITORY_ROOT, 'web', 'vite.config.ts'), logLevel: 'silent', build: { outDir: join(folder, 'web'), emptyOutDir: true, sourcemap: false } });
    const assets = Fastify();
    await registerWebAssets(assets, { root: join(folder, 'web') });
    const webUrl = await assets.listen({ host: '127.0.0.1', port: 0 });

    try {
      const timings = await measureInChromium(`${webUrl}/insights/${insightId}`, api.url);
      report(timings);
      if (median(timings.map((timing) => timing.renderMs)) > TARGET_MS) process.exitCode = 1;
    } finally {
      await assets.close();
    }
  } finally {
    await api?.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

async function createBenchInsight(apiUrl: string): Promise<string> {
  const post = async (path: string, body: unknown): Promise<any> => {
    const response = await fetch(`${apiUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`POST ${path} failed with status ${response.status}: ${await response.text()}`);
    return response.json();
  };
  const names = Array.from({ length: BENCH_SEGMENTS }, (_, index) => `Segment ${index + 1}`);
  for (const [index, name] of names.entries()) await post('/api/segments', { name, rule: benchSegmentRule(index + 1) });

  log(`computing the overlap of ${BENCH_SEGMENTS} segments by city…`);
  const insight = await post('/api/insights', { kind: 'overlap', name: 'Web bench', segments: names, fields: ['city'], maxValues: BENCH_CITIES });
  for (;;) {
    const detail = (await (await fetch(`${apiUrl}/api/insights/${insight.id}`)).json()) as { status: string; error: string | null };
    if (detail.status === 'successful') return insight.id as string;
    if (detail.status === 'failed') throw new Error(`the bench insight failed: ${detail.error}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));
  }
}

interface Timing {
  /** Size of the insight's JSON as sent, in bytes. */
  bytes: number;
  renderMs: number;
  /** Of renderMs, the time JSON.parse took on the body. */
  parseMs: number;
  /** From choosing a city in the filter to that city's regions table painted. */
  filterMs: number;
}

async function measureInChromium(pageUrl: string, apiUrl: string): Promise<Timing[]> {
  const profile = mkdtempSync(join(tmpdir(), 'si-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.route('**/api/**', async (route) => {
      const url = new URL(route.request().url());
      await route.fulfill({ response: await route.fetch({ url: `${apiUrl}${url.pathname}${url.search}` }) });
    });
    await page.addInitScript(WATCH_RENDER);

    const timings: Timing[] = [];
    for (let repeat = 0; repeat < REPEATS; repeat += 1) timings.push(await measureOnce(page, pageUrl));
    return timings;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * Runs in the page before the app: notes when the overlap view's regions table has rows, two
 * animation frames later (after layout and paint). It also times JSON.parse on large bodies, to
 * tell the parsing of the result apart from the rendering.
 */
const WATCH_RENDER = `
  window.__benchRenderedAt = undefined;
  window.__benchParseMs = 0;
  const parse = JSON.parse;
  JSON.parse = function (text, reviver) {
    const start = performance.now();
    const value = parse.call(JSON, text, reviver);
    if (typeof text === 'string' && text.length > 1e6) window.__benchParseMs += performance.now() - start;
    return value;
  };
  new MutationObserver((_, observer) => {
    if (!document.querySelector('[data-view="overlap"] .region-table tbody tr')) return;
    observer.disconnect();
    requestAnimationFrame(() => requestAnimationFrame(() => { window.__benchRenderedAt = performance.now(); }));
  }).observe(document, { childList: true, subtree: true });
`;

/** Runs in the page: when the insight's JSON arrived, its size, and when the view was painted. */
const READ_ARRIVAL = (path: string): string => `(() => {
  const entry = performance.getEntriesByType('resource').find((candidate) => new URL(candidate.name).pathname === ${JSON.stringify(path)});
  return { responseEnd: entry ? entry.responseEnd : NaN, bytes: entry ? entry.decodedBodySize : 0, renderedAt: window.__benchRenderedAt, parseMs: window.__benchParseMs };
})()`;

/** Runs in the page: chooses the 500th city and waits until its regions table is painted. */
const CHOOSE_CITY = `(async () => {
  const select = document.querySelector('.value-filter select');
  if (!select) throw new Error('the city filter is missing');
  const start = performance.now();
  select.value = '500';
  select.dispatchEvent(new Event('change', { bubbles: true }));
  await new Promise((done) => {
    const check = () => (document.querySelector('.breakdown-panel .region-table') ? requestAnimationFrame(() => requestAnimationFrame(done)) : requestAnimationFrame(check));
    check();
  });
  return performance.now() - start;
})()`;

async function measureOnce(page: Page, pageUrl: string): Promise<Timing> {
  await page.goto(pageUrl);
  await page.waitForFunction('window.__benchRenderedAt !== undefined', undefined, { timeout: 60_000 });
  const insightPath = new URL(pageUrl).pathname.replace('/insights/', '/api/insights/');
  const arrival = (await page.evaluate(READ_ARRIVAL(insightPath))) as { responseEnd: number; bytes: number; renderedAt: number; parseMs: number };

  await page.getByRole('tab', { name: 'city' }).click();
  await page.getByLabel('Value of city').waitFor();
  const filterMs = (await page.evaluate(CHOOSE_CITY)) as number;
  return { bytes: arrival.bytes, renderMs: arrival.renderedAt - arrival.responseEnd, parseMs: arrival.parseMs, filterMs };
}

function report(timings: Timing[]): void {
  const renders = timings.map((timing) => timing.renderMs);
  const filters = timings.map((timing) => timing.filterMs);
  const parses = timings.map((timing) => timing.parseMs);
  const megabytes = ((timings[0]?.bytes ?? 0) / 1e6).toFixed(1);
  process.stdout.write(
    [
      `| measure (headless Chromium, ${REPEATS} page loads) | median | max | target |`,
      '| --- | --- | --- | --- |',
      `| overlap view rendered after its ${megabytes} MB of JSON arrived | ${median(renders).toFixed(0)} ms | ${Math.max(...renders).toFixed(0)} ms | ${TARGET_MS} ms |`,
      `| of which JSON.parse of the body | ${median(parses).toFixed(0)} ms | ${Math.max(...parses).toFixed(0)} ms | |`,
      `| one city chosen in the filter, its regions painted | ${median(filters).toFixed(0)} ms | ${Math.max(...filters).toFixed(0)} ms | |`,
      '',
    ].join('\n'),
  );
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

await main();
