/**
 * The four segments of the demo and the benchmark. Their thresholds are chosen so that, on the
 * synthetic profiles, every one of the 15 regions has customers: high spenders are mostly loyal,
 * churn risk runs higher among recent signups, and few loyal customers signed up recently.
 */
export const DEMO_SEGMENTS: readonly { name: string; rule: string }[] = [
  { name: 'High spenders', rule: 'total_spend >= 1000' },
  { name: 'Loyal', rule: "loyalty_tier in ('gold', 'platinum')" },
  { name: 'Churn risk', rule: "churn_risk = 'high'" },
  { name: 'Recent signups', rule: "signup_date >= '2025-01-01'" },
];

/** The field the demo breaks the overlap down by. */
export const DEMO_BREAKDOWN_FIELD = 'city';
