import { describe, expect, it } from 'vitest';

import { median, timeInterleaved } from './timing.js';

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

describe('timeInterleaved', () => {
  it('warms up, then alternates the timed runs', async () => {
    const calls: string[] = [];
    const works = {
      first: async () => {
        calls.push('first');
      },
      second: async () => {
        calls.push('second');
      },
    };

    const timings = await timeInterleaved(works, { warmUps: 1, runs: 2 });

    expect(calls).toEqual(['first', 'second', 'first', 'second', 'first', 'second']);
    expect(timings.first.runsMs).toHaveLength(2);
    expect(timings.second.runsMs).toHaveLength(2);
    expect(timings.first.medianMs).toBeGreaterThanOrEqual(0);
  });
});
