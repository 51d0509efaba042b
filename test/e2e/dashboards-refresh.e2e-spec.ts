import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { Db } from '../../src/common/database/db.service.js';
import { DashboardRefresher, type RefreshRun } from '../../src/dashboards/dashboard-refresher.js';
import { SUMMARY_VIEWS } from '../../src/dashboards/summary-views.js';
import { JobName } from '../../src/jobs/job-name.js';
import { JobsService } from '../../src/jobs/jobs.service.js';
import {
  type DashboardWorld,
  freezeDashboardClock,
  seedDashboardWorld,
} from '../factories/dashboard-factories.js';
import { makePark, makeUser } from '../factories/factories.js';
import { waitForJob } from '../factories/report-factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait.js';

const ALL_VIEWS = SUMMARY_VIEWS.map((v) => v.name).sort();

interface RefreshState {
  view: string;
  baseChanges: string | null;
  refreshes: number;
  refreshedAt: Date | null;
  checkedAt: Date | null;
}

async function refreshState(t: TestApp): Promise<Record<string, RefreshState>> {
  const { rows } = await t.db.query<RefreshState>(
    `SELECT view_name AS view, base_changes::text AS "baseChanges", refreshes,
            refreshed_at AS "refreshedAt", checked_at AS "checkedAt"
       FROM dashboard_refreshes`,
  );
  return Object.fromEntries(rows.map((r) => [r.view, r]));
}

/**
 * Writes on a connection of its own that then closes: a closing backend reports its change
 * counters at once (an idle one within a second, or later when the statistics are busy).
 */
async function writeAndClose<T>(t: TestApp, write: (db: pg.Pool) => Promise<T>): Promise<T> {
  const db = new pg.Pool({ connectionString: t.config.databaseUrl, max: 2 });
  try {
    return await write(db);
  } finally {
    await db.end();
  }
}

/** Runs the refresh until it finds nothing changed (statistics arrive up to ~1 s late). */
const settle = (refresher: DashboardRefresher) =>
  waitFor(
    () => refresher.run(),
    (run) => run.refreshed.length === 0,
    15_000,
    200,
  );

/** Runs the refresh until it refreshes something: the run that saw the change. */
const nextRefresh = (refresher: DashboardRefresher) =>
  waitFor(
    () => refresher.run(),
    (run) => run.refreshed.length > 0,
    15_000,
    200,
  );

describe('dashboard refresh: only when the data under a summary changed', () => {
  let t: TestApp;
  let w: DashboardWorld;
  let refresher: DashboardRefresher;
  const overdueOfA = async () =>
    (await as(t, w.users.admin).get(`/dashboards/overview?parkId=${w.parks.A.id}`).expect(200)).body
      .overdueMilestones;

  beforeAll(async () => {
    t = await createTestApp();
    w = await writeAndClose(t, seedDashboardWorld);
    freezeDashboardClock(t);
    refresher = t.app.get(DashboardRefresher);
  });
  afterAll(() => t.close());

  it('refreshes every summary on POST /dashboards/refresh, for admins only', async () => {
    for (const user of [w.users.managerZ, w.users.officerA1, w.users.viewerB]) {
      await as(t, user).post('/dashboards/refresh').expect(403);
    }
    const before = await refreshState(t);
    const res = await as(t, w.users.admin).post('/dashboards/refresh').expect(200);
    expect(res.body.refreshed.sort()).toEqual(ALL_VIEWS);
    expect(
      res.body.views.every(
        (v: { outcome: string; ms: number }) => v.outcome === 'forced' && v.ms >= 0,
      ),
    ).toBe(true);
    const after = await refreshState(t);
    for (const view of ALL_VIEWS) expect(after[view].refreshes).toBe(before[view].refreshes + 1);
    expect(await overdueOfA()).toBe(3);
  });

  it('does not refresh a summary whose base tables did not change: counters and times stay', async () => {
    await settle(refresher);
    const before = await refreshState(t);
    const run = await refresher.run();
    expect(run.refreshed).toEqual([]);
    expect(run.views.map((v) => v.outcome)).toEqual(ALL_VIEWS.map(() => 'unchanged'));
    const after = await refreshState(t);
    for (const view of ALL_VIEWS) {
      expect({
        view,
        refreshes: after[view].refreshes,
        at: after[view].refreshedAt,
        changes: after[view].baseChanges,
      }).toEqual({
        view,
        refreshes: before[view].refreshes,
        at: before[view].refreshedAt,
        changes: before[view].baseChanges,
      });
      // it did look: the check is recorded
      expect(after[view].checkedAt!.getTime()).toBeGreaterThanOrEqual(
        before[view].checkedAt!.getTime(),
      );
    }
  });

  it('refreshes only the summary whose data changed, and the dashboard follows', async () => {
    await settle(refresher);
    const before = await refreshState(t);
    // P1's milestone due on 1 February is done: only the milestones changed
    await writeAndClose(t, (db) =>
      db.query(
        `UPDATE milestones SET completed_at = '2026-06-11T02:00:00Z'
          WHERE project_id = $1 AND due_date = '2026-02-01'`,
        [w.projects.P1.id],
      ),
    );
    expect(await overdueOfA()).toBe(3); // a summary: unchanged until refreshed
    const run: RefreshRun = await nextRefresh(refresher);
    expect(run.refreshed).toEqual(['dashboard_open_milestones']);
    expect(run.views.find((v) => v.view === 'dashboard_open_milestones')?.outcome).toBe('changed');
    expect(await overdueOfA()).toBe(2);
    const after = await refreshState(t);
    for (const view of ALL_VIEWS) {
      const bump = view === 'dashboard_open_milestones' ? 1 : 0;
      expect([view, after[view].refreshes]).toEqual([view, before[view].refreshes + bump]);
    }
  });

  it('refreshes what a new project touches after a write through the API', async () => {
    await settle(refresher);
    const projectsOfB = async () =>
      (await as(t, w.users.admin).get(`/dashboards/overview?parkId=${w.parks.B.id}`).expect(200))
        .body.projects.projects;
    expect(await projectsOfB()).toBe(1);
    await as(t, w.users.managerZ)
      .post('/projects', {
        code: 'B-NEW',
        name: 'New warehouse',
        parkId: w.parks.B.id,
        plannedInvestment: '5.00',
      })
      .expect(201);
    const run = await nextRefresh(refresher);
    expect(run.refreshed).toContain('dashboard_project_summary');
    expect(run.refreshed).not.toContain('dashboard_enterprise_summary'); // enterprises untouched
    expect(await projectsOfB()).toBe(2);
  });

  it('paces itself: a pass waits until 9× its cost has gone by since the last refresh', async () => {
    await settle(refresher);
    // pretend refreshing the milestones took 10 minutes, just now
    await t.db.query(
      `UPDATE dashboard_refreshes
          SET duration_ms = 600000, refreshed_at = now()
        WHERE view_name = 'dashboard_open_milestones'`,
    );
    await writeAndClose(t, (db) =>
      db.query(`UPDATE milestones SET note = 'paced' WHERE project_id = $1`, [w.projects.P6.id]),
    );
    const paced = await waitFor(
      () => refresher.run(),
      (run) => run.views.some((v) => v.outcome === 'paced'),
      15_000,
      200,
    );
    expect(paced.refreshed).toEqual([]);
    expect(paced.views.find((v) => v.view === 'dashboard_open_milestones')?.outcome).toBe('paced');
    // two hours later by the database clock it goes ahead
    await t.db.query(
      `UPDATE dashboard_refreshes SET refreshed_at = refreshed_at - interval '2 hours'`,
    );
    expect((await refresher.run()).refreshed).toEqual(['dashboard_open_milestones']);
  });

  it('lets a forced refresh and a scheduled one run together: each view once at a time', async () => {
    const [forced, scheduled] = await Promise.all([
      as(t, w.users.admin).post('/dashboards/refresh').expect(200),
      refresher.run(),
    ]);
    expect(forced.body.refreshed.sort()).toEqual(ALL_VIEWS);
    for (const v of scheduled.views) expect(['unchanged', 'changed', 'busy']).toContain(v.outcome);
  });

  it('shows target and cluster changes at once, though the summaries are not refreshed', async () => {
    await settle(refresher);
    const overview = async () =>
      (await as(t, w.users.admin).get(`/dashboards/overview?parkId=${w.parks.A.id}`).expect(200))
        .body;
    const clusterName = (body: { byCluster: { clusterId: string; clusterName: string }[] }) =>
      body.byCluster.find((c) => c.clusterId === w.clusters.cA.id)?.clusterName;
    const first = await overview();
    expect(await overview()).toEqual(first);

    await t.db.query(
      `INSERT INTO targets (park_id, year, metric, value, unit)
       VALUES ($1, 2026, 'projects_started', 7, 'projects')`,
      [w.parks.A.id],
    );
    const withTarget = await overview();
    expect(
      withTarget.targets.find((x: { metric: string }) => x.metric === 'projects_started'),
    ).toMatchObject({ value: '7' });

    await t.db.query(
      `UPDATE industry_clusters SET name = 'Renamed', version = version + 1 WHERE id = $1`,
      [w.clusters.cA.id],
    );
    expect(clusterName(await overview())).toBe('Renamed');
    await t.db.query(`DELETE FROM targets WHERE park_id = $1 AND metric = 'projects_started'`, [
      w.parks.A.id,
    ]);
    expect(
      (await overview()).targets.some((x: { metric: string }) => x.metric === 'projects_started'),
    ).toBe(false);
  });
});

describe('dashboard refresh in the zone time zone', () => {
  let t: TestApp;
  let w: DashboardWorld;

  beforeAll(async () => {
    t = await createTestApp({ ZONE_TIMEZONE: 'UTC' });
    w = await seedDashboardWorld(t.db);
    freezeDashboardClock(t);
  });
  afterAll(() => t.close());

  it('follows ZONE_TIMEZONE: the summaries bucket instants by its calendar', async () => {
    // the migration starts in Asia/Shanghai; the first run moves the zoned views to UTC
    const run = await t.app.get(DashboardRefresher).run();
    for (const view of [
      'dashboard_weekly_activity',
      'dashboard_yearly_actuals',
      'dashboard_output_spans',
    ]) {
      expect([view, run.views.find((v) => v.view === view)?.outcome]).toEqual([view, 'time_zone']);
    }
    const { rows } = await t.db.query(`SELECT time_zone FROM dashboard_settings`);
    expect(rows).toEqual([{ time_zone: 'UTC' }]);
    const body = (
      await as(t, w.users.admin).get(`/dashboards/overview?parkId=${w.parks.A.id}`).expect(200)
    ).body;
    // Sunday 24 May 16:30 UTC is in W21 in UTC (W22 in Shanghai)
    expect(body.trend.find((x: { week: string }) => x.week === '2026-W21').verifiedInvestment).toBe(
      '20000000.00',
    );
    expect(body.trend.find((x: { week: string }) => x.week === '2026-W22').verifiedInvestment).toBe(
      '0.00',
    );
    // 31 December 17:00 UTC is still 2025 in UTC: P1's 2 M leaves 2026, P6 starts in 2025
    expect(body.year).toMatchObject({ investmentVerified: '35000000.00', projectsStarted: 0 });
  });
});

describe('dashboard refresh by the worker', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ APP_ROLES: 'api,worker' });
  });
  afterAll(() => t.close());

  it('picks up a change within seconds without anyone asking (the 10-second job)', async () => {
    const park = await makePark(t.db, { code: 'W' });
    const manager = await makeUser(t.db, { role: 'manager', parkIds: [park.id] });
    const count = async () =>
      (await as(t, manager).get(`/dashboards/overview?parkId=${park.id}`).expect(200)).body.projects
        .projects;
    expect(await count()).toBe(0);
    await as(t, manager)
      .post('/projects', {
        code: 'W-1',
        name: 'Worker project',
        parkId: park.id,
        plannedInvestment: '5.00',
      })
      .expect(201);
    const started = Date.now();
    expect(await waitFor(count, (n) => n === 1, 35_000, 250)).toBe(1);
    // the schedule runs every 10 s; statistics reach the counters about a second after commit
    expect(Date.now() - started).toBeLessThan(35_000);
    const { rows } = await t.db.query(
      `SELECT refreshes FROM dashboard_refreshes WHERE view_name = 'dashboard_project_summary'`,
    );
    expect(rows[0].refreshes).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('refreshes everything when the job is enqueued with force', async () => {
    const admin = await makeUser(t.db, { role: 'admin' });
    const jobId = await t.app.get(JobsService).enqueue(t.app.get(Db), JobName.DashboardRefresh, {
      force: true,
    });
    const job = await waitForJob(t, admin, jobId, 30_000);
    expect(job.state).toBe('completed');
    const result = job.result as unknown as RefreshRun;
    expect(result.refreshed.sort()).toEqual(ALL_VIEWS);
  }, 60_000);
});
