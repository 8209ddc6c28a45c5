import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchBrowser, poll, type TestBrowser } from './support/browser.js';
import { profilesCsv, webProfiles } from './support/web-profiles.js';
import { buildWebApp, startWebServer, temporaryFolder, workspaceFromCsv, type WebTestServer } from './support/web-server.js';

const EDITOR_TOKEN = 'web-test-editor-token';

let folder: ReturnType<typeof temporaryFolder>;
let web: Awaited<ReturnType<typeof buildWebApp>>;
let server: WebTestServer;
let browser: TestBrowser;

beforeAll(async () => {
  folder = temporaryFolder('web-access');
  web = await buildWebApp();
  const workspace = await workspaceFromCsv(folder.path, profilesCsv(webProfiles(12)));
  server = await startWebServer(workspace, web.root, [{ token: EDITOR_TOKEN, role: 'editor' }]);
  browser = await launchBrowser();
});

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

    await page.getByLabel('Access token').fill(EDITOR_TOKEN);
    await page.getByRole('button', { name: 'Use this token' }).click();

    await poll(() => page.getByText('No segments yet').count()).toBe(1);
    expect(await page.locator('[data-error-code]').count()).toBe(0);
  });
});
