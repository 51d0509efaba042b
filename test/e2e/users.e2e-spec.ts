import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import {
  makePark,
  makeUser,
  type ParkRow,
  TEST_PASSWORD,
  type UserRow,
} from '../factories/factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('users', () => {
  let t: TestApp;
  let admin: UserRow;
  let zone: ParkRow;
  let sub: ParkRow;
  let other: ParkRow;

  const login = (email: string, password: string) =>
    t.http.post('/api/v1/auth/login').send({ email, password });
  const fields = (res: Response) =>
    [...new Set(res.body.details.map((d: { field: string }) => d.field))].sort();
  const ids = (res: Response) => res.body.items.map((u: { id: string }) => u.id);
  /** No hash, no password field, anywhere in the raw text. */
  const expectNoSecrets = (res: Response) => {
    expect(res.text).not.toMatch(/\$argon2/);
    expect(res.text).not.toMatch(/password/i);
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await makeUser(t.db, { role: 'admin' });
    zone = await makePark(t.db, { kind: 'zone' });
    sub = await makePark(t.db, { parentId: zone.id });
    other = await makePark(t.db, { kind: 'zone' });
  });
  afterAll(() => t.close());

  it('lets an admin create a user who can then sign in, without ever showing the hash', async () => {
    const res = await as(t, admin)
      .post('/users', {
        email: '  Feng.Shuxiu@Zone.Example ',
        name: 'Feng Shuxiu',
        password: 'first-password-1',
        role: 'officer',
        parkIds: [sub.id, zone.id],
      })
      .expect(201);
    expect(res.body).toMatchObject({
      email: 'feng.shuxiu@zone.example',
      name: 'Feng Shuxiu',
      role: 'officer',
      deactivatedAt: null,
      version: 1,
    });
    expect([...res.body.parkIds].sort()).toEqual([sub.id, zone.id].sort());
    expectNoSecrets(res);
    const { rows } = await t.db.query('SELECT password_hash FROM users WHERE id = $1', [
      res.body.id,
    ]);
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);

    const signedIn = await login('feng.shuxiu@zone.example', 'first-password-1').expect(200);
    const me = await t.http
      .get('/api/v1/auth/me')
      .set('authorization', `Bearer ${signedIn.body.accessToken}`)
      .expect(200);
    expect(me.body).toMatchObject({ id: res.body.id, role: 'officer' });
    expectNoSecrets(me);

    const audit = await as(t, admin).get(`/audit?entity=user&entityId=${res.body.id}`).expect(200);
    expect(audit.body.items).toEqual([
      expect.objectContaining({ action: 'create', actorId: admin.id, parkId: null }),
    ]);
    expectNoSecrets(audit);
  });

  it('refuses a duplicate email whatever its case (409) on create and on update', async () => {
    const taken = await makeUser(t.db, { email: 'taken@zone.example' });
    const dup = await as(t, admin)
      .post('/users', {
        email: 'TAKEN@zone.example',
        name: 'X',
        password: 'password-xyz',
        role: 'viewer',
      })
      .expect(409);
    expect(dup.body).toMatchObject({ status: 409, code: 'ALREADY_EXISTS' });
    const someone = await makeUser(t.db);
    await as(t, admin)
      .patch(`/users/${someone.id}`, { email: 'Taken@Zone.Example', version: 1 })
      .expect(409);
    const { rows } = await t.db.query('SELECT email FROM users WHERE id = ANY($1) ORDER BY email', [
      [taken.id, someone.id],
    ]);
    expect(rows.map((r) => r.email)).toEqual([someone.email, 'taken@zone.example'].sort());
  });

  it('validates every field, parkIds included, and leaves no user behind', async () => {
    const before = (await t.db.query('SELECT count(*)::int AS n FROM users')).rows[0].n;
    const bad = await as(t, admin)
      .post('/users', { email: 'nope', name: '', password: 'short', role: 'boss', isAdmin: true })
      .expect(400);
    expect(fields(bad)).toEqual(['email', 'isAdmin', 'name', 'password', 'role']);
    const base = { email: 'p@zone.example', name: 'P', password: 'long-enough-1', role: 'officer' };
    const notUuid = await as(t, admin)
      .post('/users', { ...base, parkIds: ['park-a'] })
      .expect(400);
    expect(fields(notUuid)).toEqual(['parkIds']);
    const twice = await as(t, admin)
      .post('/users', { ...base, parkIds: [zone.id, zone.id] })
      .expect(400);
    expect(fields(twice)).toEqual(['parkIds']);
    const missing = '00000000-0000-4000-8000-000000000000';
    const unknown = await as(t, admin)
      .post('/users', { ...base, parkIds: [zone.id, missing] })
      .expect(400);
    expect(unknown.body.details).toEqual([
      { field: 'parkIds', message: expect.stringContaining(missing) },
    ]);
    // the user row inserted before the parks were checked was rolled back
    expect((await t.db.query('SELECT count(*)::int AS n FROM users')).rows[0].n).toBe(before);
    await login('p@zone.example', 'long-enough-1').expect(401);
  });

  it('lists users for admins with filters, search, sort and pages; deactivated ones on request', async () => {
    const park = await makePark(t.db);
    const a = await makeUser(t.db, { role: 'manager', parkIds: [park.id], name: 'Aaa Search' });
    const b = await makeUser(t.db, { role: 'officer', parkIds: [park.id], name: 'Bbb Search' });
    const gone = await makeUser(t.db, { role: 'viewer', parkIds: [park.id] });
    await t.db.query('UPDATE users SET deactivated_at = now() WHERE id = $1', [gone.id]);

    const inPark = await as(t, admin).get(`/users?parkId=${park.id}&sort=name`).expect(200);
    expect(inPark.body).toMatchObject({ total: 2, page: 1, limit: 20 });
    expect(ids(inPark)).toEqual([a.id, b.id]);
    expectNoSecrets(inPark);
    const all = await as(t, admin).get(`/users?parkId=${park.id}&active=false`).expect(200);
    expect(ids(all).sort()).toEqual([a.id, b.id, gone.id].sort());
    expect(ids(await as(t, admin).get(`/users?parkId=${park.id}&role=officer`))).toEqual([b.id]);
    expect(ids(await as(t, admin).get('/users?q=aaa%20search'))).toEqual([a.id]);
    const desc = await as(t, admin).get(`/users?parkId=${park.id}&sort=-name&limit=1&page=2`);
    expect(desc.body).toMatchObject({ total: 2, page: 2, limit: 1 });
    expect(ids(desc)).toEqual([a.id]);
    await as(t, admin).get('/users?sort=passwordHash').expect(400);
    await as(t, admin).get('/users?role=root').expect(400);
    await as(t, admin).get('/users?active=maybe').expect(400);
  });

  it('lets managers list and get only users of their parks and sub-parks', async () => {
    const manager = await makeUser(t.db, { role: 'manager', parkIds: [zone.id] });
    const inSub = await makeUser(t.db, { role: 'officer', parkIds: [sub.id] });
    const outside = await makeUser(t.db, { role: 'officer', parkIds: [other.id] });
    const list = await as(t, manager).get('/users?limit=100').expect(200);
    expect(ids(list)).toEqual(expect.arrayContaining([manager.id, inSub.id]));
    expect(ids(list)).not.toContain(outside.id);
    expect(ids(list)).not.toContain(admin.id);
    expect(list.body.total).toBe(list.body.items.length);
    await as(t, manager).get(`/users/${inSub.id}`).expect(200);
    const hidden = await as(t, manager).get(`/users/${outside.id}`).expect(404);
    expect(hidden.body.code).toBe('NOT_FOUND');
    await as(t, manager).get(`/users/${admin.id}`).expect(404);
  });

  it('keeps /users from officers and viewers (403) and user changes from managers (403)', async () => {
    const officer = await makeUser(t.db, { role: 'officer', parkIds: [zone.id] });
    const viewer = await makeUser(t.db, { role: 'viewer', parkIds: [zone.id] });
    const manager = await makeUser(t.db, { role: 'manager', parkIds: [zone.id] });
    for (const user of [officer, viewer]) {
      const res = await as(t, user).get('/users').expect(403);
      expect(res.body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      await as(t, user).get(`/users/${user.id}`).expect(403);
    }
    const body = { email: 'm@zone.example', name: 'M', password: 'password-123', role: 'admin' };
    await as(t, manager).post('/users', body).expect(403);
    await as(t, manager).patch(`/users/${officer.id}`, { role: 'admin', version: 1 }).expect(403);
    await as(t, manager).delete(`/users/${officer.id}`).expect(403);
    await as(t, officer).patch(`/users/${officer.id}`, { role: 'admin', version: 1 }).expect(403);
    const { rows } = await t.db.query(
      `SELECT role, version, deactivated_at FROM users WHERE id = $1`,
      [officer.id],
    );
    expect(rows[0]).toEqual({ role: 'officer', version: 1, deactivated_at: null });
    expect((await t.db.query(`SELECT 1 FROM users WHERE email = 'm@zone.example'`)).rowCount).toBe(
      0,
    );
  });

  it('refuses to change your own role (409) or deactivate yourself, but lets you rename yourself', async () => {
    const me = await makeUser(t.db, { role: 'admin' });
    const res = await as(t, me)
      .patch(`/users/${me.id}`, { role: 'viewer', version: 1 })
      .expect(409);
    expect(res.body).toMatchObject({ status: 409, code: 'CONFLICT' });
    expect(res.body.message).toMatch(/own role/);
    await as(t, me).delete(`/users/${me.id}`).expect(409);
    const renamed = await as(t, me)
      .patch(`/users/${me.id}`, { name: 'Renamed', role: 'admin', version: 1 })
      .expect(200);
    expect(renamed.body).toMatchObject({ name: 'Renamed', role: 'admin', version: 2 });
    const { rows } = await t.db.query('SELECT role, deactivated_at FROM users WHERE id = $1', [
      me.id,
    ]);
    expect(rows[0]).toEqual({ role: 'admin', deactivated_at: null });
  });

  it('applies a role change at once: a demoted manager’s earlier token no longer reaches /users', async () => {
    const manager = await makeUser(t.db, { role: 'manager', parkIds: [zone.id] });
    const token = t.token(manager);
    const call = () => t.http.get('/api/v1/users').set('authorization', `Bearer ${token}`);
    await call().expect(200);
    await as(t, admin).patch(`/users/${manager.id}`, { role: 'officer', version: 1 }).expect(200);
    await call().expect(403);
  });

  it('changes a password: the old one stops working, the new one works, and audit keeps no hash', async () => {
    const user = await makeUser(t.db, { role: 'officer' });
    const res = await as(t, admin)
      .patch(`/users/${user.id}`, { password: 'brand-new-password', version: 1 })
      .expect(200);
    expectNoSecrets(res);
    await login(user.email, TEST_PASSWORD).expect(401);
    await login(user.email, 'brand-new-password').expect(200);
    const audit = await as(t, admin)
      .get(`/audit?entity=user&entityId=${user.id}&action=update`)
      .expect(200);
    expect(audit.body.items[0].after).toMatchObject({ passwordChanged: true });
    expect(audit.text).not.toMatch(/\$argon2/);
    expect(audit.text).not.toMatch(/passwordHash/);
    const stored = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE after::text LIKE '%argon2%' OR before::text LIKE '%argon2%'`,
    );
    expect(stored.rows[0].n).toBe(0);
  });

  it('replaces the parks on PATCH and refuses a stale version', async () => {
    const user = await makeUser(t.db, { role: 'officer', parkIds: [zone.id] });
    await as(t, user).get(`/parks/${zone.id}`).expect(200);
    const res = await as(t, admin)
      .patch(`/users/${user.id}`, { parkIds: [other.id], version: 1 })
      .expect(200);
    expect(res.body).toMatchObject({ parkIds: [other.id], version: 2 });
    const stale = await as(t, admin)
      .patch(`/users/${user.id}`, { parkIds: [], version: 1 })
      .expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const bad = await as(t, admin)
      .patch(`/users/${user.id}`, { parkIds: ['x'], name: null, version: 2 })
      .expect(400);
    expect(fields(bad)).toEqual(['name', 'parkIds']);
    const { rows } = await t.db.query('SELECT park_id FROM user_parks WHERE user_id = $1', [
      user.id,
    ]);
    expect(rows).toEqual([{ park_id: other.id }]);
    // the new scope applies to the user's next request
    await as(t, user).get(`/parks/${other.id}`).expect(200);
    await as(t, user).get(`/parks/${zone.id}`).expect(404);
  });

  it('deactivates a user: 204, kept with deactivatedAt, out of the default list, audited', async () => {
    const park = await makePark(t.db);
    const user = await makeUser(t.db, { role: 'viewer', parkIds: [park.id] });
    await as(t, admin).delete(`/users/${user.id}`).expect(204);
    const got = await as(t, admin).get(`/users/${user.id}`).expect(200);
    expect(got.body).toMatchObject({ version: 2, deactivatedAt: expect.any(String) });
    expect(ids(await as(t, admin).get(`/users?parkId=${park.id}`))).toEqual([]);
    // deactivating twice changes nothing more
    await as(t, admin).delete(`/users/${user.id}`).expect(204);
    const audit = await t.db.query(
      `SELECT action, actor_id FROM audit_log WHERE entity = 'user' AND entity_id = $1`,
      [user.id],
    );
    expect(audit.rows).toEqual([{ action: 'delete', actor_id: admin.id }]);
    await login(user.email, TEST_PASSWORD).expect(401);
  });

  it('answers 404 for an unknown user and 400 naming id for a malformed one', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    await as(t, admin).get(`/users/${missing}`).expect(404);
    await as(t, admin).patch(`/users/${missing}`, { name: 'X', version: 1 }).expect(404);
    await as(t, admin).delete(`/users/${missing}`).expect(404);
    const bad = await as(t, admin).get('/users/123').expect(400);
    expect(bad.body.details).toEqual([{ field: 'id', message: 'must be a UUID' }]);
  });

  describe('PATCH /auth/me', () => {
    it('lets any role, viewers included, rename themselves', async () => {
      const viewer = await makeUser(t.db, { role: 'viewer' });
      const res = await as(t, viewer)
        .patch('/auth/me', { name: 'New Name', version: 1 })
        .expect(200);
      expect(res.body).toMatchObject({
        id: viewer.id,
        name: 'New Name',
        role: 'viewer',
        version: 2,
      });
    });

    it('changes the password only with the current one', async () => {
      const user = await makeUser(t.db, { role: 'officer' });
      const missing = await as(t, user)
        .patch('/auth/me', { password: 'brand-new-pw', version: 1 })
        .expect(400);
      expect(missing.body.details).toEqual([
        { field: 'currentPassword', message: 'does not match your current password' },
      ]);
      await as(t, user)
        .patch('/auth/me', { password: 'brand-new-pw', currentPassword: 'wrong-one', version: 1 })
        .expect(400);
      await login(user.email, 'brand-new-pw').expect(401);
      await as(t, user)
        .patch('/auth/me', { password: 'brand-new-pw', currentPassword: TEST_PASSWORD, version: 1 })
        .expect(200);
      await login(user.email, 'brand-new-pw').expect(200);
      await login(user.email, TEST_PASSWORD).expect(401);
    });

    it('refuses role, email or parks in the body (400) and changes nothing', async () => {
      const park = await makePark(t.db);
      const user = await makeUser(t.db, { role: 'officer' });
      for (const body of [{ role: 'admin' }, { email: 'me@x.example' }, { parkIds: [park.id] }]) {
        const res = await as(t, user)
          .patch('/auth/me', { ...body, version: 1 })
          .expect(400);
        expect(res.body.details[0].message).toBe('is not allowed');
      }
      const { rows } = await t.db.query('SELECT role, email, version FROM users WHERE id = $1', [
        user.id,
      ]);
      expect(rows[0]).toEqual({ role: 'officer', email: user.email, version: 1 });
    });

    it('answers 409 on a stale version', async () => {
      const user = await makeUser(t.db, { role: 'manager' });
      await as(t, user).patch('/auth/me', { name: 'Once', version: 1 }).expect(200);
      const stale = await as(t, user).patch('/auth/me', { name: 'Twice', version: 1 }).expect(409);
      expect(stale.body.code).toBe('VERSION_CONFLICT');
    });
  });
});
