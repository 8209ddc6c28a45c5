import { describe, expect, it } from 'vitest';

import { chooseDateUnit, periodSpan, readCalendarDate } from './date-periods.js';

const date = readCalendarDate;

describe('periodSpan', () => {
  it('counts days with both ends included', () => {
    // 2024 is a leap year: 29 days in February.
    expect(periodSpan(date('2024-02-01'), date('2024-03-01'), 'day')).toBe(30);
  });

  it('counts weeks from Monday to Monday', () => {
    // 2025-03-02 is a Sunday (week of 2025-02-24), 2025-03-03 a Monday (the next week).
    expect(periodSpan(date('2025-03-02'), date('2025-03-03'), 'week')).toBe(2);
    expect(periodSpan(date('2025-03-03'), date('2025-03-09'), 'week')).toBe(1);
  });

  it('counts months across a year end', () => {
    expect(periodSpan(date('2024-02-29'), date('2025-04-01'), 'month')).toBe(15);
  });

  it('counts quarters and years', () => {
    expect(periodSpan(date('2024-12-31'), date('2025-01-01'), 'quarter')).toBe(2);
    expect(periodSpan(date('2024-12-31'), date('2025-01-01'), 'year')).toBe(2);
  });
});

describe('chooseDateUnit', () => {
  it('picks months for dates spread over fifteen months', () => {
    // 398 days and 58 weeks exceed 20 periods; 15 months fit.
    expect(chooseDateUnit('2024-02-29', '2025-04-01', 20)).toBe('month');
  });

  it('picks days for a short span', () => {
    expect(chooseDateUnit('2025-03-01', '2025-03-20', 20)).toBe('day');
  });

  it('falls back to years for a very long span', () => {
    expect(chooseDateUnit('1900-01-01', '2025-01-01', 20)).toBe('year');
  });

  it('reads the date of a timestamp', () => {
    expect(chooseDateUnit('2025-03-01 23:59:59', '2025-03-02 00:00:00', 20)).toBe('day');
  });
});
