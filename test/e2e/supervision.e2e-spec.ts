import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  makePark,
  makeProject,
  makeUser,
  type ParkRow,
  type UserRow,
} from '../factories/factories.js';
import { auditRows, fieldsOf, makeProgress } from '../factories/projects-factories.js';
import {
  FROZEN_TODAY,
  freezeClock,
  makeSupervisionItem,
} from '../factories/supervision-factories.js';
import { csvOf } from '../support/csv.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const REASON = 'No progress reported for 151 days (red at 90)';

describe('supervision items', () => {
  let t: TestApp;
  let parkA: ParkRow;
  let subA: ParkRow;
  let parkB: ParkRow;
  let admin: UserRow;
  let manager: UserRow;
  let owner: UserRow;
  let colleague: UserRow;
  let viewer: UserRow;
  let outsider: UserRow;

  /** Under construction and silent since January 1st: red (151 days) on the frozen June 1st. */
  const redProject = (parkId = parkA.id) =>
    makeProject(t.db, {
      parkId,
      stage: 'under_construction',
      officerId: owner.id,
      createdAt: '2026-01-01T00:00:00Z',
    });
  const item = async (values: Record<string, unknown> = {}) => {
    const project = await makeProject(t.db, { parkId: parkA.id, officerId: owner.id });
    return makeSupervisionItem(t.db, {
      projectId: project.id,
      parkId: parkA.id,
      ownerId: owner.id,
      ...values,
    });
  };
  const step = (user: UserRow, id: string, body: object) =>
    as(t, user).post(`/supervision-items/${id}/steps`, body);
  const itemsOf = async (projectId: string) =>
    (
      await t.db.query('SELECT id, status FROM supervision_items WHERE project_id = $1', [
        projectId,
      ])
    ).rows;

  beforeAll(async () => {
    t = await createTestApp();
    freezeClock(t);
    parkA = await makePark(t.db);
    subA = await makePark(t.db, { parentId: parkA.id });
    parkB = await makePark(t.db);
    admin = await makeUser(t.db, { role: 'admin' });
    manager = await makeUser(t.db, { role: 'manager', parkIds: [parkA.id] });
    owner = await makeUser(t.db, { role: 'officer', parkIds: [parkA.id] });
    colleague = await makeUser(t.db, { role: 'officer', parkIds: [parkA.id] });
    viewer = await makeUser(t.db, { role: 'viewer', parkIds: [parkA.id] });
    outsider = await makeUser(t.db, { role: 'manager', parkIds: [parkB.id] });
  });
  afterAll(() => t.close());

  it('opens one item per project and red rule, and nothing when run again', async () => {
    const red = await redProject();
    const yellow = await makeProject(t.db, { parkId: parkA.id, stage: 'signed' });
    await makeProgress(t.db, { projectId: yellow.id, date: '2026-03-20' }); // 73 days
    const elsewhere = await redProject(parkB.id);

    // no body at all: every park the manager sees
    const first = await t.http
      .post('/api/v1/supervision-items/evaluate')
      .set('authorization', `Bearer ${t.token(manager)}`)
      .expect(200);
    expect(first.body.evaluatedProjects).toBe(2);
    expect(first.body.opened).toEqual([
      expect.objectContaining({
        projectId: red.id,
        parkId: parkA.id,
        source: 'rule',
        ruleKind: 'no_progress_days',
        reason: REASON,
        severity: 'red',
        ownerId: owner.id,
        deadline: '2026-07-01',
        status: 'assigned',
        stepDeadline: '2026-06-04',
        createdBy: null,
        version: 1,
      }),
    ]);
    const again = await as(t, manager).post('/supervision-items/evaluate', {}).expect(200);
    expect(again.body).toEqual({ evaluatedProjects: 2, opened: [] });
    expect(await itemsOf(red.id)).toHaveLength(1);
    expect(await itemsOf(yellow.id)).toHaveLength(0);
    expect(await itemsOf(elsewhere.id)).toHaveLength(0);

    const id = first.body.opened[0].id;
    const view = await as(t, owner).get(`/supervision-items/${id}`).expect(200);
    expect(view.body.steps).toEqual([
      expect.objectContaining({
        fromStep: null,
        toStep: 'assigned',
        note: 'Opened by the warning rules',
        deadline: '2026-06-04',
        actorId: null,
      }),
    ]);
    expect(
      (await auditRows(t.db, 'supervision_item', id)).map((a) => [a.action, a.actorId]),
    ).toEqual([['create', manager.id]]);
  });

  it('evaluates a park within your scope with its sub-parks, and only for managers', async () => {
    const inSub = await redProject(subA.id);
    const res = await as(t, manager)
      .post('/supervision-items/evaluate', { parkId: subA.id })
      .expect(200);
    expect(res.body.evaluatedProjects).toBe(1);
    expect(res.body.opened.map((i: { projectId: string }) => i.projectId)).toEqual([inSub.id]);
    await as(t, manager).post('/supervision-items/evaluate', { parkId: parkB.id }).expect(404);
    await as(t, owner).post('/supervision-items/evaluate').expect(403);
    await as(t, viewer).post('/supervision-items/evaluate').expect(403);
    const bad = await as(t, manager).post('/supervision-items/evaluate', { parkId: 'B', x: 1 });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(['parkId', 'x']);
    const all = await as(t, admin).post('/supervision-items/evaluate').expect(200);
    expect(all.body.opened).toHaveLength(1); // parkB's red project, out of the manager's reach
  });

  it('opens one item when two evaluations run at once', async () => {
    const p = await redProject(subA.id);
    const run = () => as(t, manager).post('/supervision-items/evaluate', { parkId: subA.id });
    const [a, b] = await Promise.all([run(), run()]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const opened = [...a.body.opened, ...b.body.opened] as { projectId: string }[];
    expect(opened.filter((i) => i.projectId === p.id)).toHaveLength(1);
    expect(await itemsOf(p.id)).toHaveLength(1);
  });

  it('closes nothing by itself; a closed item lets the next red run open a new one', async () => {
    const p = await redProject();
    const [opened] = (await as(t, manager).post('/supervision-items/evaluate')).body.opened;
    await makeProgress(t.db, { projectId: p.id, date: FROZEN_TODAY }); // green again
    await as(t, manager).post('/supervision-items/evaluate').expect(200);
    expect(await itemsOf(p.id)).toEqual([{ id: opened.id, status: 'assigned' }]);

    const late = await redProject();
    const [first] = (await as(t, manager).post('/supervision-items/evaluate')).body.opened;
    await t.db.query(
      `UPDATE supervision_items SET status = 'closed', resolution = 'Done', closed_at = now()
        WHERE id = $1`,
      [first.id],
    );
    const next = await as(t, manager).post('/supervision-items/evaluate').expect(200);
    expect(next.body.opened.map((i: { projectId: string }) => i.projectId)).toEqual([late.id]);
    expect(await itemsOf(late.id)).toHaveLength(2);
  });

  it('walks an item through its steps to closure, recording who, when and each deadline', async () => {
    const { id } = await item();
    const moves: [UserRow, object, object][] = [
      [owner, { to: 'acknowledged', note: 'Seen' }, { stepDeadline: '2026-06-03' }],
      [owner, { to: 'in_progress', deadline: '2026-06-20' }, { stepDeadline: '2026-06-20' }],
      [owner, { to: 'responded', note: 'Crane back on site' }, { stepDeadline: '2026-06-06' }],
      [manager, { to: 'reviewed' }, { stepDeadline: '2026-06-04' }],
    ];
    for (const [user, body, expected] of moves) {
      const res = await step(user, id, body).expect(200);
      expect(res.body).toMatchObject({ status: (body as { to: string }).to, ...expected });
    }
    await step(owner, id, { to: 'closed', resolution: 'Back on schedule' }).expect(403);
    const missing = await step(manager, id, { to: 'closed', resolution: '  ' }).expect(400);
    expect(fieldsOf(missing.body)).toEqual(['resolution']);
    const closed = await step(manager, id, { to: 'closed', resolution: 'Back on schedule' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      status: 'closed',
      resolution: 'Back on schedule',
      closedBy: manager.id,
      closedAt: expect.any(String),
      version: 6,
    });
    expect(
      closed.body.steps.map((s: Record<string, unknown>) => [s.fromStep, s.toStep, s.actorId]),
    ).toEqual([
      ['assigned', 'acknowledged', owner.id],
      ['acknowledged', 'in_progress', owner.id],
      ['in_progress', 'responded', owner.id],
      ['responded', 'reviewed', manager.id],
      ['reviewed', 'closed', manager.id],
    ]);
    expect(closed.body.steps[0]).toMatchObject({ note: 'Seen', deadline: '2026-06-03' });
    const final = await step(manager, id, { to: 'in_progress', note: 'Reopen' }).expect(409);
    expect(final.body).toMatchObject({ code: 'INVALID_TRANSITION' });
    const audit = await auditRows(t.db, 'supervision_item', id);
    expect(audit.map((a) => [a.action, a.after?.status])).toEqual(
      ['acknowledged', 'in_progress', 'responded', 'reviewed', 'closed'].map((s) => ['update', s]),
    );
  });

  it('refuses backward and sideways steps, and lets a reviewer send a response back', async () => {
    const working = await item({ status: 'in_progress' });
    const back = await step(manager, working.id, { to: 'acknowledged' }).expect(409);
    expect(back.body).toMatchObject({
      code: 'INVALID_TRANSITION',
      message:
        'A supervision item cannot move from in_progress to acknowledged; allowed: responded',
    });
    await step(manager, working.id, { to: 'reviewed' }).expect(409);
    await step(manager, working.id, { to: 'bogus' }).expect(400);

    const answered = await item({ status: 'responded' });
    await step(owner, answered.id, { to: 'in_progress', note: 'More to do' }).expect(403);
    const why = await step(manager, answered.id, { to: 'in_progress' }).expect(400);
    expect(fieldsOf(why.body)).toEqual(['note']);
    const sent = await step(manager, answered.id, { to: 'in_progress', note: 'No date given' });
    expect(sent.body).toMatchObject({ status: 'in_progress', stepDeadline: '2026-06-11' });
    const stale = await step(owner, answered.id, { to: 'responded', version: 1 }).expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    await step(owner, answered.id, { to: 'responded', version: 2 }).expect(200);
  });

  it('lets officers act only on items they own, and hides items outside your parks', async () => {
    const { id } = await item();
    await step(colleague, id, { to: 'acknowledged' }).expect(403);
    await step(viewer, id, { to: 'acknowledged' }).expect(403);
    await step(outsider, id, { to: 'acknowledged' }).expect(404);
    await as(t, outsider).get(`/supervision-items/${id}`).expect(404);
    await as(t, outsider)
      .patch(`/supervision-items/${id}`, { severity: 'yellow', version: 1 })
      .expect(404);
    await as(t, viewer).get(`/supervision-items/${id}`).expect(200);
    const theirs = (await as(t, outsider).get('/supervision-items').expect(200)).body.items;
    expect(theirs.map((i: { parkId: string }) => i.parkId)).toEqual([parkB.id]);
    const acked = await step(owner, id, { to: 'acknowledged' }).expect(200);
    expect(acked.body).toMatchObject({ status: 'acknowledged', version: 2 });
  });

  it("opens a manual item for managers, owned by the project's officer by default", async () => {
    const project = await makeProject(t.db, { parkId: parkA.id, officerId: owner.id });
    const body = { projectId: project.id, reason: 'Labour shortage on site', severity: 'yellow' };
    const res = await as(t, manager).post('/supervision-items', body).expect(201);
    expect(res.body).toMatchObject({
      ...body,
      parkId: parkA.id,
      source: 'manual',
      ruleKind: null,
      ownerId: owner.id,
      deadline: '2026-07-01',
      status: 'assigned',
      stepDeadline: '2026-06-04',
      createdBy: manager.id,
      steps: [{ fromStep: null, toStep: 'assigned', actorId: manager.id }],
    });
    expect((await auditRows(t.db, 'supervision_item', res.body.id))[0]).toMatchObject({
      action: 'create',
      actorId: manager.id,
      parkId: parkA.id,
    });
    await as(t, owner).post('/supervision-items', body).expect(403);
    await as(t, viewer).post('/supervision-items', body).expect(403);
    for (const ownerId of [outsider.id, viewer.id]) {
      const bad = await as(t, manager)
        .post('/supervision-items', { ...body, ownerId })
        .expect(400);
      expect(fieldsOf(bad.body)).toEqual(['ownerId']);
    }
    const past = await as(t, manager)
      .post('/supervision-items', { ...body, deadline: '2026-05-31' })
      .expect(400);
    expect(fieldsOf(past.body)).toEqual(['deadline']);
    const wrong = await as(t, manager)
      .post('/supervision-items', { ...body, severity: 'orange', source: 'rule' })
      .expect(400);
    expect(fieldsOf(wrong.body)).toEqual(['severity', 'source']);
    const hidden = await redProject(parkB.id);
    await as(t, manager)
      .post('/supervision-items', { ...body, projectId: hidden.id })
      .expect(404);
  });

  it('lets managers change owner, deadline and severity with the version they read', async () => {
    const { id } = await item({ stepDeadline: '2026-06-10' });
    const patched = await as(t, manager)
      .patch(`/supervision-items/${id}`, {
        ownerId: colleague.id,
        deadline: '2026-06-05',
        version: 1,
      })
      .expect(200);
    expect(patched.body).toMatchObject({
      ownerId: colleague.id,
      deadline: '2026-06-05',
      stepDeadline: '2026-06-05',
      version: 2,
    });
    const stale = await as(t, manager)
      .patch(`/supervision-items/${id}`, { severity: 'yellow', version: 1 })
      .expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    await as(t, owner)
      .patch(`/supervision-items/${id}`, { severity: 'yellow', version: 2 })
      .expect(403);
    const [update] = await auditRows(t.db, 'supervision_item', id);
    expect(update).toMatchObject({
      action: 'update',
      actorId: manager.id,
      before: { ownerId: owner.id, deadline: '2026-07-01' },
      after: { ownerId: colleague.id, deadline: '2026-06-05' },
    });
    const closed = await item({ status: 'closed', resolution: 'Done', closedAt: new Date() });
    await as(t, manager)
      .patch(`/supervision-items/${closed.id}`, { severity: 'yellow', version: 1 })
      .expect(409);
  });

  it('filters, sorts and exports the list', async () => {
    const parkC = await makePark(t.db, { parentId: parkA.id });
    const subC = await makePark(t.db, { parentId: parkC.id });
    const project = await makeProject(t.db, { parkId: parkC.id });
    const subProject = await makeProject(t.db, { parkId: subC.id });
    const base = { projectId: project.id, parkId: parkC.id, ownerId: owner.id };
    const late = await makeSupervisionItem(t.db, {
      ...base,
      source: 'rule',
      ruleKind: 'no_progress_days',
      deadline: '2026-05-20',
    });
    const working = await makeSupervisionItem(t.db, {
      ...base,
      status: 'in_progress',
      severity: 'yellow',
      deadline: '2026-06-30',
    });
    const done = await makeSupervisionItem(t.db, {
      ...base,
      status: 'closed',
      resolution: 'Done',
      closedAt: new Date(),
      deadline: '2026-05-01',
    });
    const below = await makeSupervisionItem(t.db, {
      projectId: subProject.id,
      parkId: subC.id,
      ownerId: colleague.id,
      status: 'acknowledged',
      deadline: '2026-06-15',
    });
    const ids = async (query: string) =>
      (
        await as(t, manager).get(`/supervision-items?parkId=${parkC.id}&${query}`).expect(200)
      ).body.items.map((i: { id: string }) => i.id);
    expect(await ids('')).toEqual([done.id, late.id, below.id, working.id]);
    expect(await ids('sort=-deadline')).toEqual([working.id, below.id, late.id, done.id]);
    expect(await ids('status=assigned,in_progress')).toEqual([late.id, working.id]);
    expect(await ids('overdue=true')).toEqual([late.id]);
    expect(await ids('overdue=false')).toEqual([done.id, below.id, working.id]);
    expect(await ids('severity=yellow')).toEqual([working.id]);
    expect(await ids('source=rule&ruleKind=no_progress_days')).toEqual([late.id]);
    expect(await ids(`ownerId=${colleague.id}`)).toEqual([below.id]);
    expect(await ids(`projectId=${subProject.id}`)).toEqual([below.id]);
    expect(await ids('sort=status')).toEqual([late.id, below.id, working.id, done.id]);
    await as(t, manager).get('/supervision-items?status=open').expect(400);
    await as(t, manager).get('/supervision-items?overdue=yes').expect(400);

    const csv = await csvOf(t, manager, `/supervision-items?parkId=${parkC.id}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const [header, ...rows] = csv.rows;
    expect(header).toEqual(expect.arrayContaining(['id', 'status', 'deadline', 'reason']));
    expect(rows.map((r) => r[header.indexOf('id')])).toEqual([
      done.id,
      late.id,
      below.id,
      working.id,
    ]);
  });
});
