import { checkSegmentName, ruleSegment, temporaryMemberSegment } from '../analyses/segment-input.js';
import { InvalidInputError } from '../core/errors.js';
import type { ProfileSource } from '../core/fields.js';
import { cleanMemberList, splitMemberLines } from '../core/member-list.js';
import type { Engine } from '../engines/engine.js';
import { checkRule } from '../rules/rule-checker.js';
import { compileRule } from '../rules/rule-compiler.js';
import { summariseFields } from '../profiles/field-summary.js';
import { formatRule } from '../rules/rule-format.js';
import { ruleFromJson } from '../rules/rule-json.js';
import { parseRule } from '../rules/rule-parser.js';
import type { RuleNode } from '../rules/rule-tree.js';
import { QueryParameters } from '../sql/compiled-query.js';
import { SegmentStore, type SavedSegment } from '../workspace/segment-store.js';
import { InsightStore } from './insight-store.js';
import {
  checkEntryCount,
  checkKindUnchanged,
  checkNameFree,
  checkNewSegmentName,
  checkNoDependents,
  checkRename,
  findSegment,
  usedByInsights,
} from './segment-checks.js';
import { FieldValueCache, type FieldValues } from './field-values.js';
import { countMembers, countProfiles, type MemberCount } from './member-counts.js';
import { readProfileSource } from './profile-source.js';
import { deleteSegmentRows, replaceSegmentMembers, updateSegmentRow } from './segment-writes.js';
import { checkDescription } from './text-limits.js';
import type { WorkspaceConnections } from './workspace-connections.js';

/** A saved segment with its member count among the profiles. */
export interface SegmentView extends SavedSegment {
  memberCount: number | null;
  /** Reason the segment cannot be counted, such as a rule field missing from re-imported profiles. */
  problem: string | null;
}

/** A rule as a request gives it: rule text, or the rule builder's JSON tree. */
export type RuleInput = string | Record<string, unknown>;

export interface SegmentInput {
  name: string;
  description?: string;
  rule?: RuleInput;
  members?: unknown[];
}

export type SegmentChanges = Partial<SegmentInput>;

export interface FieldsView {
  table: string;
  keyField: string;
  profiles: number;
  fields: FieldView[];
}

/** A profile field with exact counts over the profiles. */
export interface FieldView {
  name: string;
  type: string;
  /** Distinct values, the missing value counted as one, as the field's value list counts them. */
  distinctValues: number;
  /** Customers whose value is missing. */
  missingProfiles: number;
}

/** Told about segment changes that insights show or depend on, inside the write that made them. */
export interface SegmentChangeListener {
  /** Insights deleted along with a segment. */
  forget(insightIds: readonly string[]): void;
  /** Any segment change, which may rename what insight views show. */
  segmentsChanged(engine: Engine): Promise<void>;
}

/**
 * Saved segments: list with member counts, create from a rule or a member list, change, delete,
 * and count a rule without saving it. Counts are cached until a segment changes, because the
 * profiles cannot change while the server has the workspace open.
 */
export class SegmentService {
  private counts = new Map<string, MemberCount>();
  private countsGeneration = 0;
  /** The segment list while no segment changes; shared by the requests that arrive meanwhile. */
  private cachedList: Promise<SegmentView[]> | undefined;
  private cachedFields: Promise<FieldsView> | undefined;
  private readonly values: FieldValueCache;

  constructor(
    private readonly connections: WorkspaceConnections,
    private readonly profileTable: string,
    private readonly listener: SegmentChangeListener,
  ) {
    this.values = new FieldValueCache(connections, profileTable);
  }

  /**
   * Returns the profile fields with exact distinct and missing counts, read in one scan once for
   * the server's lifetime, because the profiles change only while no server holds the workspace.
   */
  fields(): Promise<FieldsView> {
    this.cachedFields ??= this.connections.read(async (engine) => {
      const source = await readProfileSource(engine, this.profileTable);
      const summaries = await summariseFields(engine, source);
      return {
        table: this.profileTable,
        keyField: source.keyField,
        profiles: await countProfiles(engine, source),
        fields: summaries.map((summary) => ({
          name: summary.name,
          type: summary.type,
          distinctValues: summary.distinct + (summary.nulls > 0 ? 1 : 0),
          missingProfiles: summary.nulls,
        })),
      };
    });
    const pending = this.cachedFields;
    return forgetOnFailure(pending, () => {
      if (this.cachedFields === pending) this.cachedFields = undefined;
    });
  }

  /** Returns the most common values of a profile field, for suggestions in the rule builder. */
  fieldValues(fieldName: string): Promise<FieldValues> {
    return this.values.get(fieldName);
  }

  list(): Promise<SegmentView[]> {
    this.cachedList ??= this.connections.read(async (engine) => this.withCounts(engine, await new SegmentStore(engine).list()));
    const pending = this.cachedList;
    return forgetOnFailure(pending, () => {
      if (this.cachedList === pending) this.cachedList = undefined;
    });
  }

  async get(idOrName: string): Promise<SegmentView> {
    return this.connections.read(async (engine) => {
      const [view] = await this.withCounts(engine, [await findSegment(engine, idOrName)]);
      return view as SegmentView;
    });
  }

  async create(input: SegmentInput): Promise<SegmentView> {
    const description = checkDescription(input.description ?? '');
    if ((input.rule === undefined) === (input.members === undefined)) {
      throw new InvalidInputError('give exactly one of "rule" or "members" for a segment', { field: 'rule' });
    }
    if (input.members !== undefined) return this.createStatic(input.name, input.members, description);

    const saved = await this.write(async (engine) => {
      const { source, store } = await this.writeContext(engine);
      await checkNameFree(store, checkNewSegmentName(input.name));
      const segment = ruleSegment(input.name, input.rule, source, await store.loadResolver());
      return store.addRule(segment.name, segment.ruleText, description);
    });
    return this.get(saved.id);
  }

  /** Creates a member-list segment from text with one key per line; a header naming the key is skipped. */
  async createFromText(name: string, text: string, description = ''): Promise<SegmentView> {
    const keyField = (await this.fields()).keyField;
    return this.createStatic(name, splitMemberLines(text, keyField), checkDescription(description));
  }

  async update(idOrName: string, changes: SegmentChanges): Promise<SegmentView> {
    const description = changes.description === undefined ? undefined : checkDescription(changes.description);
    const saved = await this.write(async (engine) => {
      const { source, store } = await this.writeContext(engine);
      const segment = await findSegment(engine, idOrName);
      checkKindUnchanged(segment, changes);
      const name = changes.name === undefined ? segment.name : checkSegmentName(changes.name);
      if (name !== segment.name) await checkRename(store, segment, checkNewSegmentName(name));

      const ruleText = changes.rule === undefined || segment.kind !== 'rule'
        ? segment.ruleText
        : ruleSegment(name, changes.rule, source, await store.loadResolver()).ruleText;
      const members = changes.members === undefined ? undefined : await this.matchMembers(engine, source, name, changes.members);

      await engine.transaction(async () => {
        await updateSegmentRow(engine, segment.id, { name, description: description ?? segment.description, ruleText });
        if (members) await replaceSegmentMembers(engine, segment.id, members.keys, members.report);
      });
      return segment;
    });
    return this.get(saved.id);
  }

  /**
   * Deletes a segment. One that insights use is kept, and the conflict lists them, unless
   * `cascade` is set, which deletes those insights too. One that other segments' rules refer to
   * is always kept.
   */
  async remove(idOrName: string, cascade: boolean): Promise<{ segment: SavedSegment; deletedInsights: { id: string; name: string }[] }> {
    const outcome = await this.write(async (engine) => {
      const segment = await findSegment(engine, idOrName);
      checkNoDependents(segment, await new SegmentStore(engine).list());
      const insights = new InsightStore(engine);
      const using = await insights.usingSegment(segment.id);
      if (using.length > 0 && !cascade) throw usedByInsights(segment, using);

      await engine.transaction(async () => {
        await insights.remove(using.map((insight) => insight.id));
        await deleteSegmentRows(engine, segment.id);
      });
      this.listener.forget(using.map((insight) => insight.id));
      return { segment, deletedInsights: using };
    });
    return outcome;
  }

  /** Counts the customers a rule matches, without saving it. */
  async preview(rule: RuleInput): Promise<{ ruleText: string; members: number; profiles: number }> {
    return this.connections.read(async (engine) => {
      const source = await readProfileSource(engine, this.profileTable);
      const segments = await new SegmentStore(engine).loadResolver();
      const tree = readRule(rule);
      checkRule(tree, { fields: source.fields, segments });

      const parameters = new QueryParameters(engine.dialect);
      const condition = compileRule(tree, { dialect: engine.dialect, parameters, fields: source.fields, keyField: source.keyField, segments });
      const rows = await engine.query(
        parameters.toQuery(`SELECT SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END) AS members, count(*) AS profiles FROM ${source.relation}`),
      );
      return { ruleText: formatRule(tree), members: Number(rows[0]?.members ?? 0), profiles: Number(rows[0]?.profiles ?? 0) };
    });
  }

  private async createStatic(name: string, entries: unknown[], description: string): Promise<SegmentView> {
    checkEntryCount(entries.length);
    const saved = await this.write(async (engine) => {
      const { source, store } = await this.writeContext(engine);
      const checkedName = checkNewSegmentName(name);
      await checkNameFree(store, checkedName);
      const { keys, report } = await this.matchMembers(engine, source, checkedName, entries);
      return store.addStatic(checkedName, keys, report, description);
    });
    return this.get(saved.id);
  }

  /** Cleans a member list and reports how it matches the profiles, in a temporary table dropped afterwards. */
  private async matchMembers(
    engine: Engine,
    source: ProfileSource,
    name: string,
    entries: unknown[],
  ): Promise<{ keys: string[]; report: Record<string, unknown> }> {
    checkEntryCount(entries.length);
    cleanMemberList(entries, 'members');
    const { segment, keys, report } = await temporaryMemberSegment(engine, source, name, entries);
    await engine.execute(`DROP TABLE IF EXISTS ${segment.membersRelation}`);
    return { keys, report: { ...report } };
  }

  private async withCounts(engine: Engine, saved: readonly SavedSegment[]): Promise<SegmentView[]> {
    const missing = saved.filter((segment) => !this.counts.has(segment.id));
    if (missing.length > 0) {
      const generation = this.countsGeneration;
      const source = await readProfileSource(engine, this.profileTable);
      const store = new SegmentStore(engine);
      const counted = await countMembers(engine, source, missing.map((segment) => store.toDefinition(segment)), await store.loadResolver());
      if (generation === this.countsGeneration) {
        for (const segment of missing) this.counts.set(segment.id, counted.get(segment.name) ?? { members: null, problem: null });
      }
      return saved.map((segment) => withCount(segment, this.counts.get(segment.id) ?? counted.get(segment.name)));
    }
    return saved.map((segment) => withCount(segment, this.counts.get(segment.id)));
  }

  /** Runs a segment write, then drops the cached counts and rereads the names insights show. */
  private write<T>(work: (engine: Engine) => Promise<T>): Promise<T> {
    return this.connections.write(async (engine) => {
      try {
        return await work(engine);
      } finally {
        this.countsGeneration += 1;
        this.counts = new Map();
        this.cachedList = undefined;
        await this.listener.segmentsChanged(engine);
      }
    });
  }

  private async writeContext(engine: Engine): Promise<{ source: ProfileSource; store: SegmentStore }> {
    return { source: await readProfileSource(engine, this.profileTable), store: new SegmentStore(engine) };
  }
}

/** Returns `pending`, calling `forget` if it fails so the next request tries again. */
function forgetOnFailure<T>(pending: Promise<T>, forget: () => void): Promise<T> {
  pending.catch(forget);
  return pending;
}

function withCount(segment: SavedSegment, count: MemberCount | undefined): SegmentView {
  return {
    ...segment,
    createdAt: isoFromLocalTime(segment.createdAt),
    updatedAt: isoFromLocalTime(segment.updatedAt),
    memberCount: count?.members ?? null,
    problem: count?.problem ?? null,
  };
}

/**
 * Rewrites a segment timestamp as ISO 8601 in UTC, like the insight timestamps. The segment store
 * writes DuckDB's current_timestamp, which reads back as wall-clock time in the system time zone,
 * the zone JavaScript also parses a timestamp without offset in.
 */
function isoFromLocalTime(text: string): string {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d{1,3})?/.exec(text);
  if (!match) return text;
  const date = new Date(`${match[1]}T${match[2]}${match[3] ?? ''}`);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

function readRule(rule: RuleInput): RuleNode {
  return typeof rule === 'string' ? parseRule(rule) : ruleFromJson(rule);
}
