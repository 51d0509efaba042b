import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  makeMilestone,
  makePark,
  makeProject,
  makeUser,
  type ParkRow,
  type ProjectRow,
  type UserRow,
} from '../factories/factories.js';
import { makeProgress, makeTranche } from '../factories/projects-factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** Who may reach a key project and its records: park scope (404), roles (403), tokens (401). */
describe('key projects: scope and roles', () => {
  let t: TestApp;
  let parkA: ParkRow;
  let parkB: ParkRow;
  let projectB: ProjectRow;
  let ids: { milestone: string; progress: string; tranche: string };

  const snapshot = async () => {
    const { rows } = await t.db.query(
      `SELECT (SELECT row_to_json(p) FROM projects p WHERE p.id = $1) AS project,
              (SELECT json_agg(m ORDER BY m.id) FROM milestones m WHERE m.project_id = $1) AS milestones,
              (SELECT json_agg(g ORDER BY g.id) FROM progress_updates g WHERE g.project_id = $1) AS progress,
              (SELECT json_agg(i ORDER BY i.id) FROM investment_tranches i WHERE i.project_id = $1) AS tranches,
              (SELECT count(*)::int FROM audit_log) AS audits`,
      [projectB.id],
    );
    return rows[0];
  };

  /** Every route on project B and its records, with a body a permitted caller could send. */
  const routes = () => {
    const base = `/projects/${projectB.id}`;
    return {
      reads: [
        base,
        `${base}/milestones`,
        `${base}/milestones/${ids.milestone}`,
        `${base}/progress`,
        `${base}/progress/${ids.progress}`,
        `${base}/investments`,
        `${base}/investments/${ids.tranche}`,
      ],
      writes: [
        ['patch', base, { name: 'Taken over', version: 1 }],
        ['delete', base],
        ['post', `${base}/milestones`, { title: 'Land', dueDate: '2026-05-31' }],
        ['patch', `${base}/milestones/${ids.milestone}`, { title: 'x', version: 1 }],
        ['delete', `${base}/milestones/${ids.milestone}`],
        ['post', `${base}/progress`, { date: '2025-01-01', note: 'x' }],
        ['patch', `${base}/progress/${ids.progress}`, { note: 'x', version: 1 }],
        ['delete', `${base}/progress/${ids.progress}`],
        ['post', `${base}/investments`, { date: '2025-01-01', amount: '1.00', evidenceRef: 'V' }],
        ['patch', `${base}/investments/${ids.tranche}`, { amount: '2.00', version: 1 }],
        ['delete', `${base}/investments/${ids.tranche}`],
        ['post', `${base}/investments/${ids.tranche}/verify`, {}],
      ] as ['post' | 'patch' | 'delete', string, object?][],
    };
  };

  const call = (
    user: UserRow,
    [method, path, body]: ['post' | 'patch' | 'delete', string, object?],
  ) => (method === 'delete' ? as(t, user).delete(path) : as(t, user)[method](path, body ?? {}));

  beforeAll(async () => {
    t = await createTestApp();
    parkA = await makePark(t.db, { kind: 'zone' });
    parkB = await makePark(t.db, { kind: 'zone' });
    projectB = await makeProject(t.db, { parkId: parkB.id, code: 'B-1' });
    const milestone = await makeMilestone(t.db, { projectId: projectB.id, dueDate: '2026-05-31' });
    const progress = await makeProgress(t.db, { projectId: projectB.id, date: '2025-01-01' });
    const tranche = await makeTranche(t.db, { projectId: projectB.id, amount: '5.00' });
    ids = { milestone: milestone.id, progress: progress.id, tranche: tranche.id };
  });
  afterAll(() => t.close());

  it("answers 404 to an officer and a manager of park A on every route of park B's project", async () => {
    const officerA = await makeUser(t.db, { role: 'officer', parkIds: [parkA.id] });
    const managerA = await makeUser(t.db, { role: 'manager', parkIds: [parkA.id] });
    const before = await snapshot();
    const { reads, writes } = routes();
    for (const user of [officerA, managerA]) {
      for (const path of reads) {
        const res = await as(t, user).get(path);
        expect([path, res.status, res.body.code]).toEqual([path, 404, 'NOT_FOUND']);
        // the message names the project, never what is inside it
        expect(res.body.message).toBe(`Project ${projectB.id} not found`);
      }
    }
    for (const route of writes) {
      const res = await call(managerA, route);
      expect([route[0], route[1], res.status]).toEqual([route[0], route[1], 404]);
      // officers may neither delete a project nor verify: the role answers before the scope
      const managersOnly = route[1].endsWith('/verify') || route[1] === `/projects/${projectB.id}`;
      const officerStatus = route[0] === 'delete' && managersOnly ? 403 : 404;
      const expected = route[1].endsWith('/verify') ? 403 : officerStatus;
      const byOfficer = await call(officerA, route);
      expect([route[0], route[1], byOfficer.status]).toEqual([route[0], route[1], expected]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("lets an officer of park B read every route of B's project and write to it", async () => {
    const officerB = await makeUser(t.db, { role: 'officer', parkIds: [parkB.id] });
    for (const path of routes().reads) await as(t, officerB).get(path).expect(200);
    await as(t, officerB)
      .patch(`/projects/${projectB.id}/milestones/${ids.milestone}`, { note: 'ok', version: 1 })
      .expect(200);
  });

  it('lets a viewer read everything in scope and answers 403 to every write', async () => {
    const viewer = await makeUser(t.db, { role: 'viewer', parkIds: [parkB.id] });
    const { reads, writes } = routes();
    for (const path of reads) await as(t, viewer).get(path).expect(200);
    const list = await as(t, viewer).get('/projects').expect(200);
    expect(list.body.items.map((p: ProjectRow) => p.id)).toEqual([projectB.id]);
    const before = await snapshot();
    const creates: ['post', string, object][] = [
      [
        'post',
        '/projects',
        { code: 'V-1', name: 'V', parkId: parkB.id, plannedInvestment: '1.00' },
      ],
    ];
    for (const route of [...creates, ...writes]) {
      const res = await call(viewer, route);
      expect([route[0], route[1], res.status, res.body.code]).toEqual([
        route[0],
        route[1],
        403,
        'FORBIDDEN',
      ]);
    }
    expect(await snapshot()).toEqual(before);
    expect((await t.db.query(`SELECT 1 FROM projects WHERE code = 'V-1'`)).rowCount).toBe(0);
  });

  it('answers 403 to an officer verifying a tranche, even in scope, and leaves it unverified', async () => {
    const officerB = await makeUser(t.db, { role: 'officer', parkIds: [parkB.id] });
    const res = await as(t, officerB)
      .post(`/projects/${projectB.id}/investments/${ids.tranche}/verify`)
      .expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
    const { rows } = await t.db.query('SELECT verified_at FROM investment_tranches WHERE id = $1', [
      ids.tranche,
    ]);
    expect(rows[0].verified_at).toBeNull();
  });

  it('answers 401 without a token or with a bad one, on reads and writes alike', async () => {
    const { reads, writes } = routes();
    for (const path of [...reads, '/projects']) {
      const res = await t.http.get(`/api/v1${path}`).expect(401);
      expect(res.body).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    }
    for (const [method, path, body] of writes) {
      await t.http[method](`/api/v1${path}`)
        .send(body ?? {})
        .expect(401);
    }
    await t.http
      .post('/api/v1/projects')
      .set('authorization', 'Bearer not.a.token')
      .send({})
      .expect(401);
    const admin = await makeUser(t.db, { role: 'admin' });
    const forged = t.token(admin).slice(0, -2) + 'xx';
    await t.http.get('/api/v1/projects').set('authorization', `Bearer ${forged}`).expect(401);
  });

  it('lets an admin reach every park', async () => {
    const admin = await makeUser(t.db, { role: 'admin' });
    await as(t, admin).get(`/projects/${projectB.id}`).expect(200);
    const list = await as(t, admin).get('/projects').expect(200);
    expect(list.body.total).toBe(1);
  });
});
