import { randomUUID } from 'node:crypto';

import { ConflictError, NotFoundError } from '../core/errors.js';
import type { Engine } from '../engines/engine.js';
import { SegmentStore } from '../workspace/segment-store.js';
import { resolveDefinition, type InsightDefinitionInput } from './insight-definition.js';
import { InsightStore, type SavedInsight } from './insight-store.js';
import { detailInsight, summariseInsight, type InsightDetail, type InsightSummary } from './insight-views.js';
import { readProfileSource } from './profile-source.js';
import { RunExecutor, type RunJob } from './run-executor.js';
import { RunStore, type InsightRun } from './run-store.js';
import { SILENT_LOGGER, type ServiceLogger } from './service-logger.js';
import { checkDescription, checkName, MAX_DISPLAY_NAME_LENGTH } from './text-limits.js';
import { ViewCache } from './view-cache.js';
import type { WorkspaceConnections } from './workspace-connections.js';
import { DEFAULT_RUN_CONCURRENCY, JobRunner } from './job-runner.js';

/** The reason a run gets when the server stops, or crashed, while it was refreshing. */
export const INTERRUPTED_ERROR = 'interrupted: the server stopped during this run. Refresh the insight to run it again';

export interface CreateInsightInput {
  name: string;
  displayName?: string | null;
  description?: string;
  definition: InsightDefinitionInput;
}

export interface InsightServiceOptions {
  profileTable: string;
  /** Runs computed at the same time; more wait in the queue. */
  concurrency?: number;
  logger?: ServiceLogger;
}

/** The outcome of a refresh request: the new run, or the one already in progress. */
export interface RefreshOutcome {
  run: InsightRun;
  started: boolean;
}

/**
 * Saved insights and their lifecycle. Creating one saves it and queues its first run, and a
 * refresh queues another unless one is in progress. Runs compute in the background, and a failed
 * run leaves the last successful result on show.
 */
export class InsightService {
  private readonly views = new ViewCache<InsightDetail, InsightSummary[]>();
  private readonly runner: JobRunner<RunJob>;
  private readonly executor: RunExecutor;
  private readonly logger: ServiceLogger;

  constructor(
    private readonly connections: WorkspaceConnections,
    private readonly options: InsightServiceOptions,
  ) {
    this.logger = options.logger ?? SILENT_LOGGER;
    this.executor = new RunExecutor(connections, this.logger, (insightId) => this.views.invalidate(insightId));
    this.runner = new JobRunner<RunJob>(
      options.concurrency ?? DEFAULT_RUN_CONCURRENCY,
      (job) => this.executor.perform(job),
      (job, error) => this.logger.error({ insightId: job.insightId, runId: job.runId, err: error }, 'run crashed'),
    );
  }

  /**
   * Marks the runs a previous server left refreshing as failed: only one process can hold the
   * workspace, so no live job owns them.
   */
  async recoverInterruptedRuns(): Promise<number> {
    const interrupted = await this.connections.write((engine) => new RunStore(engine).failAllRefreshing(INTERRUPTED_ERROR, now()));
    for (const run of interrupted) {
      this.logger.warn({ insightId: run.insightId, runId: run.runId, status: 'failed', reason: 'interrupted' }, 'run state changed');
    }
    this.views.invalidateAll();
    return interrupted.length;
  }

  async list(): Promise<InsightSummary[]> {
    const cached = this.views.list();
    if (cached) return cached;

    const generation = this.views.listGenerationNow();
    const summaries = await this.connections.read(async (engine) => {
      const runs = new RunStore(engine);
      const [insights, latest, successful, names] = [
        await new InsightStore(engine).list(),
        await runs.latestOfEach(),
        await runs.latestSuccessfulOfEach(),
        await segmentNames(engine),
      ];
      return insights.map((insight) => summariseInsight(insight, latest.get(insight.id), successful.get(insight.id), names));
    });
    this.views.keepList(generation, summaries);
    return summaries;
  }

  async get(idOrName: string): Promise<InsightDetail> {
    const cachedById = this.views.detail(idOrName);
    if (cachedById) return cachedById;

    const known = await this.connections.read((engine) => findInsight(engine, idOrName));
    const cached = this.views.detail(known.id);
    if (cached) return cached;

    const generation = this.views.detailGeneration(known.id);
    const detail = await this.connections.read(async (engine) => {
      const insight = await findInsight(engine, known.id);
      const runs = new RunStore(engine);
      const history = await runs.listForInsight(insight.id);
      const results = await runs.latestResults(insight.id, 2);
      const summary = summariseInsight(insight, history[0], results[0]?.run, await segmentNames(engine));
      return detailInsight(summary, results);
    });
    this.views.keepDetail(known.id, generation, detail);
    return detail;
  }

  async runs(idOrName: string): Promise<InsightRun[]> {
    return this.connections.read(async (engine) => {
      const insight = await findInsight(engine, idOrName);
      return new RunStore(engine).listForInsight(insight.id);
    });
  }

  /** Saves an insight and queues its first run; the insight comes back refreshing. */
  async create(input: CreateInsightInput): Promise<InsightDetail> {
    const name = checkName(input.name, 'name');
    const displayName = input.displayName ? checkName(input.displayName, 'displayName', MAX_DISPLAY_NAME_LENGTH) : null;
    const description = checkDescription(input.description ?? '');

    const { insight, run } = await this.connections.write(async (engine) => {
      const source = await readProfileSource(engine, this.options.profileTable);
      const definition = resolveDefinition(input.definition, await new SegmentStore(engine).list(), source);
      const store = new InsightStore(engine);
      if (await store.find(name)) {
        throw new ConflictError(`insight "${name}" already exists. Choose another name or delete it first`, { field: 'name' });
      }

      const createdAt = now();
      const saved: SavedInsight = {
        id: randomUUID(),
        name,
        displayName,
        description,
        kind: definition.kind,
        profileTable: this.options.profileTable,
        definition,
        createdAt,
        updatedAt: createdAt,
      };
      return engine.transaction(async () => {
        await store.insert(saved);
        return { insight: saved, run: await new RunStore(engine).insertQueued(saved.id, createdAt) };
      });
    });

    this.logger.info({ insightId: insight.id, runId: run.id, status: 'refreshing', trigger: 'create' }, 'run state changed');
    this.views.invalidate(insight.id);
    this.runner.enqueue({ insightId: insight.id, runId: run.id });
    return this.get(insight.id);
  }

  /** Queues a new run, or returns the run in progress when the insight is already refreshing. */
  async refresh(idOrName: string): Promise<RefreshOutcome> {
    const outcome = await this.connections.write(async (engine) => {
      const insight = await findInsight(engine, idOrName);
      const runs = new RunStore(engine);
      const running = await runs.inProgress(insight.id);
      if (running) return { run: running, started: false };
      return { run: await runs.insertQueued(insight.id, now()), started: true };
    });

    if (outcome.started) {
      this.logger.info({ insightId: outcome.run.insightId, runId: outcome.run.id, status: 'refreshing', trigger: 'refresh' }, 'run state changed');
      this.views.invalidate(outcome.run.insightId);
      this.runner.enqueue({ insightId: outcome.run.insightId, runId: outcome.run.id });
    }
    return outcome;
  }

  /** Deletes an insight and its runs; segments and profiles stay as they are. */
  async remove(idOrName: string): Promise<SavedInsight> {
    const insight = await this.connections.write(async (engine) => {
      const found = await findInsight(engine, idOrName);
      await engine.transaction(() => new InsightStore(engine).remove([found.id]));
      return found;
    });
    this.forget([insight.id]);
    this.logger.info({ insightId: insight.id }, 'insight deleted');
    return insight;
  }

  /** Drops queued runs and cached views of insights deleted by another operation. */
  forget(insightIds: readonly string[]): void {
    this.runner.remove((job) => insightIds.includes(job.insightId));
    for (const id of insightIds) this.views.invalidate(id);
  }

  /** Forgets every cached view, after a change that insights show (a segment renamed). */
  invalidateViews(): void {
    this.views.invalidateAll();
  }

  /** Resolves once no run is queued or computing. */
  whenIdle(): Promise<void> {
    return this.runner.whenIdle();
  }

  /**
   * Stops the queue, waits up to `graceMs` for the runs computing, and marks every run still
   * refreshing as interrupted, so none is left refreshing with no job behind it. Returns false
   * when runs were still computing after the grace period.
   */
  async stop(graceMs: number): Promise<boolean> {
    this.runner.stop();
    const finished = await this.runner.waitForRunning(graceMs);
    this.executor.stop();
    await this.recoverInterruptedRuns();
    return finished;
  }
}

async function findInsight(engine: Engine, idOrName: string): Promise<SavedInsight> {
  const insight = await new InsightStore(engine).find(idOrName);
  if (!insight) {
    throw new NotFoundError(`insight "${idOrName}" not found. List the insights with GET /api/insights`, { insight: idOrName });
  }
  return insight;
}

async function segmentNames(engine: Engine): Promise<Map<string, string>> {
  const rows = await engine.query('SELECT id, name FROM si_segments');
  return new Map(rows.map((row) => [String(row.id), String(row.name)]));
}

function now(): string {
  return new Date().toISOString();
}
