import { availableParallelism } from 'node:os';

import { ConfigurationError } from '../core/errors.js';
import { DuckDbEngine } from '../engines/duckdb/duckdb-engine.js';
import type { Engine } from '../engines/engine.js';
import type { Workspace } from '../workspace/workspace.js';
import { SerialLock } from './serial-lock.js';

export const DEFAULT_READ_CONNECTIONS = 4;

/**
 * Engine threads a server leaves its analyses: one core fewer than the machine has, so the HTTP
 * event loop keeps a core while runs compute (DuckDB's own default is every core).
 */
export function defaultEngineThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * The connections a server uses on one workspace. Writes go through the workspace's own
 * connection one at a time, so a multi-statement transaction never interleaves with another
 * request's statements. Reads borrow one of a few extra connections, and runs and exports fork
 * their own, so a long analysis never holds up a quick read.
 */
export class WorkspaceConnections {
  private readonly writeLock = new SerialLock();
  private readonly idle: Engine[] = [];
  private readonly waiting: ((engine: Engine) => void)[] = [];
  private closed = false;

  private constructor(
    private readonly writer: DuckDbEngine,
    private readonly readers: Engine[],
  ) {
    this.idle.push(...readers);
  }

  static async open(
    workspace: Workspace,
    options: { readConnections?: number; engineThreads?: number } = {},
  ): Promise<WorkspaceConnections> {
    const writer = workspace.engine;
    if (!(writer instanceof DuckDbEngine)) {
      throw new ConfigurationError(`the server needs a DuckDB workspace, got a ${writer.name} engine`);
    }
    const threads = options.engineThreads ?? defaultEngineThreads();
    if (!Number.isSafeInteger(threads) || threads < 1) throw new ConfigurationError(`engine threads must be a whole number of at least 1, got ${threads}`);
    // The setting holds for every connection of the database, forks included.
    await writer.execute(`SET threads = ${threads}`);

    const readConnections = options.readConnections ?? DEFAULT_READ_CONNECTIONS;
    const readers: Engine[] = [];
    for (let index = 0; index < readConnections; index += 1) readers.push(await writer.fork());
    return new WorkspaceConnections(writer, readers);
  }

  /** Runs `work` on an idle read connection, waiting for one when all are busy. */
  async read<T>(work: (engine: Engine) => Promise<T>): Promise<T> {
    const engine = await this.borrow();
    try {
      return await work(engine);
    } finally {
      this.giveBack(engine);
    }
  }

  /** Runs `work` on the write connection once every earlier write has finished. */
  write<T>(work: (engine: Engine) => Promise<T>): Promise<T> {
    return this.writeLock.run(() => work(this.writer));
  }

  /** Opens a connection of its own for a long job; the caller closes it. */
  fork(): Promise<Engine> {
    return this.writer.fork();
  }

  /** Closes the read connections; the workspace closes the write connection. */
  async close(): Promise<void> {
    this.closed = true;
    for (const reader of this.readers) await reader.close();
  }

  private borrow(): Promise<Engine> {
    if (this.closed) return Promise.reject(new Error('the workspace connections are closed'));
    const engine = this.idle.pop();
    if (engine) return Promise.resolve(engine);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private giveBack(engine: Engine): void {
    const next = this.waiting.shift();
    if (next) next(engine);
    else this.idle.push(engine);
  }
}
