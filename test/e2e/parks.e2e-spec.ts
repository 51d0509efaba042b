import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  makePark,
  makeProject,
  makeUser,
  type ParkRow,
  type UserRow,
} from '../factories/factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('parks and clusters', () => {
  let t: TestApp;
  let admin: UserRow;
  let zone: ParkRow;
  let sub: ParkRow;
  let other: ParkRow;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await makeUser(t.db, { role: 'admin' });
    zone = await makePark(t.db, { kind: 'zone', code: 'ZONE-A' });
    sub = await makePark(t.db, { parentId: zone.id, code: 'ZONE-A-1' });
    other = await makePark(t.db, { kind: 'zone', code: 'ZONE-B' });
  });
  afterAll(() => t.close());

  it('creates a park with all its fields and audits it', async () => {
    const res = await as(t, admin)
      .post('/parks', {
        name: 'Weihai High-tech Zone',
        code: 'WH-HTZ',
        kind: 'zone',
        city: 'Weihai',
        province: 'Shandong',
        areaSqKm: 111.5,
        description: 'A zone',
      })
      .expect(201);
    expect(res.body).toMatchObject({
      name: 'Weihai High-tech Zone',
      code: 'WH-HTZ',
      kind: 'zone',
      parentId: null,
      city: 'Weihai',
      areaSqKm: 111.5,
      version: 1,
    });
    const audit = await as(t, admin).get(`/audit?entity=park&entityId=${res.body.id}`).expect(200);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({
      action: 'create',
      actorId: admin.id,
      parkId: res.body.id,
    });
    expect(audit.body.items[0].after).toMatchObject({ code: 'WH-HTZ' });
  });

  it('rejects a duplicate code with 409 and bad fields with 400 naming them', async () => {
    const dup = await as(t, admin)
      .post('/parks', { name: 'X', code: 'ZONE-A', kind: 'zone' })
      .expect(409);
    expect(dup.body).toMatchObject({ status: 409, code: 'ALREADY_EXISTS' });
    const bad = await as(t, admin)
      .post('/parks', { name: '', code: 'has space', kind: 'galaxy', areaSqKm: -1, parentId: 'x' })
      .expect(400);
    const fields = bad.body.details.map((d: { field: string }) => d.field);
    expect(new Set(fields)).toEqual(new Set(['name', 'code', 'kind', 'areaSqKm', 'parentId']));
  });

  it('keeps the nesting free of cycles', async () => {
    const leaf = await makePark(t.db, { parentId: sub.id });
    const res = await as(t, admin)
      .patch(`/parks/${zone.id}`, { parentId: leaf.id, version: zone.version })
      .expect(409);
    expect(res.body.message).toMatch(/sub-parks/);
    const { rows } = await t.db.query('SELECT parent_id FROM parks WHERE id = $1', [zone.id]);
    expect(rows[0].parent_id).toBeNull();
    await as(t, admin)
      .patch(`/parks/${zone.id}`, { parentId: zone.id, version: zone.version })
      .expect(409);
  });

  it('moves a subtree and keeps the closure right for scope', async () => {
    const a = await makePark(t.db, { kind: 'zone' });
    const b = await makePark(t.db, { parentId: a.id });
    const c = await makePark(t.db, { parentId: b.id });
    const manager = await makeUser(t.db, { role: 'manager', parkIds: [other.id] });
    await as(t, manager).get(`/parks/${c.id}`).expect(404);
    await as(t, admin)
      .patch(`/parks/${b.id}`, { parentId: other.id, version: b.version })
      .expect(200);
    // c came along with b under the manager's park
    await as(t, manager).get(`/parks/${c.id}`).expect(200);
    const { rows } = await t.db.query(
      'SELECT ancestor_id, depth FROM park_closure WHERE descendant_id = $1 ORDER BY depth',
      [c.id],
    );
    expect(rows).toEqual([
      { ancestor_id: c.id, depth: 0 },
      { ancestor_id: b.id, depth: 1 },
      { ancestor_id: other.id, depth: 2 },
    ]);
  });

  it('shows officers their parks and sub-parks only, and hides the rest as 404', async () => {
    const officer = await makeUser(t.db, { role: 'officer', parkIds: [zone.id] });
    const list = await as(t, officer).get('/parks?limit=100').expect(200);
    const ids = list.body.items.map((p: ParkRow) => p.id);
    expect(ids).toEqual(expect.arrayContaining([zone.id, sub.id]));
    expect(ids).not.toContain(other.id);
    expect(list.body.total).toBe(ids.length);
    await as(t, officer).get(`/parks/${other.id}`).expect(404);
    await as(t, officer).get(`/parks/${sub.id}`).expect(200);
  });

  it('lets managers nest parks under their own, not at the top or elsewhere', async () => {
    const manager = await makeUser(t.db, { role: 'manager', parkIds: [zone.id] });
    const created = await as(t, manager)
      .post('/parks', { name: 'New sub', code: 'ZONE-A-NEW', kind: 'sub_center', parentId: sub.id })
      .expect(201);
    expect(created.body.parentId).toBe(sub.id);
    await as(t, manager).post('/parks', { name: 'Top', code: 'TOP-X', kind: 'zone' }).expect(403);
    await as(t, manager)
      .post('/parks', { name: 'Elsewhere', code: 'ELSE-X', kind: 'zone', parentId: other.id })
      .expect(404);
    const officer = await makeUser(t.db, { role: 'officer', parkIds: [zone.id] });
    await as(t, officer)
      .post('/parks', { name: 'No', code: 'NO-X', kind: 'zone', parentId: zone.id })
      .expect(403);
  });

  it('answers 409 on a stale version and keeps the newer write', async () => {
    const park = await makePark(t.db);
    await as(t, admin).patch(`/parks/${park.id}`, { name: 'First', version: 1 }).expect(200);
    const stale = await as(t, admin)
      .patch(`/parks/${park.id}`, { name: 'Second', version: 1 })
      .expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const now = await as(t, admin).get(`/parks/${park.id}`).expect(200);
    expect(now.body).toMatchObject({ name: 'First', version: 2 });
  });

  it('refuses null for a required field on PATCH', async () => {
    const park = await makePark(t.db);
    const res = await as(t, admin)
      .patch(`/parks/${park.id}`, { name: null, version: 1 })
      .expect(400);
    expect(res.body.details[0].field).toBe('name');
  });

  it('refuses to delete a park still in use (409) and deletes an empty one', async () => {
    const used = await makePark(t.db);
    await makeProject(t.db, { parkId: used.id });
    const res = await as(t, admin).delete(`/parks/${used.id}`).expect(409);
    expect(res.body.code).toBe('IN_USE');
    const empty = await makePark(t.db);
    await as(t, admin).delete(`/parks/${empty.id}`).expect(204);
    await as(t, admin).get(`/parks/${empty.id}`).expect(404);
  });

  it('filters, searches, sorts and pages the list', async () => {
    const page = await as(t, admin)
      .get(`/parks?parentId=${zone.id}&sort=-code&limit=1&page=1`)
      .expect(200);
    expect(page.body).toMatchObject({ page: 1, limit: 1 });
    expect(page.body.items).toHaveLength(1);
    expect(page.body.total).toBeGreaterThanOrEqual(1);
    const search = await as(t, admin).get('/parks?q=ZONE-B').expect(200);
    expect(search.body.items.map((p: ParkRow) => p.id)).toEqual([other.id]);
    await as(t, admin).get('/parks?sort=secret').expect(400);
    await as(t, admin).get('/parks?limit=101').expect(400);
    await as(t, admin).get('/parks?page=0').expect(400);
    await as(t, admin).get('/parks?unknown=1').expect(400);
  });

  describe('clusters', () => {
    it('creates, reads, updates and deletes a cluster with a money scale target', async () => {
      const created = await as(t, admin)
        .post(`/parks/${zone.id}/clusters`, {
          name: 'New energy vehicles',
          areaSqKm: 21.3,
          scaleTarget: '100000000000.00',
        })
        .expect(201);
      expect(created.body).toMatchObject({
        parkId: zone.id,
        scaleTarget: '100000000000.00',
        currency: 'CNY',
      });
      const id = created.body.id;
      await as(t, admin).get(`/parks/${zone.id}/clusters/${id}`).expect(200);
      const updated = await as(t, admin)
        .patch(`/parks/${zone.id}/clusters/${id}`, { scaleTarget: '270000000000', version: 1 })
        .expect(200);
      expect(updated.body.scaleTarget).toBe('270000000000.00');
      const list = await as(t, admin).get(`/parks/${zone.id}/clusters`).expect(200);
      expect(list.body.items.map((c: { id: string }) => c.id)).toContain(id);
      // the same cluster is not found under another park
      await as(t, admin).get(`/parks/${other.id}/clusters/${id}`).expect(404);
      await as(t, admin).delete(`/parks/${zone.id}/clusters/${id}`).expect(204);
      await as(t, admin).get(`/parks/${zone.id}/clusters/${id}`).expect(404);
    });

    it('rejects a float scale target and hides clusters of parks outside scope', async () => {
      const res = await as(t, admin)
        .post(`/parks/${zone.id}/clusters`, { name: 'Float', scaleTarget: 1.5 })
        .expect(400);
      expect(res.body.details[0].field).toBe('scaleTarget');
      const officer = await makeUser(t.db, { role: 'officer', parkIds: [zone.id] });
      await as(t, officer).get(`/parks/${other.id}/clusters`).expect(404);
    });
  });
});
