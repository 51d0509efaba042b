import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { makePark, makeUser } from '../factories/factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { ADMIN_URL } from '../support/test-env.js';

/** Polls until the readiness answer has the status wanted (pools reconnect on their own time). */
async function readyUntil(t: TestApp, status: number, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await t.http.get('/health/ready');
    if (res.status === status || Date.now() > deadline) return res;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('health', () => {
  describe('with Postgres and Redis up', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    it('answers liveness without a token and outside /api/v1', async () => {
      const res = await t.http.get('/health').expect(200);
      expect(res.body).toEqual({ status: 'ok' });
      await t.http.get('/api/v1/health').expect(404);
    });

    it('answers readiness 200 with both checks up', async () => {
      const res = await t.http.get('/health/ready').expect(200);
      expect(res.body).toEqual({ status: 'ok', checks: { postgres: 'up', redis: 'up' } });
    });
  });

  describe('with Redis unreachable', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:6390' });
    });
    afterAll(() => t.close());

    it('answers readiness 503 naming redis, and keeps serving liveness and the API', async () => {
      const started = Date.now();
      const res = await t.http.get('/health/ready').expect(503);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(res.body).toMatchObject({
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        details: [{ field: 'redis', message: 'down' }],
      });
      expect(res.body.message).toMatch(/redis/);
      expect(res.body.message).not.toMatch(/postgres/);
      expect(res.body.correlationId).toBe(res.headers['x-correlation-id']);
      await t.http.get('/health').expect(200);
      // Postgres-only reads do not depend on Redis
      const admin = await makeUser(t.db, { role: 'admin' });
      const park = await makePark(t.db);
      const read = await as(t, admin).get(`/parks/${park.id}`).expect(200);
      expect(read.body.id).toBe(park.id);
    });
  });

  describe('with Postgres unreachable', () => {
    let t: TestApp;
    let admin: pg.Client;
    let away: string;
    let renamed = false;

    /** Drops every session on the database and renames it, so no new session can find it. */
    async function takePostgresAway() {
      for (let attempt = 0; ; attempt++) {
        await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = $1 AND pid <> pg_backend_pid()`,
          [t.databaseName],
        );
        try {
          await admin.query(`ALTER DATABASE "${t.databaseName}" RENAME TO "${away}"`);
          renamed = true;
          return;
        } catch (error) {
          // a pool reconnected between the two statements: try again
          if ((error as { code?: string }).code !== '55006' || attempt > 20) throw error;
        }
      }
    }

    async function bringPostgresBack() {
      if (!renamed) return;
      await admin.query(`ALTER DATABASE "${away}" RENAME TO "${t.databaseName}"`);
      renamed = false;
    }

    beforeAll(async () => {
      t = await createTestApp();
      // the sessions we terminate on purpose surface as pool errors
      t.db.on('error', () => undefined);
      away = `${t.databaseName}_away`;
      admin = new pg.Client({ connectionString: ADMIN_URL });
      await admin.connect();
    });
    afterAll(async () => {
      await bringPostgresBack();
      await admin.end();
      await t.close();
    });

    it('answers readiness 503 naming postgres while it is gone, keeps answering, and recovers', async () => {
      await readyUntil(t, 200).then((res) => expect(res.status).toBe(200));
      await takePostgresAway();
      try {
        const down = await readyUntil(t, 503);
        expect(down.status).toBe(503);
        expect(down.body).toMatchObject({
          status: 503,
          code: 'SERVICE_UNAVAILABLE',
          details: [{ field: 'postgres', message: 'down' }],
        });
        expect(down.body.message).toMatch(/postgres/);
        expect(down.body.message).not.toMatch(/redis/);
        const live = await t.http.get('/health').expect(200);
        expect(live.body).toEqual({ status: 'ok' });
        // an API call fails cleanly with the error body, and the process stays up
        const login = await t.http
          .post('/api/v1/auth/login')
          .send({ email: 'admin@test.example', password: 'admin-password-1' });
        expect(login.status).toBeGreaterThanOrEqual(500);
        expect(login.body).toMatchObject({
          status: login.status,
          correlationId: expect.any(String),
        });
      } finally {
        await bringPostgresBack();
      }
      const up = await readyUntil(t, 200);
      expect(up.status).toBe(200);
      expect(up.body.checks).toEqual({ postgres: 'up', redis: 'up' });
      await t.http
        .post('/api/v1/auth/login')
        .send({ email: 'admin@test.example', password: 'admin-password-1' })
        .expect(200);
    });
  });
});
