import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hostname } from 'node:os';
import { type Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import request from 'supertest';
import { dateInZone } from '../../src/common/time/zone-date.js';
import { JobName } from '../../src/jobs/job-name.js';
import { jobOptions } from '../../src/jobs/job-options.js';
import { QueueName } from '../../src/jobs/queue-name.js';
import { redisConnection } from '../../src/jobs/redis-connection.js';
import { SCHEDULES } from '../../src/jobs/schedules.js';
import { lastWeek } from '../../src/reports/report-week.js';
import { addDays } from '../factories/projects-factories.js';
import {
  makePark,
  makeMilestone,
  makeProject,
  makeUser,
  TEST_PASSWORD,
  type UserRow,
} from '../factories/factories.js';
import { freePort, type ServiceProcess, spawnService } from '../support/processes.js';
import { deleteKeys } from '../support/redis-keys.js';
import { createTestDatabase, dropTestDatabase } from '../support/test-app.js';
import { databaseUrl, queuePrefix, REDIS_URL } from '../support/test-env.js';
import { waitFor } from '../support/wait.js';

const ZONE = 'Asia/Shanghai';
const MILESTONES = 120;
const STATES = ['completed', 'failed', 'active', 'waiting', 'delayed', 'prioritized'] as const;

/**
 * The deployment the README describes: two API processes and two worker processes on one
 * database and one Redis. Work goes in through both APIs and the schedulers; each piece of it is
 * done once, by one of the workers, and both APIs serve.
 */
describe('two APIs and two workers as separate processes', () => {
  let name: string;
  let db: pg.Pool;
  const prefix = `${queuePrefix()}-scale`;
  const queues = new Map<QueueName, Queue>();
  const queue = (q: QueueName) => {
    if (!queues.has(q)) {
      queues.set(q, new Queue(q, { connection: redisConnection(REDIS_URL, 'producer'), prefix }));
    }
    return queues.get(q) as Queue;
  };
  let apis: { service: ServiceProcess; http: ReturnType<typeof request> }[] = [];
  let workers: ServiceProcess[] = [];
  let admin: UserRow;
  let officer: UserRow;
  let manager: UserRow;
  let parkIds: string[];
  let lateProjectId: string;
  const today = dateInZone(new Date(), ZONE);

  beforeAll(async () => {
    name = await createTestDatabase();
    db = new pg.Pool({ connectionString: databaseUrl(name), max: 3 });
    db.on('error', () => undefined);
    const lg = await makePark(db, { code: 'LG' });
    const ic = await makePark(db, { code: 'LG-IC', parentId: lg.id });
    const hz = await makePark(db, { code: 'HZ' });
    parkIds = [lg.id, ic.id, hz.id];
    admin = await makeUser(db, { role: 'admin' });
    officer = await makeUser(db, { role: 'officer', parkIds: [ic.id] });
    await makeUser(db, { role: 'manager', parkIds: [lg.id] });
    manager = await makeUser(db, { role: 'manager', parkIds: [hz.id] });
    // a project of HZ whose milestone is 20 days late: red, and an item to open on evaluation
    const hzOfficer = await makeUser(db, { role: 'officer', parkIds: [hz.id] });
    lateProjectId = (await makeProject(db, { parkId: hz.id, officerId: hzOfficer.id })).id;
    await makeMilestone(db, { projectId: lateProjectId, dueDate: addDays(today, -20) });
    const project = await makeProject(db, { parkId: ic.id, officerId: officer.id });
    await db.query(
      `INSERT INTO milestones (project_id, title, due_date, owner_id)
       SELECT $1, 'Milestone ' || g, $2::date, $3 FROM generate_series(1, $4::int) g`,
      [project.id, addDays(today, 3), officer.id, MILESTONES],
    );

    const env = {
      DATABASE_URL: databaseUrl(name),
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      DB_MIGRATE_ON_BOOT: 'false',
      EVALUATE_ON_BOOT: 'false',
      DATABASE_POOL_SIZE: '4',
    };
    const ports = [await freePort(), await freePort()];
    const started = await Promise.all([
      ...ports.map((port) =>
        spawnService({ ...env, APP_ROLES: 'api', PORT: String(port) }, /API on http/, 60_000),
      ),
      ...[1, 2].map(() => spawnService({ ...env, APP_ROLES: 'worker' }, /Processing/, 60_000)),
    ]);
    apis = started
      .slice(0, 2)
      .map((service, i) => ({ service, http: request(`http://127.0.0.1:${ports[i]}`) }));
    workers = started.slice(2);
  }, 120_000);

  afterAll(async () => {
    for (const p of [...apis.map((a) => a.service), ...workers]) p.kill('SIGTERM');
    await Promise.all([...apis.map((a) => a.service.exited), ...workers.map((w) => w.exited)]);
    await Promise.all([...queues.values()].map((q) => q.close()));
    await db?.end();
    if (name) await dropTestDatabase(name);
    const redis = new Redis(REDIS_URL);
    await deleteKeys(redis, `${prefix}*`).finally(() => redis.disconnect());
  });

  const login = async (api: number, user: UserRow) =>
    (
      await apis[api].http
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: TEST_PASSWORD })
        .expect(200)
    ).body.accessToken as string;

  const allJobs = async (): Promise<Job[]> =>
    (await Promise.all(Object.values(QueueName).map((q) => queue(q).getJobs([...STATES])))).flat();

  it('serves from both APIs: a token from one is good on the other', async () => {
    for (const api of apis) {
      const ready = await api.http.get('/health/ready').expect(200);
      expect(ready.body.checks).toEqual({ postgres: 'up', redis: 'up' });
    }
    const token = await login(0, admin);
    const parks = await apis[1].http
      .get('/api/v1/parks')
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    expect(parks.body.total).toBe(3);
  });

  it('applies each schedule once however many workers boot', async () => {
    const ids = (
      await Promise.all(
        [...new Set(Object.values(QueueName))].map((q) => queue(q).getJobSchedulers()),
      )
    )
      .flat()
      .map((s) => s.key)
      .sort();
    expect(ids).toEqual(SCHEDULES.map((s) => s.id).sort());
  });

  it('sends each reminder once when both APIs ask for a scan and both workers run one', async () => {
    const tokens = [await login(0, admin), await login(1, admin)];
    const accepted = await Promise.all(
      apis.map((api, i) =>
        api.http
          .post('/api/v1/jobs/reminder-scan')
          .set('authorization', `Bearer ${tokens[i]}`)
          .expect(202),
      ),
    );
    const jobIds = accepted.map((r) => r.body.jobId as string);
    expect(new Set(jobIds).size).toBe(2);
    const states = await waitFor(
      () =>
        Promise.all(
          jobIds.map(async (id, i) => {
            // each job followed through the other API
            const other = apis[1 - i].http;
            return (
              await other
                .get(`/api/v1/jobs/${id}`)
                .set('authorization', `Bearer ${tokens[1 - i]}`)
                .expect(200)
            ).body.state as string;
          }),
        ),
      (s) => s.every((state) => state === 'completed'),
      60_000,
      200,
    );
    expect(states).toEqual(['completed', 'completed']);
    const counts = (
      await db.query(
        `SELECT (SELECT count(*)::int FROM reminders WHERE user_id = $1) AS reminders,
                (SELECT count(DISTINCT item_id)::int FROM reminders WHERE user_id = $1) AS items,
                (SELECT count(*)::int FROM notifications WHERE user_id = $1) AS notifications`,
        [officer.id],
      )
    ).rows[0];
    expect(counts).toEqual({ reminders: MILESTONES, items: MILESTONES, notifications: MILESTONES });
    // what the officer sees, through the other API
    const mine = await apis[1].http
      .get('/api/v1/notifications?unread=true&limit=1')
      .set('authorization', `Bearer ${await login(1, officer)}`)
      .expect(200);
    expect(mine.body.total).toBe(MILESTONES);
  }, 90_000);

  it("builds one report per park and week when the Monday schedule fires while it's also asked for", async () => {
    const week = lastWeek(today);
    const reports = queue(QueueName.Reports);
    // the Monday schedule's next run, made due now (what 08:00 on Monday does) …
    const next = (await reports.getDelayed()).find((j) => j.name === JobName.WeeklyReports);
    expect(next?.repeatJobKey).toBe('weekly-reports-monday');
    // … a second run of the same week at the same moment (a re-fired or retried schedule) …
    await reports.add(
      JobName.WeeklyReports,
      { week },
      jobOptions(JobName.WeeklyReports, { jobId: `scale-weekly-${week}` }),
    );
    await next?.promote();
    // … and a manager's on-demand request for one of the parks, through the API
    const token = await login(1, admin);
    const asked = await apis[1].http
      .post('/api/v1/reports/weekly')
      .set('authorization', `Bearer ${token}`)
      .send({ week, parkId: parkIds[2] });
    expect([200, 202]).toContain(asked.status);
    const askedJob = asked.status === 202 ? (asked.body.jobId as string) : undefined;

    const expected = parkIds.length + 1; // the zone and each park
    const done = await waitFor(
      async () => {
        const jobs = (await reports.getJobs([...STATES])).filter((j) => j.id !== next?.id);
        const fired = await reports.getJob(next?.id as string);
        return [...jobs, ...(fired ? [fired] : [])];
      },
      (jobs) =>
        jobs.filter((j) => j.name === JobName.WeeklyReports && j.finishedOn).length === 2 &&
        (!askedJob || jobs.some((j) => j.id === askedJob && j.finishedOn)),
      60_000,
      200,
    );
    expect(done.filter((j) => j.name === JobName.WeeklyReports && j.finishedOn)).toHaveLength(2);
    const { rows } = await db.query(
      `SELECT coalesce(park_id::text, 'zone') AS scope, count(*)::int AS n
         FROM reports WHERE period = $1 GROUP BY 1`,
      [week],
    );
    expect(rows).toHaveLength(expected);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    // and each manager heard of each report once
    const twice = await db.query(
      `SELECT user_id, link, count(*)::int FROM notifications
        WHERE link LIKE '%/reports/%' GROUP BY 1, 2 HAVING count(*) > 1`,
    );
    expect(twice.rows).toEqual([]);
    const told = await db.query(`SELECT count(*)::int AS n FROM notifications
                                   WHERE link LIKE '%/reports/%'`);
    expect(told.rows[0].n).toBeGreaterThan(0);
  }, 90_000);

  it('opens one supervision item per project and rule when both APIs and the hourly schedule evaluate at once', async () => {
    const supervision = queue(QueueName.Supervision);
    const hourly = (await supervision.getDelayed()).find(
      (j) => j.repeatJobKey === 'rule-evaluation-hourly',
    );
    expect(hourly).toBeDefined();
    const tokens = [await login(0, manager), await login(1, manager)];
    const [answers] = await Promise.all([
      Promise.all(
        apis.map((api, i) =>
          api.http
            .post('/api/v1/supervision-items/evaluate')
            .set('authorization', `Bearer ${tokens[i]}`)
            .expect(200),
        ),
      ),
      hourly?.promote(),
    ]);
    expect(answers).toHaveLength(2);
    await waitFor(
      async () => (await supervision.getJob(hourly?.id as string))?.finishedOn,
      Boolean,
      30_000,
      100,
    );
    const { rows } = await db.query(
      `SELECT project_id AS "projectId", rule_kind AS rule, count(*)::int AS n
         FROM supervision_items GROUP BY 1, 2`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.n === 1 && r.projectId === lateProjectId)).toBe(true);
    const light = await db.query(`SELECT light FROM projects WHERE id = $1`, [lateProjectId]);
    expect(light.rows[0].light).toBe('red');
  }, 60_000);

  it('ran every job once, on one of the two workers, and relayed each outbox row once', async () => {
    const jobs = await allJobs();
    const names = new Set(workers.map((w) => `${hostname()}:${w.proc.pid}`));
    const finished = jobs.filter((j) => j.finishedOn);
    expect(finished.length).toBeGreaterThan(0);
    expect(jobs.filter((j) => j.failedReason)).toEqual([]);
    for (const job of finished) {
      expect(names.has(job.processedBy as string)).toBe(true);
      expect(job.attemptsMade).toBe(1);
    }
    const outbox = await db.query<{ id: string }>(
      `SELECT id FROM outbox WHERE dispatched_at IS NOT NULL`,
    );
    const ids = new Set(jobs.map((j) => j.id));
    expect(outbox.rows.length).toBeGreaterThan(0);
    for (const { id } of outbox.rows) expect(ids.has(id)).toBe(true);
    const pending = await db.query(
      `SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL`,
    );
    expect(pending.rows[0].n).toBe(0);
  });

  it('stops all four on SIGTERM once their work is closed', async () => {
    const all = [...apis.map((a) => a.service), ...workers];
    for (const p of all) p.kill('SIGTERM');
    // Nest closes the app, then re-raises the signal: the exit is "by SIGTERM", not a crash
    expect(await Promise.all(all.map((p) => p.exited))).toEqual(Array(4).fill('SIGTERM'));
    for (const p of all) expect(p.output()).not.toMatch(/\bERROR\b|Unhandled/);
  }, 30_000);
});
