import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { parseApiBenchArguments, type ApiBenchOptions } from './bench-options.js';
import { BENCH_SEGMENTS, benchInsights, createBenchWorkspace } from './bench-setup.js';
import { runReadLoad, type LatencySummary, type LoadOutcome } from './read-load.js';

/**
 * Entry point of `npm run bench:api`: generates a workspace, starts `segment-insights serve` on it
 * in a separate process on loopback, saves the segments and insights, then measures reads by
 * many clients while refreshes run, and prints the figures.
 */
async function main(): Promise<void> {
  const options = parseApiBenchArguments(process.argv.slice(2));
  const say = (text: string) => process.stderr.write(`${text}\n`);

  say(`Generating ${options.profiles.toLocaleString('en-US')} profiles in ${options.folder}`);
  const workspace = await createBenchWorkspace(options.folder, options.profiles);
  const server = await startServer(workspace);
  try {
    say(`Server at ${server.url}; saving ${BENCH_SEGMENTS.length} segments and ${options.insights} insights`);
    const insightIds = await saveInsights(server.url, options.insights);
    say(`Reading with ${options.clients} clients for ${options.seconds} s while refreshes run`);
    const loadBefore = loadavg()[0] ?? 0;
    const outcome = await runReadLoad(server.url, insightIds, options.clients, options.seconds);
    const machine = { cpus: cpus().length, loadBefore, loadAfter: loadavg()[0] ?? 0 };
    const runs = await countRuns(server.url, insightIds);

    process.stdout.write(formatReport(options, outcome, runs, machine));
    writeFileSync(join(options.folder, 'api-bench.json'), `${JSON.stringify({ options, outcome, runs, machine }, null, 2)}\n`);
  } finally {
    server.child.kill('SIGTERM');
  }
}

async function startServer(workspace: string): Promise<{ child: ChildProcess; url: string }> {
  const main = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
  const child = spawn(process.execPath, [main, 'serve', '--workspace', workspace, '--port', '0', '--log-level', 'warn'], {
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
      const url = /is serving .* at (http:\/\/[^\s]+) /.exec(stderr)?.[1];
      if (url) resolve({ child, url });
    });
    child.on('close', (code) => reject(new Error(`the server exited with status ${code}: ${stderr}`)));
  });
}

async function saveInsights(url: string, count: number): Promise<string[]> {
  for (const segment of BENCH_SEGMENTS) await post(url, '/api/segments', segment, 201);
  const ids: string[] = [];
  for (const insight of benchInsights(count)) ids.push(((await post(url, '/api/insights', insight, 201)) as { id: string }).id);

  for (const id of ids) {
    for (;;) {
      const detail = (await (await fetch(`${url}/api/insights/${id}`)).json()) as { status: string; error: string | null };
      if (detail.status === 'failed') throw new Error(`insight ${id} failed: ${detail.error}`);
      if (detail.status === 'successful') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return ids;
}

async function post(url: string, path: string, body: unknown, expected: number): Promise<unknown> {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await response.json();
  if (response.status !== expected) throw new Error(`POST ${path} returned ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

/** Waits until no insight is refreshing, then counts the insights by the status of their latest run. */
async function countRuns(url: string, ids: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const id of ids) {
    let status = 'refreshing';
    while (status === 'refreshing') {
      status = ((await (await fetch(`${url}/api/insights/${id}`)).json()) as { status: string }).status;
      if (status === 'refreshing') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    counts[status] = (counts[status] ?? 0) + 1;
  }
  return counts;
}

interface Machine {
  cpus: number;
  /** One-minute load average before and after the load, to show other work on the machine. */
  loadBefore: number;
  loadAfter: number;
}

function formatReport(options: ApiBenchOptions, outcome: LoadOutcome, runs: Record<string, number>, machine: Machine): string {
  const line = (label: string, summary: LatencySummary) =>
    `| ${label} | ${summary.requests} | ${summary.failed} | ${ms(summary.p50)} | ${ms(summary.p90)} | ${ms(summary.p99)} | ${ms(summary.max)} |`;
  const rate = Math.round(outcome.reads.requests / outcome.seconds);
  return [
    `API reads while refreshing: ${options.profiles.toLocaleString('en-US')} profiles, ${options.insights} insights, ` +
      `${options.clients} clients, ${outcome.seconds.toFixed(1)} s, ${machine.cpus} CPUs ` +
      `(load average ${machine.loadBefore.toFixed(1)} before, ${machine.loadAfter.toFixed(1)} after)`,
    '',
    '| reads | requests | failed | p50 ms | p90 ms | p99 ms | max ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    line('all', outcome.reads),
    ...Object.entries(outcome.byRoute).map(([route, summary]) => line(route, summary)),
    '',
    `Reads per second: ${rate}. Refreshes requested: ${outcome.refreshesRequested}, started: ${outcome.refreshesStarted}, ` +
      `failed requests: ${outcome.failedRefreshes}. Latest run per insight after the queue drained: ${JSON.stringify(runs)}.`,
    '',
  ].join('\n');
}

function ms(value: number): string {
  return Number.isNaN(value) ? '-' : value.toFixed(1);
}

try {
  await main();
} catch (error) {
  process.stderr.write(`api benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
