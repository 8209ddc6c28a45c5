import type { Engine } from '../engines/engine.js';
import { InsightStore, type SavedInsight } from './insight-store.js';
import { summariseInsight, type InsightSummary } from './insight-views.js';
import { RunStore, type InsightRun } from './run-store.js';
import { readMemberDigests, type SegmentState } from './segment-versions.js';

interface IndexedInsight {
  insight: SavedInsight;
  /** The insight's runs, newest first, without results. */
  runs: InsightRun[];
}

/**
 * The insights and their runs (without results) held in memory, so lists, states and run
 * histories are read without a query while analyses keep the engine busy. The service changes it
 * right after each write to the workspace, inside the same write turn. The server is the only
 * process writing the workspace, so the two stay the same.
 */
export class InsightIndex {
  private readonly byId = new Map<string, IndexedInsight>();
  private segments = new Map<string, SegmentState>();
  /** Member-list digests with the update time they were read at, so only changed lists are read again. */
  private readonly digests = new Map<string, { updatedAt: string; digest: string }>();
  /**
   * Summaries built since the last change, kept so that an unchanged insight is the same object
   * on every read and callers can cache what they derive from it.
   */
  private readonly summaryMemo = new Map<string, InsightSummary>();
  private summariesMemo: InsightSummary[] | undefined;

  /** Reads every insight, run and segment name from the workspace. */
  static async load(engine: Engine): Promise<InsightIndex> {
    const index = new InsightIndex();
    for (const insight of await new InsightStore(engine).list()) index.byId.set(insight.id, { insight, runs: [] });
    for (const run of await new RunStore(engine).listAll()) index.byId.get(run.insightId)?.runs.push(run);
    await index.reloadSegments(engine);
    return index;
  }

  /**
   * Rereads the saved segments' names and contents, which insight summaries show and compare
   * with the segments their result used.
   */
  async reloadSegments(engine: Engine): Promise<void> {
    const rows = await engine.query('SELECT id, name, kind, rule_text, CAST(updated_at AS VARCHAR) AS updated_at FROM si_segments');
    await this.refreshDigests(engine, rows.filter((row) => row.kind === 'static'));

    this.segments = new Map(
      rows.map((row) => {
        const id = String(row.id);
        const kind = row.kind === 'static' ? 'static' : 'rule';
        const ruleText = row.rule_text === null ? null : String(row.rule_text);
        return [id, { name: String(row.name), kind, ruleText, members: this.digests.get(id)?.digest ?? null }];
      }),
    );
    this.summaryMemo.clear();
    this.summariesMemo = undefined;
  }

  private async refreshDigests(engine: Engine, staticRows: readonly Record<string, unknown>[]): Promise<void> {
    const changed = staticRows.filter((row) => this.digests.get(String(row.id))?.updatedAt !== String(row.updated_at));
    const read = await readMemberDigests(engine, changed.map((row) => String(row.id)));
    for (const row of changed) this.digests.set(String(row.id), { updatedAt: String(row.updated_at), digest: read.get(String(row.id)) ?? '' });

    const kept = new Set(staticRows.map((row) => String(row.id)));
    for (const id of this.digests.keys()) if (!kept.has(id)) this.digests.delete(id);
  }

  /** Finds an insight by id, or by name when no id matches. */
  find(idOrName: string): SavedInsight | undefined {
    return this.byId.get(idOrName)?.insight ?? this.findByName(idOrName);
  }

  findByName(name: string): SavedInsight | undefined {
    for (const entry of this.byId.values()) if (entry.insight.name === name) return entry.insight;
    return undefined;
  }

  add(insight: SavedInsight, firstRun: InsightRun): void {
    this.byId.set(insight.id, { insight, runs: [firstRun] });
    this.changed(insight.id);
  }

  /** Replaces an insight after an edit, keeping its runs. */
  replace(insight: SavedInsight): void {
    const entry = this.byId.get(insight.id);
    if (!entry) return;
    entry.insight = insight;
    this.changed(insight.id);
  }

  remove(insightId: string): void {
    this.byId.delete(insightId);
    this.changed(insightId);
  }

  /** Adds a run or replaces the one with its id, keeping the newest first. */
  putRun(run: InsightRun): void {
    const entry = this.byId.get(run.insightId);
    if (!entry) return;
    const runs = entry.runs.filter((candidate) => candidate.id !== run.id);
    runs.push(run);
    entry.runs = runs.sort((a, b) => b.sequence - a.sequence);
    this.changed(run.insightId);
  }

  dropRuns(insightId: string, runIds: readonly string[]): void {
    const entry = this.byId.get(insightId);
    if (!entry || runIds.length === 0) return;
    entry.runs = entry.runs.filter((run) => !runIds.includes(run.id));
    this.changed(insightId);
  }

  /** Returns the insight's runs, newest first: the same array until its runs change. */
  runs(insightId: string): readonly InsightRun[] {
    return this.byId.get(insightId)?.runs ?? [];
  }

  /** Returns the run in progress of an insight, if any: the newest one when a second waits behind the first. */
  refreshing(insightId: string): InsightRun | undefined {
    return this.byId.get(insightId)?.runs.find((run) => run.status === 'refreshing');
  }

  /** Returns the insight's run that is queued and has not started computing, if any. */
  waiting(insightId: string): InsightRun | undefined {
    return this.byId.get(insightId)?.runs.find((run) => run.status === 'refreshing' && run.startedAt === null);
  }

  latestSuccessful(insightId: string): InsightRun | undefined {
    return this.byId.get(insightId)?.runs.find((run) => run.status === 'successful');
  }

  summary(insightId: string): InsightSummary | undefined {
    const memo = this.summaryMemo.get(insightId);
    if (memo) return memo;

    const entry = this.byId.get(insightId);
    if (!entry) return undefined;
    const summary = summariseInsight(entry.insight, entry.runs[0], this.latestSuccessful(insightId), this.segments);
    this.summaryMemo.set(insightId, summary);
    return summary;
  }

  /** Returns every insight's summary, oldest first: the same array until an insight changes. */
  summaries(): readonly InsightSummary[] {
    this.summariesMemo ??= [...this.byId.values()]
      .sort((a, b) => a.insight.createdAt.localeCompare(b.insight.createdAt) || a.insight.name.localeCompare(b.insight.name))
      .map((entry) => this.summary(entry.insight.id) as InsightSummary);
    return this.summariesMemo;
  }

  private changed(insightId: string): void {
    this.summaryMemo.delete(insightId);
    this.summariesMemo = undefined;
  }
}
