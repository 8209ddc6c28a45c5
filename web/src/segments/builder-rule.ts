/**
 * The rule builder's model: groups of condition rows, the rows of a group joined by AND or OR,
 * the groups joined by the other connective or the same one. It turns into the JSON form of a
 * rule that the API reads (`{all: [...]}`, `{any: [...]}`, `{field, op, value}`, `{segment}`).
 */

export type FieldType = 'text' | 'integer' | 'decimal' | 'boolean' | 'date' | 'timestamp';
export type Join = 'all' | 'any';

export const OPERATOR_LABELS = {
  eq: 'is',
  neq: 'is not',
  lt: 'is less than',
  lte: 'is at most',
  gt: 'is greater than',
  gte: 'is at least',
  between: 'is between',
  in: 'is one of',
  not_in: 'is none of',
  contains: 'contains',
  not_contains: 'does not contain',
  starts_with: 'starts with',
  ends_with: 'ends with',
  is_empty: 'is empty',
  is_not_empty: 'is not empty',
  in_segment: 'is in segment',
  not_in_segment: 'is not in segment',
} as const;

export type BuilderOperator = keyof typeof OPERATOR_LABELS;

const ORDERED: BuilderOperator[] = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'between', 'in', 'not_in'];
const TEXT: BuilderOperator[] = ['eq', 'neq', 'in', 'not_in', 'contains', 'not_contains', 'starts_with', 'ends_with'];
const EMPTY: BuilderOperator[] = ['is_empty', 'is_not_empty'];

/** Operators offered for a field of each type. */
export const OPERATORS_BY_TYPE: Record<FieldType, BuilderOperator[]> = {
  text: [...TEXT, ...EMPTY],
  integer: [...ORDERED, ...EMPTY],
  decimal: [...ORDERED, ...EMPTY],
  date: [...ORDERED, ...EMPTY],
  timestamp: [...ORDERED, ...EMPTY],
  boolean: ['eq', 'neq', ...EMPTY],
};

export const SEGMENT_OPERATORS: BuilderOperator[] = ['in_segment', 'not_in_segment'];

/** One condition. For segment rows `field` is empty and `value` is the segment's name. */
export interface ConditionRow {
  id: string;
  field: string;
  op: BuilderOperator;
  /** The value as typed; for "is one of", one value per line. */
  value: string;
  /** The upper bound of "is between". */
  secondValue: string;
}

export interface ConditionGroup {
  id: string;
  join: Join;
  rows: ConditionRow[];
}

export interface BuilderRule {
  join: Join;
  groups: ConditionGroup[];
}

export type RuleJson = Record<string, unknown>;

let nextId = 0;

export function newId(): string {
  nextId += 1;
  return `row-${nextId}`;
}

export function emptyRow(field = ''): ConditionRow {
  return { id: newId(), field, op: 'eq', value: '', secondValue: '' };
}

export function emptyRule(field = ''): BuilderRule {
  return { join: 'all', groups: [{ id: newId(), join: 'all', rows: [emptyRow(field)] }] };
}

export function needsValue(op: BuilderOperator): boolean {
  return op !== 'is_empty' && op !== 'is_not_empty';
}

export function isSegmentOperator(op: BuilderOperator): boolean {
  return op === 'in_segment' || op === 'not_in_segment';
}

/** A row the builder cannot turn into a rule yet, with what to fix. */
export class BuilderProblem extends Error {
  constructor(
    message: string,
    readonly rowId: string,
  ) {
    super(message);
    this.name = 'BuilderProblem';
  }
}

/** Turns the builder's rows into the JSON form of the rule. Throws a BuilderProblem for an incomplete row. */
export function toRuleJson(rule: BuilderRule, types: ReadonlyMap<string, FieldType>): RuleJson {
  const groups = rule.groups.filter((group) => group.rows.length > 0).map((group) => joinAll(group.join, group.rows.map((row) => rowJson(row, types))));
  if (groups.length === 0) throw new BuilderProblem('The rule has no condition. Add a condition.', '');
  return joinAll(rule.join, groups);
}

function joinAll(join: Join, parts: RuleJson[]): RuleJson {
  return parts.length === 1 ? (parts[0] as RuleJson) : { [join]: parts };
}

function rowJson(row: ConditionRow, types: ReadonlyMap<string, FieldType>): RuleJson {
  if (isSegmentOperator(row.op)) {
    if (!row.value) throw new BuilderProblem('Choose the segment of this condition.', row.id);
    return row.op === 'in_segment' ? { segment: row.value } : { not: { segment: row.value } };
  }

  const type = types.get(row.field);
  if (!type) throw new BuilderProblem('Choose a field for this condition.', row.id);
  if (!needsValue(row.op)) return { field: row.field, op: row.op };
  if (row.op === 'in' || row.op === 'not_in') {
    const values = row.value.split('\n').map((line) => line.trim()).filter((line) => line !== '');
    if (values.length === 0) throw new BuilderProblem(`Type at least one value of ${row.field}, one per line.`, row.id);
    return { field: row.field, op: row.op, value: values.map((value) => readValue(value, type, row)) };
  }
  if (row.op === 'between') {
    if (row.value.trim() === '' || row.secondValue.trim() === '') throw new BuilderProblem(`Type both bounds of ${row.field}.`, row.id);
    return { field: row.field, op: 'between', value: [readValue(row.value, type, row), readValue(row.secondValue, type, row)] };
  }
  return { field: row.field, op: row.op, value: readValue(row.value, type, row) };
}

/**
 * Reads a typed value for the field's type. Text keeps inner spaces and case; surrounding spaces
 * are dropped because profile values never have them. Dates and timestamps stay text, exactly as
 * typed, so no time zone can shift them. An empty value is a problem for every type: a condition
 * left blank would otherwise match the empty text, which "is empty" says plainly.
 */
function readValue(text: string, type: FieldType, row: ConditionRow): string | number | boolean {
  const value = text.trim();
  if (value === '') throw new BuilderProblem(`Type a value for ${row.field}, or choose "is empty" for customers without one.`, row.id);
  if (type === 'integer' || type === 'decimal') {
    const number = Number(value);
    if (!Number.isFinite(number)) throw new BuilderProblem(`"${value}" is not a number, but ${row.field} holds numbers. Type a number such as 500 or 12.5.`, row.id);
    return number;
  }
  if (type === 'boolean') {
    if (value !== 'true' && value !== 'false') throw new BuilderProblem(`"${value}" is not a value of ${row.field}. Type true or false.`, row.id);
    return value === 'true';
  }
  return value;
}
