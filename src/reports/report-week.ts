import { parsePeriod, type Period } from '../workflow/assessment/period.js';

/**
 * The weeks of the weekly report: ISO weeks (Monday–Sunday) of the zone's calendar, written
 * `2026-W22`. Pure: the caller passes "today" as a zone calendar date.
 */

const WEEK = /^\d{4}-W\d{2}$/;
const DAY_MS = 86_400_000;

export type WeekResult = { week: Period } | { error: string };

/** A week the report understands, or why not (for a 400 naming `week`). */
export function parseWeek(text: string): WeekResult {
  if (typeof text !== 'string' || !WEEK.test(text)) {
    return { error: 'must be an ISO week written YYYY-Www, e.g. 2026-W22' };
  }
  const parsed = parsePeriod(text);
  return 'error' in parsed ? parsed : { week: parsed.period };
}

/** A 'YYYY-MM-DD' date moved by whole days. */
export function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The ISO week a calendar date belongs to: the week of its Thursday decides the year. */
export function isoWeekOf(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  const weekday = (day.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = new Date(day.getTime() + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The week before the one `today` is in: what Monday morning's run reports. */
export function lastWeek(today: string): string {
  return isoWeekOf(shiftDate(today, -7));
}

/** A week is reported once it is over: its Sunday is before today in the zone. */
export function weekHasEnded(week: Period, today: string): boolean {
  return week.end < today;
}
