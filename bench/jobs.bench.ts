/**
 * The reminder scan under load: 10,000 reminders due today among many milestones, from the scan
 * job's enqueue to the 10,000 notifications stored (target: under 3 s), then the same over
 * 1,000,000 milestones. Builds its own migrated database and Redis prefix and removes both.
 *
 *   npm run bench:jobs                 (BENCH_MILLION=0 skips the 1,000,000-milestone round)
 *   BENCH_DATABASE_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres  REDIS_URL=redis://…
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';
import pg from 'pg';
import { AppModule } from '../src/app.module.js';
import { Db, type Queryable } from '../src/common/database/db.service.js';
import { dateInZone } from '../src/common/time/zone-date.js';
import { loadConfig } from '../src/config/app.config.js';
import { JobName } from '../src/jobs/job-name.js';
import { JobsService } from '../src/jobs/jobs.service.js';
import { QueueName } from '../src/jobs/queue-name.js';
import { QueueRegistry } from '../src/jobs/queue-registry.js';
import {
  MILESTONES_DUE_SQL,
  reminderScanSql,
  windowParams,
} from '../src/reminders/reminder-scan.sql.js';
import { ReminderScanService } from '../src/reminders/reminder-scan.service.js';
import { seedMilestones, seedProjects } from './jobs-bench-data.js';

const ADMIN_URL =
  process.env.BENCH_DATABASE_ADMIN_URL ??
  process.env.TEST_DATABASE_ADMIN_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DUE = 10_000;
const TARGET_MS = 3_000;

const ms = (from: number) => Math.round(performance.now() - from);
const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

async function main() {
  const id = randomBytes(4).toString('hex');
  const url = new URL(ADMIN_URL);
  url.pathname = `/zone_bench_${id}`;
  const prefix = `{zone-bench-${id}}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    APP_ROLES: 'worker',
    DATABASE_URL: url.toString(),
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    DB_MIGRATE_ON_BOOT: 'true', // creates the database and runs every migration
    LOG_LEVEL: 'warn',
  });
  console.log(`database ${url.pathname.slice(1)}, Redis prefix ${prefix}`);
  let app: INestApplicationContext | undefined;
  try {
    app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
      logger: ['error', 'warn'],
    });
    await app.init();
    const db = app.get(Db);
    const today = dateInZone(new Date(), config.zoneTimeZone);
    await seedProjects(db);

    // 10,000 due today (spread over 7/3/1/0 days ahead and overdue), 90,000 due later in the
    // year, 100,000 completed
    await seedMilestones(db, today, { due: DUE, later: 90_000, done: 100_000 });
    const small = await round(app, today, '200,000 milestones');

    let large: Figures | undefined;
    if (process.env.BENCH_MILLION !== '0') {
      const started = performance.now();
      await seedMilestones(db, today, { due: 0, later: 400_000, done: 400_000 });
      console.log(`\n(800,000 more milestones inserted in ${ms(started)} ms)`);
      large = await round(app, today, '1,000,000 milestones');
    }

    console.log('\n== summary ==');
    for (const f of [small, large]) {
      if (!f) continue;
      console.log(
        `${f.label.padEnd(22)} queued scan → ${DUE} notifications stored: ${f.endToEnd} ms ` +
          `(${f.endToEnd < TARGET_MS ? 'under' : 'OVER'} the ${TARGET_MS} ms target); ` +
          `handler ${f.handler} ms; repeat scan ${f.repeat} ms; with e-mail outbox rows ${f.withEmail} ms; ` +
          `milestone part ${f.milestonePart} ms`,
      );
    }
    if (!large) console.log('1,000,000 milestones: skipped (BENCH_MILLION=0)');
  } finally {
    await app?.close();
    await dropDatabase(url.pathname.slice(1));
    await deleteRedisKeys(`${prefix}*`);
  }
}

interface Figures {
  label: string;
  endToEnd: number;
  handler: number;
  repeat: number;
  withEmail: number;
  milestonePart: number;
}

async function round(app: INestApplicationContext, today: string, label: string) {
  const db = app.get(Db);
  await db.query('TRUNCATE reminders, notifications, outbox');
  // what autovacuum does on a live database: statistics, and the visibility map
  await db.query('VACUUM ANALYZE');
  const counts = await db.one<{ total: number; open: number }>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE completed_at IS NULL)::int AS open
       FROM milestones`,
  );
  console.log(`\n== ${label}: ${counts?.total} milestones, ${counts?.open} open ==`);

  const explained = await explainMilestones(db, today);
  console.log('EXPLAIN (ANALYZE, BUFFERS) of the milestone part:');
  console.log(explained.plan.map((l) => `  ${l}`).join('\n'));

  // end to end: the job through the outbox, the relay, BullMQ and the worker
  const started = performance.now();
  const jobId = await app.get(JobsService).enqueue(db, JobName.ReminderScan, { today });
  let stored = 0;
  while (stored < DUE) {
    stored = (await db.one<{ n: number }>('SELECT count(*)::int AS n FROM notifications'))?.n ?? 0;
    if (stored < DUE) await sleep(5);
    if (performance.now() - started > 120_000) throw new Error(`only ${stored} after 2 min`);
  }
  const endToEnd = ms(started);
  const job = await waitForJob(app, jobId);
  const result = job.returnvalue as { sent: number; ms: number };
  console.log(
    `queued scan → ${stored} notifications stored: ${endToEnd} ms (handler ${result.ms} ms, sent ${result.sent})`,
  );

  // the same day again: every reminder already sent, nothing new
  const scans = app.get(ReminderScanService);
  const again = performance.now();
  const repeat = await scans.scan({ today });
  const repeatMs = ms(again);
  console.log(`repeat scan the same day: ${repeatMs} ms, sent ${repeat.sent}`);

  // with SMTP on, each notification also gets its outbox row: timed in a transaction rolled back
  const withEmail = await rolledBack(db, async (tx) => {
    await tx.query('DELETE FROM notifications');
    await tx.query('DELETE FROM reminders');
    const t0 = performance.now();
    await tx.query(reminderScanSql({ email: true }), [...windowParams(today), today]);
    const elapsed = ms(t0);
    const outbox = await tx.one<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox WHERE job_name = 'send-email'`,
    );
    console.log(`scan with e-mail jobs (${outbox?.n} outbox rows), rolled back: ${elapsed} ms`);
    return elapsed;
  });

  return {
    label,
    endToEnd,
    handler: result.ms,
    repeat: repeatMs,
    withEmail,
    milestonePart: explained.ms,
  } satisfies Figures;
}

/** Runs fn in a transaction that is rolled back whatever happens; fn's result. */
async function rolledBack<T>(db: Db, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  class Rollback extends Error {
    constructor(readonly value: T) {
      super('rollback');
    }
  }
  try {
    await db.transaction(async (tx) => {
      throw new Rollback(await fn(tx));
    });
  } catch (error) {
    if (error instanceof Rollback) return error.value;
    throw error;
  }
  throw new Error('unreachable');
}

async function explainMilestones(db: Db, today: string) {
  const rows = await db.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN (ANALYZE, BUFFERS) ${MILESTONES_DUE_SQL}`,
    windowParams(today),
  );
  const plan = rows.map((r) => r['QUERY PLAN']);
  if (
    !plan.some((l) =>
      /(Index (Only )?Scan using|Bitmap Index Scan on) ix_milestones_open_due/.test(l),
    )
  ) {
    console.log('!! the planner did not choose ix_milestones_open_due for this data set');
  }
  const time = /Execution Time: ([\d.]+) ms/.exec(plan.join('\n'));
  return { plan, ms: time ? Number(time[1]) : NaN };
}

async function waitForJob(app: INestApplicationContext, jobId: string) {
  const queue = app.get(QueueRegistry).get(QueueName.Reminders);
  for (let i = 0; i < 600; i++) {
    const job = await queue.getJob(jobId);
    if (job?.finishedOn) {
      if (job.failedReason) throw new Error(`scan job failed: ${job.failedReason}`);
      return job;
    }
    await sleep(50);
  }
  throw new Error('the scan job did not finish');
}

async function dropDatabase(name: string) {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

async function deleteRedisKeys(pattern: string) {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
