import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  makePark,
  makeProject,
  makeUser,
  type ParkRow,
  type UserRow,
} from '../factories/factories.js';
import { auditRows, fieldsOf } from '../factories/projects-factories.js';
import { makeContract } from '../factories/deals-factories.js';
import { makeTransition, projectState, transitionRows } from '../factories/workflow-factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const FORWARD = [
  'lead',
  'negotiating',
  'signed',
  'preparing',
  'under_construction',
  'completed',
  'in_operation',
] as const;

/** The lifecycle through HTTP: the graph, the history, roles, scope and concurrency. */
describe('project lifecycle: moves and their history', () => {
  let t: TestApp;
  let zone: ParkRow;
  let other: ParkRow;
  let admin: UserRow;
  let manager: UserRow;
  let officer: UserRow;
  let viewer: UserRow;
  let outsider: UserRow;

  const path = (id: string) => `/projects/${id}/transitions`;
  /** POST a move with the version stored right now. */
  const move = async (user: UserRow, id: string, to: string, more: object = {}) =>
    as(t, user).post(path(id), {
      to,
      reason: `Moving to ${to}`,
      version: (await projectState(t.db, id)).version,
      ...more,
    });
  /** A move that must pass: its status, and the error body when it does not. */
  const moved = async (user: UserRow, id: string, to: string, more: object = {}) => {
    const res = await move(user, id, to, more);
    expect({ to, status: res.status, error: res.status === 201 ? null : res.body }).toEqual({
      to,
      status: 201,
      error: null,
    });
    return res;
  };
  /** A project already signed by contract, so every forward step passes its guard. */
  const signable = async (stage = 'lead') => {
    const project = await makeProject(t.db, { parkId: zone.id, stage });
    await makeContract(t.db, { parkId: zone.id, projectId: project.id });
    return project;
  };

  beforeAll(async () => {
    t = await createTestApp();
    zone = await makePark(t.db, { kind: 'zone' });
    other = await makePark(t.db);
    admin = await makeUser(t.db, { role: 'admin' });
    manager = await makeUser(t.db, { role: 'manager', parkIds: [zone.id] });
    officer = await makeUser(t.db, { role: 'officer', parkIds: [zone.id] });
    viewer = await makeUser(t.db, { role: 'viewer', parkIds: [zone.id] });
    outsider = await makeUser(t.db, { role: 'manager', parkIds: [other.id] });
  });
  afterAll(() => t.close());

  it('moves a project one step, answers the project and records who, when and why', async () => {
    const project = await makeProject(t.db, { parkId: zone.id });
    const startedAt = Date.now();
    const res = await as(t, officer)
      .post(path(project.id), { to: 'negotiating', reason: '  First talks with HP  ', version: 1 })
      .expect(201);
    expect(res.body).toMatchObject({ id: project.id, stage: 'negotiating', version: 2 });
    expect(res.body.code).toBe(project.code);
    expect(await projectState(t.db, project.id)).toMatchObject({
      stage: 'negotiating',
      version: 2,
    });
    const [row, ...more] = await transitionRows(t.db, project.id);
    expect(more).toEqual([]);
    expect(row).toMatchObject({
      fromStage: 'lead',
      toStage: 'negotiating',
      reason: 'First talks with HP',
      override: false,
      actorId: officer.id,
    });
    expect(Math.abs(row.at.getTime() - startedAt)).toBeLessThan(10_000);
    const audit = await auditRows(t.db, 'project', project.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'update', actorId: officer.id, parkId: zone.id });
    expect(audit[0].before).toMatchObject({ stage: 'lead', version: 1 });
    expect(audit[0].after).toMatchObject({ stage: 'negotiating', version: 2 });
  });

  it('walks the whole lifecycle one step at a time; in_operation is then final', async () => {
    const project = await signable();
    for (const to of FORWARD.slice(1)) {
      const res = await move(officer, project.id, to);
      expect({ to, status: res.status, stage: res.body.stage }).toEqual({
        to,
        status: 201,
        stage: to,
      });
    }
    const rows = await transitionRows(t.db, project.id);
    expect(rows.map((r) => [r.fromStage, r.toStage])).toEqual(
      FORWARD.slice(1).map((to, i) => [FORWARD[i], to]),
    );
    expect((await projectState(t.db, project.id)).version).toBe(FORWARD.length);
    for (const to of ['lead', 'completed', 'on_hold', 'dropped']) {
      const res = await move(admin, project.id, to);
      expect({ to, status: res.status, code: res.body.code }).toEqual({
        to,
        status: 409,
        code: 'INVALID_TRANSITION',
      });
      expect(res.body.message).toBe(
        `Project cannot move from in_operation to ${to}; in_operation is final`,
      );
    }
  });

  it('refuses a skip or a step back with 409 naming the allowed moves, writing nothing', async () => {
    const project = await makeProject(t.db, { parkId: zone.id });
    const skip = await move(manager, project.id, 'signed', { signedAt: '2025-01-01' });
    expect(skip.body).toMatchObject({
      status: 409,
      code: 'INVALID_TRANSITION',
      message: 'Project cannot move from lead to signed; allowed: negotiating, on_hold, dropped',
      details: [{ field: 'to', message: 'must be one of: negotiating, on_hold, dropped' }],
    });
    const self = await move(manager, project.id, 'lead');
    expect(self.status).toBe(409);
    const preparing = await signable('preparing');
    const back = await move(manager, preparing.id, 'signed');
    expect(back.status).toBe(409);
    expect(back.body.message).toMatch(/allowed: under_construction, on_hold, dropped$/);
    const completed = await makeProject(t.db, { parkId: zone.id, stage: 'completed' });
    for (const to of ['on_hold', 'dropped', 'under_construction']) {
      const res = await move(manager, completed.id, to);
      expect({ to, status: res.status, message: res.body.message }).toEqual({
        to,
        status: 409,
        message: `Project cannot move from completed to ${to}; allowed: in_operation`,
      });
    }
    for (const p of [project, preparing, completed]) {
      expect(await transitionRows(t.db, p.id)).toEqual([]);
      expect(await auditRows(t.db, 'project', p.id)).toEqual([]);
      expect((await projectState(t.db, p.id)).version).toBe(1);
    }
  });

  it('resumes a paused project only at the stage its latest pause left', async () => {
    const project = await signable('negotiating');
    await moved(officer, project.id, 'on_hold');
    const wrong = await move(officer, project.id, 'preparing');
    expect(wrong.status).toBe(409);
    expect(wrong.body.message).toBe(
      'Project cannot move from on_hold to preparing; allowed: negotiating, dropped',
    );
    await moved(officer, project.id, 'negotiating');
    await moved(officer, project.id, 'signed');
    await moved(officer, project.id, 'preparing');
    await moved(officer, project.id, 'on_hold');
    // the first pause (from negotiating) no longer decides
    const old = await move(officer, project.id, 'negotiating');
    expect(old.body.details).toEqual([
      { field: 'to', message: 'must be one of: preparing, dropped' },
    ]);
    const resumed = await moved(officer, project.id, 'preparing');
    expect(resumed.body.stage).toBe('preparing');
    expect((await transitionRows(t.db, project.id)).map((r) => r.toStage)).toEqual([
      'on_hold',
      'negotiating',
      'signed',
      'preparing',
      'on_hold',
      'preparing',
    ]);
  });

  it('lets a project paused outside the workflow (no recorded origin) only be dropped', async () => {
    const project = await makeProject(t.db, { parkId: zone.id, stage: 'on_hold' });
    const res = await move(manager, project.id, 'under_construction');
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/allowed: dropped \(no recorded move into on_hold/);
    // a recorded pause makes the way back known
    const recorded = await makeProject(t.db, { parkId: zone.id, stage: 'on_hold' });
    await makeTransition(t.db, {
      projectId: recorded.id,
      fromStage: 'under_construction',
      toStage: 'on_hold',
    });
    await moved(officer, recorded.id, 'under_construction');
    await moved(manager, project.id, 'dropped');
  });

  it('lets only managers and admins drop a project; dropped is final', async () => {
    const project = await makeProject(t.db, { parkId: zone.id, stage: 'preparing' });
    const refused = await move(officer, project.id, 'dropped');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      code: 'FORBIDDEN',
      message: 'Only a manager or an admin may drop a project',
    });
    expect(await projectState(t.db, project.id)).toMatchObject({ stage: 'preparing', version: 1 });
    expect(await transitionRows(t.db, project.id)).toEqual([]);
    const dropped = await moved(manager, project.id, 'dropped');
    expect(dropped.body.stage).toBe('dropped');
    const again = await move(admin, project.id, 'preparing');
    expect(again.body).toMatchObject({ status: 409, code: 'INVALID_TRANSITION' });
    expect(again.body.message).toMatch(/dropped is final$/);
    const paused = await makeProject(t.db, { parkId: zone.id, stage: 'on_hold' });
    await moved(admin, paused.id, 'dropped');
  });

  it('refuses viewers (403) but lets them read the history', async () => {
    const project = await makeProject(t.db, { parkId: zone.id });
    const res = await move(viewer, project.id, 'negotiating');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
    expect(await transitionRows(t.db, project.id)).toEqual([]);
    await as(t, viewer).get(path(project.id)).expect(200);
  });

  it('answers 404 for a project outside your parks, deleted or unknown; 400 for a bad id', async () => {
    const foreign = await makeProject(t.db, { parkId: other.id });
    const deleted = await makeProject(t.db, { parkId: zone.id, deletedAt: new Date() });
    const mine = await makeProject(t.db, { parkId: zone.id });
    for (const [user, id] of [
      [officer, foreign.id],
      [manager, foreign.id],
      [outsider, mine.id],
      [admin, deleted.id],
      [admin, '00000000-0000-4000-8000-000000000000'],
    ] as const) {
      const post = await as(t, user).post(path(id), { to: 'negotiating', reason: 'x', version: 1 });
      const get = await as(t, user).get(path(id));
      expect({ id, post: post.status, get: get.status, code: post.body.code }).toEqual({
        id,
        post: 404,
        get: 404,
        code: 'NOT_FOUND',
      });
    }
    expect(await projectState(t.db, foreign.id)).toMatchObject({ stage: 'lead', version: 1 });
    await as(t, officer).get('/projects/not-a-uuid/transitions').expect(400);
    await as(t, admin)
      .post(path(foreign.id), { to: 'negotiating', reason: 'x', version: 1 })
      .expect(201);
  });

  it('refuses a stale version with 409 VERSION_CONFLICT, a missing one with 400', async () => {
    const project = await makeProject(t.db, { parkId: zone.id });
    await moved(officer, project.id, 'negotiating');
    const stale = await as(t, officer)
      .post(path(project.id), { to: 'on_hold', reason: 'Investor silent', version: 1 })
      .expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const missing = await as(t, officer)
      .post(path(project.id), { to: 'on_hold', reason: 'Investor silent' })
      .expect(400);
    expect(fieldsOf(missing.body)).toEqual(['version']);
    expect(await projectState(t.db, project.id)).toMatchObject({
      stage: 'negotiating',
      version: 2,
    });
    expect(await transitionRows(t.db, project.id)).toHaveLength(1);
  });

  it('requires a reason of 1 to 2000 characters and a known stage, nothing else', async () => {
    const project = await makeProject(t.db, { parkId: zone.id });
    const post = (body: object) =>
      as(t, officer).post(path(project.id), { to: 'negotiating', version: 1, ...body });
    for (const [body, field] of [
      [{}, 'reason'],
      [{ reason: '' }, 'reason'],
      [{ reason: '   \n ' }, 'reason'],
      [{ reason: 42 }, 'reason'],
      [{ reason: 'x'.repeat(2001) }, 'reason'],
      [{ reason: 'ok', to: 'production' }, 'to'],
      [{ reason: 'ok', to: undefined }, 'to'],
      [{ reason: 'ok', override: 'yes' }, 'override'],
      [{ reason: 'ok', stage: 'signed' }, 'stage'],
      [{ reason: 'ok', actorId: officer.id }, 'actorId'],
    ] as const) {
      const res = await post(body);
      expect({ body, status: res.status, fields: fieldsOf(res.body) }).toEqual({
        body,
        status: 400,
        fields: [field],
      });
    }
    expect(await transitionRows(t.db, project.id)).toEqual([]);
    await post({ reason: 'x'.repeat(2000) }).expect(201);
    expect((await transitionRows(t.db, project.id))[0].reason).toHaveLength(2000);
  });

  it('lets exactly one of two clients moving one project with the same version win', async () => {
    for (const targets of [
      ['negotiating', 'negotiating'],
      ['negotiating', 'on_hold', 'dropped'],
    ]) {
      const project = await makeProject(t.db, { parkId: zone.id });
      const results = await Promise.all(
        targets.map((to, i) =>
          as(t, i % 2 ? officer : manager).post(path(project.id), {
            to,
            reason: `Client ${i}`,
            version: 1,
          }),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([201, ...targets.slice(1).map(() => 409)]);
      for (const loser of results.filter((r) => r.status === 409)) {
        expect(loser.body.code).toBe('VERSION_CONFLICT');
      }
      const winner = results.find((r) => r.status === 201)!;
      const rows = await transitionRows(t.db, project.id);
      expect(rows.map((r) => r.toStage)).toEqual([winner.body.stage]);
      expect(await projectState(t.db, project.id)).toMatchObject({
        stage: winner.body.stage,
        version: 2,
      });
      expect(await auditRows(t.db, 'project', project.id)).toHaveLength(1);
    }
  });

  it('keeps one winner even when both requests wait on the locked row together', async () => {
    const project = await makeProject(t.db, { parkId: zone.id });
    const holder = await t.db.connect();
    let results: { status: number; body: { code?: string } }[];
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM projects WHERE id = $1 FOR UPDATE', [project.id]);
      const racing = Promise.all(
        ['negotiating', 'on_hold'].map((to) =>
          as(t, officer).post(path(project.id), { to, reason: 'Race', version: 1 }),
        ),
      );
      // both requests are inside their transaction, blocked on the row: then let them go
      for (let waiting = 0, tries = 0; waiting < 2; tries++) {
        if (tries > 200) throw new Error('the two requests never waited on the row together');
        await new Promise((resolve) => setTimeout(resolve, 10));
        const { rows } = await t.db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        waiting = rows[0].n;
      }
      await holder.query('COMMIT');
      results = await racing;
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      holder.release();
    }
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)?.body.code).toBe('VERSION_CONFLICT');
    expect(await transitionRows(t.db, project.id)).toHaveLength(1);
    expect((await projectState(t.db, project.id)).version).toBe(2);
  });
});
