import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  makePark,
  makeProject,
  makeUser,
  type ParkRow,
  type UserRow,
} from '../factories/factories.js';
import { parseCsv } from '../support/csv.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('CSV export of lists', () => {
  let t: TestApp;
  let park: ParkRow;
  let other: ParkRow;
  let officer: UserRow;

  beforeAll(async () => {
    t = await createTestApp();
    park = await makePark(t.db, { name: '威海高新区', code: 'WH-CSV' });
    other = await makePark(t.db, { code: 'OTHER-CSV' });
    officer = await makeUser(t.db, { role: 'officer', parkIds: [park.id] });
    // more rows than one page may hold, to prove the export is not paginated
    for (let i = 0; i < 130; i++) {
      await makeProject(t.db, {
        parkId: park.id,
        code: `C-${String(i).padStart(3, '0')}`,
        name: i === 0 ? '惠普打印机项目, "一期"' : `Project ${i}`,
        levels: i % 2 ? ['provincial', 'municipal'] : ['district'],
        plannedInvestment: `${i}000000.50`,
      });
    }
    await makeProject(t.db, { parkId: other.id, code: 'HIDDEN-1', name: 'Not yours' });
  });
  afterAll(() => t.close());

  const get = (path: string, accept?: string) => {
    const req = t.http.get(`/api/v1${path}`).set('authorization', `Bearer ${t.token(officer)}`);
    return (accept ? req.set('accept', accept) : req).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  };

  it('streams every matching row with ?format=csv: BOM, header, Chinese intact, quotes escaped', async () => {
    const res = await get('/projects?format=csv&sort=code').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="projects.csv"');
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(body.subarray(3).toString('utf8'));
    const header = rows[0];
    expect(header).toEqual(
      expect.arrayContaining(['id', 'code', 'name', 'levels', 'plannedInvestment']),
    );
    expect(header).not.toContain('deletedAt');
    const data = rows.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
    expect(data).toHaveLength(130);
    expect(data[0]).toMatchObject({
      code: 'C-000',
      name: '惠普打印机项目, "一期"',
      levels: 'district',
    });
    expect(data[1]).toMatchObject({
      levels: 'provincial;municipal',
      plannedInvestment: '1000000.50',
    });
    expect(data.map((d) => d.code)).not.toContain('HIDDEN-1');
  });

  it('applies the same filters as the JSON list and answers to Accept: text/csv', async () => {
    const res = await get('/projects?level=provincial', 'text/csv').expect(200);
    const rows = parseCsv((res.body as Buffer).subarray(3).toString('utf8'));
    expect(rows).toHaveLength(1 + 65);
    const json = await get('/projects?level=provincial&format=json', 'text/csv').expect(200);
    expect(JSON.parse((json.body as Buffer).toString()).total).toBe(65);
  });

  it('still validates the query: a bad format or filter is a 400 in JSON', async () => {
    const res = await get('/projects?format=xml').expect(400);
    expect(JSON.parse((res.body as Buffer).toString()).details[0].field).toBe('format');
    await get('/projects?format=csv&stage=bogus').expect(400);
  });

  it('exports other lists the same way (parks)', async () => {
    const res = await get('/parks?format=csv').expect(200);
    const rows = parseCsv((res.body as Buffer).subarray(3).toString('utf8'));
    expect(rows.slice(1).map((r) => r[rows[0].indexOf('name')])).toEqual(['威海高新区']);
  });
});
