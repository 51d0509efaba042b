import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type EnterpriseRow,
  makeEnterprise,
  makePark,
  makeProject,
  makeUser,
  type ParkRow,
  type ProjectRow,
  type UserRow,
} from '../factories/factories.js';
import { addDays, auditRows, fieldsOf, zoneToday } from '../factories/projects-factories.js';
import { makeServiceRequest } from '../factories/service-factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('service requests (six-elements guarantee)', () => {
  let t: TestApp;
  let park: ParkRow;
  let enterprise: EnterpriseRow;
  let project: ProjectRow;
  let officer: UserRow;
  let manager: UserRow;
  let admin: UserRow;
  let today: string;

  const base = '/service-requests';
  const rowOf = async (id: string) =>
    (await t.db.query('SELECT * FROM service_requests WHERE id = $1', [id])).rows[0];
  const make = (values: Record<string, unknown> = {}) =>
    makeServiceRequest(t.db, { enterpriseId: enterprise.id, parkId: park.id, ...values });

  beforeAll(async () => {
    t = await createTestApp();
    today = zoneToday(t.config.zoneTimeZone);
    park = await makePark(t.db);
    enterprise = await makeEnterprise(t.db, { parkId: park.id, name: 'Weigao' });
    project = await makeProject(t.db, { parkId: park.id, enterpriseId: enterprise.id });
    officer = await makeUser(t.db, { role: 'officer', parkIds: [park.id] });
    manager = await makeUser(t.db, { role: 'manager', parkIds: [park.id] });
    admin = await makeUser(t.db, { role: 'admin' });
  });
  afterAll(() => t.close());

  it("creates, reads, updates and deletes a request under the enterprise's park, auditing each", async () => {
    const created = await as(t, officer)
      .post(base, {
        enterpriseId: enterprise.id,
        projectId: project.id,
        element: 'land',
        description: 'Phase II needs 20 mu more industrial land',
        dueDate: addDays(today, 5),
      })
      .expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      parkId: park.id,
      enterpriseId: enterprise.id,
      projectId: project.id,
      element: 'land',
      description: 'Phase II needs 20 mu more industrial land',
      ownerId: officer.id,
      dueDate: addDays(today, 5),
      status: 'open',
      resolution: null,
      resolvedAt: null,
      followUpSatisfaction: null,
      followUpNote: null,
      closedAt: null,
      createdBy: officer.id,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      version: 1,
    });
    const id = created.body.id;
    expect((await as(t, officer).get(`${base}/${id}`).expect(200)).body).toEqual(created.body);
    const updated = await as(t, officer)
      .patch(`${base}/${id}`, { description: 'Needs 30 mu', projectId: null, version: 1 })
      .expect(200);
    expect(updated.body).toMatchObject({ description: 'Needs 30 mu', projectId: null, version: 2 });
    expect(await rowOf(id)).toMatchObject({ description: 'Needs 30 mu', project_id: null });
    await as(t, officer).delete(`${base}/${id}`).expect(204);
    await as(t, officer).get(`${base}/${id}`).expect(404);
    expect(await rowOf(id)).toBeUndefined();

    const audit = await auditRows(t.db, 'service_request', id);
    expect(audit.map((a) => [a.action, a.actorId, a.parkId])).toEqual([
      ['create', officer.id, park.id],
      ['update', officer.id, park.id],
      ['delete', officer.id, park.id],
    ]);
    expect(audit[0].after).toMatchObject({ element: 'land', status: 'open' });
    expect(audit[1].before).toMatchObject({
      description: 'Phase II needs 20 mu more industrial land',
    });
    expect(audit[1].after).toMatchObject({ description: 'Needs 30 mu', projectId: null });
    expect(audit[2]).toMatchObject({ after: null, before: { description: 'Needs 30 mu' } });
  });

  it("defaults the due date to today in the zone plus the element's configured days", async () => {
    const settings = await as(t, officer).get(`${base}/settings`).expect(200);
    expect(settings.body).toEqual([
      { element: 'land', defaultDueDays: 30 },
      { element: 'policy', defaultDueDays: 7 },
      { element: 'innovation', defaultDueDays: 15 },
      { element: 'capital', defaultDueDays: 20 },
      { element: 'human_resources', defaultDueDays: 10 },
      { element: 'law', defaultDueDays: 10 },
    ]);
    await as(t, admin).put(`${base}/settings/innovation`, { defaultDueDays: 3 }).expect(200);
    const body = { enterpriseId: enterprise.id, description: 'Lab space' };
    const innovation = await as(t, officer)
      .post(base, { ...body, element: 'innovation' })
      .expect(201);
    expect(innovation.body.dueDate).toBe(addDays(today, 3));
    const land = await as(t, officer)
      .post(base, { ...body, element: 'land' })
      .expect(201);
    expect(land.body.dueDate).toBe(addDays(today, 30));
    // a date sent wins over the default
    const given = await as(t, officer)
      .post(base, { ...body, element: 'innovation', dueDate: addDays(today, 40) })
      .expect(201);
    expect(given.body.dueDate).toBe(addDays(today, 40));
  });

  it('lets an officer own what they create, but not a manager; an owner must be an active user', async () => {
    const body = { enterpriseId: enterprise.id, element: 'capital', description: 'Bridge loan' };
    const byManager = await as(t, manager).post(base, body).expect(201);
    expect(byManager.body).toMatchObject({ ownerId: null, createdBy: manager.id });
    const unowned = await as(t, officer)
      .post(base, { ...body, ownerId: null })
      .expect(201);
    expect(unowned.body.ownerId).toBeNull();
    const delegated = await as(t, manager)
      .post(base, { ...body, ownerId: officer.id })
      .expect(201);
    expect(delegated.body.ownerId).toBe(officer.id);

    const retired = await makeUser(t.db, { role: 'officer', parkIds: [park.id] });
    await t.db.query('UPDATE users SET deactivated_at = now() WHERE id = $1', [retired.id]);
    const nobody = '0b6c4d1e-3a55-4a8e-9a53-2d1f6b7f2a10';
    for (const ownerId of [retired.id, nobody]) {
      const res = await as(t, officer)
        .post(base, { ...body, description: 'Orphan', ownerId })
        .expect(400);
      expect(res.body.details).toEqual([{ field: 'ownerId', message: 'must be an active user' }]);
    }
    const res = await as(t, officer)
      .patch(`${base}/${byManager.body.id}`, { ownerId: retired.id, version: 1 })
      .expect(400);
    expect(fieldsOf(res.body)).toEqual(['ownerId']);
    expect(await rowOf(byManager.body.id)).toMatchObject({ owner_id: null, version: 1 });
    const orphans = await t.db.query(`SELECT 1 FROM service_requests WHERE description = 'Orphan'`);
    expect(orphans.rowCount).toBe(0);
  });

  it('refuses bad fields, naming them, and a due date before today in the zone', async () => {
    const bad = await as(t, officer)
      .post(base, {
        enterpriseId: 'not-a-uuid',
        element: 'water',
        description: '',
        dueDate: '2026-02-30',
        status: 'closed',
      })
      .expect(400);
    expect(fieldsOf(bad.body)).toEqual([
      'description',
      'dueDate',
      'element',
      'enterpriseId',
      'status',
    ]);
    const body = { enterpriseId: enterprise.id, element: 'law', description: 'Contract dispute' };
    const late = await as(t, officer)
      .post(base, { ...body, dueDate: addDays(today, -1) })
      .expect(400);
    expect(fieldsOf(late.body)).toEqual(['dueDate']);
    await as(t, officer)
      .post(base, { ...body, dueDate: null })
      .expect(400);
    const onToday = await as(t, officer)
      .post(base, { ...body, dueDate: today })
      .expect(201);
    expect(onToday.body.dueDate).toBe(today);

    // PATCH: no null due date, no moving the enterprise, not due before the request was made
    const id = onToday.body.id;
    const patches: [object, string][] = [
      [{ dueDate: null }, 'dueDate'],
      [{ dueDate: addDays(today, -1) }, 'dueDate'],
      [{ enterpriseId: enterprise.id }, 'enterpriseId'],
      [{ element: null }, 'element'],
      [{ description: null }, 'description'],
      [{ status: 'done' }, 'status'],
    ];
    for (const [patch, field] of patches) {
      const res = await as(t, officer)
        .patch(`${base}/${id}`, { ...patch, version: 1 })
        .expect(400);
      expect([patch, fieldsOf(res.body)]).toEqual([patch, [field]]);
    }
    expect(await rowOf(id)).toMatchObject({ due_date: today, version: 1 });
  });

  it('refuses a project of another enterprise, on create and on PATCH', async () => {
    const rival = await makeEnterprise(t.db, { parkId: park.id });
    const rivalProject = await makeProject(t.db, { parkId: park.id, enterpriseId: rival.id });
    const body = { enterpriseId: enterprise.id, element: 'policy', description: 'Subsidy' };
    const res = await as(t, officer)
      .post(base, { ...body, projectId: rivalProject.id })
      .expect(400);
    expect(res.body.details).toEqual([
      { field: 'projectId', message: 'must be a project of the enterprise' },
    ]);
    const subsidies = await t.db.query(
      `SELECT 1 FROM service_requests WHERE description = 'Subsidy'`,
    );
    expect(subsidies.rowCount).toBe(0);
    const request = await make();
    await as(t, officer)
      .patch(`${base}/${request.id}`, { projectId: rivalProject.id, version: 1 })
      .expect(400);
    const ok = await as(t, officer)
      .patch(`${base}/${request.id}`, { projectId: project.id, version: 1 })
      .expect(200);
    expect(ok.body.projectId).toBe(project.id);
  });

  describe('status', () => {
    const patch = (id: string, body: object) => as(t, officer).patch(`${base}/${id}`, body);

    it('moves open → in_progress → resolved, needing a resolution and stamping resolvedAt', async () => {
      const r = await make();
      const started = await patch(r.id, { status: 'in_progress', version: 1 }).expect(200);
      expect(started.body).toMatchObject({ status: 'in_progress', resolvedAt: null, version: 2 });
      for (const resolution of [undefined, null, '   ']) {
        const res = await patch(r.id, { status: 'resolved', resolution, version: 2 }).expect(400);
        expect(fieldsOf(res.body)).toEqual(['resolution']);
      }
      expect(await rowOf(r.id)).toMatchObject({ status: 'in_progress', resolved_at: null });
      const before = Date.now();
      const resolved = await patch(r.id, {
        status: 'resolved',
        resolution: 'Land allotted in block C',
        version: 2,
      }).expect(200);
      expect(resolved.body).toMatchObject({ status: 'resolved', version: 3 });
      expect(Date.parse(resolved.body.resolvedAt)).toBeGreaterThanOrEqual(before - 1000);
      // once answered, the resolution cannot be taken away
      const cleared = await patch(r.id, { resolution: null, version: 3 }).expect(400);
      expect(fieldsOf(cleared.body)).toEqual(['resolution']);
      expect(await rowOf(r.id)).toMatchObject({ resolution: 'Land allotted in block C' });
    });

    it('rejects with a resolution stored earlier, straight from open', async () => {
      const r = await make();
      await patch(r.id, { resolution: 'Outside the zone policy', version: 1 }).expect(200);
      const rejected = await patch(r.id, { status: 'rejected', version: 2 }).expect(200);
      expect(rejected.body).toMatchObject({
        status: 'rejected',
        resolution: 'Outside the zone policy',
        resolvedAt: expect.any(String),
      });
    });

    it('answers 409 INVALID_TRANSITION to moves backwards or sideways and changes nothing', async () => {
      const cases: [string, string][] = [
        ['open', 'resolved'],
        ['in_progress', 'open'],
        ['resolved', 'in_progress'],
        ['resolved', 'rejected'],
        ['rejected', 'open'],
        ['rejected', 'resolved'],
      ];
      for (const [from, to] of cases) {
        const r = await make({ status: from, resolution: 'Answered' });
        const res = await patch(r.id, { status: to, version: 1 }).expect(409);
        expect([from, to, res.body.code]).toEqual([from, to, 'INVALID_TRANSITION']);
        expect(await rowOf(r.id)).toMatchObject({ status: from, version: 1 });
      }
    });

    it('closes only through the follow-up check, once resolved or rejected', async () => {
      const r = await make({ status: 'resolved', resolution: 'Loan granted' });
      const byPatch = await patch(r.id, { status: 'closed', version: 1 }).expect(409);
      expect(byPatch.body.code).toBe('INVALID_TRANSITION');
      expect(byPatch.body.message).toMatch(/follow-up check/);
      expect(await rowOf(r.id)).toMatchObject({ status: 'resolved', closed_at: null });

      for (const status of ['open', 'in_progress']) {
        const early = await make({ status });
        const res = await as(t, officer)
          .post(`${base}/${early.id}/follow-up-check`, { satisfaction: 5 })
          .expect(409);
        expect(res.body.code).toBe('INVALID_TRANSITION');
        expect(await rowOf(early.id)).toMatchObject({ status, follow_up_satisfaction: null });
      }

      const check = await as(t, officer)
        .post(`${base}/${r.id}/follow-up-check`, { satisfaction: 4, note: 'Visited on site' })
        .expect(200);
      expect(check.body).toMatchObject({
        status: 'closed',
        followUpSatisfaction: 4,
        followUpNote: 'Visited on site',
        closedAt: expect.any(String),
        version: 2,
      });
      const audit = await auditRows(t.db, 'service_request', r.id);
      expect(audit.map((a) => [a.action, a.actorId])).toEqual([['update', officer.id]]);
      expect(audit[0].before).toMatchObject({ status: 'resolved', followUpSatisfaction: null });
      expect(audit[0].after).toMatchObject({ status: 'closed', followUpSatisfaction: 4 });

      // closed is final: no second check, no status move, no edit
      await as(t, officer).post(`${base}/${r.id}/follow-up-check`, { satisfaction: 1 }).expect(409);
      const reopen = await patch(r.id, { status: 'in_progress', version: 2 }).expect(409);
      expect(reopen.body.code).toBe('INVALID_TRANSITION');
      const edit = await patch(r.id, { description: 'Rewritten', version: 2 }).expect(409);
      expect(edit.body.code).toBe('CONFLICT');
      expect(await rowOf(r.id)).toMatchObject({ follow_up_satisfaction: 4, version: 2 });

      const rejected = await make({ status: 'rejected', resolution: 'Not eligible' });
      const closed = await as(t, officer)
        .post(`${base}/${rejected.id}/follow-up-check`, { satisfaction: 2 })
        .expect(200);
      expect(closed.body).toMatchObject({ status: 'closed', followUpNote: null });
    });

    it('takes a satisfaction from 1 to 5, whole numbers only', async () => {
      const r = await make({ status: 'resolved', resolution: 'Done' });
      for (const satisfaction of [0, 6, 2.5, '5', null, undefined]) {
        const res = await as(t, officer)
          .post(`${base}/${r.id}/follow-up-check`, { satisfaction })
          .expect(400);
        expect([satisfaction, fieldsOf(res.body)]).toEqual([satisfaction, ['satisfaction']]);
      }
      expect(await rowOf(r.id)).toMatchObject({ status: 'resolved', follow_up_satisfaction: null });
      await as(t, officer).post(`${base}/${r.id}/follow-up-check`, { satisfaction: 1 }).expect(200);
    });
  });

  it('answers 409 VERSION_CONFLICT on a stale PATCH and keeps the newer write', async () => {
    const r = await make();
    await as(t, officer).patch(`${base}/${r.id}`, { description: 'First', version: 1 }).expect(200);
    const stale = await as(t, manager)
      .patch(`${base}/${r.id}`, { status: 'in_progress', version: 1 })
      .expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    expect(await rowOf(r.id)).toMatchObject({ description: 'First', status: 'open', version: 2 });
  });
});
