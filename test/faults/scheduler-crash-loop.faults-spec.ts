import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { JobName } from '../../src/jobs/job-name.js';
import { jobOptions } from '../../src/jobs/job-options.js';
import { QueueName } from '../../src/jobs/queue-name.js';
import { redisConnection } from '../../src/jobs/redis-connection.js';
import { SCHEDULES } from '../../src/jobs/schedules.js';
import { makePark, makeUser } from '../factories/factories.js';
import type { ServiceProcess } from '../support/processes.js';
import { deleteKeys } from '../support/redis-keys.js';
import { createTestDatabase, dropTestDatabase } from '../support/test-app.js';
import { databaseUrl, queuePrefix, REDIS_URL } from '../support/test-env.js';
import { waitFor } from '../support/wait.js';
import { printFigures, seconds } from './support/figures.js';
import { spawnUnready } from './support/service.js';

const WORKERS = 3;
const CRASHES_EACH = 1;
const PARKS = 8;
/** a past week no run has reported yet: the run killed midway has all of it to do */
const MID_RUN_WEEK = '2026-W40';
const SCHEDULER = 'weekly-reports-monday';

/**
 * Scenario 4: three worker processes, each SIGKILLed at a random point of its boot (while it
 * applies the job schedulers) or of its work and started again, while the Monday weekly-report
 * run fires (the scheduler's next job promoted) and is asked for again; then all three SIGKILLed
 * in the middle of a run and started again. One scheduler each, one report per (park, week),
 * each manager told once per week, no job failed.
 */
describe('three workers crash-looped around the weekly-report scheduler', () => {
  let database: string;
  let db: pg.Pool;
  let reports: Queue;
  const live = new Set<ServiceProcess>();
  const prefix = `${queuePrefix()}-crash-loop`;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new pg.Pool({ connectionString: databaseUrl(database), max: 2 });
    db.on('error', () => undefined);
    reports = new Queue(QueueName.Reports, {
      connection: redisConnection(REDIS_URL, 'producer'),
      prefix,
    });
  });
  afterAll(async () => {
    for (const worker of live) worker.kill('SIGKILL');
    await Promise.all([...live].map((w) => w.exited));
    await reports.close();
    await db.end();
    await dropTestDatabase(database);
    const redis = new Redis(REDIS_URL);
    await deleteKeys(redis, `${prefix}*`).finally(() => redis.disconnect());
  });

  it('keeps one scheduler and makes one report per park and week', async () => {
    const managers: string[] = [];
    for (let i = 0; i < PARKS; i++) {
      const park = await makePark(db, { code: `CL-${i}` });
      managers.push((await makeUser(db, { role: 'manager', parkIds: [park.id] })).id);
    }
    await makeUser(db, { role: 'admin' });
    const env = {
      APP_ROLES: 'worker',
      DATABASE_URL: databaseUrl(database),
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      DB_MIGRATE_ON_BOOT: 'false',
      EVALUATE_ON_BOOT: 'false',
      JOB_LOCK_MS: '2000',
    };
    const started = Date.now();
    const crashes: { worker: number; afterMs: number; booted: boolean }[] = [];
    const finals: ServiceProcess[] = [];
    const crashLoop = async (n: number) => {
      for (let c = 0; c < CRASHES_EACH; c++) {
        const worker = spawnUnready(env);
        live.add(worker);
        // one kill in three at a random moment of the boot (while it applies the schedulers,
        // perhaps), the others at a random moment of its work
        const midBoot = randomInt(0, 3) === 0;
        const bootStarted = Date.now();
        if (!midBoot) {
          await waitFor(
            async () => /Processing/.test(worker.output()),
            (ok) => ok,
            60_000,
            50,
          );
        }
        await new Promise((r) =>
          setTimeout(r, midBoot ? randomInt(1_000, 6_000) : randomInt(200, 1_500)),
        );
        const afterMs = Date.now() - bootStarted;
        const booted = /Processing/.test(worker.output());
        worker.kill('SIGKILL');
        await worker.exited;
        live.delete(worker);
        crashes.push({ worker: n, afterMs, booted });
      }
      const last = spawnUnready(env);
      live.add(last);
      finals.push(last);
    };
    // meanwhile: the Monday run fires (its scheduled job promoted) and is asked for on demand
    const looping = { on: true };
    const fire = async () => {
      const fired: string[] = [];
      for (let i = 0; looping.on && i < 20; i++) {
        await new Promise((r) => setTimeout(r, 3_000));
        const scheduled = (await reports.getDelayed()).find((j) =>
          String(j.id).startsWith(`repeat:${SCHEDULER}:`),
        );
        if (scheduled && i % 2 === 0) {
          // (it may have been promoted already, or be running: then it is not fired again)
          const promoted = await scheduled.promote().then(
            () => true,
            () => false,
          );
          if (promoted) fired.push(`promoted ${scheduled.id}`);
        } else {
          const job = await reports.add(
            JobName.WeeklyReports,
            {},
            jobOptions(JobName.WeeklyReports, { jobId: `on-demand-${i}` }),
          );
          fired.push(`added ${job.id}`);
        }
      }
      return fired;
    };
    const firing = fire();
    await Promise.all(Array.from({ length: WORKERS }, (_, n) => crashLoop(n)));
    await waitFor(
      async () => finals.every((w) => /Processing/.test(w.output())),
      (ok) => ok,
      60_000,
      200,
    );
    looping.on = false;
    const fired = await firing;

    // then a Monday run for a week not yet reported, and every worker SIGKILLed in the middle of it
    const midRun = await reports.add(
      JobName.WeeklyReports,
      { week: MID_RUN_WEEK },
      jobOptions(JobName.WeeklyReports, { jobId: 'mid-run' }),
    );
    const midRunState = await waitFor(
      () => midRun.getState(),
      (state) => state !== 'waiting' && state !== 'prioritized',
      30_000,
      5,
    );
    for (const worker of finals) worker.kill('SIGKILL');
    await Promise.all(finals.map((w) => w.exited));
    const reportsAtKill = (
      await db.query(`SELECT count(*)::int AS n FROM reports WHERE period = $1`, [MID_RUN_WEEK])
    ).rows[0].n as number;
    for (const worker of finals) live.delete(worker);
    const restarted = Array.from({ length: WORKERS }, () => spawnUnready(env));
    for (const worker of restarted) live.add(worker);
    const loopMs = Date.now() - started;

    const midRunDone = await waitFor(
      () => midRun.getState(),
      (state) => state === 'completed' || state === 'failed',
      90_000,
      250,
    );
    const counts = await waitFor(
      () => reports.getJobCounts('completed', 'failed', 'active', 'waiting', 'prioritized'),
      // a job a killed worker held counts as active until its lock expires and it is retried
      (c) => c.active + c.waiting + c.prioritized === 0,
      60_000,
      250,
    );
    const settledMs = Date.now() - started;
    const schedulers = await Promise.all(
      Object.values(QueueName).map(async (name) => {
        const q = new Queue(name, { connection: redisConnection(REDIS_URL, 'producer'), prefix });
        try {
          return (await q.getJobSchedulers(0, -1)).map((s) => s.key);
        } finally {
          await q.close();
        }
      }),
    );
    const allSchedulers = schedulers.flat();
    const nextMondayJobs = (await reports.getDelayed()).filter((j) =>
      String(j.id).startsWith(`repeat:${SCHEDULER}:`),
    );
    const perParkWeek = (
      await db.query(`SELECT park_id, period, count(*)::int AS n FROM reports
                       WHERE type = 'weekly' GROUP BY park_id, period`)
    ).rows as { park_id: string | null; period: string; n: number }[];
    const told = (
      await db.query(
        `SELECT user_id, count(*)::int AS n FROM notifications WHERE user_id = ANY($1::uuid[])
          GROUP BY user_id`,
        [managers],
      )
    ).rows as { user_id: string; n: number }[];
    // a run its worker died holding is started again (attemptsStarted) without a failed try
    const rerun = (await reports.getCompleted(0, -1)).filter((j) => j.attemptsStarted > 1);
    const onDemand = await Promise.all(
      fired
        .filter((f) => f.startsWith('added '))
        .map(async (f) => (await reports.getJob(f.slice('added '.length)))?.getState()),
    );

    printFigures('4. Three workers crash-looped around the weekly-report scheduler', {
      'crashes (worker, SIGKILL after, had booted)': crashes.map(
        (c) => `${c.worker}:${seconds(c.afterMs)}${c.booted ? '' : ' (mid-boot)'}`,
      ),
      'Monday runs fired': fired,
      'mid-run kill: state when killed / reports of the week then / state after': `${midRunState} / ${reportsAtKill} of ${PARKS + 1} / ${midRunDone}`,
      'crash loops over / queue settled after': `${seconds(loopMs)} / ${seconds(settledMs)}`,
      'reports queue': counts,
      'runs started more than once': rerun.map(
        (j) => `${j.id}: started ${j.attemptsStarted}, stalled ${j.stalledCounter}`,
      ),
      'job schedulers (all queues)': `${allSchedulers.length} for ${SCHEDULES.length} schedules`,
      [`'${SCHEDULER}' schedulers / next Monday jobs`]: `${allSchedulers.filter((k) => k === SCHEDULER).length} / ${nextMondayJobs.length}`,
      'reports per (park, week)': perParkWeek.map((r) => r.n).join(','),
      'weeks reported': [...new Set(perParkWeek.map((r) => r.period))],
      'notifications per manager': told.map((t) => t.n).join(','),
    });

    expect(allSchedulers.filter((k) => k === SCHEDULER)).toHaveLength(1);
    expect([...allSchedulers].sort()).toEqual(SCHEDULES.map((s) => s.id).sort());
    expect(nextMondayJobs).toHaveLength(1);
    expect(counts.failed).toBe(0);
    expect(midRunState).toBe('active');
    expect(midRunDone).toBe('completed');
    expect(rerun.map((j) => j.id)).toContain('mid-run');
    expect(perParkWeek.filter((r) => r.period === MID_RUN_WEEK)).toHaveLength(PARKS + 1);
    expect(onDemand.every((state) => state === 'completed')).toBe(true);
    expect(perParkWeek.every((r) => r.n === 1)).toBe(true);
    const weeks = new Set(perParkWeek.map((r) => r.period));
    // the zone and every park, for each week reported
    expect(perParkWeek).toHaveLength(weeks.size * (PARKS + 1));
    expect(weeks.size).toBeGreaterThan(0);
    expect(told.map((t) => t.n)).toEqual(managers.map(() => weeks.size));
  });
});
