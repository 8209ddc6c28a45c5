import { DATE_UNITS, type DateUnit } from './differentiators-request.js';

/**
 * Calendar periods for date and timestamp attributes. Dates are read as the 'YYYY-MM-DD' text the
 * engine returns (timestamps as their wall-clock date), never as JavaScript instants, so the
 * periods are the same in every time zone.
 */

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/**
 * Picks the finest unit (day, week, month, quarter, year) whose periods from `first` to `last`
 * number at most `maxPeriods`; year when none does.
 */
export function chooseDateUnit(first: string, last: string, maxPeriods: number): DateUnit {
  const from = readCalendarDate(first);
  const to = readCalendarDate(last);
  const unit = DATE_UNITS.find((candidate) => periodSpan(from, to, candidate) <= maxPeriods);
  return unit ?? 'year';
}

/** Counts the periods of `unit` from `from` to `to`, both included. */
export function periodSpan(from: CalendarDate, to: CalendarDate, unit: DateUnit): number {
  switch (unit) {
    case 'day':
      return dayNumber(to) - dayNumber(from) + 1;
    case 'week':
      return (weekStart(to) - weekStart(from)) / 7 + 1;
    case 'month':
      return (to.year - from.year) * 12 + (to.month - from.month) + 1;
    case 'quarter':
      return (to.year - from.year) * 4 + (quarterOf(to) - quarterOf(from)) + 1;
    case 'year':
      return to.year - from.year + 1;
  }
}

/** Reads the calendar date at the start of 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS' text. */
export function readCalendarDate(text: string): CalendarDate {
  const match = /^(-?\d{4,})-(\d{2})-(\d{2})/.exec(text);
  if (!match) throw new Error(`expected a date as YYYY-MM-DD, got "${text}"`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

/** Days since 1970-01-01; Date.UTC works on the calendar alone, whatever the process time zone. */
function dayNumber(date: CalendarDate): number {
  return Math.round(Date.UTC(date.year, date.month - 1, date.day) / 86_400_000);
}

/** Day number of the Monday that starts the ISO week of `date` (1970-01-01 was a Thursday). */
function weekStart(date: CalendarDate): number {
  const day = dayNumber(date);
  const daysSinceMonday = (((day + 3) % 7) + 7) % 7;
  return day - daysSinceMonday;
}

function quarterOf(date: CalendarDate): number {
  return Math.floor((date.month - 1) / 3) + 1;
}
