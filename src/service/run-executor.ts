import { SegmentInsightsError } from '../core/errors.js';
import { InsightStore, type SavedInsight } from './insight-store.js';
import { analyseInsight, loadRunContext } from './run-execution.js';
import { RunStore, type InsightRun, type SegmentSnapshot } from './run-store.js';
import { addMemberDigests } from './segment-versions.js';
import type { ServiceLogger } from './service-logger.js';
import type { WorkspaceConnections } from './workspace-connections.js';

/** A queued run: which insight, and the run row that tracks it. */
export interface RunJob {
  insightId: string;
  runId: string;
}

/** Changes to runs, reported inside the write that made them so the caller's index keeps in step. */
export interface RunListener {
  runChanged(run: InsightRun): void;
  runsPruned(insightId: string, runIds: readonly string[]): void;
}

/** Stored as a run's error when it failed for a reason that is not the user's to fix. */
const UNEXPECTED_ERROR = 'the run failed with an unexpected error. See the server log, then refresh the insight';

/**
 * Computes one run on a connection of its own and records its outcome. A run whose row is no
 * longer refreshing (its insight was deleted, or the server is stopping) is not written back.
 */
export class RunExecutor {
  private stopped = false;

  constructor(
    private readonly connections: WorkspaceConnections,
    private readonly logger: ServiceLogger,
    private readonly listener: RunListener,
  ) {}

  /** Keeps runs that finish from now on from writing their outcome. */
  stop(): void {
    this.stopped = true;
  }

  async perform(job: RunJob): Promise<void> {
    const startedAt = new Date();
    const insight = await this.start(job, startedAt);
    if (!insight) return;
    this.logger.info({ ...job, status: 'refreshing', phase: 'started' }, 'run state changed');

    let snapshot: SegmentSnapshot[] | null = null;
    const engine = await this.connections.fork();
    try {
      const context = await loadRunContext(engine, insight);
      snapshot = await addMemberDigests(engine, context.snapshot);
      const result = await analyseInsight(engine, insight, context);
      await this.recordSuccess(job, startedAt, { profiles: result.profiles, segments: snapshot, resultJson: JSON.stringify(result) });
    } catch (error) {
      await this.recordFailure(job, startedAt, error, snapshot);
    } finally {
      await engine.close();
    }
  }

  /**
   * Marks the run started with the insight's definition as it is now, in one write turn, so the
   * run computes exactly the definition it records even when an edit lands right after. Returns
   * undefined when the run is no longer refreshing or its insight is gone.
   */
  private start(job: RunJob, startedAt: Date): Promise<SavedInsight | undefined> {
    return this.connections.write(async (engine) => {
      const insight = await new InsightStore(engine).find(job.insightId);
      if (!insight) return undefined;

      const run = await new RunStore(engine).markStarted(job.runId, startedAt.toISOString(), insight.definition);
      if (!run) return undefined;
      this.listener.runChanged(run);
      return insight;
    });
  }

  private async recordSuccess(
    job: RunJob,
    startedAt: Date,
    outcome: { profiles: number; segments: SegmentSnapshot[]; resultJson: string },
  ): Promise<void> {
    if (this.stopped) return;
    const finishedAt = new Date();
    const saved = await this.finish(job, (runs) => runs.markSuccessful(job.runId, { ...outcome, finishedAt: finishedAt.toISOString() }));
    if (saved) {
      this.logger.info({ ...job, status: 'successful', durationMs: finishedAt.getTime() - startedAt.getTime() }, 'run state changed');
    }
  }

  private async recordFailure(job: RunJob, startedAt: Date, error: unknown, segments: SegmentSnapshot[] | null): Promise<void> {
    const finishedAt = new Date();
    const durationMs = finishedAt.getTime() - startedAt.getTime();
    const known = error instanceof SegmentInsightsError;
    // Messages of known errors go to the run, where the insight's users read them. The log gets
    // the error code only, because driver messages can quote values from the profiles.
    if (known) this.logger.warn({ ...job, status: 'failed', durationMs, errorCode: error.code }, 'run state changed');
    else this.logger.error({ ...job, status: 'failed', durationMs, err: error }, 'run state changed');

    if (this.stopped) return;
    const message = known ? error.message : UNEXPECTED_ERROR;
    await this.finish(job, (runs) => runs.markFailed(job.runId, { finishedAt: finishedAt.toISOString(), error: message, segments }));
  }

  /**
   * Records a run's outcome and prunes the insight's old runs in one transaction, then reports
   * both to the listener. Returns the finished run, or undefined when it was no longer refreshing.
   */
  private finish(job: RunJob, mark: (runs: RunStore) => Promise<InsightRun | undefined>): Promise<InsightRun | undefined> {
    return this.connections.write(async (engine) => {
      const runs = new RunStore(engine);
      const { finished, pruned } = await engine.transaction(async () => {
        const run = await mark(runs);
        return { finished: run, pruned: run ? await runs.prune(job.insightId) : [] };
      });
      if (finished) this.listener.runChanged(finished);
      this.listener.runsPruned(job.insightId, pruned);
      return finished;
    });
  }
}
