import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  makeEnterprise,
  makePark,
  makeUser,
  type EnterpriseRow,
  type ParkRow,
  type UserRow,
} from '../factories/factories.js';
import { countWhere, makeContract, makeEvent } from '../factories/deals-factories.js';
import { auditRows, fieldsOf } from '../factories/projects-factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('events: create, read, update, delete, contract summary', () => {
  let t: TestApp;
  let zone: ParkRow;
  let sub: ParkRow;
  let other: ParkRow;
  let admin: UserRow;
  let officer: UserRow;
  let outsider: UserRow;
  let viewer: UserRow;
  let lenovo: EnterpriseRow;
  let weigao: EnterpriseRow;
  let foreign: EnterpriseRow;

  const conference = (values: Record<string, unknown> = {}) => ({
    kind: 'conference',
    name: 'Jimo innovation and development conference',
    startDate: '2025-10-27',
    parkId: zone.id,
    ...values,
  });
  const eventRow = async (id: string) =>
    (await t.db.query('SELECT * FROM events WHERE id = $1', [id])).rows[0];

  beforeAll(async () => {
    t = await createTestApp();
    zone = await makePark(t.db, { kind: 'zone' });
    sub = await makePark(t.db, { parentId: zone.id });
    other = await makePark(t.db, { kind: 'zone' });
    admin = await makeUser(t.db, { role: 'admin' });
    officer = await makeUser(t.db, { role: 'officer', parkIds: [zone.id] });
    outsider = await makeUser(t.db, { role: 'officer', parkIds: [other.id] });
    viewer = await makeUser(t.db, { role: 'viewer', parkIds: [zone.id] });
    lenovo = await makeEnterprise(t.db, { parkId: zone.id, name: 'Lenovo Image' });
    weigao = await makeEnterprise(t.db, { parkId: sub.id, name: 'Weigao' });
    foreign = await makeEnterprise(t.db, { parkId: other.id });
  });
  afterAll(() => t.close());

  it('records a media tour with the companies it visited and reads it back', async () => {
    const body = {
      kind: 'media_tour',
      name: 'Media tour of Lingang companies',
      startDate: '2025-06-01',
      endDate: '2025-06-02',
      location: 'Lingang District, Weihai',
      parkId: zone.id,
      organiser: 'Lingang Publicity Department',
      attendeeCount: 30,
      description: 'About 30 journalists',
      companyIds: [weigao.id, lenovo.id],
    };
    const res = await as(t, officer).post('/events', body).expect(201);
    expect(res.body).toEqual({
      ...body,
      id: expect.any(String),
      companyIds: [lenovo.id, weigao.id].sort(),
      contracts: { count: 0, totals: [] },
      createdBy: officer.id,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      version: 1,
    });
    const got = await as(t, officer).get(`/events/${res.body.id}`).expect(200);
    expect(got.body).toEqual(res.body);
    expect(await countWhere(t.db, 'event_enterprises', 'event_id', res.body.id)).toBe(2);
    expect(await auditRows(t.db, 'event', res.body.id)).toEqual([
      expect.objectContaining({ action: 'create', actorId: officer.id, parkId: zone.id }),
    ]);
  });

  it('refuses companies on anything but a media tour, and companies outside your parks', async () => {
    const onConference = await as(t, officer)
      .post('/events', conference({ name: 'CONF-COMPANIES', companyIds: [lenovo.id] }))
      .expect(400);
    expect(fieldsOf(onConference.body)).toEqual(['companyIds']);
    const outside = await as(t, officer)
      .post(
        '/events',
        conference({ kind: 'media_tour', name: 'TOUR-FOREIGN', companyIds: [foreign.id] }),
      )
      .expect(400);
    expect(fieldsOf(outside.body)).toEqual(['companyIds']);
    expect(outside.body.message).toContain(foreign.id);
    expect(await countWhere(t.db, 'events', 'name', 'CONF-COMPANIES')).toBe(0);
    expect(await countWhere(t.db, 'events', 'name', 'TOUR-FOREIGN')).toBe(0);
    // an empty set is no company at all
    await as(t, officer)
      .post('/events', conference({ companyIds: [] }))
      .expect(201);

    // a tour that becomes a conference must drop its companies in the same PATCH
    const tour = await as(t, officer)
      .post('/events', conference({ kind: 'media_tour', companyIds: [lenovo.id] }))
      .expect(201);
    const kept = await as(t, officer)
      .patch(`/events/${tour.body.id}`, { kind: 'conference', version: 1 })
      .expect(400);
    expect(fieldsOf(kept.body)).toEqual(['companyIds']);
    expect((await eventRow(tour.body.id)).kind).toBe('media_tour');
    const cleared = await as(t, officer)
      .patch(`/events/${tour.body.id}`, { kind: 'conference', companyIds: [], version: 1 })
      .expect(200);
    expect(cleared.body).toMatchObject({ kind: 'conference', companyIds: [], version: 2 });
    expect(await countWhere(t.db, 'event_enterprises', 'event_id', tour.body.id)).toBe(0);
  });

  it('rejects bad dates, attendee counts, kinds and parks, writing nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ endDate: '2025-10-26' }, 'endDate'],
      [{ startDate: '2025-02-30' }, 'startDate'],
      [{ attendeeCount: -1 }, 'attendeeCount'],
      [{ attendeeCount: 1.5 }, 'attendeeCount'],
      [{ attendeeCount: '400' }, 'attendeeCount'],
      [{ kind: 'gala' }, 'kind'],
      [{ name: '' }, 'name'],
    ];
    for (const [change, field] of cases) {
      const res = await as(t, officer)
        .post('/events', conference({ ...change, name: change.name ?? 'BAD-INPUT' }))
        .expect(400);
      expect({ change, fields: fieldsOf(res.body) }).toEqual({ change, fields: [field] });
    }
    const outside = await as(t, officer)
      .post('/events', conference({ name: 'BAD-INPUT', parkId: other.id }))
      .expect(404);
    expect(outside.body.code).toBe('NOT_FOUND');
    expect(await countWhere(t.db, 'events', 'name', 'BAD-INPUT')).toBe(0);
    // end date may equal the start; a PATCH cannot put it before
    const oneDay = await as(t, officer)
      .post('/events', conference({ endDate: '2025-10-27' }))
      .expect(201);
    const early = await as(t, officer)
      .patch(`/events/${oneDay.body.id}`, { startDate: '2025-10-28', version: 1 })
      .expect(400);
    expect(fieldsOf(early.body)).toEqual(['endDate']);
  });

  it('sums the contracts signed at it per currency, counting only those the caller can see', async () => {
    const event = await makeEvent(t.db, { parkId: zone.id, name: 'Signing ceremony' });
    await makeContract(t.db, { parkId: zone.id, eventId: event.id, amount: '0.10' });
    await makeContract(t.db, { parkId: sub.id, eventId: event.id, amount: '0.20' });
    await makeContract(t.db, {
      parkId: zone.id,
      eventId: event.id,
      amount: '5000000000.00',
      currency: 'USD',
      status: 'terminated',
    });
    // imported data may break the park rule; the summary still shows only what you may see
    await makeContract(t.db, {
      parkId: other.id,
      eventId: event.id,
      amount: '1.00',
      currency: 'USD',
    });
    await makeContract(t.db, { parkId: zone.id, amount: '99.00' });

    const seen = await as(t, officer).get(`/events/${event.id}`).expect(200);
    expect(seen.body.contracts).toEqual({
      count: 3,
      totals: [
        { currency: 'CNY', amount: '0.30' },
        { currency: 'USD', amount: '5000000000.00' },
      ],
    });
    const all = await as(t, admin).get(`/events/${event.id}`).expect(200);
    expect(all.body.contracts).toEqual({
      count: 4,
      totals: [
        { currency: 'CNY', amount: '0.30' },
        { currency: 'USD', amount: '5000000001.00' },
      ],
    });
  });

  it("keeps another park's officer out: 404 on every call, absent from lists", async () => {
    const event = await makeEvent(t.db, { parkId: sub.id, name: 'Hidden from outsiders' });
    const path = `/events/${event.id}`;
    for (const res of [
      await as(t, outsider).get(path),
      await as(t, outsider).patch(path, { name: 'Taken over', version: 1 }),
      await as(t, outsider).delete(path),
    ]) {
      expect(res.status).toBe(404);
    }
    expect(await eventRow(event.id)).toMatchObject({ name: 'Hidden from outsiders', version: 1 });
    const list = await as(t, outsider).get('/events?limit=100').expect(200);
    expect(list.body.items.map((e: { id: string }) => e.id)).not.toContain(event.id);
    const own = await as(t, officer).get('/events?q=Hidden+from').expect(200);
    expect(own.body.items.map((e: { id: string }) => e.id)).toEqual([event.id]);
    // nor can an event be moved out of the caller's parks
    await as(t, officer).patch(path, { parkId: other.id, version: 1 }).expect(404);
  });

  it('lets a viewer read but never write', async () => {
    const event = await makeEvent(t.db, { parkId: zone.id, name: 'Viewer check' });
    await as(t, viewer).get(`/events/${event.id}`).expect(200);
    const create = await as(t, viewer)
      .post('/events', conference({ name: 'VIEWER' }))
      .expect(403);
    expect(create.body.code).toBe('FORBIDDEN');
    await as(t, viewer).patch(`/events/${event.id}`, { name: 'X', version: 1 }).expect(403);
    await as(t, viewer).delete(`/events/${event.id}`).expect(403);
    expect(await countWhere(t.db, 'events', 'name', 'VIEWER')).toBe(0);
    expect(await eventRow(event.id)).toMatchObject({ name: 'Viewer check', version: 1 });
  });

  it('updates with the version read, audits before and after, and refuses a stale version', async () => {
    const created = await as(t, officer).post('/events', conference()).expect(201);
    const id = created.body.id;
    const res = await as(t, officer)
      .patch(`/events/${id}`, { attendeeCount: 400, location: null, version: 1 })
      .expect(200);
    expect(res.body).toMatchObject({ attendeeCount: 400, location: null, version: 2 });
    const stale = await as(t, officer)
      .patch(`/events/${id}`, { attendeeCount: 1, version: 1 })
      .expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    expect((await eventRow(id)).attendee_count).toBe(400);
    const audit = await auditRows(t.db, 'event', id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    expect(audit[1]).toMatchObject({
      actorId: officer.id,
      parkId: zone.id,
      before: { attendeeCount: null, version: 1, companyIds: [] },
      after: { attendeeCount: 400, version: 2 },
    });
  });

  it('cannot move below a park where its contracts were signed', async () => {
    const event = await makeEvent(t.db, { parkId: zone.id });
    await makeContract(t.db, { parkId: zone.id, eventId: event.id });
    const res = await as(t, officer)
      .patch(`/events/${event.id}`, { parkId: sub.id, version: 1 })
      .expect(400);
    expect(fieldsOf(res.body)).toEqual(['parkId']);
    expect((await eventRow(event.id)).park_id).toBe(zone.id);
    // with its contracts in the sub-park, the move is fine
    const below = await makeEvent(t.db, { parkId: zone.id });
    await makeContract(t.db, { parkId: sub.id, eventId: below.id });
    await as(t, officer).patch(`/events/${below.id}`, { parkId: sub.id, version: 1 }).expect(200);
  });

  it('deletes an event; the contracts signed at it stay, unlinked, with an audited update', async () => {
    const tour = await as(t, officer)
      .post('/events', conference({ kind: 'media_tour', companyIds: [lenovo.id] }))
      .expect(201);
    const id = tour.body.id;
    const contract = await makeContract(t.db, { parkId: zone.id, eventId: id });
    await as(t, officer).delete(`/events/${id}`).expect(204);
    await as(t, officer).get(`/events/${id}`).expect(404);
    expect(await eventRow(id)).toBeUndefined();
    expect(await countWhere(t.db, 'event_enterprises', 'event_id', id)).toBe(0);
    const kept = (await t.db.query('SELECT * FROM contracts WHERE id = $1', [contract.id])).rows[0];
    expect(kept).toMatchObject({ event_id: null, version: 2 });
    expect((await auditRows(t.db, 'event', id)).map((a) => a.action)).toEqual(['create', 'delete']);
    expect(await auditRows(t.db, 'contract', contract.id)).toEqual([
      expect.objectContaining({
        action: 'update',
        actorId: officer.id,
        before: expect.objectContaining({ eventId: id, version: 1 }),
        after: expect.objectContaining({ eventId: null, version: 2 }),
      }),
    ]);
  });
});
