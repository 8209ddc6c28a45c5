import { describe, expect, test } from 'vitest';

import { summariseMasks, summariseValueMasks, type OverlapResult } from '../../analyses/overlap/overlap-result.js';
import { formatOverlapCsv } from './overlap-csv.js';

// Two segments A (bit 1) and B (bit 2): none 1, only A 2, A&B 1 (4 customers). The breakdown by
// city has Seattle (A 2), a missing city (none 1) and a folded row for the rest (A&B 1).
const names = ['A', 'B'];
const result: OverlapResult = {
  source: 'profiles',
  ...summariseMasks(new Map([[0, 1], [1, 2], [3, 1]]), names),
  breakdowns: [
    {
      field: 'city',
      type: 'text',
      truncated: true,
      distinctValues: 4,
      values: [
        { value: 'Seattle', ...summariseValueMasks(new Map([[1, 2]]), names) },
        { value: null, ...summariseValueMasks(new Map([[0, 1]]), names) },
        { value: '(other)', folded: true, foldedValues: 2, ...summariseValueMasks(new Map([[3, 1]]), names) },
      ],
    },
  ],
};

const lines = formatOverlapCsv(result).trimEnd().split('\n');

describe('formatOverlapCsv', () => {
  test('writes one number per line under a header', () => {
    expect(lines[0]).toBe('field,value,value_missing,value_folded,kind,segments,count');
    expect(lines).toContain(',,false,false,profiles,,4');
    expect(lines).toContain(',,false,false,region,A,2');
    expect(lines).toContain(',,false,false,region,A & B,1');
    expect(lines).toContain(',,false,false,intersection,A & B,1');
  });

  test('marks the missing value and the folded row', () => {
    expect(lines).toContain('city,Seattle,false,false,size,A,2');
    expect(lines).toContain('city,,true,false,none,,1');
    expect(lines).toContain('city,(other),false,true,region,A & B,1');
  });
});
