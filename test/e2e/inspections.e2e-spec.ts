import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  makePark,
  makeProject,
  makeUser,
  type ParkRow,
  type ProjectRow,
  type UserRow,
} from '../factories/factories.js';
import { auditRows, fieldsOf } from '../factories/projects-factories.js';
import { FROZEN_TODAY, freezeClock, makeInspection } from '../factories/supervision-factories.js';
import { csvRecords, csvOf } from '../support/csv.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('project inspections', () => {
  let t: TestApp;
  let park: ParkRow;
  let project: ProjectRow;
  let officer: UserRow;
  let viewer: UserRow;
  let outsider: UserRow;

  const base = (id = project.id) => `/projects/${id}/inspections`;
  const rowOf = async (id: string) =>
    (await t.db.query('SELECT * FROM inspections WHERE id = $1', [id])).rows[0];
  const visit = {
    date: '2026-05-28',
    inspectors: ['Liu Wei', '督查室 Wang Fang'],
    findings: 'Equipment installation two weeks behind; labour short',
    rating: 'fair',
  };

  beforeAll(async () => {
    t = await createTestApp();
    freezeClock(t);
    park = await makePark(t.db);
    project = await makeProject(t.db, { parkId: park.id });
    officer = await makeUser(t.db, { role: 'officer', parkIds: [park.id] });
    viewer = await makeUser(t.db, { role: 'viewer', parkIds: [park.id] });
    outsider = await makeUser(t.db, { role: 'manager', parkIds: [(await makePark(t.db)).id] });
  });
  afterAll(() => t.close());

  it('records, reads, corrects and deletes an inspection, auditing each under the park', async () => {
    const created = await as(t, officer).post(base(), visit).expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      projectId: project.id,
      ...visit,
      createdBy: officer.id,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      version: 1,
    });
    const id = created.body.id;
    expect((await as(t, viewer).get(`${base()}/${id}`).expect(200)).body).toEqual(created.body);
    const corrected = await as(t, officer)
      .patch(`${base()}/${id}`, { rating: 'poor', inspectors: ['Liu Wei'], version: 1 })
      .expect(200);
    expect(corrected.body).toMatchObject({ rating: 'poor', inspectors: ['Liu Wei'], version: 2 });
    expect(await rowOf(id)).toMatchObject({ rating: 'poor', inspectors: ['Liu Wei'], version: 2 });
    const stale = await as(t, officer)
      .patch(`${base()}/${id}`, { rating: 'good', version: 1 })
      .expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    await as(t, officer).delete(`${base()}/${id}`).expect(204);
    await as(t, officer).get(`${base()}/${id}`).expect(404);
    expect(await rowOf(id)).toBeUndefined();
    const audit = await auditRows(t.db, 'inspection', id);
    expect(audit.map((a) => [a.action, a.actorId, a.parkId])).toEqual([
      ['create', officer.id, park.id],
      ['update', officer.id, park.id],
      ['delete', officer.id, park.id],
    ]);
    expect(audit[1]).toMatchObject({ before: { rating: 'fair' }, after: { rating: 'poor' } });
  });

  it('takes a date up to today in the zone (frozen), never after', async () => {
    await as(t, officer)
      .post(base(), { ...visit, date: FROZEN_TODAY })
      .expect(201);
    const tomorrow = await as(t, officer)
      .post(base(), { ...visit, date: '2026-06-02', findings: 'forecast' })
      .expect(400);
    expect(tomorrow.body.details).toEqual([
      { field: 'date', message: 'must not be after today (2026-06-01)' },
    ]);
    const saved = await makeInspection(t.db, { projectId: project.id, date: '2026-05-01' });
    await as(t, officer)
      .patch(`${base()}/${saved.id}`, { date: '2026-06-02', version: 1 })
      .expect(400);
    expect((await rowOf(saved.id)).date).toBe('2026-05-01');
    const count = await t.db.query(
      `SELECT count(*)::int AS n FROM inspections WHERE findings = $1`,
      ['forecast'],
    );
    expect(count.rows[0].n).toBe(0);
  });

  it('refuses bad fields, naming each', async () => {
    const bad = await as(t, officer)
      .post(base(), {
        date: '2026-02-30',
        inspectors: [],
        findings: '',
        rating: 'excellent',
        projectId: project.id,
      })
      .expect(400);
    expect(fieldsOf(bad.body)).toEqual(['date', 'findings', 'inspectors', 'projectId', 'rating']);
    const blank = await as(t, officer)
      .post(base(), { ...visit, inspectors: ['Liu Wei', ''] })
      .expect(400);
    expect(fieldsOf(blank.body)).toEqual(['inspectors']);
    await as(t, officer)
      .post(base(), { ...visit, inspectors: 'Liu Wei' })
      .expect(400);
    const saved = await makeInspection(t.db, { projectId: project.id, date: '2026-05-01' });
    const cleared = await as(t, officer)
      .patch(`${base()}/${saved.id}`, { date: null, findings: null, version: 1 })
      .expect(400);
    expect(fieldsOf(cleared.body)).toEqual(['date', 'findings']);
  });

  it('lists newest first with date and rating filters, and as CSV', async () => {
    const listed = await makeProject(t.db, { parkId: park.id });
    const make = (date: string, rating: string, inspectors = ['Liu Wei']) =>
      makeInspection(t.db, { projectId: listed.id, date, rating, inspectors });
    const march = await make('2026-03-10', 'good');
    const may = await make('2026-05-10', 'poor', ['Liu Wei', 'Zhang Min']);
    const april = await make('2026-04-10', 'fair');
    const ids = async (query = '') =>
      (
        await as(t, viewer)
          .get(`${base(listed.id)}?${query}`)
          .expect(200)
      ).body.items.map((i: { id: string }) => i.id);
    expect(await ids()).toEqual([may.id, april.id, march.id]);
    expect(await ids('sort=date')).toEqual([march.id, april.id, may.id]);
    expect(await ids('from=2026-04-01&to=2026-05-10')).toEqual([may.id, april.id]);
    expect(await ids('rating=poor')).toEqual([may.id]);
    await as(t, viewer)
      .get(`${base(listed.id)}?rating=great`)
      .expect(400);
    await as(t, viewer)
      .get(`${base(listed.id)}?sort=findings`)
      .expect(400);

    const csv = await csvOf(t, viewer, `${base(listed.id)}?format=csv`);
    expect(csv.status).toBe(200);
    const records = csvRecords(csv.bytes);
    expect(records.map((r) => [r.date, r.rating, r.inspectors])).toEqual([
      ['2026-05-10', 'poor', 'Liu Wei;Zhang Min'],
      ['2026-04-10', 'fair', 'Liu Wei'],
      ['2026-03-10', 'good', 'Liu Wei'],
    ]);
  });

  it('keeps inspections to their project, to your parks, and viewers to reading', async () => {
    const saved = await makeInspection(t.db, { projectId: project.id, date: '2026-05-01' });
    const other = await makeProject(t.db, { parkId: park.id });
    await as(t, officer)
      .get(`${base(other.id)}/${saved.id}`)
      .expect(404);
    await as(t, officer)
      .patch(`${base(other.id)}/${saved.id}`, { rating: 'poor', version: 1 })
      .expect(404);
    await as(t, officer)
      .delete(`${base(other.id)}/${saved.id}`)
      .expect(404);
    await as(t, outsider).get(base()).expect(404);
    await as(t, outsider).get(`${base()}/${saved.id}`).expect(404);
    await as(t, outsider).post(base(), visit).expect(404);
    await as(t, viewer).post(base(), visit).expect(403);
    await as(t, viewer).patch(`${base()}/${saved.id}`, { rating: 'poor', version: 1 }).expect(403);
    await as(t, viewer).delete(`${base()}/${saved.id}`).expect(403);
    expect(await rowOf(saved.id)).toMatchObject({ rating: 'good', version: 1 });
    await as(t, officer).get(`${base()}/not-a-uuid`).expect(400);
  });
});
