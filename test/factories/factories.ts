import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { hashPassword } from '../../src/users/password.js';
import type { Role } from '../../src/users/user.entity.js';

export const TEST_PASSWORD = 'password-123';
let passwordHash: Promise<string> | undefined;

const unique = () => randomBytes(4).toString('hex');

/** INSERT one row from camelCase values (JSON-encoding plain objects) and return it camelCased. */
export async function insertRow<T>(
  db: pg.Pool,
  table: string,
  values: Record<string, unknown>,
): Promise<T> {
  const entries = Object.entries(values).filter(([, v]) => v !== undefined);
  const columns = entries.map(([k]) => `"${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}"`);
  const { rows } = await db.query(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${entries.map((_, i) => `$${i + 1}`).join(', ')})
     RETURNING *`,
    entries.map(([, v]) =>
      Array.isArray(v) || v === null || typeof v !== 'object' ? v : JSON.stringify(v),
    ),
  );
  return camel(rows[0]) as T;
}

function camel(row: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()),
      v,
    ]),
  );
}

export interface ParkRow {
  id: string;
  name: string;
  code: string;
  parentId: string | null;
  version: number;
}

export function makePark(db: pg.Pool, values: Partial<ParkRow> & Record<string, unknown> = {}) {
  const code = values.code ?? `P-${unique()}`;
  return insertRow<ParkRow>(db, 'parks', {
    name: `Park ${code}`,
    code,
    kind: 'industrial_park',
    ...values,
  });
}

export interface UserRow {
  id: string;
  email: string;
  role: Role;
  version: number;
}

export async function makeUser(
  db: pg.Pool,
  values: { role?: Role; parkIds?: string[]; email?: string; name?: string } = {},
) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const { parkIds = [], ...rest } = values;
  const user = await insertRow<UserRow>(db, 'users', {
    email: `${rest.role ?? 'officer'}-${unique()}@test.example`,
    name: 'Test User',
    role: 'officer',
    passwordHash: await passwordHash,
    ...rest,
  });
  for (const parkId of parkIds) {
    await db.query('INSERT INTO user_parks (user_id, park_id) VALUES ($1, $2)', [user.id, parkId]);
  }
  return user;
}

export interface EnterpriseRow {
  id: string;
  name: string;
  parkId: string;
  chainMaster: boolean;
}

export function makeEnterprise(db: pg.Pool, values: { parkId: string } & Record<string, unknown>) {
  return insertRow<EnterpriseRow>(db, 'enterprises', { name: `Enterprise ${unique()}`, ...values });
}

export interface ProjectRow {
  id: string;
  code: string;
  name: string;
  parkId: string;
  stage: string;
  version: number;
}

export function makeProject(db: pg.Pool, values: { parkId: string } & Record<string, unknown>) {
  const code = `PRJ-${unique()}`;
  return insertRow<ProjectRow>(db, 'projects', {
    code,
    name: `Project ${code}`,
    plannedInvestment: '1000000.00',
    ...values,
  });
}

export function makeMilestone(
  db: pg.Pool,
  values: { projectId: string; dueDate: string } & Record<string, unknown>,
) {
  return insertRow<{ id: string; version: number }>(db, 'milestones', {
    title: 'Milestone',
    ...values,
  });
}
