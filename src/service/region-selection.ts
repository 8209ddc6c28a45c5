import type { OverlapResult } from '../analyses/overlap/overlap-result.js';
import { InvalidInputError } from '../core/errors.js';
import type { Field } from '../core/fields.js';
import type { Literal, RuleNode } from '../rules/rule-tree.js';

/** The key of the region of customers in none of the selected segments. */
export const NONE_REGION = 'none';

/** A region as a request names it: a key such as "A&B" or "none", or the list of its segments. */
export type RegionReference = string | string[];

/** A breakdown value to stay within; null selects the customers whose field is missing. */
export interface WithinValue {
  field: Field;
  value: string | number | boolean | null;
}

/**
 * Turns a region reference into its membership mask over `names` (bit i for segment i; 0 for
 * none). A key joins segment names with "&", as the result lists them. Names that themselves
 * contain "&" are matched whole, and a key that splits two ways is rejected as ambiguous.
 */
export function regionMask(reference: RegionReference, names: readonly string[]): number {
  if (Array.isArray(reference)) return maskOfNames(reference, names);
  if (reference === NONE_REGION) {
    if (names.includes(NONE_REGION)) {
      throw new InvalidInputError(
        `region "none" is ambiguous because a segment is named "none". Name regions as lists instead: ["none"] for that segment's own region, [] for customers in no segment`,
        { field: 'region' },
      );
    }
    return 0;
  }

  const masks = [...new Set(splitKey(reference, 0, names).map((parts) => maskOfNames(parts, names)))];
  if (masks.length === 1) return masks[0] as number;
  if (masks.length > 1) {
    throw new InvalidInputError(`region "${reference}" is ambiguous: segment names contain "&". Name the region as a list of segment names`, {
      field: 'region',
    });
  }
  throw new InvalidInputError(
    `unknown region "${reference}". Join the names of the insight's segments with "&" (${names.map((name) => `"${name}"`).join(', ')}), or use "none"`,
    { field: 'region' },
  );
}

/** Lists every way of reading `key` from `start` as segment names joined by "&". */
function splitKey(key: string, start: number, names: readonly string[]): string[][] {
  const readings: string[][] = [];
  for (const name of names) {
    if (!key.startsWith(name, start)) continue;
    const end = start + name.length;
    if (end === key.length) {
      readings.push([name]);
      continue;
    }
    const separator = /^\s*&\s*/.exec(key.slice(end));
    if (!separator) continue;
    for (const rest of splitKey(key, end + separator[0].length, names)) readings.push([name, ...rest]);
  }
  return readings;
}

function maskOfNames(parts: readonly string[], names: readonly string[]): number {
  let mask = 0;
  for (const part of parts) {
    const index = names.indexOf(part);
    if (index < 0) {
      throw new InvalidInputError(`unknown segment "${part}" in region. The insight's segments are ${names.map((name) => `"${name}"`).join(', ')}`, {
        field: 'region',
      });
    }
    mask |= 1 << index;
  }
  return mask;
}

/**
 * Builds the rule of a segment holding the union of exclusive regions, optionally within one
 * value: each region is "in every segment of it and in no other" of `names`. The rule refers to
 * the segments by name, so it follows them when they change.
 */
export function regionRule(masks: readonly number[], names: readonly string[], within?: WithinValue): RuleNode {
  const regions = masks.map((mask) => exclusiveRegionRule(mask, names));
  const union: RuleNode = regions.length === 1 ? (regions[0] as RuleNode) : { kind: 'or', children: regions };
  if (!within) return union;

  const condition = valueCondition(within);
  return union.kind === 'and' ? { kind: 'and', children: [...union.children, condition] } : { kind: 'and', children: [union, condition] };
}

function exclusiveRegionRule(mask: number, names: readonly string[]): RuleNode {
  const children: RuleNode[] = names.map((name, index) => {
    const reference: RuleNode = { kind: 'in-segment', segment: name };
    return (mask & (1 << index)) !== 0 ? reference : { kind: 'not', child: reference };
  });
  return children.length === 1 ? (children[0] as RuleNode) : { kind: 'and', children };
}

/**
 * `field = value`, or `field is empty` for the missing value. For text fields `is empty` also
 * matches the empty string, which imports store as missing, so the two select the same customers.
 */
function valueCondition(within: WithinValue): RuleNode {
  if (within.value === null) return { kind: 'empty', field: within.field.name, negated: false };
  return { kind: 'compare', field: within.field.name, operator: '=', value: literalOf(within.value) };
}

function literalOf(value: string | number | boolean): Literal {
  if (typeof value === 'number') return { kind: 'number', value, text: String(value) };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  return { kind: 'string', value };
}

/**
 * Adds up the customers a result counted in a union of regions, overall or within one breakdown
 * value. Returns null when the result has no count for that value, because it was not broken
 * down by the field or folded the value into "(other)".
 */
export function countInResult(result: OverlapResult, masks: readonly number[], within?: WithinValue): number | null {
  const counts = within ? valueCounts(result, within) : result;
  if (!counts) return null;

  const names = result.segments.map((segment) => segment.name);
  let total = 0;
  for (const mask of masks) {
    if (mask === 0) {
      total += counts.none;
      continue;
    }
    const region = counts.regions.find((candidate) => maskOfNames(candidate.segments, names) === mask);
    total += region?.count ?? 0;
  }
  return total;
}

function valueCounts(result: OverlapResult, within: WithinValue): Pick<OverlapResult, 'none' | 'regions'> | undefined {
  const breakdown = result.breakdowns.find((candidate) => candidate.field === within.field.name);
  return breakdown?.values.find((row) => !row.folded && row.value === within.value);
}

/**
 * Reads a breakdown value given as text (a query parameter) as the field's type, so that
 * `value=30` selects age 30 and `value=true` a true flag.
 */
export function readValueText(field: Field, text: string): string | number | boolean {
  switch (field.type) {
    case 'integer':
    case 'decimal': {
      const number = Number(text);
      if (text.trim() === '' || !Number.isFinite(number)) {
        throw new InvalidInputError(`value "${text}" is not a number, but field "${field.name}" is ${field.type}. Give a number`, {
          field: 'value',
        });
      }
      return number;
    }
    case 'boolean':
      if (text === 'true' || text === 'false') return text === 'true';
      throw new InvalidInputError(`value "${text}" is not true or false, but field "${field.name}" is boolean`, { field: 'value' });
    default:
      return text;
  }
}

/** Hints for a breakdown value of the wrong type, by field type. */
const VALUE_FORMS: Record<Field['type'], string> = {
  text: 'Give the value as text',
  integer: 'Give a whole number',
  decimal: 'Give a number',
  boolean: 'Give true or false',
  date: "Write a date as 'YYYY-MM-DD'",
  timestamp: "Write a timestamp as 'YYYY-MM-DD HH:MM:SS'",
};

/**
 * Rejects a breakdown value that the field cannot hold, so a date field given "soon" is an error
 * and not an empty selection. Null, the missing value, fits every field.
 */
export function checkValueType(field: Field, value: string | number | boolean | null, where: string): void {
  if (value === null || valueFits(field.type, value)) return;
  throw new InvalidInputError(
    `${where} ${JSON.stringify(value)} does not fit ${field.type} field "${field.name}". ${VALUE_FORMS[field.type]}`,
    { field: where },
  );
}

function valueFits(type: Field['type'], value: string | number | boolean): boolean {
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'decimal':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && isCalendarDate(value);
    case 'timestamp':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value) && isCalendarDate(value.slice(0, 10));
    default:
      return typeof value === 'string';
  }
}

/** Tells whether 'YYYY-MM-DD' names a day of the calendar; Date.parse would roll 2025-02-30 over into March. */
function isCalendarDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
