import type { ProfileSource } from '../core/fields.js';
import type { SegmentResolver } from '../core/segments.js';
import type { Engine } from '../engines/engine.js';
import { csvLine, type CsvValue } from './csv-cells.js';
import { buildRegionExportTable, type RegionMembersRequest } from './region-query.js';

/** Rows read from the engine per page. An export keeps about one page in memory. */
export const EXPORT_PAGE_ROWS = 5000;

/** An export ready to stream: its row count, its CSV text in chunks, and a close for early ends. */
export interface RegionExport {
  rows: number;
  chunks(): AsyncGenerator<string>;
  /** Releases the connection; safe to call more than once, and called when the chunks end. */
  close(): Promise<void>;
}

let exportCounter = 0;

/**
 * Copies a region's members into a temporary table on a connection of the export's own, then
 * streams them as CSV one page at a time in key order. Text cells that a spreadsheet would run as
 * formulas are neutralised; numeric, boolean and date columns are written as they are.
 */
export async function openRegionExport(
  engine: Engine,
  source: ProfileSource,
  request: RegionMembersRequest,
  resolver: SegmentResolver,
): Promise<RegionExport> {
  exportCounter += 1;
  const table = `si_region_export_${exportCounter}`;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await engine.close();
  };

  try {
    await engine.execute(buildRegionExportTable(engine.dialect, source, request, resolver, table));
    const counted = await engine.query(`SELECT count(*) AS rows FROM ${table}`);
    const rows = Number(counted[0]?.rows ?? 0);
    const textColumns = request.columns.map((name) => source.fields.find((field) => field.name === name)?.type === 'text');

    async function* chunks(): AsyncGenerator<string> {
      try {
        yield csvLine(request.columns, request.columns.map(() => true));
        for (let first = 0; first < rows; first += EXPORT_PAGE_ROWS) {
          const page = await engine.query({
            sql: `SELECT * EXCLUDE (position) FROM ${table} WHERE position > $1 AND position <= $2 ORDER BY position`,
            parameters: [first, first + EXPORT_PAGE_ROWS],
          });
          yield page.map((row) => csvLine(request.columns.map((_, index) => row[`column_${index}`] as CsvValue), textColumns)).join('');
        }
      } finally {
        await close();
      }
    }
    return { rows, chunks, close };
  } catch (error) {
    await close();
    throw error;
  }
}
