import { checkSegmentName } from '../analyses/segment-input.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../core/errors.js';
import type { Engine } from '../engines/engine.js';
import { referencedSegments } from '../rules/rule-checker.js';
import { parseRule } from '../rules/rule-parser.js';
import { SegmentStore, type SavedSegment } from '../workspace/segment-store.js';
import { checkNotIdForm } from './text-limits.js';

/** Maximum number of entries in a member list, whether sent as JSON or as a text upload. */
export const MAX_MEMBER_ENTRIES = 2_000_000;

/** The kind-specific part of requested segment changes: a rule or a member list. */
export interface SegmentKindChanges {
  rule?: unknown;
  members?: unknown[];
}

export async function findSegment(engine: Engine, idOrName: string): Promise<SavedSegment> {
  const segment = await new SegmentStore(engine).find(idOrName);
  if (!segment) {
    throw new NotFoundError(`segment "${idOrName}" not found. List the segments with GET /api/segments`, { segment: idOrName });
  }
  return segment;
}

/**
 * A member list with more entries than MAX_MEMBER_ENTRIES. It is bad input like any other, and the
 * HTTP API responds to it with 413, as to bodies over its byte limits.
 */
export class MemberListTooLargeError extends InvalidInputError {}

export function checkEntryCount(entries: number): void {
  if (entries > MAX_MEMBER_ENTRIES) {
    throw new MemberListTooLargeError(
      `the member list has ${entries} entries; the limit is ${MAX_MEMBER_ENTRIES}. Split it into several segments`,
      { field: 'members', entries, limitEntries: MAX_MEMBER_ENTRIES },
    );
  }
}

/** Checks the name of a new or renamed segment and returns it trimmed and NFC-normalised. */
export function checkNewSegmentName(name: string): string {
  const checked = checkSegmentName(name);
  checkNotIdForm(checked, 'segment');
  return checked;
}

export function checkKindUnchanged(segment: SavedSegment, changes: SegmentKindChanges): void {
  if (segment.kind === 'static' && changes.rule !== undefined) {
    throw new InvalidInputError(
      `segment "${segment.name}" is a member list, so it has no rule. Send "members" to replace its members, or create a rule segment`,
      { field: 'rule' },
    );
  }
  if (segment.kind === 'rule' && changes.members !== undefined) {
    throw new InvalidInputError(
      `segment "${segment.name}" is defined by a rule, so it has no member list. Send "rule" to change it, or create a member-list segment`,
      { field: 'members' },
    );
  }
}

/**
 * Rejects a name in use before the rule is checked, so a new segment named like one its rule
 * refers to gets the conflict, not a segment cycle.
 */
export async function checkNameFree(store: SegmentStore, name: string, except?: SavedSegment): Promise<void> {
  const taken = await store.find(name);
  if (taken && taken.id !== except?.id) {
    throw new ConflictError(`segment "${name}" already exists. Choose another name`, { field: 'name', segment: name });
  }
}

/** Rejects a rename while other rules refer to the old name, because the rename would break them. */
export async function checkRename(store: SegmentStore, segment: SavedSegment, name: string): Promise<void> {
  await checkNameFree(store, name, segment);
  checkNoDependents(segment, await store.list(), 'renamed');
}

export function checkNoDependents(segment: SavedSegment, saved: readonly SavedSegment[], action = 'deleted'): void {
  const dependents = saved.filter(
    (other) => other.id !== segment.id && other.ruleText !== null && referencedSegments(parseRule(other.ruleText)).includes(segment.name),
  );
  if (dependents.length === 0) return;

  const names = dependents.map((other) => `"${other.name}"`).join(', ');
  throw new ConflictError(
    `segment "${segment.name}" cannot be ${action}: the rules of ${names} refer to it. Change or delete those segments first`,
    { segment: segment.name, usedBy: dependents.map((other) => ({ id: other.id, name: other.name })) },
  );
}

export function usedByInsights(segment: SavedSegment, insights: { id: string; name: string }[]): ConflictError {
  const names = insights.map((insight) => `"${insight.name}"`).join(', ');
  const those = insights.length === 1 ? 'that insight' : 'those insights';
  return new ConflictError(
    `segment "${segment.name}" is used by ${insights.length === 1 ? 'insight' : 'insights'} ${names}. ` +
      `Delete ${those} first, or delete the segment together with ${insights.length === 1 ? 'it' : 'them'}`,
    { segment: segment.name, insights, cascadeParameter: 'cascade=true' },
  );
}

