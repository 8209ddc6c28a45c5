import { Writable } from 'node:stream';

import type { AccessToken } from '../../src/http/access-config.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { apiClient, type ApiClient } from './api-client.js';

export interface TestServer {
  server: RunningServer;
  api: ApiClient;
  /** Log lines written so far, when the server was started with `captureLog`. */
  logLines: string[];
}

/** Starts the server in this process on a free loopback port. */
export async function startTestServer(
  workspace: string,
  options: { tokens?: AccessToken[]; allowedHosts?: string[]; captureLog?: boolean; concurrency?: number } = {},
): Promise<TestServer> {
  const logLines: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...String(chunk).split('\n').filter((line) => line !== ''));
      done();
    },
  });
  const server = await startServer({
    workspace,
    port: 0,
    tokens: options.tokens,
    allowedHosts: options.allowedHosts,
    concurrency: options.concurrency,
    logLevel: options.captureLog ? 'info' : 'silent',
    logStream,
  });
  return { server, api: apiClient(server.url), logLines };
}

/** Creates rule segments through the API and returns their ids by name. */
export async function createRuleSegments(api: ApiClient, rules: Record<string, unknown>): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const [name, rule] of Object.entries(rules)) {
    const response = await api.post('/api/segments', { name, rule });
    if (response.status !== 201) throw new Error(`segment ${name} was not created: ${response.text}`);
    ids[name] = response.body.id;
  }
  return ids;
}
