import { describe, expect, it } from 'vitest';

import { P_VALUE_FLOOR } from './chi-square-distribution.js';
import { testIndependence } from './chi-square-test.js';

// Reference numbers from scipy 1.17.1:
// r = scipy.stats.chi2_contingency(table, correction=False); V = sqrt(r.statistic / (N * (min(r, c) - 1))).
const REFERENCE = [
  {
    name: '2x2 table',
    table: [
      [12, 5],
      [7, 14],
    ],
    statistic: 5.215686274509804,
    dof: 1,
    pValue: 0.022384010692177766,
    cramersV: 0.3704792868174742,
  },
  {
    name: '2x3 table',
    table: [
      [10, 20, 30],
      [25, 15, 10],
    ],
    statistic: 16.369047619047624,
    dof: 2,
    pValue: 0.0002789372227504811,
    cramersV: 0.38575837490522985,
  },
  {
    name: 'plan of members vs rest',
    table: [
      [3, 0, 0],
      [0, 3, 2],
    ],
    statistic: 8.0,
    dof: 2,
    pValue: 0.018315638888734182,
    cramersV: 1.0,
  },
  {
    name: 'quartile bins with ties',
    table: [
      [2, 3],
      [7, 0],
    ],
    statistic: 5.6,
    dof: 1,
    pValue: 0.01796047752607879,
    cramersV: 0.6831300510639732,
  },
  {
    name: 'signup months',
    table: [
      [1, 0, 1, 1, 2, 0],
      [0, 1, 0, 0, 1, 1],
    ],
    statistic: 5.155555555555556,
    dof: 5,
    pValue: 0.3971926403648057,
    cramersV: 0.8027729719194864,
  },
  {
    name: 'channel with a value absent on each side',
    table: [
      [2, 1, 1, 0],
      [2, 1, 0, 3],
    ],
    statistic: 3.75,
    dof: 3,
    pValue: 0.28975578119338397,
    cramersV: 0.6123724356957945,
  },
  {
    name: 'tier with disjoint supports',
    table: [
      [4, 0, 0],
      [0, 3, 3],
    ],
    statistic: 10.0,
    dof: 2,
    pValue: 0.00673794699908546,
    cramersV: 1.0,
  },
  {
    name: 'campaign channel far in the tail',
    table: [
      [40, 1],
      [1, 40],
    ],
    statistic: 74.1951219512195,
    dof: 1,
    pValue: 7.076494845710739e-18,
    cramersV: 0.9512195121951219,
  },
];

describe('testIndependence', () => {
  it.each(REFERENCE)('matches scipy on $name', ({ table, statistic, dof, pValue, cramersV }) => {
    const test = testIndependence(table);

    expect(test.statistic).toBeCloseTo(statistic, 9);
    expect(test.degreesOfFreedom).toBe(dof);
    expect(Math.abs((test.pValue ?? 0) - pValue) / pValue).toBeLessThan(1e-8);
    expect(test.cramersV).toBeCloseTo(cramersV, 9);
    expect(test.notTestableReason).toBeNull();
  });

  it('drops a column that is zero in every group', () => {
    const test = testIndependence([
      [10, 0, 20, 30],
      [25, 0, 15, 10],
    ]);

    expect(test.degreesOfFreedom).toBe(2);
    expect(test.statistic).toBeCloseTo(16.369047619047624, 9);
  });

  it('reports a constant attribute as not testable with V 0', () => {
    const test = testIndependence([[3], [5]]);

    expect(test.statistic).toBe(0);
    expect(test.degreesOfFreedom).toBe(0);
    expect(test.pValue).toBeNull();
    expect(test.cramersV).toBe(0);
    expect(test.notTestable).toBe('single-value');
    expect(test.notTestableReason).toMatch(/single value/);
  });

  it('reports an empty group as not testable', () => {
    const test = testIndependence([
      [4, 2],
      [0, 0],
    ]);

    expect(test.statistic).toBeNull();
    expect(test.pValue).toBeNull();
    expect(test.cramersV).toBe(0);
    expect(test.notTestable).toBe('empty-group');
    expect(test.notTestableReason).toMatch(/fewer than two groups/);
  });

  it('flags a p-value that underflows instead of returning 0', () => {
    const test = testIndependence([
      [2000, 1],
      [1, 2000],
    ]);

    expect(test.pValue).toBe(P_VALUE_FLOOR);
    expect(test.pValueUnderflow).toBe(true);
  });

  it('pools sparse columns into one column', () => {
    // N = 131, smallest row 63, so a column needs a total of 5 * 131 / 63 = 10.4: the last two
    // (7 and 9) pool into one column of 16. scipy on [[30, 25, 8], [40, 20, 8]] gives
    // chi2 1.7959035466038273, dof 2, p 0.407403259982018.
    const test = testIndependence([
      [30, 25, 4, 4],
      [40, 20, 3, 5],
    ]);

    expect(test.pooledColumns).toBe(2);
    expect(test.degreesOfFreedom).toBe(2);
    expect(test.statistic).toBeCloseTo(1.7959035466038273, 9);
    expect(test.pValue).toBeCloseTo(0.407403259982018, 9);
    expect(test.sparse).toBe(false);
  });

  it('adds a still-sparse pool to the smallest adequate column', () => {
    // N = 203, threshold 5 * 203 / 93 = 10.9: columns of 5 and 3 pool to 8, still short, so they
    // join the column of 85. scipy on [[50, 43], [60, 50]] gives chi2 0.012414371699207654.
    const test = testIndependence([
      [50, 40, 2, 1],
      [60, 45, 3, 2],
    ]);

    expect(test.pooledColumns).toBe(3);
    expect(test.degreesOfFreedom).toBe(1);
    expect(test.statistic).toBeCloseTo(0.012414371699207654, 9);
  });

  it('tests a small sample unpooled and flags it sparse', () => {
    const test = testIndependence([
      [3, 0, 0],
      [0, 3, 2],
    ]);

    expect(test.pooledColumns).toBe(0);
    expect(test.sparse).toBe(true);
  });

  it('keeps the statistic when the groups swap', () => {
    const table = [
      [10, 20, 30],
      [25, 15, 10],
    ];

    const swapped = testIndependence([table[1] ?? [], table[0] ?? []]);

    expect(swapped.statistic).toBeCloseTo(testIndependence(table).statistic ?? Number.NaN, 12);
  });

  it('rejects negative counts', () => {
    expect(() => testIndependence([[1, -1]])).toThrow(/invalid count/);
  });
});
