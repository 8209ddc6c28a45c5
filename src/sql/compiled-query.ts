import type { Dialect } from '../dialects/dialect.js';

/** A value passed to the engine as a query parameter, never spliced into SQL text. */
export type SqlValue = string | number | boolean | null | readonly string[];

/** SQL text with its parameters: the only shape in which SQL travels to an engine. */
export interface CompiledQuery {
  sql: string;
  parameters: SqlValue[];
}

/**
 * Collects the parameters of one query while its SQL text is built, so that fragments compiled
 * separately (segment rules, breakdown fields) share one numbering.
 */
export class QueryParameters {
  readonly values: SqlValue[] = [];

  constructor(private readonly dialect: Dialect) {}

  /** Adds a value and returns the placeholder that stands for it in the SQL text. */
  add(value: SqlValue): string {
    this.values.push(value);
    return this.dialect.placeholder(this.values.length, value);
  }

  toQuery(sql: string): CompiledQuery {
    return { sql, parameters: [...this.values] };
  }
}
