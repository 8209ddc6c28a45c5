import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  getPaginationRowModel,
  useReactTable,
} from '@tanstack/react-table';
import { useId, useMemo, useState } from 'react';

import type { Breakdown, BreakdownChange, BreakdownRow } from '../api/api-types.js';
import { CountChange } from '../common/count-change.js';
import { ScrollArea } from '../common/scroll-area.js';
import { largestRemainderPercentages } from '../format/largest-remainder.js';
import { formatCount, formatFieldValue, formatPercent } from '../format/number-format.js';
import { HeadlineNumbers } from './headline-numbers.js';
import { RegionActions } from './region-actions.js';
import { regionRows } from './region-rows.js';
import { RegionTable, Pager } from './region-table.js';
import { useRegionSelection } from './use-region-selection.js';
import { valueChanges, valueKey, valuePrevious, type ValuePrevious } from './value-changes.js';

/** Index of the "All values" entry of the value filter. */
const ALL_VALUES = -1;

interface BreakdownPanelProps {
  insightId: string;
  breakdown: Breakdown;
  /** The field's numbers at the previous refresh, when the insight has them. */
  change: BreakdownChange | undefined;
}

/**
 * One field's breakdown: a filter of its values, the values table, and the regions within a
 * value, each number with its change since the previous refresh when that is known.
 */
export function BreakdownPanel({ insightId, breakdown, change }: BreakdownPanelProps) {
  const [chosen, setChosen] = useState(ALL_VALUES);
  const row = chosen === ALL_VALUES ? undefined : breakdown.values[chosen];
  const filterId = `value-filter-${breakdown.field}`;
  const previous = useMemo(() => previousByValue(breakdown, change), [breakdown, change]);

  return (
    <div className="breakdown-panel">
      <div className="value-filter">
        <label htmlFor={filterId}>Value of {breakdown.field}</label>{' '}
        <select id={filterId} value={chosen} onChange={(event) => setChosen(Number(event.target.value))}>
          <option value={ALL_VALUES}>All values ({formatCount(breakdown.values.length)})</option>
          {breakdown.values.map((value, index) => (
            <option key={index} value={index}>
              {valueName(value)} ({formatCount(value.profiles)})
            </option>
          ))}
        </select>
        {breakdown.truncated && (
          <span className="muted">
            {' '}
            {formatCount(breakdown.distinctValues)} distinct values; the smallest are folded into "(other)".
          </span>
        )}
      </div>
      {row ? (
        <ValueRegions key={chosen} insightId={insightId} field={breakdown.field} row={row} previous={previous[chosen]} />
      ) : (
        <ValuesTable breakdown={breakdown} previous={previous} onChoose={setChosen} />
      )}
    </div>
  );
}

/** Rebuilds the previous numbers of each value of a breakdown, by the value's index; undefined where unknown. */
function previousByValue(breakdown: Breakdown, change: BreakdownChange | undefined): (ValuePrevious | undefined)[] {
  const changes = valueChanges(change);
  return breakdown.values.map((row) => {
    const valueChange = row.folded ? undefined : changes.get(valueKey(row.value));
    return valueChange ? valuePrevious(row, valueChange) : undefined;
  });
}

interface ValueRegionsProps {
  insightId: string;
  field: string;
  row: BreakdownRow;
  previous: ValuePrevious | undefined;
}

function ValueRegions({ insightId, field, row, previous }: ValueRegionsProps) {
  const rows = useMemo(() => regionRows(row, previous?.regions), [row, previous]);
  const selection = useRegionSelection(rows);
  const within = row.folded ? undefined : { field, value: row.value };
  return (
    <>
      <HeadlineNumbers headline={row} previous={previous} label={`Overlap within ${field} = ${valueName(row)}`} />
      <RegionTable
        caption={`Regions within ${field} = ${valueName(row)}`}
        rows={rows}
        selected={selection.keys}
        onToggle={selection.toggle}
        showChanges={previous !== undefined}
      />
      {row.folded ? (
        selection.rows.length > 0 && <p className="muted">The "(other)" row folds several values, so it cannot be acted on; choose one value.</p>
      ) : (
        <RegionActions insightId={insightId} rows={selection.rows} within={within} onClear={selection.clear} />
      )}
    </>
  );
}

interface ValueLine {
  index: number;
  row: BreakdownRow;
  percent: number;
  previous: ValuePrevious | undefined;
}

/** The counts of a value that the values table shows, each with its change. */
type CountColumn = 'profiles' | 'union' | 'atLeastTwo' | 'inAll' | 'none';

const column = createColumnHelper<ValueLine>();

function countColumn(id: CountColumn, header: string) {
  return column.accessor((line) => line.row[id], {
    id,
    header,
    cell: ({ row, getValue }) => (
      <>
        <span data-count>{formatCount(getValue())}</span>
        <CountChange current={getValue()} previous={row.original.previous?.[id]} />
      </>
    ),
  });
}

interface ValuesTableProps {
  breakdown: Breakdown;
  /** The previous numbers of each value, by index. */
  previous: (ValuePrevious | undefined)[];
  onChoose: (index: number) => void;
}

/** Every value of the field with its overlap totals; a value's name opens its regions. */
function ValuesTable({ breakdown, previous, onChoose }: ValuesTableProps) {
  const titleId = useId();
  const lines = useMemo(() => {
    const percents = largestRemainderPercentages(breakdown.values.map((value) => value.profiles));
    return breakdown.values.map((row, index) => ({ index, row, percent: percents[index] ?? 0, previous: previous[index] }));
  }, [breakdown, previous]);

  const columns = useMemo(
    () => [
      column.accessor((line) => valueName(line.row), {
        id: 'value',
        header: breakdown.field,
        cell: ({ row, getValue }) => (
          <button type="button" className="link-button" onClick={() => onChoose(row.original.index)}>
            {getValue()}
          </button>
        ),
      }),
      countColumn('profiles', 'Customers'),
      column.accessor('percent', { header: 'Share', cell: ({ getValue }) => formatPercent(getValue()) }),
      countColumn('union', 'In any segment'),
      countColumn('atLeastTwo', 'In at least two'),
      countColumn('inAll', 'In all'),
      countColumn('none', 'In none'),
    ],
    [breakdown.field, onChoose],
  );
  const table = useReactTable({
    data: lines,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getPaginationRowModel: getPaginationRowModel(),
    initialState: { pagination: { pageSize: 25 } },
  });

  return (
    <>
      <ScrollArea label={`Values of ${breakdown.field}`} hint="Scroll sideways to see all columns." title={`Values of ${breakdown.field}, by customers in any segment`} titleId={titleId}>
        <table className="data-table values-table" aria-labelledby={titleId}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col" className={header.column.id === 'value' ? undefined : 'number'}>
                  {flexRender(header.column.columnDef.header, header.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} data-value={valueName(row.original.row)}>
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className={cell.column.id === 'value' ? undefined : 'number'} data-column={cell.column.id}>
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

/** A breakdown value as shown: dates and all other values exactly as the API wrote them. */
export function valueName(row: BreakdownRow): string {
  if (row.folded) return `(other: ${formatCount(row.foldedValues ?? 0)} values)`;
  return formatFieldValue(row.value);
}
