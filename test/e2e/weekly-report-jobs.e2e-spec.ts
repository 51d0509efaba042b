import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JobName } from '../../src/jobs/job-name.js';
import { JobsService } from '../../src/jobs/jobs.service.js';
import { Db } from '../../src/common/database/db.service.js';
import { makeContract } from '../factories/deals-factories.js';
import {
  makePark,
  makeProject,
  makeUser,
  type ParkRow,
  type UserRow,
} from '../factories/factories.js';
import { buildReport, freezeAt, W21, W22, waitForJob } from '../factories/report-factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

async function notificationsOf(t: TestApp, userId: string) {
  const { rows } = await t.db.query(
    `SELECT kind, title, body, link FROM notifications WHERE user_id = $1 ORDER BY created_at, id`,
    [userId],
  );
  return rows as { kind: string; title: string; body: string; link: string }[];
}

/** The weekly report through the real queue: API and worker in one process, clock frozen. */
describe('weekly reports as jobs: on demand, on Monday, once, and in scope', () => {
  let t: TestApp;
  let admin: UserRow;
  let manager: UserRow;
  let otherManager: UserRow;
  let retiredManager: UserRow;
  let officer: UserRow;
  let viewer: UserRow;
  let lg: ParkRow;
  let ic: ParkRow;
  let hz: ParkRow;

  beforeAll(async () => {
    t = await createTestApp({ APP_ROLES: 'api,worker' });
    freezeAt(t); // Monday 1 June 2026, 08:00 in Shanghai
    lg = await makePark(t.db, { code: 'LG', name: '临港区' });
    ic = await makePark(t.db, { code: 'LG-IC', name: '临港创新中心', parentId: lg.id });
    hz = await makePark(t.db, { code: 'HZ', name: '海州工业园' });
    admin = await makeUser(t.db, { role: 'admin' });
    manager = await makeUser(t.db, { role: 'manager', parkIds: [lg.id] });
    otherManager = await makeUser(t.db, { role: 'manager', parkIds: [hz.id] });
    retiredManager = await makeUser(t.db, { role: 'manager', parkIds: [lg.id] });
    await t.db.query(`UPDATE users SET deactivated_at = now() WHERE id = $1`, [retiredManager.id]);
    officer = await makeUser(t.db, { role: 'officer', parkIds: [lg.id] });
    viewer = await makeUser(t.db, { role: 'viewer', parkIds: [ic.id] });
    await makeProject(t.db, { parkId: ic.id, createdAt: '2026-04-01T00:00:00Z' });
    await makeContract(t.db, { parkId: ic.id, signedAt: '2026-05-26', amount: '880000.00' });
    await makeContract(t.db, { parkId: lg.id, signedAt: '2026-05-19', amount: '1000.00' });
  });
  afterAll(() => t.close());

  it("builds last week's reports on Monday for the zone and every park, once", async () => {
    const jobs = t.app.get(JobsService);
    const first = await jobs.enqueue(t.app.get(Db), JobName.WeeklyReports, {});
    expect(await waitForJob(t, admin, first)).toMatchObject({
      state: 'completed',
      result: { week: W22, reports: 4, created: 4 }, // the zone, LG, LG-IC, HZ
    });
    const again = await jobs.enqueue(t.app.get(Db), JobName.WeeklyReports, { week: W22 });
    expect(await waitForJob(t, admin, again)).toMatchObject({
      state: 'completed',
      result: { week: W22, reports: 4, created: 0 },
    });
    const { rows } = await t.db.query(
      `SELECT park_id, revision, generated_by FROM reports WHERE period = $1`,
      [W22],
    );
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.revision === 1 && r.generated_by === null)).toBe(true);
  });

  it("notifies each park's active managers once, and the admins of the zone report", async () => {
    const lgReport = await t.db.query(`SELECT id FROM reports WHERE park_id = $1`, [lg.id]);
    expect(await notificationsOf(t, manager.id)).toEqual([
      {
        kind: 'report',
        title: '周报 Weekly report 2026-W22: 临港区',
        body: expect.stringContaining('签约项目 Contracts signed: 1'),
        link: `/api/v1/reports/${lgReport.rows[0].id}`,
      },
    ]);
    expect(await notificationsOf(t, otherManager.id)).toEqual([
      expect.objectContaining({ title: '周报 Weekly report 2026-W22: 海州工业园' }),
    ]);
    expect(await notificationsOf(t, admin.id)).toEqual([
      expect.objectContaining({ title: '周报 Weekly report 2026-W22: 全区 Whole zone' }),
    ]);
    expect(await notificationsOf(t, retiredManager.id)).toEqual([]);
    expect(await notificationsOf(t, officer.id)).toEqual([]);
    // no SMTP_URL in this app: nothing to mail
    const mails = await t.db.query(`SELECT 1 FROM outbox WHERE job_name = 'send-email'`);
    expect(mails.rowCount).toBe(0);
  });

  it('answers 202 and builds a report through the queue, then lists it', async () => {
    const res = await as(t, manager).post('/reports/weekly', { week: W21, parkId: lg.id });
    expect(res.status).toBe(202);
    const job = await waitForJob(t, manager, res.body.jobId);
    expect(job).toMatchObject({
      state: 'completed',
      result: { week: W21, parkId: lg.id, revision: 1, outcome: 'created' },
    });
    const list = await as(t, manager).get(`/reports?type=weekly&parkId=${lg.id}&week=${W21}`);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 1, page: 1 });
    expect(list.body.items[0]).toMatchObject({
      id: job.result?.reportId,
      parkId: lg.id,
      parkName: '临港区',
      period: W21,
      revision: 1,
      generatedBy: manager.id,
    });
    expect(list.body.items[0].data).toBeUndefined();
    const report = await as(t, manager).get(`/reports/${job.result?.reportId}`).expect(200);
    expect(report.body.data.keyNumbers.contractAmount).toEqual([
      { currency: 'CNY', amount: '1000.00' },
    ]);
  });

  it('returns the existing report for the same week instead of replacing it', async () => {
    const existing = await t.db.query(`SELECT id FROM reports WHERE park_id = $1 AND period = $2`, [
      lg.id,
      W21,
    ]);
    const res = await as(t, manager).post('/reports/weekly', { week: W21, parkId: lg.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: existing.rows[0].id, revision: 1, period: W21 });
    // a job that arrives after the report was made (two requests racing) returns it as well
    const jobId = await t.app
      .get(JobsService)
      .enqueue(t.app.get(Db), JobName.WeeklyReport, { week: W21, parkId: lg.id }, manager.id);
    expect(await waitForJob(t, manager, jobId)).toMatchObject({
      state: 'completed',
      result: { reportId: existing.rows[0].id, revision: 1, outcome: 'existing' },
    });
    const count = await t.db.query(`SELECT count(*)::int AS n FROM reports WHERE period = $1`, [
      W21,
    ]);
    expect(count.rows[0].n).toBe(1);
  });

  it('rebuilds the snapshot with regenerate: revision + 1, audited, nobody notified again', async () => {
    const before = await notificationsOf(t, manager.id);
    await makeContract(t.db, { parkId: lg.id, signedAt: '2026-05-20', amount: '500.00' });
    const res = await as(t, manager)
      .post('/reports/weekly', { week: W21, parkId: lg.id, regenerate: true })
      .expect(202);
    const job = await waitForJob(t, manager, res.body.jobId);
    expect(job).toMatchObject({
      state: 'completed',
      result: { revision: 2, outcome: 'regenerated' },
    });
    const reportId = job.result?.reportId as string;
    const report = await as(t, manager).get(`/reports/${reportId}`).expect(200);
    expect(report.body).toMatchObject({ revision: 2, generatedBy: manager.id });
    expect(report.body.data.keyNumbers.contracts).toBe(2);
    expect(report.body.data.keyNumbers.contractAmount).toEqual([
      { currency: 'CNY', amount: '1500.00' },
    ]);
    const audit = await t.db.query(
      `SELECT action, actor_id, park_id, before->>'revision' AS "from", after->>'revision' AS "to",
              correlation_id
         FROM audit_log WHERE entity = 'report' AND entity_id = $1 ORDER BY id`,
      [reportId],
    );
    expect(audit.rows).toEqual([
      expect.objectContaining({ action: 'create', actor_id: manager.id, from: null, to: '1' }),
      {
        action: 'update',
        actor_id: manager.id,
        park_id: lg.id,
        from: '1',
        to: '2',
        correlation_id: `job:${res.body.jobId}`,
      },
    ]);
    expect(await notificationsOf(t, manager.id)).toHaveLength(before.length);
  });

  it('keeps reports in scope: 403 for roles and the zone, 404 outside your parks', async () => {
    await as(t, officer).post('/reports/weekly', { week: W21, parkId: lg.id }).expect(403);
    await as(t, manager).post('/reports/weekly', { week: W21, parkId: hz.id }).expect(404);
    await as(t, manager).post('/reports/weekly', { week: W21 }).expect(403);
    const zone = await t.db.query(`SELECT id FROM reports WHERE park_id IS NULL`);
    const other = await t.db.query(`SELECT id FROM reports WHERE park_id = $1`, [hz.id]);
    await as(t, manager).get(`/reports/${zone.rows[0].id}`).expect(404);
    await as(t, manager).get(`/reports/${other.rows[0].id}?format=pdf`).expect(404);
    await as(t, admin).get(`/reports/${zone.rows[0].id}`).expect(200);
    const mine = await as(t, manager).get(`/reports?week=${W22}`).expect(200);
    expect(mine.body.items.map((r: { parkCode: string }) => r.parkCode)).toEqual(['LG', 'LG-IC']);
    const all = await as(t, admin).get(`/reports?week=${W22}`).expect(200);
    expect(all.body.items.map((r: { parkCode: string | null }) => r.parkCode)).toEqual([
      null,
      'HZ',
      'LG',
      'LG-IC',
    ]);
    // a viewer of the sub-park reads its report, not its parent's
    const sub = await as(t, viewer).get(`/reports?week=${W22}`).expect(200);
    expect(sub.body.items.map((r: { parkCode: string }) => r.parkCode)).toEqual(['LG-IC']);
  });

  it('refuses weeks that are not over, or not weeks, and parks that do not exist', async () => {
    const thisWeek = await as(t, admin).post('/reports/weekly', { week: '2026-W23' }).expect(400);
    expect(thisWeek.body.message).toContain('2026-06-08');
    const month = await as(t, admin).post('/reports/weekly', { week: '2026-05' }).expect(400);
    expect(month.body.details).toEqual([{ field: 'week', message: expect.any(String) }]);
    await as(t, admin)
      .post('/reports/weekly', { week: W21, parkId: '00000000-0000-4000-8000-000000000000' })
      .expect(404);
    await as(t, admin).get('/reports?week=2026-W99').expect(400);
  });
});

describe('weekly reports with SMTP configured', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ SMTP_URL: 'smtp://127.0.0.1:2525' });
    freezeAt(t);
  });
  afterAll(() => t.close());

  it('queues one e-mail per notification in the same transaction', async () => {
    const park = await makePark(t.db, { code: 'MAIL' });
    const managers = [
      await makeUser(t.db, { role: 'manager', parkIds: [park.id] }),
      await makeUser(t.db, { role: 'manager', parkIds: [park.id] }),
    ];
    await buildReport(t, W22, park.id);
    const { rows } = await t.db.query(
      `SELECT n.user_id, o.job_name, o.queue
         FROM notifications n JOIN outbox o ON o.payload->>'notificationId' = n.id::text
        ORDER BY n.user_id`,
    );
    expect(rows).toEqual(
      managers
        .map((m) => m.id)
        .sort()
        .map((userId) => ({ user_id: userId, job_name: 'send-email', queue: 'email' })),
    );
  });
});
