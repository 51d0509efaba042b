import { describe, expect, it } from '@jest/globals';
import {
  addDays,
  daysBetween,
  dueReminder,
  reminderWindows,
  type ReminderWindow,
} from './reminder-schedule.js';

const TODAY = '2026-06-01';
const dueIn = (days: number) => addDays(TODAY, days);

/** What the SQL does with the windows: the one whose range holds the due date. */
function byWindow(windows: ReminderWindow[], dueDate: string) {
  const hits = windows.filter(
    (w) => (w.dueFrom === null || w.dueFrom <= dueDate) && dueDate <= w.dueTo,
  );
  if (hits.length > 1) throw new Error(`windows overlap at ${dueDate}`);
  const w = hits[0];
  if (!w) return null;
  return {
    kind: w.kind,
    forDate: w.daysBefore === null ? TODAY : addDays(dueDate, -w.daysBefore),
  };
}

describe('dueReminder', () => {
  it('reminds 7, 3 and 1 days before, on the day, and every day overdue', () => {
    expect(dueReminder(dueIn(7), TODAY)).toEqual({ kind: 'due_in_7', forDate: TODAY });
    expect(dueReminder(dueIn(3), TODAY)).toEqual({ kind: 'due_in_3', forDate: TODAY });
    expect(dueReminder(dueIn(1), TODAY)).toEqual({ kind: 'due_in_1', forDate: TODAY });
    expect(dueReminder(dueIn(0), TODAY)).toEqual({ kind: 'due_today', forDate: TODAY });
    expect(dueReminder(dueIn(-1), TODAY)).toEqual({ kind: 'overdue', forDate: TODAY });
    expect(dueReminder(dueIn(-45), TODAY)).toEqual({ kind: 'overdue', forDate: TODAY });
  });

  it('has nothing to say more than 7 days ahead', () => {
    expect(dueReminder(dueIn(8), TODAY)).toBeNull();
    expect(dueReminder(dueIn(400), TODAY)).toBeNull();
  });

  it('between two steps, names the last step whose day has come, for that day', () => {
    // on the normal daily run these were already sent on their day: the unique key drops them
    expect(dueReminder(dueIn(6), TODAY)).toEqual({ kind: 'due_in_7', forDate: dueIn(-1) });
    expect(dueReminder(dueIn(4), TODAY)).toEqual({ kind: 'due_in_7', forDate: dueIn(-3) });
    expect(dueReminder(dueIn(2), TODAY)).toEqual({ kind: 'due_in_3', forDate: dueIn(-1) });
  });

  it('catches up after downtime with the latest missed reminder only', () => {
    // down on due−3, back on due−2: the due_in_3 reminder (for due−3) is sent on due−2
    const due = '2026-06-10';
    expect(dueReminder(due, '2026-06-08')).toEqual({ kind: 'due_in_3', forDate: '2026-06-07' });
    // down from due−7 to due−1: only due_in_1 is sent, the missed due_in_7 and due_in_3 are not
    expect(dueReminder(due, '2026-06-09')).toEqual({ kind: 'due_in_1', forDate: '2026-06-09' });
    // down over the due date: today's overdue reminder, not the missed due_today
    expect(dueReminder(due, '2026-06-12')).toEqual({ kind: 'overdue', forDate: '2026-06-12' });
  });

  it('crosses month and year ends on the calendar', () => {
    expect(dueReminder('2027-01-02', '2026-12-30')).toEqual({
      kind: 'due_in_3',
      forDate: '2026-12-30',
    });
    expect(dueReminder('2028-03-01', '2028-02-23')).toEqual({
      kind: 'due_in_7',
      forDate: '2028-02-23', // 2028 is a leap year: Feb 29 exists
    });
  });
});

describe('reminderWindows', () => {
  it('is the same decision as dueReminder for every due date around today', () => {
    const windows = reminderWindows(TODAY);
    for (let d = -60; d <= 60; d++) {
      const due = dueIn(d);
      expect({ due, got: byWindow(windows, due) }).toEqual({ due, got: dueReminder(due, TODAY) });
    }
  });

  it('spells out the ranges the scan queries', () => {
    expect(reminderWindows(TODAY)).toEqual([
      { kind: 'due_in_7', dueFrom: '2026-06-05', dueTo: '2026-06-08', daysBefore: 7 },
      { kind: 'due_in_3', dueFrom: '2026-06-03', dueTo: '2026-06-04', daysBefore: 3 },
      { kind: 'due_in_1', dueFrom: '2026-06-02', dueTo: '2026-06-02', daysBefore: 1 },
      { kind: 'due_today', dueFrom: '2026-06-01', dueTo: '2026-06-01', daysBefore: 0 },
      { kind: 'overdue', dueFrom: null, dueTo: '2026-05-31', daysBefore: null },
    ]);
  });
});

describe('calendar arithmetic', () => {
  it('adds and counts days across month ends', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-02-27', '2026-03-01')).toBe(2);
    expect(daysBetween('2026-03-01', '2026-02-27')).toBe(-2);
  });
});
