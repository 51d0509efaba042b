import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { makePark, makeProject, makeUser, type UserRow } from '../factories/factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait.js';
import { printFigures } from './support/figures.js';
import { percentile } from './support/load.js';

const POOL = 2;
const CONNECT_TIMEOUT_MS = 1_000;
const EXTRA = 10;

/**
 * Scenario 7: every pooled connection is held by a request stuck behind a row lock; the requests
 * that come next cannot get a connection and must say so (503) once the connect timeout is up,
 * not hang and not answer 500. When the lock goes, the pool serves again.
 */
describe('a connection pool with every connection taken', () => {
  let t: TestApp;
  let admin: UserRow;
  let locker: pg.Client;

  beforeAll(async () => {
    t = await createTestApp({
      DATABASE_POOL_SIZE: String(POOL),
      DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
    });
    admin = await makeUser(t.db, { role: 'admin' });
    locker = new pg.Client({ connectionString: t.config.databaseUrl });
    await locker.connect();
  });
  afterAll(async () => {
    await locker.query('ROLLBACK').catch(() => undefined);
    await locker.end();
    await t.close();
  });

  it('answers the extra requests 503 within the connect timeout, then serves again', async () => {
    const park = await makePark(t.db);
    const project = await makeProject(t.db, { parkId: park.id });
    await locker.query('BEGIN');
    await locker.query(`SELECT 1 FROM projects WHERE id = $1 FOR UPDATE`, [project.id]);

    // POOL writers, each holding a pooled connection while it waits for the lock
    const holders = Array.from({ length: POOL }, (_, i) =>
      as(t, admin).patch(`/projects/${project.id}`, {
        name: `Holder ${i}`,
        version: project.version,
      }),
    );
    const held = Promise.all(holders.map((h) => h.then((res) => res)));
    const waiting = await waitFor(
      async () =>
        (
          await t.db.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          )
        ).rows[0].n as number,
      (n) => n >= POOL,
      10_000,
      50,
    );
    expect(waiting).toBe(POOL);

    const extras = await Promise.all(
      Array.from({ length: EXTRA }, async (_, i) => {
        const started = performance.now();
        const res =
          i % 2 === 0
            ? await as(t, admin).get(`/projects/${project.id}`).timeout(10_000)
            : await as(t, admin)
                .post('/parks', { name: `Extra ${i}`, code: `EXTRA-${i}`, kind: 'zone' })
                .timeout(10_000);
        return { res, ms: Math.round(performance.now() - started) };
      }),
    );

    await locker.query('COMMIT');
    const holderAnswers = await held;
    const after = await as(t, admin).get(`/projects/${project.id}`);
    const times = extras.map((e) => e.ms);
    printFigures('7. Connection pool exhausted', {
      'pool size / connect timeout': `${POOL} / ${CONNECT_TIMEOUT_MS} ms`,
      'connections waiting on the lock': waiting,
      'extra requests': EXTRA,
      'extra answers': extras.map((e) => e.res.status).join(','),
      'extra answer time min/p50/max': `${Math.min(...times)} / ${percentile(times, 50)} / ${Math.max(...times)} ms`,
      'retry-after': extras[0].res.headers['retry-after'],
      'holders once the lock went': holderAnswers.map((h) => h.status).join(','),
      'a read after': after.status,
    });

    for (const { res, ms } of extras) {
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
      expect(res.headers['retry-after']).toBeDefined();
      // the connect timeout, plus a little for the rest of the request
      expect(ms).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_MS - 50);
      expect(ms).toBeLessThan(CONNECT_TIMEOUT_MS + 1_500);
    }
    // the two writers saved one after the other: the first wins, the second is stale
    expect(holderAnswers.map((h) => h.status).sort()).toEqual([200, 409]);
    expect(after.status).toBe(200);
    expect(after.body.version).toBe(project.version + 1);
    const parks = await t.db.query(
      `SELECT count(*)::int AS n FROM parks WHERE code LIKE 'EXTRA-%'`,
    );
    expect(parks.rows[0].n).toBe(0);
  });
});
