import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Role } from '../../src/users/user.entity.js';
import type { TestApp } from '../support/test-app.js';
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

export function makeEvent(db: pg.Pool, values: { parkId: string } & Record<string, unknown>) {
  return insertRow<EventRow>(db, 'events', {
    kind: 'conference',
    name: `Conference ${unique()}`,
    startDate: '2025-03-10',
    ...values,
  });
}

export interface ContractRow {
  id: string;
  code: string;
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

export function makeVisit(db: pg.Pool, values: { parkId: string } & Record<string, unknown>) {
  return insertRow<{ id: string; parkId: string }>(db, 'visits', {
    date: '2025-02-01',
    direction: 'inbound',
    hostOrganisation: 'Investment Promotion Bureau',
    visitingOrganisation: `Delegation ${unique()}`,
    ...values,
  });
}

/** Rows of a table matching one column, straight from the database. */
export async function countWhere(db: pg.Pool, table: string, column: string, value: unknown) {
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`, [
    value,
  ]);
  return rows[0].n as number;
}

/** Splits a CSV body (this app's dialect: CRLF, quotes doubled) into rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted) {
      cell += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

/** A list fetched as CSV (`?format=csv`, or an Accept header): raw text and parsed rows. */
export async function csvOf(
  t: TestApp,
  user: { id: string; role: Role },
  path: string,
  accept?: string,
) {
  const req = t.http.get(`/api/v1${path}`).set('authorization', `Bearer ${t.token(user)}`);
  const res = await (accept ? req.set('accept', accept) : req)
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });
  const text = (res.body as Buffer).toString('utf8');
  return {
    status: res.status,
    headers: res.headers,
    text,
    rows: parseCsv(text.replace(/^\uFEFF/, '')),
  };
}
