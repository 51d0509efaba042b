import { describe, expect, it } from '@jest/globals';
import { isoWeekOf, lastWeek, parseWeek, weekHasEnded } from './report-week.js';

const weekOf = (text: string) => {
  const result = parseWeek(text);
  if ('error' in result) throw new Error(result.error);
  return result.week;
};

describe('report weeks', () => {
  it('names the ISO week of a date, the Thursday deciding the year', () => {
    expect(isoWeekOf('2026-05-25')).toBe('2026-W22'); // Monday
    expect(isoWeekOf('2026-05-31')).toBe('2026-W22'); // Sunday
    expect(isoWeekOf('2026-06-01')).toBe('2026-W23');
    expect(isoWeekOf('2025-12-29')).toBe('2026-W01');
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53');
    expect(isoWeekOf('2021-01-03')).toBe('2020-W53');
  });

  it('reports last week on a Monday, and still last week on its Sunday', () => {
    expect(lastWeek('2026-06-01')).toBe('2026-W22');
    expect(lastWeek('2026-06-07')).toBe('2026-W22');
    expect(lastWeek('2026-01-04')).toBe('2025-W52');
    expect(lastWeek('2027-01-04')).toBe('2026-W53');
  });

  it('accepts only weeks, and only ones that exist', () => {
    expect(weekOf('2026-W22')).toMatchObject({ start: '2026-05-25', end: '2026-05-31' });
    expect(parseWeek('2026-05')).toEqual({ error: expect.stringContaining('YYYY-Www') });
    expect(parseWeek('2025-W53')).toEqual({ error: expect.stringContaining('01–52') });
  });

  it('counts a week as ended from the Monday after it', () => {
    expect(weekHasEnded(weekOf('2026-W22'), '2026-05-31')).toBe(false);
    expect(weekHasEnded(weekOf('2026-W22'), '2026-06-01')).toBe(true);
  });
});
