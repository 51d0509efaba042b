import { describe, expect, it } from '@jest/globals';
import { isoWeeksInYear, parsePeriod } from './period.js';

const range = (text: string) => {
  const result = parsePeriod(text);
  if ('error' in result) throw new Error(`${text}: ${result.error}`);
  const { kind, start, end } = result.period;
  return [kind, start, end];
};
const errorOf = (text: string) => {
  const result = parsePeriod(text);
  return 'error' in result ? result.error : undefined;
};

describe('assessment periods', () => {
  it('gives ISO weeks from Monday to Sunday, week 1 being the week with 4 January', () => {
    expect(range('2026-W47')).toEqual(['week', '2026-11-16', '2026-11-22']);
    // 1 January 2026 is a Thursday: week 1 starts in December 2025
    expect(range('2026-W01')).toEqual(['week', '2025-12-29', '2026-01-04']);
    // 1 January 2027 is a Friday: it still belongs to 2026-W53
    expect(range('2026-W53')).toEqual(['week', '2026-12-28', '2027-01-03']);
    expect(range('2027-W01')).toEqual(['week', '2027-01-04', '2027-01-10']);
    // 1 January 2021 is a Friday: 2021-W01 starts on the 4th; the 1st–3rd are 2020-W53
    expect(range('2021-W01')).toEqual(['week', '2021-01-04', '2021-01-10']);
    expect(range('2020-W53')).toEqual(['week', '2020-12-28', '2021-01-03']);
    expect(range('2025-W01')).toEqual(['week', '2024-12-30', '2025-01-05']);
  });

  it('knows which years have a week 53 (Thursday starts, and Wednesday starts in leap years)', () => {
    expect(isoWeeksInYear(2026)).toBe(53); // Thursday
    expect(isoWeeksInYear(2020)).toBe(53); // leap year starting on a Wednesday
    expect(isoWeeksInYear(2015)).toBe(53); // Thursday
    expect(isoWeeksInYear(2025)).toBe(52); // Wednesday, not leap
    expect(isoWeeksInYear(2024)).toBe(52); // leap year starting on a Monday
    expect(isoWeeksInYear(2019)).toBe(52); // Tuesday
  });

  it('refuses a week that does not exist in its year, naming the last one', () => {
    expect(errorOf('2026-W54')).toBe('week 54 does not exist: 2026 has ISO weeks 01–53');
    expect(errorOf('2025-W53')).toBe('week 53 does not exist: 2025 has ISO weeks 01–52');
    expect(errorOf('2026-W00')).toMatch(/week 00 does not exist/);
  });

  it('gives whole months, including 28, 29, 30 and 31-day ones', () => {
    expect(range('2026-11')).toEqual(['month', '2026-11-01', '2026-11-30']);
    expect(range('2026-12')).toEqual(['month', '2026-12-01', '2026-12-31']);
    expect(range('2026-02')).toEqual(['month', '2026-02-01', '2026-02-28']);
    expect(range('2024-02')).toEqual(['month', '2024-02-01', '2024-02-29']);
    expect(range('2000-02')).toEqual(['month', '2000-02-01', '2000-02-29']);
    expect(range('1900-02')).toEqual(['month', '1900-02-01', '1900-02-28']);
  });

  it('gives quarters and years', () => {
    expect(range('2026-Q1')).toEqual(['quarter', '2026-01-01', '2026-03-31']);
    expect(range('2026-Q2')).toEqual(['quarter', '2026-04-01', '2026-06-30']);
    expect(range('2026-Q3')).toEqual(['quarter', '2026-07-01', '2026-09-30']);
    expect(range('2026-Q4')).toEqual(['quarter', '2026-10-01', '2026-12-31']);
    expect(range('2026')).toEqual(['year', '2026-01-01', '2026-12-31']);
  });

  it('refuses months and quarters out of range, and anything not written as a period', () => {
    expect(errorOf('2026-13')).toBe('month must be 01–12');
    expect(errorOf('2026-00')).toBe('month must be 01–12');
    expect(errorOf('2026-Q5')).toBe('quarter must be Q1–Q4');
    expect(errorOf('2026-Q0')).toBe('quarter must be Q1–Q4');
    expect(errorOf('1899')).toBe('year must be 1900 or later');
    for (const text of [
      '',
      '26',
      '2026-1',
      '2026-w47',
      '2026-W7',
      '2026-q4',
      '2026-11-01',
      ' 2026',
      '2026-W47 ',
      'Q4-2026',
      '２０２６',
    ]) {
      expect({ text, error: errorOf(text) }).toEqual({
        text,
        error: 'must be written YYYY-Www (ISO week), YYYY-MM, YYYY-Qn or YYYY, e.g. 2026-W47',
      });
    }
  });
});
