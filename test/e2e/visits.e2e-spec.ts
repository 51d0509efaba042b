import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  makeEnterprise,
  makePark,
  makeProject,
  makeUser,
  type ParkRow,
  type UserRow,
} from '../factories/factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('delegation visits and their follow-ups', () => {
  let t: TestApp;
  let park: ParkRow;
  let sub: ParkRow;
  let other: ParkRow;
  let officer: UserRow;
  let outsider: UserRow;

  const visitBody = (values: Record<string, unknown> = {}) => ({
    parkId: park.id,
    date: '2021-10-25',
    direction: 'inbound',
    hostOrganisation: 'Lingang Innovation Center Overseas Affairs Department',
    visitingOrganisation: 'Lianyungang City Bureau of Commerce',
    ...values,
  });

  beforeAll(async () => {
    t = await createTestApp();
    park = await makePark(t.db, { kind: 'innovation_center' });
    sub = await makePark(t.db, { parentId: park.id, kind: 'sub_center' });
    other = await makePark(t.db);
    officer = await makeUser(t.db, { role: 'officer', parkIds: [park.id] });
    outsider = await makeUser(t.db, { role: 'officer', parkIds: [other.id] });
  });
  afterAll(() => t.close());

  it('records a visit with participants, enterprises and projects, and audits it', async () => {
    const enterprise = await makeEnterprise(t.db, { parkId: sub.id });
    const project = await makeProject(t.db, { parkId: park.id });
    const body = visitBody({
      endDate: '2021-10-26',
      leader: 'Jin Sun',
      participants: [
        {
          name: 'Jin Sun',
          title: 'Deputy Director',
          organisation: 'Lianyungang Bureau of Commerce',
        },
        { name: 'Minchang Xu' },
      ],
      enterpriseIds: [enterprise.id],
      projectIds: [project.id],
      purpose: 'Cooperation on the Yangtze River Delta sub-center',
      summary: 'Exchanges on industries and policies',
      outcomes: 'Invitation to the policy briefing',
    });
    const res = await as(t, officer).post('/visits', body).expect(201);
    expect(res.body).toMatchObject({ ...body, version: 1, createdBy: officer.id });
    const got = await as(t, officer).get(`/visits/${res.body.id}`).expect(200);
    expect(got.body).toEqual(res.body);
    const { rows } = await t.db.query(
      `SELECT action, after->>'visitingOrganisation' AS org FROM audit_log WHERE entity_id = $1`,
      [res.body.id],
    );
    expect(rows).toEqual([{ action: 'create', org: 'Lianyungang City Bureau of Commerce' }]);
  });

  it('refuses bad input with 400 naming the field, and writes nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ direction: 'sideways' }, 'direction'],
      [{ date: '2021-02-30' }, 'date'],
      [{ endDate: '2021-10-24' }, 'endDate'],
      [{ participants: [{ title: 'no name' }] }, 'participants.0.name'],
      [{ enterpriseIds: ['not-a-uuid'] }, 'enterpriseIds'],
      [{ enterpriseIds: null }, 'enterpriseIds'],
      [{ hostOrganisation: '' }, 'hostOrganisation'],
      [{ createdBy: officer.id }, 'createdBy'],
    ];
    for (const [values, field] of cases) {
      const res = await as(t, officer).post('/visits', visitBody(values)).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM visits WHERE park_id = $1`, [
      park.id,
    ]);
    expect(rows[0].n).toBe(1);
  });

  it('refuses enterprises and projects outside the caller parks (400) and parks outside (404)', async () => {
    const foreign = await makeEnterprise(t.db, { parkId: other.id });
    const foreignProject = await makeProject(t.db, { parkId: other.id });
    const e = await as(t, officer)
      .post('/visits', visitBody({ enterpriseIds: [foreign.id] }))
      .expect(400);
    expect(e.body.details[0].field).toBe('enterpriseIds');
    const p = await as(t, officer)
      .post('/visits', visitBody({ projectIds: [foreignProject.id] }))
      .expect(400);
    expect(p.body.details[0].field).toBe('projectIds');
    await as(t, officer)
      .post('/visits', visitBody({ parkId: other.id }))
      .expect(404);
  });

  it('hides visits of other parks (404, never listed) and lets viewers only read', async () => {
    const mine = await as(t, officer)
      .post('/visits', visitBody({ date: '2022-03-01' }))
      .expect(201);
    await as(t, outsider).get(`/visits/${mine.body.id}`).expect(404);
    await as(t, outsider).patch(`/visits/${mine.body.id}`, { leader: 'x', version: 1 }).expect(404);
    await as(t, outsider).delete(`/visits/${mine.body.id}`).expect(404);
    await as(t, outsider).get(`/visits/${mine.body.id}/follow-ups`).expect(404);
    const list = await as(t, outsider).get('/visits').expect(200);
    expect(list.body).toMatchObject({ items: [], total: 0 });
    const viewer = await makeUser(t.db, { role: 'viewer', parkIds: [park.id] });
    await as(t, viewer).get(`/visits/${mine.body.id}`).expect(200);
    await as(t, viewer).post('/visits', visitBody()).expect(403);
    await as(t, viewer).patch(`/visits/${mine.body.id}`, { leader: 'x', version: 1 }).expect(403);
  });

  it('filters by park (with sub-parks), direction, dates, enterprise, project and text; sorts', async () => {
    const enterprise = await makeEnterprise(t.db, { parkId: park.id });
    const project = await makeProject(t.db, { parkId: park.id });
    const a = await as(t, officer)
      .post(
        '/visits',
        visitBody({
          parkId: sub.id,
          date: '2023-01-10',
          direction: 'outbound',
          enterpriseIds: [enterprise.id],
        }),
      )
      .expect(201);
    const b = await as(t, officer)
      .post(
        '/visits',
        visitBody({
          date: '2023-02-10',
          endDate: '2023-02-12',
          projectIds: [project.id],
          visitingOrganisation: 'Huai’an delegation',
        }),
      )
      .expect(201);
    const ids = async (query: string) =>
      (await as(t, officer).get(`/visits?${query}`).expect(200)).body.items.map(
        (v: { id: string }) => v.id,
      );
    expect(await ids(`parkId=${sub.id}`)).toEqual([a.body.id]);
    expect(await ids(`parkId=${park.id}&from=2023-01-01&sort=date`)).toEqual([
      a.body.id,
      b.body.id,
    ]);
    expect(await ids('direction=outbound')).toEqual([a.body.id]);
    // a visit counts for a range if any of its days falls inside it
    expect(await ids('from=2023-02-12&to=2023-02-20')).toEqual([b.body.id]);
    expect(await ids(`enterpriseId=${enterprise.id}`)).toEqual([a.body.id]);
    expect(await ids(`projectId=${project.id}`)).toEqual([b.body.id]);
    expect(await ids('q=huai')).toEqual([b.body.id]);
    expect((await ids('sort=-date'))[0]).toBe(b.body.id);
    await as(t, officer).get('/visits?sort=leader').expect(400);
    await as(t, officer).get('/visits?from=yesterday').expect(400);
  });

  it('updates with the version, replaces the linked sets, and answers 409 when stale', async () => {
    const enterprise = await makeEnterprise(t.db, { parkId: park.id });
    const created = await as(t, officer)
      .post('/visits', visitBody({ enterpriseIds: [enterprise.id] }))
      .expect(201);
    const id = created.body.id;
    const updated = await as(t, officer)
      .patch(`/visits/${id}`, { enterpriseIds: [], outcomes: 'MoU drafted', version: 1 })
      .expect(200);
    expect(updated.body).toMatchObject({ enterpriseIds: [], outcomes: 'MoU drafted', version: 2 });
    const stale = await as(t, officer)
      .patch(`/visits/${id}`, { outcomes: 'late', version: 1 })
      .expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    await as(t, officer).patch(`/visits/${id}`, { endDate: '2021-10-01', version: 2 }).expect(400);
  });

  describe('follow-ups', () => {
    let visitId: string;

    beforeAll(async () => {
      visitId = (await as(t, officer).post('/visits', visitBody()).expect(201)).body.id;
    });

    it('adds a follow-up due on or after the visit, never before it', async () => {
      const before = await as(t, officer)
        .post(`/visits/${visitId}/follow-ups`, { action: 'Too early', dueDate: '2021-10-24' })
        .expect(400);
      expect(before.body.details).toEqual([
        { field: 'dueDate', message: 'must not be before the visit (2021-10-25)' },
      ]);
      const ok = await as(t, officer)
        .post(`/visits/${visitId}/follow-ups`, {
          action: 'Invite Ms. Sun to the policy briefing',
          ownerId: officer.id,
          dueDate: '2021-11-04',
        })
        .expect(201);
      expect(ok.body).toMatchObject({
        visitId,
        status: 'open',
        closedAt: null,
        ownerId: officer.id,
      });
    });

    it('moves open → done with a note, and never back (409 naming the rule)', async () => {
      const f = await as(t, officer)
        .post(`/visits/${visitId}/follow-ups`, {
          action: 'Send the brochure',
          dueDate: '2021-11-01',
        })
        .expect(201);
      const path = `/visits/${visitId}/follow-ups/${f.body.id}`;
      const done = await as(t, officer)
        .patch(path, { status: 'done', doneNote: 'Sent', version: 1 })
        .expect(200);
      expect(done.body).toMatchObject({
        status: 'done',
        doneNote: 'Sent',
        closedAt: expect.any(String),
      });
      const back = await as(t, officer).patch(path, { status: 'open', version: 2 }).expect(409);
      expect(back.body).toMatchObject({ code: 'INVALID_TRANSITION' });
      expect(back.body.message).toMatch(/done is final/);
      await as(t, officer).patch(path, { status: 'cancelled', version: 2 }).expect(409);
      await as(t, officer).patch(path, { status: 'closed', version: 2 }).expect(400);
    });

    it('refuses an unknown owner and keeps the visit date rule when the visit moves', async () => {
      await as(t, officer)
        .post(`/visits/${visitId}/follow-ups`, {
          action: 'x',
          dueDate: '2021-11-01',
          ownerId: '00000000-0000-4000-8000-000000000000',
        })
        .expect(400);
      const visit = await as(t, officer).get(`/visits/${visitId}`).expect(200);
      // a follow-up is due 2021-11-01: the visit cannot start after it
      const res = await as(t, officer)
        .patch(`/visits/${visitId}`, { date: '2021-11-10', version: visit.body.version })
        .expect(400);
      expect(res.body.details[0].field).toBe('date');
    });

    it('lists by status and owner, exports CSV, and deletes with the visit', async () => {
      const open = await as(t, officer)
        .get(`/visits/${visitId}/follow-ups?status=open`)
        .expect(200);
      expect(open.body.items.every((f: { status: string }) => f.status === 'open')).toBe(true);
      const mine = await as(t, officer)
        .get(`/visits/${visitId}/follow-ups?ownerId=${officer.id}`)
        .expect(200);
      expect(mine.body.total).toBe(1);
      const csv = await as(t, officer).get(`/visits/${visitId}/follow-ups?format=csv`).expect(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.text).toMatch(/^\uFEFFid,/);
      await as(t, officer).delete(`/visits/${visitId}`).expect(204);
      const { rows } = await t.db.query(
        `SELECT count(*)::int AS n FROM visit_follow_ups WHERE visit_id = $1`,
        [visitId],
      );
      expect(rows[0].n).toBe(0);
      await as(t, officer).get(`/visits/${visitId}/follow-ups`).expect(404);
    });
  });
});
