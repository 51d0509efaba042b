import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type DashboardWorld,
  freezeDashboardClock,
  seedDashboardWorld,
  sumMoney,
} from '../factories/dashboard-factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** A row of a list, read loosely: the fields used here are strings. */
type Item = Record<string, string>;

/** The overview's numbers against the lists they summarise (data: dashboard-factories.ts). */
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
    await admin().post('/dashboards/refresh').expect(200);
  });
  afterAll(() => t.close());

  describe('agrees with the lists it summarises', () => {
    const A = () => w.parks.A.id;
    const listAll = async (path: string) => {
      const items: Item[] = [];
      for (let page = 1; ; page++) {
        const sep = path.includes('?') ? '&' : '?';
        const res = await admin().get(`${path}${sep}limit=100&page=${page}`).expect(200);
        items.push(...res.body.items);
        if (items.length >= res.body.total) return { items, total: res.body.total as number };
      }
    };
    const cny = (items: Item[], field: string) =>
      sumMoney(items.filter((i) => i.currency === 'CNY').map((i) => i[field]));

    it('by stage: the project list of each stage has the same count and sums', async () => {
      const body = await overview(`?parkId=${A()}`);
      for (const row of body.byStage) {
        const list = await listAll(`/projects?parkId=${A()}&stage=${row.stage}`);
        expect({
          stage: row.stage,
          projects: list.total,
          planned: cny(list.items, 'plannedInvestment'),
          realized: cny(list.items, 'realizedInvestment'),
        }).toEqual({
          stage: row.stage,
          projects: row.projects,
          planned: row.plannedInvestment,
          realized: row.realizedInvestment,
        });
      }
      const all = await listAll(`/projects?parkId=${A()}`);
      expect(all.total).toBe(body.projects.projects);
      expect(cny(all.items, 'plannedInvestment')).toBe(body.projects.plannedInvestment);
    });

    it('by level, cluster and light: the filtered project lists have the same totals', async () => {
      const body = await overview(`?parkId=${A()}`);
      for (const row of body.byLevel) {
        const list = await listAll(`/projects?parkId=${A()}&level=${row.level}`);
        expect([row.level, list.total]).toEqual([row.level, row.projects]);
      }
      for (const row of body.byCluster.filter((c: { clusterId: string | null }) => c.clusterId)) {
        const list = await listAll(`/projects?clusterId=${row.clusterId}`);
        expect([row.clusterName, list.total, cny(list.items, 'realizedInvestment')]).toEqual([
          row.clusterName,
          row.projects,
          row.realizedInvestment,
        ]);
      }
      for (const light of ['green', 'yellow', 'red']) {
        const list = await listAll(`/projects?parkId=${A()}&light=${light}`);
        expect([light, list.total]).toEqual([light, body.lights[light]]);
      }
    });

    it("verified investment: the sum of the verified tranches listed for the year's projects", async () => {
      const body = await overview(`?parkId=${A()}`);
      const projects = await listAll(`/projects?parkId=${A()}`);
      const inYear: string[] = [];
      const rd: string[] = [];
      let allVerified: string[] = [];
      for (const p of projects.items) {
        const tranches = await listAll(`/projects/${p.id}/investments?verified=true`);
        const cnyTranches = tranches.items.filter((x) => x.currency === 'CNY');
        allVerified = allVerified.concat(cnyTranches.map((x) => x.amount));
        for (const x of cnyTranches) {
          const year = new Intl.DateTimeFormat('en-CA', {
            timeZone: 'Asia/Shanghai',
            year: 'numeric',
          }).format(new Date(x.verifiedAt));
          if (year !== '2026') continue;
          inYear.push(x.amount);
          if (x.purpose === 'rd') rd.push(x.amount);
        }
      }
      expect(sumMoney(inYear)).toBe(body.year.investmentVerified);
      expect(sumMoney(rd)).toBe(body.year.rdInvestment);
      // all years: the realized investment of the projects
      expect(sumMoney(allVerified)).toBe(body.projects.realizedInvestment);
    });

    it('overdue milestones: the sum of the overdue milestone lists of the projects', async () => {
      for (const park of [w.parks.A, w.parks.B, w.parks.Z]) {
        const body = await overview(`?parkId=${park.id}`);
        const projects = await listAll(`/projects?parkId=${park.id}`);
        let overdue = 0;
        for (const p of projects.items) {
          overdue += (await listAll(`/projects/${p.id}/milestones?overdue=true`)).total;
        }
        expect([park.code, overdue]).toEqual([park.code, body.overdueMilestones]);
      }
    });

    it("contracts: the list of the year's contracts that are not terminated", async () => {
      const body = await overview(`?parkId=${A()}`);
      const list = await listAll(
        `/contracts?parkId=${A()}&from=2026-01-01&to=2026-12-31&status=signed,registered,funds_in_place`,
      );
      expect(list.total).toBe(body.year.contractsSigned);
      expect(cny(list.items, 'amount')).toBe(body.year.contractAmount);
      const inTrend = body.trend.reduce(
        (s: number, x: { contracts: number }) => s + x.contracts,
        0,
      );
      const since = body.trend[0].weekStart;
      expect(list.items.filter((c) => c.signedAt >= since).length).toBe(inTrend);
    });

    it('stage changes: the transitions listed for the projects in the 12 weeks', async () => {
      const body = await overview(`?parkId=${A()}`);
      const projects = await listAll(`/projects?parkId=${A()}`);
      const from = Date.parse('2026-03-22T16:00:00Z'); // Monday 23 March 00:00 in Shanghai
      let moves = 0;
      for (const p of projects.items) {
        const res = await admin().get(`/projects/${p.id}/transitions`).expect(200);
        const items = Array.isArray(res.body) ? res.body : res.body.items;
        moves += items.filter((x: { at: string }) => Date.parse(x.at) >= from).length;
      }
      expect(
        body.trend.reduce((s: number, x: { stageChanges: number }) => s + x.stageChanges, 0),
      ).toBe(moves);
    });

    it('starts and completions: the first move into each stage, from the transition lists', async () => {
      const body = await overview(`?parkId=${A()}`);
      const projects = await listAll(`/projects?parkId=${A()}`);
      const firstIn2026 = { under_construction: 0, completed: 0 };
      const yearOf = (at: string) =>
        new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(
          new Date(at),
        );
      for (const p of projects.items) {
        const res = await admin().get(`/projects/${p.id}/transitions`).expect(200);
        const items: { toStage: string; at: string }[] = Array.isArray(res.body)
          ? res.body
          : res.body.items;
        for (const stage of ['under_construction', 'completed'] as const) {
          const first = items
            .filter((x) => x.toStage === stage)
            .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0];
          if (first && yearOf(first.at) === '2026') firstIn2026[stage]++;
        }
      }
      expect([body.year.projectsStarted, body.year.projectsCompleted]).toEqual([
        firstIn2026.under_construction,
        firstIn2026.completed,
      ]);
    });

    it('industrial output and leading enterprises: the project and enterprise lists', async () => {
      const body = await overview(`?parkId=${A()}`);
      // the running year: the projects in operation now
      const operating = await listAll(`/projects?parkId=${A()}&stage=in_operation`);
      expect(
        sumMoney(
          operating.items
            .filter((p) => p.currency === 'CNY' && p.expectedAnnualOutput)
            .map((p) => p.expectedAnnualOutput),
        ),
      ).toBe(body.year.industrialOutput);
      const res = await admin().get(`/enterprises?parkId=${A()}&limit=100`).expect(200);
      const leading = res.body.items.filter(
        (e: Record<string, boolean>) =>
          e.fortuneGlobal500 || e.chinaTop500 || e.listed || e.chainMaster,
      );
      expect(leading.length).toBe(body.year.leadingEnterprises);
    });

    it('the weekly verified investment: the verified tranches listed, by ISO week in the zone', async () => {
      const body = await overview(`?parkId=${A()}`);
      const projects = await listAll(`/projects?parkId=${A()}`);
      const byWeek = new Map<string, string[]>();
      for (const p of projects.items) {
        for (const x of (await listAll(`/projects/${p.id}/investments?verified=true`)).items) {
          if (x.currency !== 'CNY') continue;
          // Monday of the week of the verification, in Shanghai
          const local = new Date(Date.parse(x.verifiedAt) + 8 * 3600_000);
          local.setUTCDate(local.getUTCDate() - ((local.getUTCDay() + 6) % 7));
          const monday = local.toISOString().slice(0, 10);
          byWeek.set(monday, [...(byWeek.get(monday) ?? []), x.amount]);
        }
      }
      for (const row of body.trend) {
        expect([row.week, row.verifiedInvestment]).toEqual([
          row.week,
          sumMoney(byWeek.get(row.weekStart) ?? []),
        ]);
      }
    });
  });
});
