import { describe, expect, it } from '@jest/globals';
import { mondayOf, trendEnd, trendWeeks } from './trend-weeks.js';

describe('trend weeks', () => {
  it('starts a week on Monday, whatever the day', () => {
    expect(mondayOf('2026-11-22')).toBe('2026-11-16'); // a Sunday
    expect(mondayOf('2026-11-16')).toBe('2026-11-16'); // a Monday
    expect(mondayOf('2026-01-01')).toBe('2025-12-29'); // a Thursday, across the new year
  });

  it('lists the 12 ISO weeks up to the current one, oldest first', () => {
    const weeks = trendWeeks('2026-11-22');
    expect(weeks).toHaveLength(12);
    expect(weeks[0]).toEqual({ week: '2026-W36', weekStart: '2026-08-31' });
    expect(weeks[11]).toEqual({ week: '2026-W47', weekStart: '2026-11-16' });
    const starts = weeks.map((w) => Date.parse(w.weekStart));
    expect(starts.slice(1).map((s, i) => (s - starts[i]) / 86_400_000)).toEqual(Array(11).fill(7));
  });

  it('names weeks across a new year by the ISO calendar (2026 has 53 weeks)', () => {
    const weeks = trendWeeks('2027-01-06', 3);
    expect(weeks).toEqual([
      { week: '2026-W52', weekStart: '2026-12-21' },
      { week: '2026-W53', weekStart: '2026-12-28' },
      { week: '2027-W01', weekStart: '2027-01-04' },
    ]);
  });

  it("ends a past year's trend in the week of 31 December, and a running year's today", () => {
    expect(trendEnd(2025, '2026-11-22')).toBe('2025-12-31');
    expect(trendEnd(2026, '2026-11-22')).toBe('2026-11-22');
    expect(trendEnd(2027, '2026-11-22')).toBe('2026-11-22');
    expect(trendWeeks(trendEnd(2025, '2026-11-22')).at(-1)).toEqual({
      week: '2026-W01', // 31 December 2025 is a Wednesday of ISO week 2026-W01
      weekStart: '2025-12-29',
    });
  });
});
