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
import { countWhere, makeContract } from '../factories/deals-factories.js';
import { auditRows } from '../factories/projects-factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('contracts: the key project made from a contract', () => {
  let t: TestApp;
  let zone: ParkRow;
  let manager: UserRow;
  let officer: UserRow;
  let huawei: EnterpriseRow;

  const contractRow = async (id: string) =>
    (await t.db.query('SELECT * FROM contracts WHERE id = $1', [id])).rows[0];
  const projectsFrom = (contractId: string) =>
    countWhere(t.db, 'projects', 'contract_id', contractId);

  beforeAll(async () => {
    t = await createTestApp();
    zone = await makePark(t.db, { kind: 'zone' });
    manager = await makeUser(t.db, { role: 'manager', parkIds: [zone.id] });
    officer = await makeUser(t.db, { role: 'officer', parkIds: [zone.id] });
    huawei = await makeEnterprise(t.db, { parkId: zone.id, name: 'Huawei' });
  });
  afterAll(() => t.close());

  it('creates the project at stage signed from the contract, linked both ways, both audited', async () => {
    const contract = await makeContract(t.db, {
      parkId: zone.id,
      code: 'JM-2019-017',
      title: 'Huawei techno-park',
      enterpriseId: huawei.id,
      amount: '5000000000.10',
      currency: 'USD',
      status: 'registered',
    });
    const res = await as(t, officer).post(`/contracts/${contract.id}/project`).expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      code: 'JM-2019-017',
      name: 'Huawei techno-park',
      parkId: zone.id,
      clusterId: null,
      enterpriseId: huawei.id,
      levels: [],
      stage: 'signed',
      plannedInvestment: '5000000000.10',
      realizedInvestment: '0.00',
      currency: 'USD',
      expectedAnnualOutput: null,
      startDate: null,
      plannedCompletionDate: null,
      leaderId: null,
      department: null,
      officerId: officer.id,
      // the day of signing comes from the contract; the light waits for the first evaluation
      signedAt: contract.signedAt,
      light: null,
      lightEvaluatedAt: null,
      contractId: contract.id,
      annualPlannedInvestment: null,
      leaderName: null,
      location: null,
      description: null,
      createdBy: officer.id,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      version: 1,
    });
    const project = await as(t, officer).get(`/projects/${res.body.id}`).expect(200);
    expect(project.body).toEqual(res.body);
    const after = await as(t, officer).get(`/contracts/${contract.id}`).expect(200);
    expect(after.body).toMatchObject({ projectId: res.body.id, status: 'registered', version: 2 });

    expect(await auditRows(t.db, 'project', res.body.id)).toEqual([
      expect.objectContaining({ action: 'create', actorId: officer.id, parkId: zone.id }),
    ]);
    expect(await auditRows(t.db, 'contract', contract.id)).toEqual([
      expect.objectContaining({
        action: 'update',
        actorId: officer.id,
        before: expect.objectContaining({ projectId: null, version: 1 }),
        after: expect.objectContaining({ projectId: res.body.id, version: 2 }),
      }),
    ]);
  });

  it('answers 409 the second time and creates nothing more', async () => {
    const contract = await makeContract(t.db, { parkId: zone.id });
    const first = await as(t, manager).post(`/contracts/${contract.id}/project`).expect(201);
    expect(first.body.officerId).toBeNull();
    const again = await as(t, manager).post(`/contracts/${contract.id}/project`).expect(409);
    expect(again.body.code).toBe('ALREADY_EXISTS');
    expect(await projectsFrom(contract.id)).toBe(1);
    expect(await countWhere(t.db, 'projects', 'code', contract.code)).toBe(1);
    expect(await contractRow(contract.id)).toMatchObject({
      project_id: first.body.id,
      version: 2,
    });
  });

  it('makes one project when two requests race for the same contract', async () => {
    const contract = await makeContract(t.db, { parkId: zone.id });
    const path = `/contracts/${contract.id}/project`;
    const results = await Promise.all([
      as(t, officer).post(path),
      as(t, officer).post(path),
      as(t, manager).post(path),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(await projectsFrom(contract.id)).toBe(1);
    expect((await auditRows(t.db, 'contract', contract.id)).length).toBe(1);
  });

  it('refuses a terminated contract, and one already feeding a linked project', async () => {
    const terminated = await makeContract(t.db, { parkId: zone.id, status: 'terminated' });
    const res = await as(t, officer).post(`/contracts/${terminated.id}/project`).expect(409);
    expect(res.body.message).toMatch(/terminated/);
    expect(await projectsFrom(terminated.id)).toBe(0);

    const existing = await makeProject(t.db, { parkId: zone.id });
    const feeding = await makeContract(t.db, { parkId: zone.id, projectId: existing.id });
    await as(t, officer).post(`/contracts/${feeding.id}/project`).expect(409);
    expect(await countWhere(t.db, 'projects', 'code', feeding.code)).toBe(0);
  });

  it('writes nothing when the project code is already taken in the park', async () => {
    const contract = await makeContract(t.db, { parkId: zone.id, code: 'TAKEN-1' });
    await makeProject(t.db, { parkId: zone.id, code: 'TAKEN-1' });
    const auditBefore = (await t.db.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n;
    const res = await as(t, officer).post(`/contracts/${contract.id}/project`).expect(409);
    expect(res.body).toMatchObject({ code: 'ALREADY_EXISTS' });
    expect(res.body.message).toMatch(/project with this code already exists/);
    expect(await projectsFrom(contract.id)).toBe(0);
    expect(await contractRow(contract.id)).toMatchObject({ project_id: null, version: 1 });
    const auditAfter = (await t.db.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n;
    expect(auditAfter).toBe(auditBefore);
  });

  it('keeps the link to the project made from it, and refuses deleting the contract meanwhile', async () => {
    const contract = await makeContract(t.db, { parkId: zone.id });
    const { body: project } = await as(t, officer)
      .post(`/contracts/${contract.id}/project`)
      .expect(201);
    const other = await makeProject(t.db, { parkId: zone.id });
    for (const projectId of [null, other.id]) {
      await as(t, officer)
        .patch(`/contracts/${contract.id}`, { projectId, version: 2 })
        .expect(409);
    }
    // other fields still change
    await as(t, officer)
      .patch(`/contracts/${contract.id}`, { status: 'registered', version: 2 })
      .expect(200);
    const inUse = await as(t, officer).delete(`/contracts/${contract.id}`).expect(409);
    expect(inUse.body).toMatchObject({ code: 'IN_USE' });
    expect(inUse.body.message).toContain(project.code);
    expect(await contractRow(contract.id)).toBeDefined();
    // once the project is deleted, the contract may go
    await as(t, manager).delete(`/projects/${project.id}`).expect(204);
    await as(t, officer).delete(`/contracts/${contract.id}`).expect(204);
    expect(await contractRow(contract.id)).toBeUndefined();
  });
});
