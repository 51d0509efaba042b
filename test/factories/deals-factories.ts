import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { insertRow } from './factories.js';

/** Factories for the records that win investment: visits, events and contracts. */

const unique = () => randomBytes(4).toString('hex');

export interface EventRow {
  id: string;
  parkId: string;
  kind: string;
  name: string;
  startDate: string;
  version: number;
}

/** An event; `enterpriseIds` become the companies it visited (event_enterprises). */
export async function makeEvent(
  db: pg.Pool,
  values: { parkId: string; enterpriseIds?: string[] } & Record<string, unknown>,
) {
  const { enterpriseIds = [], ...rest } = values;
  const event = await insertRow<EventRow>(db, 'events', {
    kind: 'conference',
    name: `Conference ${unique()}`,
    startDate: '2025-03-10',
    ...rest,
  });
  for (const enterpriseId of enterpriseIds) {
    await db.query('INSERT INTO event_enterprises (event_id, enterprise_id) VALUES ($1, $2)', [
      event.id,
      enterpriseId,
    ]);
  }
  return event;
}

export interface ContractRow {
  id: string;
  code: string;
  signedAt: string;
  parkId: string;
  eventId: string | null;
  projectId: string | null;
  amount: string;
  currency: string;
  status: string;
  version: number;
}

export function makeContract(db: pg.Pool, values: { parkId: string } & Record<string, unknown>) {
  const code = `CT-${unique()}`;
  return insertRow<ContractRow>(db, 'contracts', {
    code,
    title: `Contract ${code}`,
    signedAt: '2025-03-10',
    amount: '1000000.00',
    ...values,
  });
}

/** A visit with the enterprises and projects it concerned (visit_enterprises, visit_projects). */
export async function makeVisit(
  db: pg.Pool,
  values: { parkId: string; enterpriseIds?: string[]; projectIds?: string[] } & Record<
    string,
    unknown
  >,
) {
  const { enterpriseIds = [], projectIds = [], ...rest } = values;
  const visit = await insertRow<{ id: string; parkId: string }>(db, 'visits', {
    date: '2025-02-01',
    direction: 'inbound',
    hostOrganisation: 'Investment Promotion Bureau',
    visitingOrganisation: `Delegation ${unique()}`,
    ...rest,
  });
  for (const enterpriseId of enterpriseIds) {
    await db.query('INSERT INTO visit_enterprises (visit_id, enterprise_id) VALUES ($1, $2)', [
      visit.id,
      enterpriseId,
    ]);
  }
  for (const projectId of projectIds) {
    await db.query('INSERT INTO visit_projects (visit_id, project_id) VALUES ($1, $2)', [
      visit.id,
      projectId,
    ]);
  }
  return visit;
}

/** Rows of a table matching one column, straight from the database. */
export async function countWhere(db: pg.Pool, table: string, column: string, value: unknown) {
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`, [
    value,
  ]);
  return rows[0].n as number;
}
