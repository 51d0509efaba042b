import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Db } from '../../src/common/database/db.service.js';
import { fromDatabaseError } from '../../src/common/errors/database-error.mapper.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * A pooled connection cut while a transaction holds it (Postgres restarting, the backend
 * terminated) used to emit an 'error' nobody listened to, which ends the process.
 */
describe('a connection lost in the middle of a transaction', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('fails that transaction (503), keeps the process, and the pool serves again', async () => {
    const db = t.app.get(Db);
    const outcome = db.transaction(async (tx) => {
      const [{ pid }] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await t.db.query('SELECT pg_terminate_backend($1)', [pid]);
      // between two statements, as when the outbox relay waits for Redis
      await new Promise((r) => setTimeout(r, 300));
      await tx.query('SELECT 1');
    });
    const error = await outcome.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeDefined();
    expect(fromDatabaseError(error)?.status).toBe(503);
    expect(await db.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    await t.http.get('/health/ready').expect(200);
  });
});
