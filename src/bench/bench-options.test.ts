import { describe, expect, it } from 'vitest';

import { parseBenchArguments } from './bench-options.js';

describe('parseBenchArguments', () => {
  it('times 1M and 10M profiles by default', () => {
    expect(parseBenchArguments([]).sizes).toEqual([1_000_000, 10_000_000]);
  });

  it('times 1M profiles only with --quick', () => {
    expect(parseBenchArguments(['--quick']).sizes).toEqual([1_000_000]);
  });

  it('reads sizes from --rows, smallest first', () => {
    expect(parseBenchArguments(['--rows', '5000000,200_000']).sizes).toEqual([200_000, 5_000_000]);
  });

  it('rejects a size that is not a whole number', () => {
    expect(() => parseBenchArguments(['--rows', '1e3.5'])).toThrow(/invalid --rows "1e3.5"/);
  });

  it('rejects --rows without sizes', () => {
    expect(() => parseBenchArguments(['--rows'])).toThrow(/invalid --rows ""/);
  });

  it('rejects an unknown argument', () => {
    expect(() => parseBenchArguments(['--fast'])).toThrow(/unknown benchmark argument "--fast"/);
  });

  it('times both analyses by default', () => {
    expect(parseBenchArguments([]).analyses).toEqual(['overlap', 'differentiators']);
  });

  it('times one analysis with --analysis', () => {
    expect(parseBenchArguments(['--analysis', 'differentiators', '--quick'])).toEqual({
      sizes: [1_000_000],
      analyses: ['differentiators'],
    });
  });

  it('rejects an unknown analysis', () => {
    expect(() => parseBenchArguments(['--analysis', 'lift'])).toThrow(
      'unknown --analysis "lift". Use one of: overlap, differentiators',
    );
  });
});
