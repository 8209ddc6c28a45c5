import type { Engine, Row } from '../engines/engine.js';
import { parseStoredDefinition, usedSegmentIds, type InsightDefinition, type InsightKind } from './insight-definition.js';

/** An insight as saved in the workspace. */
export interface SavedInsight {
  id: string;
  name: string;
  displayName: string | null;
  description: string;
  kind: InsightKind;
  /** The profile table the insight analyses. */
  profileTable: string;
  definition: InsightDefinition;
  createdAt: string;
  updatedAt: string;
}

/** SQL that writes a TIMESTAMP column as ISO 8601 text in UTC with milliseconds. */
export function isoTimestamp(column: string): string {
  return `strftime(${column}, '%Y-%m-%dT%H:%M:%S.%gZ')`;
}

const SELECT_INSIGHTS = `SELECT id, name, display_name, description, kind, profile_table, definition,
  ${isoTimestamp('created_at')} AS created_at, ${isoTimestamp('updated_at')} AS updated_at
  FROM si_insights`;

/**
 * Saved insights and the segments each one uses. Writes belong inside the caller's transaction
 * where they go with other writes (an insight and its first run land together).
 */
export class InsightStore {
  constructor(private readonly engine: Engine) {}

  async list(): Promise<SavedInsight[]> {
    const rows = await this.engine.query(`${SELECT_INSIGHTS} ORDER BY created_at, name`);
    return rows.map(toSavedInsight);
  }

  /** Finds an insight by id, or by name when no id matches. */
  async find(idOrName: string): Promise<SavedInsight | undefined> {
    const rows = await this.engine.query({
      sql: `${SELECT_INSIGHTS} WHERE id = $1 OR name = $1 ORDER BY (id = $1) DESC LIMIT 1`,
      parameters: [idOrName],
    });
    return rows[0] ? toSavedInsight(rows[0]) : undefined;
  }

  async insert(insight: SavedInsight): Promise<void> {
    await this.engine.execute({
      sql: `INSERT INTO si_insights VALUES ($1, $2, $3, $4, $5, $6, $7, CAST($8 AS TIMESTAMP), CAST($9 AS TIMESTAMP))`,
      parameters: [
        insight.id,
        insight.name,
        insight.displayName,
        insight.description,
        insight.kind,
        insight.profileTable,
        JSON.stringify(insight.definition),
        insight.createdAt,
        insight.updatedAt,
      ],
    });
    await this.linkSegments(insight);
  }

  /** Saves an insight's new names, description and definition, and links the segments it now uses. */
  async update(insight: SavedInsight): Promise<void> {
    await this.engine.execute({
      sql: `UPDATE si_insights SET name = $2, display_name = $3, description = $4, kind = $5, definition = $6,
              updated_at = CAST($7 AS TIMESTAMP)
            WHERE id = $1`,
      parameters: [
        insight.id,
        insight.name,
        insight.displayName,
        insight.description,
        insight.kind,
        JSON.stringify(insight.definition),
        insight.updatedAt,
      ],
    });
    await this.engine.execute({ sql: 'DELETE FROM si_insight_segments WHERE insight_id = $1', parameters: [insight.id] });
    await this.linkSegments(insight);
  }

  /** Removes insights with their runs and segment links; segments and profiles stay. */
  async remove(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    for (const table of ['si_runs', 'si_insight_segments']) {
      await this.engine.execute({ sql: `DELETE FROM ${table} WHERE list_contains($1::VARCHAR[], insight_id)`, parameters: [ids] });
    }
    await this.engine.execute({ sql: 'DELETE FROM si_insights WHERE list_contains($1::VARCHAR[], id)', parameters: [ids] });
  }

  /** Lists the insights that use a segment, in name order. */
  async usingSegment(segmentId: string): Promise<{ id: string; name: string }[]> {
    const rows = await this.engine.query({
      sql: `SELECT DISTINCT i.id, i.name FROM si_insights AS i
            JOIN si_insight_segments AS s ON s.insight_id = i.id
            WHERE s.segment_id = $1 ORDER BY i.name`,
      parameters: [segmentId],
    });
    return rows.map((row) => ({ id: String(row.id), name: String(row.name) }));
  }

  private async linkSegments(insight: SavedInsight): Promise<void> {
    for (const segmentId of usedSegmentIds(insight.definition)) {
      await this.engine.execute({
        sql: 'INSERT INTO si_insight_segments VALUES ($1, $2)',
        parameters: [insight.id, segmentId],
      });
    }
  }
}

function toSavedInsight(row: Row): SavedInsight {
  const definition = parseStoredDefinition(String(row.definition));
  return {
    id: String(row.id),
    name: String(row.name),
    displayName: row.display_name === null ? null : String(row.display_name),
    description: String(row.description ?? ''),
    kind: definition.kind,
    profileTable: String(row.profile_table),
    definition,
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}
