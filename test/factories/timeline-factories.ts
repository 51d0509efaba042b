import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { insertRow } from './factories.js';

/**
 * Rows for visits, events, contracts and service requests, inserted straight into their tables
 * (column names as in the VisitsEventsContractsServiceRequests migration).
 */

const unique = () => randomBytes(4).toString('hex');

interface Row {
  id: string;
  parkId: string;
}

export async function makeVisit(
  db: pg.Pool,
  values: {
    parkId: string;
    date: string;
    enterpriseIds?: string[];
    projectIds?: string[];
  } & Record<string, unknown>,
) {
  const { enterpriseIds = [], projectIds = [], ...rest } = values;
  const visit = await insertRow<Row>(db, 'visits', {
    direction: 'inbound',
    hostOrganisation: 'Lingang Innovation Center',
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

export async function makeEvent(
  db: pg.Pool,
  values: { parkId: string; startDate: string; enterpriseIds?: string[] } & Record<string, unknown>,
) {
  const { enterpriseIds = [], ...rest } = values;
  const event = await insertRow<Row>(db, 'events', {
    kind: 'conference',
    name: `Conference ${unique()}`,
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

export function makeContract(
  db: pg.Pool,
  values: { parkId: string; signedAt: string } & Record<string, unknown>,
) {
  const code = `C-${unique()}`;
  return insertRow<Row & { code: string }>(db, 'contracts', {
    code,
    title: `Contract ${code}`,
    amount: '1000000.00',
    ...values,
  });
}

export function makeServiceRequest(
  db: pg.Pool,
  values: { parkId: string; enterpriseId: string } & Record<string, unknown>,
) {
  return insertRow<Row>(db, 'service_requests', {
    element: 'land',
    description: 'Needs land',
    dueDate: '2026-12-31',
    ...values,
  });
}
