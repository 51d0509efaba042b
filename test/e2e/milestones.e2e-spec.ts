import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  makeMilestone,
  makePark,
  makeProject,
  makeUser,
  type ParkRow,
  type ProjectRow,
  type UserRow,
} from '../factories/factories.js';
import { addDays, auditRows, fieldsOf, zoneToday } from '../factories/projects-factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('project milestones', () => {
  let t: TestApp;
  let park: ParkRow;
  let project: ProjectRow;
  let officer: UserRow;
  let owner: UserRow;

  const rowOf = async (id: string) =>
    (await t.db.query('SELECT * FROM milestones WHERE id = $1', [id])).rows[0];
  const base = () => `/projects/${project.id}/milestones`;

  beforeAll(async () => {
    t = await createTestApp();
    park = await makePark(t.db);
    project = await makeProject(t.db, { parkId: park.id });
    officer = await makeUser(t.db, { role: 'officer', parkIds: [park.id] });
    owner = await makeUser(t.db, { role: 'officer', parkIds: [park.id] });
  });
  afterAll(() => t.close());

  it('creates, reads, updates and deletes a milestone, auditing each under the park', async () => {
    const created = await as(t, officer)
      .post(base(), {
        title: 'Trial production',
        kind: 'trial_production',
        dueDate: '2026-05-31',
        ownerId: owner.id,
        note: 'by the end of May',
      })
      .expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      projectId: project.id,
      title: 'Trial production',
      kind: 'trial_production',
      dueDate: '2026-05-31',
      completedAt: null,
      ownerId: owner.id,
      note: 'by the end of May',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      version: 1,
    });
    const id = created.body.id;
    expect((await as(t, officer).get(`${base()}/${id}`).expect(200)).body).toEqual(created.body);
    const updated = await as(t, officer)
      .patch(`${base()}/${id}`, { dueDate: '2026-06-30', note: null, version: 1 })
      .expect(200);
    expect(updated.body).toMatchObject({ dueDate: '2026-06-30', note: null, version: 2 });
    expect(await rowOf(id)).toMatchObject({ due_date: '2026-06-30', note: null, version: 2 });
    await as(t, officer).delete(`${base()}/${id}`).expect(204);
    await as(t, officer).get(`${base()}/${id}`).expect(404);
    expect(await rowOf(id)).toBeUndefined();

    const audit = await auditRows(t.db, 'milestone', id);
    expect(audit.map((a) => [a.action, a.actorId, a.parkId])).toEqual([
      ['create', officer.id, park.id],
      ['update', officer.id, park.id],
      ['delete', officer.id, park.id],
    ]);
    expect(audit[1].before).toMatchObject({ dueDate: '2026-05-31', note: 'by the end of May' });
    expect(audit[1].after).toMatchObject({ dueDate: '2026-06-30', note: null });
    expect(audit[2]).toMatchObject({ after: null, before: { dueDate: '2026-06-30' } });
  });

  it('defaults the kind and refuses bad fields, naming them', async () => {
    const plain = await as(t, officer)
      .post(base(), { title: 'Land', dueDate: '2026-03-01' })
      .expect(201);
    expect(plain.body).toMatchObject({ kind: 'other', ownerId: null, completedAt: null });
    const bad = await as(t, officer)
      .post(base(), { title: '', kind: 'party', dueDate: '2026-02-30', projectId: project.id })
      .expect(400);
    expect(fieldsOf(bad.body)).toEqual(['dueDate', 'kind', 'projectId', 'title']);
    await as(t, officer).post(base(), { title: 'No date' }).expect(400);
  });

  it('closes a milestone by PATCHing completedAt, refuses a future one and reopens with null', async () => {
    const m = await makeMilestone(t.db, { projectId: project.id, dueDate: '2026-05-31' });
    const doneAt = new Date(Date.now() - 3_600_000).toISOString();
    const closed = await as(t, officer)
      .patch(`${base()}/${m.id}`, { completedAt: doneAt, version: 1 })
      .expect(200);
    expect(closed.body).toMatchObject({ completedAt: doneAt, version: 2 });
    expect((await rowOf(m.id)).completed_at.toISOString()).toBe(doneAt);

    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    const future = await as(t, officer)
      .patch(`${base()}/${m.id}`, { completedAt: tomorrow, version: 2 })
      .expect(400);
    expect(fieldsOf(future.body)).toEqual(['completedAt']);
    expect((await rowOf(m.id)).completed_at.toISOString()).toBe(doneAt);
    await as(t, officer)
      .post(base(), { title: 'Ahead', dueDate: '2026-05-31', completedAt: tomorrow })
      .expect(400);
    // an instant without an offset would mean different moments on different servers
    for (const completedAt of ['yesterday', '2026-01-01', '2026-01-01T10:00:00']) {
      const res = await as(t, officer)
        .patch(`${base()}/${m.id}`, { completedAt, version: 2 })
        .expect(400);
      expect(fieldsOf(res.body)).toEqual(['completedAt']);
    }
    await as(t, officer)
      .patch(`${base()}/${m.id}`, { completedAt: '2025-01-01T10:00:00+08:00', version: 2 })
      .expect(200);
    expect((await rowOf(m.id)).completed_at.toISOString()).toBe('2025-01-01T02:00:00.000Z');

    const reopened = await as(t, officer)
      .patch(`${base()}/${m.id}`, { completedAt: null, version: 3 })
      .expect(200);
    expect(reopened.body).toMatchObject({ completedAt: null, version: 4 });
  });

  it('requires the owner to be an active user, on create and on PATCH', async () => {
    const retired = await makeUser(t.db, { role: 'officer' });
    await t.db.query('UPDATE users SET deactivated_at = now() WHERE id = $1', [retired.id]);
    const nobody = '0b6c4d1e-3a55-4a8e-9a53-2d1f6b7f2a10';
    for (const ownerId of [retired.id, nobody]) {
      const res = await as(t, officer)
        .post(base(), { title: 'Owned', dueDate: '2026-05-31', ownerId })
        .expect(400);
      expect(res.body.details).toEqual([{ field: 'ownerId', message: 'must be an active user' }]);
    }
    const m = await makeMilestone(t.db, { projectId: project.id, dueDate: '2026-05-31' });
    const res = await as(t, officer)
      .patch(`${base()}/${m.id}`, { ownerId: retired.id, version: 1 })
      .expect(400);
    expect(fieldsOf(res.body)).toEqual(['ownerId']);
    expect(await rowOf(m.id)).toMatchObject({ owner_id: null, version: 1 });
    const titles = await t.db.query(`SELECT 1 FROM milestones WHERE title = 'Owned'`);
    expect(titles.rowCount).toBe(0);
  });

  it('answers 409 VERSION_CONFLICT on a stale PATCH and keeps the newer write', async () => {
    const m = await makeMilestone(t.db, { projectId: project.id, dueDate: '2026-05-31' });
    await as(t, officer).patch(`${base()}/${m.id}`, { title: 'First', version: 1 }).expect(200);
    const stale = await as(t, officer)
      .patch(`${base()}/${m.id}`, { title: 'Second', version: 1 })
      .expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    expect(await rowOf(m.id)).toMatchObject({ title: 'First', version: 2 });
  });

  it('does not find a milestone through another project', async () => {
    const second = await makeProject(t.db, { parkId: park.id });
    const m = await makeMilestone(t.db, { projectId: project.id, dueDate: '2026-05-31' });
    const wrong = `/projects/${second.id}/milestones/${m.id}`;
    const res = await as(t, officer).get(wrong).expect(404);
    expect(res.body.message).toBe(`Milestone ${m.id} not found`);
    await as(t, officer).patch(wrong, { title: 'Hijacked', version: 1 }).expect(404);
    await as(t, officer).delete(wrong).expect(404);
    expect(await rowOf(m.id)).toMatchObject({ project_id: project.id, title: 'Milestone' });
    await as(t, officer).get(`/projects/${project.id}/milestones/not-a-uuid`).expect(400);
  });

  describe('list', () => {
    let listed: ProjectRow;
    let today: string;
    const titles = async (query: string) => {
      const res = await as(t, officer)
        .get(`/projects/${listed.id}/milestones?${query}`)
        .expect(200);
      return res.body.items.map((m: { title: string }) => m.title);
    };

    beforeAll(async () => {
      today = zoneToday(t.config.zoneTimeZone);
      listed = await makeProject(t.db, { parkId: park.id });
      const add = (title: string, dueDate: string, values: Record<string, unknown> = {}) =>
        makeMilestone(t.db, { projectId: listed.id, title, dueDate, ...values });
      await add('a-late', addDays(today, -3), { ownerId: owner.id });
      await add('b-done-late', addDays(today, -5), { completedAt: new Date() });
      await add('c-today', today);
      await add('d-later', addDays(today, 30), { ownerId: owner.id });
      await add('e-done-early', addDays(today, 40), { completedAt: new Date() });
      // another project's milestone never shows up here
      await makeMilestone(t.db, { projectId: project.id, title: 'z-elsewhere', dueDate: today });
    });

    it('pages the milestones of one project, by due date by default', async () => {
      const res = await as(t, officer).get(`/projects/${listed.id}/milestones?limit=2`).expect(200);
      expect(res.body).toMatchObject({ total: 5, page: 1, limit: 2 });
      expect(res.body.items.map((m: { title: string }) => m.title)).toEqual([
        'b-done-late',
        'a-late',
      ]);
      await as(t, officer).get(`/projects/${listed.id}/milestones?limit=101`).expect(400);
    });

    it('filters open, overdue (in the zone calendar) and owner', async () => {
      expect(await titles('open=true')).toEqual(['a-late', 'c-today', 'd-later']);
      expect(await titles('open=false')).toEqual(['b-done-late', 'e-done-early']);
      expect(await titles('overdue=true')).toEqual(['a-late']);
      expect(await titles('overdue=false')).toEqual([
        'b-done-late',
        'c-today',
        'd-later',
        'e-done-early',
      ]);
      expect(await titles(`ownerId=${owner.id}`)).toEqual(['a-late', 'd-later']);
      expect(await titles(`ownerId=${owner.id}&overdue=true`)).toEqual(['a-late']);
      await as(t, officer).get(`/projects/${listed.id}/milestones?open=maybe`).expect(400);
    });

    it('sorts by due date, title or completion, either way', async () => {
      expect(await titles('sort=-dueDate')).toEqual([
        'e-done-early',
        'd-later',
        'c-today',
        'a-late',
        'b-done-late',
      ]);
      expect(await titles('sort=-title&limit=2')).toEqual(['e-done-early', 'd-later']);
      // open milestones have no completion: they come last either way
      expect(await titles('sort=completedAt&open=false')).toEqual(['b-done-late', 'e-done-early']);
      const bad = await as(t, officer).get(`/projects/${listed.id}/milestones?sort=ownerId`);
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toEqual(['sort']);
    });
  });
});
