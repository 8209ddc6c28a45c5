import { randomUUID } from 'node:crypto';

import type { Engine, Row } from '../engines/engine.js';
import { parseStoredDefinition, type InsightDefinition } from './insight-definition.js';
import { isoTimestamp } from './insight-store.js';

export const RUN_STATUSES = ['refreshing', 'successful', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Runs kept per insight beyond the two latest successful ones, which are always kept. */
export const KEPT_RUNS = 10;

/** A saved segment as a run found it, so an old result stays readable after the segment changes. */
export interface SegmentSnapshot {
  id: string;
  name: string;
  kind: 'rule' | 'static';
  ruleText: string | null;
  /** For member lists: the digest of their keys at the run, to tell later whether they changed; absent in older runs. */
  members?: string;
}

/** One computation of an insight: queued and running ("refreshing"), then successful or failed. */
export interface InsightRun {
  id: string;
  insightId: string;
  /** 1 for an insight's first run, counting up. */
  sequence: number;
  status: RunStatus;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Time from start to finish in milliseconds; null until the run finishes. */
  durationMs: number | null;
  /** Customers in the profile table when the run read it. */
  profiles: number | null;
  error: string | null;
  /** The segments the run used, including those their rules refer to. */
  segments: SegmentSnapshot[] | null;
  /** The definition the run computed, read when it started; null while it waits in the queue. */
  definition: InsightDefinition | null;
}

/** A successful run with its result, as JSON text. */
export interface RunResult {
  run: InsightRun;
  resultJson: string;
}

const RUN_COLUMNS = `id, insight_id, sequence, status, ${isoTimestamp('queued_at')} AS queued_at,
  ${isoTimestamp('started_at')} AS started_at, ${isoTimestamp('finished_at')} AS finished_at,
  profiles, error, segments, definition`;

/** The runs of insights, with their results. */
export class RunStore {
  constructor(private readonly engine: Engine) {}

  /** Reads the latest successful runs of an insight with their results, newest first. */
  async latestResults(insightId: string, count: number): Promise<RunResult[]> {
    const rows = await this.engine.query({
      sql: `SELECT ${RUN_COLUMNS}, result FROM si_runs WHERE insight_id = $1 AND status = 'successful'
            ORDER BY sequence DESC LIMIT $2`,
      parameters: [insightId, count],
    });
    return rows.map((row) => ({ run: toRun(row), resultJson: String(row.result) }));
  }

  /** Adds a run in state refreshing, numbered after the insight's latest run. */
  async insertQueued(insightId: string, queuedAt: string): Promise<InsightRun> {
    const id = randomUUID();
    await this.engine.execute({
      sql: `INSERT INTO si_runs (id, insight_id, sequence, status, queued_at)
            SELECT $1, $2, coalesce(max(sequence), 0) + 1, 'refreshing', CAST($3 AS TIMESTAMP)
            FROM si_runs WHERE insight_id = $2`,
      parameters: [id, insightId, queuedAt],
    });
    const rows = await this.engine.query({ sql: `SELECT ${RUN_COLUMNS} FROM si_runs WHERE id = $1`, parameters: [id] });
    if (!rows[0]) throw new Error(`run ${id} was not saved`);
    return toRun(rows[0]);
  }

  /**
   * Records the start of a run and the definition it computes; undefined when the run is no
   * longer refreshing (deleted or interrupted).
   */
  async markStarted(runId: string, startedAt: string, definition: InsightDefinition): Promise<InsightRun | undefined> {
    return this.updateRefreshing(runId, 'started_at = CAST($2 AS TIMESTAMP), definition = $3', [startedAt, JSON.stringify(definition)]);
  }

  /** Saves a run's result; undefined when the run is no longer refreshing. */
  async markSuccessful(
    runId: string,
    outcome: { finishedAt: string; profiles: number; segments: SegmentSnapshot[]; resultJson: string },
  ): Promise<InsightRun | undefined> {
    return this.updateRefreshing(
      runId,
      `status = 'successful', finished_at = CAST($2 AS TIMESTAMP), profiles = $3, segments = $4, result = $5`,
      [outcome.finishedAt, outcome.profiles, JSON.stringify(outcome.segments), outcome.resultJson],
    );
  }

  async markFailed(
    runId: string,
    outcome: { finishedAt: string; error: string; segments: SegmentSnapshot[] | null },
  ): Promise<InsightRun | undefined> {
    return this.updateRefreshing(
      runId,
      `status = 'failed', finished_at = CAST($2 AS TIMESTAMP), error = $3, segments = $4`,
      [outcome.finishedAt, outcome.error, outcome.segments === null ? null : JSON.stringify(outcome.segments)],
    );
  }

  /** Marks every run still refreshing as failed with `error`, returning those runs. */
  async failAllRefreshing(error: string, finishedAt: string): Promise<InsightRun[]> {
    const rows = await this.engine.query({
      sql: `UPDATE si_runs SET status = 'failed', finished_at = CAST($2 AS TIMESTAMP), error = $1
            WHERE status = 'refreshing' RETURNING ${RUN_COLUMNS}`,
      parameters: [error, finishedAt],
    });
    return rows.map(toRun);
  }

  /**
   * Deletes an insight's older runs, keeping the latest `KEPT_RUNS` and the two latest
   * successful ones, which hold the result on show and the one it is compared with. Returns
   * the ids of the deleted runs.
   */
  async prune(insightId: string): Promise<string[]> {
    const rows = await this.engine.query({
      sql: `DELETE FROM si_runs WHERE insight_id = $1
              AND sequence <= (SELECT max(sequence) FROM si_runs WHERE insight_id = $1) - $2
              AND id NOT IN (SELECT id FROM si_runs WHERE insight_id = $1 AND status = 'successful'
                             ORDER BY sequence DESC LIMIT 2)
            RETURNING id`,
      parameters: [insightId, KEPT_RUNS],
    });
    return rows.map((row) => String(row.id));
  }

  /** Reads every run of every insight, newest first within each insight, without results. */
  async listAll(): Promise<InsightRun[]> {
    const rows = await this.engine.query(`SELECT ${RUN_COLUMNS} FROM si_runs ORDER BY insight_id, sequence DESC`);
    return rows.map(toRun);
  }

  private async updateRefreshing(runId: string, assignments: string, values: (string | number | null)[]): Promise<InsightRun | undefined> {
    const rows = await this.engine.query({
      sql: `UPDATE si_runs SET ${assignments} WHERE id = $1 AND status = 'refreshing' RETURNING ${RUN_COLUMNS}`,
      parameters: [runId, ...values],
    });
    return rows[0] ? toRun(rows[0]) : undefined;
  }
}

function toRun(row: Row): InsightRun {
  const startedAt = row.started_at === null ? null : String(row.started_at);
  const finishedAt = row.finished_at === null ? null : String(row.finished_at);
  return {
    id: String(row.id),
    insightId: String(row.insight_id),
    sequence: Number(row.sequence),
    status: String(row.status) as RunStatus,
    queuedAt: String(row.queued_at),
    startedAt,
    finishedAt,
    durationMs: startedAt !== null && finishedAt !== null ? Date.parse(finishedAt) - Date.parse(startedAt) : null,
    profiles: row.profiles === null ? null : Number(row.profiles),
    error: row.error === null ? null : String(row.error),
    segments: row.segments === null ? null : (JSON.parse(String(row.segments)) as SegmentSnapshot[]),
    definition: row.definition === null ? null : parseStoredDefinition(String(row.definition)),
  };
}
