/**
 * Insights saved in the demo workspace, so the web UI opens on real analyses. They use the demo
 * segments by name, in the JSON body the HTTP API takes for a new insight.
 */
export const DEMO_INSIGHTS: readonly Record<string, unknown>[] = [
  {
    kind: 'overlap',
    name: 'value-and-risk-by-city',
    displayName: 'Value and risk by city',
    description: 'How the four demo segments overlap, overall, per city and per country.',
    segments: ['High spenders', 'Loyal', 'Churn risk', 'Recent signups'],
    fields: ['city', 'country'],
  },
  {
    kind: 'differentiators',
    name: 'what-sets-churn-risk-apart',
    displayName: 'What sets churn risk apart',
    description: 'Customers at high churn risk against the rest of the customers.',
    segment: 'Churn risk',
    baseline: 'rest',
  },
  {
    kind: 'differentiators',
    name: 'high-spenders-against-loyal',
    displayName: 'High spenders against loyal customers',
    description: 'What high spenders have that loyal customers in general do not.',
    segment: 'High spenders',
    baseline: 'Loyal',
  },
];
