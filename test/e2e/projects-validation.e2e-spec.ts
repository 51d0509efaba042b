import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  makePark,
  makeProject,
  makeUser,
  type ParkRow,
  type UserRow,
} from '../factories/factories.js';
import { fieldsOf } from '../factories/projects-factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** Money as decimal strings, levels as a set, server-owned fields, nulls and dates: all 400s. */
describe('key projects: what a create or PATCH body may hold', () => {
  let t: TestApp;
  let zone: ParkRow;
  let manager: UserRow;
  let officer: UserRow;

  const countByCode = async (code: string) =>
    (await t.db.query('SELECT count(*)::int AS n FROM projects WHERE code = $1', [code])).rows[0].n;
  const rowOf = async (id: string) =>
    (await t.db.query('SELECT * FROM projects WHERE id = $1', [id])).rows[0];
  const minimal = (code: string) => ({
    code,
    name: `Project ${code}`,
    parkId: zone.id,
    plannedInvestment: '1000000.00',
  });

  beforeAll(async () => {
    t = await createTestApp();
    zone = await makePark(t.db, { kind: 'zone' });
    manager = await makeUser(t.db, { role: 'manager', parkIds: [zone.id] });
    officer = await makeUser(t.db, { role: 'officer', parkIds: [zone.id] });
  });
  afterAll(() => t.close());

  it('stores levels as a set in a fixed order and refuses a repeated level', async () => {
    const res = await as(t, manager)
      .post('/projects', { ...minimal('LV-1'), levels: ['district', 'national', 'municipal'] })
      .expect(201);
    expect(res.body.levels).toEqual(['national', 'municipal', 'district']);
    const repeated = await as(t, manager)
      .post('/projects', { ...minimal('LV-2'), levels: ['provincial', 'provincial'] })
      .expect(400);
    expect(fieldsOf(repeated.body)).toEqual(['levels']);
    await as(t, manager)
      .post('/projects', { ...minimal('LV-3'), levels: ['galactic'] })
      .expect(400);
    expect(await countByCode('LV-2')).toBe(0);
    expect(await countByCode('LV-3')).toBe(0);
  });

  it('refuses money sent as a JSON number, naming the field, and writes nothing', async () => {
    for (const [field, value] of [
      ['plannedInvestment', 1500000.5],
      ['plannedInvestment', 1500000],
      ['expectedAnnualOutput', 2.5],
      ['expectedAnnualOutput', 3000],
    ] as const) {
      const res = await as(t, manager)
        .post('/projects', { ...minimal('NUM-1'), [field]: value })
        .expect(400);
      expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(fieldsOf(res.body)).toEqual([field]);
      expect(res.body.details[0].message).toMatch(/decimal string/);
    }
    expect(await countByCode('NUM-1')).toBe(0);
  });

  it('refuses malformed money strings', async () => {
    for (const value of [
      '1,000',
      '1.234',
      'abc',
      '-5.00',
      '',
      '1e6',
      '.5',
      '1000000000000000000',
    ]) {
      const res = await as(t, manager)
        .post('/projects', { ...minimal('BADMONEY'), plannedInvestment: value })
        .expect(400);
      expect(fieldsOf(res.body)).toEqual(['plannedInvestment']);
    }
    expect(await countByCode('BADMONEY')).toBe(0);
  });

  it('keeps the largest amount numeric(20,2) holds to the cent', async () => {
    const res = await as(t, manager)
      .post('/projects', { ...minimal('BIG-1'), plannedInvestment: '999999999999999999.99' })
      .expect(201);
    expect(res.body.plannedInvestment).toBe('999999999999999999.99');
    expect((await rowOf(res.body.id)).planned_investment).toBe('999999999999999999.99');
  });

  it('refuses server-owned fields in a create body and writes nothing', async () => {
    const owned = {
      stage: 'signed',
      realizedInvestment: '5.00',
      id: '7d3c1f0e-9a8b-4c6d-8e7f-1a2b3c4d5e6f',
      createdBy: officer.id,
      deletedAt: '2026-01-01T00:00:00Z',
    };
    for (const [field, value] of Object.entries(owned)) {
      const res = await as(t, manager)
        .post('/projects', { ...minimal('OWNED-1'), [field]: value })
        .expect(400);
      expect(res.body.details).toEqual([{ field, message: 'is not allowed' }]);
    }
    expect(await countByCode('OWNED-1')).toBe(0);
  });

  it('refuses server-owned fields in a PATCH body and leaves the row unchanged', async () => {
    const project = await makeProject(t.db, { parkId: zone.id });
    const owned = {
      stage: 'signed',
      realizedInvestment: '5.00',
      id: '7d3c1f0e-9a8b-4c6d-8e7f-1a2b3c4d5e6f',
      createdBy: officer.id,
      deletedAt: '2026-01-01T00:00:00Z',
    };
    for (const [field, value] of Object.entries(owned)) {
      const res = await as(t, manager)
        .patch(`/projects/${project.id}`, { name: 'Renamed', [field]: value, version: 1 })
        .expect(400);
      expect(fieldsOf(res.body)).toEqual([field]);
    }
    expect(await rowOf(project.id)).toMatchObject({
      name: project.name,
      stage: 'lead',
      realized_investment: '0.00',
      created_by: null,
      deleted_at: null,
      version: 1,
    });
  });

  it('refuses null for fields that have no empty value, naming them', async () => {
    for (const field of ['levels', 'currency', 'plannedInvestment', 'name']) {
      const res = await as(t, manager)
        .post('/projects', { ...minimal('NULL-1'), [field]: null })
        .expect(400);
      expect(fieldsOf(res.body)).toEqual([field]);
    }
    expect(await countByCode('NULL-1')).toBe(0);
    const project = await makeProject(t.db, { parkId: zone.id, levels: ['district'] });
    for (const field of ['levels', 'currency', 'plannedInvestment', 'code', 'parkId']) {
      const res = await as(t, manager)
        .patch(`/projects/${project.id}`, { [field]: null, version: 1 })
        .expect(400);
      expect(fieldsOf(res.body)).toEqual([field]);
    }
    expect(await rowOf(project.id)).toMatchObject({ levels: ['district'], version: 1 });
    // optional references and texts do clear with null
    const cleared = await as(t, manager)
      .patch(`/projects/${project.id}`, { levels: [], department: null, version: 1 })
      .expect(200);
    expect(cleared.body).toMatchObject({ levels: [], department: null, version: 2 });
  });

  it('refuses a planned completion before the start, on create and on PATCH', async () => {
    const res = await as(t, manager)
      .post('/projects', {
        ...minimal('DATES-1'),
        startDate: '2026-06-01',
        plannedCompletionDate: '2026-05-31',
      })
      .expect(400);
    expect(fieldsOf(res.body)).toEqual(['plannedCompletionDate']);
    expect(await countByCode('DATES-1')).toBe(0);
    // the same day is fine
    const ok = await as(t, manager)
      .post('/projects', {
        ...minimal('DATES-2'),
        startDate: '2026-05-31',
        plannedCompletionDate: '2026-05-31',
      })
      .expect(201);
    // moving only the start past the stored completion is checked against the stored value
    const patch = await as(t, manager)
      .patch(`/projects/${ok.body.id}`, { startDate: '2026-06-02', version: 1 })
      .expect(400);
    expect(fieldsOf(patch.body)).toEqual(['plannedCompletionDate']);
    expect((await rowOf(ok.body.id)).start_date).toBe('2026-05-31');
    await as(t, manager)
      .post('/projects', { ...minimal('DATES-3'), startDate: '2026-02-30' })
      .expect(400);
  });
});
