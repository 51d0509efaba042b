import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  makePark,
  makeProject,
  makeUser,
  type ParkRow,
  type ProjectRow,
  type UserRow,
} from '../factories/factories.js';
import {
  addDays,
  auditRows,
  fieldsOf,
  makeProgress,
  zoneToday,
} from '../factories/projects-factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('project progress updates', () => {
  let t: TestApp;
  let park: ParkRow;
  let project: ProjectRow;
  let officer: UserRow;
  let today: string;

  const rowOf = async (id: string) =>
    (await t.db.query('SELECT * FROM progress_updates WHERE id = $1', [id])).rows[0];
  const countNotes = async (note: string) =>
    (await t.db.query('SELECT count(*)::int AS n FROM progress_updates WHERE note = $1', [note]))
      .rows[0].n;
  const base = () => `/projects/${project.id}/progress`;

  beforeAll(async () => {
    t = await createTestApp();
    today = zoneToday(t.config.zoneTimeZone);
    park = await makePark(t.db);
    project = await makeProject(t.db, { parkId: park.id });
    officer = await makeUser(t.db, { role: 'officer', parkIds: [park.id] });
  });
  afterAll(() => t.close());

  it('logs, reads, corrects and deletes a progress update, auditing each', async () => {
    const created = await as(t, officer)
      .post(base(), { date: today, note: 'Main building topped out', percentComplete: 80 })
      .expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      projectId: project.id,
      date: today,
      note: 'Main building topped out',
      percentComplete: 80,
      createdBy: officer.id,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      version: 1,
    });
    const id = created.body.id;
    expect((await as(t, officer).get(`${base()}/${id}`).expect(200)).body).toEqual(created.body);
    const corrected = await as(t, officer)
      .patch(`${base()}/${id}`, { percentComplete: 85, version: 1 })
      .expect(200);
    expect(corrected.body).toMatchObject({ percentComplete: 85, note: 'Main building topped out' });
    expect(await rowOf(id)).toMatchObject({ percent_complete: 85, version: 2 });
    const stale = await as(t, officer)
      .patch(`${base()}/${id}`, { percentComplete: 10, version: 1 })
      .expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    await as(t, officer).delete(`${base()}/${id}`).expect(204);
    await as(t, officer).get(`${base()}/${id}`).expect(404);
    expect(await rowOf(id)).toBeUndefined();
    const audit = await auditRows(t.db, 'progress_update', id);
    expect(audit.map((a) => [a.action, a.parkId])).toEqual([
      ['create', park.id],
      ['update', park.id],
      ['delete', park.id],
    ]);
    expect(audit[1]).toMatchObject({
      before: { percentComplete: 80 },
      after: { percentComplete: 85 },
    });
  });

  it('takes percentComplete as a whole number from 0 to 100, or none', async () => {
    for (const percentComplete of [0, 100, null]) {
      const res = await as(t, officer)
        .post(base(), { date: today, note: 'bounds-ok', percentComplete })
        .expect(201);
      expect(res.body.percentComplete).toBe(percentComplete);
    }
    for (const percentComplete of [101, -1, 1.5, '50']) {
      const res = await as(t, officer)
        .post(base(), { date: today, note: 'bounds-bad', percentComplete })
        .expect(400);
      expect(fieldsOf(res.body)).toEqual(['percentComplete']);
    }
    expect(await countNotes('bounds-ok')).toBe(3);
    expect(await countNotes('bounds-bad')).toBe(0);
  });

  it('refuses a date after today in the zone, on create and on PATCH', async () => {
    const res = await as(t, officer)
      .post(base(), { date: addDays(today, 1), note: 'forecast' })
      .expect(400);
    expect(res.body.details).toEqual([{ field: 'date', message: 'must not be after today' }]);
    expect(await countNotes('forecast')).toBe(0);
    const update = await makeProgress(t.db, { projectId: project.id, date: addDays(today, -2) });
    await as(t, officer)
      .patch(`${base()}/${update.id}`, { date: addDays(today, 1), version: 1 })
      .expect(400);
    expect((await rowOf(update.id)).date).toBe(addDays(today, -2));
    const bad = await as(t, officer)
      .post(base(), { date: '2025-13-01', note: '', createdBy: officer.id })
      .expect(400);
    expect(fieldsOf(bad.body)).toEqual(['createdBy', 'date', 'note']);
  });

  it('does not find a progress update through another project', async () => {
    const second = await makeProject(t.db, { parkId: park.id });
    const update = await makeProgress(t.db, { projectId: project.id, date: today, note: 'mine' });
    const wrong = `/projects/${second.id}/progress/${update.id}`;
    await as(t, officer).get(wrong).expect(404);
    await as(t, officer).patch(wrong, { note: 'theirs', version: 1 }).expect(404);
    await as(t, officer).delete(wrong).expect(404);
    expect(await rowOf(update.id)).toMatchObject({ note: 'mine', version: 1 });
  });

  describe('list', () => {
    let listed: ProjectRow;
    const notes = async (query = '') => {
      const res = await as(t, officer).get(`/projects/${listed.id}/progress?${query}`).expect(200);
      return res.body.items.map((u: { note: string }) => u.note);
    };

    beforeAll(async () => {
      listed = await makeProject(t.db, { parkId: park.id });
      // inserted out of date order so that insertion order cannot pass for date order
      for (const [note, days] of [
        ['middle', -10],
        ['newest', 0],
        ['oldest', -40],
      ] as const) {
        await makeProgress(t.db, { projectId: listed.id, note, date: addDays(today, days) });
      }
    });

    it('lists newest first by default', async () => {
      const res = await as(t, officer).get(`/projects/${listed.id}/progress`).expect(200);
      expect(res.body).toMatchObject({ total: 3, page: 1, limit: 20 });
      expect(await notes()).toEqual(['newest', 'middle', 'oldest']);
    });

    it('sorts oldest first on request and filters a date range', async () => {
      expect(await notes('sort=date')).toEqual(['oldest', 'middle', 'newest']);
      expect(await notes(`from=${addDays(today, -10)}`)).toEqual(['newest', 'middle']);
      expect(await notes(`to=${addDays(today, -10)}`)).toEqual(['middle', 'oldest']);
      await as(t, officer).get(`/projects/${listed.id}/progress?sort=note`).expect(400);
      await as(t, officer).get(`/projects/${listed.id}/progress?from=last-week`).expect(400);
    });
  });
});
