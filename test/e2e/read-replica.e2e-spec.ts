import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Db } from '../../src/common/database/db.service.js';
import { makePark, makeProject, makeUser, type UserRow } from '../factories/factories.js';
import { buildReport, freezeAt, W22 } from '../factories/report-factories.js';
import { as } from '../support/http.js';
import { type ReplicatedPostgres, startReplicatedPostgres } from '../support/postgres-replica.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const DATABASE = 'zone_crm';

/**
 * Dashboards and report reads on a real streaming replica (a private primary and replica of
 * this test's own). Pausing the replica's WAL replay freezes what it shows: a change on the
 * primary then reaches the answers only if they come from the primary.
 */
describe('reads from a Postgres read replica', () => {
  let pair: ReplicatedPostgres;
  /** DATABASE_REPLICA_URLS set */
  let t: TestApp;
  /** the same database, no replica configured */
  let plain: TestApp;
  let admin: UserRow;
  let parkId: string;

  beforeAll(async () => {
    pair = await startReplicatedPostgres();
    await pair.admin('primary', `CREATE DATABASE ${DATABASE}`);
    await pair.caughtUp(); // the replica's pool connects at boot: the database must be there
    t = await createTestApp(
      { DATABASE_REPLICA_URLS: pair.replicaUrl(DATABASE), DB_MIGRATE_ON_BOOT: 'true' },
      { databaseUrl: pair.primaryUrl(DATABASE) },
    );
    plain = await createTestApp({}, { databaseUrl: pair.primaryUrl(DATABASE) });
    admin = await makeUser(t.db, { role: 'admin' });
    parkId = (await makePark(t.db, { code: 'RP' })).id;
    await makeProject(t.db, { parkId });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await plain?.close();
    await pair?.destroy();
  });

  const projectsOnDashboard = async (app: TestApp) =>
    (await as(app, admin).get(`/dashboards/overview?parkId=${parkId}`).expect(200)).body.projects
      .projects as number;

  it('answers dashboards and reports from the replica, and writes from the primary', async () => {
    freezeAt(t);
    expect(t.app.get(Db).hasReplicas).toBe(true);
    expect(plain.app.get(Db).hasReplicas).toBe(false);
    await as(t, admin).post('/dashboards/refresh').expect(200);
    const report = await buildReport(t, W22, parkId);
    await pair.caughtUp();
    expect(await projectsOnDashboard(t)).toBe(1);
    const before = await as(t, admin).get(`/reports/${report.id}`).expect(200);
    expect(before.body.revision).toBe(1);

    await pair.pauseReplay();
    try {
      // on the primary: a second project in the summaries, the report changed, a new report
      await makeProject(t.db, { parkId });
      await as(t, admin).post('/dashboards/refresh').expect(200);
      await t.db.query(`UPDATE reports SET revision = 7 WHERE id = $1`, [report.id]);
      const { rows } = await t.db.query<{ id: string }>(
        `INSERT INTO reports (type, park_id, period, period_start, period_end, data, generated_at)
         SELECT type, park_id, '2026-W21', period_start - 7, period_end - 7, data, generated_at
           FROM reports WHERE id = $1 RETURNING id`,
        [report.id],
      );
      const added = rows[0].id;

      // the replica's answers: as before the pause
      expect(await projectsOnDashboard(t)).toBe(1);
      expect((await as(t, admin).get(`/reports/${report.id}`).expect(200)).body.revision).toBe(1);
      const xlsx = await as(t, admin).get(`/reports/${report.id}?format=xlsx`).expect(200);
      expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
      const list = await as(t, admin).get(`/reports?parkId=${parkId}`).expect(200);
      expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([report.id]);
      // a report the replica has not seen yet is still found: a miss asks the primary
      expect((await as(t, admin).get(`/reports/${added}`).expect(200)).body.period).toBe(
        '2026-W21',
      );
      // and the rest of the API reads what it wrote, from the primary
      expect((await as(t, admin).get(`/projects?parkId=${parkId}`).expect(200)).body.total).toBe(2);
      // the same service without a replica reads the primary everywhere
      expect(await projectsOnDashboard(plain)).toBe(2);
      expect((await as(plain, admin).get(`/reports/${report.id}`).expect(200)).body.revision).toBe(
        7,
      );

      // what the replica itself was asked: the dashboard's summaries, over the app's pool
      const seen = await pair.admin(
        'replica',
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = '${DATABASE}' AND application_name = 'zone-crm'`,
      );
      expect(seen.rows[0].n).toBeGreaterThan(0);
    } finally {
      await pair.resumeReplay();
    }

    await pair.caughtUp();
    expect(await projectsOnDashboard(t)).toBe(2);
    expect((await as(t, admin).get(`/reports/${report.id}`).expect(200)).body.revision).toBe(7);
    const list = await as(t, admin).get(`/reports?parkId=${parkId}`).expect(200);
    expect(list.body.total).toBe(2);
  }, 60_000);

  it('reads the primary while the replica is down', async () => {
    await pair.stopReplica();
    await makeProject(t.db, { parkId });
    await as(t, admin).post('/dashboards/refresh').expect(200);
    expect(await projectsOnDashboard(t)).toBe(3);
    const list = await as(t, admin).get(`/reports?parkId=${parkId}&format=csv`).expect(200);
    expect(list.text.trim().split('\n')).toHaveLength(3); // the header and two reports
    expect((await as(t, admin).get('/dashboards/chains').expect(200)).body.items).toEqual([]);
  }, 30_000);
});
