import { createHash } from 'node:crypto';
import type pg from 'pg';
import { hashPassword } from '../../users/password.js';
import {
  DEMO_CLUSTERS,
  DEMO_PARKS,
  DEMO_USERS,
  type DemoProject,
  type DemoUserKey,
} from './demo-data.js';
import { DEMO_CHAIN_LINKS, DEMO_ENTERPRISES } from './demo-enterprises.js';
import { DEMO_PROJECTS } from './demo-projects.js';

/** What exists of the demo set after seeding (demo rows only, whatever else the tables hold). */
export interface SeedSummary {
  parks: number;
  clusters: number;
  enterprises: number;
  chainLinks: number;
  projects: number;
  milestones: number;
  progressUpdates: number;
  tranches: number;
  users: number;
}

// The namespace of the demo set's name-based (v5) ids; any fixed UUID would do.
const DEMO_NAMESPACE = Buffer.from('6f1c2b1e0d7a4c559a572d1f3c8e9b40', 'hex');

/** A v5-style UUID from a stable key, so every run gives each demo row the same id. */
export function demoId(key: string): string {
  const bytes = createHash('sha1').update(DEMO_NAMESPACE).update(`demo:${key}`).digest();
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const demoIds = {
  park: (code: string) => demoId(`park:${code}`),
  cluster: (key: string) => demoId(`cluster:${key}`),
  enterprise: (key: string) => demoId(`enterprise:${key}`),
  project: (project: Pick<DemoProject, 'parkCode' | 'code'>) =>
    demoId(`project:${project.parkCode}:${project.code}`),
};

type Row = Record<string, unknown> & { id?: string };

// Serializes concurrent seeds; any constant key works.
const SEED_LOCK = 'zone-crm:demo-seed';
const CHUNK = 200;

/**
 * Inserts the demo data set in one transaction on the given client. Every row has a fixed id and
 * is inserted with ON CONFLICT DO NOTHING, so a second run adds nothing and changes nothing.
 * Expects a migrated database. Throws (after ROLLBACK) when a non-demo row holds a demo row's
 * natural key, e.g. a park with code WH-HTZ created through the API.
 */
export async function seedDemoData(client: pg.ClientBase): Promise<SeedSummary> {
  const rows = buildRows();
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [SEED_LOCK]);
    const users = await seedUsers(client);
    const byUser = (key: DemoUserKey | undefined) => (key ? users[key] : null);

    // one by one, parents first: the closure trigger reads the parent's rows
    for (const park of rows.parks) {
      await insert(client, 'parks', [park]);
      await assertPresent(client, 'parks', [park], 'code');
    }
    const userParks = DEMO_USERS.flatMap((u) =>
      u.parkCodes.map((code) => ({ user_id: users[u.key], park_id: demoIds.park(code) })),
    );
    await insert(client, 'user_parks', userParks);
    await insert(client, 'industry_clusters', rows.clusters);
    await assertPresent(client, 'industry_clusters', rows.clusters, 'name');
    await insert(client, 'enterprises', rows.enterprises);
    await assertPresent(client, 'enterprises', rows.enterprises, 'name');
    await insert(client, 'chain_links', rows.chainLinks);
    await assertPresent(client, 'chain_links', rows.chainLinks, 'segment');

    const projects = rows.projects.map(({ project, row }) => ({
      ...row,
      leader_id: byUser(project.leader),
      officer_id: byUser(project.officer),
      created_by: users.manager,
    }));
    await insert(client, 'projects', projects);
    await assertPresent(client, 'projects', projects, 'code');

    const milestones = rows.milestones.map(({ owner, ...row }) => ({
      ...row,
      owner_id: byUser(owner),
    }));
    const progress = rows.progress.map(({ author, ...row }) => ({
      ...row,
      created_by: users[author],
    }));
    const tranches = rows.tranches.map(({ author, verified, ...row }) => ({
      ...row,
      created_by: users[author],
      verified_by: verified ? users.manager : null,
    }));
    await insert(client, 'milestones', milestones);
    await insert(client, 'progress_updates', progress);
    await insert(client, 'investment_tranches', tranches);

    // Realized investment is the sum of verified tranches, never a typed-in figure.
    await client.query(
      `UPDATE projects p SET realized_investment = s.total
         FROM (SELECT p2.id, COALESCE(sum(t.amount) FILTER (WHERE t.verified_at IS NOT NULL), 0) AS total
                 FROM projects p2 LEFT JOIN investment_tranches t ON t.project_id = p2.id
                WHERE p2.id = ANY($1::uuid[])
                GROUP BY p2.id) s
        WHERE p.id = s.id AND p.realized_investment IS DISTINCT FROM s.total`,
      [ids(projects)],
    );

    const summary = await summarize(client, {
      parks: ids(rows.parks),
      clusters: ids(rows.clusters),
      enterprises: ids(rows.enterprises),
      chainLinks: ids(rows.chainLinks),
      projects: ids(projects),
      milestones: ids(milestones),
      progressUpdates: ids(progress),
      tranches: ids(tranches),
    });
    await client.query('COMMIT');
    return summary;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Demo users by email: an existing account with that email is kept as it is. */
async function seedUsers(client: pg.ClientBase): Promise<Record<DemoUserKey, string>> {
  const emails = DEMO_USERS.map((u) => u.email);
  const existing = await client.query<{ email: string }>(
    'SELECT email FROM users WHERE email = ANY($1)',
    [emails],
  );
  const known = new Set(existing.rows.map((r) => r.email));
  const missing = DEMO_USERS.filter((u) => !known.has(u.email));
  const hashes = await Promise.all(missing.map((u) => hashPassword(u.password)));
  await insert(
    client,
    'users',
    missing.map((u, i) => ({
      id: demoId(`user:${u.email}`),
      email: u.email,
      name: u.name,
      password_hash: hashes[i],
      role: u.role,
    })),
    'ON CONFLICT (email) DO NOTHING',
  );
  const found = await client.query<{ id: string; email: string }>(
    'SELECT id, email FROM users WHERE email = ANY($1)',
    [emails],
  );
  const idOf = new Map(found.rows.map((r) => [r.email, r.id]));
  const users = Object.fromEntries(DEMO_USERS.map((u) => [u.key, idOf.get(u.email)])) as Record<
    DemoUserKey,
    string
  >;
  return users;
}

/** The data set as table rows, checked for dangling keys and duplicate ids. */
function buildRows() {
  const parkCodes = new Set(DEMO_PARKS.map((p) => p.code));
  const clusterPark = new Map(DEMO_CLUSTERS.map((c) => [c.key, c.parkCode]));
  const enterpriseKeys = new Set(DEMO_ENTERPRISES.map((e) => e.key));
  const park = (code: string) => {
    if (!parkCodes.has(code)) throw new Error(`demo data: unknown park ${code}`);
    return demoIds.park(code);
  };
  // the API requires a record's cluster to belong to the record's own park
  const cluster = (key: string | undefined, parkCode: string) => {
    if (!key) return null;
    if (clusterPark.get(key) !== parkCode)
      throw new Error(`demo data: cluster ${key} not in ${parkCode}`);
    return demoIds.cluster(key);
  };
  const enterprise = (key: string | undefined) => {
    if (!key) return null;
    if (!enterpriseKeys.has(key)) throw new Error(`demo data: unknown enterprise ${key}`);
    return demoIds.enterprise(key);
  };
  const stamp = (date: string | undefined, time: string) => (date ? `${date}T${time}+08:00` : null);

  const parks = DEMO_PARKS.map((p) => ({
    id: demoIds.park(p.code),
    name: p.name,
    code: p.code,
    kind: p.kind,
    parent_id: p.parentCode ? park(p.parentCode) : null,
    city: p.city ?? null,
    province: p.province ?? null,
    area_sq_km: p.areaSqKm ?? null,
    description: p.description,
  }));
  const clusters = DEMO_CLUSTERS.map((c) => ({
    id: demoIds.cluster(c.key),
    park_id: park(c.parkCode),
    name: c.name,
    area_sq_km: c.areaSqKm ?? null,
    scale_target: c.scaleTarget ?? null,
    description: c.description,
  }));
  const enterprises = DEMO_ENTERPRISES.map((e) => ({
    id: demoIds.enterprise(e.key),
    name: e.name,
    country: e.country,
    fortune_global500: e.fortuneGlobal500 ?? false,
    listed: e.listed ?? false,
    chain_master: e.chainMaster ?? false,
    park_id: park(e.parkCode),
    cluster_id: cluster(e.clusterKey, e.parkCode),
    contacts: '[]',
    description: e.description,
  }));
  const chainLinks = DEMO_CHAIN_LINKS.map((l) => ({
    id: demoId(`chain-link:${l.masterKey}:${l.enterpriseKey}`),
    chain_master_id: enterprise(l.masterKey),
    enterprise_id: enterprise(l.enterpriseKey),
    position: l.position,
    segment: l.segment,
  }));

  const projects = DEMO_PROJECTS.map((p) => ({
    project: p,
    row: {
      id: demoIds.project(p),
      code: p.code,
      name: p.name,
      park_id: park(p.parkCode),
      cluster_id: cluster(p.clusterKey, p.parkCode),
      enterprise_id: enterprise(p.enterpriseKey),
      levels: p.levels,
      stage: p.stage,
      planned_investment: p.plannedInvestment,
      expected_annual_output: p.expectedAnnualOutput ?? null,
      start_date: p.startDate,
      planned_completion_date: p.plannedCompletionDate,
      department: p.department ?? null,
      location: p.location ?? null,
      description: p.description,
    },
  }));
  const children = <T, R>(
    list: (p: DemoProject) => T[] | undefined,
    row: (p: DemoProject, item: T) => R,
  ) => DEMO_PROJECTS.flatMap((p) => (list(p) ?? []).map((item) => row(p, item)));
  const author = (p: DemoProject): DemoUserKey => p.officer ?? 'manager';

  const milestones = children(
    (p) => p.milestones,
    (p, m) => ({
      id: demoId(`milestone:${p.parkCode}:${p.code}:${m.title}`),
      project_id: demoIds.project(p),
      title: m.title,
      kind: m.kind,
      due_date: m.dueDate,
      completed_at: stamp(m.completedOn, '18:00:00'),
      owner: m.owner,
      note: m.note ?? null,
    }),
  );
  const progress = children(
    (p) => p.progress,
    (p, u) => ({
      id: demoId(`progress:${p.parkCode}:${p.code}:${u.date}`),
      project_id: demoIds.project(p),
      date: u.date,
      note: u.note,
      percent_complete: u.percentComplete,
      author: author(p),
    }),
  );
  const tranches = children(
    (p) => p.tranches,
    (p, t) => ({
      id: demoId(`tranche:${p.parkCode}:${p.code}:${t.evidenceRef}`),
      project_id: demoIds.project(p),
      date: t.date,
      amount: t.amount,
      evidence_ref: t.evidenceRef,
      note: t.note ?? null,
      verified_at: stamp(t.verifiedOn, '10:00:00'),
      verified: t.verifiedOn !== undefined,
      author: author(p),
    }),
  );

  const all = [
    parks,
    clusters,
    enterprises,
    chainLinks,
    projects.map((p) => p.row),
    milestones,
    progress,
    tranches,
  ];
  const seen = new Set<string>();
  for (const id of all.flat().map((r) => r.id)) {
    if (seen.has(id)) throw new Error(`demo data: two rows share the key of ${id}`);
    seen.add(id);
  }
  return { parks, clusters, enterprises, chainLinks, projects, milestones, progress, tranches };
}

/** A multi-row INSERT per chunk; every row of a table has the same keys in the same order. */
async function insert(
  client: pg.ClientBase,
  table: string,
  rows: Row[],
  onConflict = 'ON CONFLICT DO NOTHING',
): Promise<void> {
  for (let from = 0; from < rows.length; from += CHUNK) {
    const chunk = rows.slice(from, from + CHUNK);
    const columns = Object.keys(chunk[0]);
    const params: unknown[] = [];
    const tuples = chunk.map(
      (row) => `(${columns.map((c) => `$${params.push(row[c] ?? null)}`).join(', ')})`,
    );
    await client.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ${onConflict}`,
      params,
    );
  }
}

/** ON CONFLICT DO NOTHING also skips a row whose natural key another row holds: say which. */
async function assertPresent(client: pg.ClientBase, table: string, rows: Row[], label: string) {
  const { rows: missing } = await client.query<{ id: string }>(
    `SELECT want.id FROM unnest($1::uuid[]) AS want(id)
      WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.id = want.id)`,
    [ids(rows)],
  );
  if (missing.length === 0) return;
  const byId = new Map(rows.map((r) => [r.id, r[label]]));
  const names = missing.map((m) => `"${String(byId.get(m.id))}"`).join(', ');
  throw new Error(
    `Cannot seed the demo ${table}: rows that are not demo data already hold ${names}. ` +
      'Seed an empty (freshly migrated) database instead.',
  );
}

const ids = (rows: Row[]) => rows.map((r) => r.id as string);

type DemoRowIds = Record<Exclude<keyof SeedSummary, 'users'>, string[]>;

async function summarize(client: pg.ClientBase, idsByKind: DemoRowIds): Promise<SeedSummary> {
  const tables: Record<keyof DemoRowIds, string> = {
    parks: 'parks',
    clusters: 'industry_clusters',
    enterprises: 'enterprises',
    chainLinks: 'chain_links',
    projects: 'projects',
    milestones: 'milestones',
    progressUpdates: 'progress_updates',
    tranches: 'investment_tranches',
  };
  const keys = Object.keys(tables) as (keyof DemoRowIds)[];
  const params: unknown[] = keys.map((k) => idsByKind[k]);
  const counts = keys.map(
    (k, i) =>
      `(SELECT count(*) FROM ${tables[k]} WHERE id = ANY($${i + 1}::uuid[]))::int AS "${k}"`,
  );
  params.push(DEMO_USERS.map((u) => u.email));
  counts.push(`(SELECT count(*) FROM users WHERE email = ANY($${params.length}))::int AS "users"`);
  const { rows } = await client.query<SeedSummary>(`SELECT ${counts.join(', ')}`, params);
  return rows[0];
}
