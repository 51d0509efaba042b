import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DashboardsRepository } from '../../src/dashboards/dashboards.repository.js';
import { ALL_CLUSTERS } from '../../src/dashboards/summary-views.js';
import type { Queryable } from '../../src/common/database/db.service.js';
import type {
  ChainDashboardItem,
  ChainSegmentCoverage,
  ParkFigures,
} from '../../src/dashboards/dto/dashboard.dto.js';
import {
  type DashboardWorld,
  freezeDashboardClock,
  PACE_2026,
  seedDashboardWorld,
  sumMoney,
  TODAY,
} from '../factories/dashboard-factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** The parks side by side and the chains, on the data set of dashboard-factories.ts. */
describe('dashboards: parks and chains', () => {
  let t: TestApp;
  let w: DashboardWorld;
  const admin = () => as(t, w.users.admin);

  beforeAll(async () => {
    t = await createTestApp();
    w = await seedDashboardWorld(t.db);
    freezeDashboardClock(t);
    await admin()
      .post('/targets', {
        parkId: w.parks.A.id,
        year: 2026,
        metric: 'investment_verified',
        value: '100000000.00',
      })
      .expect(201);
    await admin()
      .post('/targets', {
        parkId: w.parks.B.id,
        year: 2026,
        metric: 'contracts_signed',
        value: '2',
      })
      .expect(201);
    await admin().post('/dashboards/refresh').expect(200);
  });
  afterAll(() => t.close());

  describe('parks side by side', () => {
    const parks = async (query = '', user = w.users.admin) =>
      (await as(t, user).get(`/dashboards/parks${query}`).expect(200)).body;

    it("ranks every park, rolled up, by the year's verified investment by default", async () => {
      const body = await parks();
      expect(body).toMatchObject({ year: 2026, sort: '-investmentVerified' });
      // Z = A 37 M + B 4 M; A = P1 17 M + P6 20 M; A1 = 20 M; O = P9 7 M; B = P8 4 M
      expect(
        body.items.map((x: ParkFigures) => [x.rank, x.parkCode, x.year.investmentVerified]),
      ).toEqual([
        [1, 'Z', '41000000.00'],
        [2, 'A', '37000000.00'],
        [3, 'A1', '20000000.00'],
        [4, 'O', '7000000.00'],
        [5, 'B', '4000000.00'],
      ]);
      const z = body.items[0];
      expect(z).toMatchObject({
        parkId: w.parks.Z.id,
        parkName: 'Zone Z',
        parentId: null,
        projects: {
          projects: 8,
          plannedInvestment: '441000000.00',
          realizedInvestment: '42000000.00',
          otherCurrencyProjects: 1,
        },
        lights: { green: 2, yellow: 2, red: 2, none: 2 },
        overdueMilestones: 4,
        targets: [],
      });
      expect(z.year).toEqual({
        investmentVerified: '41000000.00',
        rdInvestment: '9000000.00', // P1 5 M + P8 4 M
        contractsSigned: 4,
        contractAmount: '375000000.00',
        projectsStarted: 1,
        projectsCompleted: 1,
        industrialOutput: '80000000.00',
        leadingEnterprises: 3,
      });
      const a = body.items[1];
      expect(a.parentId).toBe(w.parks.Z.id);
      expect(a.targets).toEqual([
        expect.objectContaining({
          metric: 'investment_verified',
          actual: '37000000.00',
          percent: 37,
          pace: PACE_2026,
        }),
      ]);
      const b = body.items[4];
      expect(b.targets).toEqual([
        expect.objectContaining({
          metric: 'contracts_signed',
          value: '2',
          actual: '1',
          percent: 50,
        }),
      ]);
    });

    it('sorts by any measure; ties share a rank and go by name', async () => {
      const red = await parks('?sort=-red');
      expect(red.items.map((x: ParkFigures) => [x.rank, x.parkCode, x.lights.red])).toEqual([
        [1, 'Z', 2],
        [2, 'A', 1],
        [2, 'B', 1],
        [4, 'A1', 0],
        [4, 'O', 0],
      ]);
      const byName = await parks('?sort=name');
      expect(byName.items.map((x: ParkFigures) => [x.rank, x.parkName])).toEqual([
        [1, 'Park A'],
        [2, 'Park A1'],
        [3, 'Park B'],
        [4, 'Zone O'],
        [5, 'Zone Z'],
      ]);
      const planned = await parks('?sort=plannedInvestment');
      expect(planned.items.map((x: ParkFigures) => x.parkCode)).toEqual(['B', 'O', 'A1', 'A', 'Z']);
      await admin().get('/dashboards/parks?sort=happiness').expect(400);
    });

    it('shows each role the parks it works in, and a past year on request', async () => {
      expect(
        (await parks('', w.users.managerA)).items.map((x: { parkCode: string }) => x.parkCode),
      ).toEqual(['A', 'A1']);
      expect(
        (await parks('', w.users.officerA1)).items.map((x: { parkCode: string }) => x.parkCode),
      ).toEqual(['A1']);
      expect(
        (await parks('', w.users.viewerB)).items.map((x: { parkCode: string }) => x.parkCode),
      ).toEqual(['B']);
      const past = await parks('?year=2025&sort=-projectsStarted');
      expect(
        past.items.slice(0, 2).map((x: ParkFigures) => [x.parkCode, x.year.projectsStarted]),
      ).toEqual([
        ['A', 2],
        ['Z', 2],
      ]);
    });

    it('agrees with the overview of each park and with the project lists', async () => {
      const body = await parks();
      for (const row of body.items) {
        const overview = (
          await admin().get(`/dashboards/overview?parkId=${row.parkId}`).expect(200)
        ).body;
        const list = await admin().get(`/projects?parkId=${row.parkId}&limit=1`).expect(200);
        expect({
          park: row.parkCode,
          projects: row.projects,
          year: row.year,
          overdue: row.overdueMilestones,
          listed: list.body.total,
        }).toEqual({
          park: row.parkCode,
          projects: overview.projects,
          year: overview.year,
          overdue: overview.overdueMilestones,
          listed: overview.projects.projects,
        });
      }
    });
  });

  describe('chains', () => {
    const chains = async (user = w.users.admin, query = '') =>
      (await as(t, user).get(`/dashboards/chains${query}`).expect(200)).body;
    const names = (xs: { name: string }[]) => xs.map((x) => x.name);

    it('lists each chain master with its segments, the local enterprises filling them, and the gaps', async () => {
      const body = await chains();
      expect(body.items.map((x: ChainDashboardItem) => x.chainMaster.name)).toEqual([
        'HP',
        'Weigao',
      ]);
      const hp = body.items[0];
      expect(hp).toMatchObject({
        chainMaster: { id: w.enterprises.E1.id, name: 'HP', parkId: w.parks.A.id },
        rootParkId: w.parks.Z.id,
        size: 4,
        localMembers: 3, // Toner Co (A1), Recycler Co (A), Shipping Co (B): all under zone Z
      });
      expect(
        hp.segments.map((s: ChainSegmentCoverage) => [
          s.position,
          s.name,
          s.declared,
          names(s.localEnterprises),
          names(s.otherEnterprises),
        ]),
      ).toEqual([
        ['upstream', 'chips', true, [], ['Chip Co']], // Chip Co is in zone O: not local
        ['upstream', 'print heads', true, [], []],
        ['upstream', 'toner cartridges', true, ['Toner Co'], []],
        ['downstream', 'distribution', true, ['Shipping Co'], []],
        ['downstream', 'recycling', false, ['Recycler Co'], []], // named by a link only
      ]);
      expect(hp.gaps).toEqual([
        { position: 'upstream', name: 'chips' },
        { position: 'upstream', name: 'print heads' },
      ]);
      // P1 (HP) 17 M + P6 (Toner Co) 21 M + P8 (Shipping Co) 4 M + P9 (Chip Co) 7 M
      expect(hp.investment).toEqual({
        projects: 4,
        realizedInvestment: '49000000.00',
        otherCurrencyProjects: 0,
      });
      expect(body.items[1]).toMatchObject({
        chainMaster: { id: w.enterprises.E6.id },
        rootParkId: w.parks.O.id,
        size: 0,
        segments: [],
        gaps: [],
        investment: { projects: 0, realizedInvestment: '0.00', otherCurrencyProjects: 0 },
      });
    });

    it('keeps to your parks: members, masters and money outside them are left out', async () => {
      const body = await chains(w.users.managerA);
      expect(body.items.map((x: ChainDashboardItem) => x.chainMaster.name)).toEqual(['HP']);
      const hp = body.items[0];
      expect([hp.size, hp.localMembers]).toEqual([2, 2]);
      expect(hp.gaps.map((g: { name: string }) => g.name)).toEqual([
        'chips',
        'print heads',
        'distribution',
      ]);
      expect(hp.investment).toEqual({
        projects: 2,
        realizedInvestment: '38000000.00',
        otherCurrencyProjects: 0,
      });
      expect((await chains(w.users.viewerB)).items).toEqual([]);
      await as(t, w.users.managerA).get(`/dashboards/chains?parkId=${w.parks.O.id}`).expect(404);
      expect(
        (await chains(w.users.admin, `?parkId=${w.parks.O.id}`)).items.map(
          (x: ChainDashboardItem) => x.chainMaster.name,
        ),
      ).toEqual(['Weigao']);
    });

    it('agrees with the project list on the investment the chain brought', async () => {
      for (const user of [w.users.admin, w.users.managerA]) {
        const hp = (await chains(user)).items[0];
        const chain = (
          await as(t, user).get(`/enterprises/${w.enterprises.E1.id}/chain`).expect(200)
        ).body;
        const enterpriseIds = [
          w.enterprises.E1.id,
          ...[...chain.upstream, ...chain.downstream].map(
            (m: { enterpriseId: string }) => m.enterpriseId,
          ),
        ];
        let projects = 0;
        const realized: string[] = [];
        for (const id of enterpriseIds) {
          const list = await as(t, user).get(`/projects?enterpriseId=${id}&limit=100`).expect(200);
          projects += list.body.total;
          for (const p of list.body.items) realized.push(p.realizedInvestment);
        }
        expect(hp.investment.projects).toBe(projects);
        expect(hp.investment.realizedInvestment).toBe(sumMoney(realized));
      }
    });

    it("agrees with the chain's own page on its size", async () => {
      for (const user of [w.users.admin, w.users.managerA]) {
        const dashboard = (await chains(user)).items[0];
        const chain = (
          await as(t, user).get(`/enterprises/${w.enterprises.E1.id}/chain`).expect(200)
        ).body;
        expect(dashboard.size).toBe(chain.size);
        const members = [...chain.upstream, ...chain.downstream]
          .map((m: { enterpriseId: string }) => m.enterpriseId)
          .sort();
        const shown = dashboard.segments
          .flatMap((s: ChainSegmentCoverage) => s.localEnterprises.concat(s.otherEnterprises))
          .map((e: { id: string }) => e.id)
          .sort();
        expect(shown).toEqual(members);
      }
    });
  });

  describe('reading only the summaries', () => {
    /** The relations a statement's plan reads. */
    const relations = async (sql: string, params: unknown[]) => {
      const { rows } = await t.db.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
      const found = new Set<string>();
      const walk = (node: Record<string, unknown>) => {
        if (typeof node['Relation Name'] === 'string') found.add(node['Relation Name']);
        for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? [])
          walk(child);
      };
      walk(rows[0]['QUERY PLAN'][0].Plan);
      return [...found].sort();
    };
    const capture = () => {
      const statements: { sql: string; params: unknown[] }[] = [];
      const q: Queryable = {
        query: async (sql, params = []) => {
          statements.push({ sql, params });
          return (await t.db.query(sql, params)).rows;
        },
        one: async (sql, params = []) => {
          statements.push({ sql, params });
          return (await t.db.query(sql, params)).rows[0];
        },
      };
      return { q, statements };
    };

    it('plans the overview and the parks on the summaries and small tables, never the big ones', async () => {
      const repository = t.app.get(DashboardsRepository);
      const { q, statements } = capture();
      await repository.overview(q, {
        roots: [w.parks.Z.id, w.parks.O.id],
        targetParks: [w.parks.Z.id, w.parks.A.id, w.parks.B.id],
        clusterKey: ALL_CLUSTERS,
        year: 2026,
        today: TODAY,
        trendStart: '2026-03-23',
        trendWeeks: 12,
      });
      await repository.parks(
        q,
        2026,
        TODAY,
        { field: 'investmentVerified', descending: true },
        () => 'true',
      );
      const read = new Set<string>();
      for (const s of statements) for (const r of await relations(s.sql, s.params)) read.add(r);
      const big = new Set([
        'projects',
        'milestones',
        'investment_tranches',
        'contracts',
        'project_transitions',
        'enterprises',
      ]);
      expect([...read].filter((r) => big.has(r))).toEqual([]);
      expect([...read].filter((r) => r.startsWith('dashboard_')).sort()).toEqual([
        'dashboard_enterprise_summary',
        'dashboard_open_milestones',
        'dashboard_output_spans',
        'dashboard_project_summary',
        'dashboard_refreshes',
        'dashboard_weekly_activity',
        'dashboard_yearly_actuals',
      ]);
    });
  });
});
