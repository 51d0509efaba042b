import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../src/app.module.js';
import { Db } from '../../src/common/database/db.service.js';
import { loadConfig } from '../../src/config/app.config.js';
import { JobName } from '../../src/jobs/job-name.js';
import { JobsService } from '../../src/jobs/jobs.service.js';
import { QueueName } from '../../src/jobs/queue-name.js';
import { QueueRegistry } from '../../src/jobs/queue-registry.js';
import { addDays } from '../../src/reminders/reminder-schedule.js';
import { MILESTONES_DUE_SQL, windowParams } from '../../src/reminders/reminder-scan.sql.js';
import { ReminderScanService } from '../../src/reminders/reminder-scan.service.js';
import { makeMilestone, makeProject, makeUser, type UserRow } from '../factories/factories.js';
import {
  clearItems,
  countRows,
  ITEM_TYPES,
  makeItem,
  makeReminderWorld,
  type ReminderWorld,
  sentReminders,
  waitFor,
} from '../factories/reminder-factories.js';
import { freezeClock } from '../factories/supervision-factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** 10:00 in Shanghai on 2026-06-01 (02:00 UTC): the zone's day, not UTC's, decides. */
const at = (day: string, hourUtc = 2) =>
  new Date(`${day}T${String(hourUtc).padStart(2, '0')}:00:00Z`);
const TODAY = '2026-06-01';

describe('reminders', () => {
  let t: TestApp;
  let w: ReminderWorld;
  let scans: ReminderScanService;

  /** Runs the daily scan as the worker would on the given zone day (frozen clock). */
  const scanOn = (day: string) => {
    freezeClock(t, at(day));
    return scans.scan();
  };

  beforeAll(async () => {
    t = await createTestApp({ APP_ROLES: 'api,worker' });
    scans = t.app.get(ReminderScanService);
  });
  afterAll(() => t.close());
  afterEach(() => clearItems(t.db));

  describe('boundaries', () => {
    it.each(ITEM_TYPES)(
      'reminds a %s 7, 3 and 1 days before, on the day and daily when overdue, nothing at 8',
      async (type) => {
        w = await makeReminderWorld(t.db);
        const ids: Record<string, string> = {};
        for (const days of [8, 7, 3, 1, 0, -1, -20]) {
          ids[days] = await makeItem(t.db, w, type, addDays(TODAY, days));
        }
        const result = await scanOn(TODAY);
        expect(result).toMatchObject({ today: TODAY, sent: 6 });
        expect(result.byItemType[type]).toBe(6);
        const sent = await sentReminders(t.db);
        const of = (days: number) => sent.filter((r) => r.itemId === ids[days]);
        expect(of(8)).toEqual([]);
        for (const [days, kind] of [
          [7, 'due_in_7'],
          [3, 'due_in_3'],
          [1, 'due_in_1'],
          [0, 'due_today'],
          [-1, 'overdue'],
          [-20, 'overdue'],
        ] as const) {
          expect(of(days).map((r) => [r.kind, r.forDate, r.dueDate, r.userId])).toEqual([
            [kind, TODAY, addDays(TODAY, days), w.officer.id],
          ]);
        }
        // the words say what and when, counted from today
        const title = (days: number) => of(days)[0].title;
        expect(title(3)).toMatch(/ due in 3 days: /);
        expect(title(1)).toMatch(/ due tomorrow: /);
        expect(title(0)).toMatch(/ due today: /);
        expect(title(-20)).toMatch(/ overdue by 20 days: /);
        expect(of(7)[0].body).toMatch(new RegExp(`^Due ${addDays(TODAY, 7)}\\. `));

        // the next day: what moved into a new window, and every overdue item again (for the
        // new day); the ones at 6 and 2 days left were already reminded for their window
        const next = await scanOn(addDays(TODAY, 1));
        expect(next.sent).toBe(5);
        const second = (await sentReminders(t.db)).filter((r) => r.forDate === addDays(TODAY, 1));
        expect(second.map((r) => `${r.itemId} ${r.kind}`).sort()).toEqual(
          [
            `${ids[8]} due_in_7`,
            `${ids[1]} due_today`,
            `${ids[0]} overdue`,
            `${ids[-1]} overdue`,
            `${ids[-20]} overdue`,
          ].sort(),
        );
      },
    );

    it('reads "today" in the zone time zone: 16:30 UTC is already the next day in Shanghai', async () => {
      w = await makeReminderWorld(t.db);
      const id = await makeItem(t.db, w, 'milestone', '2026-06-02');
      freezeClock(t, new Date('2026-06-01T16:30:00Z')); // 00:30 on June 2nd in Shanghai
      const result = await scans.scan();
      expect(result.today).toBe('2026-06-02');
      expect((await sentReminders(t.db, [id])).map((r) => r.kind)).toEqual(['due_today']);
    });

    it('links each notification to its item', async () => {
      w = await makeReminderWorld(t.db);
      const ids = await Promise.all(
        ITEM_TYPES.map((type) => makeItem(t.db, w, type, addDays(TODAY, 3))),
      );
      await scanOn(TODAY);
      const links = Object.fromEntries(
        (await sentReminders(t.db)).map((r) => [r.itemType, r.link]),
      );
      expect(links).toEqual({
        milestone: `/api/v1/projects/${w.project.id}/milestones/${ids[0]}`,
        visit_follow_up: `/api/v1/visits/${w.visit.id}/follow-ups/${ids[1]}`,
        supervision_step: `/api/v1/supervision-items/${ids[2]}`,
        service_request: `/api/v1/service-requests/${ids[3]}`,
      });
    });
  });

  describe('exactly once', () => {
    /** 50 items of each type, all due in 3 days: 200 reminders to send. */
    const manyItems = async () => {
      w = await makeReminderWorld(t.db);
      for (const type of ITEM_TYPES) {
        for (let i = 0; i < 50; i++) await makeItem(t.db, w, type, addDays(TODAY, 3));
      }
    };

    it('does not send the same reminder twice when two scans run the same day at once', async () => {
      await manyItems();
      freezeClock(t, at(TODAY));
      const results = await Promise.all([scans.scan(), scans.scan(), scans.scan()]);
      expect(results.map((r) => r.sent).reduce((a, b) => a + b)).toBe(200);
      expect(await countRows(t.db, 'reminders')).toBe(200);
      expect(await countRows(t.db, 'notifications')).toBe(200);
      // and a scan repeated later that day finds nothing left to send
      expect((await scans.scan()).sent).toBe(0);
      expect(await countRows(t.db, 'notifications')).toBe(200);
    });

    describe('with a second worker process on the same database and queues', () => {
      let second: INestApplicationContext;

      beforeAll(async () => {
        second = await NestFactory.createApplicationContext(
          AppModule.forRoot(
            loadConfig({
              NODE_ENV: 'test',
              APP_ROLES: 'worker',
              DATABASE_URL: t.config.databaseUrl,
              REDIS_URL: t.config.redisUrl,
              QUEUE_PREFIX: t.config.queuePrefix,
              DB_MIGRATE_ON_BOOT: 'false',
              EVALUATE_ON_BOOT: 'false',
              DATABASE_POOL_SIZE: '3',
            }),
          ),
          { logger: false },
        );
        await second.init();
      });
      afterAll(() => second.close());

      it('does not send the same reminder twice when two workers scan the same day', async () => {
        await manyItems();
        const results = await Promise.all([
          scans.scan({ today: TODAY }),
          second.get(ReminderScanService).scan({ today: TODAY }),
        ]);
        expect(results[0].sent + results[1].sent).toBe(200);
        expect(await countRows(t.db, 'reminders')).toBe(200);
        expect(await countRows(t.db, 'notifications')).toBe(200);
      });

      it('does not send twice when the scan job is queued twice and both workers take one', async () => {
        await manyItems();
        const jobs = t.app.get(JobsService);
        const db = t.app.get(Db);
        const ids = await Promise.all([
          jobs.enqueue(db, JobName.ReminderScan, { today: TODAY }),
          jobs.enqueue(db, JobName.ReminderScan, { today: TODAY }),
        ]);
        const queue = t.app.get(QueueRegistry).get(QueueName.Reminders);
        const states = await waitFor(
          () => Promise.all(ids.map(async (id) => (await queue.getJob(id))?.getState())),
          (s) => s.every((state) => state === 'completed'),
        );
        expect(states).toEqual(['completed', 'completed']);
        const values = await Promise.all(
          ids.map(async (id) => (await queue.getJob(id))?.returnvalue as { sent: number }),
        );
        expect(values[0].sent + values[1].sent).toBe(200);
        expect(await countRows(t.db, 'reminders')).toBe(200);
        expect(await countRows(t.db, 'notifications')).toBe(200);
      });
    });
  });

  describe('catch-up after downtime', () => {
    it('sends the due_in_3 reminder on due−2 when the worker was down on due−3', async () => {
      w = await makeReminderWorld(t.db);
      const id = await makeItem(t.db, w, 'milestone', '2026-06-10');
      await scanOn('2026-06-03'); // due−7
      // down on 06-04 … 06-07 (due−3); back on due−2
      const back = await scanOn('2026-06-08');
      expect(back.byKind.due_in_3).toBe(1);
      expect((await scanOn('2026-06-08')).sent).toBe(0);
      await scanOn('2026-06-09'); // due−1, as usual
      const sent = await sentReminders(t.db, [id]);
      expect(sent.map((r) => [r.kind, r.forDate])).toEqual([
        ['due_in_7', '2026-06-03'],
        ['due_in_3', '2026-06-07'],
        ['due_in_1', '2026-06-09'],
      ]);
      expect(sent[1].title).toMatch(/due in 2 days/); // the words say the truth on the day sent
    });

    it('sends only the latest missed reminder after a long outage, then carries on daily', async () => {
      w = await makeReminderWorld(t.db);
      const id = await makeItem(t.db, w, 'visit_follow_up', '2026-06-10');
      // down from due−8 to due+2: only today's overdue reminder, none of the missed ones
      await scanOn('2026-06-12');
      await scanOn('2026-06-12');
      await scanOn('2026-06-13');
      expect((await sentReminders(t.db, [id])).map((r) => [r.kind, r.forDate])).toEqual([
        ['overdue', '2026-06-12'],
        ['overdue', '2026-06-13'],
      ]);
    });

    it('gives an item created inside a window the reminder of that window', async () => {
      w = await makeReminderWorld(t.db);
      const id = await makeItem(t.db, w, 'service_request', addDays(TODAY, 5));
      await scanOn(TODAY);
      expect((await sentReminders(t.db, [id])).map((r) => [r.kind, r.forDate])).toEqual([
        ['due_in_7', addDays(TODAY, -2)],
      ]);
    });
  });

  describe('who hears of it', () => {
    it('gives deleted projects, closed items and deactivated owners nothing', async () => {
      w = await makeReminderWorld(t.db);
      const due = addDays(TODAY, 1);
      const gone = await makeProject(t.db, {
        parkId: w.park.id,
        officerId: w.officer.id,
        deletedAt: new Date(),
      });
      const former = await makeUser(t.db, { role: 'officer' });
      await t.db.query('UPDATE users SET deactivated_at = now() WHERE id = $1', [former.id]);
      const silent = [
        // on a soft-deleted project
        await makeItem(t.db, w, 'milestone', due, { projectId: gone.id }),
        await makeItem(t.db, w, 'supervision_step', due, { projectId: gone.id }),
        await makeItem(t.db, w, 'service_request', due, { projectId: gone.id }),
        // owned by a deactivated user, or by nobody
        await makeItem(t.db, w, 'visit_follow_up', due, { owner: former }),
        await makeItem(t.db, w, 'supervision_step', due, { owner: former }),
        await makeItem(t.db, w, 'service_request', due, { owner: former }),
        await makeItem(t.db, w, 'visit_follow_up', due, { owner: null }),
        // done
        await makeItem(t.db, w, 'milestone', due, { values: { completedAt: new Date() } }),
        await makeItem(t.db, w, 'visit_follow_up', due, { values: { status: 'done' } }),
        await makeItem(t.db, w, 'supervision_step', due, {
          values: { status: 'closed', resolution: 'Done', closedAt: new Date() },
        }),
        await makeItem(t.db, w, 'service_request', due, {
          values: { status: 'resolved', resolution: 'Land granted' },
        }),
      ];
      const heard = await makeItem(t.db, w, 'service_request', due, { projectId: undefined });
      const result = await scanOn(TODAY);
      expect(result.sent).toBe(1);
      expect(await sentReminders(t.db, silent)).toEqual([]);
      expect((await sentReminders(t.db, [heard])).length).toBe(1);
      expect(
        (
          await t.db.query('SELECT count(*)::int AS n FROM notifications WHERE user_id = $1', [
            former.id,
          ])
        ).rows[0].n,
      ).toBe(0);
    });

    it("sends a milestone's reminder to its owner, else (none, or deactivated) to the project's officer", async () => {
      w = await makeReminderWorld(t.db);
      const due = addDays(TODAY, 3);
      const owner = await makeUser(t.db, { role: 'officer' });
      const former = await makeUser(t.db, { role: 'officer' });
      await t.db.query('UPDATE users SET deactivated_at = now() WHERE id = $1', [former.id]);
      const owned = await makeItem(t.db, w, 'milestone', due, { owner });
      const unowned = await makeItem(t.db, w, 'milestone', due, { owner: null });
      const orphaned = await makeItem(t.db, w, 'milestone', due, { owner: former });
      // neither an active owner nor an active officer: nobody to tell
      const noOfficer = await makeProject(t.db, { parkId: w.park.id, officerId: former.id });
      const lost = (await makeMilestone(t.db, { projectId: noOfficer.id, dueDate: due })).id;
      await scanOn(TODAY);
      const to = Object.fromEntries((await sentReminders(t.db)).map((r) => [r.itemId, r.userId]));
      expect(to).toEqual({ [owned]: owner.id, [unowned]: w.officer.id, [orphaned]: w.officer.id });
      expect(to[lost]).toBeUndefined();
    });
  });

  describe('through the real queue', () => {
    let admin: UserRow;
    beforeAll(async () => {
      admin = await makeUser(t.db, { role: 'admin' });
    });

    it('runs the scan for POST /jobs/reminder-scan: 202, then completed with its counts', async () => {
      w = await makeReminderWorld(t.db);
      const ids = [
        await makeItem(t.db, w, 'milestone', addDays(TODAY, 7)),
        await makeItem(t.db, w, 'supervision_step', TODAY),
      ];
      freezeClock(t, at(TODAY));
      const { jobId } = (await as(t, admin).post('/jobs/reminder-scan').expect(202)).body;
      const status = await waitFor(
        async () => (await as(t, admin).get(`/jobs/${jobId}`).expect(200)).body,
        (s) => s.state === 'completed' || s.state === 'failed',
      );
      expect(status).toMatchObject({ state: 'completed', name: 'reminder-scan' });
      expect(status.result).toMatchObject({
        today: TODAY,
        sent: 2,
        byKind: { due_in_7: 1, due_in_3: 0, due_in_1: 0, due_today: 1, overdue: 0 },
        byItemType: { milestone: 1, supervision_step: 1 },
        emailsQueued: 0, // no SMTP_URL here
      });
      expect((await sentReminders(t.db, ids)).map((r) => r.kind).sort()).toEqual([
        'due_in_7',
        'due_today',
      ]);
    });

    it('fails a scan job whose day is malformed without retrying it', async () => {
      const queue = t.app.get(QueueRegistry).get(QueueName.Reminders);
      const id = await t.app.get(JobsService).enqueue(t.app.get(Db), JobName.ReminderScan, {
        today: '2026-13-01',
      });
      const job = await waitFor(
        async () => queue.getJob(id),
        (j) => j !== undefined && j.finishedOn !== undefined,
      );
      expect(await job?.getState()).toBe('failed');
      expect(job?.attemptsMade).toBe(1);
      expect(job?.failedReason).toMatch(/YYYY-MM-DD/);
    });
  });

  it('reads open milestones through ix_milestones_open_due, even among many completed ones', async () => {
    w = await makeReminderWorld(t.db);
    // what a zone looks like after a few years: most milestones done, and done in the past
    await t.db.query(
      `INSERT INTO milestones (project_id, title, due_date, completed_at)
       SELECT $1, 'Done ' || g, $2::date - g % 700, now() FROM generate_series(1, 60000) g`,
      [w.project.id, TODAY],
    );
    await t.db.query(
      `INSERT INTO milestones (project_id, title, due_date)
       SELECT $1, 'Open ' || g, $2::date + g % 400 - 30 FROM generate_series(1, 6000) g`,
      [w.project.id, TODAY],
    );
    await t.db.query('ANALYZE milestones');
    const { rows } = await t.db.query(
      `EXPLAIN (FORMAT JSON) ${MILESTONES_DUE_SQL}`,
      windowParams(TODAY),
    );
    const nodes = JSON.stringify(rows[0]['QUERY PLAN']).match(
      /"Node Type":"[A-Za-z ]+Scan"[^{}]*?"Relation Name":"milestones"|"Node Type":"Bitmap Index Scan"[^{}]*?"Index Name":"\w+"/g,
    );
    expect(nodes?.join('\n')).toMatch(/ix_milestones_open_due/);
    expect(nodes?.join('\n')).not.toMatch(/Seq Scan/);
    // and it finds exactly the open ones due by today + 7 (30 days overdue … 7 ahead)
    const { rows: due } = await t.db.query(MILESTONES_DUE_SQL, windowParams(TODAY));
    const expected = (
      await t.db.query(
        `SELECT count(*)::int AS n FROM milestones WHERE completed_at IS NULL AND due_date <= $1`,
        [addDays(TODAY, 7)],
      )
    ).rows[0].n;
    expect(due).toHaveLength(expected);
    expect(expected).toBeGreaterThan(100);
  });
});
