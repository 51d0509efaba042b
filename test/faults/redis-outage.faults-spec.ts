import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import pg from 'pg';
import { QueueName } from '../../src/jobs/queue-name.js';
import { redisConnection } from '../../src/jobs/redis-connection.js';
import { type PrivateRedis, startPrivateRedis } from '../support/processes.js';
import { createTestDatabase, dropTestDatabase } from '../support/test-app.js';
import { databaseUrl, queuePrefix } from '../support/test-env.js';
import { waitFor } from '../support/wait.js';
import { printFigures, seconds } from './support/figures.js';
import { HttpLoad, type Sample, tally } from './support/load.js';
import { type ApiProcess, startApiProcess, stopProcess } from './support/service.js';

const WARM_MS = 3_000;
const OUTAGE_MS = 6_000;
const AFTER_MS = 4_000;

/**
 * Scenario 2: the service (API and worker in one process) under HTTP load while its Redis (a
 * private one, AOF on) is stopped and started again. Reads and writes that need no job carry on;
 * writes that need a job are accepted and wait in the outbox; readiness says 503 meanwhile; the
 * backlog drains once Redis is back and every accepted job runs.
 */
describe('HTTP load through a Redis outage', () => {
  let redis: PrivateRedis;
  let database: string;
  let db: pg.Pool;
  let api: ApiProcess | undefined;
  let queue: Queue | undefined;
  const prefix = `${queuePrefix()}-redis-outage`;

  beforeAll(async () => {
    redis = await startPrivateRedis({ appendonly: true });
    database = await createTestDatabase();
    db = new pg.Pool({ connectionString: databaseUrl(database), max: 2 });
    db.on('error', () => undefined);
  });
  afterAll(async () => {
    await queue?.close().catch(() => undefined);
    if (api) await stopProcess(api.service);
    await db.end();
    await dropTestDatabase(database);
    await redis.destroy();
  });

  it('keeps answering, keeps jobs in the outbox, says 503 on readiness, and drains after', async () => {
    api = await startApiProcess({
      APP_ROLES: 'api,worker',
      DATABASE_URL: databaseUrl(database),
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      DB_MIGRATE_ON_BOOT: 'false',
      // a job in hand when Redis went away lost its lock: it is found stalled and retried after
      // the lock's time (30 s by default; short here, so the drain is not a wait for it)
      JOB_LOCK_MS: '2000',
    });
    let parks = 0;
    const load = new HttpLoad({
      baseUrl: api.baseUrl,
      token: api.token,
      concurrency: 4,
      timeoutMs: 10_000,
      pauseMs: 20,
      next: (i, w) => {
        switch (i % 3) {
          case 0:
            return { kind: 'read', method: 'GET', path: '/api/v1/parks?limit=5' };
          case 1:
            parks++;
            return {
              kind: 'write',
              method: 'POST',
              path: '/api/v1/parks',
              body: { name: `Load park ${w}-${i}`, code: `LOAD-${w}-${i}`, kind: 'zone' },
            };
          default:
            return { kind: 'job', method: 'POST', path: '/api/v1/jobs/reminder-scan' };
        }
      },
    }).start();
    // readiness, probed on its own beside the load
    const probes: Sample[] = [];
    const probing = { on: true };
    const prober = (async () => {
      while (probing.on) {
        probes.push(await load.send({ kind: 'ready', method: 'GET', path: '/health/ready' }));
        await new Promise((r) => setTimeout(r, 250));
      }
    })();

    try {
      await new Promise((r) => setTimeout(r, WARM_MS));
      const down = load.now();
      await redis.stop();
      await new Promise((r) => setTimeout(r, OUTAGE_MS));
      const pendingAtRestart = (
        await db.query(`SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL`)
      ).rows[0].n as number;
      const up = load.now();
      await redis.start();
      await new Promise((r) => setTimeout(r, AFTER_MS));
      await load.stop();
      probing.on = false;
      await prober;
      const alive = api.alive();

      // every job the API accepted, and what became of it
      const accepted = load.samples
        .filter((s) => s.kind === 'job' && s.status === 202)
        .map((s) => String(s.body?.jobId));
      queue = new Queue(QueueName.Reminders, {
        connection: redisConnection(redis.url, 'producer'),
        prefix,
      });
      const drainStarted = Date.now();
      const undispatched = await waitFor(
        async () =>
          (await db.query(`SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL`))
            .rows[0].n as number,
        (n) => n === 0,
        30_000,
        200,
      );
      const counts = await waitFor(
        () => queue!.getJobCounts('completed', 'failed', 'waiting', 'active', 'delayed'),
        (c) => c.completed >= accepted.length,
        120_000,
        250,
      );
      const drainMs = Date.now() - drainStarted;
      const states = await Promise.all(
        accepted.map(async (id) => (await queue!.getJob(id))?.finishedOn !== undefined),
      );
      const lost = states.filter((done) => !done).length;
      // a probe sent just before the restart may be answered by the Redis that is back
      const readyDuring = probes.filter((p) => p.start >= down + 1_000 && p.end < up);
      const readyAfter = probes.filter((p) => p.start >= up + 3_000);
      const firstOkAfter = probes.find((p) => p.start >= up && p.status === 200);
      const createdParks = (await db.query(`SELECT count(*)::int AS n FROM parks`)).rows[0]
        .n as number;

      printFigures('2. HTTP load through a Redis outage (private Redis, AOF)', {
        'Redis down at / up at': `${seconds(down)} / ${seconds(up)}`,
        'before the outage': tally(load.samples, 0, down),
        'during the outage': tally(load.samples, down, up),
        'after the restart': tally(load.samples, up),
        'readiness during / after': `${JSON.stringify(tally(readyDuring))} / ${JSON.stringify(tally(readyAfter))}`,
        'readiness 200 again after': firstOkAfter ? seconds(firstOkAfter.start - up) : 'never',
        'jobs accepted': accepted.length,
        'outbox rows pending when Redis came back': pendingAtRestart,
        'outbox rows pending at the end': undispatched,
        'queue after the drain': counts,
        'drained in': seconds(drainMs),
        'jobs lost': lost,
        'parks written / in the database': `${load.samples.filter((s) => s.kind === 'write' && s.status === 201).length} / ${createdParks}`,
        'process alive': alive,
      });

      expect(alive).toBe(true);
      for (const s of load.samples) {
        if (s.kind === 'read') expect(s.status).toBe(200);
        if (s.kind === 'write') expect(s.status).toBe(201);
        if (s.kind === 'job') expect(s.status).toBe(202);
      }
      expect(load.samples.filter((s) => s.start >= down && s.start < up).length).toBeGreaterThan(
        10,
      );
      expect(pendingAtRestart).toBeGreaterThan(0);
      expect(readyDuring.length).toBeGreaterThan(0);
      expect(readyDuring.every((p) => p.status === 503)).toBe(true);
      expect(readyAfter.length).toBeGreaterThan(0);
      expect(readyAfter.every((p) => p.status === 200)).toBe(true);
      expect(undispatched).toBe(0);
      expect(counts.failed).toBe(0);
      expect(lost).toBe(0);
      expect(createdParks).toBe(parks);
    } finally {
      probing.on = false;
      await load.stop();
      await prober;
    }
  });
});
