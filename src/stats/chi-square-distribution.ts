import gammainc from '@stdlib/math-base-special-gammainc';

/**
 * The smallest p-value reported as a number. Below it a double has lost its precision (or
 * underflowed to 0), so a p-value there is reported as this bound with an underflow flag and shown
 * as "< 1e-300".
 */
export const P_VALUE_FLOOR = 1e-300;

/**
 * Upper tail P(X >= statistic) of the chi-square distribution with `degreesOfFreedom`, computed as
 * the regularized upper incomplete gamma function Q(k/2, x/2). Taking the upper tail directly keeps
 * tiny p-values (1e-18 and far below) that `1 - cdf` would cancel to 0.
 */
export function chiSquareSurvival(statistic: number, degreesOfFreedom: number): number {
  if (!(degreesOfFreedom > 0)) {
    throw new Error(`chi-square needs positive degrees of freedom, got ${degreesOfFreedom}`);
  }
  if (!(statistic >= 0) || !Number.isFinite(statistic)) {
    throw new Error(`chi-square statistic must be finite and >= 0, got ${statistic}`);
  }
  if (statistic === 0) return 1;

  return gammainc(statistic / 2, degreesOfFreedom / 2, true, true);
}

/** A p-value clamped at P_VALUE_FLOOR, with a flag saying whether the clamp applied. */
export interface BoundedPValue {
  pValue: number;
  underflow: boolean;
}

export function boundPValue(pValue: number): BoundedPValue {
  if (pValue < P_VALUE_FLOOR) return { pValue: P_VALUE_FLOOR, underflow: true };
  return { pValue, underflow: false };
}

/**
 * Formats a p-value for people: 4 significant digits, and "< 1e-300" for an underflowed one, so
 * that no output ever reads "p = 0".
 */
export function formatPValue(pValue: number | null, underflow = false): string {
  if (pValue === null) return 'n/a';
  if (underflow) return `< ${P_VALUE_FLOOR.toExponential(0)}`;
  if (pValue >= 0.001) return pValue.toPrecision(4).replace(/\.?0+$/, '');
  return pValue.toExponential(3);
}
