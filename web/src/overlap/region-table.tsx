import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  getPaginationRowModel,
  getSortedRowModel,
  useReactTable,
  type SortingState,
} from '@tanstack/react-table';
import { useId, useMemo, useState } from 'react';

import { CountChange } from '../common/count-change.js';
import { ScrollArea } from '../common/scroll-area.js';
import { formatCount, formatPercent, formatRatio } from '../format/number-format.js';
import { regionLabel, type RegionRow } from './region-rows.js';

const column = createColumnHelper<RegionRow>();
const SORT_ARROWS = { asc: ' ▲', desc: ' ▼' } as const;

interface RegionTableProps {
  caption: string;
  rows: RegionRow[];
  selected: ReadonlySet<string>;
  onToggle: (row: RegionRow) => void;
  showChanges: boolean;
}

/** Regions with count, share and lift; a checkbox per row selects regions to act on. */
export function RegionTable({ caption, rows, selected, onToggle, showChanges }: RegionTableProps) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const titleId = useId();
  const columns = useMemo(
    () => [
      column.display({
        id: 'select',
        header: () => <span className="visually-hidden">Select</span>,
        cell: ({ row }) => (
          <input
            type="checkbox"
            checked={selected.has(row.original.key)}
            onChange={() => onToggle(row.original)}
            aria-label={`Select region ${regionLabel(row.original.segments)}`}
          />
        ),
      }),
      column.accessor((row) => regionLabel(row.segments), {
        id: 'region',
        header: 'Region (exactly these segments)',
        cell: ({ getValue }) => getValue(),
      }),
      column.accessor('count', {
        header: 'Customers',
        cell: ({ row }) => (
          <>
            <span data-region-count>{formatCount(row.original.count)}</span>
            {showChanges && <CountChange current={row.original.count} previous={row.original.previous} />}
          </>
        ),
        meta: { numeric: true },
      }),
      column.accessor('percent', { header: 'Share', cell: ({ getValue }) => formatPercent(getValue()), meta: { numeric: true } }),
      column.accessor('lift', {
        header: () => <abbr title="Count over the count expected if segment memberships were independent">Lift</abbr>,
        cell: ({ getValue }) => formatRatio(getValue()),
        sortUndefined: 'last',
        meta: { numeric: true },
      }),
    ],
    [selected, onToggle, showChanges],
  );

  const table = useReactTable({
    data: rows,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getPaginationRowModel: getPaginationRowModel(),
    initialState: { pagination: { pageSize: 50 } },
    getRowId: (row) => row.key,
  });

  return (
    <>
      <ScrollArea label={caption} hint="Scroll sideways to see all columns." title={caption} titleId={titleId}>
        <table className="data-table region-table" aria-labelledby={titleId}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const numeric = (header.column.columnDef.meta as { numeric?: boolean } | undefined)?.numeric;
                const sorted = header.column.getIsSorted();
                const ariaSort = sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined;
                const arrow = sorted ? SORT_ARROWS[sorted] : '';
                return (
                  <th key={header.id} scope="col" className={numeric ? 'number' : undefined} aria-sort={ariaSort}>
                    {header.column.getCanSort() ? (
                      <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()}>
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        <span aria-hidden="true">{arrow}</span>
                      </button>
                    ) : (
                      flexRender(header.column.columnDef.header, header.getContext())
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} data-region={regionLabel(row.original.segments)} className={selected.has(row.original.key) ? 'selected' : undefined}>
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className={(cell.column.columnDef.meta as { numeric?: boolean } | undefined)?.numeric ? 'number' : undefined}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      </ScrollArea>
      {table.getPageCount() > 1 && <Pager table={table} />}
    </>
  );
}

interface PagerTable {
  getState: () => { pagination: { pageIndex: number } };
  getPageCount: () => number;
  previousPage: () => void;
  nextPage: () => void;
  getCanPreviousPage: () => boolean;
  getCanNextPage: () => boolean;
}

export function Pager({ table }: { table: PagerTable }) {
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()}>
        Previous page
      </button>
      <span>
        Page {table.getState().pagination.pageIndex + 1} of {table.getPageCount()}
      </span>
      <button type="button" onClick={() => table.nextPage()} disabled={!table.getCanNextPage()}>
        Next page
      </button>
    </nav>
  );
}
