import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  makeMilestone,
  makePark,
  makeProject,
  makeUser,
  type ParkRow,
  type UserRow,
} from '../factories/factories.js';
import { addDays, auditRows, fieldsOf, makeProgress } from '../factories/projects-factories.js';
import {
  FROZEN_NOW,
  FROZEN_TODAY,
  freezeClock,
  storedLight,
} from '../factories/supervision-factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const DEFAULTS = [
  { kind: 'no_progress_days', yellowAt: 60, redAt: 90, enabled: true },
  { kind: 'milestone_overdue_days', yellowAt: 1, redAt: 15, enabled: true },
  { kind: 'behind_pace_percent', yellowAt: 15, redAt: 30, enabled: true },
  { kind: 'investment_shortfall_percent', yellowAt: 20, redAt: 40, enabled: true },
];
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
// 40 days after the start, 40 days before the planned completion: the planned pace is 50 %
const HALFWAY = { startDate: addDays(FROZEN_TODAY, -40), plannedCompletionDate: '2026-07-11' };

describe('warning rules and project lights', () => {
  let t: TestApp;
  let zone: ParkRow;
  let parkA: ParkRow;
  let subA: ParkRow;
  let parkB: ParkRow;
  let admin: UserRow;
  let officer: UserRow;
  let viewer: UserRow;
  let outsider: UserRow;

  /** A project under construction whose latest progress is `days` old (zone calendar). */
  const silentFor = async (days: number, parkId = parkA.id, values: object = {}) => {
    const p = await makeProject(t.db, { parkId, stage: 'under_construction', ...values });
    await makeProgress(t.db, { projectId: p.id, date: addDays(FROZEN_TODAY, -days) });
    return p;
  };
  const health = async (id: string, user: UserRow = admin) =>
    (await as(t, user).get(`/projects/${id}/health`).expect(200)).body;
  const lightOf = async (id: string) => (await health(id)).light;
  const ruleOf = (body: { rules: { kind: string }[] }, kind: string) =>
    body.rules.find((r) => r.kind === kind);

  beforeAll(async () => {
    t = await createTestApp();
    freezeClock(t);
    zone = await makePark(t.db, { kind: 'zone' });
    parkA = await makePark(t.db, { parentId: zone.id, name: 'Lingang District' });
    subA = await makePark(t.db, { parentId: parkA.id });
    parkB = await makePark(t.db, { parentId: zone.id });
    admin = await makeUser(t.db, { role: 'admin' });
    officer = await makeUser(t.db, { role: 'officer', parkIds: [parkA.id] });
    viewer = await makeUser(t.db, { role: 'viewer', parkIds: [parkA.id] });
    outsider = await makeUser(t.db, { role: 'officer', parkIds: [parkB.id] });
  });
  afterAll(() => t.close());

  it('turns yellow at 60 days without progress and red at 90 (59/60/61, 89/90/91)', async () => {
    const expected: [number, string][] = [
      [59, 'green'],
      [60, 'yellow'],
      [61, 'yellow'],
      [89, 'yellow'],
      [90, 'red'],
      [91, 'red'],
    ];
    for (const [days, light] of expected) {
      const p = await silentFor(days);
      const body = await health(p.id);
      expect({ days, light: body.light }).toEqual({ days, light });
      expect(await storedLight(t.db, p.id)).toBe(light);
      expect(ruleOf(body, 'no_progress_days')).toMatchObject({ value: days, applies: true });
    }
    const ninety = await health((await silentFor(90)).id);
    expect(ninety).toMatchObject({
      light: 'red',
      evaluatedAt: FROZEN_NOW.toISOString(),
      reasons: [
        {
          kind: 'no_progress_days',
          value: 90,
          yellowAt: 60,
          redAt: 90,
          light: 'red',
          message: 'No progress reported for 90 days (red at 90)',
        },
      ],
    });
  });

  it('counts days in the zone calendar, from creation when nothing was reported', async () => {
    // 17:00Z on April 2nd is already April 3rd in Shanghai: 59 days before June 1st, not 60
    const p = await makeProject(t.db, {
      parkId: parkA.id,
      stage: 'signed',
      plannedInvestment: '0',
      createdAt: '2026-04-02T17:00:00Z',
    });
    expect(ruleOf(await health(p.id), 'no_progress_days')).toMatchObject({ value: 59 });
    expect(await lightOf(p.id)).toBe('green');
    const clock = freezeClock(t, new Date('2026-06-01T16:00:00Z')); // June 2nd in the zone
    try {
      expect(await health(p.id)).toMatchObject({
        light: 'yellow',
        reasons: [{ message: 'No progress reported for 60 days (yellow at 60)' }],
      });
    } finally {
      clock.mockReturnValue(FROZEN_NOW);
    }
  });

  it('measures the most overdue open milestone: 1 day yellow, 15 days red', async () => {
    const due = async (dueDates: string[], done: string[] = []) => {
      const p = await silentFor(0);
      for (const dueDate of dueDates) await makeMilestone(t.db, { projectId: p.id, dueDate });
      for (const dueDate of done) {
        await makeMilestone(t.db, { projectId: p.id, dueDate, completedAt: FROZEN_NOW });
      }
      return health(p.id);
    };
    expect((await due([FROZEN_TODAY])).light).toBe('green');
    expect(await due([addDays(FROZEN_TODAY, -1), FROZEN_TODAY])).toMatchObject({
      light: 'yellow',
      reasons: [{ value: 1, message: 'A milestone is 1 day overdue (yellow at 1)' }],
    });
    expect((await due([addDays(FROZEN_TODAY, -14)])).light).toBe('yellow');
    // a completed milestone, however late, no longer counts
    const red = await due([addDays(FROZEN_TODAY, -15), addDays(FROZEN_TODAY, -3)], ['2026-01-01']);
    expect(red).toMatchObject({ light: 'red', reasons: [{ value: 15, light: 'red' }] });
  });

  it('compares the planned pace with the latest percent complete, from signed on', async () => {
    const paced = async (percent: number, stage = 'signed') => {
      const p = await makeProject(t.db, {
        parkId: parkA.id,
        stage,
        plannedInvestment: '0',
        ...HALFWAY,
      });
      await makeProgress(t.db, { projectId: p.id, date: '2026-05-01', percentComplete: 95 });
      await makeProgress(t.db, { projectId: p.id, date: '2026-05-20', percentComplete: percent });
      // the latest update states no percent: the latest stated one counts
      await makeProgress(t.db, { projectId: p.id, date: FROZEN_TODAY, percentComplete: null });
      return health(p.id);
    };
    expect(await paced(20)).toMatchObject({
      light: 'red',
      reasons: [{ kind: 'behind_pace_percent', value: 30, yellowAt: 15, redAt: 30, light: 'red' }],
    });
    expect((await paced(20)).reasons[0].message).toBe(
      '30 percentage points behind the planned pace (red at 30)',
    );
    expect(await paced(35)).toMatchObject({ light: 'yellow', reasons: [{ value: 15 }] });
    expect((await paced(36)).light).toBe('green');
    const lead = await paced(0, 'negotiating');
    expect(lead.light).toBe('green');
    expect(ruleOf(lead, 'behind_pace_percent')).toMatchObject({ applies: false, value: 50 });
    // not started yet: nothing to measure
    const future = await makeProject(t.db, {
      parkId: parkA.id,
      stage: 'preparing',
      startDate: '2026-06-02',
      plannedCompletionDate: '2026-12-31',
    });
    expect(ruleOf(await health(future.id), 'behind_pace_percent')).toMatchObject({ value: null });
  });

  it('compares verified investment with the planned pace of the planned investment', async () => {
    const funded = async (realizedInvestment: string) => {
      const p = await silentFor(0, parkA.id, {
        ...HALFWAY,
        plannedInvestment: '1000000.00',
        realizedInvestment,
      });
      await makeProgress(t.db, { projectId: p.id, date: FROZEN_TODAY, percentComplete: 50 });
      return health(p.id);
    };
    // expected by now: 500,000.00
    expect(await funded('300000.00')).toMatchObject({
      light: 'red',
      reasons: [
        {
          kind: 'investment_shortfall_percent',
          value: 40,
          message: 'Verified investment 40% short of the planned pace (red at 40)',
        },
      ],
    });
    expect(await funded('400000.00')).toMatchObject({ light: 'yellow', reasons: [{ value: 20 }] });
    expect((await funded('401000.00')).light).toBe('green');
    expect(ruleOf(await funded('650000.00'), 'investment_shortfall_percent')).toMatchObject({
      value: -30,
      light: 'green',
    });
  });

  it.each(['completed', 'in_operation', 'on_hold', 'dropped'])(
    'gives no light to a project %s, however late it is',
    async (stage) => {
      const p = await silentFor(400, parkA.id, { stage, light: 'red' });
      expect(await health(p.id)).toMatchObject({ light: null, reasons: [] });
      expect(await storedLight(t.db, p.id)).toBeNull();
    },
  );

  it('lets a park override the zone default for itself and every park below it', async () => {
    const inSub = await silentFor(45, subA.id);
    const inB = await silentFor(45, parkB.id);
    const put = await as(t, admin)
      .put('/warning-rules', {
        parkId: parkA.id,
        rules: [{ kind: 'no_progress_days', yellowAt: 20, redAt: 40 }],
      })
      .expect(200);
    expect(put.body.evaluatedProjects).toBeGreaterThan(1);
    expect(await storedLight(t.db, inSub.id)).toBe('red');
    expect(await lightOf(inB.id)).toBe('green');

    const inherited = await as(t, admin).get(`/warning-rules?parkId=${subA.id}`).expect(200);
    expect(
      inherited.body.rules.map((r: { kind: string; source: string }) => [r.kind, r.source]),
    ).toEqual([
      ['no_progress_days', 'parent'],
      ['milestone_overdue_days', 'zone'],
      ['behind_pace_percent', 'zone'],
      ['investment_shortfall_percent', 'zone'],
    ]);
    expect(inherited.body.rules[0]).toEqual({
      kind: 'no_progress_days',
      yellowAt: 20,
      redAt: 40,
      enabled: true,
      source: 'parent',
      sourceParkId: parkA.id,
      sourceParkName: 'Lingang District',
    });

    // the nearest park with a rule wins
    await as(t, admin)
      .put('/warning-rules', {
        parkId: subA.id,
        rules: [{ kind: 'no_progress_days', yellowAt: 50, redAt: 100, enabled: true }],
      })
      .expect(200);
    expect(await storedLight(t.db, inSub.id)).toBe('green');
    expect((await health(inSub.id)).rules[0]).toMatchObject({
      yellowAt: 50,
      sourceParkId: subA.id,
    });

    const removed = await as(t, admin)
      .put('/warning-rules', { parkId: parkA.id, rules: [] })
      .expect(200);
    expect(removed.body.rules.every((r: { source: string }) => r.source === 'zone')).toBe(true);
    const zoneView = await as(t, admin).get('/warning-rules').expect(200);
    expect(zoneView.body.rules).toEqual(
      DEFAULTS.map((r) => ({ ...r, source: 'zone', sourceParkId: null, sourceParkName: null })),
    );
    expect(zoneView.body.overrides.map((r: { parkId: string }) => r.parkId)).toEqual([subA.id]);

    const aRule = (
      await t.db.query(
        `SELECT entity_id FROM audit_log WHERE entity = 'warning_rule' AND park_id = $1`,
        [parkA.id],
      )
    ).rows[0].entity_id;
    expect(
      (await auditRows(t.db, 'warning_rule', aRule)).map((a) => [a.action, a.actorId]),
    ).toEqual([
      ['create', admin.id],
      ['delete', admin.id],
    ]);
  });

  it('refuses rules that make no sense, naming the field, and changes nothing', async () => {
    const bad = async (body: object, field: string) => {
      const res = await as(t, admin).put('/warning-rules', body).expect(400);
      expect(fieldsOf(res.body)).toEqual([field]);
    };
    const rule = { kind: 'no_progress_days', yellowAt: 10, redAt: 20 };
    await bad({ parkId: parkA.id, rules: [rule, { ...rule, yellowAt: 5 }] }, 'rules.1.kind');
    await bad({ parkId: parkA.id, rules: [{ ...rule, yellowAt: -1 }] }, 'rules.0.yellowAt');
    await bad({ parkId: parkA.id, rules: [{ ...rule, redAt: 9 }] }, 'rules.0.redAt');
    await bad({ parkId: parkA.id, rules: [{ ...rule, kind: 'weather' }] }, 'rules.0.kind');
    await bad({ parkId: null, rules: DEFAULTS.slice(1) }, 'rules');
    await bad({ rules: [] }, 'parkId');
    await bad({ parkId: NO_SUCH_ID, rules: [] }, 'parkId');
    const rules = await t.db.query(
      `SELECT count(*)::int AS n FROM warning_rules WHERE park_id = $1`,
      [parkA.id],
    );
    expect(rules.rows[0].n).toBe(0);
    // yellowAt null: straight to red
    const red = await as(t, admin)
      .put('/warning-rules', { parkId: parkB.id, rules: [{ ...rule, yellowAt: null }] })
      .expect(200);
    expect(red.body.rules[0]).toMatchObject({ yellowAt: null, redAt: 20, source: 'park' });
    await as(t, admin).put('/warning-rules', { parkId: parkB.id, rules: [] }).expect(200);
  });

  it('lists by light exactly the projects whose health says so', async () => {
    const parkC = await makePark(t.db, { parentId: zone.id });
    const made = [await silentFor(10, parkC.id), await silentFor(70, parkC.id)];
    made.push(await silentFor(120, parkC.id), await silentFor(5, parkC.id, { stage: 'on_hold' }));
    // one set-based evaluation of the whole zone (the PUT re-evaluates what it covers)
    const put = await as(t, admin).put('/warning-rules', { parkId: null, rules: DEFAULTS });
    expect(put.status).toBe(200);
    const listed = async (light: string) =>
      (
        await as(t, admin).get(`/projects?parkId=${parkC.id}&light=${light}&sort=code`).expect(200)
      ).body.items.map((p: { id: string }) => p.id);
    const byHealth = new Map<string, string | null>();
    for (const p of made) byHealth.set(p.id, await lightOf(p.id));
    for (const light of ['green', 'yellow', 'red', 'yellow,red']) {
      const wanted = made.filter((p) => light.split(',').includes(byHealth.get(p.id) ?? ''));
      expect({ light, ids: (await listed(light)).sort() }).toEqual({
        light,
        ids: wanted.map((p) => p.id).sort(),
      });
    }
    expect([...byHealth.values()]).toEqual(['green', 'yellow', 'red', null]);
  });

  it('re-lights a project in the same request as a progress update or a closed milestone', async () => {
    const p = await silentFor(100);
    expect(await lightOf(p.id)).toBe('red');
    await as(t, officer)
      .post(`/projects/${p.id}/progress`, { date: FROZEN_TODAY, note: 'Work resumed' })
      .expect(201);
    expect(await storedLight(t.db, p.id)).toBe('green');
    const changes = (await auditRows(t.db, 'project', p.id)).filter((a) => a.after?.light);
    expect(changes.map((a) => [a.before?.light, a.after?.light, a.actorId])).toEqual([
      [null, 'red', null],
      ['red', 'green', officer.id],
    ]);

    const late = await makeMilestone(t.db, { projectId: p.id, dueDate: '2026-05-01' });
    await as(t, officer)
      .post(`/projects/${p.id}/progress`, { date: FROZEN_TODAY, note: 'Milestone missed' })
      .expect(201);
    expect(await storedLight(t.db, p.id)).toBe('red');
    await as(t, officer)
      .patch(`/projects/${p.id}/milestones/${late.id}`, {
        completedAt: '2026-05-30T08:00:00Z',
        version: 1,
      })
      .expect(200);
    expect(await storedLight(t.db, p.id)).toBe('green');
  });

  it('keeps health in scope and the rules to admins', async () => {
    const p = await silentFor(70);
    expect((await health(p.id, viewer)).light).toBe('yellow');
    await as(t, outsider).get(`/projects/${p.id}/health`).expect(404);
    await as(t, officer).get(`/projects/${NO_SUCH_ID}/health`).expect(404);
    await as(t, officer).get('/warning-rules').expect(403);
    await as(t, viewer).put('/warning-rules', { parkId: null, rules: DEFAULTS }).expect(403);
    const manager = await makeUser(t.db, { role: 'manager', parkIds: [parkA.id] });
    await as(t, manager).put('/warning-rules', { parkId: parkA.id, rules: [] }).expect(403);
    await as(t, admin).get(`/warning-rules?parkId=${NO_SUCH_ID}`).expect(404);
  });
});
