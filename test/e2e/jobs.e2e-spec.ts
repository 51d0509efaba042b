import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../src/app.module.js';
import { Db } from '../../src/common/database/db.service.js';
import { loadConfig } from '../../src/config/app.config.js';
import { JobName } from '../../src/jobs/job-name.js';
import { jobOptions } from '../../src/jobs/job-options.js';
import { JobsService } from '../../src/jobs/jobs.service.js';
import { QueueName } from '../../src/jobs/queue-name.js';
import { QueueRegistry } from '../../src/jobs/queue-registry.js';
import { SCHEDULES } from '../../src/jobs/schedules.js';
import { makeUser, type UserRow } from '../factories/factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait.js';

describe('the job backbone: schedulers, outbox, job states', () => {
  let t: TestApp;
  let admin: UserRow;
  let officer: UserRow;

  beforeAll(async () => {
    t = await createTestApp({ APP_ROLES: 'api,worker' });
    admin = await makeUser(t.db, { role: 'admin' });
    officer = await makeUser(t.db, { role: 'officer' });
  });
  afterAll(() => t.close());

  it('applies the job schedulers at worker boot, in the zone time zone, and once only', async () => {
    const queues = t.app.get(QueueRegistry);
    const schedulers = async () =>
      (await Promise.all(queues.all().map((q) => q.getJobSchedulers()))).flat();
    // a second worker booting on the same Redis prefix upserts the same ids: no more schedulers
    const second = await NestFactory.createApplicationContext(
      AppModule.forRoot(
        loadConfig({
          NODE_ENV: 'test',
          APP_ROLES: 'worker',
          DATABASE_URL: t.config.databaseUrl,
          QUEUE_PREFIX: t.config.queuePrefix,
          DB_MIGRATE_ON_BOOT: 'false',
          EVALUATE_ON_BOOT: 'false',
        }),
      ),
      { logger: false },
    );
    await second.init();
    await second.close();
    const found = await schedulers();
    expect(found.map((s) => s.key).sort()).toEqual(SCHEDULES.map((s) => s.id).sort());
    for (const schedule of SCHEDULES) {
      const stored = found.find((s) => s.key === schedule.id);
      expect(stored).toMatchObject(
        schedule.every
          ? { name: schedule.job, every: schedule.every }
          : { name: schedule.job, pattern: schedule.pattern, tz: 'Asia/Shanghai' },
      );
    }
  });

  it('answers 202 with a job id for the reminder scan (admins only) and hands it to the queue', async () => {
    await as(t, officer).post('/jobs/reminder-scan').expect(403);
    const res = await as(t, admin).post('/jobs/reminder-scan').expect(202);
    const { jobId } = res.body;
    const { rows } = await t.db.query(`SELECT job_name, queue FROM outbox WHERE id = $1`, [jobId]);
    expect(rows).toEqual([{ job_name: 'reminder-scan', queue: 'reminders' }]);
    const status = await waitFor(
      async () => (await as(t, admin).get(`/jobs/${jobId}`).expect(200)).body,
      (s) => s.dispatchedAt !== null,
    );
    expect(status).toMatchObject({ id: jobId, name: 'reminder-scan', queue: 'reminders' });
    expect(status.state).not.toBe('pending');
    const job = await t.app.get(QueueRegistry).get(QueueName.Reminders).getJob(jobId);
    expect(job?.id).toBe(jobId);
  });

  it('shows a job to whoever started it and to admins, and to nobody else', async () => {
    const jobs = t.app.get(JobsService);
    const id = await jobs.enqueue(t.app.get(Db), JobName.RuleEvaluation, {}, officer.id);
    await as(t, officer).get(`/jobs/${id}`).expect(200);
    await as(t, admin).get(`/jobs/${id}`).expect(200);
    const other = await makeUser(t.db, { role: 'manager' });
    await as(t, other).get(`/jobs/${id}`).expect(404);
    await as(t, admin).get('/jobs/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('keeps a job that failed all its tries, visible as failed with its reason', async () => {
    const queue = t.app.get(QueueRegistry).get(QueueName.Assessment);
    // a period that cannot be parsed fails every try; one try here to keep the test short
    const job = await queue.add(
      JobName.MonthlyAssessment,
      { period: 'not-a-period' },
      jobOptions(JobName.MonthlyAssessment, { attempts: 1 }),
    );
    const state = await waitFor(
      () => job.getState(),
      (s) => s === 'failed',
    );
    expect(state).toBe('failed');
    const kept = await queue.getJob(job.id as string);
    expect(kept?.failedReason).toMatch(/period/);
    expect(jobOptions(JobName.SendEmail).removeOnFail).toBe(false);
  });

  it('evaluates the warning rules once as a worker boots, whatever the number of workers', async () => {
    const boot = () =>
      NestFactory.createApplicationContext(
        AppModule.forRoot(
          loadConfig({
            NODE_ENV: 'test',
            APP_ROLES: 'worker',
            DATABASE_URL: t.config.databaseUrl,
            QUEUE_PREFIX: `${t.config.queuePrefix}-boot-eval`,
            DB_MIGRATE_ON_BOOT: 'false',
          }),
        ),
        { logger: false },
      );
    const [a, b] = await Promise.all([boot(), boot()]);
    try {
      const queue = a.get(QueueRegistry).get(QueueName.Supervision);
      const jobs = await queue.getJobs(['waiting', 'active', 'completed', 'delayed', 'failed']);
      const bootJobs = jobs.filter((j) => j.id?.startsWith('rule-evaluation-boot-'));
      expect(bootJobs).toHaveLength(1);
      expect(bootJobs[0].name).toBe(JobName.RuleEvaluation);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
