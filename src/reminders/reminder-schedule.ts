import type { ReminderKind } from './reminder.entity.js';

/**
 * What is due, decided without a database or a clock: given the zone's "today", which reminder an
 * open item should have. The scan turns the same decision into due-date windows (one per kind)
 * so the database can apply it to every item in one statement.
 *
 * The schedule: 7, 3 and 1 days before the due date, on the day, then every day while open.
 *
 * Catch-up: an item gets the LATEST reminder whose day has come, even when that day has passed
 * (the worker was down, or the item was created inside a window). Down on due−3 and back on
 * due−2: the due_in_3 reminder (for due−3) goes out on due−2. Older missed reminders are not sent:
 * the newer one says everything they would and more, and a late "due in 7 days" two days before
 * the due date would mislead. Missed overdue days likewise collapse into today's overdue reminder.
 * A reminder is identified by the day it is FOR (not the day it went out), so the normal daily
 * scans that follow find it already sent and add nothing.
 */
export const BEFORE_DUE: readonly { kind: Exclude<ReminderKind, 'overdue'>; days: number }[] = [
  { kind: 'due_in_7', days: 7 },
  { kind: 'due_in_3', days: 3 },
  { kind: 'due_in_1', days: 1 },
  { kind: 'due_today', days: 0 },
];

export interface DueReminder {
  kind: ReminderKind;
  /** The day the reminder is for: due − 7/3/1/0, or today for overdue. */
  forDate: string;
}

/** The reminder an open item due on `dueDate` should have on `today`, or null (not yet). */
export function dueReminder(dueDate: string, today: string): DueReminder | null {
  const daysLeft = daysBetween(today, dueDate);
  if (daysLeft < 0) return { kind: 'overdue', forDate: today };
  // the most urgent step whose day has come
  const step = BEFORE_DUE.findLast((s) => daysLeft <= s.days);
  return step ? { kind: step.kind, forDate: addDays(dueDate, -step.days) } : null;
}

/**
 * The same decision as due-date ranges, one per kind: an item whose due date lies in
 * [dueFrom, dueTo] gets that kind, for the day `daysBefore` before its due date (or for today
 * when daysBefore is null: overdue). The ranges do not overlap and leave no due date ≤ today + 7
 * uncovered.
 */
export interface ReminderWindow {
  kind: ReminderKind;
  /** null: no lower bound (overdue). */
  dueFrom: string | null;
  dueTo: string;
  /** null: the reminder is for today (overdue). */
  daysBefore: number | null;
}

export function reminderWindows(today: string): ReminderWindow[] {
  const windows: ReminderWindow[] = BEFORE_DUE.map((step, i) => ({
    kind: step.kind,
    // a step covers from its own day up to the day before the next step's
    dueFrom: addDays(today, i + 1 < BEFORE_DUE.length ? BEFORE_DUE[i + 1].days + 1 : 0),
    dueTo: addDays(today, step.days),
    daysBefore: step.days,
  }));
  windows.push({ kind: 'overdue', dueFrom: null, dueTo: addDays(today, -1), daysBefore: null });
  return windows;
}

/** 'YYYY-MM-DD' plus n calendar days (calendar arithmetic: no time zone involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
