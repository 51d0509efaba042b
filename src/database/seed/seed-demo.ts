import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { ProjectStage } from '../../projects/project.entity.js';
import { enteredOn, stageHistory } from './demo-history.js';
import { hashPassword } from '../../users/password.js';
import {
  DEMO,
  DEMO_CLUSTERS,
  DEMO_PARKS,
  DEMO_USERS,
  type DemoProject,
  type DemoUserKey,
} from './demo-data.js';
import {
  DEAL_ENTERPRISES,
  DEMO_CONTRACTS,
  DEMO_EVENTS,
  DEMO_VISITS,
  type DemoVisit,
} from './demo-deals.js';
import { DEMO_CHAIN_LINKS, DEMO_ENTERPRISES } from './demo-enterprises.js';
import { DEMO_PROJECTS } from './demo-projects.js';
import { DEFAULT_DUE_DAYS, DEMO_SERVICE_REQUESTS } from './demo-service-requests.js';

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
  visits: number;
  followUps: number;
  events: number;
  contracts: number;
  serviceRequests: number;
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

/** Every demo enterprise: the articles' and chains' ones, and the signers of the Jimo contracts. */
const ENTERPRISES = [...DEMO_ENTERPRISES, ...DEAL_ENTERPRISES];

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
      // entered as leads well before the weeks the reports and assessments look at
      created_at: `${enteredOn({ startDate: (row.start_date as string | null) ?? null })}T09:00:00+08:00`,
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
    // stage history, so that transitions, timelines and on-time starts have something to read
    const history = rows.projects.flatMap(({ row }) =>
      stageHistory({
        id: row.id as string,
        stage: row.stage as ProjectStage,
        startDate: (row.start_date as string | null) ?? null,
        plannedCompletionDate: (row.planned_completion_date as string | null) ?? null,
      }),
    );
    await insert(
      client,
      'project_transitions',
      history.map((h) => ({
        id: demoId(`transition:${h.key}`),
        project_id: h.projectId,
        from_stage: h.fromStage,
        to_stage: h.toStage,
        reason: h.reason,
        actor_id: users.manager,
        at: h.at,
      })),
    );
    // the signed stage needs a signing date or a contract: the day it was signed
    await client.query(
      `UPDATE projects p SET signed_at = (t.at AT TIME ZONE 'Asia/Shanghai')::date
         FROM project_transitions t
        WHERE t.project_id = p.id AND t.to_stage = 'signed' AND p.signed_at IS NULL
          AND p.id = ANY($1::uuid[])`,
      [ids(projects)],
    );
    const deals = await seedDeals(client, rows.deals, users);

    const summary = await summarize(client, {
      parks: ids(rows.parks),
      clusters: ids(rows.clusters),
      enterprises: ids(rows.enterprises),
      chainLinks: ids(rows.chainLinks),
      projects: ids(projects),
      milestones: ids(milestones),
      progressUpdates: ids(progress),
      tranches: ids(tranches),
      ...deals,
    });
    await client.query('COMMIT');
    return summary;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * Visits with their follow-ups, events with the companies a media tour visited, contracts (the
 * Huawei one linked both ways with its key project) and service requests, after the parks,
 * enterprises, projects and users they refer to.
 */
async function seedDeals(
  client: pg.ClientBase,
  deals: ReturnType<typeof buildRows>['deals'],
  users: Record<DemoUserKey, string>,
) {
  const byManager = <R extends Row>(row: R) => ({ ...row, created_by: users.manager });

  const events = deals.events.map(byManager);
  await insert(client, 'events', events);
  await insert(client, 'event_enterprises', deals.eventEnterprises);
  const visits = deals.visits.map(byManager);
  await insert(client, 'visits', visits);
  const followUps = deals.followUps.map(({ owner, ...row }) => ({
    ...row,
    owner_id: users[owner],
  }));
  await insert(client, 'visit_follow_ups', followUps);
  const contracts = deals.contracts.map(byManager);
  await insert(client, 'contracts', contracts);
  await assertPresent(client, 'contracts', contracts, 'code');

  // the other way round: the project points at the contract it came from
  await client.query(
    `UPDATE projects p SET contract_id = c.id FROM contracts c
      WHERE c.id = ANY($1::uuid[]) AND c.project_id = p.id AND p.contract_id IS NULL`,
    [ids(contracts)],
  );
  const { rows: unlinked } = await client.query<{ code: string }>(
    `SELECT c.code FROM contracts c JOIN projects p ON p.id = c.project_id
      WHERE c.id = ANY($1::uuid[]) AND p.contract_id IS DISTINCT FROM c.id`,
    [ids(contracts)],
  );
  if (unlinked.length > 0) {
    const codes = unlinked.map((r) => r.code).join(', ');
    throw new Error(
      `Cannot seed the demo contracts: the projects of ${codes} hold other contracts`,
    );
  }

  // owned by whoever took the request in
  const serviceRequests = deals.serviceRequests.map(({ owner, ...row }) => ({
    ...row,
    owner_id: users[owner],
    created_by: users[owner],
  }));
  await insert(client, 'service_requests', serviceRequests);
  return {
    visits: ids(visits),
    followUps: ids(followUps),
    events: ids(events),
    contracts: ids(contracts),
    serviceRequests: ids(serviceRequests),
  };
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
  const enterpriseKeys = new Set(ENTERPRISES.map((e) => e.key));
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
  const enterprises = ENTERPRISES.map((e) => ({
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

  const deals = buildDealRows(park, enterprise, stamp);

  const all = [
    parks,
    clusters,
    enterprises,
    chainLinks,
    projects.map((p) => p.row),
    milestones,
    progress,
    tranches,
    deals.events,
    deals.visits,
    deals.followUps,
    deals.contracts,
    deals.serviceRequests,
  ];
  const seen = new Set<string>();
  for (const id of all.flat().map((r) => r.id)) {
    if (seen.has(id)) throw new Error(`demo data: two rows share the key of ${id}`);
    seen.add(id);
  }
  return {
    parks,
    clusters,
    enterprises,
    chainLinks,
    projects,
    milestones,
    progress,
    tranches,
    deals,
  };
}

/** Rows of the deals data set (demo-deals.ts, demo-service-requests.ts), checked like the rest. */
function buildDealRows(
  park: (code: string) => string,
  enterprise: (key: string | undefined) => string | null,
  stamp: (date: string | undefined, time: string) => string | null,
) {
  const fail = (message: string): never => {
    throw new Error(`demo data: ${message}`);
  };
  const enterpriseByKey = new Map(ENTERPRISES.map((e) => [e.key, e]));
  const projectByCode = new Map(DEMO_PROJECTS.map((p) => [p.code, p]));
  /** A demo project of the given park (and enterprise, when given). */
  const project = (code: string | undefined, parkCode: string, enterpriseKey?: string) => {
    if (!code) return null;
    const p = projectByCode.get(code) ?? fail(`unknown project ${code}`);
    if (p.parkCode !== parkCode) fail(`project ${code} not in ${parkCode}`);
    if (enterpriseKey && p.enterpriseKey !== enterpriseKey)
      fail(`project ${code} is not ${enterpriseKey}'s`);
    return demoIds.project(p);
  };
  const parentOf = new Map(DEMO_PARKS.map((p) => [p.code, p.parentCode]));
  const atOrBelow = (code: string | undefined, ancestor: string): boolean =>
    code !== undefined && (code === ancestor || atOrBelow(parentOf.get(code), ancestor));
  const eventByKey = new Map(DEMO_EVENTS.map((e) => [e.key, e]));
  const eventId = (key: string) => demoId(`event:${key}`);
  // a visit is entered on its (last) day, in the evening
  const entered = (v: DemoVisit) => stamp(v.endDate ?? v.date, '20:00:00');

  // created_at and updated_at say when a record was entered and when it last changed
  const events = DEMO_EVENTS.map((e) => ({
    id: eventId(e.key),
    park_id: park(e.parkCode),
    kind: e.kind,
    name: e.name,
    start_date: e.startDate,
    end_date: e.endDate ?? null,
    location: e.location ?? null,
    organiser: e.organiser ?? null,
    attendee_count: e.attendeeCount ?? null,
    description: e.description,
    created_at: stamp(e.startDate, '09:00:00'),
    updated_at: stamp(e.startDate, '09:00:00'),
  }));
  const eventEnterprises = DEMO_EVENTS.flatMap((e) =>
    (e.enterpriseKeys ?? []).map((key) => ({
      event_id: eventId(e.key),
      enterprise_id: enterprise(key),
    })),
  );

  const visits = DEMO_VISITS.map((v) => ({
    id: demoId(`visit:${v.key}`),
    park_id: park(v.parkCode),
    date: v.date,
    end_date: v.endDate ?? null,
    direction: v.direction,
    host_organisation: v.hostOrganisation,
    visiting_organisation: v.visitingOrganisation,
    leader: v.leader,
    participants: JSON.stringify(v.participants),
    purpose: v.purpose,
    summary: v.summary,
    outcomes: v.outcomes,
    created_at: entered(v),
    updated_at: entered(v),
  }));
  const followUps = DEMO_VISITS.flatMap((v) =>
    v.followUps.map((f) => {
      if (f.dueDate < v.date) fail(`follow-up "${f.action}" due before its visit`);
      if ((f.status === 'open') !== (f.closedOn === undefined))
        fail(`follow-up "${f.action}": only an open one has no closing day`);
      const closedAt = stamp(f.closedOn, '18:00:00');
      return {
        id: demoId(`follow-up:${v.key}:${f.action}`),
        visit_id: demoId(`visit:${v.key}`),
        action: f.action,
        owner: f.owner,
        due_date: f.dueDate,
        status: f.status,
        done_note: f.doneNote ?? null,
        closed_at: closedAt,
        created_at: entered(v),
        updated_at: closedAt ?? entered(v),
      };
    }),
  );

  const codes = new Set<string>();
  const contracts = DEMO_CONTRACTS.map((c) => {
    const key = `${c.parkCode}:${c.code}`;
    if (codes.has(key)) fail(`two contracts coded ${key}`);
    codes.add(key);
    const event = c.eventKey
      ? (eventByKey.get(c.eventKey) ?? fail(`unknown event ${c.eventKey}`))
      : undefined;
    // as the API wants it: the event held in the contract's park or a park above it
    if (event && !atOrBelow(c.parkCode, event.parkCode))
      fail(`contract ${c.code}: event held outside its park`);
    return {
      id: demoId(`contract:${key}`),
      code: c.code,
      title: c.title,
      signed_at: c.signedAt,
      park_id: park(c.parkCode),
      enterprise_id: enterprise(c.enterpriseKey),
      event_id: event ? eventId(event.key) : null,
      amount: c.amount,
      currency: c.currency,
      status: c.status,
      project_id: project(c.projectCode, c.parkCode, c.enterpriseKey),
      description: c.description,
      created_at: stamp(c.signedAt, '18:00:00'),
      updated_at: stamp(c.signedAt, '18:00:00'),
    };
  });

  const serviceRequests = DEMO_SERVICE_REQUESTS.map((r) => {
    const e = enterpriseByKey.get(r.enterpriseKey) ?? fail(`unknown enterprise ${r.enterpriseKey}`);
    const answered = r.status !== 'open' && r.status !== 'in_progress';
    if (answered !== (r.resolution !== undefined && r.resolvedOn !== undefined))
      fail(`service request ${r.key}: a resolution exactly when resolved, rejected or closed`);
    if ((r.status === 'closed') !== (r.followUp !== undefined))
      fail(`service request ${r.key}: a follow-up check exactly when closed`);
    const opened = stamp(r.openedOn, '09:30:00');
    const resolved = stamp(r.resolvedOn, '17:00:00');
    const closed = stamp(r.followUp?.closedOn, '11:00:00');
    return {
      id: demoId(`service-request:${r.key}`),
      park_id: park(e.parkCode),
      enterprise_id: enterprise(r.enterpriseKey),
      project_id: project(r.projectCode, e.parkCode, r.enterpriseKey),
      element: r.element,
      description: `${DEMO}${r.description}`,
      owner: r.owner,
      due_date: addDays(r.openedOn, DEFAULT_DUE_DAYS[r.element]),
      status: r.status,
      resolution: r.resolution ?? null,
      resolved_at: resolved,
      follow_up_satisfaction: r.followUp?.satisfaction ?? null,
      follow_up_note: r.followUp?.note ?? null,
      closed_at: closed,
      created_at: opened,
      updated_at: closed ?? resolved ?? opened,
    };
  });

  return { events, eventEnterprises, visits, followUps, contracts, serviceRequests };
}

/** A calendar date `days` after the given one. */
function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
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
    visits: 'visits',
    followUps: 'visit_follow_ups',
    events: 'events',
    contracts: 'contracts',
    serviceRequests: 'service_requests',
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
