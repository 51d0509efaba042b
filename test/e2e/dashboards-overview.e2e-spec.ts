import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DashboardOverview } from '../../src/dashboards/dto/dashboard.dto.js';
import {
  type DashboardWorld,
  freezeDashboardClock,
  PACE_2026,
  seedDashboardWorld,
} from '../factories/dashboard-factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const zeros = { projects: 0, plannedInvestment: '0.00', realizedInvestment: '0.00' };
const week = (weekStart: string, values: Record<string, unknown> = {}) => ({
  weekStart,
  contracts: 0,
  contractAmount: '0.00',
  verifiedInvestment: '0.00',
  stageChanges: 0,
  ...values,
});

/** Every figure of the overview, worked out by hand from dashboard-factories.ts. */
describe('dashboard overview', () => {
  let t: TestApp;
  let w: DashboardWorld;
  const admin = () => as(t, w.users.admin);
  const overview = async (query: string, user = w.users.admin) =>
    (await as(t, user).get(`/dashboards/overview${query}`).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    w = await seedDashboardWorld(t.db);
    freezeDashboardClock(t);
    const target = (body: object) =>
      admin()
        .post('/targets', { year: 2026, ...body })
        .expect(201);
    const A = w.parks.A.id;
    await target({ parkId: A, metric: 'investment_verified', value: '100000000.00' });
    await target({ parkId: A, metric: 'contracts_signed', value: '4' });
    await target({ parkId: A, metric: 'industrial_output', value: '200000000.00' });
    await target({ parkId: A, metric: 'leading_enterprises', value: '5' });
    await target({
      clusterId: w.clusters.cA.id,
      metric: 'investment_verified',
      value: '50000000.00',
    });
    await target({ parkId: w.parks.B.id, metric: 'contract_amount', value: '100000000.00' });
    await admin().post('/dashboards/refresh').expect(200);
  });
  afterAll(() => t.close());

  describe('park A (with its sub-park A1), 2026, on 11 June', () => {
    let body: DashboardOverview;
    beforeAll(async () => {
      body = await overview(`?parkId=${w.parks.A.id}`);
    });

    it('states what it covers and when the summaries last matched the data', () => {
      expect(body.scope).toEqual({
        parkIds: [w.parks.A.id],
        clusterId: null,
        year: 2026,
        today: '2026-06-11',
        currency: 'CNY',
      });
      expect(Date.parse(String(body.asOf))).toBeGreaterThan(Date.now() - 60_000);
    });

    it('counts the live projects once, and sums their CNY money', () => {
      // P1 P2 P3 P4 (A) + P6 P7 P11 (A1); P5 is deleted. Planned 100+50+30+200+20+1 M;
      // realized P1 17 M + P6 21 M; P4 is in USD: counted, not summed
      expect(body.projects).toEqual({
        projects: 7,
        plannedInvestment: '401000000.00',
        realizedInvestment: '38000000.00',
        otherCurrencyProjects: 1,
      });
    });

    it('splits them by stage in lifecycle order, zeros included', () => {
      expect(body.byStage).toEqual([
        { stage: 'lead', ...zeros, projects: 1, otherCurrencyProjects: 1 },
        { stage: 'negotiating', ...zeros, otherCurrencyProjects: 0 },
        {
          stage: 'signed',
          ...zeros,
          projects: 1,
          plannedInvestment: '50000000.00',
          otherCurrencyProjects: 0,
        },
        { stage: 'preparing', ...zeros, otherCurrencyProjects: 0 },
        {
          stage: 'under_construction',
          projects: 2,
          plannedInvestment: '300000000.00',
          realizedInvestment: '38000000.00',
          otherCurrencyProjects: 0,
        },
        {
          stage: 'completed',
          ...zeros,
          projects: 1,
          plannedInvestment: '20000000.00',
          otherCurrencyProjects: 0,
        },
        {
          stage: 'in_operation',
          ...zeros,
          projects: 1,
          plannedInvestment: '30000000.00',
          otherCurrencyProjects: 0,
        },
        {
          stage: 'on_hold',
          ...zeros,
          projects: 1,
          plannedInvestment: '1000000.00',
          otherCurrencyProjects: 0,
        },
        { stage: 'dropped', ...zeros, otherCurrencyProjects: 0 },
      ]);
      expect(body.byStage.reduce((s: number, r: { projects: number }) => s + r.projects, 0)).toBe(
        7,
      );
    });

    it('counts a project under each of its levels, and once in the totals', () => {
      // P1 provincial+municipal, P2 municipal, P6 national+provincial, P7 district
      expect(body.byLevel).toEqual([
        {
          level: 'national',
          projects: 1,
          plannedInvestment: '200000000.00',
          realizedInvestment: '21000000.00',
          otherCurrencyProjects: 0,
        },
        {
          level: 'provincial',
          projects: 2,
          plannedInvestment: '300000000.00',
          realizedInvestment: '38000000.00',
          otherCurrencyProjects: 0,
        },
        {
          level: 'municipal',
          projects: 2,
          plannedInvestment: '150000000.00',
          realizedInvestment: '17000000.00',
          otherCurrencyProjects: 0,
        },
        {
          level: 'district',
          projects: 1,
          plannedInvestment: '20000000.00',
          realizedInvestment: '0.00',
          otherCurrencyProjects: 0,
        },
      ]);
      // six level entries for four leveled projects; the total still says 7 projects
      expect(body.byLevel.reduce((s: number, r: { projects: number }) => s + r.projects, 0)).toBe(
        6,
      );
    });

    it('lists the clusters of the park and its sub-parks, and the projects without one', () => {
      expect(body.byCluster).toEqual([
        {
          clusterId: w.clusters.cA.id,
          clusterName: 'Printers',
          projects: 3, // P1 P3 P4
          plannedInvestment: '130000000.00',
          realizedInvestment: '17000000.00',
          otherCurrencyProjects: 1,
        },
        {
          clusterId: w.clusters.cA1.id,
          clusterName: 'Vaccines',
          projects: 3, // P6 P7 P11
          plannedInvestment: '221000000.00',
          realizedInvestment: '21000000.00',
          otherCurrencyProjects: 0,
        },
        {
          clusterId: null,
          clusterName: null,
          projects: 1, // P2
          plannedInvestment: '50000000.00',
          realizedInvestment: '0.00',
          otherCurrencyProjects: 0,
        },
      ]);
    });

    it('counts the lights, unlit projects apart', () => {
      expect(body.lights).toEqual({ green: 2, yellow: 2, red: 1, none: 2 });
    });

    it("has the year's actuals of every target metric", () => {
      expect(body.year).toEqual({
        // P1 10 M + 5 M + 2 M (1 January in Shanghai) + P6 20 M; not P6's 2025 million, P4's USD
        investmentVerified: '37000000.00',
        rdInvestment: '5000000.00',
        // C1, C2 and the USD C3; not the terminated C4 nor C5 of 2025
        contractsSigned: 3,
        contractAmount: '350000000.00',
        projectsStarted: 1, // P6 (1 January 00:30 in Shanghai); P1 first started in 2025
        projectsCompleted: 1, // P7
        industrialOutput: '80000000.00', // P3; P11 left operation in March
        leadingEnterprises: 2, // E1, E2
      });
    });

    it('shows the targets of the park with actual, percent and pace', async () => {
      const targets = body.targets.map((x) => ({
        metric: x.metric,
        value: x.value,
        actual: x.actual,
        percent: x.percent,
        pace: x.pace,
      }));
      expect(targets).toEqual([
        { metric: 'contracts_signed', value: '4', actual: '3', percent: 75, pace: PACE_2026 },
        {
          metric: 'industrial_output',
          value: '200000000.00',
          actual: '80000000.00',
          percent: 40,
          pace: PACE_2026,
        },
        {
          metric: 'investment_verified',
          value: '100000000.00',
          actual: '37000000.00',
          percent: 37,
          pace: PACE_2026,
        },
        { metric: 'leading_enterprises', value: '5', actual: '2', percent: 40, pace: PACE_2026 },
      ]);
      // each row is one target of A, which GET /targets/:id shows with the same progress
      expect(body.targets.every((x) => x.targetIds.length === 1)).toBe(true);
      for (const x of body.targets) {
        const target = (await admin().get(`/targets/${x.targetIds[0]}`).expect(200)).body;
        expect([target.parkId, target.metric, target.actual, target.percent, target.pace]).toEqual([
          w.parks.A.id,
          x.metric,
          x.actual,
          x.percent,
          x.pace,
        ]);
      }
    });

    it('counts the open milestones due before today', () => {
      expect(body.overdueMilestones).toBe(3); // P1: 1 Feb and 10 June; P6: 1 March
    });

    it('draws 12 ISO weeks of the zone calendar, oldest first, empty weeks as zeros', () => {
      expect(body.trend.map((x: { week: string }) => x.week)).toEqual(
        Array.from({ length: 12 }, (_, i) => `2026-W${i + 13}`),
      );
      expect(body.trend).toEqual([
        {
          week: '2026-W13',
          ...week('2026-03-23', {
            contracts: 1,
            contractAmount: '300000000.00',
            verifiedInvestment: '10000000.00',
          }),
        },
        { week: '2026-W14', ...week('2026-03-30') },
        { week: '2026-W15', ...week('2026-04-06') },
        { week: '2026-W16', ...week('2026-04-13') }, // the contract signed then is terminated
        { week: '2026-W17', ...week('2026-04-20', { stageChanges: 1 }) },
        { week: '2026-W18', ...week('2026-04-27', { stageChanges: 1 }) },
        { week: '2026-W19', ...week('2026-05-04', { contracts: 1 }) }, // in USD: no amount
        { week: '2026-W20', ...week('2026-05-11', { stageChanges: 1 }) },
        { week: '2026-W21', ...week('2026-05-18') },
        // verified Sunday 16:30 UTC: Monday in Shanghai
        { week: '2026-W22', ...week('2026-05-25', { verifiedInvestment: '20000000.00' }) },
        { week: '2026-W23', ...week('2026-06-01') },
        {
          week: '2026-W24',
          ...week('2026-06-08', {
            contracts: 1,
            contractAmount: '50000000.00',
            verifiedInvestment: '5000000.00',
            stageChanges: 1,
          }),
        },
      ]);
    });
  });

  describe('roll-up and scope', () => {
    it("puts a sub-park's numbers in its parent's, never in a sibling's", async () => {
      const a1 = await overview(`?parkId=${w.parks.A1.id}`);
      const b = await overview(`?parkId=${w.parks.B.id}`);
      const z = await overview(`?parkId=${w.parks.Z.id}`);
      expect(a1.projects).toEqual({
        projects: 3,
        plannedInvestment: '221000000.00',
        realizedInvestment: '21000000.00',
        otherCurrencyProjects: 0,
      });
      expect(b.projects).toEqual({
        projects: 1,
        plannedInvestment: '40000000.00',
        realizedInvestment: '4000000.00',
        otherCurrencyProjects: 0,
      });
      // Z = A (7, with A1) + B (1)
      expect(z.projects).toEqual({
        projects: 8,
        plannedInvestment: '441000000.00',
        realizedInvestment: '42000000.00',
        otherCurrencyProjects: 1,
      });
      expect(a1.year).toMatchObject({
        investmentVerified: '20000000.00',
        contractsSigned: 1,
        contractAmount: '50000000.00',
        projectsStarted: 1,
        projectsCompleted: 1,
        industrialOutput: '0.00',
        leadingEnterprises: 1,
      });
      expect(b.year).toMatchObject({
        investmentVerified: '4000000.00',
        rdInvestment: '4000000.00',
        contractsSigned: 1,
        contractAmount: '25000000.00',
        leadingEnterprises: 1,
      });
      expect(z.year).toMatchObject({
        investmentVerified: '41000000.00',
        contractsSigned: 4,
        contractAmount: '375000000.00',
        leadingEnterprises: 3,
      });
      expect([a1.overdueMilestones, b.overdueMilestones, z.overdueMilestones]).toEqual([1, 1, 4]);
      expect(b.targets).toEqual([
        expect.objectContaining({ metric: 'contract_amount', actual: '25000000.00', percent: 25 }),
      ]);
    });

    it('sums every top-level park for an admin without parkId, and nothing twice', async () => {
      let all = await overview('');
      expect(all.targets).toEqual([]); // no top-level park has a target yet
      const z = (
        await admin()
          .post('/targets', {
            parkId: w.parks.Z.id,
            year: 2026,
            metric: 'contracts_signed',
            value: '5',
          })
          .expect(201)
      ).body;
      const o = (
        await admin()
          .post('/targets', {
            parkId: w.parks.O.id,
            year: 2026,
            metric: 'contracts_signed',
            value: '2',
          })
          .expect(201)
      ).body;
      all = await overview('');
      // the targets of Z and O summed (5 + 2) against their contracts (Z: 4, O: 1)
      expect(all.targets).toEqual([
        {
          metric: 'contracts_signed',
          unit: 'count',
          value: '7',
          actual: '5',
          percent: 71.4,
          pace: PACE_2026,
          targetIds: [z.id, o.id].sort((a, b) => (a < b ? -1 : 1)),
        },
      ]);
      expect(all.year.contractsSigned).toBe(5);
      expect(all.scope.parkIds).toEqual([w.parks.Z.id, w.parks.O.id].sort());
      // Z (8) + O (P9)
      expect(all.projects).toEqual({
        projects: 9,
        plannedInvestment: '511000000.00',
        realizedInvestment: '49000000.00',
        otherCurrencyProjects: 1,
      });
      expect(all.overdueMilestones).toBe(5);
      // a manager of Z and A (A inside Z) gets Z once, not Z + A
      const managerZ = await overview('', w.users.managerZ);
      expect(managerZ.scope.parkIds).toEqual([w.parks.Z.id]);
      expect(managerZ.projects.projects).toBe(8);
    });

    it("gives each role its own parks: no parkId means the caller's parks", async () => {
      const mine = await overview('', w.users.managerA);
      const parkA = await overview(`?parkId=${w.parks.A.id}`);
      expect(mine.scope.parkIds).toEqual([w.parks.A.id]);
      expect({ ...mine, asOf: null }).toEqual({ ...parkA, asOf: null });
      const officer = await overview('', w.users.officerA1);
      expect(officer.projects.projects).toBe(3);
      // viewers read the dashboards of their parks too
      const viewer = await overview('', w.users.viewerB);
      expect(viewer.projects.projects).toBe(1);
    });

    it('answers 404 for a park or cluster outside your parks, and 400 for a bad query', async () => {
      const managerA = as(t, w.users.managerA);
      await managerA.get(`/dashboards/overview?parkId=${w.parks.B.id}`).expect(404);
      await managerA.get(`/dashboards/overview?clusterId=${w.clusters.cB.id}`).expect(404);
      await as(t, w.users.officerA1).get(`/dashboards/overview?parkId=${w.parks.A.id}`).expect(404);
      const bad = await admin()
        .get(`/dashboards/overview?parkId=${w.parks.B.id}&clusterId=${w.clusters.cA.id}`)
        .expect(400);
      expect(bad.body.details).toEqual([expect.objectContaining({ field: 'clusterId' })]);
      await admin().get('/dashboards/overview?year=1999').expect(400);
      await admin().get('/dashboards/overview?parkId=nope').expect(400);
      await t.http.get('/api/v1/dashboards/overview').expect(401);
    });
  });

  describe('one cluster', () => {
    it("narrows every section to the cluster's projects and records", async () => {
      const body = await overview(`?clusterId=${w.clusters.cA.id}`);
      expect(body.scope).toMatchObject({ parkIds: [w.parks.A.id], clusterId: w.clusters.cA.id });
      expect(body.projects).toEqual({
        projects: 3,
        plannedInvestment: '130000000.00',
        realizedInvestment: '17000000.00',
        otherCurrencyProjects: 1,
      });
      expect(body.lights).toEqual({ green: 0, yellow: 1, red: 1, none: 1 });
      expect(body.byCluster).toEqual([
        expect.objectContaining({ clusterId: w.clusters.cA.id, projects: 3 }),
      ]);
      expect(body.year).toEqual({
        investmentVerified: '17000000.00',
        rdInvestment: '5000000.00',
        contractsSigned: 1, // C1 feeds P1; the other contracts of A have no project
        contractAmount: '300000000.00',
        projectsStarted: 0,
        projectsCompleted: 0,
        industrialOutput: '80000000.00',
        leadingEnterprises: 1,
      });
      expect(body.overdueMilestones).toBe(2);
      expect(body.targets).toEqual([
        expect.objectContaining({
          metric: 'investment_verified',
          value: '50000000.00',
          actual: '17000000.00',
          percent: 34,
          pace: PACE_2026,
        }),
      ]);
      const busy = body.trend.filter(
        (x: { contracts: number; verifiedInvestment: string; stageChanges: number }) =>
          x.contracts || x.stageChanges || x.verifiedInvestment !== '0.00',
      );
      expect(busy.map((x: { week: string }) => x.week)).toEqual([
        '2026-W13',
        '2026-W17',
        '2026-W18',
        '2026-W24',
      ]);
    });
  });

  describe('another year and another day', () => {
    it('reads a past year at its end: its actuals, its last 12 weeks, pace 100', async () => {
      const body = await overview(`?parkId=${w.parks.A.id}&year=2025`);
      expect(body.year).toEqual({
        investmentVerified: '1000000.00', // P6, June 2025
        rdInvestment: '0.00',
        contractsSigned: 1, // C5, 31 December 2025
        contractAmount: '60000000.00',
        projectsStarted: 2, // P7 (March), P1 (December)
        projectsCompleted: 1, // P3
        industrialOutput: '85000000.00', // P3 and P11 were in operation at the end of 2025
        leadingEnterprises: 2,
      });
      expect(body.trend[0].week).toBe('2025-W42');
      // the week of 31 December 2025 is ISO week 2026-W01 and holds the first hours of 2026 in
      // Shanghai: P1's 2 M and P6's start
      expect(body.trend.at(-1)).toEqual({
        week: '2026-W01',
        ...week('2025-12-29', {
          contracts: 1,
          contractAmount: '60000000.00',
          verifiedInvestment: '2000000.00',
          stageChanges: 1,
        }),
      });
      expect(body.trend.find((x: { week: string }) => x.week === '2025-W49').stageChanges).toBe(1);
      expect(body.targets).toEqual([]);
    });

    it('does not count a milestone due today as overdue until tomorrow', async () => {
      freezeDashboardClock(t, new Date('2026-06-10T04:00:00Z'));
      try {
        expect((await overview(`?parkId=${w.parks.A.id}`)).overdueMilestones).toBe(2);
      } finally {
        freezeDashboardClock(t);
      }
      expect((await overview(`?parkId=${w.parks.A.id}`)).overdueMilestones).toBe(3);
    });
  });
});
