/**
 * Number formats of the web app: counts with thousands separators, percentages with one decimal,
 * in the browser's locale.
 */

const counts = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const threeDecimals = new Intl.NumberFormat(undefined, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
const upToTwoDecimals = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

/** The minus sign of every negative number the app shows, so differences and changes read alike. */
export const MINUS = '\u2212';

export function formatCount(value: number): string {
  return counts.format(value);
}

/** A percentage already in percent (38.4 for 38.4 %), as the partition rounding returns it. */
export function formatPercent(percent: number): string {
  return `${oneDecimal.format(percent)}%`;
}

/** Formats a share in [0, 1] as a percentage with one decimal. */
export function formatShare(share: number): string {
  return formatPercent(share * 100);
}

/** Formats a lift or ratio with two decimals, or "–" when it is undefined. */
export function formatRatio(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '–' : withMinus(twoDecimals.format(value));
}

export function formatScore(value: number): string {
  return withMinus(threeDecimals.format(value));
}

/** Formats a measured value such as a mean, with up to two decimals and thousands separators. */
export function formatMeasure(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '–' : withMinus(upToTwoDecimals.format(value));
}

/** Writes the minus sign of a formatted number as MINUS, whatever sign character the locale uses. */
function withMinus(text: string): string {
  return text.replace(/^[-\u2212]/, MINUS).replace(/e-/, `e${MINUS}`);
}

/** Formats a signed difference in counts: "+1,204", "−3", or "" when nothing changed. */
export function formatCountChange(current: number, previous: number): string {
  const change = current - previous;
  if (change === 0) return '';
  return `${change > 0 ? '+' : MINUS}${counts.format(Math.abs(change))}`;
}

/** Formats a difference in percentage points with one decimal and its sign: "+0.2", "−1.5", "0.0". */
export function formatSignedPoints(points: number): string {
  const rounded = Math.round(Math.abs(points) * 10) / 10;
  if (rounded === 0) return oneDecimal.format(0);
  return `${points > 0 ? '+' : MINUS}${oneDecimal.format(rounded)}`;
}

/** Formats a test statistic such as χ², with thousands separators and two decimals: "10,176.16". */
export function formatStatistic(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '–' : withMinus(twoDecimals.format(value));
}

/**
 * Formats a p-value, in scientific notation below 0.001. An underflowed value is a bound, so it reads
 * "< 1e−300" and never 0.
 */
export function formatPValue(value: number | null, underflow = false): string {
  if (value === null) return '–';
  if (underflow) return `< ${withMinus(value.toExponential(0))}`;
  if (value < 0.001) return withMinus(value.toExponential(1));
  return threeDecimals.format(value);
}

/**
 * Formats an instant from the API (an ISO timestamp) in the browser's time zone. Date-only values of
 * profile fields never come here: they are shown as written.
 */
export function formatInstant(iso: string | null): string {
  if (!iso) return 'never';
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  return instant.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Formats a field value for people: the missing value is "(empty)", the empty text '""'. */
export function formatFieldValue(value: string | number | boolean | null): string {
  if (value === null) return '(empty)';
  if (value === '') return '""';
  return String(value);
}
