import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makePark, makeUser, TEST_PASSWORD } from '../factories/factories.js';
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
