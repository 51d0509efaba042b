import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  makeEnterprise,
  makePark,
  makeProject,
  makeUser,
  type ParkRow,
  type UserRow,
} from '../factories/factories.js';
import { makeContract, makeEvent, makeVisit } from '../factories/deals-factories.js';
import { fieldsOf } from '../factories/projects-factories.js';
import { csvOf } from '../support/csv.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('contracts: list, filters, sorting, CSV', () => {
  let t: TestApp;
  let zone: ParkRow;
  let sub: ParkRow;
  let other: ParkRow;
  let officer: UserRow;
  let admin: UserRow;
  const ids: Record<string, string> = {};

  const codes = async (query: string, user = officer) =>
    (await as(t, user).get(`/contracts?${query}`).expect(200)).body.items.map(
      (c: { code: string }) => c.code,
    );

  beforeAll(async () => {
    t = await createTestApp();
    zone = await makePark(t.db, { kind: 'zone' });
    sub = await makePark(t.db, { parentId: zone.id });
    other = await makePark(t.db, { kind: 'zone' });
    officer = await makeUser(t.db, { role: 'officer', parkIds: [zone.id] });
    admin = await makeUser(t.db, { role: 'admin' });
    ids.enterprise = (await makeEnterprise(t.db, { parkId: zone.id })).id;
    ids.event = (await makeEvent(t.db, { parkId: zone.id })).id;
    ids.visit = (await makeVisit(t.db, { parkId: zone.id })).id;
    ids.project = (await makeProject(t.db, { parkId: zone.id })).id;
    await makeContract(t.db, {
      parkId: zone.id,
      code: 'A-1',
      title: 'Huawei techno-park',
      signedAt: '2025-10-27',
      amount: '5000000000.00',
      enterpriseId: ids.enterprise,
      eventId: ids.event,
    });
    await makeContract(t.db, {
      parkId: zone.id,
      code: 'A-2',
      title: '惠普打印机, "二期"',
      signedAt: '2025-03-01',
      amount: '20.00',
      status: 'registered',
      visitId: ids.visit,
    });
    await makeContract(t.db, {
      parkId: sub.id,
      code: 'B-1',
      title: 'Weigao vaccine',
      signedAt: '2024-12-31',
      amount: '300.00',
      status: 'funds_in_place',
      projectId: ids.project,
    });
    await makeContract(t.db, {
      parkId: zone.id,
      code: 'C-1',
      title: 'Terminated deal',
      signedAt: '2025-01-15',
      amount: '9.99',
      status: 'terminated',
    });
    await makeContract(t.db, { parkId: other.id, code: 'Z-1', signedAt: '2025-05-05' });
  });
  afterAll(() => t.close());

  it('lists your contracts newest signing first, paginated, never those of other parks', async () => {
    const page = (await as(t, officer).get('/contracts?limit=3').expect(200)).body;
    expect(page).toMatchObject({ total: 4, page: 1, limit: 3 });
    expect(page.items.map((c: { code: string }) => c.code)).toEqual(['A-1', 'A-2', 'C-1']);
    expect(page.items[0]).toMatchObject({ amount: '5000000000.00', currency: 'CNY' });
    expect(await codes('page=2&limit=3')).toEqual(['B-1']);
    expect(await codes('limit=100', admin)).toContain('Z-1');
  });

  it('filters by park with sub-parks, status list, links, dates and text', async () => {
    expect(await codes(`parkId=${sub.id}`)).toEqual(['B-1']);
    expect(await codes(`parkId=${zone.id}&sort=code`)).toEqual(['A-1', 'A-2', 'B-1', 'C-1']);
    expect(await codes(`parkId=${other.id}`)).toEqual([]);
    expect(await codes('status=registered')).toEqual(['A-2']);
    expect(await codes('status=signed,funds_in_place&sort=code')).toEqual(['A-1', 'B-1']);
    expect(await codes(`enterpriseId=${ids.enterprise}`)).toEqual(['A-1']);
    expect(await codes(`eventId=${ids.event}`)).toEqual(['A-1']);
    expect(await codes(`visitId=${ids.visit}`)).toEqual(['A-2']);
    expect(await codes(`projectId=${ids.project}`)).toEqual(['B-1']);
    // from/to are inclusive days of signing
    expect(await codes('from=2025-01-15&to=2025-03-01&sort=signedAt')).toEqual(['C-1', 'A-2']);
    expect(await codes('q=huawei')).toEqual(['A-1']);
    expect(await codes('q=b-')).toEqual(['B-1']);
    expect(await codes('q=打印机')).toEqual(['A-2']);
  });

  it('sorts by signing day, amount, code or creation, and rejects bad queries', async () => {
    expect(await codes('sort=amount')).toEqual(['C-1', 'A-2', 'B-1', 'A-1']);
    expect(await codes('sort=-amount')).toEqual(['A-1', 'B-1', 'A-2', 'C-1']);
    expect(await codes('sort=-code')).toEqual(['C-1', 'B-1', 'A-2', 'A-1']);
    expect(await codes('sort=signedAt')).toEqual(['B-1', 'C-1', 'A-2', 'A-1']);
    expect((await codes('sort=-createdAt'))[0]).toBe('C-1');
    for (const bad of ['sort=title', 'status=signed,lost', 'to=2025-02-30', 'eventId=x']) {
      const res = await as(t, officer).get(`/contracts?${bad}`).expect(400);
      expect(fieldsOf(res.body)).toEqual([bad.split('=')[0]]);
    }
  });

  it('exports the filtered list as CSV: BOM, header, every row, Chinese and quotes intact', async () => {
    const res = await csvOf(t, officer, '/contracts?format=csv&status=signed,registered&sort=code');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="contracts.csv"');
    expect(res.text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = res.rows;
    expect(header).toEqual(
      expect.arrayContaining(['id', 'code', 'title', 'signedAt', 'amount', 'currency', 'status']),
    );
    const col = (name: string) => rows.map((r) => r[header.indexOf(name)]);
    expect(col('code')).toEqual(['A-1', 'A-2']);
    expect(col('title')).toEqual(['Huawei techno-park', '惠普打印机, "二期"']);
    expect(col('amount')).toEqual(['5000000000.00', '20.00']);
    expect(col('signedAt')).toEqual(['2025-10-27', '2025-03-01']);
    const accepted = await csvOf(t, officer, `/contracts?parkId=${sub.id}`, 'text/csv');
    expect(accepted.rows.slice(1).map((r) => r[header.indexOf('code')])).toEqual(['B-1']);
  });
});
