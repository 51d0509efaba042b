import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { makePark, makeUser, type ParkRow, type UserRow } from '../factories/factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('audit', () => {
  let t: TestApp;
  let admin: UserRow;
  let manager: UserRow;
  let zone: ParkRow;
  let sub: ParkRow;
  let other: ParkRow;

  const entityIds = (res: Response) => res.body.items.map((a: { entityId: string }) => a.entityId);
  /** An audit row at a chosen instant, for the time filters and the ordering. */
  const entry = async (values: { at: string; entity?: string; parkId?: string | null }) => {
    const { rows } = await t.db.query(
      `INSERT INTO audit_log (at, actor_id, entity, entity_id, park_id, action, after)
       VALUES ($1, $2, $3, gen_random_uuid(), $4, 'create', '{}') RETURNING entity_id`,
      [
        values.at,
        admin.id,
        values.entity ?? 'timed',
        values.parkId === undefined ? zone.id : values.parkId,
      ],
    );
    return rows[0].entity_id as string;
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await makeUser(t.db, { role: 'admin' });
    zone = await makePark(t.db, { kind: 'zone' });
    sub = await makePark(t.db, { parentId: zone.id });
    other = await makePark(t.db, { kind: 'zone' });
    manager = await makeUser(t.db, { role: 'manager', parkIds: [zone.id] });
  });
  afterAll(() => t.close());

  it('records who changed what with before, after and the request’s correlation id', async () => {
    const officer = await makeUser(t.db, { role: 'officer', parkIds: [zone.id] });
    const created = await as(t, officer)
      .post('/enterprises', { name: 'Audited Co', parkId: sub.id })
      .set('x-request-id', 'audit-test-create-1')
      .expect(201);
    const id = created.body.id;
    await as(t, officer).patch(`/enterprises/${id}`, { listed: true, version: 1 }).expect(200);
    await as(t, officer).delete(`/enterprises/${id}`).expect(204);

    const res = await as(t, manager).get(`/audit?entity=enterprise&entityId=${id}`).expect(200);
    expect(res.body).toMatchObject({ total: 3, page: 1, limit: 20 });
    // newest first by default
    expect(res.body.items.map((a: { action: string }) => a.action)).toEqual([
      'delete',
      'update',
      'create',
    ]);
    const [deleted, updated, createdEntry] = res.body.items;
    expect(createdEntry).toMatchObject({
      actorId: officer.id,
      entity: 'enterprise',
      entityId: id,
      parkId: sub.id,
      before: null,
      after: { name: 'Audited Co', listed: false },
      correlationId: 'audit-test-create-1',
    });
    expect(updated).toMatchObject({ before: { listed: false }, after: { listed: true } });
    expect(deleted).toMatchObject({ before: { listed: true, version: 2 }, after: null });
    expect(Date.parse(createdEntry.at)).not.toBeNaN();
    expect(typeof createdEntry.id).toBe('string');
  });

  it('filters by entity, entityId, actorId and action', async () => {
    const actor = await makeUser(t.db, { role: 'manager', parkIds: [other.id] });
    const cluster = await as(t, actor)
      .post(`/parks/${other.id}/clusters`, { name: 'Filter cluster' })
      .expect(201);
    const e = await as(t, actor)
      .post('/enterprises', { name: 'Filter Co', parkId: other.id })
      .expect(201);
    await as(t, actor).patch(`/enterprises/${e.body.id}`, { listed: true, version: 1 }).expect(200);

    const byActor = await as(t, admin).get(`/audit?actorId=${actor.id}`).expect(200);
    expect(byActor.body.total).toBe(3);
    expect(new Set(entityIds(byActor))).toEqual(new Set([cluster.body.id, e.body.id]));
    const clusters = await as(t, admin).get(`/audit?actorId=${actor.id}&entity=cluster`);
    expect(entityIds(clusters)).toEqual([cluster.body.id]);
    const updates = await as(t, admin).get(`/audit?actorId=${actor.id}&action=update`);
    expect(updates.body.items).toEqual([
      expect.objectContaining({ entity: 'enterprise', entityId: e.body.id, action: 'update' }),
    ]);
    const creates = await as(t, admin).get(`/audit?entityId=${e.body.id}&action=create`);
    expect(creates.body.total).toBe(1);
    const none = await as(t, admin).get(`/audit?actorId=${actor.id}&action=delete`).expect(200);
    expect(none.body).toMatchObject({ items: [], total: 0 });
  });

  it('filters by time: from is inclusive, to is exclusive, and sorts either way', async () => {
    const e1 = await entry({ at: '2024-03-01T00:00:00Z', entity: 'window' });
    const e2 = await entry({ at: '2024-03-02T00:00:00Z', entity: 'window' });
    const e3 = await entry({ at: '2024-03-03T00:00:00Z', entity: 'window' });
    const range = (query: string) => as(t, admin).get(`/audit?entity=window&${query}`).expect(200);

    expect(entityIds(await range('from=2024-03-02T00:00:00Z'))).toEqual([e3, e2]);
    expect(entityIds(await range('to=2024-03-02T00:00:00Z'))).toEqual([e1]);
    expect(entityIds(await range('from=2024-03-01T12:00:00Z&to=2024-03-03T00:00:00Z'))).toEqual([
      e2,
    ]);
    expect(entityIds(await range('from=2024-03-02T08:00:00%2B08:00'))).toEqual([e3, e2]);
    expect(entityIds(await range('sort=at'))).toEqual([e1, e2, e3]);
    expect(entityIds(await range('sort=-at'))).toEqual([e3, e2, e1]);
  });

  it('pages through the entries with a stable order and an exact total', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++)
      made.push(await entry({ at: '2024-05-01T00:00:00Z', entity: 'paged' }));
    const seen: string[] = [];
    for (const page of [1, 2, 3]) {
      const res = await as(t, admin).get(`/audit?entity=paged&sort=at&limit=2&page=${page}`);
      expect(res.body).toMatchObject({ total: 5, page, limit: 2 });
      seen.push(...entityIds(res));
    }
    // same instant for all: ties are broken by insertion order, with no repeats or gaps
    expect(seen).toEqual(made);
    const past = await as(t, admin).get('/audit?entity=paged&page=9&limit=2').expect(200);
    expect(past.body).toMatchObject({ items: [], total: 5, page: 9 });
  });

  it('shows managers only the entries of their parks and sub-parks, never user management', async () => {
    const mine = await entry({ at: '2024-06-01T00:00:00Z', entity: 'scoped', parkId: sub.id });
    const theirs = await entry({ at: '2024-06-01T00:00:00Z', entity: 'scoped', parkId: other.id });
    const parkless = await entry({ at: '2024-06-01T00:00:00Z', entity: 'scoped', parkId: null });
    const res = await as(t, manager).get('/audit?entity=scoped').expect(200);
    expect(entityIds(res)).toEqual([mine]);
    expect(res.body.total).toBe(1);
    const all = await as(t, admin).get('/audit?entity=scoped&sort=at').expect(200);
    expect(new Set(entityIds(all))).toEqual(new Set([mine, theirs, parkless]));

    const user = await as(t, admin)
      .post('/users', {
        email: 'audited@zone.example',
        name: 'Audited',
        password: 'password-123',
        role: 'officer',
        parkIds: [zone.id],
      })
      .expect(201);
    const forManager = await as(t, manager).get(`/audit?entity=user&entityId=${user.body.id}`);
    expect(forManager.body).toMatchObject({ items: [], total: 0 });
    const forAdmin = await as(t, admin).get(`/audit?entity=user&entityId=${user.body.id}`);
    expect(forAdmin.body.items).toEqual([
      expect.objectContaining({ entity: 'user', action: 'create', parkId: null }),
    ]);
    expect(forAdmin.text).not.toMatch(/\$argon2|passwordHash/);
  });

  it('keeps the audit from officers and viewers (403)', async () => {
    for (const role of ['officer', 'viewer'] as const) {
      const user = await makeUser(t.db, { role, parkIds: [zone.id] });
      const res = await as(t, user).get('/audit').expect(403);
      expect(res.body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      expect(JSON.stringify(res.body)).not.toContain('"items"');
    }
    await t.http.get('/api/v1/audit').expect(401);
  });

  it('rejects bad filters with 400 naming each one', async () => {
    const res = await as(t, admin)
      .get(
        '/audit?entityId=nope&actorId=1&action=destroy&from=yesterday&to=2024-13-01&entity=Project!',
      )
      .expect(400);
    const fields = new Set(res.body.details.map((d: { field: string }) => d.field));
    expect(fields).toEqual(new Set(['entityId', 'actorId', 'action', 'from', 'to', 'entity']));
    for (const query of ['sort=entity', 'limit=101', 'limit=10000', 'page=0', 'park=1']) {
      await as(t, admin).get(`/audit?${query}`).expect(400);
    }
  });
});
