import { formatCount } from '../format/number-format.js';
import { layoutEuler, VISIBLE_SHARE, type EulerLayout } from './euler-layout.js';
import { placeNames, placeRegionLabels, type Box, type PlacedLabel } from './euler-labels.js';

/** Narrowest and widest drawing, in CSS pixels; the diagram is drawn at its container's width between them. */
export const MIN_DRAWING_WIDTH = 280;
export const MAX_DRAWING_WIDTH = 680;

/**
 * Sizes of the text the diagram draws, in CSS pixels at 1:1 scale, matching styles.css. Widths
 * are estimates per character, on the generous side, so a box is wide enough for its text.
 */
export const COUNT_LABEL = { fontSize: 14, height: 22, charWidth: 8.6, padding: 10 } as const;
export const NAME_LABEL = { fontSize: 15, height: 20, charWidth: 9.2 } as const;

export interface RegionSource {
  names: string[];
  /** Customers per exclusive region, by mask over `names`. */
  regionCounts: ReadonlyMap<number, number>;
}

export interface DrawnName {
  name: string;
  text: string;
  box: Box;
  /** Index of the segment in the input, for its colour. */
  index: number;
}

export interface DrawnLabel extends PlacedLabel {
  count: number;
  text: string;
}

export interface EulerDrawing {
  layout: EulerLayout;
  names: DrawnName[];
  labels: DrawnLabel[];
  /** Masks of regions with customers that have no visible area to label. */
  tooSmall: number[];
  /** The SVG view box around everything drawn. */
  viewBox: { left: number; top: number; width: number; height: number };
}

/**
 * Draws an Euler diagram `width` pixels wide: circles from the layout, each segment's name
 * outside its circle, and every region's count where it can be read. Regions with customers are
 * all labelled unless they have no visible area; an empty region gets a "0" only when the
 * circles cannot avoid drawing it.
 */
export function drawEuler(source: RegionSource, width: number): EulerDrawing {
  const height = Math.round(Math.min(420, Math.max(240, width * 0.6)));
  const padding = Math.round(Math.min(56, Math.max(30, width * 0.08)));
  const layout = layoutEuler({ names: source.names, regionCounts: source.regionCounts }, width, height, padding);
  const bounds: Box = { x: width / 2, y: height / 2, width, height };

  const nameTexts = layout.circles.map((circle) => fitText(circle.name, width - 8, NAME_LABEL.charWidth));
  const nameBoxes = placeNames(
    layout.circles,
    nameTexts.map((text) => ({ width: text.length * NAME_LABEL.charWidth, height: NAME_LABEL.height })),
    bounds,
  );
  const names = layout.circles.map((circle, position) => ({
    name: circle.name,
    text: nameTexts[position] ?? '',
    box: nameBoxes[position] as Box,
    index: Math.log2(circle.bit),
  }));

  const labelled = layout.regions
    .filter((region) => region.count > 0 || region.drawnShare >= VISIBLE_SHARE)
    .sort((a, b) => b.count - a.count || b.drawnShare - a.drawnShare);
  const requests = labelled.map((region) => ({ mask: region.mask, width: formatCount(region.count).length * COUNT_LABEL.charWidth + COUNT_LABEL.padding, height: COUNT_LABEL.height }));
  // Labels placed outside may use a band above and below the circles; the view box grows to hold them.
  const labelBounds: Box = { ...bounds, height: height + 2 * COUNT_LABEL.height };
  const placement = placeRegionLabels(layout.circles, requests, nameBoxes, labelBounds);

  const counts = new Map(layout.regions.map((region) => [region.mask, region.count]));
  const labels = placement.placed.map((label) => ({ ...label, count: counts.get(label.mask) ?? 0, text: formatCount(counts.get(label.mask) ?? 0) }));
  const tooSmall = placement.unplaced.filter((mask) => (counts.get(mask) ?? 0) > 0);
  return { layout, names, labels, tooSmall, viewBox: contentBox(layout, names, labels) };
}

/** Shortens text with an ellipsis so that it fits `room` pixels at `charWidth` per character. */
function fitText(text: string, room: number, charWidth: number): string {
  const fits = Math.max(4, Math.floor(room / charWidth));
  return text.length <= fits ? text : `${text.slice(0, fits - 1)}…`;
}

/** The box around everything drawn, with a 4 px margin, so nothing is cut off at any width. */
function contentBox(layout: EulerLayout, names: readonly DrawnName[], labels: readonly DrawnLabel[]): EulerDrawing['viewBox'] {
  const edges = [
    ...layout.circles.map((circle) => ({ x: circle.x, y: circle.y, width: circle.radius * 2, height: circle.radius * 2 })),
    ...names.map((name) => name.box),
    ...labels.map((label) => label.box),
  ];
  if (edges.length === 0) return { left: 0, top: 0, width: 0, height: 0 };
  const left = Math.min(...edges.map((box) => box.x - box.width / 2)) - 4;
  const right = Math.max(...edges.map((box) => box.x + box.width / 2)) + 4;
  const top = Math.min(...edges.map((box) => box.y - box.height / 2)) - 4;
  const bottom = Math.max(...edges.map((box) => box.y + box.height / 2)) + 4;
  return { left, top, width: right - left, height: bottom - top };
}
