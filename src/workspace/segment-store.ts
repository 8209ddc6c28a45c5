import { randomUUID } from 'node:crypto';

import { ConflictError, NotFoundError } from '../core/errors.js';
import type { SegmentDefinition, SegmentResolver } from '../core/segments.js';
import type { Engine } from '../engines/engine.js';
import { parseRule } from '../rules/rule-parser.js';
import { referencedSegments } from '../rules/rule-checker.js';
import { closestName } from '../core/closest-name.js';

export const SEGMENT_KINDS = ['rule', 'static'] as const;
export type SegmentKind = (typeof SEGMENT_KINDS)[number];

/** A segment as saved in the workspace. */
export interface SavedSegment {
  id: string;
  name: string;
  kind: SegmentKind;
  /** The rule text for rule segments; null for static member lists. */
  ruleText: string | null;
  description: string;
  /** For static segments: how the member list was read (entries, repeats, unmatched keys). */
  memberReport: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
}

const SELECT_SEGMENTS = `SELECT id, name, kind, rule_text, description, member_report,
  CAST(created_at AS VARCHAR) AS created_at, CAST(updated_at AS VARCHAR) AS updated_at
  FROM si_segments`;

/**
 * Saved segments and the member lists of static segments. Rules are stored as text and checked
 * by the caller against the profile fields before they are saved.
 */
export class SegmentStore {
  constructor(private readonly engine: Engine) {}

  async list(): Promise<SavedSegment[]> {
    const rows = await this.engine.query(`${SELECT_SEGMENTS} ORDER BY name`);
    return rows.map(toSavedSegment);
  }

  async find(nameOrId: string): Promise<SavedSegment | undefined> {
    const rows = await this.engine.query({
      sql: `${SELECT_SEGMENTS} WHERE name = $1 OR id = $1`,
      parameters: [nameOrId],
    });
    return rows[0] ? toSavedSegment(rows[0]) : undefined;
  }

  async get(nameOrId: string): Promise<SavedSegment> {
    const segment = await this.find(nameOrId);
    if (segment) return segment;

    const names = (await this.list()).map((saved) => saved.name);
    const suggestion = closestName(nameOrId, names);
    const hint = suggestion ? ` Did you mean "${suggestion}"?` : ' List them with: segment-insights segment list';
    throw new NotFoundError(`unknown segment "${nameOrId}".${hint}`, { segment: nameOrId });
  }

  async addRule(name: string, ruleText: string, description = ''): Promise<SavedSegment> {
    await this.assertNameFree(name);
    const id = randomUUID();
    await this.engine.execute({
      sql: `INSERT INTO si_segments VALUES ($1, $2, 'rule', $3, $4, NULL, current_timestamp, current_timestamp)`,
      parameters: [id, name, ruleText, description],
    });
    return this.get(id);
  }

  /**
   * Saves a static segment from member keys that the caller has already cleaned (trimmed,
   * distinct). Keys and segment row land together or not at all.
   */
  async addStatic(
    name: string,
    keys: readonly string[],
    memberReport: Record<string, unknown>,
    description = '',
  ): Promise<SavedSegment> {
    await this.assertNameFree(name);
    const id = randomUUID();
    await this.engine.transaction(async () => {
      await this.engine.execute({
        sql: `INSERT INTO si_segments VALUES ($1, $2, 'static', NULL, $3, $4, current_timestamp, current_timestamp)`,
        parameters: [id, name, description, JSON.stringify(memberReport)],
      });
      if (keys.length > 0) {
        await this.engine.execute({
          sql: 'INSERT INTO si_segment_members SELECT $1, unnest($2::VARCHAR[])',
          parameters: [id, keys],
        });
      }
    });
    return this.get(id);
  }

  /** Removes a segment and its member list, unless other segments' rules refer to it. */
  async remove(nameOrId: string): Promise<SavedSegment> {
    const segment = await this.get(nameOrId);
    const dependents = (await this.list()).filter(
      (other) => other.ruleText !== null && referencedSegments(parseRule(other.ruleText)).includes(segment.name),
    );
    if (dependents.length > 0) {
      const names = dependents.map((other) => `"${other.name}"`).join(', ');
      throw new ConflictError(
        `segment "${segment.name}" is used by the rules of ${names}. Remove or change those segments first`,
        { segment: segment.name, usedBy: dependents.map((other) => other.name) },
      );
    }

    await this.engine.transaction(async () => {
      await this.engine.execute({ sql: 'DELETE FROM si_segment_members WHERE segment_id = $1', parameters: [segment.id] });
      await this.engine.execute({ sql: 'DELETE FROM si_segments WHERE id = $1', parameters: [segment.id] });
    });
    return segment;
  }

  /**
   * Loads every saved segment as a definition and returns a synchronous resolver for
   * `in segment "Name"` references. Take a fresh one after segments change.
   */
  async loadResolver(): Promise<SegmentResolver> {
    const definitions = new Map<string, SegmentDefinition>();
    for (const saved of await this.list()) definitions.set(saved.name, this.toDefinition(saved));
    return (name) => definitions.get(name);
  }

  toDefinition(saved: SavedSegment): SegmentDefinition {
    if (saved.kind === 'rule') {
      const ruleText = saved.ruleText ?? '';
      return { kind: 'rule', name: saved.name, ruleText, rule: parseRule(ruleText) };
    }

    // The id is a UUID this store generated, so it is safe inside SQL text.
    if (!/^[0-9a-f-]{36}$/.test(saved.id)) throw new Error(`unexpected segment id ${saved.id}`);
    return {
      kind: 'static',
      name: saved.name,
      membersRelation: `(SELECT key FROM si_segment_members WHERE segment_id = '${saved.id}')`,
    };
  }

  private async assertNameFree(name: string): Promise<void> {
    if (await this.find(name)) {
      throw new ConflictError(`segment "${name}" already exists. Choose another name or remove it first`, {
        segment: name,
      });
    }
  }
}

function toSavedSegment(row: Record<string, unknown>): SavedSegment {
  return {
    id: String(row.id),
    name: String(row.name),
    kind: row.kind === 'static' ? 'static' : 'rule',
    ruleText: row.rule_text === null ? null : String(row.rule_text),
    description: String(row.description ?? ''),
    memberReport: row.member_report === null ? null : (JSON.parse(String(row.member_report)) as Record<string, unknown>),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}
