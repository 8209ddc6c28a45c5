import type {
  AttributeDifferentiator,
  DifferentiatorsResult,
  ValueComparison,
} from '../../analyses/differentiators/differentiators-result.js';
import { csvLine } from './csv-writer.js';

const HEADER = [
  'rank',
  'field',
  'type',
  'influence',
  'statistic',
  'degrees_of_freedom',
  'p_value',
  'p_value_underflow',
  'adjusted_p_value',
  'significant',
  'effect_size',
  'value',
  'value_kind',
  'segment_count',
  'segment_share',
  'baseline_count',
  'baseline_share',
  'difference_points',
  'lift',
  'low_support',
];

/**
 * Formats the differentiators as tidy CSV, one line per attribute value with the attribute's
 * scores repeated. A missing value is an empty `value` cell with `value_kind` "missing". An
 * underflowed p-value is written as its bound 1e-300 with `p_value_underflow` true. Field names
 * and values are user text, so those starting with = + - @ or a tab or carriage return get a
 * leading apostrophe: a spreadsheet then shows them as text instead of running them as formulas.
 */
export function formatDifferentiatorsCsv(result: DifferentiatorsResult): string {
  const lines = [csvLine(HEADER)];
  result.attributes.forEach((attribute, index) => lines.push(...attributeLines(attribute, index + 1)));
  return lines.join('\n') + '\n';
}

function valueCell(row: ValueComparison): string | number | boolean | null {
  if (row.kind === 'missing') return null;
  const value = row.kind === 'value' ? row.value : row.label;
  return typeof value === 'string' ? spreadsheetText(value) : value;
}

function spreadsheetText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function attributeLines(attribute: AttributeDifferentiator, rank: number): string[] {
  const scores = [
    rank,
    spreadsheetText(attribute.field),
    attribute.type,
    attribute.influence,
    attribute.statistic,
    attribute.degreesOfFreedom,
    attribute.pValue,
    attribute.pValueUnderflow,
    attribute.adjustedPValue,
    attribute.significant,
    attribute.effectSize,
  ];
  return attribute.values.map((row) =>
    csvLine([
      ...scores,
      valueCell(row),
      row.kind,
      row.segmentCount,
      row.segmentShare,
      row.baselineCount,
      row.baselineShare,
      row.difference,
      row.lift,
      row.lowSupport,
    ]),
  );
}
