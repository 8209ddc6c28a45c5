import type { CliIo } from '../cli/cli-options.js';
import { DEFAULT_PORT, startServer, type RunningServer } from '../http/server.js';
import { DEMO_INSIGHTS } from './demo-insights.js';

/**
 * Serves the demo workspace with the HTTP API and the web UI on loopback, saving the demo insights
 * that are not there yet, until the process is stopped with Ctrl-C.
 */
export async function serveDemo(workspace: string, io: CliIo): Promise<void> {
  const server = await startOnFreePort(workspace);
  try {
    await saveMissingInsights(server.url);
    io.error(`\nThe demo is served at ${server.url} (API docs: ${server.url}/api/docs). Stop it with Ctrl-C.\n`);
    await untilStopped();
  } finally {
    await server.close();
  }
}

/** Listens on the usual port, or on any free one when another program uses it. */
async function startOnFreePort(workspace: string): Promise<RunningServer> {
  const options = { workspace, logLevel: 'warn' };
  try {
    return await startServer({ ...options, port: DEFAULT_PORT });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    return startServer({ ...options, port: 0 });
  }
}

async function saveMissingInsights(url: string): Promise<void> {
  const listing = (await (await fetch(`${url}/api/insights`)).json()) as { insights: { name: string }[] };
  const saved = new Set(listing.insights.map((insight) => insight.name));

  for (const insight of DEMO_INSIGHTS.filter((candidate) => !saved.has(String(candidate.name)))) {
    const response = await fetch(`${url}/api/insights`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(insight),
    });
    if (!response.ok) throw new Error(`saving demo insight "${String(insight.name)}" failed: ${await response.text()}`);
  }
}

function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
