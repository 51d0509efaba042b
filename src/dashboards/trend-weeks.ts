import { isoWeekOf, shiftDate } from '../reports/report-week.js';

/** How many ISO weeks the overview's trend shows. */
export const TREND_WEEKS = 12;

export interface TrendWeekKey {
  /** ISO week, e.g. 2026-W47 */
  week: string;
  /** its Monday, a zone calendar date */
  weekStart: string;
}

/** The Monday of the ISO week a calendar date is in. */
export function mondayOf(date: string): string {
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return shiftDate(date, -weekday);
}

/**
 * The last day a year's trend reaches: today for the running (or a future) year, 31 December
 * for a past one.
 */
export function trendEnd(year: number, today: string): string {
  return year < Number(today.slice(0, 4)) ? `${year}-12-31` : today;
}

/** The `count` ISO weeks ending with the week of `end`, oldest first. */
export function trendWeeks(end: string, count = TREND_WEEKS): TrendWeekKey[] {
  const last = mondayOf(end);
  return Array.from({ length: count }, (_, i) => {
    const weekStart = shiftDate(last, (i - count + 1) * 7);
    return { week: isoWeekOf(weekStart), weekStart };
  });
}
