import type { Dialect } from '../dialects/dialect.js';
import type { CompiledQuery } from '../sql/compiled-query.js';

/** A value in a result row: integers and decimals as numbers, dates and timestamps as ISO text. */
export type RowValue = string | number | boolean | null | RowValue[];
export type Row = Record<string, RowValue>;

export interface ColumnInfo {
  name: string;
  /** The engine's own type name, for example `VARCHAR` or `BIGINT`. */
  sqlType: string;
}

/**
 * An SQL engine the analyses run on. It owns its driver and one connection; analyses only hand it
 * compiled queries built through its dialect.
 */
export interface Engine {
  readonly name: string;
  readonly dialect: Dialect;
  query(query: CompiledQuery | string): Promise<Row[]>;
  execute(query: CompiledQuery | string): Promise<void>;
  /** The columns of a table, view or any relation SQL, in order. */
  describe(relation: string): Promise<ColumnInfo[]>;
  /** Runs `work` in one transaction: everything it wrote is rolled back if it throws. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
