import { ConfigurationError } from '../../core/errors.js';
import type { Dialect } from '../../dialects/dialect.js';
import type { DateUnit } from './differentiators-request.js';

/**
 * The aggregate and calendar functions the differentiators query needs beyond the dialect's
 * shared hooks. Each returns SQL text; a `FILTER (WHERE …)` clause may follow an aggregate.
 */
export interface StatisticsSql {
  /** Exact count of distinct non-null values. */
  exactDistinctCount(expression: string): string;
  /**
   * List of the values at 0-based `ranks` of the non-null values sorted ascending, given their
   * number `total`, as doubles and in the order of `ranks`. A `FILTER (WHERE …)` clause goes
   * in `filter`, which the aggregate applies before counting ranks.
   */
  orderStatistics(expression: string, ranks: readonly number[], total: number, filter: string): string;
  /** Label of the calendar period of a date or timestamp, sorting in time order as text. */
  periodLabel(expression: string, unit: DateUnit): string;
}

const DUCKDB_PERIOD_FORMATS: Record<Exclude<DateUnit, 'quarter' | 'week'>, string> = {
  day: '%Y-%m-%d',
  month: '%Y-%m',
  year: '%Y',
};

const duckDbStatistics: StatisticsSql = {
  exactDistinctCount: (expression) => `count(DISTINCT ${expression})`,
  orderStatistics: (expression, ranks, total, filter) => {
    const fractions = ranks.map((rank) => rankFraction(rank, total));
    return `CAST(quantile_disc(${expression}, [${fractions.join(', ')}]) FILTER (WHERE ${filter}) AS DOUBLE[])`;
  },
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

/**
 * Writes the fraction whose discrete quantile is the value at `rank`, as a DOUBLE literal.
 * DuckDB 1.5's quantile_disc returns the value at 0-based rank ceil(total · q) − 1, so the middle of
 * the rank's interval, (rank + 0.5) / total, is safe from rounding. In exponent form DuckDB reads
 * the literal as a double: decimal literals in one list would share the scale of the longest and
 * round some of them.
 */
function rankFraction(rank: number, total: number): string {
  if (!Number.isInteger(rank) || rank < 0 || rank >= total) throw new Error(`invalid rank ${rank} of ${total} values`);
  return ((rank + 0.5) / total).toExponential();
}
