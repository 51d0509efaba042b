import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Clock } from '../../src/common/time/clock.js';
import {
  type AssessmentDataSet,
  seedAssessmentDataSet,
} from '../factories/assessment-factories.js';
import { makePark, makeUser, type UserRow } from '../factories/factories.js';
import { fieldsOf } from '../factories/projects-factories.js';
import { csvOf } from '../support/csv.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const ZERO_UUID = '00000000-0000-4000-8000-000000000000';

/** Periods, who may run and read which assessments, and the list with its CSV. */
describe('assessments: periods, scope, roles and the list', () => {
  let t: TestApp;
  let d: AssessmentDataSet;
  let admin: UserRow;
  let managerA: UserRow;
  let managerB: UserRow;
  let viewerA: UserRow;
  let clock: ReturnType<typeof jest.spyOn>;
  let assessmentA: { id: string; scores: { project: { items: { id: string }[] } } };

  const count = async () =>
    (await t.db.query(`SELECT count(*)::int AS n FROM assessments`)).rows[0].n as number;
  const freeze = (iso: string) => clock.mockReturnValue(new Date(iso));

  beforeAll(async () => {
    t = await createTestApp();
    clock = jest.spyOn(t.app.get(Clock), 'now');
    freeze('2026-02-01T00:00:00Z');
    d = await seedAssessmentDataSet(t.db);
    admin = await makeUser(t.db, { role: 'admin' });
    managerA = await makeUser(t.db, { role: 'manager', parkIds: [d.parkA.id] });
    managerB = await makeUser(t.db, { role: 'manager', parkIds: [d.parkB.id] });
    viewerA = await makeUser(t.db, { role: 'viewer', parkIds: [d.parkA.id] });
    const res = await as(t, managerA).post('/assessments', {
      period: '2025-Q4',
      parkId: d.parkA.id,
    });
    expect(res.status).toBe(201);
    assessmentA = res.body;
  });
  afterAll(() => t.close());

  describe('periods', () => {
    it('answers 400 naming period for weeks, months and quarters that do not exist', async () => {
      const before = await count();
      const cases: [unknown, RegExp][] = [
        ['2026-W54', /week 54 does not exist: 2026 has ISO weeks 01–53/],
        ['2025-W53', /week 53 does not exist: 2025 has ISO weeks 01–52/],
        ['2026-13', /month must be 01–12/],
        ['2026-Q5', /quarter must be Q1–Q4/],
        ['Q4 2026', /must be written YYYY-Www \(ISO week\), YYYY-MM, YYYY-Qn or YYYY/],
        [2026, /must be written/],
        [undefined, /period is required/],
      ];
      for (const [period, message] of cases) {
        const res = await as(t, admin).post('/assessments', { period, parkId: d.parkA.id });
        expect([period, res.status, res.body.code, fieldsOf(res.body)]).toEqual([
          period,
          400,
          'VALIDATION_FAILED',
          ['period'],
        ]);
        expect(res.body.details[0].message).toMatch(message);
      }
      const list = await as(t, admin).get('/assessments?period=2026-Q5').expect(400);
      expect(fieldsOf(list.body)).toEqual(['period']);
      expect(await count()).toBe(before);
    });

    it('measures a running period up to yesterday in the zone calendar, and refuses one not started', async () => {
      // 2025-12-31 23:59 in Shanghai: Q4 is still running, measured up to 30 December
      freeze('2025-12-31T15:59:00Z');
      const running = await as(t, managerA)
        .post('/assessments', { period: '2025-Q4', parkId: d.subA1.id })
        .expect(201);
      expect(running.body).toMatchObject({ periodEnd: '2025-12-31', measuredTo: '2025-12-30' });
      // one minute later it is 1 January in Shanghai (still 31 December in UTC): Q4 is over
      freeze('2025-12-31T16:00:00Z');
      const res = await as(t, managerA)
        .post('/assessments', { period: '2025-Q4', parkId: d.subA1.id })
        .expect(201);
      expect(res.body).toMatchObject({
        parkId: d.subA1.id,
        run: running.body.run + 1,
        periodEnd: '2025-12-31',
        measuredTo: '2025-12-31',
      });
      // a period that starts today has nothing to measure yet (ISO weeks: W06 starts 2 February)
      freeze('2026-02-02T00:00:00Z');
      const notYet = await as(t, managerA).post('/assessments', {
        period: '2026-W06',
        parkId: d.parkA.id,
      });
      expect([notYet.status, fieldsOf(notYet.body)]).toEqual([400, ['period']]);
      expect(notYet.body.message).toBe(
        'period 2026-W06 starts on 2026-02-02: it can be assessed from 2026-02-03 (Asia/Shanghai)',
      );
      const past = await as(t, managerA).post('/assessments', {
        period: '2026-W04',
        parkId: d.parkA.id,
      });
      expect(past.body).toMatchObject({ periodStart: '2026-01-19', periodEnd: '2026-01-25' });
    });
  });

  describe('scope', () => {
    it("answers 404 to another park's manager on every route, and lists nothing of park A", async () => {
      const before = await count();
      const scoreId = assessmentA.scores.project.items[0].id;
      const calls = [
        as(t, managerB).post('/assessments', { period: '2025-Q4', parkId: d.parkA.id }),
        as(t, managerB).post('/assessments', { period: '2025-Q4', parkId: d.subA1.id }),
        as(t, managerB).post('/assessments', { period: '2025-Q4', parkId: ZERO_UUID }),
        as(t, managerB).get(`/assessments/${assessmentA.id}`),
        as(t, managerB).patch(`/assessments/${assessmentA.id}/scores/${scoreId}`, {
          adjustedScore: 90,
          reason: 'Mine now',
          version: 1,
        }),
      ];
      for (const call of calls) {
        const res = await call;
        expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
      }
      const list = await as(t, managerB).get('/assessments').expect(200);
      expect(list.body).toMatchObject({ items: [], total: 0 });
      expect(await count()).toBe(before);
    });

    it('lets a manager assess a sub-park of their park, but not a park above their scope', async () => {
      const managerA1 = await makeUser(t.db, { role: 'manager', parkIds: [d.subA1.id] });
      await as(t, managerA1).get(`/assessments/${assessmentA.id}`).expect(404);
      const up = await as(t, managerA1).post('/assessments', {
        period: '2025-11',
        parkId: d.parkA.id,
      });
      expect(up.status).toBe(404);
      const res = await as(t, managerA1).post('/assessments', {
        period: '2025-11',
        parkId: d.subA1.id,
      });
      expect(res.status).toBe(201);
      // A1 in November 2025: P2's milestone (10-20) is in October; P3's 11-05 and 11-25 on time
      expect(res.body.scores.park.items).toMatchObject([
        { subjectId: d.subA1.id, parts: { milestones_on_time: { numerator: 2, denominator: 2 } } },
      ]);
    });

    it('keeps zone-wide assessments to admins: a manager may neither run nor read one', async () => {
      const refused = await as(t, managerA).post('/assessments', { period: '2025-Q4' });
      expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN']);
      expect(refused.body.message).toMatch(/Only admins assess the whole zone/);
      const zone = await as(t, admin).post('/assessments', { period: '2025-Q4', parkId: null });
      expect(zone.status).toBe(201);
      expect(zone.body.parkId).toBeNull();
      await as(t, managerA).get(`/assessments/${zone.body.id}`).expect(404);
      await as(t, viewerA).get(`/assessments/${zone.body.id}`).expect(404);
      await as(t, admin).get(`/assessments/${zone.body.id}`).expect(200);
      const list = await as(t, managerA).get('/assessments?limit=100').expect(200);
      expect(list.body.items.map((a: { parkId: string }) => a.parkId)).not.toContain(null);
      const all = await as(t, admin).get('/assessments?limit=100').expect(200);
      expect(all.body.items.map((a: { parkId: string }) => a.parkId)).toContain(null);
    });
  });

  describe('roles', () => {
    it('lets officers and viewers of the park read, and refuses them every write', async () => {
      const before = await count();
      const scoreId = assessmentA.scores.project.items[0].id;
      for (const user of [d.officer1, viewerA]) {
        const read = await as(t, user).get(`/assessments/${assessmentA.id}`).expect(200);
        expect(read.body.scores.project.total).toBe(5);
        await as(t, user).get('/assessment-formulas').expect(200);
        const writes = [
          as(t, user).post('/assessments', { period: '2025-Q4', parkId: d.parkA.id }),
          as(t, user).patch(`/assessments/${assessmentA.id}/scores/${scoreId}`, {
            adjustedScore: 100,
            reason: 'Mine',
            version: 1,
          }),
          as(t, user).post('/assessment-formulas', {
            measures: [{ key: 'milestones_on_time', weight: 1 }],
          }),
        ];
        for (const call of writes) {
          const res = await call;
          expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
        }
      }
      // officers of another park do not see park A's assessment
      await as(t, d.officerB).get(`/assessments/${assessmentA.id}`).expect(404);
      expect(await count()).toBe(before);
    });
  });

  describe('the list', () => {
    it('filters by period and park, sorts, pages, and answers 400 on an unknown sort', async () => {
      await as(t, managerA).post('/assessments', { period: '2025-Q4', parkId: d.parkA.id });
      const mine = await as(t, managerA)
        .get(`/assessments?period=2025-Q4&parkId=${d.parkA.id}&sort=-run`)
        .expect(200);
      expect(mine.body.items.map((a: { run: number }) => a.run)).toEqual([2, 1]);
      expect(mine.body.items[0]).toMatchObject({
        parkName: 'Park A',
        formulaVersion: 1,
        period: '2025-Q4',
      });
      const page = await as(t, managerA).get('/assessments?sort=periodStart&limit=1&page=2');
      // A: 2025-Q4 runs 1 and 2, 2026-W04; A1: 2025-Q4 runs 1 and 2, 2025-11 (not the zone's)
      expect(page.body).toMatchObject({ total: 6, page: 2, limit: 1 });
      expect(page.body.items).toHaveLength(1);
      const byPark = await as(t, managerA).get(`/assessments?parkId=${d.subA1.id}`).expect(200);
      expect(byPark.body.items.map((a: { period: string }) => a.period).sort()).toEqual([
        '2025-11',
        '2025-Q4',
        '2025-Q4',
      ]);
      await as(t, managerA).get('/assessments?sort=score').expect(400);
    });

    it('exports the visible assessments as CSV with the park name and formula version', async () => {
      const res = await csvOf(t, managerA, `/assessments?format=csv&parkId=${d.parkA.id}&sort=run`);
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toBe('attachment; filename="assessments.csv"');
      const [header, ...rows] = res.rows;
      expect(header).toEqual([
        'id',
        'period',
        'periodStart',
        'periodEnd',
        'measuredTo',
        'parkId',
        'formulaId',
        'run',
        'computedBy',
        'computedAt',
        'parkName',
        'formulaVersion',
      ]);
      expect(rows.map((r) => [r[1], r[7], r[10], r[11]]).sort()).toEqual([
        ['2025-Q4', '1', 'Park A', '1'],
        ['2025-Q4', '2', 'Park A', '1'],
        ['2026-W04', '1', 'Park A', '1'],
      ]);
      // run 2 comes after both runs 1
      expect(rows[2][7]).toBe('2');
    });
  });
});

describe('assessments on a park without projects', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('stores a park score with no measure applying: no score, no rank', async () => {
    t = await createTestApp();
    const park = await makePark(t.db, { name: 'Empty park' });
    const admin = await makeUser(t.db, { role: 'admin' });
    const res = await as(t, admin).post('/assessments', { period: '2025', parkId: park.id });
    expect(res.status).toBe(201);
    expect(res.body.scores).toMatchObject({
      project: { items: [], total: 0 },
      officer: { items: [], total: 0 },
      park: { items: [{ subjectId: park.id, score: null, finalScore: null, rank: null }] },
    });
  });
});
