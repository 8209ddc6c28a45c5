import type { InsightKind } from './insight-definition.js';
import { NO_RESULT, resultPart, type ResultPart } from './insight-views.js';
import type { RunResult } from './run-store.js';

/**
 * The latest result of each insight with its changes, parsed once per successful run. Requests
 * that arrive while a result loads share that load.
 */
export class ResultCache {
  private readonly entries = new Map<string, { runId: string; part: ResultPart }>();
  private readonly loading = new Map<string, Promise<ResultPart>>();

  /** Returns the result part for the insight's latest successful run `runId`, loading it when needed. */
  async get(insightId: string, kind: InsightKind, runId: string | undefined, load: () => Promise<RunResult[]>): Promise<ResultPart> {
    if (runId === undefined) return NO_RESULT;
    const cached = this.entries.get(insightId);
    if (cached?.runId === runId) return cached.part;

    let pending = this.loading.get(runId);
    if (!pending) {
      pending = load().then((results) => resultPart(kind, results));
      this.loading.set(runId, pending);
      void pending.then(
        (part) => {
          if (part.resultRun?.id === runId) this.entries.set(insightId, { runId, part });
        },
        () => undefined,
      ).finally(() => this.loading.delete(runId));
    }
    return pending;
  }

  forget(insightId: string): void {
    this.entries.delete(insightId);
  }
}
