import { useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';

import { formatCount } from '../format/number-format.js';
import { drawEuler, MAX_DRAWING_WIDTH, MIN_DRAWING_WIDTH, type DrawnLabel } from './euler-drawing.js';
import { regionKey, regionLabel, type RegionSource } from './region-rows.js';

const COLOURS = ['#3b6fd8', '#e0822b', '#2f9e6e'];

interface EulerDiagramProps {
  source: RegionSource;
  selected: ReadonlySet<string>;
  onSelect: (segments: string[]) => void;
}

/**
 * Area-proportional Euler diagram of 2 or 3 segments, drawn at the width of its container so the
 * counts keep their size on a narrow screen. Labels are the exact region counts and never overlap;
 * one that does not fit in its region sits outside with a line to it. An empty region gets a
 * label only when the circles cannot avoid drawing it, and then reads 0. When some drawn area is
 * more than 5 points of the union off its share, the caption shows a notice.
 */
export function EulerDiagram({ source, selected, onSelect }: EulerDiagramProps) {
  const [container, width] = useDrawingWidth();
  const names = useMemo(() => source.segments.map((segment) => segment.name), [source]);
  const drawing = useMemo(() => {
    const regionCounts = new Map(source.regions.map((region) => [maskOf(region.segments, names), region.count]));
    return drawEuler({ names, regionCounts }, width);
  }, [source, names, width]);

  const { layout, viewBox } = drawing;
  const segmentsOf = (mask: number) => names.filter((_, index) => (mask & (1 << index)) !== 0);
  return (
    <figure className="euler" ref={container} data-max-share-error={layout.maxShareError.toFixed(4)} data-approximate={layout.approximate} data-width={width}>
      <svg
        viewBox={`${viewBox.left} ${viewBox.top} ${viewBox.width} ${viewBox.height}`}
        style={{ width: `${viewBox.width}px` }}
        role="group"
        aria-label="Euler diagram of the segments"
        className="euler-svg"
      >
        {layout.circles.map((circle) => (
          <circle
            key={circle.name}
            cx={circle.x}
            cy={circle.y}
            r={circle.radius}
            fill={colourOf(Math.log2(circle.bit))}
            fillOpacity={0.22}
            stroke={colourOf(Math.log2(circle.bit))}
            strokeWidth={2}
            data-segment={circle.name}
          />
        ))}
        {drawing.names.map((name) => (
          <text key={`name-${name.name}`} x={name.box.x} y={name.box.y} textAnchor="middle" dominantBaseline="central" className="euler-name" fill={colourOf(name.index)}>
            {name.text !== name.name && <title>{name.name}</title>}
            {name.text}
          </text>
        ))}
        {drawing.labels.map((label) => (
          <RegionLabel key={label.mask} label={label} segments={segmentsOf(label.mask)} selected={selected} onSelect={onSelect} />
        ))}
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
        {drawing.tooSmall.length > 0 && (
          <span data-too-small>
            {' '}
            Too small to see in the diagram:{' '}
            {drawing.tooSmall.map((mask) => `${regionLabel(segmentsOf(mask))} (${formatCount(layout.regions.find((region) => region.mask === mask)?.count ?? 0)})`).join(', ')}.
          </span>
        )}
        {layout.emptySegments.length > 0 && <span> Without members, so not drawn: {layout.emptySegments.join(', ')}.</span>}
      </figcaption>
    </figure>
  );
}

interface RegionLabelProps {
  label: DrawnLabel;
  segments: string[];
  selected: ReadonlySet<string>;
  onSelect: (segments: string[]) => void;
}

/** A region's count in a box; a button that selects the region, except for the "0" of an empty region. */
function RegionLabel({ label, segments, selected, onSelect }: RegionLabelProps) {
  const { box, leader } = label;
  const line = leader && <line x1={leader.x1} y1={leader.y1} x2={leader.x2} y2={leader.y2} className="euler-leader" />;
  const dot = leader && <circle cx={leader.x1} cy={leader.y1} r={2.5} className="euler-leader-dot" />;
  if (label.count === 0) {
    return (
      <g className="euler-zero" data-region={regionLabel(segments)}>
        {line}
        {dot}
        <text x={box.x} y={box.y} textAnchor="middle" dominantBaseline="central">
          0
        </text>
      </g>
    );
  }

  const key = regionKey(segments);
  return (
    <g
      role="button"
      tabIndex={0}
      aria-pressed={selected.has(key)}
      aria-label={`${regionLabel(segments)}: ${label.text} customers. Select region`}
      className={selected.has(key) ? 'euler-region selected' : 'euler-region'}
      data-region={regionLabel(segments)}
      data-leader={leader ? 'true' : undefined}
      onClick={() => onSelect(segments)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onSelect(segments);
        }
      }}
    >
      {line}
      {dot}
      <rect x={box.x - box.width / 2} y={box.y - box.height / 2} width={box.width} height={box.height} rx={4} />
      <text x={box.x} y={box.y} textAnchor="middle" dominantBaseline="central">
        {label.text}
      </text>
    </g>
  );
}

/** The width to draw at: the container's, in steps of 10 px between the narrowest and widest drawing. */
function useDrawingWidth(): [RefObject<HTMLElement | null>, number] {
  const container = useRef<HTMLElement>(null);
  const [width, setWidth] = useState(MAX_DRAWING_WIDTH);
  useLayoutEffect(() => {
    const element = container.current;
    if (!element) return undefined;
    const measure = () => {
      const available = Math.floor(element.getBoundingClientRect().width / 10) * 10;
      setWidth(Math.min(MAX_DRAWING_WIDTH, Math.max(MIN_DRAWING_WIDTH, available)));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [container, width];
}

function colourOf(index: number): string {
  return COLOURS[index % COLOURS.length] as string;
}

function maskOf(segments: readonly string[], names: readonly string[]): number {
  return segments.reduce((mask, name) => mask | (1 << names.indexOf(name)), 0);
}
