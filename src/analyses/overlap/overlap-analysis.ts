import { InvalidInputError } from '../../core/errors.js';
import { findField, type Field, type ProfileSource } from '../../core/fields.js';
import type { SegmentDefinition, SegmentResolver } from '../../core/segments.js';
import { closestName } from '../../core/closest-name.js';
import type { Engine } from '../../engines/engine.js';
import { readBreakdownValue, shapeBreakdown, type ValueCount } from './breakdown-shaping.js';
import {
  BREAKDOWN_COLUMN,
  buildOverlapQuery,
  COUNT_COLUMN,
  DISTINCT_COLUMN,
  FOLDED_COLUMN,
  MASK_COLUMN,
  valueColumn,
} from './overlap-query.js';
import { summariseMasks, type OverlapResult } from './overlap-result.js';

export const MIN_SEGMENTS = 2;
export const MAX_SEGMENTS = 16;
export const DEFAULT_MAX_VALUES = 100;

export interface OverlapRequest {
  segments: SegmentDefinition[];
  /** Fields to break the overlap down by, each value with its own counts. */
  breakdownFields?: string[];
  /** Values shown per breakdown field before the rest fold into "(other)"; default 100. */
  maxValues?: number;
}

/** Computes an overlap from one aggregation query on the engine. */
export async function analyseOverlap(
  engine: Engine,
  source: ProfileSource,
  request: OverlapRequest,
  resolver: SegmentResolver,
): Promise<OverlapResult> {
  const names = checkSegments(request.segments);
  const fields = resolveBreakdownFields(source, request.breakdownFields ?? []);
  const maxValues = checkMaxValues(request.maxValues ?? DEFAULT_MAX_VALUES);

  const query = buildOverlapQuery(engine.dialect, source, request.segments, fields, resolver, maxValues);
  const rows = await engine.query(query);

  const overall = new Map<number, number>();
  const perField = fields.map(() => ({ counts: [] as ValueCount[], distinctValues: 0 }));
  for (const row of rows) {
    const mask = Number(row[MASK_COLUMN]);
    const count = Number(row[COUNT_COLUMN]);
    const fieldIndex = Number(row[BREAKDOWN_COLUMN]);
    const target = perField[fieldIndex];
    if (!target) {
      overall.set(mask, count);
      continue;
    }
    const folded = row[FOLDED_COLUMN] === true;
    target.counts.push({ value: folded ? null : readBreakdownValue(row, valueColumn(fieldIndex)), folded, mask, count });
    target.distinctValues = Number(row[DISTINCT_COLUMN]);
  }

  return {
    source: source.label,
    ...summariseMasks(overall, names),
    breakdowns: fields.map((field, index) =>
      shapeBreakdown(field, perField[index]?.counts ?? [], names, perField[index]?.distinctValues ?? 0),
    ),
  };
}

function checkSegments(segments: readonly SegmentDefinition[]): string[] {
  if (segments.length < MIN_SEGMENTS || segments.length > MAX_SEGMENTS) {
    throw new InvalidInputError(
      `an overlap needs at least ${MIN_SEGMENTS} and at most ${MAX_SEGMENTS} segments, got ${segments.length}. ` +
        (segments.length < MIN_SEGMENTS ? 'Add segments' : 'Split the analysis into smaller groups'),
      { segments: segments.length },
    );
  }

  const names = segments.map((segment) => segment.name);
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined) {
    throw new InvalidInputError(`segment "${repeated}" is selected twice. Select each segment once`, {
      segment: repeated,
    });
  }
  return names;
}

function resolveBreakdownFields(source: ProfileSource, names: readonly string[]): Field[] {
  const seen = new Set<string>();
  const fields: Field[] = [];
  for (const name of names) {
    const field = findField(source, name);
    if (!field) {
      const names = source.fields.map((candidate) => candidate.name);
      const suggestion = closestName(name, names);
      const hint = suggestion ? ` Did you mean "${suggestion}"?` : ` The fields are: ${names.slice(0, 12).join(', ')}`;
      throw new InvalidInputError(`unknown breakdown field "${name}".${hint}`, { field: name });
    }
    if (field.name === source.keyField) {
      throw new InvalidInputError(
        `cannot break down by the key field "${name}": it has one value per customer. Choose another field`,
        { field: name },
      );
    }
    if (!seen.has(name)) fields.push(field);
    seen.add(name);
  }
  return fields;
}

function checkMaxValues(maxValues: number): number {
  if (!Number.isInteger(maxValues) || maxValues < 1) {
    throw new InvalidInputError(`--max-values must be a whole number of at least 1, got ${maxValues}`);
  }
  return maxValues;
}
