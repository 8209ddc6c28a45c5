import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium; the tests never download a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  /** Messages the page wrote to its console as errors, and uncaught page errors. */
  consoleErrors: string[];
  /** Requests that got a status of 400 or more, as "STATUS METHOD PATH". */
  failedRequests: string[];
  close(): Promise<void>;
}

export interface BrowserOptions {
  width?: number;
  height?: number;
  /** IANA zone the page runs in, such as "America/Los_Angeles". */
  timezoneId?: string;
}

/** Starts headless Chromium with a fresh profile folder, in US English, at 1280 × 800 unless the options set a size. */
export async function launchBrowser(options: BrowserOptions = {}): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'si-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    locale: 'en-US',
    timezoneId: options.timezoneId,
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors: string[] = [];
  const failedRequests: string[] = [];
  // Chromium reports every failed request on the console as well; failedRequests names them.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) consoleErrors.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) failedRequests.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));

  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, page, consoleErrors, failedRequests, close };
}

/** Time a page update may take in a test; generous, because CI runs other suites beside these. */
const PAGE_UPDATE_MS = 15_000;

/** Polls a value read from the page until the assertion after it holds, for up to PAGE_UPDATE_MS. */
export function poll<T>(read: () => T | Promise<T>) {
  return expect.poll(read, { timeout: PAGE_UPDATE_MS, interval: 50 });
}
