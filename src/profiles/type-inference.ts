import type { FieldType } from '../core/fields.js';
import type { Dialect } from '../dialects/dialect.js';
import type { Row } from '../engines/engine.js';

/**
 * Patterns of the text forms that field types are inferred from, so that values read back as
 * written. Integers have no leading zeros, so a zip code such as "02139" stays text. Decimals are
 * plain numbers. Only true/false is boolean, so yes/no stays text. Dates are YYYY-MM-DD, and
 * timestamps are ISO date-times, optionally with a zone.
 */
const INTEGER_PATTERN = '(0|-?[1-9][0-9]*)';
// NOTE: decimals are stored as DOUBLE, so a value with more than about 15 significant digits
// reads back rounded. Only integers beyond 64 bits are kept as text.
const NUMBER_PATTERN = '-?((0|[1-9][0-9]*)(\\.[0-9]+)?|\\.[0-9]+)([eE][+-]?[0-9]+)?';
const DATE_PATTERN = '[0-9]{4}-[0-9]{2}-[0-9]{2}';
const ZONE_PATTERN = '(Z|[+-][0-9]{2}(:?[0-9]{2})?)';
const TIME_PATTERN = '[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?';
const DATE_TIME_PATTERN = `${DATE_PATTERN}[T ]${TIME_PATTERN}${ZONE_PATTERN}?`;
/** Matches the end of a date-time that carries a zone. A bare date never matches. */
const ZONED_END_PATTERN = `[T ]${TIME_PATTERN}${ZONE_PATTERN}$`;

/** How many of a text column's non-null values have each shape. */
export interface ValueShapes {
  values: number;
  integers: number;
  /** Integer literals that also fit in a signed 64-bit integer. */
  int64: number;
  numbers: number;
  booleans: number;
  dates: number;
  dateTimes: number;
  /** Date-times that carry a zone (Z or an offset). */
  zoned: number;
  nulBytes: number;
}

const SHAPES: readonly (keyof ValueShapes)[] = [
  'values',
  'integers',
  'int64',
  'numbers',
  'booleans',
  'dates',
  'dateTimes',
  'zoned',
  'nulBytes',
];

export function inferFieldType(shapes: ValueShapes): FieldType {
  const { values } = shapes;
  if (values === 0) return 'text';

  // An integer beyond 64 bits would lose digits as a number, so its column stays text.
  if (shapes.integers > shapes.int64) return 'text';
  if (shapes.integers === values) return 'integer';
  if (shapes.numbers === values) return 'decimal';
  if (shapes.booleans === values) return 'boolean';
  if (shapes.dates === values) return 'date';
  if (shapes.dates + shapes.dateTimes === values) return 'timestamp';
  return 'text';
}

/** SQL aggregates measuring the shapes of the text column `column`, aliased `s{index}_{shape}`. */
function shapeAggregates(column: string, index: number): string[] {
  const matches = (pattern: string) => `regexp_full_match(${column}, '${pattern}')`;

  // A failing TRY_CAST is slow in DuckDB, so casts run only on values of the right shape.
  const castsWhen = (pattern: string, cast: string) => `CASE WHEN ${matches(pattern)} THEN ${cast} ELSE false END`;
  const expressions: Record<keyof ValueShapes, string> = {
    values: `count(${column})`,
    integers: `count_if(${matches(INTEGER_PATTERN)})`,
    int64: `count_if(${castsWhen(INTEGER_PATTERN, `TRY_CAST(${column} AS BIGINT) IS NOT NULL`)})`,
    numbers: `count_if(${castsWhen(NUMBER_PATTERN, `isfinite(TRY_CAST(${column} AS DOUBLE))`)})`,
    booleans: `count_if(lower(${column}) IN ('true', 'false'))`,
    dates: `count_if(${castsWhen(DATE_PATTERN, `TRY_CAST(${column} AS DATE) IS NOT NULL`)})`,
    dateTimes: `count_if(${castsWhen(DATE_TIME_PATTERN, `TRY_CAST(${column} AS TIMESTAMPTZ) IS NOT NULL`)})`,
    zoned: `count_if(${castsWhen(DATE_TIME_PATTERN, `regexp_matches(${column}, '${ZONED_END_PATTERN}')`)})`,
    nulBytes: `count_if(contains(${column}, chr(0)))`,
  };
  return SHAPES.map((shape) => `${expressions[shape]} AS s${index}_${shape}`);
}

/** Builds one query that measures the value shapes of every listed text column in a single scan. */
export function valueShapesSql(dialect: Dialect, relation: string, columns: readonly string[]): string {
  const aggregates = columns.flatMap((name, index) => shapeAggregates(dialect.quoteIdentifier(name), index));
  return `SELECT ${aggregates.join(', ')} FROM ${relation}`;
}

export function readValueShapes(row: Row, index: number): ValueShapes {
  const shapes = {} as ValueShapes;
  for (const shape of SHAPES) shapes[shape] = Number(row[`s${index}_${shape}`] ?? 0);
  return shapes;
}

/**
 * Builds SQL converting the normalised text `column` to `type`. Date-times with a zone become the
 * same instant in UTC, because DuckDB's plain TIMESTAMP cast would drop the offset instead.
 */
export function castTextSql(dialect: Dialect, column: string, type: FieldType, zoned: boolean): string {
  if (type === 'text') return column;
  if (type === 'timestamp' && zoned) {
    const hasZone = `regexp_matches(${column}, '${ZONED_END_PATTERN}')`;
    const inUtc = `(CAST(${column} AS TIMESTAMPTZ) AT TIME ZONE 'UTC')`;
    return `CASE WHEN ${hasZone} THEN ${inUtc} ELSE CAST(${column} AS TIMESTAMP) END`;
  }
  return dialect.cast(column, type);
}
