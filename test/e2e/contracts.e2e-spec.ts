import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  makeEnterprise,
  makePark,
  makeProject,
  makeUser,
  type EnterpriseRow,
  type ParkRow,
  type UserRow,
} from '../factories/factories.js';
import {
  countWhere,
  makeContract,
  makeEvent,
  makeVisit,
  type EventRow,
} from '../factories/deals-factories.js';
import { addDays, auditRows, fieldsOf, zoneToday } from '../factories/projects-factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('contracts: create, read, update, delete', () => {
  let t: TestApp;
  let zone: ParkRow;
  let sub: ParkRow;
  let other: ParkRow;
  let officer: UserRow;
  let outsider: UserRow;
  let viewer: UserRow;
  let huawei: EnterpriseRow;
  let conference: EventRow;

  const contract = (code: string, values: Record<string, unknown> = {}) => ({
    code,
    title: `Contract ${code}`,
    signedAt: '2025-10-27',
    parkId: zone.id,
    amount: '1000000.00',
    ...values,
  });
  const rowOf = async (id: string) =>
    (await t.db.query('SELECT * FROM contracts WHERE id = $1', [id])).rows[0];

  beforeAll(async () => {
    t = await createTestApp();
    zone = await makePark(t.db, { kind: 'zone' });
    sub = await makePark(t.db, { parentId: zone.id });
    other = await makePark(t.db, { kind: 'zone' });
    officer = await makeUser(t.db, { role: 'officer', parkIds: [zone.id] });
    outsider = await makeUser(t.db, { role: 'officer', parkIds: [other.id] });
    viewer = await makeUser(t.db, { role: 'viewer', parkIds: [zone.id] });
    huawei = await makeEnterprise(t.db, { parkId: zone.id, name: 'Huawei' });
    conference = await makeEvent(t.db, { parkId: zone.id, name: 'Jimo conference' });
  });
  afterAll(() => t.close());

  it('records a contract with every field, at status signed, and reads it back', async () => {
    const visit = await makeVisit(t.db, { parkId: zone.id });
    const body = {
      code: 'JM-2019-017',
      title: 'Huawei techno-park',
      signedAt: '2019-10-27',
      parkId: sub.id,
      enterpriseId: huawei.id,
      eventId: conference.id,
      visitId: visit.id,
      amount: '5000000000.10',
      currency: 'USD',
      description: 'Signed at the Jimo conference',
    };
    const res = await as(t, officer).post('/contracts', body).expect(201);
    expect(res.body).toEqual({
      ...body,
      id: expect.any(String),
      status: 'signed',
      projectId: null,
      createdBy: officer.id,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      version: 1,
    });
    expect(await as(t, officer).get(`/contracts/${res.body.id}`).expect(200)).toMatchObject({
      body: res.body,
    });
    expect(await rowOf(res.body.id)).toMatchObject({ amount: '5000000000.10', currency: 'USD' });
    expect(await auditRows(t.db, 'contract', res.body.id)).toEqual([
      expect.objectContaining({ action: 'create', actorId: officer.id, parkId: sub.id }),
    ]);
  });

  it('rejects a float amount, bad money, codes, currencies and a status on create', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ amount: 1500000.5 }, 'amount'],
      [{ amount: '-1.00' }, 'amount'],
      [{ amount: '1.234' }, 'amount'],
      [{ currency: 'cny' }, 'currency'],
      [{ code: 'has space' }, 'code'],
      [{ title: '' }, 'title'],
      [{ signedAt: '2025-02-30' }, 'signedAt'],
      [{ status: 'registered' }, 'status'],
      [{ enterpriseId: 'not-a-uuid' }, 'enterpriseId'],
    ];
    for (const [change, field] of cases) {
      const res = await as(t, officer).post('/contracts', contract('BAD-1', change)).expect(400);
      expect({ change, fields: fieldsOf(res.body) }).toEqual({ change, fields: [field] });
    }
    expect(await countWhere(t.db, 'contracts', 'code', 'BAD-1')).toBe(0);
  });

  it('takes a signing day up to today in the zone time zone, never after', async () => {
    const today = zoneToday(t.config.zoneTimeZone);
    const tomorrow = await as(t, officer)
      .post('/contracts', contract('DAY-1', { signedAt: addDays(today, 1) }))
      .expect(400);
    expect(fieldsOf(tomorrow.body)).toEqual(['signedAt']);
    expect(tomorrow.body.message).toContain(today);
    const ok = await as(t, officer)
      .post('/contracts', contract('DAY-1', { signedAt: today }))
      .expect(201);
    const later = await as(t, officer)
      .patch(`/contracts/${ok.body.id}`, { signedAt: addDays(today, 1), version: 1 })
      .expect(400);
    expect(fieldsOf(later.body)).toEqual(['signedAt']);
  });

  it('takes an event or visit of its park or a park above, never of another park', async () => {
    const farEvent = await makeEvent(t.db, { parkId: other.id });
    const farVisit = await makeVisit(t.db, { parkId: other.id });
    const subEvent = await makeEvent(t.db, { parkId: sub.id });
    const foreign = await makeEnterprise(t.db, { parkId: other.id });
    const subProject = await makeProject(t.db, { parkId: sub.id });
    const cases: [Record<string, unknown>, string][] = [
      [{ eventId: farEvent.id }, 'eventId'],
      // an event of a sub-park did not win a contract of the zone
      [{ eventId: subEvent.id }, 'eventId'],
      [{ visitId: farVisit.id }, 'visitId'],
      [{ enterpriseId: foreign.id }, 'enterpriseId'],
      [{ projectId: subProject.id }, 'projectId'],
    ];
    for (const [change, field] of cases) {
      const res = await as(t, officer).post('/contracts', contract('REF-1', change)).expect(400);
      expect({ change, fields: fieldsOf(res.body) }).toEqual({ change, fields: [field] });
    }
    const outside = await as(t, officer)
      .post('/contracts', contract('REF-1', { parkId: other.id }))
      .expect(404);
    expect(outside.body.code).toBe('NOT_FOUND');
    expect(await countWhere(t.db, 'contracts', 'code', 'REF-1')).toBe(0);
    // the zone's conference won a contract of its sub-park
    const below = await as(t, officer)
      .post('/contracts', contract('REF-1', { parkId: sub.id, eventId: conference.id }))
      .expect(201);
    // moving it elsewhere must keep the event above it
    const moved = await as(t, officer)
      .patch(`/contracts/${below.body.id}`, { parkId: sub.id, eventId: subEvent.id, version: 1 })
      .expect(200);
    const back = await as(t, officer)
      .patch(`/contracts/${below.body.id}`, { parkId: zone.id, version: moved.body.version })
      .expect(400);
    expect(fieldsOf(back.body)).toEqual(['eventId']);
    expect((await rowOf(below.body.id)).park_id).toBe(sub.id);
  });

  it('keeps the code unique per park (409), allows it in another park', async () => {
    await as(t, officer).post('/contracts', contract('UNIQ-1')).expect(201);
    const dup = await as(t, officer).post('/contracts', contract('UNIQ-1')).expect(409);
    expect(dup.body).toMatchObject({ status: 409, code: 'ALREADY_EXISTS' });
    expect(dup.body.message).toMatch(/contract with this code already exists in this park/);
    const inSub = await as(t, officer)
      .post('/contracts', contract('UNIQ-1', { parkId: sub.id }))
      .expect(201);
    expect(await countWhere(t.db, 'contracts', 'code', 'UNIQ-1')).toBe(2);
    const moved = await as(t, officer)
      .patch(`/contracts/${inSub.body.id}`, { parkId: zone.id, version: 1 })
      .expect(409);
    expect(moved.body.code).toBe('ALREADY_EXISTS');
  });

  it('moves status forward only (skips allowed); backwards or sideways answer 409', async () => {
    const { body } = await as(t, officer).post('/contracts', contract('ST-1')).expect(201);
    const move = (status: string, version: number) =>
      as(t, officer).patch(`/contracts/${body.id}`, { status, version });
    await move('registered', 1).expect(200);
    const backwards = await move('signed', 2).expect(409);
    expect(backwards.body.code).toBe('INVALID_TRANSITION');
    expect(backwards.body.message).toMatch(/allowed: funds_in_place, terminated/);
    expect((await rowOf(body.id)).status).toBe('registered');
    await move('funds_in_place', 2).expect(200);
    const sideways = await move('terminated', 3).expect(409);
    expect(sideways.body.message).toMatch(/funds_in_place is final/);
    expect(await rowOf(body.id)).toMatchObject({ status: 'funds_in_place', version: 3 });
    await move('unknown', 3).expect(400);

    const second = await as(t, officer).post('/contracts', contract('ST-2')).expect(201);
    const path = `/contracts/${second.body.id}`;
    await as(t, officer).patch(path, { status: 'registered', version: 1 }).expect(200);
    await as(t, officer).patch(path, { status: 'terminated', version: 2 }).expect(200);
    await as(t, officer).patch(path, { status: 'registered', version: 3 }).expect(409);
    expect((await rowOf(second.body.id)).status).toBe('terminated');

    // funds may arrive before the registration is filed: signed → funds_in_place
    const third = await as(t, officer).post('/contracts', contract('ST-3')).expect(201);
    await as(t, officer)
      .patch(`/contracts/${third.body.id}`, { status: 'funds_in_place', version: 1 })
      .expect(200);
  });

  it('links an existing key project of the same park, and no other', async () => {
    const { body } = await as(t, officer).post('/contracts', contract('LINK-1')).expect(201);
    const path = `/contracts/${body.id}`;
    const sameParkProject = await makeProject(t.db, { parkId: zone.id });
    const subProject = await makeProject(t.db, { parkId: sub.id });
    const deleted = await makeProject(t.db, { parkId: zone.id, deletedAt: new Date() });
    for (const projectId of [subProject.id, deleted.id]) {
      const res = await as(t, officer).patch(path, { projectId, version: 1 }).expect(400);
      expect(fieldsOf(res.body)).toEqual(['projectId']);
    }
    const linked = await as(t, officer)
      .patch(path, { projectId: sameParkProject.id, version: 1 })
      .expect(200);
    expect(linked.body).toMatchObject({ projectId: sameParkProject.id, version: 2 });
    await as(t, officer).patch(path, { projectId: null, version: 2 }).expect(200);
    expect((await rowOf(body.id)).project_id).toBeNull();
  });

  it("keeps another park's officer out (404, never listed) and a viewer read-only (403)", async () => {
    const hidden = await makeContract(t.db, { parkId: sub.id, code: 'HIDDEN-1' });
    const path = `/contracts/${hidden.id}`;
    for (const res of [
      await as(t, outsider).get(path),
      await as(t, outsider).patch(path, { title: 'Mine', version: 1 }),
      await as(t, outsider).delete(path),
      await as(t, outsider).post(`${path}/project`),
    ]) {
      expect(res.status).toBe(404);
    }
    const listed = await as(t, outsider).get('/contracts?limit=100').expect(200);
    expect(listed.body.items.map((c: { id: string }) => c.id)).not.toContain(hidden.id);
    expect((await as(t, officer).get('/contracts?q=HIDDEN').expect(200)).body.total).toBe(1);

    await as(t, viewer).get(path).expect(200);
    await as(t, viewer).post('/contracts', contract('VIEW-1')).expect(403);
    await as(t, viewer).patch(path, { title: 'Viewer', version: 1 }).expect(403);
    await as(t, viewer).delete(path).expect(403);
    await as(t, viewer).post(`${path}/project`).expect(403);
    expect((await rowOf(hidden.id)).version).toBe(1);
    expect(await countWhere(t.db, 'contracts', 'code', 'VIEW-1')).toBe(0);
    expect(await countWhere(t.db, 'projects', 'contract_id', hidden.id)).toBe(0);
  });

  it('updates with the version read, audits every change, refuses a stale version', async () => {
    const { body } = await as(t, officer).post('/contracts', contract('AUD-1')).expect(201);
    const path = `/contracts/${body.id}`;
    const res = await as(t, officer)
      .patch(path, { amount: '2000000.55', description: null, version: 1 })
      .expect(200);
    expect(res.body).toMatchObject({ amount: '2000000.55', description: null, version: 2 });
    const stale = await as(t, officer).patch(path, { amount: '1.00', version: 1 }).expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    expect((await rowOf(body.id)).amount).toBe('2000000.55');
    await as(t, officer).delete(path).expect(204);
    expect(await rowOf(body.id)).toBeUndefined();
    const audit = await auditRows(t.db, 'contract', body.id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'delete']);
    expect(audit[1]).toMatchObject({
      actorId: officer.id,
      parkId: zone.id,
      before: { amount: '1000000.00', version: 1 },
      after: { amount: '2000000.55', version: 2 },
    });
    expect(audit[2]).toMatchObject({ before: { code: 'AUD-1' }, after: null });
  });
});
