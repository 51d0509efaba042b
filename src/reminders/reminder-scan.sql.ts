import { emailJobsSql } from '../notifications/notification-writer.js';
import { reminderWindows } from './reminder-schedule.js';

/**
 * The reminder scan as one statement, kept here to be read as SQL. Parameters: $1…$4 the windows
 * of reminder-schedule.ts (kind[], due_from[], due_to[], days_before[]: windowParams), $5 today
 * in the zone.
 *
 * Each open item falls in at most one window, which names its reminder (kind, for_date). The
 * INSERT … ON CONFLICT DO NOTHING on reminders' unique key (item_type, item_id, kind, for_date)
 * keeps only reminders never sent before, by this scan or any other running beside it; only those
 * get a notification (and, with SMTP, an outbox row for its e-mail), all in this one statement:
 * it commits whole or not at all.
 *
 * Items are read window by window (a LATERAL join over the five windows), each window one range
 * of the item's partial "open, by due date" index. One range over "due by today + 7" would be
 * misjudged by the planner: completed milestones are mostly past due, so it expects half the table
 * and scans all of it (bench, 1M milestones: 133 ms for the table scan, 13 ms through the index).
 */
export function windowParams(today: string): unknown[] {
  const windows = reminderWindows(today);
  return [
    windows.map((w) => w.kind),
    windows.map((w) => w.dueFrom),
    windows.map((w) => w.dueTo),
    windows.map((w) => w.daysBefore),
  ];
}

const WINDOWS_SQL = `
  SELECT kind, coalesce(due_from, '-infinity'::date) AS due_from, due_to, days_before
    FROM unnest($1::text[], $2::date[], $3::date[], $4::int[])
      AS w(kind, due_from, due_to, days_before)`;

/**
 * Open milestones of live projects due in window w, and who hears of them: the milestone's owner,
 * or the project's officer when it has none or its owner is deactivated. Reads milestones through
 * ix_milestones_open_due (partial on completed_at IS NULL; due_date INCLUDE project_id, owner_id),
 * plus a heap fetch for the id, which the index does not carry.
 */
const MILESTONES_SQL = `
  SELECT 'milestone' AS item_type, m.id AS item_id, m.due_date, coalesce(mo.id, po.id) AS user_id
    FROM milestones m
    JOIN projects p ON p.id = m.project_id AND p.deleted_at IS NULL
    LEFT JOIN users mo ON mo.id = m.owner_id AND mo.deactivated_at IS NULL
    LEFT JOIN users po ON po.id = p.officer_id AND po.deactivated_at IS NULL
   WHERE m.completed_at IS NULL AND m.due_date BETWEEN w.due_from AND w.due_to`;

/** The milestone part alone, with the same parameters $1…$4: for EXPLAIN in the test and bench. */
export const MILESTONES_DUE_SQL = `
  WITH win AS (${WINDOWS_SQL})
  SELECT w.kind, i.* FROM win w CROSS JOIN LATERAL (${MILESTONES_SQL}) i`;

const ITEMS_IN_WINDOW_SQL = `
  ${MILESTONES_SQL}
  UNION ALL
  SELECT 'visit_follow_up', f.id, f.due_date, u.id
    FROM visit_follow_ups f
    JOIN users u ON u.id = f.owner_id AND u.deactivated_at IS NULL
   WHERE f.status = 'open' AND f.due_date BETWEEN w.due_from AND w.due_to
  UNION ALL
  -- the current step's deadline (ix_supervision_items_open_step_deadline)
  SELECT 'supervision_step', s.id, s.step_deadline, u.id
    FROM supervision_items s
    JOIN projects p ON p.id = s.project_id AND p.deleted_at IS NULL
    JOIN users u ON u.id = s.owner_id AND u.deactivated_at IS NULL
   WHERE s.status <> 'closed' AND s.step_deadline BETWEEN w.due_from AND w.due_to
  UNION ALL
  SELECT 'service_request', r.id, r.due_date, u.id
    FROM service_requests r
    JOIN users u ON u.id = r.owner_id AND u.deactivated_at IS NULL
   WHERE r.status IN ('open', 'in_progress') AND r.due_date BETWEEN w.due_from AND w.due_to
     AND NOT EXISTS (
       SELECT 1 FROM projects p WHERE p.id = r.project_id AND p.deleted_at IS NOT NULL)`;

/** "due in 3 days", "due tomorrow", "due today", "overdue by 2 days": the real distance today. */
const WHEN_SQL = `CASE
    WHEN s.due_date - $5::date > 1 THEN 'due in ' || (s.due_date - $5::date) || ' days'
    WHEN s.due_date = $5::date + 1 THEN 'due tomorrow'
    WHEN s.due_date = $5::date THEN 'due today'
    WHEN s.due_date = $5::date - 1 THEN 'overdue by 1 day'
    ELSE 'overdue by ' || ($5::date - s.due_date) || ' days' END`;

export function reminderScanSql(options: { email: boolean }): string {
  return `
WITH win AS (${WINDOWS_SQL}
), due AS (
  SELECT i.item_type, i.item_id, w.kind, i.due_date,
         CASE WHEN w.days_before IS NULL THEN $5::date ELSE i.due_date - w.days_before END
           AS for_date,
         i.user_id, gen_random_uuid() AS notification_id
    FROM win w CROSS JOIN LATERAL (${ITEMS_IN_WINDOW_SQL}) i
   WHERE i.user_id IS NOT NULL
   -- one lock order for every scan: two scans inserting the same keys wait, never deadlock
   ORDER BY i.item_type, i.item_id, w.kind
), sent AS (
  INSERT INTO reminders (item_type, item_id, kind, due_date, for_date, user_id, notification_id)
  SELECT item_type, item_id, kind, due_date, for_date, user_id, notification_id FROM due
  ON CONFLICT (item_type, item_id, kind, for_date) DO NOTHING
  RETURNING item_type, item_id, kind, due_date, user_id, notification_id
), texts AS (
  -- the words, read only for reminders actually sent (the notification's foreign key is checked
  -- at the end of the statement, when the notification below exists)
  SELECT s.*, 'Milestone' AS label, m.title AS what,
         'Project ' || p.name || ' (' || p.code || ')' AS context,
         '/api/v1/projects/' || p.id || '/milestones/' || m.id AS link
    FROM sent s JOIN milestones m ON m.id = s.item_id JOIN projects p ON p.id = m.project_id
   WHERE s.item_type = 'milestone'
  UNION ALL
  SELECT s.*, 'Visit follow-up', f.action,
         'Visit of ' || v.visiting_organisation || ' on ' || to_char(v.date, 'YYYY-MM-DD'),
         '/api/v1/visits/' || v.id || '/follow-ups/' || f.id
    FROM sent s JOIN visit_follow_ups f ON f.id = s.item_id JOIN visits v ON v.id = f.visit_id
   WHERE s.item_type = 'visit_follow_up'
  UNION ALL
  SELECT s.*, 'Supervision item, step ' || i.status || ',', i.reason,
         'Project ' || p.name || ' (' || p.code || '), item due ' || to_char(i.deadline, 'YYYY-MM-DD'),
         '/api/v1/supervision-items/' || i.id
    FROM sent s JOIN supervision_items i ON i.id = s.item_id JOIN projects p ON p.id = i.project_id
   WHERE s.item_type = 'supervision_step'
  UNION ALL
  SELECT s.*, 'Service request (' || r.element || ')', r.description, 'Enterprise ' || e.name,
         '/api/v1/service-requests/' || r.id
    FROM sent s JOIN service_requests r ON r.id = s.item_id
    JOIN enterprises e ON e.id = r.enterprise_id
   WHERE s.item_type = 'service_request'
), notified AS (
  INSERT INTO notifications (id, user_id, kind, title, body, link)
  SELECT s.notification_id, s.user_id, 'reminder',
         left(s.label || ' ' || ${WHEN_SQL} || ': ' || s.what, 300),
         'Due ' || to_char(s.due_date, 'YYYY-MM-DD') || '. ' || s.context, s.link
    FROM texts s
  RETURNING id
)${options.email ? `, emailed AS (${emailJobsSql('notified')})` : ''}
SELECT item_type AS "itemType", kind, count(*)::int AS n FROM sent GROUP BY item_type, kind`;
}
