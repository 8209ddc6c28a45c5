import type { Engine } from '../engines/engine.js';

/**
 * Writes to the saved segments that the workspace's segment store does not offer: changing a
 * segment in place, replacing a member list, and removing a segment inside a caller's
 * transaction. Callers check names and rules first.
 */
export async function updateSegmentRow(
  engine: Engine,
  id: string,
  changes: { name: string; description: string; ruleText: string | null },
): Promise<void> {
  await engine.execute({
    sql: `UPDATE si_segments SET name = $2, description = $3, rule_text = $4, updated_at = current_timestamp WHERE id = $1`,
    parameters: [id, changes.name, changes.description, changes.ruleText],
  });
}

/** Replaces a static segment's members with the keys of a relation, and its member report. */
export async function replaceSegmentMembers(
  engine: Engine,
  id: string,
  keys: readonly string[],
  memberReport: Record<string, unknown>,
): Promise<void> {
  await engine.execute({ sql: 'DELETE FROM si_segment_members WHERE segment_id = $1', parameters: [id] });
  await engine.execute({ sql: 'INSERT INTO si_segment_members SELECT $1, unnest($2::VARCHAR[])', parameters: [id, keys] });
  await engine.execute({
    sql: 'UPDATE si_segments SET member_report = $2, updated_at = current_timestamp WHERE id = $1',
    parameters: [id, JSON.stringify(memberReport)],
  });
}

/** Removes a segment and its member list; call inside a transaction with the related writes. */
export async function deleteSegmentRows(engine: Engine, id: string): Promise<void> {
  await engine.execute({ sql: 'DELETE FROM si_segment_members WHERE segment_id = $1', parameters: [id] });
  await engine.execute({ sql: 'DELETE FROM si_segments WHERE id = $1', parameters: [id] });
}
