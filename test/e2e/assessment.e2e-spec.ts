import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Clock } from '../../src/common/time/clock.js';
import {
  type AssessmentDataSet,
  seedAssessmentDataSet,
} from '../factories/assessment-factories.js';
import { makeUser, type UserRow } from '../factories/factories.js';
import { auditRows } from '../factories/projects-factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

interface Part {
  numerator: number;
  denominator: number;
  ratio: number | null;
  weight: number;
  points: number | null;
}
interface Score {
  id: string;
  subjectType: string;
  subjectId: string;
  subjectName: string;
  score: number | null;
  finalScore: number | null;
  rank: number | null;
  parts: Record<string, Part>;
  version: number;
}
interface Detail {
  id: string;
  run: number;
  formulaVersion: number;
  formula: { version: number };
  scores: Record<string, { items: Score[]; total: number }>;
}

const part = (numerator: number, denominator: number, weight: number): Part => {
  const ratio = denominator > 0 ? Math.min(1, numerator / denominator) : null;
  return { numerator, denominator, ratio, weight, points: ratio === null ? null : weight * ratio };
};

/** Scores, computed by hand, of the data set in test/factories/assessment-factories.ts. */
describe('assessments: scores of a fixed data set, worked out by hand', () => {
  let t: TestApp;
  let d: AssessmentDataSet;
  let admin: UserRow;
  let manager: UserRow;
  let run1: Detail;

  /** subject id → [score, rank] of one subject type */
  const table = (detail: Detail, type: string) =>
    Object.fromEntries(detail.scores[type].items.map((s) => [s.subjectId, [s.score, s.rank]]));
  const scoreOf = (detail: Detail, id: string) =>
    Object.values(detail.scores)
      .flatMap((g) => g.items)
      .find((s) => s.subjectId === id) as Score;

  beforeAll(async () => {
    t = await createTestApp();
    // the data set's period (2025-Q4) is long over; freeze the clock anyway
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date('2026-02-01T00:00:00Z'));
    d = await seedAssessmentDataSet(t.db);
    admin = await makeUser(t.db, { role: 'admin' });
    manager = await makeUser(t.db, { role: 'manager', parkIds: [d.parkA.id] });
    const res = await as(t, manager).post('/assessments', {
      period: '2025-Q4',
      parkId: d.parkA.id,
    });
    expect(res.status).toBe(201);
    run1 = res.body;
  });
  afterAll(() => t.close());

  it('runs version 1 of the formula as run 1 of the period for park A and its sub-park', () => {
    expect(run1).toMatchObject({
      period: '2025-Q4',
      periodStart: '2025-10-01',
      periodEnd: '2025-12-31',
      parkId: d.parkA.id,
      parkName: 'Park A',
      run: 1,
      formulaVersion: 1,
      computedBy: manager.id,
      computedAt: '2026-02-01T00:00:00.000Z',
      formula: { version: 1 },
    });
    // P5 is deleted, PB is in park B: neither is a subject; parks A and A1 only
    expect(run1.scores.project.total).toBe(5);
    expect(run1.scores.park.items.map((s) => s.subjectName)).toEqual(['Sub-park A1', 'Park A']);
    expect(run1.scores.officer.items.map((s) => s.subjectName)).toEqual([
      'Officer One',
      'Officer Two',
    ]);
  });

  it('scores P1 from its parts: milestones, verified investment at planned pace, contracts, start, supervision', () => {
    const p1 = scoreOf(run1, d.p1.id);
    expect(p1.parts).toEqual({
      // due in Q4: 10-15 (done 23:30 Shanghai, on time), 11-20 (done 00:30 on the 21st in
      // Shanghai, late), 12-10 (never), 12-20 (done 12-01): 2 / 4
      milestones_on_time: part(2, 4, 25),
      // pace: 2,000,000 over 12-02 … 2026-01-30 = 60 days; 30 of them by 12-31: 1,000,000.
      // verified and dated by 12-31: 300,000 + 200,000 = 500,000 (the unverified 100,000 and
      // the 2026 tranche do not count): 500,000 / 1,000,000
      investment_verified_vs_plan: part(500_000, 1_000_000, 20),
      // signed by 12-31: C1 funds_in_place, C2 registered (C3 signed in 2026): 1 / 2
      contracts_honoured: part(1, 2, 15),
      // planned start 12-02; first move into under_construction 12-02 02:00 Shanghai: 1 / 1
      starts_and_completions_on_time: part(1, 1, 20),
      // deadline 11-30, closed 11-30 18:00 Shanghai (the 2026 item is outside Q4): 1 / 1
      supervision_closed_in_time: part(1, 1, 10),
      targets_on_pace: part(0, 0, 10),
    });
    // (12.5 + 10 + 7.5 + 20 + 10) / (25 + 20 + 15 + 20 + 10) × 100 = 60 / 90 × 100 = 66.67
    expect([p1.score, p1.finalScore]).toEqual([66.67, 66.67]);
  });

  it('scores P2: investment credited up to the plan, a completion late by the zone calendar', () => {
    const p2 = scoreOf(run1, d.p2.id);
    expect(p2.parts).toMatchObject({
      milestones_on_time: part(1, 1, 25),
      // planned completion 12-20 is past by 12-31: all 1,200,000 is due; 1,500,000 verified is
      // credited as 1,200,000
      investment_verified_vs_plan: part(1_200_000, 1_200_000, 20),
      contracts_honoured: part(0, 0, 15),
      // planned completion 12-20; completed 12-20 16:30 UTC = 12-21 00:30 Shanghai: 0 / 1
      starts_and_completions_on_time: part(0, 1, 20),
      supervision_closed_in_time: part(0, 0, 10),
    });
    // (25 + 20 + 0) / (25 + 20 + 20) × 100 = 45 / 65 × 100 = 69.2307… → 69.23
    expect(p2.score).toBe(69.23);
  });

  it('scores P3: a contract it was made from, a late start, items closed late and left open', () => {
    const p3 = scoreOf(run1, d.p3.id);
    expect(p3.parts).toMatchObject({
      milestones_on_time: part(2, 3, 25),
      // no planned completion date: no planned pace
      investment_verified_vs_plan: part(0, 0, 20),
      // C4, terminated
      contracts_honoured: part(0, 1, 15),
      // planned start 10-15, started 10-20
      starts_and_completions_on_time: part(0, 1, 20),
      // 10-31 closed 11-01 (late), 12-31 closed 23:59:59 Shanghai (in time), 12-10 open
      supervision_closed_in_time: part(1, 3, 10),
    });
    // (25 × 2/3 + 0 + 0 + 10 × 1/3) / (25 + 15 + 20 + 10) × 100 = 20 / 70 × 100 = 28.57
    expect(p3.score).toBe(28.57);
  });

  it('ranks projects by score with a shared rank for a tie, and leaves a project without data unranked', () => {
    // P4: milestones only, 2 of 3 on time: 66.67, tied with P1 (both 2/3)
    // P6: nothing to measure: no score, no rank
    expect(table(run1, 'project')).toEqual({
      [d.p2.id]: [69.23, 1],
      [d.p1.id]: [66.67, 2],
      [d.p4.id]: [66.67, 2],
      [d.p3.id]: [28.57, 4],
      [d.p6Empty.id]: [null, null],
    });
    expect(run1.scores.project.items.map((s) => s.subjectId).slice(-1)).toEqual([d.p6Empty.id]);
    expect(scoreOf(run1, d.p6Empty.id).parts.milestones_on_time).toEqual(part(0, 0, 25));
  });

  it('rolls park A up over sub-park A1 from summed counts, not from averaged scores', () => {
    const a1 = scoreOf(run1, d.subA1.id);
    expect(a1.parts).toMatchObject({
      milestones_on_time: part(3, 4, 25), // P2 1/1 + P3 2/3
      investment_verified_vs_plan: part(1_200_000, 1_200_000, 20), // P2 only
      contracts_honoured: part(1, 2, 15), // A1's own: C4 terminated, C5 funds_in_place
      starts_and_completions_on_time: part(0, 2, 20), // P2's completion, P3's start
      supervision_closed_in_time: part(1, 3, 10), // P3's three items
    });
    // (18.75 + 20 + 7.5 + 0 + 10/3) / 90 × 100 = 49.5833… / 90 × 100 = 55.09
    expect(a1.score).toBe(55.09);

    const a = scoreOf(run1, d.parkA.id);
    expect(a.parts).toMatchObject({
      // P1 2/4 + P4 2/3 + P2 1/1 + P3 2/3 = 7 / 11 (P5 is deleted)
      milestones_on_time: part(7, 11, 25),
      // P1 500,000 / 1,000,000 + P2 1,200,000 (credited) / 1,200,000
      investment_verified_vs_plan: part(1_700_000, 2_200_000, 20),
      // own rows of A and A1 signed by 12-31: C1 yes, C2 no, C6 no, C4 no, C5 yes
      contracts_honoured: part(2, 5, 15),
      // P1's start on time, P2's completion and P3's start late
      starts_and_completions_on_time: part(1, 3, 20),
      // P1's item in time, P3's: one of three (P5's item does not count)
      supervision_closed_in_time: part(2, 4, 10),
    });
    // (25 × 7/11 + 20 × 17/22 + 15 × 2/5 + 20 × 1/3 + 10 × 1/2) / 90 × 100
    //   = (15.909 + 15.455 + 6 + 6.667 + 5) / 90 × 100 = 49.0303 / 90 × 100 = 54.478… → 54.48
    expect(a.score).toBe(54.48);
    expect(table(run1, 'park')).toEqual({ [d.subA1.id]: [55.09, 1], [d.parkA.id]: [54.48, 2] });
  });

  it('scores officers over the projects they are the officer of', () => {
    const one = scoreOf(run1, d.officer1.id);
    expect(one.parts).toMatchObject({
      milestones_on_time: part(3, 5, 25), // P1 2/4 + P2 1/1
      investment_verified_vs_plan: part(1_700_000, 2_200_000, 20), // P1 + P2
      contracts_honoured: part(1, 2, 15), // P1's C1 and C2
      starts_and_completions_on_time: part(1, 2, 20), // P1 on time, P2 late
      supervision_closed_in_time: part(1, 1, 10), // P1's item
    });
    // (15 + 15.4545 + 7.5 + 10 + 10) / 90 × 100 = 57.9545 / 90 × 100 = 64.39
    expect(one.score).toBe(64.39);
    // officer two: P3 + P4 + P6: milestones 4/6 × 25 = 16.667, contracts 0/1, starts 0/1,
    // supervision 1/3 × 10 = 3.333; no investment: 20 / 70 × 100 = 28.57
    expect(scoreOf(run1, d.officer2.id).parts.investment_verified_vs_plan).toEqual(part(0, 0, 20));
    expect(table(run1, 'officer')).toEqual({
      [d.officer1.id]: [64.39, 1],
      [d.officer2.id]: [28.57, 2],
    });
  });

  it('re-running the period makes run 2 with the same scores and ranks, never a duplicate', async () => {
    const res = await as(t, manager).post('/assessments', {
      period: '2025-Q4',
      parkId: d.parkA.id,
    });
    expect(res.status).toBe(201);
    const run2: Detail = res.body;
    expect([run2.run, run2.formulaVersion]).toEqual([2, 1]);
    expect(run2.id).not.toBe(run1.id);
    const strip = (detail: Detail) =>
      Object.values(detail.scores)
        .flatMap((g) => g.items)
        .map(({ subjectType, subjectId, score, rank, parts }) => ({
          subjectType,
          subjectId,
          score,
          rank,
          parts,
        }));
    expect(strip(run2)).toEqual(strip(run1));
    const { rows } = await t.db.query(
      `SELECT run FROM assessments WHERE park_id = $1 AND period = '2025-Q4' ORDER BY run`,
      [d.parkA.id],
    );
    expect(rows.map((r) => r.run)).toEqual([1, 2]);
    const audit = await auditRows(t.db, 'assessment', run2.id);
    expect(audit).toMatchObject([
      {
        action: 'create',
        actorId: manager.id,
        parkId: d.parkA.id,
        after: { run: 2, formulaVersion: 1, subjects: { project: 5, park: 2, officer: 2 } },
      },
    ]);
  });

  it('gives two runs of one period started at the same moment consecutive run numbers', async () => {
    const post = () =>
      as(t, manager).post('/assessments', { period: '2025-Q4', parkId: d.parkA.id });
    const [a, b] = await Promise.all([post(), post()]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect([a.body.run, b.body.run].sort()).toEqual([3, 4]);
    expect(table(a.body, 'project')).toEqual(table(b.body, 'project'));
  });

  it('gives different scores on the same data once a new formula version is current', async () => {
    const v2 = await as(t, admin).post('/assessment-formulas', {
      measures: [
        { key: 'milestones_on_time', weight: 50 },
        { key: 'supervision_closed_in_time', weight: 50 },
        { key: 'targets_on_pace', weight: 10 },
      ],
      description: 'Milestones and supervision only',
    });
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ version: 2, createdBy: admin.id });
    const res = await as(t, manager).post('/assessments', {
      period: '2025-Q4',
      parkId: d.parkA.id,
    });
    const run3: Detail = res.body;
    expect([run3.run, run3.formulaVersion, run3.formula.version]).toEqual([5, 2, 2]);
    // P1: (50 × 2/4 + 50 × 1/1) / 100 × 100 = 75; P2: milestones only 1/1 = 100;
    // P3: (50 × 2/3 + 50 × 1/3) / 100 × 100 = 50; P4: 2/3 = 66.67; targets never apply
    expect(table(run3, 'project')).toEqual({
      [d.p2.id]: [100, 1],
      [d.p1.id]: [75, 2],
      [d.p4.id]: [66.67, 3],
      [d.p3.id]: [50, 4],
      [d.p6Empty.id]: [null, null],
    });
    expect(Object.keys(scoreOf(run3, d.p1.id).parts).sort()).toEqual([
      'milestones_on_time',
      'supervision_closed_in_time',
      'targets_on_pace',
    ]);
    // run 1 keeps the scores of version 1
    const again = await as(t, manager).get(`/assessments/${run1.id}`).expect(200);
    expect(table(again.body, 'project')).toEqual(table(run1, 'project'));
  });

  it('runs the whole zone for admins: every park, park B and its project included', async () => {
    const res = await as(t, admin).post('/assessments', { period: '2025-Q4' });
    expect(res.status).toBe(201);
    const zone: Detail = res.body;
    expect(zone).toMatchObject({ parkId: null, parkName: null, run: 1 });
    expect(zone.scores.park.items.map((s) => s.subjectName).sort()).toEqual([
      'Park A',
      'Park B',
      'Sub-park A1',
      'Zone Z',
    ]);
    // PB: one milestone, on time: 100 under version 2
    expect(scoreOf(zone, d.pB.id).score).toBe(100);
    expect(zone.scores.project.total).toBe(6);
  });
});
