import { ScrollArea } from '../common/scroll-area.js';
import { formatCount } from '../format/number-format.js';
import { regionKey, regionLabel, type RegionSource } from './region-rows.js';

/** Most combinations drawn as columns; the region table lists them all. */
export const MAX_UPSET_COLUMNS = 40;

const ROW_HEIGHT = 22;
const COLUMN_WIDTH = 22;
const BAR_HEIGHT = 170;
/** Widest name column; narrower when every name is short. */
const MAX_LABEL_WIDTH = 170;
/** Room for a segment's size bar and its count written beside it. */
const SET_BAR_WIDTH = 120;
const SET_COUNT_WIDTH = 52;
/** Approximate width of a character of the 12 px labels. */
const CHAR_WIDTH = 7;

interface UpSetPlotProps {
  source: RegionSource;
  selected: ReadonlySet<string>;
  onSelect: (segments: string[]) => void;
}

/**
 * Draws an UpSet plot with one column per exclusive region (combination), largest first. A bar
 * above shows the region's count and dots below mark its segments. The bars at the left are the
 * segment sizes. Each column is a button that selects the region.
 */
export function UpSetPlot({ source, selected, onSelect }: UpSetPlotProps) {
  const names = source.segments.map((segment) => segment.name);
  const combinations = source.regions.filter((region) => region.count > 0).sort((a, b) => b.count - a.count);
  const columns = combinations.slice(0, MAX_UPSET_COLUMNS);
  const maxCount = Math.max(1, ...columns.map((column) => column.count));
  const maxSize = Math.max(1, ...source.segments.map((segment) => segment.size));

  const labelWidth = Math.min(MAX_LABEL_WIDTH, Math.max(60, 12 + CHAR_WIDTH * Math.max(...names.map((name) => Math.min(name.length, 24)))));
  const matrixTop = BAR_HEIGHT + 8;
  const width = labelWidth + SET_BAR_WIDTH + columns.length * COLUMN_WIDTH + 8;
  const height = matrixTop + names.length * ROW_HEIGHT + 4;
  const left = labelWidth + SET_BAR_WIDTH;

  return (
    <figure className="upset">
      <ScrollArea label="UpSet plot" hint={`Scroll sideways to see all ${formatCount(columns.length)} combinations.`} className="chart-scroll">
        <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="group" aria-label="UpSet plot of the segment combinations" className="upset-svg">
          {names.map((name, row) => {
            const y = matrixTop + row * ROW_HEIGHT;
            const size = source.segments[row]?.size ?? 0;
            const barWidth = ((SET_BAR_WIDTH - SET_COUNT_WIDTH - 10) * size) / maxSize;
            return (
              <g key={name} data-segment={name}>
                {row % 2 === 0 && <rect x={0} y={y} width={width} height={ROW_HEIGHT} className="upset-stripe" />}
                <text x={labelWidth - 6} y={y + ROW_HEIGHT / 2} textAnchor="end" dominantBaseline="middle" className="upset-label">
                  <title>{`${name}: ${formatCount(size)} members`}</title>
                  {truncate(name, 24)}
                </text>
                <rect x={left - 6 - barWidth} y={y + 5} width={barWidth} height={ROW_HEIGHT - 10} className="upset-set-bar" />
                <text x={left - 10 - barWidth} y={y + ROW_HEIGHT / 2} textAnchor="end" dominantBaseline="middle" className="upset-set-count" data-set-size>
                  {formatCount(size)}
                </text>
              </g>
            );
          })}
          {columns.map((column, index) => {
            const key = regionKey(column.segments);
            const x = left + index * COLUMN_WIDTH;
            const barHeight = ((BAR_HEIGHT - 50) * column.count) / maxCount;
            const rows = column.segments.map((name) => names.indexOf(name));
            const label = `${regionLabel(column.segments)}: ${formatCount(column.count)} customers`;
            return (
              <g
                key={key}
                role="button"
                tabIndex={0}
                aria-pressed={selected.has(key)}
                aria-label={`${label}. Select region`}
                className={selected.has(key) ? 'upset-column selected' : 'upset-column'}
                data-region={regionLabel(column.segments)}
                onClick={() => onSelect(column.segments)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter' || event.key === ' ') {
                    event.preventDefault();
                    onSelect(column.segments);
                  }
                }}
              >
                <title>{label}</title>
                <rect x={x} y={0} width={COLUMN_WIDTH} height={height} className="upset-hit" />
                <rect x={x + 4} y={BAR_HEIGHT - barHeight} width={COLUMN_WIDTH - 8} height={barHeight} className="upset-bar" />
                <text x={x + COLUMN_WIDTH / 2 + 4} y={BAR_HEIGHT - barHeight - 4} transform={`rotate(-90 ${x + COLUMN_WIDTH / 2 + 4} ${BAR_HEIGHT - barHeight - 4})`} className="upset-count">
                  {formatCount(column.count)}
                </text>
                {names.map((name, row) => (
                  <circle key={name} cx={x + COLUMN_WIDTH / 2} cy={matrixTop + row * ROW_HEIGHT + ROW_HEIGHT / 2} r={5} className={rows.includes(row) ? 'upset-dot on' : 'upset-dot'} />
                ))}
                {rows.length > 1 && (
                  <line
                    x1={x + COLUMN_WIDTH / 2}
                    x2={x + COLUMN_WIDTH / 2}
                    y1={matrixTop + Math.min(...rows) * ROW_HEIGHT + ROW_HEIGHT / 2}
                    y2={matrixTop + Math.max(...rows) * ROW_HEIGHT + ROW_HEIGHT / 2}
                    className="upset-link"
                  />
                )}
              </g>
            );
          })}
        </svg>
      </ScrollArea>
      <figcaption>
        Columns are the combinations (customers in exactly those segments), largest first
        {combinations.length > columns.length ? `; the ${MAX_UPSET_COLUMNS} largest of ${formatCount(combinations.length)} are drawn, and the table lists all` : ''}. The
        tallest column holds {formatCount(maxCount)} customers; {formatCount(source.none)} are in none of the segments.
      </figcaption>
    </figure>
  );
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
