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
import { addDays, fieldsOf, zoneToday } from '../factories/projects-factories.js';
import { makeServiceRequest, type ServiceRequestRow } from '../factories/service-factories.js';
import { csvRecords } from '../support/csv.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const base = '/service-requests';

/** Who reaches a service request (park scope, roles), the settings, and the list and its CSV. */
describe('service requests: scope, roles, settings and lists', () => {
  let t: TestApp;
  let parkA: ParkRow;
  let subA: ParkRow;
  let parkB: ParkRow;
  let enterpriseA: EnterpriseRow;
  let enterpriseB: EnterpriseRow;
  let requestB: ServiceRequestRow;
  let officerA: UserRow;
  let admin: UserRow;

  const snapshot = async () =>
    (
      await t.db.query(
        `SELECT (SELECT json_agg(s ORDER BY s.id) FROM service_requests s) AS requests,
                (SELECT json_agg(e ORDER BY e.element) FROM service_element_settings e) AS settings,
                (SELECT count(*)::int FROM audit_log) AS audits`,
      )
    ).rows[0];

  beforeAll(async () => {
    t = await createTestApp();
    parkA = await makePark(t.db, { kind: 'zone' });
    subA = await makePark(t.db, { parentId: parkA.id });
    parkB = await makePark(t.db, { kind: 'zone' });
    enterpriseA = await makeEnterprise(t.db, { parkId: parkA.id });
    enterpriseB = await makeEnterprise(t.db, { parkId: parkB.id });
    requestB = await makeServiceRequest(t.db, { enterpriseId: enterpriseB.id, parkId: parkB.id });
    officerA = await makeUser(t.db, { role: 'officer', parkIds: [parkA.id] });
    admin = await makeUser(t.db, { role: 'admin' });
  });
  afterAll(() => t.close());

  it("answers 404 to park A's staff on park B's request and enterprise, and never lists it", async () => {
    const managerA = await makeUser(t.db, { role: 'manager', parkIds: [parkA.id] });
    const before = await snapshot();
    const id = requestB.id;
    for (const user of [officerA, managerA]) {
      const calls = [
        as(t, user).get(`${base}/${id}`),
        as(t, user).patch(`${base}/${id}`, { description: 'Taken over', version: 1 }),
        as(t, user).delete(`${base}/${id}`),
        as(t, user).post(`${base}/${id}/follow-up-check`, { satisfaction: 5 }),
        as(t, user).post(base, { enterpriseId: enterpriseB.id, element: 'law', description: 'x' }),
      ];
      for (const call of calls) {
        const res = await call;
        expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
      }
      const list = await as(t, user).get(`${base}?enterpriseId=${enterpriseB.id}`).expect(200);
      expect(list.body).toMatchObject({ items: [], total: 0 });
      const all = await as(t, user).get(`${base}?parkId=${parkB.id}&format=csv`).expect(200);
      expect(all.text.startsWith('\uFEFFid,')).toBe(true);
      expect(csvRecords(all.text)).toEqual([]);
    }
    expect(await snapshot()).toEqual(before);
    await as(t, admin).get(`${base}/${id}`).expect(200);
    await as(t, officerA).get(`${base}/not-a-uuid`).expect(400);
  });

  it('answers 403 to a viewer on every write, lets them read, and changes nothing', async () => {
    const viewer = await makeUser(t.db, { role: 'viewer', parkIds: [parkB.id] });
    await as(t, viewer).get(`${base}/${requestB.id}`).expect(200);
    const list = await as(t, viewer).get(base).expect(200);
    expect(list.body.items.map((r: ServiceRequestRow) => r.id)).toEqual([requestB.id]);
    await as(t, viewer).get(`${base}/settings`).expect(200);
    const before = await snapshot();
    const calls = [
      as(t, viewer).post(base, { enterpriseId: enterpriseB.id, element: 'law', description: 'x' }),
      as(t, viewer).patch(`${base}/${requestB.id}`, { description: 'x', version: 1 }),
      as(t, viewer).delete(`${base}/${requestB.id}`),
      as(t, viewer).post(`${base}/${requestB.id}/follow-up-check`, { satisfaction: 5 }),
      as(t, viewer).put(`${base}/settings/law`, { defaultDueDays: 20 }),
    ];
    for (const call of calls) {
      const res = await call;
      expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
    }
    expect(await snapshot()).toEqual(before);
  });

  describe('settings', () => {
    it('are not taken for an :id: GET and PUT reach the settings, not a request', async () => {
      const res = await as(t, officerA).get(`${base}/settings`).expect(200);
      expect(res.body).toHaveLength(6);
      expect(res.body[0]).toEqual({ element: 'land', defaultDueDays: 30 });
      // PATCH and DELETE have no settings route: the id pipe answers, not a settings handler
      const patch = await as(t, officerA).patch(`${base}/settings`, { version: 1 }).expect(400);
      expect(fieldsOf(patch.body)).toEqual(['id']);
    });

    it('may be changed by admins only, each change audited with a stable id per element', async () => {
      const manager = await makeUser(t.db, { role: 'manager', parkIds: [parkA.id] });
      for (const user of [officerA, manager]) {
        const res = await as(t, user).put(`${base}/settings/law`, { defaultDueDays: 20 });
        expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
      }
      const first = await as(t, admin).put(`${base}/settings/law`, { defaultDueDays: 20 });
      expect([first.status, first.body]).toEqual([200, { element: 'law', defaultDueDays: 20 }]);
      await as(t, admin).put(`${base}/settings/law`, { defaultDueDays: 25 }).expect(200);
      await as(t, admin).put(`${base}/settings/policy`, { defaultDueDays: 5 }).expect(200);
      const settings = await as(t, officerA).get(`${base}/settings`).expect(200);
      expect(settings.body).toEqual(
        expect.arrayContaining([
          { element: 'law', defaultDueDays: 25 },
          { element: 'policy', defaultDueDays: 5 },
        ]),
      );

      const { rows } = await t.db.query(
        `SELECT entity_id AS "entityId", actor_id AS "actorId", park_id AS "parkId", action, before, after
           FROM audit_log WHERE entity = 'service_element_setting' ORDER BY id`,
      );
      expect(rows.map((r) => [r.action, r.actorId, r.parkId, r.before, r.after])).toEqual([
        [
          'update',
          admin.id,
          null,
          { element: 'law', defaultDueDays: 10 },
          { element: 'law', defaultDueDays: 20 },
        ],
        [
          'update',
          admin.id,
          null,
          { element: 'law', defaultDueDays: 20 },
          { element: 'law', defaultDueDays: 25 },
        ],
        [
          'update',
          admin.id,
          null,
          { element: 'policy', defaultDueDays: 7 },
          { element: 'policy', defaultDueDays: 5 },
        ],
      ]);
      expect(rows[0].entityId).toBe(rows[1].entityId);
      expect(rows[2].entityId).not.toBe(rows[0].entityId);
      const audit = await as(t, admin)
        .get(`/audit?entity=service_element_setting&entityId=${rows[0].entityId}`)
        .expect(200);
      expect(audit.body.total).toBe(2);
    });

    it('refuses an unknown element and days outside 1–365', async () => {
      const before = await snapshot();
      const unknown = await as(t, admin).put(`${base}/settings/water`, { defaultDueDays: 5 });
      expect([unknown.status, fieldsOf(unknown.body)]).toEqual([400, ['element']]);
      for (const defaultDueDays of [0, 366, 1.5, '10', null]) {
        const res = await as(t, admin).put(`${base}/settings/land`, { defaultDueDays });
        expect([defaultDueDays, res.status, fieldsOf(res.body)]).toEqual([
          defaultDueDays,
          400,
          ['defaultDueDays'],
        ]);
      }
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('list', () => {
    let lister: UserRow;
    let owner: UserRow;
    let project: ProjectRow;
    let today: string;
    const descriptions = async (query: string, user = lister) => {
      const res = await as(t, user).get(`${base}?${query}`).expect(200);
      return res.body.items.map((r: ServiceRequestRow) => r.description);
    };

    beforeAll(async () => {
      today = zoneToday(t.config.zoneTimeZone);
      lister = await makeUser(t.db, { role: 'manager', parkIds: [parkA.id] });
      owner = await makeUser(t.db, { role: 'officer', parkIds: [parkA.id] });
      const inSub = await makeEnterprise(t.db, { parkId: subA.id });
      project = await makeProject(t.db, { parkId: parkA.id, enterpriseId: enterpriseA.id });
      const add = (description: string, values: Record<string, unknown>) =>
        makeServiceRequest(t.db, {
          enterpriseId: enterpriseA.id,
          parkId: parkA.id,
          description,
          ...values,
        });
      await add('a-late-land', { dueDate: addDays(today, -2), ownerId: owner.id });
      await add('b-late-started', {
        dueDate: addDays(today, -1),
        status: 'in_progress',
        element: 'capital',
        projectId: project.id,
      });
      await add('c-today', { dueDate: today, element: 'policy' });
      await add('d-resolved-late', {
        dueDate: addDays(today, -5),
        status: 'resolved',
        resolution: 'ok',
        ownerId: owner.id,
      });
      await add('e-closed', { dueDate: addDays(today, -9), status: 'closed', resolution: 'ok' });
      await add('f-sub-park 人才公寓, "二期"', {
        enterpriseId: inSub.id,
        parkId: subA.id,
        dueDate: addDays(today, 20),
        element: 'human_resources',
      });
    });

    it('pages requests in scope by due date by default, with sub-parks under parkId', async () => {
      const page = await as(t, lister).get(`${base}?limit=2`).expect(200);
      expect(page.body).toMatchObject({ total: 6, page: 1, limit: 2 });
      expect(await descriptions('')).toEqual([
        'e-closed',
        'd-resolved-late',
        'a-late-land',
        'b-late-started',
        'c-today',
        'f-sub-park 人才公寓, "二期"',
      ]);
      expect(await descriptions(`parkId=${subA.id}`)).toEqual(['f-sub-park 人才公寓, "二期"']);
      expect((await descriptions(`parkId=${parkA.id}`)).length).toBe(6);
      // parkId never widens the caller's scope
      expect(await descriptions(`parkId=${parkB.id}`)).toEqual([]);
    });

    it('filters by enterprise, project, element, status list, owner and text', async () => {
      expect(await descriptions(`projectId=${project.id}`)).toEqual(['b-late-started']);
      expect(await descriptions('element=capital')).toEqual(['b-late-started']);
      expect(await descriptions('status=open,in_progress')).toEqual([
        'a-late-land',
        'b-late-started',
        'c-today',
        'f-sub-park 人才公寓, "二期"',
      ]);
      expect(await descriptions('status=closed')).toEqual(['e-closed']);
      expect(await descriptions(`ownerId=${owner.id}`)).toEqual(['d-resolved-late', 'a-late-land']);
      expect(await descriptions(`enterpriseId=${enterpriseA.id}&q=LATE`)).toEqual([
        'd-resolved-late',
        'a-late-land',
        'b-late-started',
      ]);
      for (const query of ['status=open,bogus', 'element=water', 'ownerId=x', 'sort=description']) {
        const res = await as(t, lister).get(`${base}?${query}`);
        expect([query, res.status]).toEqual([query, 400]);
      }
    });

    it('flags overdue: open or in progress and due before today; overdue=false is the rest', async () => {
      expect(await descriptions('overdue=true')).toEqual(['a-late-land', 'b-late-started']);
      expect(await descriptions('overdue=false')).toEqual([
        'e-closed',
        'd-resolved-late',
        'c-today',
        'f-sub-park 人才公寓, "二期"',
      ]);
      await as(t, lister).get(`${base}?overdue=yes`).expect(400);
    });

    it('sorts by due date, status (lifecycle order) or creation, either way', async () => {
      expect(await descriptions('sort=-dueDate&limit=2')).toEqual([
        'f-sub-park 人才公寓, "二期"',
        'c-today',
      ]);
      const byStatus = await descriptions('sort=status');
      expect(byStatus.slice(-3)).toEqual(['b-late-started', 'd-resolved-late', 'e-closed']);
      expect(await descriptions('sort=-status&limit=1')).toEqual(['e-closed']);
      expect((await descriptions('sort=-createdAt&limit=1'))[0]).toMatch(/^f-sub-park/);
    });

    it('exports the same filtered rows as CSV with a BOM, Chinese text intact', async () => {
      const res = await t.http
        .get(`/api/v1${base}?format=csv&status=open,in_progress&sort=dueDate&limit=1`)
        .set('authorization', `Bearer ${t.token(lister)}`)
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="service-requests.csv"',
      );
      expect([...(res.body as Buffer).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const records = csvRecords(res.body);
      // every matching row, not one page
      expect(records.map((r) => r.description)).toEqual([
        'a-late-land',
        'b-late-started',
        'c-today',
        'f-sub-park 人才公寓, "二期"',
      ]);
      expect(records[1]).toMatchObject({
        element: 'capital',
        status: 'in_progress',
        projectId: project.id,
        dueDate: addDays(today, -1),
        parkId: parkA.id,
      });
      const accept = await as(t, lister).get(`${base}?element=policy`).set('accept', 'text/csv');
      expect(accept.headers['content-type']).toBe('text/csv; charset=utf-8');
    });
  });
});

describe('service requests in the zone time zone', () => {
  // A zone whose calendar date differs from UTC's right now: Kiritimati (UTC+14) is a day
  // ahead from 10:00 UTC, Pago Pago (UTC-11) a day behind until 11:00 UTC.
  const ahead = new Date().getUTCHours() >= 10;
  const timeZone = ahead ? 'Pacific/Kiritimati' : 'Pacific/Pago_Pago';
  let t: TestApp;
  let officer: UserRow;
  let enterprise: EnterpriseRow;

  beforeAll(async () => {
    t = await createTestApp({ ZONE_TIMEZONE: timeZone });
    const park = await makePark(t.db);
    officer = await makeUser(t.db, { role: 'officer', parkIds: [park.id] });
    enterprise = await makeEnterprise(t.db, { parkId: park.id });
  });
  afterAll(() => t.close());

  it('decides "today" for overdue, default due dates and the earliest due date by the zone calendar', async () => {
    const today = zoneToday(timeZone);
    expect(today).not.toBe(zoneToday('UTC'));
    const utcToday = zoneToday('UTC');
    // ahead: the zone's yesterday is UTC's today (overdue only by the zone); behind: the zone's
    // today is UTC's yesterday (overdue only by UTC)
    const due = ahead ? addDays(today, -1) : today;
    await makeServiceRequest(t.db, {
      enterpriseId: enterprise.id,
      parkId: enterprise.parkId,
      dueDate: due,
    });
    const overdue = await as(t, officer).get(`${base}?overdue=true`).expect(200);
    expect(overdue.body.total).toBe(ahead ? 1 : 0);

    const body = { enterpriseId: enterprise.id, element: 'policy', description: 'Briefing' };
    const made = await as(t, officer).post(base, body).expect(201);
    expect(made.body.dueDate).toBe(addDays(today, 7));
    // UTC's today is before the zone's today when ahead (refused), after it when behind
    const onUtcToday = await as(t, officer).post(base, { ...body, dueDate: utcToday });
    expect(onUtcToday.status).toBe(ahead ? 400 : 201);
  });
});
