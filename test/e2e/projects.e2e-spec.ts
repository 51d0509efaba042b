import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  makeEnterprise,
  makePark,
  makeProject,
  makeUser,
  type EnterpriseRow,
  type ParkRow,
  type UserRow,
} from '../factories/factories.js';
import { auditRows, fieldsOf, makeCluster, makeTranche } from '../factories/projects-factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('key projects: create, read, update, delete', () => {
  let t: TestApp;
  let zone: ParkRow;
  let sub: ParkRow;
  let other: ParkRow;
  let cluster: { id: string };
  let otherCluster: { id: string };
  let enterprise: EnterpriseRow;
  let manager: UserRow;
  let officer: UserRow;
  let leader: UserRow;

  const countByCode = async (code: string) =>
    (await t.db.query('SELECT count(*)::int AS n FROM projects WHERE code = $1', [code])).rows[0].n;
  const rowOf = async (id: string) =>
    (await t.db.query('SELECT * FROM projects WHERE id = $1', [id])).rows[0];
  const minimal = (code: string, parkId = zone.id) => ({
    code,
    name: `Project ${code}`,
    parkId,
    plannedInvestment: '1000000.00',
  });

  beforeAll(async () => {
    t = await createTestApp();
    zone = await makePark(t.db, { kind: 'zone' });
    sub = await makePark(t.db, { parentId: zone.id });
    other = await makePark(t.db, { kind: 'zone' });
    cluster = await makeCluster(t.db, { parkId: zone.id });
    otherCluster = await makeCluster(t.db, { parkId: other.id });
    enterprise = await makeEnterprise(t.db, { parkId: zone.id });
    manager = await makeUser(t.db, { role: 'manager', parkIds: [zone.id] });
    officer = await makeUser(t.db, { role: 'officer', parkIds: [zone.id] });
    leader = await makeUser(t.db, { role: 'manager', parkIds: [zone.id] });
  });
  afterAll(() => t.close());

  it('creates a key project with every field, at stage lead with nothing realized', async () => {
    const body = {
      code: 'WH-2026-001',
      name: 'HP printer industrial park',
      parkId: zone.id,
      clusterId: cluster.id,
      enterpriseId: enterprise.id,
      levels: ['municipal', 'provincial'],
      plannedInvestment: '1500000000.50',
      currency: 'USD',
      expectedAnnualOutput: '3000000000',
      startDate: '2026-01-10',
      plannedCompletionDate: '2026-05-31',
      leaderId: leader.id,
      department: 'Investment Promotion Bureau',
      officerId: officer.id,
      location: 'Chuqun Road, Weihai',
      description: '10 million printers a year',
    };
    const res = await as(t, manager).post('/projects', body).expect(201);
    expect(res.body).toEqual({
      ...body,
      id: expect.any(String),
      contractId: null,
      annualPlannedInvestment: null,
      leaderName: null,
      signedAt: null,
      light: null,
      lightEvaluatedAt: null,
      levels: ['provincial', 'municipal'],
      expectedAnnualOutput: '3000000000.00',
      stage: 'lead',
      realizedInvestment: '0.00',
      createdBy: manager.id,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      version: 1,
    });
    const got = await as(t, officer).get(`/projects/${res.body.id}`).expect(200);
    expect(got.body).toEqual(res.body);
    const row = await rowOf(res.body.id);
    expect(row).toMatchObject({
      levels: ['provincial', 'municipal'],
      planned_investment: '1500000000.50',
      realized_investment: '0.00',
      stage: 'lead',
      currency: 'USD',
      start_date: '2026-01-10',
      deleted_at: null,
    });
  });

  it("refuses a cluster of another park with 400 and hides a park outside the caller's scope", async () => {
    const wrongCluster = await as(t, manager)
      .post('/projects', { ...minimal('REF-1'), clusterId: otherCluster.id })
      .expect(400);
    expect(fieldsOf(wrongCluster.body)).toEqual(['clusterId']);
    const outside = await as(t, officer).post('/projects', minimal('REF-2', other.id)).expect(404);
    expect(outside.body.code).toBe('NOT_FOUND');
    const retired = await makeUser(t.db, { role: 'officer' });
    await t.db.query('UPDATE users SET deactivated_at = now() WHERE id = $1', [retired.id]);
    const inactive = await as(t, manager)
      .post('/projects', { ...minimal('REF-3'), leaderId: retired.id })
      .expect(400);
    expect(fieldsOf(inactive.body)).toEqual(['leaderId']);
    const otherEnterprise = await makeEnterprise(t.db, { parkId: other.id });
    const foreign = await as(t, manager)
      .post('/projects', { ...minimal('REF-4'), enterpriseId: otherEnterprise.id })
      .expect(400);
    expect(fieldsOf(foreign.body)).toEqual(['enterpriseId']);
    for (const code of ['REF-1', 'REF-2', 'REF-3', 'REF-4'])
      expect(await countByCode(code)).toBe(0);
    // a sub-park of the caller's park is in scope
    await as(t, officer).post('/projects', minimal('REF-5', sub.id)).expect(201);
  });

  it('checks the kept cluster belongs to the new park when a project moves', async () => {
    const project = await makeProject(t.db, { parkId: zone.id, clusterId: cluster.id });
    const res = await as(t, manager)
      .patch(`/projects/${project.id}`, { parkId: sub.id, version: 1 })
      .expect(400);
    expect(fieldsOf(res.body)).toEqual(['clusterId']);
    expect((await rowOf(project.id)).park_id).toBe(zone.id);
    const moved = await as(t, manager)
      .patch(`/projects/${project.id}`, { parkId: sub.id, clusterId: null, version: 1 })
      .expect(200);
    expect(moved.body).toMatchObject({ parkId: sub.id, clusterId: null, version: 2 });
    // and never out of the caller's scope
    await as(t, manager)
      .patch(`/projects/${project.id}`, { parkId: other.id, version: 2 })
      .expect(404);
    expect((await rowOf(project.id)).park_id).toBe(sub.id);
  });

  it('keeps the code unique per park, allows it in another park, and frees it on delete', async () => {
    const first = await as(t, manager).post('/projects', minimal('UNIQ-1')).expect(201);
    const dup = await as(t, manager).post('/projects', minimal('UNIQ-1')).expect(409);
    expect(dup.body).toMatchObject({ status: 409, code: 'ALREADY_EXISTS' });
    expect(dup.body.message).toMatch(/code already exists in this park/);
    await as(t, manager).post('/projects', minimal('UNIQ-1', sub.id)).expect(201);
    expect(await countByCode('UNIQ-1')).toBe(2);
    await as(t, manager).delete(`/projects/${first.body.id}`).expect(204);
    const again = await as(t, manager).post('/projects', minimal('UNIQ-1')).expect(201);
    expect(again.body.id).not.toBe(first.body.id);
    // renaming onto a taken code is a conflict too
    const third = await as(t, manager).post('/projects', minimal('UNIQ-2')).expect(201);
    await as(t, manager)
      .patch(`/projects/${third.body.id}`, { code: 'UNIQ-1', version: 1 })
      .expect(409);
  });

  it('makes the creating officer the project officer when none is given', async () => {
    const own = await as(t, officer).post('/projects', minimal('OFF-1')).expect(201);
    expect(own.body.officerId).toBe(officer.id);
    const byManager = await as(t, manager).post('/projects', minimal('OFF-2')).expect(201);
    expect(byManager.body.officerId).toBeNull();
    const named = await as(t, officer)
      .post('/projects', { ...minimal('OFF-3'), officerId: leader.id })
      .expect(201);
    expect(named.body.officerId).toBe(leader.id);
  });

  it('updates a project, bumps its version and audits before and after', async () => {
    const created = await as(t, officer)
      .post('/projects', { ...minimal('UPD-1'), levels: ['district'] })
      .expect(201);
    const id = created.body.id;
    const res = await as(t, officer)
      .patch(`/projects/${id}`, {
        name: 'Weigao vaccine phase two',
        levels: ['municipal', 'provincial'],
        plannedInvestment: '2500000000.10',
        version: 1,
      })
      .expect(200);
    expect(res.body).toMatchObject({
      name: 'Weigao vaccine phase two',
      levels: ['provincial', 'municipal'],
      plannedInvestment: '2500000000.10',
      code: 'UPD-1',
      version: 2,
    });
    await as(t, officer).delete(`/projects/${id}`).expect(403);
    await as(t, manager).delete(`/projects/${id}`).expect(204);

    const audit = await as(t, manager)
      .get(`/audit?entity=project&entityId=${id}&sort=at`)
      .expect(200);
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual([
      'create',
      'update',
      'delete',
    ]);
    const [create, update, del] = audit.body.items;
    expect(create).toMatchObject({ actorId: officer.id, parkId: zone.id, before: null });
    expect(create.after).toMatchObject({ id, code: 'UPD-1', stage: 'lead' });
    expect(update.before).toMatchObject({ name: 'Project UPD-1', plannedInvestment: '1000000.00' });
    expect(update.after).toMatchObject({
      name: 'Weigao vaccine phase two',
      plannedInvestment: '2500000000.10',
      version: 2,
    });
    expect(del).toMatchObject({ actorId: manager.id, after: null });
    expect(del.before).toMatchObject({ name: 'Weigao vaccine phase two', version: 2 });
  });

  it('answers 409 VERSION_CONFLICT on a stale PATCH and keeps the newer write', async () => {
    const project = await makeProject(t.db, { parkId: zone.id });
    await as(t, officer)
      .patch(`/projects/${project.id}`, { name: 'First', version: 1 })
      .expect(200);
    const stale = await as(t, manager)
      .patch(`/projects/${project.id}`, { name: 'Second', plannedInvestment: '1.00', version: 1 })
      .expect(409);
    expect(stale.body).toMatchObject({ status: 409, code: 'VERSION_CONFLICT' });
    expect(await rowOf(project.id)).toMatchObject({
      name: 'First',
      planned_investment: '1000000.00',
      version: 2,
    });
    expect((await auditRows(t.db, 'project', project.id)).map((a) => a.action)).toEqual(['update']);
    const missing = await as(t, manager)
      .patch(`/projects/${project.id}`, { name: 'x' })
      .expect(400);
    expect(fieldsOf(missing.body)).toEqual(['version']);
  });

  it('lets only one of two simultaneous PATCHes of the same version win', async () => {
    const project = await makeProject(t.db, { parkId: zone.id });
    const results = await Promise.all(
      ['Left', 'Right'].map((name) =>
        as(t, manager).patch(`/projects/${project.id}`, { name, version: 1 }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!.body.name;
    expect(await rowOf(project.id)).toMatchObject({ name: winner, version: 2 });
    expect(await auditRows(t.db, 'project', project.id)).toHaveLength(1);
  });

  it('soft deletes: gone from reads, lists and records, the row kept with deleted_at', async () => {
    const project = await makeProject(t.db, { parkId: zone.id, code: 'SOFT-1' });
    const officerDelete = await as(t, officer).delete(`/projects/${project.id}`).expect(403);
    expect(officerDelete.body.code).toBe('FORBIDDEN');
    expect((await rowOf(project.id)).deleted_at).toBeNull();

    await as(t, manager).delete(`/projects/${project.id}`).expect(204);
    await as(t, manager).get(`/projects/${project.id}`).expect(404);
    await as(t, manager).patch(`/projects/${project.id}`, { name: 'x', version: 2 }).expect(404);
    await as(t, manager).delete(`/projects/${project.id}`).expect(404);
    await as(t, manager).get(`/projects/${project.id}/milestones`).expect(404);
    await as(t, manager)
      .post(`/projects/${project.id}/progress`, { date: '2025-01-01', note: 'x' })
      .expect(404);
    const list = await as(t, manager).get('/projects?q=SOFT-1').expect(200);
    expect(list.body).toMatchObject({ items: [], total: 0 });
    const row = await rowOf(project.id);
    expect(row.deleted_at).toBeInstanceOf(Date);
    expect(row.version).toBe(2);
  });

  it('refuses a currency change once investment is recorded', async () => {
    const project = await makeProject(t.db, { parkId: zone.id });
    await makeTranche(t.db, { projectId: project.id, amount: '10.00' });
    const res = await as(t, manager)
      .patch(`/projects/${project.id}`, { currency: 'USD', version: 1 })
      .expect(409);
    expect(res.body.message).toMatch(/currency/);
    expect((await rowOf(project.id)).currency).toBe('CNY');
  });

  it('leaves no trace of a PATCH whose audit write fails', async () => {
    const project = await makeProject(t.db, { parkId: zone.id });
    // the audit insert is the last statement of the transaction: make it fail for this project
    await t.db.query(`
      CREATE FUNCTION fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit unavailable'; END $$`);
    await t.db.query(
      `CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log FOR EACH ROW
        WHEN (NEW.entity_id = '${project.id}') EXECUTE FUNCTION fail_audit()`,
    );
    try {
      const res = await as(t, manager)
        .patch(`/projects/${project.id}`, { name: 'Half written', version: 1 })
        .expect(500);
      expect(res.body.code).toBe('INTERNAL_ERROR');
    } finally {
      await t.db.query('DROP TRIGGER fail_audit ON audit_log; DROP FUNCTION fail_audit()');
    }
    expect(await rowOf(project.id)).toMatchObject({ name: project.name, version: 1 });
    await as(t, manager)
      .patch(`/projects/${project.id}`, { name: 'Whole', version: 1 })
      .expect(200);
  });
});
