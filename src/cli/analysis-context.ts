import type { ProfileSource } from '../core/fields.js';
import type { SegmentResolver } from '../core/segments.js';
import { DuckDbEngine } from '../engines/duckdb/duckdb-engine.js';
import type { Engine } from '../engines/engine.js';
import { openProfileFile } from '../profiles/profile-file-source.js';
import { Workspace } from '../workspace/workspace.js';

/** Options every analysing command shares: where the profiles come from. */
export interface SourceOptions {
  workspace: string;
  table: string;
  profiles?: string;
  key?: string;
  delimiter?: string;
  dedupe?: 'first';
  nullValue?: string[];
}

/** What an analysing command works on: an engine, the profiles, and the saved segments. */
export interface AnalysisContext {
  engine: Engine;
  source: ProfileSource;
  resolver: SegmentResolver;
  /** Names of the saved segments, for suggestions. */
  segmentNames: string[];
  workspace?: Workspace;
  /** Lines for stderr about how the profiles were read (in-place files only). */
  notes: string[];
  close(): Promise<void>;
}

/**
 * Opens the profiles an analysis reads: a file in place (`--profiles`, with an in-memory engine
 * and no saved segments) or an imported table of the workspace.
 */
export async function openAnalysisContext(options: SourceOptions): Promise<AnalysisContext> {
  if (options.profiles) {
    const engine = await DuckDbEngine.open(':memory:');
    try {
      const { source, report } = await openProfileFile(engine, {
        file: options.profiles,
        key: options.key,
        delimiter: options.delimiter,
        dedupe: options.dedupe,
        nullValues: options.nullValue,
      });
      return {
        engine,
        source,
        resolver: () => undefined,
        segmentNames: [],
        notes: report.warnings,
        close: () => engine.close(),
      };
    } catch (error) {
      await engine.close();
      throw error;
    }
  }

  const workspace = await Workspace.open(options.workspace);
  try {
    const source = await workspace.profileSource(options.table);
    const resolver = await workspace.segments.loadResolver();
    const segmentNames = (await workspace.segments.list()).map((segment) => segment.name);
    return {
      engine: workspace.engine,
      source,
      resolver,
      segmentNames,
      workspace,
      notes: [],
      close: () => workspace.close(),
    };
  } catch (error) {
    await workspace.close();
    throw error;
  }
}
