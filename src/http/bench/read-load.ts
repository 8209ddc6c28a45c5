import { percentile } from './bench-options.js';

/** Latency of one kind of read, in milliseconds. */
export interface LatencySummary {
  requests: number;
  failed: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface LoadOutcome {
  seconds: number;
  reads: LatencySummary;
  byRoute: Record<string, LatencySummary>;
  refreshesRequested: number;
  refreshesStarted: number;
  failedRefreshes: number;
}

const READ_ROUTES = ['GET /api/insights', 'GET /api/insights/{id}', 'GET /api/segments', 'GET /api/insights/{id}/runs'] as const;

/** Pause between refresh requests, so the run queue stays busy without piling up. */
const REFRESH_INTERVAL_MS = 100;

/**
 * Runs `clients` loops that read insight lists, results, segments and runs until `seconds` have
 * passed, while one more loop keeps requesting refreshes. Every request is timed from send to
 * the last byte of the body; a non-2xx status or a network error counts as failed.
 */
export async function runReadLoad(url: string, insightIds: readonly string[], clients: number, seconds: number): Promise<LoadOutcome> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const timings = new Map<string, number[]>(READ_ROUTES.map((route) => [route, []]));
  const failures = new Map<string, number>(READ_ROUTES.map((route) => [route, 0]));
  const refreshes = { requested: 0, started: 0, failed: 0 };

  const reader = async (client: number): Promise<void> => {
    for (let iteration = 0; performance.now() < deadline; iteration += 1) {
      const route = READ_ROUTES[(client + iteration) % READ_ROUTES.length] as (typeof READ_ROUTES)[number];
      const id = insightIds[(client * 7 + iteration) % insightIds.length] as string;
      const path = route.replace('GET ', '').replace('{id}', id);
      const { ok, milliseconds } = await timedGet(`${url}${path}`);
      timings.get(route)?.push(milliseconds);
      if (!ok) failures.set(route, (failures.get(route) ?? 0) + 1);
    }
  };

  const refresher = async (): Promise<void> => {
    for (let iteration = 0; performance.now() < deadline; iteration += 1) {
      const id = insightIds[iteration % insightIds.length] as string;
      refreshes.requested += 1;
      const response = await fetch(`${url}/api/insights/${id}/refresh`, { method: 'POST' }).catch(() => undefined);
      await response?.arrayBuffer();
      if (response?.status === 202) refreshes.started += 1;
      else if (response?.status !== 200) refreshes.failed += 1;
      await new Promise((resolve) => setTimeout(resolve, REFRESH_INTERVAL_MS));
    }
  };

  const refreshing = refresher();
  await Promise.all(Array.from({ length: clients }, (_, client) => reader(client)));
  const elapsed = (performance.now() - started) / 1000;
  await refreshing;

  const byRoute = Object.fromEntries(READ_ROUTES.map((route) => [route, summarise(timings.get(route) ?? [], failures.get(route) ?? 0)]));
  const all = [...timings.values()].flat();
  const failed = [...failures.values()].reduce((sum, count) => sum + count, 0);
  return {
    seconds: elapsed,
    reads: summarise(all, failed),
    byRoute,
    refreshesRequested: refreshes.requested,
    refreshesStarted: refreshes.started,
    failedRefreshes: refreshes.failed,
  };
}

async function timedGet(url: string): Promise<{ ok: boolean; milliseconds: number }> {
  const start = performance.now();
  try {
    const response = await fetch(url);
    await response.arrayBuffer();
    return { ok: response.ok, milliseconds: performance.now() - start };
  } catch {
    return { ok: false, milliseconds: performance.now() - start };
  }
}

function summarise(values: number[], failed: number): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    requests: sorted.length,
    failed,
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}
