import { useMemo } from 'react';

import { formatCount } from '../format/number-format.js';
import { layoutEuler, type EulerCircle } from './euler-layout.js';
import { regionKey, regionLabel, type RegionSource } from './region-rows.js';

const WIDTH = 640;
const HEIGHT = 340;
const COLOURS = ['#3b6fd8', '#e0822b', '#2f9e6e'];

interface EulerDiagramProps {
  source: RegionSource;
  selected: ReadonlySet<string>;
  onSelect: (segments: string[]) => void;
}

/**
 * Area-proportional Euler diagram of 2 or 3 segments. Labels are the exact region counts; a
 * region with no customers gets no label, and one that the circles cannot avoid drawing reads 0.
 * When some drawn area is more than 5 points of the union off its share, the caption shows a notice.
 */
export function EulerDiagram({ source, selected, onSelect }: EulerDiagramProps) {
  const names = useMemo(() => source.segments.map((segment) => segment.name), [source]);
  const layout = useMemo(() => {
    const regionCounts = new Map(source.regions.map((region) => [maskOf(region.segments, names), region.count]));
    return layoutEuler({ names, regionCounts }, WIDTH, HEIGHT, 44);
  }, [source, names]);

  const hidden = layout.regions.filter((region) => region.count > 0 && region.label === null);
  return (
    <figure className="euler" data-max-share-error={layout.maxShareError.toFixed(4)} data-approximate={layout.approximate}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="group" aria-label="Euler diagram of the segments" className="euler-svg">
        {layout.circles.map((circle, index) => (
          <circle
            key={circle.name}
            cx={circle.x}
            cy={circle.y}
            r={circle.radius}
            fill={COLOURS[index % COLOURS.length]}
            fillOpacity={0.22}
            stroke={COLOURS[index % COLOURS.length]}
            strokeWidth={2}
            data-segment={circle.name}
          />
        ))}
        {layout.circles.map((circle, index) => {
          const place = namePlace(circle, layout.circles);
          return (
            <text key={`name-${circle.name}`} x={place.x} y={place.y} textAnchor={place.anchor} dominantBaseline="middle" className="euler-name" fill={COLOURS[index % COLOURS.length]}>
              {circle.name}
            </text>
          );
        })}
        {layout.regions.map((region) => {
          if (!region.label) return null;
          const segments = names.filter((_, index) => (region.mask & (1 << index)) !== 0);
          const key = regionKey(segments);
          const text = formatCount(region.count);
          if (region.count === 0) {
            return (
              <text key={key} x={region.label.x} y={region.label.y} textAnchor="middle" dominantBaseline="middle" className="euler-zero" data-region={regionLabel(segments)}>
                0
              </text>
            );
          }
          return (
            <g
              key={key}
              role="button"
              tabIndex={0}
              aria-pressed={selected.has(key)}
              aria-label={`${regionLabel(segments)}: ${text} customers. Select region`}
              className={selected.has(key) ? 'euler-region selected' : 'euler-region'}
              data-region={regionLabel(segments)}
              onClick={() => onSelect(segments)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  onSelect(segments);
                }
              }}
            >
              <rect x={region.label.x - 4 - text.length * 4.5} y={region.label.y - 11} width={8 + text.length * 9} height={22} rx={4} />
              <text x={region.label.x} y={region.label.y} textAnchor="middle" dominantBaseline="middle">
                {text}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        Circle areas are proportional to segment sizes; labels are exact counts. {formatCount(source.none)} of {formatCount(source.profiles)} customers are in none of them.
        {layout.approximate && (
          <strong className="approximate-notice" role="note">
            {' '}
            Areas are approximate: circles cannot show these overlaps exactly (largest error {Math.round(layout.maxShareError * 100)} points of the union). Read the counts, or
            the UpSet plot.
          </strong>
        )}
        {hidden.length > 0 && <span> Not drawn: {hidden.map((region) => `${regionLabel(names.filter((_, index) => (region.mask & (1 << index)) !== 0))} (${formatCount(region.count)})`).join(', ')}.</span>}
        {layout.emptySegments.length > 0 && <span> Without members, so not drawn: {layout.emptySegments.join(', ')}.</span>}
      </figcaption>
    </figure>
  );
}

/**
 * Puts a segment's name just outside its circle, on the side facing away from the centre of all
 * circles, so names do not sit on top of other circles' regions.
 */
function namePlace(circle: EulerCircle, circles: readonly EulerCircle[]): { x: number; y: number; anchor: 'start' | 'middle' | 'end' } {
  const centreX = circles.reduce((sum, other) => sum + other.x, 0) / circles.length;
  const centreY = circles.reduce((sum, other) => sum + other.y, 0) / circles.length;
  let dx = circle.x - centreX;
  let dy = circle.y - centreY;
  const length = Math.hypot(dx, dy);
  if (length < 1) [dx, dy] = [0, -1];
  else [dx, dy] = [dx / length, dy / length];

  const x = circle.x + dx * (circle.radius + 8);
  const y = Math.min(HEIGHT - 8, Math.max(10, circle.y + dy * (circle.radius + 12)));
  let anchor: 'start' | 'middle' | 'end' = 'middle';
  if (dx > 0.3) anchor = 'start';
  if (dx < -0.3) anchor = 'end';
  return { x, y, anchor };
}

function maskOf(segments: readonly string[], names: readonly string[]): number {
  return segments.reduce((mask, name) => mask | (1 << names.indexOf(name)), 0);
}
