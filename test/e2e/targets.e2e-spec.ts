import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type DashboardWorld,
  freezeDashboardClock,
  PACE_2026,
  seedDashboardWorld,
} from '../factories/dashboard-factories.js';
import { auditRows, fieldsOf } from '../factories/projects-factories.js';
import { parseCsv } from '../support/csv.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** Targets of parks and clusters, with actuals from the data set of dashboard-factories.ts. */
describe('targets', () => {
  let t: TestApp;
  let w: DashboardWorld;
  const admin = () => as(t, w.users.admin);
  const managerA = () => as(t, w.users.managerA);

  beforeAll(async () => {
    t = await createTestApp();
    w = await seedDashboardWorld(t.db);
    freezeDashboardClock(t);
    await admin().post('/dashboards/refresh').expect(200);
  });
  afterAll(() => t.close());

  describe('setting a target', () => {
    it('records a park target in yuan with its actual, percent reached and pace, and audits it', async () => {
      const res = await managerA()
        .post('/targets', {
          parkId: w.parks.A.id,
          year: 2026,
          metric: 'investment_verified',
          value: '100000000.00',
          note: 'Provincial assignment',
        })
        .expect(201);
      expect(res.body).toMatchObject({
        parkId: w.parks.A.id,
        clusterId: null,
        year: 2026,
        metric: 'investment_verified',
        value: '100000000.00',
        unit: 'CNY',
        note: 'Provincial assignment',
        version: 1,
        // tranches verified in 2026 of A and A1: P1 10 M + 5 M + 2 M, P6 20 M
        actual: '37000000.00',
        percent: 37,
        pace: PACE_2026, // 11 June: day 162 of 365
      });
      expect(Date.parse(res.body.asOf)).toBeGreaterThan(Date.now() - 60_000);
      const audit = await auditRows(t.db, 'target', res.body.id);
      expect(audit).toEqual([
        expect.objectContaining({
          action: 'create',
          actorId: w.users.managerA.id,
          parkId: w.parks.A.id,
        }),
      ]);
    });

    it('counts whole numbers for count metrics, and gives them the unit count', async () => {
      const res = await managerA()
        .post('/targets', {
          parkId: w.parks.A.id,
          year: 2026,
          metric: 'contracts_signed',
          value: '4',
        })
        .expect(201);
      expect(res.body).toMatchObject({ value: '4', unit: 'count', actual: '3', percent: 75 });
    });

    it('computes the actual of every metric for the owner and year', async () => {
      const expected: [string, string, string, number][] = [
        ['rd_investment', '10000000.00', '5000000.00', 50],
        ['contract_amount', '1000000000.00', '350000000.00', 35],
        ['projects_started', '2', '1', 50],
        ['projects_completed', '1', '1', 100],
        ['industrial_output', '200000000.00', '80000000.00', 40],
        ['leading_enterprises', '5', '2', 40],
      ];
      for (const [metric, value, actual, percent] of expected) {
        const res = await admin()
          .post('/targets', { parkId: w.parks.A.id, year: 2026, metric, value })
          .expect(201);
        expect({ metric, actual: res.body.actual, percent: res.body.percent }).toEqual({
          metric,
          actual,
          percent,
        });
      }
    });

    it("sets a cluster target (the cluster's records only) within your parks", async () => {
      const res = await managerA()
        .post('/targets', {
          clusterId: w.clusters.cA.id,
          year: 2026,
          metric: 'investment_verified',
          value: '50000000.00',
        })
        .expect(201);
      // P1's 17 M; P4's tranche is in USD
      expect(res.body).toMatchObject({
        parkId: null,
        clusterId: w.clusters.cA.id,
        actual: '17000000.00',
        percent: 34,
      });
      const audit = await auditRows(t.db, 'target', res.body.id);
      expect(audit[0].parkId).toBe(w.parks.A.id);
    });

    it('reads a past year at its end (pace 100) and a future one from nothing (pace 0)', async () => {
      const past = await admin()
        .post('/targets', {
          parkId: w.parks.A.id,
          year: 2025,
          metric: 'industrial_output',
          value: '170000000.00',
        })
        .expect(201);
      // P3 (in operation since October 2025) and P11 (until March 2026)
      expect(past.body).toMatchObject({ actual: '85000000.00', percent: 50, pace: 100 });
      const future = await admin()
        .post('/targets', {
          parkId: w.parks.A.id,
          year: 2027,
          metric: 'contracts_signed',
          value: '10',
        })
        .expect(201);
      expect(future.body).toMatchObject({ actual: '0', percent: 0, pace: 0 });
      const zero = await admin()
        .post('/targets', {
          parkId: w.parks.B.id,
          year: 2026,
          metric: 'projects_completed',
          value: '0',
        })
        .expect(201);
      expect(zero.body).toMatchObject({ actual: '0', percent: null });
    });

    it('follows the frozen clock for the pace: 1 January is 0.3, 31 December 100', async () => {
      const { body } = await admin()
        .post('/targets', {
          parkId: w.parks.B.id,
          year: 2026,
          metric: 'contract_amount',
          value: '100000000.00',
        })
        .expect(201);
      expect(body).toMatchObject({ actual: '25000000.00', percent: 25, pace: PACE_2026 });
      try {
        // 00:30 on 1 January in Shanghai, still 31 December in UTC
        freezeDashboardClock(t, new Date('2025-12-31T16:30:00Z'));
        expect((await admin().get(`/targets/${body.id}`).expect(200)).body.pace).toBe(0.3);
        freezeDashboardClock(t, new Date('2026-12-31T15:59:00Z'));
        expect((await admin().get(`/targets/${body.id}`).expect(200)).body.pace).toBe(100);
      } finally {
        freezeDashboardClock(t);
      }
    });
  });

  describe('validation', () => {
    const post = (body: object) => admin().post('/targets', body);
    const valid = { parkId: '', year: 2026, metric: 'investment_verified', value: '1.00' };

    it('needs exactly one of parkId and clusterId, naming the field', async () => {
      const both = await post({
        ...valid,
        parkId: w.parks.B.id,
        clusterId: w.clusters.cB.id,
      }).expect(400);
      expect(fieldsOf(both.body)).toEqual(['clusterId']);
      const neither = await post({
        year: 2026,
        metric: 'investment_verified',
        value: '1.00',
      }).expect(400);
      expect(fieldsOf(neither.body)).toEqual(['parkId']);
    });

    it('takes years 2000 to 2100, known metrics, and values that suit the metric', async () => {
      const b = w.parks.B.id;
      const cases: [object, string][] = [
        [{ ...valid, parkId: b, year: 1999 }, 'year'],
        [{ ...valid, parkId: b, year: 2101 }, 'year'],
        [{ ...valid, parkId: b, year: 2026.5 }, 'year'],
        [{ ...valid, parkId: b, metric: 'happiness' }, 'metric'],
        [{ ...valid, parkId: b, value: 100 }, 'value'],
        [{ ...valid, parkId: b, value: '1.005' }, 'value'],
        [{ ...valid, parkId: b, value: '-5.00' }, 'value'],
        [{ ...valid, parkId: b, metric: 'leading_enterprises', value: '12.5' }, 'value'],
        [{ ...valid, parkId: b, metric: 'projects_started', value: '3.00' }, 'value'],
        [{ ...valid, parkId: b, unit: 'count' }, 'unit'],
        [{ ...valid, parkId: b, metric: 'contracts_signed', value: '3', unit: 'CNY' }, 'unit'],
        [{ ...valid, parkId: b, unit: 'USD' }, 'unit'],
        [{ ...valid, parkId: 'not-a-uuid' }, 'parkId'],
        [{ ...valid, parkId: b, color: 'red' }, 'color'],
      ];
      for (const [body, field] of cases) {
        const res = await post(body).expect(400);
        expect({ body, fields: fieldsOf(res.body) }).toEqual({ body, fields: [field] });
      }
    });

    it('refuses a second target for the same owner, year and metric (409)', async () => {
      const body = { parkId: w.parks.B.id, year: 2030, metric: 'rd_investment', value: '1.00' };
      await post(body).expect(201);
      const again = await post({ ...body, value: '2.00' }).expect(409);
      expect(again.body.code).toBe('ALREADY_EXISTS');
      await post({ ...body, year: 2031 }).expect(201);
      await post({
        clusterId: w.clusters.cB.id,
        year: 2030,
        metric: 'rd_investment',
        value: '1.00',
      }).expect(201);
      await post({
        clusterId: w.clusters.cB.id,
        year: 2030,
        metric: 'rd_investment',
        value: '1.00',
      }).expect(409);
    });
  });

  describe('who may do what', () => {
    const target = { year: 2029, metric: 'projects_started', value: '3' };

    it('lets managers write within their parks only (404 outside), and admins anywhere', async () => {
      await managerA()
        .post('/targets', { ...target, parkId: w.parks.B.id })
        .expect(404);
      await managerA()
        .post('/targets', { ...target, clusterId: w.clusters.cB.id })
        .expect(404);
      await managerA()
        .post('/targets', { ...target, parkId: w.parks.A1.id })
        .expect(201);
      await managerA()
        .post('/targets', { ...target, clusterId: w.clusters.cA1.id })
        .expect(201);
      await admin()
        .post('/targets', { ...target, parkId: w.parks.O.id })
        .expect(201);
    });

    it('keeps officers and viewers to reading (403 on every write)', async () => {
      const officer = as(t, w.users.officerA1);
      const viewer = as(t, w.users.viewerB);
      await officer.post('/targets', { ...target, parkId: w.parks.A1.id, year: 2028 }).expect(403);
      await viewer.post('/targets', { ...target, parkId: w.parks.B.id, year: 2028 }).expect(403);
      const id = (
        await admin()
          .post('/targets', { ...target, parkId: w.parks.A1.id, year: 2028 })
          .expect(201)
      ).body.id;
      await officer.patch(`/targets/${id}`, { value: '4', version: 1 }).expect(403);
      await officer.delete(`/targets/${id}`).expect(403);
      expect((await officer.get(`/targets/${id}`).expect(200)).body.id).toBe(id);
    });

    it('hides targets outside your parks: 404 to read or write, absent from lists', async () => {
      const onA = (
        await admin()
          .post('/targets', { ...target, parkId: w.parks.A.id, year: 2028 })
          .expect(201)
      ).body.id;
      const officer = as(t, w.users.officerA1);
      await officer.get(`/targets/${onA}`).expect(404);
      const onB = (
        await admin()
          .post('/targets', { ...target, parkId: w.parks.B.id, year: 2028 })
          .expect(201)
      ).body.id;
      await managerA().get(`/targets/${onB}`).expect(404);
      await managerA().patch(`/targets/${onB}`, { value: '9', version: 1 }).expect(404);
      await managerA().delete(`/targets/${onB}`).expect(404);
      const viewerList = await as(t, w.users.viewerB).get('/targets?limit=100').expect(200);
      expect(viewerList.body.items.length).toBeGreaterThan(0);
      expect(
        viewerList.body.items.every(
          (x: { parkId: string | null; clusterId: string | null }) =>
            x.parkId === w.parks.B.id || x.clusterId === w.clusters.cB.id,
        ),
      ).toBe(true);
      await t.http.get('/api/v1/targets').expect(401);
    });
  });

  describe('changing and deleting', () => {
    it('changes a target with the version read, and recomputes its progress', async () => {
      const created = (
        await admin()
          .post('/targets', {
            parkId: w.parks.A1.id,
            year: 2026,
            metric: 'investment_verified',
            value: '40000000.00',
          })
          .expect(201)
      ).body;
      expect(created).toMatchObject({ actual: '20000000.00', percent: 50 });
      const changed = await managerA()
        .patch(`/targets/${created.id}`, { value: '80000000.00', version: 1 })
        .expect(200);
      expect(changed.body).toMatchObject({ value: '80000000.00', version: 2, percent: 25 });
      const stale = await managerA()
        .patch(`/targets/${created.id}`, { value: '1.00', version: 1 })
        .expect(409);
      expect(stale.body.code).toBe('VERSION_CONFLICT');
      // to a count metric: the old value is no whole number; with one, the unit follows
      const bad = await managerA()
        .patch(`/targets/${created.id}`, { metric: 'projects_completed', version: 2 })
        .expect(400);
      expect(fieldsOf(bad.body)).toEqual(['value']);
      const counted = await managerA()
        .patch(`/targets/${created.id}`, { metric: 'projects_completed', value: '2', version: 2 })
        .expect(200);
      expect(counted.body).toMatchObject({
        metric: 'projects_completed',
        unit: 'count',
        value: '2',
        actual: '1',
        percent: 50,
        version: 3,
      });
      const audit = await auditRows(t.db, 'target', created.id);
      expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'update']);
      expect(audit[2].before).toMatchObject({ metric: 'investment_verified', unit: 'CNY' });
      expect(audit[2].after).toMatchObject({ metric: 'projects_completed', unit: 'count' });
    });

    it('answers 409 when a change would duplicate another target', async () => {
      const make = (metric: string) =>
        admin()
          .post('/targets', { parkId: w.parks.O.id, year: 2026, metric, value: '1' })
          .expect(201);
      await make('projects_started');
      const other = (await make('projects_completed')).body;
      const res = await admin()
        .patch(`/targets/${other.id}`, { metric: 'projects_started', version: 1 })
        .expect(409);
      expect(res.body.code).toBe('ALREADY_EXISTS');
    });

    it('deletes a target and audits it', async () => {
      const { body } = await managerA()
        .post('/targets', {
          parkId: w.parks.A.id,
          year: 2027,
          metric: 'leading_enterprises',
          value: '7',
        })
        .expect(201);
      await managerA().delete(`/targets/${body.id}`).expect(204);
      await admin().get(`/targets/${body.id}`).expect(404);
      const audit = await auditRows(t.db, 'target', body.id);
      expect(audit.map((a) => [a.action, a.parkId])).toEqual([
        ['create', w.parks.A.id],
        ['delete', w.parks.A.id],
      ]);
    });
  });

  describe('list', () => {
    const ids = (body: { items: { id: string }[] }) => body.items.map((i) => i.id).sort();
    const stored = async (where: string, params: unknown[]) =>
      (
        await t.db.query(
          `SELECT t.id FROM targets t LEFT JOIN industry_clusters c ON c.id = t.cluster_id WHERE ${where}`,
          params,
        )
      ).rows
        .map((r) => r.id as string)
        .sort();

    it('filters by park (with sub-parks and their clusters), cluster, year and metric', async () => {
      const inA = await admin().get(`/targets?parkId=${w.parks.A.id}&limit=100`).expect(200);
      expect(ids(inA.body)).toEqual(
        await stored(`COALESCE(t.park_id, c.park_id) = ANY($1)`, [[w.parks.A.id, w.parks.A1.id]]),
      );
      const cluster = await admin().get(`/targets?clusterId=${w.clusters.cA.id}`).expect(200);
      expect(ids(cluster.body)).toEqual(await stored('t.cluster_id = $1', [w.clusters.cA.id]));
      const year = await admin().get('/targets?year=2025&limit=100').expect(200);
      expect(ids(year.body)).toEqual(await stored('t.year = 2025', []));
      const metric = await admin()
        .get('/targets?metric=contracts_signed&year=2026&limit=100')
        .expect(200);
      expect(ids(metric.body)).toEqual(
        await stored(`t.metric = 'contracts_signed' AND t.year = 2026`, []),
      );
      await admin().get('/targets?metric=joy').expect(400);
      await admin().get('/targets?year=20x6').expect(400);
    });

    it('sorts, pages, and exports every matching row as CSV', async () => {
      const sorted = await admin().get('/targets?sort=year&limit=100').expect(200);
      const years = sorted.body.items.map((x: { year: number }) => x.year);
      expect(years).toEqual([...years].sort((a, b) => a - b));
      const page = await admin().get('/targets?limit=2&page=2&sort=-year').expect(200);
      expect(page.body).toMatchObject({ page: 2, limit: 2, total: sorted.body.total });
      const csv = await admin().get(`/targets?format=csv&parkId=${w.parks.B.id}`).expect(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      const rows = parseCsv(csv.text);
      expect(rows[0]).toEqual(
        expect.arrayContaining(['id', 'parkId', 'clusterId', 'year', 'metric', 'value', 'unit']),
      );
      const listed = await admin().get(`/targets?parkId=${w.parks.B.id}&limit=100`).expect(200);
      expect(rows.length - 1).toBe(listed.body.total);
    });
  });
});
