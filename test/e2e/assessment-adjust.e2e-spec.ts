import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Clock } from '../../src/common/time/clock.js';
import {
  type AssessmentDataSet,
  seedAssessmentDataSet,
} from '../factories/assessment-factories.js';
import { makeUser, type UserRow } from '../factories/factories.js';
import { auditRows, fieldsOf } from '../factories/projects-factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

interface Score {
  id: string;
  subjectId: string;
  score: number | null;
  adjustedScore: number | null;
  finalScore: number | null;
  rank: number | null;
  version: number;
}

/** A manager's adjustment of one score, and new formula versions. */
describe('assessments: adjusting a score and writing a formula', () => {
  let t: TestApp;
  let d: AssessmentDataSet;
  let admin: UserRow;
  let manager: UserRow;
  let assessmentId: string;

  const scores = async (type = 'project'): Promise<Score[]> =>
    (await as(t, manager).get(`/assessments/${assessmentId}?subjectType=${type}`).expect(200)).body
      .scores[type].items;
  const ranks = async (type = 'project') =>
    Object.fromEntries((await scores(type)).map((s) => [s.subjectId, [s.finalScore, s.rank]]));
  const scoreOf = async (subjectId: string) =>
    (await scores()).find((s) => s.subjectId === subjectId) as Score;
  const adjust = (user: UserRow, scoreId: string, body: object) =>
    as(t, user).patch(`/assessments/${assessmentId}/scores/${scoreId}`, body);

  beforeAll(async () => {
    t = await createTestApp();
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date('2026-02-01T00:00:00Z'));
    d = await seedAssessmentDataSet(t.db);
    admin = await makeUser(t.db, { role: 'admin' });
    manager = await makeUser(t.db, { role: 'manager', parkIds: [d.parkA.id] });
    const res = await as(t, manager).post('/assessments', {
      period: '2025-Q4',
      parkId: d.parkA.id,
    });
    expect(res.status).toBe(201);
    assessmentId = res.body.id;
  });
  afterAll(() => t.close());

  it('pages the scores of one subject type, best first', async () => {
    const res = await as(t, manager)
      .get(`/assessments/${assessmentId}?subjectType=project&limit=2&page=2`)
      .expect(200);
    expect(Object.keys(res.body.scores)).toEqual(['project']);
    // ranks 1 (P2), 2 and 2 (P1, P4, by name), 4 (P3), none (P6): page 2 holds P4 and P3
    expect(res.body.scores.project).toMatchObject({ total: 5, page: 2, limit: 2 });
    expect(res.body.scores.project.items.map((s: Score) => s.subjectId)).toEqual([
      d.p4.id,
      d.p3.id,
    ]);
    await as(t, manager).get(`/assessments/${assessmentId}?subjectType=enterprise`).expect(400);
  });

  it('refuses an adjustment without a reason, out of 0–100, or without a version', async () => {
    const p3 = await scoreOf(d.p3.id);
    const cases: [object, string[]][] = [
      [{ adjustedScore: 70, version: 1 }, ['reason']],
      [{ adjustedScore: 70, reason: '   ', version: 1 }, ['reason']],
      [{ adjustedScore: 101, reason: 'x', version: 1 }, ['adjustedScore']],
      [{ adjustedScore: -1, reason: 'x', version: 1 }, ['adjustedScore']],
      [{ adjustedScore: 70.123, reason: 'x', version: 1 }, ['adjustedScore']],
      [{ adjustedScore: '70', reason: 'x', version: 1 }, ['adjustedScore']],
      [{ reason: 'x', version: 1 }, ['adjustedScore']],
      [{ adjustedScore: 70, reason: 'x' }, ['version']],
    ];
    for (const [body, fields] of cases) {
      const res = await adjust(manager, p3.id, body);
      expect([body, res.status, fieldsOf(res.body)]).toEqual([body, 400, fields]);
    }
    expect(await scoreOf(d.p3.id)).toMatchObject({ adjustedScore: null, version: 1 });
  });

  it('adjusts a score with a reason: the computed score stays, ranks are recomputed, audited', async () => {
    const p3 = await scoreOf(d.p3.id);
    const res = await adjust(manager, p3.id, {
      adjustedScore: 70,
      reason: 'Land handover delayed by the city',
      version: 1,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: p3.id,
      score: 28.57,
      adjustedScore: 70,
      finalScore: 70,
      rank: 1,
      adjustmentReason: 'Land handover delayed by the city',
      adjustedBy: manager.id,
      adjustedAt: '2026-02-01T00:00:00.000Z',
      version: 2,
    });
    // 70 beats 69.23: P3 first, P2 second, the P1–P4 tie third
    expect(await ranks()).toEqual({
      [d.p3.id]: [70, 1],
      [d.p2.id]: [69.23, 2],
      [d.p1.id]: [66.67, 3],
      [d.p4.id]: [66.67, 3],
      [d.p6Empty.id]: [null, null],
    });
    // other subject types keep their ranks
    expect(await ranks('officer')).toEqual({
      [d.officer1.id]: [64.39, 1],
      [d.officer2.id]: [28.57, 2],
    });
    const audit = await auditRows(t.db, 'assessment_score', p3.id);
    expect(audit).toMatchObject([
      {
        action: 'update',
        actorId: manager.id,
        parkId: d.parkA.id,
        before: { score: 28.57, adjustedScore: null, rank: 4, version: 1 },
        after: { score: 28.57, adjustedScore: 70, rank: 1, version: 2 },
      },
    ]);
  });

  it('answers 409 to a stale version and changes nothing', async () => {
    const p3 = await scoreOf(d.p3.id);
    const res = await adjust(manager, p3.id, { adjustedScore: 10, reason: 'Late', version: 1 });
    expect([res.status, res.body.code]).toEqual([409, 'VERSION_CONFLICT']);
    expect(await scoreOf(d.p3.id)).toMatchObject({ adjustedScore: 70, version: 2 });
    expect(await auditRows(t.db, 'assessment_score', p3.id)).toHaveLength(1);
  });

  it('ranks a subject that had no score once it is given one, and removes an adjustment with null', async () => {
    const p6 = await scoreOf(d.p6Empty.id);
    await adjust(admin, p6.id, { adjustedScore: 50, reason: 'Visited', version: 1 }).expect(200);
    const p3 = await scoreOf(d.p3.id);
    const removed = await adjust(manager, p3.id, {
      adjustedScore: null,
      reason: 'Handover was on time after all',
      version: 2,
    });
    expect(removed.body).toMatchObject({
      score: 28.57,
      adjustedScore: null,
      finalScore: 28.57,
      adjustmentReason: 'Handover was on time after all',
      version: 3,
    });
    expect(await ranks()).toEqual({
      [d.p2.id]: [69.23, 1],
      [d.p1.id]: [66.67, 2],
      [d.p4.id]: [66.67, 2],
      [d.p6Empty.id]: [50, 4],
      [d.p3.id]: [28.57, 5],
    });
  });

  it('answers 403 to officers and 404 for a score of another assessment', async () => {
    const p1 = await scoreOf(d.p1.id);
    const officer = await adjust(d.officer1, p1.id, {
      adjustedScore: 99,
      reason: 'Me',
      version: 1,
    });
    expect([officer.status, officer.body.code]).toEqual([403, 'FORBIDDEN']);
    const other = await as(t, manager).post('/assessments', {
      period: '2025-11',
      parkId: d.parkA.id,
    });
    const wrong = await as(t, manager).patch(`/assessments/${other.body.id}/scores/${p1.id}`, {
      adjustedScore: 99,
      reason: 'Wrong run',
      version: 1,
    });
    expect([wrong.status, wrong.body.code]).toEqual([404, 'NOT_FOUND']);
    await as(t, manager)
      .patch(`/assessments/${assessmentId}/scores/not-a-uuid`, { adjustedScore: 1 })
      .expect(400);
    expect(await scoreOf(d.p1.id)).toMatchObject({ adjustedScore: null, version: 1 });
  });

  describe('formulas', () => {
    it('lists version 1 as seeded', async () => {
      const res = await as(t, d.officer1).get('/assessment-formulas').expect(200);
      expect(res.body).toHaveLength(1);
      expect(res.body[0]).toMatchObject({
        version: 1,
        measures: [
          { key: 'milestones_on_time', weight: 25 },
          { key: 'investment_verified_vs_plan', weight: 20 },
          { key: 'contracts_honoured', weight: 15 },
          { key: 'starts_and_completions_on_time', weight: 20 },
          { key: 'supervision_closed_in_time', weight: 10 },
          { key: 'targets_on_pace', weight: 10 },
        ],
      });
    });

    it('refuses repeated or unknown keys, negative weights and all-zero weights', async () => {
      const cases: [unknown, string[]][] = [
        [
          [
            { key: 'milestones_on_time', weight: 1 },
            { key: 'milestones_on_time', weight: 2 },
          ],
          ['measures'],
        ],
        [[{ key: 'funds_in_place', weight: 1 }], ['measures.0.key']],
        [[{ key: 'milestones_on_time', weight: -1 }], ['measures.0.weight']],
        [[{ key: 'milestones_on_time', weight: 1, extra: true }], ['measures.0.extra']],
        [[], ['measures']],
        [[{ key: 'milestones_on_time', weight: 0 }], ['measures']],
      ];
      for (const [measures, fields] of cases) {
        const res = await as(t, admin).post('/assessment-formulas', { measures });
        expect([measures, res.status, fieldsOf(res.body)]).toEqual([measures, 400, fields]);
      }
      const manager403 = await as(t, manager).post('/assessment-formulas', {
        measures: [{ key: 'milestones_on_time', weight: 1 }],
      });
      expect(manager403.status).toBe(403);
      const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM assessment_formulas`);
      expect(rows[0].n).toBe(1);
    });

    it('writes version 2, audited, current from then on; earlier runs keep version 1', async () => {
      const res = await as(t, admin).post('/assessment-formulas', {
        measures: [
          { key: 'starts_and_completions_on_time', weight: 30.5 },
          { key: 'milestones_on_time', weight: 0 },
        ],
        description: 'Starts and completions',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ version: 2, description: 'Starts and completions' });
      expect(await auditRows(t.db, 'assessment_formula', res.body.id)).toMatchObject([
        { action: 'create', actorId: admin.id, parkId: null, after: { version: 2 } },
      ]);
      const list = await as(t, d.officer2).get('/assessment-formulas').expect(200);
      expect(list.body.map((f: { version: number }) => f.version)).toEqual([2, 1]);
      const run = await as(t, manager).post('/assessments', {
        period: '2025-Q4',
        parkId: d.parkA.id,
      });
      // P1's start on time: 30.5 × 1 / 30.5 = 100; milestones weigh 0 (2/4: 0 points)
      const p1 = run.body.scores.project.items.find((s: Score) => s.subjectId === d.p1.id);
      expect([run.body.run, run.body.formulaVersion, p1.score]).toEqual([2, 2, 100]);
      expect(p1.parts.milestones_on_time).toEqual({
        numerator: 2,
        denominator: 4,
        ratio: 0.5,
        weight: 0,
        points: 0,
      });
      const first = await as(t, manager).get(`/assessments/${assessmentId}`).expect(200);
      expect(first.body).toMatchObject({ formulaVersion: 1, formula: { version: 1 } });
    });
  });
});
