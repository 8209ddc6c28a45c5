import { ConfigurationError } from '../../core/errors.js';
import type { Dialect } from '../../dialects/dialect.js';
import type { DateUnit } from './differentiators-request.js';

/**
 * The aggregate and calendar functions the differentiators query needs beyond the dialect's
 * shared hooks. Each returns SQL text; a `FILTER (WHERE …)` clause may follow an aggregate.
 */
export interface StatisticsSql {
  /** Estimated count of distinct non-null values (an identifier check needs no exact count). */
  approximateDistinctCount(expression: string): string;
  /** List of linearly interpolated quantiles (type 7) at `fractions`, in order. */
  quantiles(expression: string, fractions: readonly number[]): string;
  /** Linearly interpolated median. */
  median(expression: string): string;
  /** Label of the calendar period of a date or timestamp, sorting in time order as text. */
  periodLabel(expression: string, unit: DateUnit): string;
}

const DUCKDB_PERIOD_FORMATS: Record<Exclude<DateUnit, 'quarter' | 'week'>, string> = {
  day: '%Y-%m-%d',
  month: '%Y-%m',
  year: '%Y',
};

const duckDbStatistics: StatisticsSql = {
  approximateDistinctCount: (expression) => `approx_count_distinct(${expression})`,
  quantiles: (expression, fractions) => `quantile_cont(${expression}, [${fractions.map(fractionLiteral).join(', ')}])`,
  median: (expression) => `quantile_cont(${expression}, 0.5)`,
  periodLabel: (expression, unit) => {
    if (unit === 'quarter') return `(strftime(${expression}, '%Y') || '-Q' || CAST(quarter(${expression}) AS VARCHAR))`;
    if (unit === 'week') return `strftime(date_trunc('week', ${expression}), '%Y-%m-%d')`;
    return `strftime(${expression}, '${DUCKDB_PERIOD_FORMATS[unit]}')`;
  },
};

// TODO: add PostgreSQL (percentile_cont … WITHIN GROUP, to_char) and ClickHouse entries with their engines.
const STATISTICS_BY_DIALECT: Record<string, StatisticsSql> = { duckdb: duckDbStatistics };

export function statisticsSql(dialect: Dialect): StatisticsSql {
  const functions = STATISTICS_BY_DIALECT[dialect.name];
  if (!functions) {
    throw new ConfigurationError(
      `differentiators are not available on the ${dialect.name} engine yet. Run them on DuckDB`,
      { dialect: dialect.name },
    );
  }
  return functions;
}

/** Fractions are computed by the analysis (k / bins), never user text; this keeps them exact. */
function fractionLiteral(fraction: number): string {
  if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) throw new Error(`invalid quantile fraction ${fraction}`);
  return String(fraction);
}
