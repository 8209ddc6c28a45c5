import { randomUUID } from 'node:crypto';

import { ConflictError, NotFoundError } from '../core/errors.js';
import type { Engine } from '../engines/engine.js';
import { SegmentStore } from '../workspace/segment-store.js';
import { InsightIndex } from './insight-index.js';
import { resolveDefinition, type InsightDefinition, type InsightDefinitionInput } from './insight-definition.js';
import { InsightStore, type SavedInsight } from './insight-store.js';
import type { InsightDetail, InsightSummary, ResultPart } from './insight-views.js';
import { DEFAULT_RUN_CONCURRENCY, JobRunner } from './job-runner.js';
import { readProfileSource } from './profile-source.js';
import { ResultCache } from './result-cache.js';
import { RunExecutor, type RunJob } from './run-executor.js';
import { RunStore, type InsightRun } from './run-store.js';
import { SILENT_LOGGER, type ServiceLogger } from './service-logger.js';
import { checkDescription, checkName, checkNotIdForm, MAX_DISPLAY_NAME_LENGTH } from './text-limits.js';
import type { WorkspaceConnections } from './workspace-connections.js';

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
 * Saved insights and their lifecycle. Creating one saves it and queues its first run, an edit
 * queues another, and a refresh queues another unless one is in progress. Runs compute in the background, and a failed
 * run leaves the last successful result on show. Lists, states and runs are read from an
 * in-memory index kept in step with every write, so those reads run no query. A result is read
 * from the workspace once per successful run.
 */
export class InsightService {
  private index = new InsightIndex();
  private readonly results = new ResultCache();
  /** The last detail of each insight, returned again while its summary and result are the same objects. */
  private readonly details = new Map<string, InsightDetail>();
  private readonly runner: JobRunner<RunJob>;
  private readonly executor: RunExecutor;
  private readonly logger: ServiceLogger;

  constructor(
    private readonly connections: WorkspaceConnections,
    private readonly options: InsightServiceOptions,
  ) {
    this.logger = options.logger ?? SILENT_LOGGER;
    this.executor = new RunExecutor(connections, this.logger, {
      runChanged: (run) => this.index.putRun(run),
      runsPruned: (insightId, runIds) => this.index.dropRuns(insightId, runIds),
    });
    this.runner = new JobRunner<RunJob>(
      options.concurrency ?? DEFAULT_RUN_CONCURRENCY,
      (job) => this.executor.perform(job),
      (job, error) => this.logger.error({ insightId: job.insightId, runId: job.runId, err: error }, 'run crashed'),
      // Runs of one insight compute one after the other, so the run an edit queues starts only
      // once the run computing the old definition has finished.
      (job) => job.insightId,
    );
  }

  /**
   * Marks the runs a previous server left refreshing as failed, then loads the index. Only one
   * process can hold the workspace, so no live job owns those runs.
   */
  async start(): Promise<number> {
    const interrupted = await this.failRefreshingRuns();
    this.index = await this.connections.read((engine) => InsightIndex.load(engine));
    return interrupted;
  }

  /** Returns every insight's summary: the same array while no insight changes. */
  list(): readonly InsightSummary[] {
    return this.index.summaries();
  }

  async get(idOrName: string): Promise<InsightDetail> {
    const insight = this.find(idOrName);
    const summary = this.index.summary(insight.id) as InsightSummary;
    const latest = this.index.latestSuccessful(insight.id);
    const part = await this.results.get(insight.id, insight.kind, latest?.id, () =>
      this.connections.read((engine) => new RunStore(engine).latestResults(insight.id, 2)),
    );

    const previous = this.details.get(insight.id);
    if (previous && sameParts(previous, summary, part)) return previous;
    const detail = { ...summary, ...part };
    this.details.set(insight.id, detail);
    return detail;
  }

  /** Returns the insight's runs, newest first: the same array while they do not change. */
  runs(idOrName: string): readonly InsightRun[] {
    return this.index.runs(this.find(idOrName).id);
  }

  /** Saves an insight and queues its first run; the insight comes back refreshing. */
  async create(input: CreateInsightInput): Promise<InsightDetail> {
    const texts = checkTexts(input);
    checkNotIdForm(texts.name, 'insight');

    const run = await this.connections.write(async (engine) => {
      if (this.index.find(texts.name)) throw nameTaken(texts.name);
      const definition = await this.resolve(engine, input.definition);

      const createdAt = now();
      const insight: SavedInsight = {
        id: randomUUID(),
        ...texts,
        kind: definition.kind,
        profileTable: this.options.profileTable,
        definition,
        createdAt,
        updatedAt: createdAt,
      };
      const firstRun = await engine.transaction(async () => {
        await new InsightStore(engine).insert(insight);
        return new RunStore(engine).insertQueued(insight.id, createdAt);
      });
      this.index.add(insight, firstRun);
      return firstRun;
    });

    this.queueRun(run, 'create');
    return this.get(run.insightId);
  }

  /**
   * Saves an insight's new names, description and definition, checked as on create, and queues a
   * run; the insight comes back refreshing. A run already computing finishes with the definition
   * it started with, and the new run starts after it. A run still waiting in the queue computes
   * the new definition, so it is returned instead of queuing a second one.
   */
  async update(idOrName: string, input: CreateInsightInput): Promise<InsightDetail> {
    const texts = checkTexts(input);

    const outcome = await this.connections.write(async (engine) => {
      const current = this.find(idOrName);
      const holder = this.index.findByName(texts.name);
      if (holder && holder.id !== current.id) throw nameTaken(texts.name);
      if (texts.name !== current.name) checkNotIdForm(texts.name, 'insight');
      const definition = await this.resolve(engine, input.definition);
      const updated: SavedInsight = { ...current, ...texts, kind: definition.kind, definition, updatedAt: now() };

      const waiting = this.index.waiting(current.id);
      const run = await engine.transaction(async () => {
        await new InsightStore(engine).update(updated);
        return waiting ?? new RunStore(engine).insertQueued(current.id, updated.updatedAt);
      });
      this.index.replace(updated);
      this.index.putRun(run);
      return { run, queued: waiting === undefined };
    });

    if (outcome.queued) this.queueRun(outcome.run, 'edit');
    return this.get(outcome.run.insightId);
  }

  /** Queues a new run, or returns the run in progress when the insight is already refreshing. */
  async refresh(idOrName: string): Promise<RefreshOutcome> {
    const outcome = await this.connections.write(async (engine) => {
      const insight = this.find(idOrName);
      const running = this.index.refreshing(insight.id);
      if (running) return { run: running, started: false };

      const run = await new RunStore(engine).insertQueued(insight.id, now());
      this.index.putRun(run);
      return { run, started: true };
    });

    if (outcome.started) this.queueRun(outcome.run, 'refresh');
    return outcome;
  }

  /** Deletes an insight and its runs; segments and profiles stay as they are. */
  async remove(idOrName: string): Promise<SavedInsight> {
    const insight = await this.connections.write(async (engine) => {
      const found = this.find(idOrName);
      await engine.transaction(() => new InsightStore(engine).remove([found.id]));
      this.forget([found.id]);
      return found;
    });
    this.logger.info({ insightId: insight.id }, 'insight deleted');
    return insight;
  }

  /** Drops the queued runs, index entries and results of insights deleted from the workspace. */
  forget(insightIds: readonly string[]): void {
    this.runner.remove((job) => insightIds.includes(job.insightId));
    for (const id of insightIds) {
      this.index.remove(id);
      this.results.forget(id);
      this.details.delete(id);
    }
  }

  /** Rereads the segments after they changed, so summaries show their current names and whether results are out of date. */
  segmentsChanged(engine: Engine): Promise<void> {
    return this.index.reloadSegments(engine);
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
    await this.failRefreshingRuns();
    return finished;
  }

  private async failRefreshingRuns(): Promise<number> {
    const interrupted = await this.connections.write(async (engine) => {
      const runs = await new RunStore(engine).failAllRefreshing(INTERRUPTED_ERROR, now());
      for (const run of runs) this.index.putRun(run);
      return runs;
    });
    for (const run of interrupted) {
      this.logger.warn({ insightId: run.insightId, runId: run.id, status: 'failed', reason: 'interrupted' }, 'run state changed');
    }
    return interrupted.length;
  }

  private queueRun(run: InsightRun, trigger: 'create' | 'refresh' | 'edit'): void {
    this.logger.info({ insightId: run.insightId, runId: run.id, status: 'refreshing', trigger }, 'run state changed');
    this.runner.enqueue({ insightId: run.insightId, runId: run.id });
  }

  /** Checks a requested definition against the saved segments and the profile fields as they are now. */
  private async resolve(engine: Engine, input: InsightDefinitionInput): Promise<InsightDefinition> {
    const source = await readProfileSource(engine, this.options.profileTable);
    const store = new SegmentStore(engine);
    return resolveDefinition(input, await store.list(), source, await store.loadResolver());
  }

  private find(idOrName: string): SavedInsight {
    const insight = this.index.find(idOrName);
    if (!insight) {
      throw new NotFoundError(`insight "${idOrName}" not found. List the insights with GET /api/insights`, { insight: idOrName });
    }
    return insight;
  }
}

/** Tells whether a detail was built from this summary and result, both compared as objects. */
function sameParts(detail: InsightDetail, summary: InsightSummary, part: ResultPart): boolean {
  const keys = Object.keys(summary) as (keyof InsightSummary)[];
  return (
    keys.every((key) => detail[key] === summary[key]) &&
    detail.result === part.result &&
    detail.changes === part.changes &&
    detail.resultRun === part.resultRun
  );
}

/** Checks the names and description of a create or edit request. */
function checkTexts(input: CreateInsightInput): Pick<SavedInsight, 'name' | 'displayName' | 'description'> {
  return {
    name: checkName(input.name, 'name'),
    displayName: input.displayName ? checkName(input.displayName, 'displayName', MAX_DISPLAY_NAME_LENGTH) : null,
    description: checkDescription(input.description ?? ''),
  };
}

function nameTaken(name: string): ConflictError {
  return new ConflictError(`insight "${name}" already exists. Choose another name or delete it first`, { field: 'name' });
}

function now(): string {
  return new Date().toISOString();
}
