import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  makePark,
  makeProject,
  makeUser,
  type ParkRow,
  type UserRow,
} from '../factories/factories.js';
import {
  addDays,
  auditRows,
  fieldsOf,
  makeTranche,
  zoneToday,
} from '../factories/projects-factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('investment tranches', () => {
  let t: TestApp;
  let park: ParkRow;
  let officer: UserRow;
  let manager: UserRow;
  let viewer: UserRow;
  let today: string;

  const newProject = (values: Record<string, unknown> = {}) =>
    makeProject(t.db, { parkId: park.id, ...values });
  const trancheRow = async (id: string) =>
    (await t.db.query('SELECT * FROM investment_tranches WHERE id = $1', [id])).rows[0];
  const realized = async (projectId: string) =>
    (await t.db.query('SELECT realized_investment FROM projects WHERE id = $1', [projectId]))
      .rows[0].realized_investment as string;
  const record = async (projectId: string, amount: string, date = today) =>
    (
      await as(t, officer)
        .post(`/projects/${projectId}/investments`, { date, amount, evidenceRef: `V-${amount}` })
        .expect(201)
    ).body as { id: string; version: number };
  const verify = (projectId: string, id: string, user = manager) =>
    as(t, user).post(`/projects/${projectId}/investments/${id}/verify`);

  beforeAll(async () => {
    t = await createTestApp();
    today = zoneToday(t.config.zoneTimeZone);
    park = await makePark(t.db);
    officer = await makeUser(t.db, { role: 'officer', parkIds: [park.id] });
    manager = await makeUser(t.db, { role: 'manager', parkIds: [park.id] });
    viewer = await makeUser(t.db, { role: 'viewer', parkIds: [park.id] });
  });
  afterAll(() => t.close());

  it("records a tranche in the project's currency, awaiting verification", async () => {
    const project = await newProject({ currency: 'USD' });
    const res = await as(t, officer)
      .post(`/projects/${project.id}/investments`, {
        date: today,
        amount: '46000000.00',
        evidenceRef: 'VOUCHER-2026-0315-01',
        note: 'R&D investment from the private sector',
      })
      .expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      projectId: project.id,
      date: today,
      amount: '46000000.00',
      currency: 'USD',
      purpose: 'capital',
      evidenceRef: 'VOUCHER-2026-0315-01',
      note: 'R&D investment from the private sector',
      createdBy: officer.id,
      verifiedAt: null,
      verifiedBy: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      version: 1,
    });
    expect(await trancheRow(res.body.id)).toMatchObject({ amount: '46000000.00', currency: 'USD' });
    // recorded is not realized
    expect(await realized(project.id)).toBe('0.00');
    const currency = await as(t, officer)
      .post(`/projects/${project.id}/investments`, {
        date: today,
        amount: '1.00',
        evidenceRef: 'V',
        currency: 'CNY',
      })
      .expect(400);
    expect(fieldsOf(currency.body)).toEqual(['currency']);
  });

  it('takes the amount as a positive decimal string only, and no date after today', async () => {
    const project = await newProject();
    const post = (body: Record<string, unknown>) =>
      as(t, officer).post(`/projects/${project.id}/investments`, {
        date: today,
        amount: '10.00',
        evidenceRef: 'V',
        ...body,
      });
    for (const amount of [10.5, 10, '0', '0.00', '-1.00', '1.234', '1,000', 'ten', null]) {
      const res = await post({ amount }).expect(400);
      expect([amount, fieldsOf(res.body)]).toEqual([amount, ['amount']]);
    }
    const future = await post({ date: addDays(today, 1) }).expect(400);
    expect(future.body.details).toEqual([{ field: 'date', message: 'must not be after today' }]);
    const missing = await as(t, officer)
      .post(`/projects/${project.id}/investments`, {})
      .expect(400);
    expect(fieldsOf(missing.body)).toEqual(['amount', 'date', 'evidenceRef']);
    const { rows } = await t.db.query(
      'SELECT count(*)::int AS n FROM investment_tranches WHERE project_id = $1',
      [project.id],
    );
    expect(rows[0].n).toBe(0);
    await post({ amount: '0.01' }).expect(201);
  });

  it('lets a manager verify, and refuses officers and viewers with 403', async () => {
    const project = await newProject();
    const tranche = await record(project.id, '1200.50');
    for (const user of [officer, viewer]) {
      const res = await verify(project.id, tranche.id, user).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    expect(await trancheRow(tranche.id)).toMatchObject({ verified_at: null, verified_by: null });
    const res = await verify(project.id, tranche.id).expect(200);
    expect(res.body).toMatchObject({ id: tranche.id, verifiedBy: manager.id, version: 2 });
    expect(Date.now() - Date.parse(res.body.verifiedAt)).toBeLessThan(60_000);
    expect(await realized(project.id)).toBe('1200.50');
    const got = await as(t, viewer).get(`/projects/${project.id}`).expect(200);
    expect(got.body.realizedInvestment).toBe('1200.50');
  });

  it('keeps realizedInvestment exactly the sum of the verified tranches', async () => {
    const project = await newProject();
    const a = await record(project.id, '0.10');
    const b = await record(project.id, '0.20');
    await record(project.id, '5.00'); // never verified
    await verify(project.id, a.id).expect(200);
    expect(await realized(project.id)).toBe('0.10');
    await verify(project.id, b.id).expect(200);
    // 0.1 + 0.2 in floating point is 0.30000000000000004
    expect(await realized(project.id)).toBe('0.30');
    const got = await as(t, officer).get(`/projects/${project.id}`).expect(200);
    expect(got.body.realizedInvestment).toBe('0.30');

    const big = await newProject();
    const x = await record(big.id, '500000000000000000.01');
    const y = await record(big.id, '499999999999999999.98');
    await verify(big.id, x.id).expect(200);
    await verify(big.id, y.id).expect(200);
    expect(await realized(big.id)).toBe('999999999999999999.99');
  });

  it('answers 409 to verifying twice and leaves the first verification as it was', async () => {
    const project = await newProject();
    const tranche = await record(project.id, '100.00');
    const first = await verify(project.id, tranche.id).expect(200);
    const other = await makeUser(t.db, { role: 'manager', parkIds: [park.id] });
    const again = await verify(project.id, tranche.id, other).expect(409);
    expect(again.body.code).toBe('CONFLICT');
    const row = await trancheRow(tranche.id);
    expect(row).toMatchObject({ verified_by: manager.id, version: 2 });
    expect(row.verified_at.toISOString()).toBe(first.body.verifiedAt);
    expect(await realized(project.id)).toBe('100.00');
  });

  it('freezes a verified tranche (409 on PATCH and DELETE) while an unverified one can change', async () => {
    const project = await newProject();
    const verified = await record(project.id, '300.00');
    const pending = await record(project.id, '40.00');
    await verify(project.id, verified.id).expect(200);
    const patch = await as(t, officer)
      .patch(`/projects/${project.id}/investments/${verified.id}`, { amount: '1.00', version: 2 })
      .expect(409);
    expect(patch.body.message).toMatch(/verified/);
    await as(t, manager).delete(`/projects/${project.id}/investments/${verified.id}`).expect(409);
    expect(await trancheRow(verified.id)).toMatchObject({ amount: '300.00', version: 2 });

    const changed = await as(t, officer)
      .patch(`/projects/${project.id}/investments/${pending.id}`, {
        amount: '45.50',
        evidenceRef: 'INV-2',
        version: 1,
      })
      .expect(200);
    expect(changed.body).toMatchObject({ amount: '45.50', evidenceRef: 'INV-2', version: 2 });
    await as(t, officer)
      .patch(`/projects/${project.id}/investments/${pending.id}`, { amount: 45.5, version: 2 })
      .expect(400);
    await as(t, officer)
      .patch(`/projects/${project.id}/investments/${pending.id}`, { amount: '0', version: 2 })
      .expect(400);
    await as(t, officer)
      .patch(`/projects/${project.id}/investments/${pending.id}`, { amount: '9.00', version: 1 })
      .expect(409);
    await as(t, officer).delete(`/projects/${project.id}/investments/${pending.id}`).expect(204);
    expect(await trancheRow(pending.id)).toBeUndefined();
    expect(await realized(project.id)).toBe('300.00');
  });

  it('filters verified=true/false and sorts', async () => {
    const project = await newProject();
    const v1 = await record(project.id, '1.00', addDays(today, -3));
    const v2 = await record(project.id, '2.00', addDays(today, -1));
    const p1 = await record(project.id, '3.00', addDays(today, -2));
    await verify(project.id, v1.id).expect(200);
    await verify(project.id, v2.id).expect(200);
    const ids = async (query: string) =>
      (
        await as(t, viewer).get(`/projects/${project.id}/investments?${query}`).expect(200)
      ).body.items.map((i: { id: string }) => i.id);
    expect(await ids('verified=true')).toEqual([v2.id, v1.id]);
    expect(await ids('verified=false')).toEqual([p1.id]);
    expect(await ids('')).toEqual([v2.id, p1.id, v1.id]);
    expect(await ids('sort=-amount')).toEqual([p1.id, v2.id, v1.id]);
    await as(t, viewer).get(`/projects/${project.id}/investments?verified=1`).expect(400);
    await as(t, viewer).get(`/projects/${project.id}/investments?sort=verifiedBy`).expect(400);
  });

  it('audits the verification on the tranche and on the project', async () => {
    const project = await newProject();
    const tranche = await record(project.id, '75.25');
    await verify(project.id, tranche.id).expect(200);
    const audit = await as(t, manager)
      .get(`/audit?entity=investment_tranche&entityId=${tranche.id}&sort=at`)
      .expect(200);
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(['create', 'update']);
    const verification = audit.body.items[1];
    expect(verification).toMatchObject({ actorId: manager.id, parkId: park.id });
    expect(verification.before).toMatchObject({ verifiedAt: null, verifiedBy: null });
    expect(verification.after).toMatchObject({ verifiedBy: manager.id, amount: '75.25' });
    const onProject = (await auditRows(t.db, 'project', project.id)).at(-1);
    expect(onProject).toMatchObject({
      action: 'update',
      actorId: manager.id,
      before: { realizedInvestment: '0.00' },
      after: { realizedInvestment: '75.25' },
    });
  });

  it('rolls the whole verification back when the project update fails', async () => {
    const project = await newProject();
    const first = await record(project.id, '999999999999999999.00');
    const second = await record(project.id, '1.00');
    await verify(project.id, first.id).expect(200);
    const auditsBefore = (await auditRows(t.db, 'investment_tranche', second.id)).length;
    // the tranche UPDATE succeeds, then the new total overflows numeric(20,2) in the project UPDATE
    const res = await verify(project.id, second.id);
    expect(res.status).toBe(400);
    expect(await trancheRow(second.id)).toMatchObject({
      verified_at: null,
      verified_by: null,
      version: 1,
    });
    expect(await realized(project.id)).toBe('999999999999999999.00');
    expect(await auditRows(t.db, 'investment_tranche', second.id)).toHaveLength(auditsBefore);
  });

  it('counts every tranche when managers verify several of one project at once', async () => {
    const project = await newProject();
    const amounts = ['1.01', '2.02', '3.03', '4.04', '5.05', '6.06', '7.07', '8.08'];
    const tranches = [];
    for (const amount of amounts)
      tranches.push(await makeTranche(t.db, { projectId: project.id, amount }));
    const results = await Promise.all(tranches.map((tr) => verify(project.id, tr.id)));
    expect(results.map((r) => r.status)).toEqual(amounts.map(() => 200));
    expect(await realized(project.id)).toBe('36.36');
    // the same tranche verified twice at once counts once
    const extra = await makeTranche(t.db, { projectId: project.id, amount: '0.64' });
    const twice = await Promise.all([verify(project.id, extra.id), verify(project.id, extra.id)]);
    expect(twice.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await realized(project.id)).toBe('37.00');
  });
});
