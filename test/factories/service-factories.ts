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

/** Splits a CSV body (this app's dialect: BOM, CRLF, quotes doubled) into records by header. */
export function csvRecords(body: Buffer | string): Record<string, string>[] {
  const text = (typeof body === 'string' ? body : body.toString('utf8')).replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && c === '"') quoted = false;
    else if (quoted) cell += c;
    else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  const [header, ...data] = rows;
  return data.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}
