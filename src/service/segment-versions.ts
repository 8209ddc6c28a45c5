import type { Engine } from '../engines/engine.js';
import type { SegmentSnapshot } from './run-store.js';

/** A saved segment's name and content as they are now, to compare with a run's snapshot of it. */
export interface SegmentState {
  name: string;
  kind: 'rule' | 'static';
  ruleText: string | null;
  /** For member lists: the digest of the keys (see readMemberDigests); null for rule segments. */
  members: string | null;
}

export const SEGMENT_CHANGES = ['rule', 'members', 'deleted'] as const;
export type SegmentChange = (typeof SEGMENT_CHANGES)[number];

/** A segment whose rule or members differ from what a run used, or that no longer exists. */
export interface ChangedSegment {
  id: string;
  /** The current name, or the name at the run for a deleted segment. */
  name: string;
  change: SegmentChange;
}

/** Digest of a member list without keys. */
const EMPTY_DIGEST = '0:0';

/**
 * Reads a digest of the keys of each static segment named: the number of keys and the XOR of
 * their 64-bit hashes, as text. Equal key sets give equal digests; a changed set gives a
 * different one unless its hashes collide, which for 64-bit hashes is negligibly rare.
 */
export async function readMemberDigests(engine: Engine, segmentIds: readonly string[]): Promise<Map<string, string>> {
  const digests = new Map<string, string>(segmentIds.map((id) => [id, EMPTY_DIGEST]));
  if (segmentIds.length === 0) return digests;

  const rows = await engine.query({
    sql: `SELECT segment_id, count(*) AS members, CAST(bit_xor(hash(key)) AS VARCHAR) AS hashes
          FROM si_segment_members WHERE list_contains($1::VARCHAR[], segment_id) GROUP BY segment_id`,
    parameters: [[...segmentIds]],
  });
  for (const row of rows) digests.set(String(row.segment_id), `${Number(row.members)}:${String(row.hashes)}`);
  return digests;
}

/** Adds the digest of their keys to the member lists of a run's snapshot, so a later change to them shows. */
export async function addMemberDigests(engine: Engine, snapshot: readonly SegmentSnapshot[]): Promise<SegmentSnapshot[]> {
  const staticIds = snapshot.filter((segment) => segment.kind === 'static').map((segment) => segment.id);
  const digests = await readMemberDigests(engine, staticIds);
  return snapshot.map((segment) => {
    const members = digests.get(segment.id);
    return members === undefined ? segment : { ...segment, members };
  });
}

/**
 * Lists the segments of a run's snapshot whose rule or members differ now, or that are gone, in
 * snapshot order. A member list snapshotted without a digest (by an older version) cannot be
 * compared and counts as unchanged.
 */
export function findChangedSegments(snapshot: readonly SegmentSnapshot[] | null, current: ReadonlyMap<string, SegmentState>): ChangedSegment[] {
  const changed: ChangedSegment[] = [];
  for (const used of snapshot ?? []) {
    const now = current.get(used.id);
    if (!now) {
      changed.push({ id: used.id, name: used.name, change: 'deleted' });
    } else if (used.kind === 'rule' && now.ruleText !== used.ruleText) {
      changed.push({ id: used.id, name: now.name, change: 'rule' });
    } else if (used.kind === 'static' && used.members !== undefined && now.members !== used.members) {
      changed.push({ id: used.id, name: now.name, change: 'members' });
    }
  }
  return changed;
}
