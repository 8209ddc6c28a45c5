import { describe, expect, it } from 'vitest';

import { closestName, didYouMean, editDistance } from './closest-name.js';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('city', 'citty')).toBe(1);
    expect(editDistance('city', 'cty')).toBe(1);
    expect(editDistance('city', 'citz')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('feild', 'field')).toBe(1);
    expect(editDistance('valeu', 'value')).toBe(1);
  });

  it('counts code points, not UTF-16 units', () => {
    expect(editDistance('a\u{1F600}', 'a\u{1F601}')).toBe(1);
  });
});

describe('closestName', () => {
  const names = ['city', 'age', 'total_spend', 'signup'];

  it('suggests a close name', () => {
    expect(closestName('citty', names)).toBe('city');
    expect(closestName('total_spned', names)).toBe('total_spend');
  });

  it('ignores case', () => {
    expect(closestName('CITY', names)).toBe('city');
  });

  it('suggests nothing when no name is close', () => {
    expect(closestName('income', names)).toBeUndefined();
    expect(closestName('x', ['y'])).toBeUndefined();
    expect(closestName('city', [])).toBeUndefined();
  });

  it('prefers the earlier of two ties', () => {
    expect(closestName('ab', ['ac', 'ad'])).toBe('ac');
  });
});

describe('didYouMean', () => {
  it('writes the suggestion as a sentence', () => {
    expect(didYouMean('citty', ['city'])).toBe(' Did you mean "city"?');
    expect(didYouMean('zzz', ['city'])).toBe('');
  });
});
