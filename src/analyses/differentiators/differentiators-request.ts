import { InvalidInputError } from '../../core/errors.js';
import type { SegmentDefinition } from '../../core/segments.js';

/**
 * Reference group of a comparison: every customer, the customers not in the segment, or another
 * segment (which may overlap the compared one).
 */
export type Baseline = { kind: 'all' } | { kind: 'rest' } | { kind: 'segment'; segment: SegmentDefinition };

export const DATE_UNITS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type DateUnit = (typeof DATE_UNITS)[number];

export function isDateUnit(value: unknown): value is DateUnit {
  return typeof value === 'string' && (DATE_UNITS as readonly string[]).includes(value);
}

export interface DifferentiatorsRequest {
  segment: SegmentDefinition;
  baseline: Baseline;
  /** Fields to compare; every field but the key when absent. */
  include?: string[];
  /** Fields to leave out. */
  exclude?: string[];
  /** Compares the fields that the segment's or the baseline's rule refers to, left out by default. */
  keepRuleFields?: boolean;
  /** Values listed per categorical field before the smaller ones fold into "(other)"; default 20. */
  maxValues?: number;
  /** Quantile bins per numeric field, cut at the baseline's quantiles; default 10 (deciles). */
  bins?: number;
  /** Customers below which a value or an attribute is marked as low support; default 10. */
  minSupport?: number;
  /** Calendar unit of date bins; by default the finest unit whose span fits in `maxValues` periods. */
  dateUnit?: DateUnit;
}

export const DEFAULT_MAX_VALUES = 20;
export const DEFAULT_BINS = 10;
export const DEFAULT_MIN_SUPPORT = 10;
/** Level at which a Benjamini–Hochberg adjusted p-value counts as significant. */
export const SIGNIFICANCE_LEVEL = 0.05;
/** Upper limit on quantile bins, so one numeric field cannot blow up the value tables. */
export const MAX_BINS = 100;

/** The request's numeric settings with defaults filled in and checked. */
export interface DifferentiatorsSettings {
  maxValues: number;
  bins: number;
  minSupport: number;
  dateUnit: DateUnit | null;
  keepRuleFields: boolean;
  significanceLevel: number;
}

export function readSettings(request: DifferentiatorsRequest): DifferentiatorsSettings {
  if (request.dateUnit !== undefined && !isDateUnit(request.dateUnit)) {
    throw new InvalidInputError(
      `unknown date unit "${String(request.dateUnit)}". Use one of: ${DATE_UNITS.join(', ')}`,
      { dateUnit: request.dateUnit },
    );
  }

  return {
    maxValues: checkWholeNumber('max values', request.maxValues ?? DEFAULT_MAX_VALUES, 1, Number.MAX_SAFE_INTEGER),
    bins: checkWholeNumber('bins', request.bins ?? DEFAULT_BINS, 1, MAX_BINS),
    minSupport: checkWholeNumber('min support', request.minSupport ?? DEFAULT_MIN_SUPPORT, 0, Number.MAX_SAFE_INTEGER),
    dateUnit: request.dateUnit ?? null,
    keepRuleFields: request.keepRuleFields ?? false,
    significanceLevel: SIGNIFICANCE_LEVEL,
  };
}

function checkWholeNumber(name: string, value: number, minimum: number, maximum: number): number {
  if (!Number.isInteger(value) || value < minimum || value > maximum) {
    const range = maximum === Number.MAX_SAFE_INTEGER ? `at least ${minimum}` : `from ${minimum} to ${maximum}`;
    throw new InvalidInputError(`${name} must be a whole number ${range}, got ${value}`, { [name]: value });
  }
  return value;
}
