import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeUser, type UserRow } from '../factories/factories.js';
import { as } from '../support/http.js';
import { type PrivateRedis, startPrivateRedis } from '../support/processes.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait.js';

describe('a Redis outage loses nothing', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  let admin: UserRow;

  beforeAll(async () => {
    redis = await startPrivateRedis({ appendonly: true });
    t = await createTestApp({ APP_ROLES: 'api,worker', REDIS_URL: redis.url });
    admin = await makeUser(t.db, { role: 'admin' });
  });
  afterAll(async () => {
    await t.close();
    await redis.destroy();
  });

  it('keeps answering, keeps jobs in the outbox while Redis is down, and drains them when it is back', async () => {
    await redis.stop();

    // a write that needs no job goes through as usual
    const park = await as(t, admin).post('/parks', {
      name: 'Outage park',
      code: 'OUT-1',
      kind: 'zone',
    });
    expect(park.status).toBe(201);
    // a write that needs a job is accepted: the job waits in the outbox
    const accepted = await as(t, admin).post('/jobs/reminder-scan').expect(202);
    const { jobId } = accepted.body;
    const pending = await as(t, admin).get(`/jobs/${jobId}`).expect(200);
    expect(pending.body).toMatchObject({ state: 'pending', dispatchedAt: null });
    const ready = await t.http.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.message).toMatch(/redis/);
    // the relay has tried and said why
    const tried = await waitFor(
      async () =>
        (await t.db.query('SELECT attempts, last_error FROM outbox WHERE id = $1', [jobId]))
          .rows[0],
      (row) => row.attempts > 0,
    );
    expect(tried.attempts).toBeGreaterThan(0);

    await redis.start();
    const drained = await waitFor(
      async () => (await as(t, admin).get(`/jobs/${jobId}`)).body,
      (s) => s.dispatchedAt !== null && s.state !== 'pending',
    );
    expect(drained.state).not.toBe('pending');
    await waitFor(
      async () => (await t.http.get('/health/ready')).status,
      (s) => s === 200,
    );
    expect((await t.http.get('/health/ready')).status).toBe(200);
  }, 60_000);
});
