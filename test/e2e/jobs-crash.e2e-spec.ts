import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import pg from 'pg';
import { dateInZone } from '../../src/common/time/zone-date.js';
import { JobName } from '../../src/jobs/job-name.js';
import { jobOptions } from '../../src/jobs/job-options.js';
import { QueueName } from '../../src/jobs/queue-name.js';
import { redisConnection } from '../../src/jobs/redis-connection.js';
import { addDays } from '../factories/projects-factories.js';
import { makePark, makeProject, makeUser } from '../factories/factories.js';
import { spawnService } from '../support/processes.js';
import { createTestDatabase, dropTestDatabase } from '../support/test-app.js';
import { databaseUrl, queuePrefix, REDIS_URL } from '../support/test-env.js';
import { deleteKeys } from '../support/redis-keys.js';
import { waitFor } from '../support/wait.js';
import { Redis } from 'ioredis';

const ITEMS = 20_000;

/**
 * A worker killed with SIGKILL in the middle of the reminder scan: the job goes back to the queue
 * when its lock expires, another worker runs it, and every reminder exists once.
 */
describe('a worker killed mid-job', () => {
  let name: string;
  let db: pg.Pool;
  let queue: Queue;
  const prefix = `${queuePrefix()}-crash`;

  beforeAll(async () => {
    name = await createTestDatabase();
    db = new pg.Pool({ connectionString: databaseUrl(name), max: 2 });
    db.on('error', () => undefined);
    queue = new Queue(QueueName.Reminders, {
      connection: redisConnection(REDIS_URL, 'producer'),
      prefix,
    });
  });
  afterAll(async () => {
    await queue.close();
    await db.end();
    await dropTestDatabase(name);
    const redis = new Redis(REDIS_URL);
    await deleteKeys(redis, `${prefix}*`).finally(() => redis.disconnect());
  });

  it('leaves the job to another worker, and no reminder is sent twice', async () => {
    const park = await makePark(db);
    const owner = await makeUser(db, { role: 'officer', parkIds: [park.id] });
    const project = await makeProject(db, { parkId: park.id, officerId: owner.id });
    const due = addDays(dateInZone(new Date(), 'Asia/Shanghai'), 3);
    await db.query(
      `INSERT INTO milestones (project_id, title, due_date, owner_id)
       SELECT $1, 'Milestone ' || g, $2::date, $3 FROM generate_series(1, $4::int) g`,
      [project.id, due, owner.id, ITEMS],
    );
    const env = {
      APP_ROLES: 'worker',
      DATABASE_URL: databaseUrl(name),
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      DB_MIGRATE_ON_BOOT: 'false',
      EVALUATE_ON_BOOT: 'false',
      JOB_LOCK_MS: '2000',
    };
    const first = await spawnService(env, /Processing reminders/);
    const job = await queue.add(
      JobName.ReminderScan,
      {},
      jobOptions(JobName.ReminderScan, { jobId: 'crash-scan' }),
    );
    // kill it as soon as it holds the job
    await waitFor(
      () => job.getState(),
      (s) => s === 'active',
      20_000,
      10,
    );
    first.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const partial = (await db.query('SELECT count(*)::int AS n FROM reminders')).rows[0].n;

    const second = await spawnService(env, /Processing reminders/);
    try {
      const state = await waitFor(
        () => job.getState(),
        (s) => s === 'completed',
        60_000,
        200,
      );
      expect(state).toBe('completed');
    } finally {
      second.kill('SIGTERM');
      await second.exited;
    }
    const counts = (
      await db.query(`SELECT (SELECT count(*)::int FROM reminders) AS reminders,
                             (SELECT count(*)::int FROM notifications) AS notifications,
                             (SELECT count(DISTINCT item_id)::int FROM reminders) AS items`)
    ).rows[0];
    // the scan is one transaction: the killed one left nothing, the retry did it all, once
    expect(partial).toBe(0);
    expect(counts).toEqual({ reminders: ITEMS, notifications: ITEMS, items: ITEMS });
  }, 120_000);
});
