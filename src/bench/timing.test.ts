import { describe, expect, it } from 'vitest';

import { median, timeMedian } from './timing.js';

describe('median', () => {
  it('takes the middle of an odd count', () => {
    expect(median([5, 1, 3])).toBe(3);
  });

  it('averages the two middles of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('rejects no values', () => {
    expect(() => median([])).toThrow(/no values/);
  });
});

describe('timeMedian', () => {
  it('runs the warm-ups untimed, then the timed runs', async () => {
    let calls = 0;

    const timing = await timeMedian(
      async () => {
        calls += 1;
      },
      { warmUps: 1, runs: 5 },
    );

    expect(calls).toBe(6);
    expect(timing.runsMs).toHaveLength(5);
    expect(timing.medianMs).toBeGreaterThanOrEqual(0);
  });
});
