import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { dateInZone } from '../../src/common/time/zone-date.js';
import { insertRow } from './factories.js';

/** Factories and look-ups for key projects and the records that hang off them. */

const unique = () => randomBytes(4).toString('hex');

export function makeCluster(db: pg.Pool, values: { parkId: string } & Record<string, unknown>) {
  return insertRow<{ id: string; parkId: string }>(db, 'industry_clusters', {
    name: `Cluster ${unique()}`,
    ...values,
  });
}

export function makeTranche(
  db: pg.Pool,
  values: { projectId: string; amount: string } & Record<string, unknown>,
) {
  return insertRow<{ id: string; version: number; amount: string }>(db, 'investment_tranches', {
    date: '2025-01-15',
    evidenceRef: `V-${unique()}`,
    ...values,
  });
}

export function makeProgress(
  db: pg.Pool,
  values: { projectId: string; date: string } & Record<string, unknown>,
) {
  return insertRow<{ id: string; version: number }>(db, 'progress_updates', {
    note: 'Progress',
    ...values,
  });
}

/** Today's calendar date in a time zone (the zone's default unless told). */
export const zoneToday = (timeZone = 'Asia/Shanghai') => dateInZone(new Date(), timeZone);

/** A 'YYYY-MM-DD' date moved by whole days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The audit rows of one record, oldest first, straight from the table. */
export async function auditRows(db: pg.Pool, entity: string, entityId: string) {
  const { rows } = await db.query(
    `SELECT action, actor_id AS "actorId", park_id AS "parkId", before, after
       FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY id`,
    [entity, entityId],
  );
  return rows as {
    action: string;
    actorId: string | null;
    parkId: string | null;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
  }[];
}

/** Field names of a 400 body's details. */
export const fieldsOf = (body: { details?: { field: string }[] }) =>
  [...new Set((body.details ?? []).map((d) => d.field))].sort();
