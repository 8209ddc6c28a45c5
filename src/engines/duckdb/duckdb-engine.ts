import {
  DuckDBInstance,
  listValue,
  type DuckDBConnection,
  type DuckDBResultReader,
  type DuckDBValue,
} from '@duckdb/node-api';

import { ConflictError, EngineError, InvalidInputError } from '../../core/errors.js';
import { DuckDbDialect } from '../../dialects/duckdb/duckdb-dialect.js';
import type { CompiledQuery, SqlValue } from '../../sql/compiled-query.js';
import type { ColumnInfo, Engine, Row, RowValue } from '../engine.js';

const WIDE_NUMBER_TYPES = new Set(['BIGINT', 'HUGEINT', 'UBIGINT', 'UHUGEINT', 'DECIMAL']);

/**
 * The embedded default engine. A workspace is one DuckDB database file; `:memory:` gives a
 * throw-away one for reading files in place.
 */
export class DuckDbEngine implements Engine {
  readonly name = 'duckdb';
  readonly dialect = new DuckDbDialect();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    /** Only the engine that opened the database closes it; forks close their connection. */
    private readonly ownsInstance: boolean,
  ) {}

  static async open(path: string): Promise<DuckDbEngine> {
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path);
    } catch (error) {
      throw describeOpenFailure(path, error);
    }
    const connection = await instance.connect();
    return new DuckDbEngine(instance, connection, true);
  }

  /**
   * Opens another connection to the same database, so long analyses and quick reads can run side
   * by side. Temporary tables and views are per connection and not shared.
   */
  async fork(): Promise<DuckDbEngine> {
    return new DuckDbEngine(this.instance, await this.instance.connect(), false);
  }

  async query(query: CompiledQuery | string): Promise<Row[]> {
    const result = await this.run(query);
    return readRows(result);
  }

  async execute(query: CompiledQuery | string): Promise<void> {
    await this.run(query);
  }

  async describe(relation: string): Promise<ColumnInfo[]> {
    const result = await this.run(`SELECT * FROM ${relation} LIMIT 0`);
    const names = result.columnNames();
    const types = result.columnTypes();
    return names.map((name, index) => ({ name, sqlType: String(types[index]) }));
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.run('BEGIN TRANSACTION');
    try {
      const value = await work();
      await this.run('COMMIT');
      return value;
    } catch (error) {
      // A failed rollback (the transaction may already be gone) must not hide why the work failed.
      await this.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    if (this.ownsInstance) this.instance.closeSync();
  }

  private async run(query: CompiledQuery | string): Promise<DuckDBResultReader> {
    const { sql, parameters } = typeof query === 'string' ? { sql: query, parameters: [] } : query;
    try {
      const values = parameters.length > 0 ? parameters.map(toDuckDbValue) : undefined;
      return await this.connection.runAndReadAll(sql, values);
    } catch (error) {
      throw new EngineError(this.name, errorText(error), { cause: error, sql });
    }
  }
}

function toDuckDbValue(value: SqlValue): DuckDBValue {
  return Array.isArray(value) ? listValue([...value]) : (value as DuckDBValue);
}

function readRows(result: DuckDBResultReader): Row[] {
  const types = result.columnTypes().map((type) => String(type).replace(/\(.*$/, ''));
  const names = result.columnNames();
  const rows = result.getRowObjectsJson() as unknown as Record<string, RowValue>[];
  const wideColumns = names.filter((_, index) => WIDE_NUMBER_TYPES.has(types[index] ?? ''));
  if (wideColumns.length === 0) return rows;

  // The driver gives 64-bit and decimal values as text to avoid losing digits. Counts and sums
  // fit in a double, so they come back as numbers unless they would lose precision.
  for (const row of rows) {
    for (const column of wideColumns) {
      const value = row[column];
      if (typeof value === 'string') row[column] = toNumberIfExact(value);
    }
  }
  return rows;
}

function toNumberIfExact(text: string): string | number {
  const number = Number(text);
  if (!Number.isFinite(number)) return text;
  if (Number.isInteger(number) && !Number.isSafeInteger(number)) return text;
  return number;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describeOpenFailure(path: string, error: unknown): Error {
  const text = errorText(error);
  if (/lock/i.test(text)) {
    const holder = /PID (\d+)/.exec(text)?.[1];
    const who = holder ? `process ${holder}` : 'another process';
    return new ConflictError(
      `workspace "${path}" is in use by ${who} (DuckDB allows one writer). ` +
        'Stop that process or use that server, then try again',
    );
  }
  if (/not a valid DuckDB database file/i.test(text)) {
    return new InvalidInputError(
      `"${path}" is not a segment-insights workspace (not a DuckDB database). Choose another --workspace file`,
    );
  }
  return new EngineError('duckdb', `cannot open workspace "${path}": ${text}`, { cause: error });
}
