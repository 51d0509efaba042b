import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { seedDemoData, type SeedSummary } from '../../src/database/seed/seed-demo.js';
import {
  createTestApp,
  createTestDatabase,
  dropTestDatabase,
  type TestApp,
} from '../support/test-app.js';
import { databaseUrl } from '../support/test-env.js';

const TABLES = [
  'parks',
  'park_closure',
  'industry_clusters',
  'enterprises',
  'chain_links',
  'users',
  'user_parks',
  'projects',
  'milestones',
  'progress_updates',
  'investment_tranches',
  'visits',
  'visit_enterprises',
  'visit_projects',
  'visit_follow_ups',
  'events',
  'event_enterprises',
  'contracts',
  'service_requests',
  'project_transitions',
  'audit_log',
];

/** Runs the seed on its own client, as the CLI does. */
async function seed(db: pg.Pool): Promise<SeedSummary> {
  const client = await db.connect();
  try {
    return await seedDemoData(client);
  } finally {
    client.release();
  }
}

describe('demo data seed', () => {
  let t: TestApp;
  let first: SeedSummary;
  let second: SeedSummary;
  let checksumsAfterFirst: Record<string, string>;
  let checksumsAfterSecond: Record<string, string>;

  const checksums = async () => {
    const sums: Record<string, string> = {};
    for (const table of TABLES) {
      const { rows } = await t.db.query(
        `SELECT count(*)::int AS n, md5(COALESCE(string_agg(x::text, ',' ORDER BY x::text), '')) AS sum
           FROM ${table} x`,
      );
      sums[table] = `${rows[0].n}:${rows[0].sum}`;
    }
    return sums;
  };
  const one = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    (await t.db.query(sql, params)).rows[0] as T;
  const parkId = async (code: string) =>
    (await one<{ id: string }>('SELECT id FROM parks WHERE code = $1', [code])).id;
  const login = async (email: string, password: string) => {
    const res = await t.http.post('/api/v1/auth/login').send({ email, password }).expect(200);
    return res.body.accessToken as string;
  };

  beforeAll(async () => {
    t = await createTestApp();
    first = await seed(t.db);
    checksumsAfterFirst = await checksums();
    second = await seed(t.db);
    checksumsAfterSecond = await checksums();
  });
  afterAll(async () => {
    await t.close();
  });

  it('adds nothing and changes nothing when run a second time', () => {
    expect(first).toEqual({
      parks: 13,
      clusters: 12,
      enterprises: 64, // 34, and 30 signers of the Jimo conference's contracts
      chainLinks: 18,
      projects: 102,
      milestones: expect.any(Number),
      progressUpdates: expect.any(Number),
      tranches: expect.any(Number),
      visits: 1,
      followUps: 2,
      events: 3,
      contracts: 32,
      serviceRequests: 11,
      users: 2,
    });
    expect(first.milestones).toBeGreaterThan(100);
    expect(first.tranches).toBeGreaterThan(50);
    expect(second).toEqual(first);
    expect(checksumsAfterSecond).toEqual(checksumsAfterFirst);
  });

  it('gives Weihai High-tech Zone exactly 97 provincial and municipal key projects', async () => {
    const counts = await one<{ all: number; key: number; bad_levels: number; stages: string[] }>(
      `SELECT count(*)::int AS all,
              (count(*) FILTER (WHERE p.levels && ARRAY['provincial','municipal']::varchar[]))::int AS key,
              (count(*) FILTER (WHERE cardinality(p.levels) = 0))::int AS bad_levels,
              array_agg(DISTINCT p.stage ORDER BY p.stage) AS stages
         FROM projects p
        WHERE p.deleted_at IS NULL
          AND p.park_id IN (SELECT c.descendant_id FROM park_closure c
                              JOIN parks z ON z.id = c.ancestor_id WHERE z.code = 'WH-HTZ')`,
    );
    expect(counts).toEqual({
      all: 100, // and three district-level projects that are not on the list
      key: 97,
      bad_levels: 0,
      stages: [
        'completed',
        'in_operation',
        'lead',
        'negotiating',
        'on_hold',
        'preparing',
        'signed',
        'under_construction',
      ],
    });
    const hp = await one(
      `SELECT p.levels, p.stage, p.planned_completion_date::text AS due, z.code AS park
         FROM projects p JOIN parks z ON z.id = p.park_id WHERE p.name = 'HP printer industrial park'`,
    );
    expect(hp).toEqual({
      levels: ['provincial', 'municipal'],
      stage: 'completed',
      due: '2026-05-31',
      park: 'WH-HTZ-EIIM',
    });
  });

  it('makes HP a Fortune Global 500 chain master leading 13 local chain enterprises', async () => {
    const hp = await one<{ chain_master: boolean; fortune_global500: boolean; country: string }>(
      `SELECT chain_master, fortune_global500, country FROM enterprises WHERE name = 'HP Inc.'`,
    );
    expect(hp).toEqual({ chain_master: true, fortune_global500: true, country: 'US' });
    const links = await one<{ n: number; positions: string[]; segments: number; parks: string[] }>(
      `SELECT count(*)::int AS n, array_agg(DISTINCT l.position ORDER BY l.position) AS positions,
              count(DISTINCT l.segment)::int AS segments, array_agg(DISTINCT z.code) AS parks
         FROM chain_links l
         JOIN enterprises m ON m.id = l.chain_master_id
         JOIN enterprises e ON e.id = l.enterprise_id
         JOIN parks z ON z.id = e.park_id
        WHERE m.name = 'HP Inc.'`,
    );
    expect(links).toEqual({
      n: 13,
      positions: ['downstream', 'upstream'],
      segments: 13,
      parks: ['WH-HTZ-EIIM'],
    });
  });

  it('nests the parks as the articles describe them', async () => {
    const ancestors = async (code: string) =>
      (
        await t.db.query(
          `SELECT a.code, c.depth FROM park_closure c
             JOIN parks a ON a.id = c.ancestor_id JOIN parks d ON d.id = c.descendant_id
            WHERE d.code = $1 ORDER BY c.depth DESC`,
          [code],
        )
      ).rows.map((r) => `${r.depth}:${r.code}`);
    expect(await ancestors('SH-LGIC-NBFH')).toEqual(['1:SH-LGIC', '0:SH-LGIC-NBFH']);
    expect(await ancestors('WH-HTZ-MDBM')).toEqual(['1:WH-HTZ', '0:WH-HTZ-MDBM']);
    expect(await ancestors('WH-LG-SJ')).toEqual(['1:WH-LG', '0:WH-LG-SJ']);
    expect(await ancestors('LYG-HTZ-HZ')).toEqual(['1:LYG-HTZ', '0:LYG-HTZ-HZ']);
    expect(await ancestors('QD-JM-STIP')).toEqual(['1:QD-JM', '0:QD-JM-STIP']);
    const kinds = await one<{ kinds: string[] }>(
      `SELECT array_agg(code || '=' || kind ORDER BY code) AS kinds FROM parks
        WHERE code IN ('WH-HTZ', 'WH-LG', 'SH-LGIC', 'SH-LGIC-NBFH')`,
    );
    expect(kinds.kinds).toEqual([
      'SH-LGIC=innovation_center',
      'SH-LGIC-NBFH=sub_center',
      'WH-HTZ=zone',
      'WH-LG=district',
    ]);
    const qingdao = await one(
      `SELECT round(sum(c.area_sq_km)::numeric, 1)::text AS area, sum(c.scale_target)::text AS scale, count(*)::int AS n
         FROM industry_clusters c JOIN parks z ON z.id = c.park_id WHERE z.code = 'QD-IIIP'`,
    );
    expect(qingdao).toEqual({ area: '37.3', scale: '270000000000.00', n: 3 });
  });

  it('keeps every realized investment equal to the sum of its verified tranches', async () => {
    const check = await one<{ wrong: number; realized: number; unverified: number }>(
      `SELECT (SELECT count(*) FROM projects p
                WHERE p.realized_investment <> COALESCE((SELECT sum(amount) FROM investment_tranches t
                       WHERE t.project_id = p.id AND t.verified_at IS NOT NULL), 0))::int AS wrong,
              (SELECT count(*) FROM projects WHERE realized_investment > 0)::int AS realized,
              (SELECT count(*) FROM investment_tranches WHERE verified_at IS NULL)::int AS unverified`,
    );
    expect(check.wrong).toBe(0);
    expect(check.realized).toBeGreaterThan(30);
    expect(check.unverified).toBeGreaterThan(0);
    const manager = await one<{ id: string }>(
      `SELECT id FROM users WHERE email = 'manager@zone.example'`,
    );
    const verifiers = await one<{ ids: string[] }>(
      `SELECT array_agg(DISTINCT verified_by) AS ids FROM investment_tranches WHERE verified_at IS NOT NULL`,
    );
    expect(verifiers.ids).toEqual([manager.id]);
    const hp = await one<{ realized: string }>(
      `SELECT realized_investment AS realized FROM projects WHERE code = 'WH-2026-001'`,
    );
    expect(hp.realized).toBe('2800000000.00'); // 3 billion planned; the last 200 million unverified
  });

  it('has milestones due by the end of May 2026, some closed and some overdue', async () => {
    const may = await one<{ n: number; closed: number; open: number; hp: number }>(
      `SELECT count(*)::int AS n,
              (count(*) FILTER (WHERE m.completed_at IS NOT NULL))::int AS closed,
              (count(*) FILTER (WHERE m.completed_at IS NULL))::int AS open,
              (count(*) FILTER (WHERE p.code = 'WH-2026-001' AND m.kind = 'completion'))::int AS hp
         FROM milestones m JOIN projects p ON p.id = m.project_id
        WHERE m.due_date = '2026-05-31'`,
    );
    expect(may.n).toBeGreaterThanOrEqual(5);
    expect(may.closed).toBeGreaterThan(0);
    expect(may.open).toBeGreaterThan(0);
    expect(may.hp).toBe(1);
    const overdue = await one<{ n: number }>(
      `SELECT count(*)::int AS n FROM milestones WHERE completed_at IS NULL AND due_date < '2026-11-20'`,
    );
    expect(overdue.n).toBeGreaterThan(5);
  });

  it('signs 32 contracts at the Jimo conference, the Huawei techno-park linked to its project', async () => {
    const conference = await one(
      `SELECT e.kind, e.start_date::text AS start, e.end_date::text AS "end", e.attendee_count AS guests,
              z.code AS park, count(c.id)::int AS contracts,
              count(DISTINCT c.code)::int AS codes, count(DISTINCT c.enterprise_id)::int AS signers,
              array_agg(DISTINCT c.status ORDER BY c.status) AS statuses,
              array_agg(DISTINCT c.currency ORDER BY c.currency) AS currencies,
              (count(*) FILTER (WHERE c.status = 'terminated'))::int AS terminated,
              (count(*) FILTER (WHERE c.park_id <> e.park_id OR c.signed_at NOT BETWEEN e.start_date AND e.end_date))::int AS misplaced
         FROM events e JOIN parks z ON z.id = e.park_id LEFT JOIN contracts c ON c.event_id = e.id
        WHERE e.name = 'Jimo innovation and development conference'
        GROUP BY e.id, z.code`,
    );
    expect(conference).toEqual({
      kind: 'conference',
      start: '2019-10-26',
      end: '2019-10-27',
      guests: 400,
      park: 'QD-JM',
      contracts: 32,
      codes: 32,
      signers: 32,
      statuses: ['funds_in_place', 'registered', 'signed', 'terminated'],
      currencies: ['CNY', 'USD'],
      terminated: 1,
      misplaced: 0,
    });
    const huawei = await one(
      `SELECT c.code, c.title, c.amount, c.currency, p.code AS project, p.name,
              p.planned_investment AS planned, (p.contract_id = c.id) AS linked_back,
              (p.enterprise_id = c.enterprise_id) AS same_investor
         FROM contracts c JOIN events e ON e.id = c.event_id JOIN projects p ON p.id = c.project_id
        WHERE e.name = 'Jimo innovation and development conference'`,
    );
    expect(huawei).toEqual({
      code: 'JM-2019-001',
      title: 'Huawei techno-park',
      amount: '5000000000.00',
      currency: 'CNY',
      project: 'JM-2026-001',
      name: 'Huawei techno-park',
      planned: '5000000000.00',
      linked_back: true,
      same_investor: true,
    });
    const linked = await one<{ projects: number; contracts: number }>(
      `SELECT (SELECT count(*) FROM projects WHERE contract_id IS NOT NULL)::int AS projects,
              (SELECT count(*) FROM contracts WHERE project_id IS NOT NULL)::int AS contracts`,
    );
    expect(linked).toEqual({ projects: 1, contracts: 1 });
  });

  it('records the Lianyungang visit with its policy briefing follow-up', async () => {
    const visit = await one<Record<string, unknown>>(
      `SELECT v.date::text AS date, v.direction, z.code AS park, v.host_organisation AS host,
              v.visiting_organisation AS visiting, v.leader, v.participants
         FROM visits v JOIN parks z ON z.id = v.park_id
        WHERE v.visiting_organisation LIKE 'Lianyungang City Bureau of Commerce%'`,
    );
    expect(visit).toMatchObject({
      date: '2021-10-25',
      direction: 'inbound',
      park: 'SH-LGIC',
      host: 'Lingang Innovation Center Overseas Affairs Department',
      visiting: expect.stringContaining('Lianyungang National High-tech Zone Management Committee'),
      leader: 'Jin Sun',
    });
    expect(visit.participants).toEqual([
      {
        name: 'Jin Sun',
        title: 'Deputy Director',
        organisation: 'Lianyungang City Bureau of Commerce',
      },
      {
        name: 'Minchang Xu',
        title: 'Deputy Director',
        organisation: 'Lianyungang National High-tech Zone Management Committee',
      },
      {
        name: 'Hongfei Zhang',
        title: 'General Manager',
        organisation: 'Lingang Innovation Center',
      },
      {
        name: 'Hua Yang',
        title: 'President',
        organisation: 'Global Cross-Border Technology Exchange Research Institute',
      },
    ]);
    const { rows: followUps } = await t.db.query(
      `SELECT f.due_date::text AS due, f.status, u.email AS owner, (f.closed_at IS NOT NULL) AS closed
         FROM visit_follow_ups f JOIN visits v ON v.id = f.visit_id JOIN users u ON u.id = f.owner_id
        WHERE v.date = '2021-10-25' ORDER BY f.due_date`,
    );
    expect(followUps).toEqual([
      { due: '2021-11-04', status: 'done', owner: 'manager@zone.example', closed: true },
      { due: '2021-12-15', status: 'open', owner: 'officer@zone.example', closed: false },
    ]);
    const briefing = await one(
      `SELECT e.kind, e.start_date::text AS date, z.code AS park
         FROM events e JOIN parks z ON z.id = e.park_id WHERE e.kind = 'policy_briefing'`,
    );
    expect(briefing).toEqual({ kind: 'policy_briefing', date: '2021-11-04', park: 'SH-LGIC' });
  });

  it('takes about 30 journalists of the media tour to the Lingang companies', async () => {
    const tour = await one<{ guests: number; park: string; start: string; companies: string[] }>(
      `SELECT e.attendee_count AS guests, z.code AS park, e.start_date::text AS start,
              array_agg(n.name ORDER BY n.name) AS companies
         FROM events e JOIN parks z ON z.id = e.park_id
         JOIN event_enterprises ee ON ee.event_id = e.id JOIN enterprises n ON n.id = ee.enterprise_id
        WHERE e.kind = 'media_tour'
        GROUP BY e.id, z.code`,
    );
    expect(tour).toEqual({
      guests: 30,
      park: 'WH-LG',
      start: '2022-08-23',
      companies: [
        'SF Intelligent Sorting and Distribution Center',
        'Weihai Gaosai Huayun Automobile Refitting',
        'Weihai Modern Agricultural Industry College (Hengxing)',
        'Weihai Taiji Intelligent Technology',
      ],
    });
  });

  it('has service requests across the six elements at every step of their lifecycle', async () => {
    const requests = await one<Record<string, unknown>>(
      `SELECT array_agg(DISTINCT r.element ORDER BY r.element) AS elements,
              array_agg(DISTINCT r.status ORDER BY r.status) AS statuses,
              (count(*) FILTER (WHERE r.park_id <> n.park_id))::int AS wrong_park,
              (count(*) FILTER (WHERE r.status IN ('resolved','rejected','closed')
                                  AND (r.resolution IS NULL OR r.resolved_at IS NULL)))::int AS unanswered,
              (count(*) FILTER (WHERE r.status = 'closed'
                                  AND (r.follow_up_satisfaction IS NULL OR r.closed_at IS NULL)))::int AS unchecked,
              (count(*) FILTER (WHERE r.due_date <> (r.created_at AT TIME ZONE 'Asia/Shanghai')::date
                                  + s.default_due_days))::int AS off_default,
              (count(*) FILTER (WHERE u.email NOT LIKE '%@zone.example'))::int AS foreign_owner,
              (count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM park_closure c JOIN parks w ON w.id = c.ancestor_id
                                WHERE w.code = 'WH-HTZ' AND c.descendant_id = r.park_id)))::int AS outside_weihai
         FROM service_requests r JOIN enterprises n ON n.id = r.enterprise_id
         JOIN users u ON u.id = r.owner_id
         JOIN service_element_settings s ON s.element = r.element`,
    );
    expect(requests).toEqual({
      elements: ['capital', 'human_resources', 'innovation', 'land', 'law', 'policy'],
      statuses: ['closed', 'in_progress', 'open', 'rejected', 'resolved'],
      wrong_park: 0,
      unanswered: 0,
      unchecked: 0,
      off_default: 0,
      foreign_owner: 0,
      outside_weihai: 0,
    });
  });

  it('marks every demo row as demo data', async () => {
    const unmarked = await one<Record<string, number>>(
      `SELECT (SELECT count(*) FROM parks WHERE description NOT LIKE '[Demo data] %')::int AS parks,
              (SELECT count(*) FROM enterprises WHERE description NOT LIKE '[Demo data] %')::int AS enterprises,
              (SELECT count(*) FROM projects WHERE description NOT LIKE '[Demo data] %')::int AS projects,
              (SELECT count(*) FROM industry_clusters WHERE description NOT LIKE '[Demo data] %')::int AS clusters,
              (SELECT count(*) FROM visits WHERE summary NOT LIKE '[Demo data] %')::int AS visits,
              (SELECT count(*) FROM events WHERE description NOT LIKE '[Demo data] %')::int AS events,
              (SELECT count(*) FROM contracts WHERE description NOT LIKE '[Demo data] %')::int AS contracts,
              (SELECT count(*) FROM service_requests WHERE description NOT LIKE '[Demo data] %')::int AS requests,
              (SELECT count(*) FROM users WHERE email LIKE '%@zone.example' AND name NOT LIKE '% (demo)')::int AS users`,
    );
    expect(unmarked).toEqual({
      parks: 0,
      enterprises: 0,
      projects: 0,
      clusters: 0,
      visits: 0,
      events: 0,
      contracts: 0,
      requests: 0,
      users: 0,
    });
  });

  it('lets the demo officer sign in over HTTP and see their park', async () => {
    const token = await login('officer@zone.example', 'officer-demo-2026');
    const me = await t.http
      .get('/api/v1/auth/me')
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    expect(me.body).toMatchObject({
      email: 'officer@zone.example',
      name: 'Medical Park Officer (demo)',
      role: 'officer',
      parkIds: [await parkId('WH-HTZ-MDBM')],
    });
    const managerToken = await login('manager@zone.example', 'manager-demo-2026');
    const manager = await t.http
      .get('/api/v1/auth/me')
      .set('authorization', `Bearer ${managerToken}`)
      .expect(200);
    expect(manager.body).toMatchObject({ role: 'manager', parkIds: [await parkId('WH-HTZ')] });
  });

  it('refuses to seed over a non-demo contract holding a demo contract code', async () => {
    const name = await createTestDatabase();
    const db = new pg.Pool({ connectionString: databaseUrl(name), max: 1 });
    try {
      await seed(db);
      await db.query(`UPDATE projects SET contract_id = NULL WHERE contract_id IS NOT NULL`);
      await db.query(`DELETE FROM contracts WHERE code = 'JM-2019-001'`);
      await db.query(
        `INSERT INTO contracts (code, title, signed_at, park_id, amount)
         SELECT 'JM-2019-001', 'Somebody else''s', '2020-01-02', id, '1.00' FROM parks WHERE code = 'QD-JM'`,
      );
      await expect(seed(db)).rejects.toThrow(/demo contracts.*"JM-2019-001"/);
      const left = await db.query(
        `SELECT (SELECT count(*) FROM contracts)::int AS contracts,
                (SELECT count(*) FROM projects WHERE contract_id IS NOT NULL)::int AS linked`,
      );
      expect(left.rows[0]).toEqual({ contracts: 32, linked: 0 });
    } finally {
      await db.end();
      await dropTestDatabase(name);
    }
  });

  it('rolls everything back when a non-demo row holds a demo key', async () => {
    const name = await createTestDatabase();
    const db = new pg.Pool({ connectionString: databaseUrl(name), max: 1 });
    try {
      await db.query(
        `INSERT INTO parks (name, code, kind) VALUES ('Somebody else''s', 'QD-JM', 'district')`,
      );
      await expect(seed(db)).rejects.toThrow(/demo parks.*"QD-JM"/);
      const left = await db.query(
        `SELECT (SELECT count(*) FROM parks)::int AS parks, (SELECT count(*) FROM users)::int AS users`,
      );
      expect(left.rows[0]).toEqual({ parks: 1, users: 0 });
    } finally {
      await db.end();
      await dropTestDatabase(name);
    }
  });

  it('gives every seeded project a stage history that ends at its stage, and a signing date once signed', async () => {
    const { rows } = await t.db.query(`
      SELECT p.code, p.stage, p.signed_at,
             (SELECT t.to_stage FROM project_transitions t WHERE t.project_id = p.id
               ORDER BY t.at DESC, t.id DESC LIMIT 1) AS last_stage,
             (SELECT count(*)::int FROM project_transitions t WHERE t.project_id = p.id) AS moves
        FROM projects p WHERE p.description LIKE '[Demo data]%'`);
    for (const row of rows) {
      if (row.stage === 'lead') expect(row.moves).toBe(0);
      else
        expect({ code: row.code, last: row.last_stage }).toEqual({
          code: row.code,
          last: row.stage,
        });
      if (
        ['signed', 'preparing', 'under_construction', 'completed', 'in_operation'].includes(
          row.stage,
        )
      ) {
        expect({ code: row.code, signed: row.signed_at !== null }).toEqual({
          code: row.code,
          signed: true,
        });
      }
    }
    // an on-hold project can resume where it stopped
    const held = rows.find((r: { stage: string }) => r.stage === 'on_hold');
    expect(held).toBeDefined();
  });
});
