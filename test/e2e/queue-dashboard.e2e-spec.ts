import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QueueName } from '../../src/jobs/queue-name.js';
import { makeUser, type UserRow } from '../factories/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('the queue dashboard at /admin/queues', () => {
  let t: TestApp;
  let admin: UserRow;
  let manager: UserRow;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await makeUser(t.db, { role: 'admin' });
    manager = await makeUser(t.db, { role: 'manager' });
  });
  afterAll(() => t.close());

  it('answers 401 without a token and 403 to anyone but an admin, in the one error shape', async () => {
    const none = await t.http.get('/admin/queues').expect(401);
    expect(none.body).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect(none.body.correlationId).toEqual(expect.any(String));
    await t.http.get('/admin/queues').set('authorization', 'Bearer not.a.token').expect(401);
    const other = await t.http
      .get('/admin/queues/api/queues')
      .set('authorization', `Bearer ${t.token(manager)}`)
      .expect(403);
    expect(other.body.code).toBe('FORBIDDEN');
  });

  it('shows every queue to an admin', async () => {
    const page = await t.http
      .get('/admin/queues')
      .set('authorization', `Bearer ${t.token(admin)}`)
      .expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const api = await t.http
      .get('/admin/queues/api/queues')
      .set('authorization', `Bearer ${t.token(admin)}`)
      .expect(200);
    const names = (api.body.queues as { name: string }[]).map((q) => q.name).sort();
    expect(names).toEqual(Object.values(QueueName).sort());
  });

  it('lets a browser in once with ?token= and then by an HttpOnly cookie for that path', async () => {
    const first = await t.http.get(`/admin/queues?token=${t.token(admin)}`).expect(200);
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(
      /^zone_queues_token=.+; Path=\/admin\/queues; HttpOnly; SameSite=Strict/,
    );
    const value = cookie.split(';')[0];
    await t.http.get('/admin/queues/api/queues').set('cookie', value).expect(200);
  });
});
