/** What the runner sets up around the measurements: ids to rotate over, requests, sign-in. */
import { Redis } from 'ioredis';
import pg from 'pg';
import { API_PREFIX } from '../src/http-app.js';
import { OVERVIEW_PATH } from './dashboard-probe.js';
import { BENCH_ADMIN } from './generate.js';
import type { NextRequest } from './load.js';

export interface Endpoint {
  key: string;
  label: string;
  api: NextRequest;
  ref: NextRequest;
}

export interface Sample {
  adminId: string;
  parkIds: string[];
  projectIds: string[];
  openProjectIds: string[];
}

/**
 * The four measured requests, the same sequence for both servers: the overview; a park (with
 * its sub-parks) and some stages, rotating; 20,000 projects by id, rotating; creates with a code
 * of their own each.
 */
export function endpoints(sample: Sample, tag: string): Endpoint[] {
  const stages = ['under_construction', 'signed,preparing', 'completed,in_operation', 'lead'];
  const listQuery = (n: number) =>
    `parkId=${sample.parkIds[n % sample.parkIds.length]}&stage=${stages[n % stages.length]}&limit=20`;
  const body = (server: string, n: number) =>
    JSON.stringify({
      code: `BN-${tag}-${server}-${n}`,
      name: `Bench created project ${n}`,
      parkId: sample.parkIds[n % sample.parkIds.length],
      levels: ['municipal'],
      plannedInvestment: '120000000.00',
      startDate: '2026-03-01',
      plannedCompletionDate: '2027-06-30',
    });
  const id = (n: number) => sample.projectIds[n % sample.projectIds.length];
  return [
    {
      key: 'dashboard',
      label: 'dashboard overview',
      api: () => ({ path: OVERVIEW_PATH }),
      ref: () => ({ path: '/dashboard' }),
    },
    {
      key: 'list',
      label: 'project list',
      api: (n) => ({ path: `/${API_PREFIX}/projects?${listQuery(n)}` }),
      ref: (n) => ({ path: `/projects?${listQuery(n)}` }),
    },
    {
      key: 'get',
      label: 'get project by id',
      api: (n) => ({ path: `/${API_PREFIX}/projects/${id(n)}` }),
      ref: (n) => ({ path: `/projects/${id(n)}` }),
    },
    {
      key: 'create',
      label: 'create project',
      api: (n) => ({ path: `/${API_PREFIX}/projects`, method: 'POST', body: body('a', n) }),
      ref: (n) => ({ path: '/projects', method: 'POST', body: body('r', n) }),
    },
  ];
}

/** Ids the requests rotate over: parks, 20,000 projects, and projects open to progress. */
export async function sampleData(databaseUrl: string): Promise<Sample> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const column = async (sql: string) =>
      (await client.query<{ id: string }>(sql)).rows.map((r) => r.id);
    const [adminId] = await column(`SELECT id FROM users WHERE email = '${BENCH_ADMIN.email}'`);
    return {
      adminId,
      parkIds: await column(`SELECT id FROM parks WHERE code LIKE 'BP%' ORDER BY code`),
      projectIds: await column(
        `SELECT id FROM projects WHERE code LIKE 'BP-%' ORDER BY md5(code) LIMIT 20000`,
      ),
      openProjectIds: await column(
        `SELECT id FROM projects WHERE stage = 'under_construction' ORDER BY md5(code) LIMIT 2000`,
      ),
    };
  } finally {
    await client.end();
  }
}

/** The park the import goes into: a fresh one each run (removed by the next reusing run). */
export async function importPark(databaseUrl: string, tag: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO parks (name, code, kind) VALUES ($1, $2, 'industrial_park') RETURNING id`,
      [`Bench import park ${tag}`, `BENCH-IMP-${tag}`],
    );
    return rows[0].id;
  } finally {
    await client.end();
  }
}

export async function login(origin: string): Promise<string> {
  const response = await fetch(`${origin}/${API_PREFIX}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(BENCH_ADMIN),
  });
  if (!response.ok) throw new Error(`login: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** The two servers must answer get-by-id alike, or the comparison means little. */
export async function compareBodies(
  apiOrigin: string,
  refOrigin: string,
  token: string,
  id: string,
) {
  const [a, r] = await Promise.all([
    fetch(`${apiOrigin}/${API_PREFIX}/projects/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    }).then((x) => x.json() as Promise<Record<string, unknown>>),
    fetch(`${refOrigin}/projects/${id}`).then((x) => x.json() as Promise<Record<string, unknown>>),
  ]);
  const keys = new Set([...Object.keys(a), ...Object.keys(r)]);
  const differ = [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(r[k]));
  console.log(
    differ.length
      ? `get-by-id bodies differ on: ${differ.join(', ')}`
      : `get-by-id: both servers answer the same ${keys.size} fields`,
  );
}

export async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch (error) {
    console.warn(`could not remove Redis keys ${prefix}*: ${String(error)}`);
  } finally {
    redis.disconnect();
  }
}
