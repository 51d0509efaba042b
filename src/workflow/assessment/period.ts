/**
 * Assessment periods: an ISO week, a month, a quarter or a year, written `2026-W47`, `2026-11`,
 * `2026-Q4` or `2026`, and the calendar dates they cover (both ends included). Pure: no clock,
 * no time zone; the dates are the zone's calendar dates.
 */

export type PeriodKind = 'week' | 'month' | 'quarter' | 'year';

export interface Period {
  text: string;
  kind: PeriodKind;
  /** First day, 'YYYY-MM-DD'. */
  start: string;
  /** Last day, 'YYYY-MM-DD'. */
  end: string;
}

export type PeriodResult = { period: Period } | { error: string };

export const PERIOD_FORMATS = 'YYYY-Www (ISO week), YYYY-MM, YYYY-Qn or YYYY';
export const MIN_YEAR = 1900;

const PATTERN = /^(\d{4})(?:-W(\d{2})|-Q(\d)|-(\d{2}))?$/;
const DAY_MS = 86_400_000;

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** 53 when the year starts on a Thursday, or on a Wednesday in a leap year; 52 otherwise. */
export function isoWeeksInYear(year: number): 52 | 53 {
  const jan1 = new Date(Date.UTC(year, 0, 1)).getUTCDay();
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return jan1 === 4 || (leap && jan1 === 3) ? 53 : 52;
}

/** Monday of ISO week 1: the week holding 4 January. */
function isoWeekOneMonday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  const weekday = (new Date(jan4).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return jan4 - weekday * DAY_MS;
}

/** The months [first, last] (1–12) of a range, as dates from the 1st of first to the end of last. */
function months(year: number, first: number, last: number): { start: string; end: string } {
  return { start: iso(Date.UTC(year, first - 1, 1)), end: iso(Date.UTC(year, last, 0)) };
}

/** Parses a period, or says in words why it is not one (for a 400 naming `period`). */
export function parsePeriod(text: string): PeriodResult {
  const match = PATTERN.exec(text);
  if (!match) return { error: `must be written ${PERIOD_FORMATS}, e.g. 2026-W47` };
  const [, yearText, weekText, quarterText, monthText] = match;
  const year = Number(yearText);
  if (year < MIN_YEAR) return { error: `year must be ${MIN_YEAR} or later` };

  if (weekText !== undefined) {
    const week = Number(weekText);
    const weeks = isoWeeksInYear(year);
    if (week < 1 || week > weeks) {
      return { error: `week ${weekText} does not exist: ${year} has ISO weeks 01–${weeks}` };
    }
    const start = isoWeekOneMonday(year) + (week - 1) * 7 * DAY_MS;
    return { period: { text, kind: 'week', start: iso(start), end: iso(start + 6 * DAY_MS) } };
  }
  if (quarterText !== undefined) {
    const quarter = Number(quarterText);
    if (quarter < 1 || quarter > 4) return { error: `quarter must be Q1–Q4` };
    return { period: { text, kind: 'quarter', ...months(year, 3 * quarter - 2, 3 * quarter) } };
  }
  if (monthText !== undefined) {
    const month = Number(monthText);
    if (month < 1 || month > 12) return { error: `month must be 01–12` };
    return { period: { text, kind: 'month', ...months(year, month, month) } };
  }
  return { period: { text, kind: 'year', ...months(year, 1, 12) } };
}
