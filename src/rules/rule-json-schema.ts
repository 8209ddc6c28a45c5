import type { RuleDiagnostic } from '../core/errors.js';

/**
 * The JSON form of a rule, used by the web UI's rule builder and the HTTP API. It reads into the
 * same rule tree as the text form, with `all` for `and` and `any` for `or`.
 */
export type RuleJson =
  | { all: RuleJson[] }
  | { any: RuleJson[] }
  | { not: RuleJson }
  | { segment: string }
  | RuleJsonCondition;

/** A value in a condition. Dates and timestamps are text: `'2024-01-31'`, `'2024-01-31 09:30'`. */
export type RuleJsonValue = string | number | boolean;

export type RuleJsonCondition =
  | { field: string; op: RuleJsonSingleValueOperator; value: RuleJsonValue }
  | { field: string; op: 'between'; value: [RuleJsonValue, RuleJsonValue] }
  | { field: string; op: 'in' | 'not_in'; value: RuleJsonValue[] }
  | { field: string; op: 'is_empty' | 'is_not_empty' | 'is_set' | 'is_not_set' };

/** Condition operators of the JSON form. `is_set` and `is_not_set` are read as aliases. */
export const RULE_JSON_OPERATORS = [
  'eq',
  'neq',
  'lt',
  'lte',
  'gt',
  'gte',
  'between',
  'in',
  'not_in',
  'contains',
  'not_contains',
  'starts_with',
  'not_starts_with',
  'ends_with',
  'not_ends_with',
  'is_empty',
  'is_not_empty',
  'is_set',
  'is_not_set',
] as const;

export type RuleJsonOperator = (typeof RULE_JSON_OPERATORS)[number];

export type RuleJsonSingleValueOperator = Exclude<
  RuleJsonOperator,
  'between' | 'in' | 'not_in' | 'is_empty' | 'is_not_empty' | 'is_set' | 'is_not_set'
>;

export function isRuleJsonOperator(value: unknown): value is RuleJsonOperator {
  return typeof value === 'string' && (RULE_JSON_OPERATORS as readonly string[]).includes(value);
}

/** A diagnostic about rule JSON, with the path of the part at fault such as `all[1].value`. */
export interface RuleJsonDiagnostic extends RuleDiagnostic {
  path: string;
}
