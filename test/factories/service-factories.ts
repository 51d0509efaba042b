import type pg from 'pg';
import { insertRow } from './factories.js';

/** Factories and helpers for enterprise service requests (six-elements guarantee). */

export interface ServiceRequestRow {
  id: string;
  parkId: string;
  enterpriseId: string;
  element: string;
  description: string;
  status: string;
  dueDate: string;
  version: number;
}

/** A request straight in the table; parkId must be the enterprise's (the API copies it). */
export function makeServiceRequest(
  db: pg.Pool,
  values: { enterpriseId: string; parkId: string } & Record<string, unknown>,
) {
  return insertRow<ServiceRequestRow>(db, 'service_requests', {
    element: 'land',
    description: 'Needs 20 mu more industrial land',
    dueDate: '2030-01-01',
    ...values,
  });
}
