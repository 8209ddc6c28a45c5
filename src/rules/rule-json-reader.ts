import { closestName } from '../core/closest-name.js';
import { ruleError, type RuleDiagnosticCode } from './rule-diagnostics.js';
import {
  isRuleJsonOperator,
  RULE_JSON_OPERATORS,
  type RuleJsonDiagnostic,
  type RuleJsonOperator,
} from './rule-json-schema.js';
import type { CompareOperator, Literal, RuleNode, TextMatchOperator } from './rule-tree.js';
import { MAX_RULE_DEPTH } from './rule-walk.js';

export const COMPARE_OPERATORS: Record<string, CompareOperator> = {
  eq: '=',
  neq: '!=',
  lt: '<',
  lte: '<=',
  gt: '>',
  gte: '>=',
};

const TEXT_MATCH_OPERATORS: Record<string, { operator: TextMatchOperator; negated: boolean }> = {
  contains: { operator: 'contains', negated: false },
  not_contains: { operator: 'contains', negated: true },
  starts_with: { operator: 'starts with', negated: false },
  not_starts_with: { operator: 'starts with', negated: true },
  ends_with: { operator: 'ends with', negated: false },
  not_ends_with: { operator: 'ends with', negated: true },
};

const EMPTY_OPERATORS: Record<string, boolean> = {
  is_empty: false,
  is_set: true,
  is_not_empty: true,
  is_not_set: false,
};

const NODE_KEYS = ['all', 'any', 'not', 'segment', 'field'] as const;
const CONDITION_KEYS = ['field', 'op', 'value'];
const VALUE_HINT = "Use text, a number or true/false, with dates as text such as '2024-01-31'";

/** Reads rule JSON into a tree as `ruleFromJson` describes, collecting every problem first. */
export function readRuleJson(json: unknown): RuleNode {
  const reader = new RuleJsonReader();
  const node = reader.readNode(json, '');
  if (reader.problems.length > 0 || !node) throw ruleError(reader.problems);
  return node;
}

/** Walks the JSON, collecting problems instead of stopping at the first one. */
class RuleJsonReader {
  readonly problems: RuleJsonDiagnostic[] = [];

  readNode(json: unknown, path: string, depth = 0): RuleNode | undefined {
    if (depth > MAX_RULE_DEPTH) {
      return this.fail(
        path,
        `rule JSON nests more than ${MAX_RULE_DEPTH} levels deep${where(path)}. Flatten it`,
      );
    }
    if (!isPlainObject(json)) {
      return this.fail(
        path,
        `rule JSON${where(path)} must be an object, found ${describeJson(json)}. ` +
          'Write a condition {"field": ..., "op": ..., "value": ...} or a group {"all": [...]}',
      );
    }

    const kinds = NODE_KEYS.filter((key) => key in json);
    if (kinds.length > 1) {
      const listed = kinds.map((key) => `"${key}"`).join(' and ');
      return this.fail(path, `rule JSON${where(path)} mixes ${listed}. Put each in an object of its own`);
    }

    switch (kinds[0]) {
      case 'all':
      case 'any':
        return this.readGroup(json, kinds[0], path, depth);
      case 'not':
        return this.readNot(json, path, depth);
      case 'segment':
        return this.readSegment(json, path);
      case 'field':
        return this.readCondition(json, path);
      case undefined:
        return this.readUnknownNode(json, path);
    }
  }

  private readGroup(
    json: Record<string, unknown>,
    key: 'all' | 'any',
    path: string,
    depth: number,
  ): RuleNode | undefined {
    this.checkKeys(json, [key], path);
    const list = json[key];
    const listPath = join(path, key);

    if (!Array.isArray(list)) {
      return this.fail(
        listPath,
        `"${key}"${where(listPath)} must be a list of conditions, found ${describeJson(list)}`,
      );
    }
    if (list.length === 0) {
      return this.fail(
        listPath,
        `empty "${key}" list${where(listPath)}. List at least one condition, or remove the group`,
      );
    }

    const children = list.map((child, index) => this.readNode(child, `${listPath}[${index}]`, depth + 1));
    if (!children.every((child) => child !== undefined)) return undefined;
    if (children.length === 1) return children[0];
    return { kind: key === 'all' ? 'and' : 'or', children };
  }

  private readNot(json: Record<string, unknown>, path: string, depth: number): RuleNode | undefined {
    this.checkKeys(json, ['not'], path);
    const child = this.readNode(json.not, join(path, 'not'), depth + 1);
    return child && { kind: 'not', child };
  }

  private readSegment(json: Record<string, unknown>, path: string): RuleNode | undefined {
    this.checkKeys(json, ['segment'], path);
    const segment = this.readName(json.segment, join(path, 'segment'), 'segment name');
    // Saved segment names are NFC, as in rule text.
    return segment === undefined ? undefined : { kind: 'in-segment', segment: segment.normalize('NFC') };
  }

  private readUnknownNode(json: Record<string, unknown>, path: string): undefined {
    const known = [...NODE_KEYS, ...CONDITION_KEYS];
    const misspelt = Object.keys(json).filter((key) => closestName(key, known) !== undefined);
    if (misspelt.length > 0) {
      this.checkKeys(json, [], path, known);
      return undefined;
    }
    return this.fail(
      path,
      `rule JSON${where(path)} has none of the keys "all", "any", "not", "segment" or "field". ` +
        'Write a condition {"field": ..., "op": ..., "value": ...} or a group {"all": [...]}',
    );
  }

  private readCondition(json: Record<string, unknown>, path: string): RuleNode | undefined {
    this.checkKeys(json, CONDITION_KEYS, path);
    const field = this.readName(json.field, join(path, 'field'), 'field name');
    const op = this.readOperator(json.op, join(path, 'op'));
    if (op === undefined) return undefined;

    const node = this.readOperands(json, op, path);
    return field === undefined || node === undefined ? undefined : { ...node, field };
  }

  private readOperator(json: unknown, path: string): RuleJsonOperator | undefined {
    if (isRuleJsonOperator(json)) return json;

    const suggestion = typeof json === 'string' ? closestName(json, RULE_JSON_OPERATORS) : undefined;
    const hint = suggestion
      ? `Did you mean "${suggestion}"?`
      : `Use one of ${RULE_JSON_OPERATORS.join(', ')}`;
    const problem = json === undefined ? 'missing op' : `unknown op ${describeJson(json)}`;
    return this.fail(path, `${problem}${where(path)}. ${hint}`);
  }

  /** Reads the value of a condition into a tree node that still lacks its field. */
  private readOperands(
    json: Record<string, unknown>,
    op: RuleJsonOperator,
    path: string,
  ): FieldlessNode | undefined {
    const valuePath = join(path, 'value');
    const value = json.value;

    if (op in EMPTY_OPERATORS) {
      if (value !== undefined && value !== null) {
        return this.fail(valuePath, `unexpected value${where(valuePath)} for op "${op}". Remove it`);
      }
      return { kind: 'empty', negated: EMPTY_OPERATORS[op] ?? false };
    }
    if (value === undefined) {
      return this.fail(valuePath, `missing value${where(valuePath)} for op "${op}". ${valueShape(op)}`);
    }
    if (op === 'between') return this.readBetween(value, valuePath);
    if (op === 'in' || op === 'not_in') return this.readInList(value, op, valuePath);

    const literal = this.readLiteral(value, valuePath);
    if (literal === undefined) return undefined;
    const textMatch = TEXT_MATCH_OPERATORS[op];
    if (textMatch) return { kind: 'text-match', ...textMatch, value: literal };
    return { kind: 'compare', operator: COMPARE_OPERATORS[op] ?? '=', value: literal };
  }

  private readBetween(value: unknown, path: string): FieldlessNode | undefined {
    if (!Array.isArray(value) || value.length !== 2) {
      return this.fail(
        path,
        `value${where(path)} for op "between" must be [low, high], found ${describeJson(value)}`,
      );
    }
    const low = this.readLiteral(value[0], `${path}[0]`);
    const high = this.readLiteral(value[1], `${path}[1]`);
    return low && high && { kind: 'between', low, high };
  }

  private readInList(value: unknown, op: 'in' | 'not_in', path: string): FieldlessNode | undefined {
    if (!Array.isArray(value)) {
      return this.fail(
        path,
        `value${where(path)} for op "${op}" must be a list of values, found ${describeJson(value)}`,
      );
    }
    if (value.length === 0) {
      return this.fail(path, `empty value list${where(path)} for op "${op}". List at least one value`);
    }
    const values = value.map((entry, index) => this.readLiteral(entry, `${path}[${index}]`));
    if (!values.every((entry) => entry !== undefined)) return undefined;
    return { kind: 'in-list', values, negated: op === 'not_in' };
  }

  private readLiteral(value: unknown, path: string): Literal | undefined {
    if (typeof value === 'string') return { kind: 'string', value };
    if (typeof value === 'boolean') return { kind: 'boolean', value };
    if (typeof value === 'number' && Number.isFinite(value)) {
      const text = String(value);
      return { kind: 'number', value: Number(text), text };
    }
    return this.fail(
      path,
      `invalid value ${describeJson(value)}${where(path)}. ${VALUE_HINT}`,
      'invalid-value',
    );
  }

  private readName(value: unknown, path: string, what: string): string | undefined {
    if (typeof value === 'string' && value !== '') return value;
    const found = value === undefined ? 'nothing' : describeJson(value);
    return this.fail(path, `${what}${where(path)} must be non-empty text, found ${found}`);
  }

  /** Reports every key that is not in `allowed`, suggesting the closest known key. */
  private checkKeys(json: Record<string, unknown>, allowed: string[], path: string, known = allowed): void {
    for (const key of Object.keys(json)) {
      if (allowed.includes(key)) continue;
      const keyPath = join(path, key);
      const suggestion = closestName(key, known);
      const hint = suggestion
        ? `Did you mean "${suggestion}"?`
        : `Remove it, or use only ${allowed.map((name) => `"${name}"`).join(', ')} here`;
      this.fail(keyPath, `unknown key "${key}"${where(keyPath)}. ${hint}`);
    }
  }

  private fail(path: string, message: string, code: RuleDiagnosticCode = 'syntax'): undefined {
    this.problems.push({ code, message, path });
    return undefined;
  }
}

type WithoutField<T> = T extends unknown ? Omit<T, 'field' | 'position'> : never;
type FieldlessNode = WithoutField<Extract<RuleNode, { field: string }>>;

function valueShape(op: RuleJsonOperator): string {
  if (op === 'between') return 'Add "value": [low, high]';
  if (op === 'in' || op === 'not_in') return 'Add "value": a list of values';
  return 'Add "value": text, a number or true/false';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function where(path: string): string {
  return path === '' ? ' at the top level' : ` at ${path}`;
}

/** Shows a JSON value in a message, shortened to about 40 characters. */
function describeJson(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
