/**
 * Number formats of the web app: counts with thousands separators, percentages with one decimal,
 * in the browser's locale.
 */

const counts = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const threeDecimals = new Intl.NumberFormat(undefined, { minimumFractionDigits: 3, maximumFractionDigits: 3 });

export function formatCount(value: number): string {
  return counts.format(value);
}

/** A percentage already in percent (38.4 for 38.4 %), as the partition rounding returns it. */
export function formatPercent(percent: number): string {
  return `${oneDecimal.format(percent)}%`;
}

/** A share in [0, 1] as a percentage with one decimal. */
export function formatShare(share: number): string {
  return formatPercent(share * 100);
}

/** A lift or ratio with two decimals; "–" when it is undefined. */
export function formatRatio(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '–' : twoDecimals.format(value);
}

export function formatScore(value: number): string {
  return threeDecimals.format(value);
}

/** A signed difference in counts: "+1,204", "−3", or "" when nothing changed. */
export function formatCountChange(current: number, previous: number): string {
  const change = current - previous;
  if (change === 0) return '';
  return `${change > 0 ? '+' : '−'}${counts.format(Math.abs(change))}`;
}

/**
 * A p-value in scientific notation below 0.001. An underflowed value is a bound, so it reads
 * "< 1e-300" and never 0.
 */
export function formatPValue(value: number | null, underflow = false): string {
  if (value === null) return '–';
  if (underflow) return `< ${value.toExponential(0)}`;
  if (value < 0.001) return value.toExponential(1);
  return threeDecimals.format(value);
}

/**
 * An instant from the API (an ISO timestamp) in the browser's time zone. Date-only values of
 * profile fields never come here: they are shown as written.
 */
export function formatInstant(iso: string | null): string {
  if (!iso) return 'never';
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  return instant.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A field value as people read it: the missing value is "(empty)", the empty text '""'. */
export function formatFieldValue(value: string | number | boolean | null): string {
  if (value === null) return '(empty)';
  if (value === '') return '""';
  return String(value);
}
