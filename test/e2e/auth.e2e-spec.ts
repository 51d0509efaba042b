import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  makePark,
  makeUser,
  type ParkRow,
  TEST_PASSWORD,
  type UserRow,
} from '../factories/factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('auth', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates the first admin at boot and lets them sign in with a pinned-algorithm JWT', async () => {
    const res = await t.http
      .post('/api/v1/auth/login')
      .send({ email: 'Admin@Test.Example', password: 'admin-password-1' })
      .expect(200);
    expect(res.body.tokenType).toBe('Bearer');
    const [header, payload] = (res.body.accessToken as string)
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header.alg).toBe('HS256');
    expect(payload).toMatchObject({ role: 'admin', iss: 'zone-crm', aud: 'zone-crm-api' });
    expect(payload.exp - payload.iat).toBe(t.config.jwt.expiresInSeconds);

    const me = await t.http
      .get('/api/v1/auth/me')
      .set('authorization', `Bearer ${res.body.accessToken}`)
      .expect(200);
    expect(me.body).toMatchObject({ email: 'admin@test.example', role: 'admin', parkIds: [] });
    expect(JSON.stringify(me.body)).not.toMatch(/password/i);
  });

  it('stores passwords as argon2id hashes', async () => {
    const { rows } = await t.db.query(
      `SELECT password_hash FROM users WHERE email = 'admin@test.example'`,
    );
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
  });

  it('answers 401 with the error body for a wrong password or unknown email', async () => {
    const wrong = await t.http
      .post('/api/v1/auth/login')
      .send({ email: 'admin@test.example', password: 'nope-nope-nope' })
      .expect(401);
    expect(wrong.body).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect(wrong.body.correlationId).toEqual(expect.any(String));
    await t.http
      .post('/api/v1/auth/login')
      .send({ email: 'nobody@test.example', password: 'whatever-123' })
      .expect(401);
  });

  it('rejects a login body with unknown fields or a malformed email', async () => {
    const res = await t.http
      .post('/api/v1/auth/login')
      .send({ email: 'not-an-email', password: 'x', role: 'admin' })
      .expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'email',
      'role',
    ]);
  });

  it('gives 429 with Retry-After on the sixth failed try in a minute, even with the right password', async () => {
    const park = await makePark(t.db);
    const user = await makeUser(t.db, { role: 'officer', parkIds: [park.id] });
    for (let i = 0; i < 5; i++) {
      await t.http
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: 'wrong-password' })
        .expect(401);
    }
    const sixth = await t.http
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: TEST_PASSWORD })
      .expect(429);
    expect(sixth.body.code).toBe('RATE_LIMITED');
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(sixth.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('does not let a deactivated user in, even with a token issued before', async () => {
    const admin = await makeUser(t.db, { role: 'admin' });
    const user = await makeUser(t.db, { role: 'viewer' });
    const token = t.token(user);
    await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${token}`).expect(200);
    await t.http
      .delete(`/api/v1/users/${user.id}`)
      .set('authorization', `Bearer ${t.token(admin)}`)
      .expect(204);
    await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${token}`).expect(401);
    await t.http
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: TEST_PASSWORD })
      .expect(401);
  });
});

describe('bearer tokens and role rules', () => {
  let t: TestApp;
  let viewer: UserRow;
  let officer: UserRow;
  let park: ParkRow;

  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  /** A JWT built by hand, so every part of it can be wrong on purpose. */
  const forge = (
    claims: Record<string, unknown>,
    { alg = 'HS256', secret = t.config.jwt.secret }: { alg?: string; secret?: string } = {},
  ) => {
    const now = Math.floor(Date.now() / 1000);
    const body = `${b64({ alg, typ: 'JWT' })}.${b64({
      sub: viewer.id,
      role: 'viewer',
      iat: now,
      exp: now + 600,
      iss: t.config.jwt.issuer,
      aud: t.config.jwt.audience,
      ...claims,
    })}`;
    if (alg === 'none') return `${body}.`;
    const hmac = createHmac(`sha${alg.slice(2)}`, secret)
      .update(body)
      .digest('base64url');
    return `${body}.${hmac}`;
  };
  const me = (authorization?: string) => {
    const req = t.http.get('/api/v1/auth/me');
    return authorization === undefined ? req : req.set('authorization', authorization);
  };

  beforeAll(async () => {
    t = await createTestApp();
    park = await makePark(t.db);
    viewer = await makeUser(t.db, { role: 'viewer', parkIds: [park.id] });
    officer = await makeUser(t.db, { role: 'officer', parkIds: [park.id] });
  });
  afterAll(() => t.close());

  it('accepts a token forged exactly like login signs it (the negative cases below mean something)', async () => {
    const res = await me(`Bearer ${forge({})}`).expect(200);
    expect(res.body).toMatchObject({ id: viewer.id, role: 'viewer' });
  });

  it.each([
    ['alg "none" with no signature', () => forge({}, { alg: 'none' })],
    [
      'a signature made with another secret',
      () => forge({}, { secret: 'not-the-secret-0123456789' }),
    ],
    ['HS512 with the right secret (the algorithm is pinned)', () => forge({}, { alg: 'HS512' })],
    ['an expired token', () => forge({ iat: 1_600_000_000, exp: 1_600_000_600 })],
    ['another issuer', () => forge({ iss: 'someone-else' })],
    ['another audience', () => forge({ aud: 'another-api' })],
    ['a subject that is not a UUID', () => forge({ sub: 'admin' })],
    ['a subject no user has', () => forge({ sub: '00000000-0000-4000-8000-000000000000' })],
    [
      'a tampered payload',
      () => {
        const [h, , s] = forge({}).split('.');
        return `${h}.${b64({ sub: officer.id, role: 'admin' })}.${s}`;
      },
    ],
  ])('answers 401 with the error body for %s', async (_, token) => {
    const res = await me(`Bearer ${token()}`).expect(401);
    expect(res.body).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect(res.body.correlationId).toBe(res.headers['x-correlation-id']);
  });

  it.each([
    ['no Authorization header', undefined],
    ['an empty header', ''],
    ['a Basic scheme', `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['"Bearer" alone', 'Bearer'],
    ['two segments', 'Bearer abc.def'],
    ['a token with spaces inside', 'Bearer abc.def ghi'],
    ['the token without the scheme', 'TOKEN'],
  ])('answers 401 for a malformed header: %s', async (_, header) => {
    const value = header === 'TOKEN' ? forge({}) : header;
    const res = await me(value).expect(401);
    expect(res.body.code).toBe('UNAUTHORIZED');
  });

  it('takes the role from the database, not from the token', async () => {
    const token = forge({ role: 'admin' });
    const res = await t.http
      .post('/api/v1/parks')
      .set('authorization', `Bearer ${token}`)
      .send({ name: 'Sneaky', code: 'SNEAKY', kind: 'zone' })
      .expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
    const { rowCount } = await t.db.query(`SELECT 1 FROM parks WHERE code = 'SNEAKY'`);
    expect(rowCount).toBe(0);
  });

  it('forbids viewers every write (403) and leaves the record as it was', async () => {
    const caller = as(t, viewer);
    const enterprise = await caller.post('/enterprises', { name: 'V', parkId: park.id });
    expect(enterprise.status).toBe(403);
    await caller.patch(`/parks/${park.id}`, { name: 'Renamed', version: park.version }).expect(403);
    await caller.delete(`/parks/${park.id}`).expect(403);
    const { rows } = await t.db.query('SELECT name, version FROM parks WHERE id = $1', [park.id]);
    expect(rows[0]).toEqual({ name: park.name, version: park.version });
    await caller.get(`/parks/${park.id}`).expect(200);
  });

  it('forbids officers the manager-only routes (403)', async () => {
    for (const path of ['/users', '/audit']) {
      const res = await as(t, officer).get(path).expect(403);
      expect(res.body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    }
    await as(t, officer)
      .post('/users', { email: 'x@zone.example', name: 'X', password: 'password-1', role: 'admin' })
      .expect(403);
  });
});
