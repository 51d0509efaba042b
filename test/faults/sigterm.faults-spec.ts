import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { dateInZone } from '../../src/common/time/zone-date.js';
import { QueueName } from '../../src/jobs/queue-name.js';
import { redisConnection } from '../../src/jobs/redis-connection.js';
import { addDays } from '../../src/reminders/reminder-schedule.js';
import { makePark, makeProject, makeUser } from '../factories/factories.js';
import { deleteKeys } from '../support/redis-keys.js';
import { createTestDatabase, dropTestDatabase } from '../support/test-app.js';
import { databaseUrl, queuePrefix, REDIS_URL } from '../support/test-env.js';
import { waitFor } from '../support/wait.js';
import { printFigures, seconds } from './support/figures.js';
import { HttpLoad, tally } from './support/load.js';
import { type ApiProcess, startApiProcess } from './support/service.js';
import { type SmtpSink, startSmtpSink } from './support/smtp-sink.js';

const JOB_MS = 3_000; // each e-mail takes the SMTP server this long to accept
const ITEMS = 20;
const GRACE_MS = 5_000;

/**
 * Scenario 5: SIGTERM to the service (API and worker in one process) under HTTP load while
 * e-mail jobs are in flight on a slow SMTP server. It takes no new job, finishes the ones in hand,
 * answers what it had accepted, and exits within the longest job plus 5 s; no client sees a 5xx.
 */
describe('SIGTERM under load with jobs in flight', () => {
  let database: string;
  let db: pg.Pool;
  let smtp: SmtpSink;
  let api: ApiProcess | undefined;
  let queue: Queue | undefined;
  const prefix = `${queuePrefix()}-sigterm`;

  beforeAll(async () => {
    smtp = await startSmtpSink(JOB_MS);
    database = await createTestDatabase();
    db = new pg.Pool({ connectionString: databaseUrl(database), max: 2 });
    db.on('error', () => undefined);
  });
  afterAll(async () => {
    api?.service.kill('SIGKILL');
    await queue?.close().catch(() => undefined);
    await db.end();
    await dropTestDatabase(database);
    await smtp.close();
    const redis = new Redis(REDIS_URL);
    await deleteKeys(redis, `${prefix}*`).finally(() => redis.disconnect());
  });

  it('finishes the jobs in hand, answers no 5xx, and exits within the longest job + 5 s', async () => {
    api = await startApiProcess({
      APP_ROLES: 'api,worker',
      DATABASE_URL: databaseUrl(database),
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      DB_MIGRATE_ON_BOOT: 'false',
      SMTP_URL: smtp.url,
    });
    // after the boot: the first admin is made only when there is no user
    const park = await makePark(db);
    const project = await makeProject(db, { parkId: park.id });
    const due = addDays(dateInZone(new Date(), 'Asia/Shanghai'), 3);
    for (let i = 0; i < ITEMS; i++) {
      const owner = await makeUser(db, { role: 'officer', parkIds: [park.id] });
      await db.query(
        `INSERT INTO milestones (project_id, title, due_date, owner_id) VALUES ($1, $2, $3, $4)`,
        [project.id, `Milestone ${i}`, due, owner.id],
      );
    }
    queue = new Queue(QueueName.Email, {
      connection: redisConnection(REDIS_URL, 'producer'),
      prefix,
    });
    const load = new HttpLoad({
      baseUrl: api.baseUrl,
      token: api.token,
      concurrency: 4,
      timeoutMs: 15_000,
      pauseMs: 10,
      next: (i, w) =>
        i % 2 === 0
          ? { kind: 'read', method: 'GET', path: '/api/v1/parks?limit=5' }
          : {
              kind: 'write',
              method: 'POST',
              path: '/api/v1/parks',
              body: { name: `Load park ${w}-${i}`, code: `LOAD-${w}-${i}`, kind: 'zone' },
            },
    }).start();
    let signalled = 0;
    let exitedAt = 0;
    let inHand: string[] = [];
    let exit: number | string | null = null;
    try {
      const scan = await load.send({
        kind: 'job',
        method: 'POST',
        path: '/api/v1/jobs/reminder-scan',
      });
      expect(scan.status).toBe(202);
      // the worker holds as many e-mails as it runs at once, each on the slow server
      await waitFor(
        async () => smtp.inFlight(),
        (n) => n >= 5,
        30_000,
        20,
      );
      inHand = (await queue.getActive()).map((j) => String(j.id));
      await new Promise((r) => setTimeout(r, 500));
      signalled = load.now();
      api.service.kill('SIGTERM');
      exit = await Promise.race([
        api.service.exited,
        new Promise<string>((r) =>
          setTimeout(() => r('still running'), JOB_MS + GRACE_MS + 10_000).unref(),
        ),
      ]);
      exitedAt = load.now();
    } finally {
      await load.stop();
    }
    const output = api.service.output();
    const jobs = await Promise.all(
      inHand.map(async (id) => {
        const job = await queue!.getJob(id);
        return {
          id,
          state: await job?.getState(),
          ms: job?.finishedOn && job.processedOn ? job.finishedOn - job.processedOn : 0,
        };
      }),
    );
    const longest = Math.max(...jobs.map((j) => j.ms));
    const emailed = (
      await db.query(
        `SELECT count(*)::int AS n FROM notifications n
           JOIN outbox o ON o.payload->>'notificationId' = n.id::text
          WHERE o.id = ANY($1::uuid[]) AND n.emailed_at IS NOT NULL`,
        [inHand],
      )
    ).rows[0].n as number;
    const counts = await queue.getJobCounts('completed', 'failed', 'active', 'waiting');
    const serverErrors = load.samples.filter(
      (s) => typeof s.status === 'number' && s.status >= 500,
    );
    const hangs = load.samples.filter((s) => s.status === 'timeout');
    const cutOff = load.samples.filter(
      (s) => s.status === 'error' && s.start < signalled && s.end >= signalled,
    );

    printFigures('5. SIGTERM under load with jobs in flight', {
      'e-mail jobs in hand at SIGTERM': inHand.length,
      'their states after the exit': jobs.map((j) => j.state).join(','),
      'their notifications e-mailed': emailed,
      'longest job': seconds(longest),
      'SIGTERM → exit': `${seconds(exitedAt - signalled)} (exit ${exit})`,
      'allowed (longest job + 5 s)': seconds(longest + GRACE_MS),
      'e-mail queue after': counts,
      'answers before SIGTERM': tally(load.samples, 0, signalled),
      'answers from SIGTERM on': tally(load.samples, signalled),
      '5xx / hangs / requests cut off mid-answer': `${serverErrors.length} / ${hangs.length} / ${cutOff.length}`,
      'mails the SMTP server accepted': smtp.mails.length,
    });

    expect(exit).not.toBe('still running');
    expect([0, 'SIGTERM']).toContain(exit);
    expect(output).not.toMatch(/ERROR/);
    expect(inHand.length).toBeGreaterThan(0);
    expect(jobs.every((j) => j.state === 'completed')).toBe(true);
    expect(emailed).toBe(inHand.length);
    expect(exitedAt - signalled).toBeLessThan(longest + GRACE_MS);
    expect(counts.failed).toBe(0);
    expect(counts.active).toBe(0);
    expect(serverErrors).toEqual([]);
    expect(hangs).toEqual([]);
    expect(cutOff).toEqual([]);
  });
});
