import { describe, expect, test } from 'vitest';

import { cleanMemberList, splitMemberLines } from './member-list.js';

describe('cleanMemberList', () => {
  test('trims entries and counts repeats once', () => {
    const { keys, report } = cleanMemberList(['C01', 'C02', 'C02', ' C03', 'C99', 'c04']);
    expect(keys).toEqual(['C01', 'C02', 'C03', 'C99', 'c04']);
    expect(report.entries).toBe(6);
    expect(report.distinct).toBe(5);
    expect(report.repeated).toEqual([{ key: 'C02', times: 2 }]);
    expect(report.trimmed).toEqual([' C03']);
  });

  test('keeps leading zeros and case', () => {
    expect(cleanMemberList(['00123', '123', 'abc', 'ABC']).keys).toEqual(['00123', '123', 'abc', 'ABC']);
  });

  test('drops blank entries and reports them', () => {
    const { keys, report } = cleanMemberList(['C01', '', '   ']);
    expect(keys).toEqual(['C01']);
    expect(report.blank).toBe(2);
  });

  test('rejects numbers, which cannot carry long keys exactly', () => {
    expect(() => cleanMemberList(['C01', 9007199254740993])).toThrow(/members\[1\] is 9007199254740992, not text/);
  });

  test('normalises keys to NFC', () => {
    expect(cleanMemberList(['Zu\u0308rich']).keys).toEqual(['Z\u00fcrich']);
  });
});

describe('splitMemberLines', () => {
  test('skips a header naming the key and handles CRLF and a BOM', () => {
    expect(splitMemberLines('\uFEFFcustomer_id\r\nC01\r\nC02\r\n', 'customer_id')).toEqual(['C01', 'C02']);
  });

  test('keeps every line when there is no header', () => {
    expect(splitMemberLines('C01\nC02', 'customer_id')).toEqual(['C01', 'C02']);
  });
});
