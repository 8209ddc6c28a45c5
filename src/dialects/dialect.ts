import type { FieldType } from '../core/fields.js';
import type { SqlValue } from '../sql/compiled-query.js';

/**
 * Turns the query model into one engine's SQL. The default class below writes ANSI-leaning SQL
 * that DuckDB and PostgreSQL both accept; an engine's dialect overrides the few hooks that differ.
 */
export interface Dialect {
  readonly name: string;
  /** Quotes an identifier. Every field, table and alias name goes through here. */
  quoteIdentifier(name: string): string;
  placeholder(index: number, value: SqlValue): string;
  sqlType(type: FieldType): string;
  cast(expression: string, type: FieldType): string;
  /** Boolean SQL that is true when `text` contains `needle`; null when either is null. */
  contains(text: string, needle: string): string;
  startsWith(text: string, prefix: string): string;
  endsWith(text: string, suffix: string): string;
  /** SQL for `timestamp + 1 day`, used for inclusive date upper bounds on timestamp fields. */
  addOneDay(timestamp: string): string;
}

export class DefaultDialect implements Dialect {
  readonly name: string = 'ansi';

  quoteIdentifier(name: string): string {
    if (name.includes('\u0000')) throw new Error('identifier contains a NUL character');
    return `"${name.replaceAll('"', '""')}"`;
  }

  placeholder(index: number, _value: SqlValue): string {
    return `$${index}`;
  }

  sqlType(type: FieldType): string {
    const types: Record<FieldType, string> = {
      text: 'VARCHAR',
      integer: 'BIGINT',
      decimal: 'DOUBLE',
      boolean: 'BOOLEAN',
      date: 'DATE',
      timestamp: 'TIMESTAMP',
    };
    return types[type];
  }

  cast(expression: string, type: FieldType): string {
    return `CAST(${expression} AS ${this.sqlType(type)})`;
  }

  contains(text: string, needle: string): string {
    return `(strpos(${text}, ${needle}) > 0)`;
  }

  startsWith(text: string, prefix: string): string {
    return `(left(${text}, length(${prefix})) = ${prefix})`;
  }

  endsWith(text: string, suffix: string): string {
    return `(right(${text}, length(${suffix})) = ${suffix})`;
  }

  addOneDay(timestamp: string): string {
    return `(${timestamp} + INTERVAL '1 day')`;
  }
}
