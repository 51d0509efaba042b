import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makePark, makeUser, type ParkRow, type UserRow } from '../factories/factories.js';
import { csvFile, uploadRegister, xlsxFile } from '../factories/import-factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const GOOD = csvFile([
  ['项目编号', '项目名称', '总投资'],
  ['AC-1', '准入项目', '100'],
]);

describe('key-project import over HTTP: roles, scope and what a request must look like', () => {
  let t: TestApp;
  let park: ParkRow;
  let other: ParkRow;
  let officer: UserRow;
  let viewer: UserRow;
  let outsider: UserRow;
  let admin: UserRow;

  const projects = async () =>
    Number((await t.db.query(`SELECT count(*) AS n FROM projects`)).rows[0].n);
  const post = (user: UserRow, query = `parkId=${park.id}`) =>
    t.http
      .post(`/api/v1/imports/projects?${query}`)
      .set('authorization', `Bearer ${t.token(user)}`);

  beforeAll(async () => {
    t = await createTestApp();
    park = await makePark(t.db, { kind: 'zone' });
    other = await makePark(t.db, { kind: 'zone' });
    officer = await makeUser(t.db, { role: 'officer', parkIds: [park.id] });
    viewer = await makeUser(t.db, { role: 'viewer', parkIds: [park.id] });
    outsider = await makeUser(t.db, { role: 'manager', parkIds: [other.id] });
    admin = await makeUser(t.db, { role: 'admin' });
  });
  afterAll(() => t.close());

  it('lets viewers read imports but not import (403), and hides other parks (404)', async () => {
    const denied = await uploadRegister(t, viewer, `parkId=${park.id}`, GOOD, 'a.csv').expect(403);
    expect(denied.body.code).toBe('FORBIDDEN');
    const hidden = await uploadRegister(t, outsider, `parkId=${park.id}`, GOOD, 'a.csv').expect(
      404,
    );
    expect(hidden.body).toMatchObject({ code: 'NOT_FOUND', message: `Park ${park.id} not found` });
    const missing = '00000000-0000-4000-8000-000000000000';
    await uploadRegister(t, admin, `parkId=${missing}`, GOOD, 'a.csv').expect(404);
    expect(await projects()).toBe(0);

    const done = await uploadRegister(t, officer, `parkId=${park.id}`, GOOD, 'a.csv').expect(201);
    const read = await as(t, viewer).get(`/imports/${done.body.importId}`).expect(200);
    expect(read.body).toMatchObject({
      id: done.body.importId,
      parkId: park.id,
      status: 'succeeded',
      created: 1,
    });
    expect(read.body).not.toHaveProperty('content');
    await as(t, outsider).get(`/imports/${done.body.importId}`).expect(404);
    const list = await as(t, outsider).get('/imports').expect(200);
    expect(list.body).toMatchObject({ items: [], total: 0 });
    const listed = await as(t, admin)
      .get(`/imports?parkId=${park.id}&status=succeeded`)
      .expect(200);
    expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([done.body.importId]);
    // an admin imports into any park
    await uploadRegister(t, admin, `parkId=${other.id}`, GOOD, 'a.csv').expect(201);
  });

  it('validates the query: parkId required, unit among yuan, 元, 万元, 亿元', async () => {
    const noPark = await uploadRegister(t, officer, 'dryRun=true', GOOD, 'a.csv').expect(400);
    expect(noPark.body.details.map((d: { field: string }) => d.field)).toEqual(['parkId']);
    const unit = await uploadRegister(
      t,
      officer,
      `parkId=${park.id}&unit=thousand`,
      GOOD,
      'a.csv',
    ).expect(400);
    expect(unit.body.details.map((d: { field: string }) => d.field)).toEqual(['unit']);
    await uploadRegister(t, officer, `parkId=${park.id}&dryRun=maybe`, GOOD, 'a.csv').expect(400);
  });

  it('answers 400 to a form without a file or with a broken body, 415 to a body that is not multipart', async () => {
    const noFile = await post(officer).field('note', 'no file here').expect(400);
    expect(noFile.body).toMatchObject({
      code: 'FILE_MISSING',
      details: [{ field: 'file', message: 'is required' }],
    });
    const wrongField = await post(officer).attach('upload', GOOD, 'a.csv').expect(400);
    expect(wrongField.body.code).toBe('FILE_MISSING');
    const broken = await post(officer)
      .set('content-type', 'multipart/form-data; boundary=----x')
      .send(
        '------x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nAC-1,cut',
      );
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('MALFORMED_UPLOAD');
    const noBoundary = await post(officer).set('content-type', 'multipart/form-data').send('x');
    expect(noBoundary.status).toBe(400);
    const json = await post(officer).send({ file: 'AC-1' }).expect(415);
    expect(json.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const text = await post(officer).set('content-type', 'text/plain').send('AC-1').expect(415);
    expect(text.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    // every other route still refuses multipart
    const elsewhere = await t.http
      .post('/api/v1/enterprises')
      .set('authorization', `Bearer ${t.token(officer)}`)
      .field('name', 'Multipart Co')
      .field('parkId', park.id);
    expect(elsewhere.status).toBe(415);
    expect(elsewhere.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await projects()).toBe(2);
  });

  it('answers 415 to a file that is neither .csv nor .xlsx, 400 to an .xlsx that is not one', async () => {
    const xls = await uploadRegister(
      t,
      officer,
      `parkId=${park.id}`,
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0]),
      'old.xls',
    ).expect(415);
    expect(xls.body).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: expect.stringContaining('old.xls'),
    });
    await uploadRegister(t, officer, `parkId=${park.id}`, Buffer.from('%PDF-1.4'), 'a.pdf').expect(
      415,
    );
    const fake = await uploadRegister(t, officer, `parkId=${park.id}`, GOOD, 'fake.xlsx').expect(
      400,
    );
    expect(fake.body.code).toBe('FILE_UNREADABLE');
    const zip = await uploadRegister(
      t,
      officer,
      `parkId=${park.id}`,
      Buffer.from('PK\x03\x04broken', 'latin1'),
      'b.xlsx',
    ).expect(400);
    expect(zip.body.code).toBe('FILE_UNREADABLE');
  });

  it('answers 422 for a file without the header it needs, and 413 over the 50 MB limit', async () => {
    const header = await uploadRegister(
      t,
      officer,
      `parkId=${park.id}`,
      csvFile([
        ['名称', '金额'],
        ['x', '1'],
      ]),
      'h.csv',
    ).expect(422);
    expect(header.body).toMatchObject({
      code: 'IMPORT_ROWS_INVALID',
      details: [
        { row: 1, column: '项目编号', message: expect.stringContaining('no header row found') },
      ],
    });
    const noCode = await uploadRegister(
      t,
      officer,
      `parkId=${park.id}`,
      await xlsxFile([
        ['项目名称', '总投资'],
        ['x', 1],
      ]),
      'n.xlsx',
    ).expect(422);
    expect(noCode.body.details).toEqual([
      expect.objectContaining({
        row: 1,
        column: '项目编号',
        message: 'column missing: the header needs 项目编号 (or code)',
      }),
    ]);
    await uploadRegister(t, officer, `parkId=${park.id}`, Buffer.alloc(0), 'empty.csv').expect(422);

    const big = Buffer.alloc(50 * 1024 * 1024 + 1, 'a');
    const tooLarge = await uploadRegister(t, officer, `parkId=${park.id}`, big, 'big.csv').expect(
      413,
    );
    expect(tooLarge.body).toMatchObject({
      code: 'FILE_TOO_LARGE',
      message: 'The file is larger than the 50 MB limit of an import',
    });
  }, 60_000);

  it('documents the route, its column map and its multipart body in OpenAPI', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    const op = doc.paths['/api/v1/imports/projects'].post;
    expect(Object.keys(op.requestBody.content)).toEqual(['multipart/form-data']);
    expect(Object.keys(op.responses)).toEqual(
      expect.arrayContaining(['200', '201', '202', '403', '404', '413', '415', '422']),
    );
    for (const text of [
      '项目编号',
      '总投资(万元)',
      '建设单位',
      'annualPlannedInvestment',
      '县级',
    ]) {
      expect(op.description).toContain(text);
    }
    const list = doc.paths['/api/v1/projects'].get;
    expect(Object.keys(list.responses['200'].content)).toContain(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
  });
});
