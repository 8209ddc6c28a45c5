import type { Field } from '../core/fields.js';
import type { Dialect } from '../dialects/dialect.js';
import type { QueryParameters } from '../sql/compiled-query.js';
import { ruleError } from './rule-diagnostics.js';
import type { CompareOperator, Literal } from './rule-tree.js';
import { readLiteral, type TypedValue } from './rule-values.js';
import type { ConditionNode } from './rule-walk.js';

type TimestampValue = Extract<TypedValue, { kind: 'timestamp' }>;

/**
 * Compiles one condition on one field. A positive condition may be NULL where its operand is null;
 * in a WHERE or CASE WHEN that is the same as false, and `and`/`or` keep it so. Each negative form
 * is `NOT` of its positive form with NULL turned into FALSE first, so a condition and its negation
 * split the profiles in two, with nulls on the negative side. Leaving the positive forms bare lets
 * the engine skip one function call per condition and row.
 *
 * Text values are query parameters; numbers are written as SQL literals (checked to be finite),
 * so the engine compares them in the column's own type. The field name goes through
 * `dialect.quoteIdentifier`.
 */
export class ConditionCompiler {
  constructor(
    private readonly dialect: Dialect,
    private readonly parameters: QueryParameters,
  ) {}

  compile(node: ConditionNode, field: Field): string {
    const column = this.dialect.quoteIdentifier(field.name);

    switch (node.kind) {
      case 'compare':
        if (node.operator === '!=') return negate(this.compare(column, field, '=', node.value));
        return this.compare(column, field, node.operator, node.value);
      case 'between':
        return this.between(column, field, node.low, node.high);
      case 'in-list': {
        const positive = this.inList(column, field, node.values);
        return node.negated ? negate(positive) : positive;
      }
      case 'text-match': {
        const positive = this.textMatch(column, field, node.operator, node.value);
        return node.negated ? negate(positive) : positive;
      }
      case 'empty': {
        const positive =
          field.type === 'text' ? `(${column} IS NULL OR ${column} = '')` : `(${column} IS NULL)`;
        return node.negated ? negate(positive) : positive;
      }
    }
  }

  private compare(
    column: string,
    field: Field,
    operator: Exclude<CompareOperator, '!='>,
    literal: Literal,
  ): string {
    const value = typed(literal, field);
    if (value.kind === 'timestamp' && value.dateOnly)
      return this.compareWholeDay(column, operator, value);
    return `(${column} ${operator} ${this.bind(value, field)})`;
  }

  /**
   * Compares a timestamp field with a date written alone, which is the whole day from 00:00 up to
   * 00:00 the next day. `=` matches any time that day and `<=` includes the day. `>` starts after
   * the day, while `<` and `>=` count from its first instant.
   */
  private compareWholeDay(
    column: string,
    operator: Exclude<CompareOperator, '!='>,
    value: TimestampValue,
  ): string {
    switch (operator) {
      case '=':
        return `(${column} >= ${this.dayStart(value)} AND ${column} < ${this.dayEnd(value)})`;
      case '<':
        return `(${column} < ${this.dayStart(value)})`;
      case '<=':
        return `(${column} < ${this.dayEnd(value)})`;
      case '>':
        return `(${column} >= ${this.dayEnd(value)})`;
      case '>=':
        return `(${column} >= ${this.dayStart(value)})`;
    }
  }

  /** Compiles `between`, inclusive at both ends. A date alone as upper bound of a timestamp includes that day. */
  private between(column: string, field: Field, lowLiteral: Literal, highLiteral: Literal): string {
    const low = typed(lowLiteral, field);
    const high = typed(highLiteral, field);
    const lower = `${column} >= ${this.bind(low, field)}`;
    const upper =
      high.kind === 'timestamp' && high.dateOnly
        ? `${column} < ${this.dayEnd(high)}`
        : `${column} <= ${this.bind(high, field)}`;
    return `(${lower} AND ${upper})`;
  }

  private inList(column: string, field: Field, literals: Literal[]): string {
    const values = literals.map((literal) => typed(literal, field));

    // A date alone on a timestamp field is a range, not one value, so each entry is compared on its own.
    if (values.some((value) => value.kind === 'timestamp' && value.dateOnly)) {
      const matches = literals.map((literal) => this.compare(column, field, '=', literal));
      return `(${matches.join(' OR ')})`;
    }
    const placeholders = values.map((value) => this.bind(value, field));
    return `(${column} IN (${placeholders.join(', ')}))`;
  }

  private textMatch(column: string, field: Field, operator: ConditionNodeOperator, literal: Literal): string {
    const needle = this.bind(typed(literal, field), field);
    switch (operator) {
      case 'contains':
        return this.dialect.contains(column, needle);
      case 'starts with':
        return this.dialect.startsWith(column, needle);
      case 'ends with':
        return this.dialect.endsWith(column, needle);
    }
  }

  /**
   * Writes a value into the SQL: text as a parameter, a number as a literal, other kinds as a
   * parameter cast to their type where the placeholder alone is untyped.
   */
  private bind(value: TypedValue, field: Field): string {
    if (value.kind === 'number') return numberLiteral(value.value, field);
    const placeholder = this.parameters.add(value.value);
    return value.kind === 'text' ? placeholder : this.dialect.cast(placeholder, value.kind);
  }

  private dayStart(value: TimestampValue): string {
    return this.dialect.cast(this.parameters.add(value.value), 'timestamp');
  }

  private dayEnd(value: TimestampValue): string {
    return this.dialect.addOneDay(this.dayStart(value));
  }
}

type ConditionNodeOperator = Extract<ConditionNode, { kind: 'text-match' }>['operator'];

/** Reads a literal that `checkRule` accepted; a literal it would reject stops compilation. */
function typed(literal: Literal, field: Field): TypedValue {
  const reading = readLiteral(literal, field);
  if (!reading.ok) throw ruleError([reading.problem]);
  return reading.value;
}

/** Negates a condition that may be NULL, counting NULL as false first. */
export function negate(condition: string): string {
  return `(NOT COALESCE(${condition}, FALSE))`;
}

/**
 * Writes a number as an SQL literal. A literal keeps the comparison in the column's own type
 * (a parameter bound as DOUBLE would make the engine cast every DECIMAL value), and its text is
 * produced here from a finite JavaScript number, never from user text.
 * NOTE: number literals are JavaScript numbers, so integers beyond 2^53 lose precision.
 */
function numberLiteral(value: number, field: Field): string {
  if (!Number.isFinite(value)) throw new Error(`rule value ${value} for field "${field.name}" is not a finite number`);
  const text = String(value);
  return value < 0 ? `(${text})` : text;
}
