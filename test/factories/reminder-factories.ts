import type pg from 'pg';
import { addDays } from '../../src/reminders/reminder-schedule.js';
import { makeVisit } from './deals-factories.js';
import {
  insertRow,
  makeEnterprise,
  makeMilestone,
  makePark,
  makeProject,
  makeUser,
  type UserRow,
} from './factories.js';
import { makeServiceRequest } from './service-factories.js';
import { makeSupervisionItem } from './supervision-factories.js';

/** Factories and readers for reminders and notifications. */

export const ITEM_TYPES = [
  'milestone',
  'visit_follow_up',
  'supervision_step',
  'service_request',
] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

export function makeFollowUp(
  db: pg.Pool,
  values: { visitId: string; dueDate: string } & Record<string, unknown>,
) {
  return insertRow<{ id: string }>(db, 'visit_follow_ups', {
    action: 'Send the land-use plan to the delegation',
    ...values,
  });
}

/** A park with an officer, a project of theirs, an enterprise and a visit to hang items on. */
export async function makeReminderWorld(db: pg.Pool) {
  const park = await makePark(db);
  const officer = await makeUser(db, { role: 'officer', parkIds: [park.id] });
  const project = await makeProject(db, { parkId: park.id, officerId: officer.id });
  const enterprise = await makeEnterprise(db, { parkId: park.id });
  const visit = await makeVisit(db, { parkId: park.id });
  return { park, officer, project, enterprise, visit };
}
export type ReminderWorld = Awaited<ReturnType<typeof makeReminderWorld>>;

/**
 * One open item of a type due on a day, owned by `owner` (a milestone without `ownerId` falls to
 * the project's officer). `projectId` overrides the world's project.
 */
export async function makeItem(
  db: pg.Pool,
  w: ReminderWorld,
  type: ItemType,
  dueDate: string,
  options: { owner?: UserRow | null; projectId?: string; values?: Record<string, unknown> } = {},
): Promise<string> {
  const ownerId = options.owner === undefined ? w.officer.id : (options.owner?.id ?? null);
  const projectId = options.projectId ?? w.project.id;
  const values = options.values ?? {};
  switch (type) {
    case 'milestone':
      return (
        await makeMilestone(db, { projectId, dueDate, ownerId, title: 'Land permit', ...values })
      ).id;
    case 'visit_follow_up':
      return (await makeFollowUp(db, { visitId: w.visit.id, dueDate, ownerId, ...values })).id;
    case 'supervision_step':
      return (
        await makeSupervisionItem(db, {
          projectId,
          parkId: w.park.id,
          ownerId,
          stepDeadline: dueDate,
          deadline: addDays(dueDate, 30),
          ...values,
        })
      ).id;
    case 'service_request':
      return (
        await makeServiceRequest(db, {
          enterpriseId: w.enterprise.id,
          parkId: w.park.id,
          projectId,
          ownerId,
          dueDate,
          ...values,
        })
      ).id;
  }
}

export interface SentReminder {
  itemType: string;
  itemId: string;
  kind: string;
  dueDate: string;
  forDate: string;
  userId: string;
  title: string;
  body: string;
  link: string;
}

/** Every reminder stored, with its notification's words, in a stable order. */
export async function sentReminders(db: pg.Pool, itemIds?: string[]): Promise<SentReminder[]> {
  const { rows } = await db.query(
    `SELECT r.item_type AS "itemType", r.item_id AS "itemId", r.kind,
            to_char(r.due_date, 'YYYY-MM-DD') AS "dueDate",
            to_char(r.for_date, 'YYYY-MM-DD') AS "forDate", r.user_id AS "userId",
            n.title, n.body, n.link
       FROM reminders r JOIN notifications n ON n.id = r.notification_id
      WHERE $1::uuid[] IS NULL OR r.item_id = ANY($1::uuid[])
      ORDER BY r.item_type, r.due_date, r.for_date, r.kind`,
    [itemIds ?? null],
  );
  return rows;
}

/** Rows in a table (reminders, notifications, outbox). */
export async function countRows(db: pg.Pool, table: string): Promise<number> {
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0].n;
}

/** Deletes reminders and notifications: each test starts with nothing sent. */
export async function forgetReminders(db: pg.Pool) {
  await db.query('DELETE FROM reminders');
  await db.query('DELETE FROM notifications');
  await db.query('DELETE FROM outbox');
}

export { waitFor } from '../support/wait.js';

/** Removes every item and everything sent: each test starts from an empty zone. */
export async function clearItems(db: pg.Pool) {
  await forgetReminders(db);
  for (const table of ['milestones', 'visit_follow_ups', 'supervision_items', 'service_requests']) {
    await db.query(`DELETE FROM ${table}`);
  }
}
