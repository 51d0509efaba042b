import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildOpenApiDocument } from '../../src/common/http/openapi-document.js';
import {
  makePark,
  makeProject,
  makeUser,
  type ParkRow,
  type UserRow,
} from '../factories/factories.js';
import { csvFile, uploadRegister } from '../factories/import-factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('Idempotency-Key on creates', () => {
  let t: TestApp;
  let park: ParkRow;
  let manager: UserRow;
  let officer: UserRow;

  const countByCode = async (code: string) =>
    (await t.db.query('SELECT count(*)::int AS n FROM projects WHERE code = $1', [code])).rows[0]
      .n as number;
  const project = (code: string, plannedInvestment = '1000000.00') => ({
    code,
    name: `Project ${code}`,
    parkId: park.id,
    plannedInvestment,
  });
  const postWithKey = (user: UserRow, path: string, body: object, key: string) =>
    as(t, user).post(path, body).set('idempotency-key', key);

  beforeAll(async () => {
    t = await createTestApp();
    park = await makePark(t.db, { kind: 'zone' });
    manager = await makeUser(t.db, { role: 'manager', parkIds: [park.id] });
    officer = await makeUser(t.db, { role: 'officer', parkIds: [park.id] });
  });
  afterAll(() => t.close());

  it('runs the first request and replays its reply to a retry, creating one row', async () => {
    const key = randomUUID();
    const first = await postWithKey(manager, '/projects', project('IK-1'), key).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // the same body with its keys in another order is the same request
    const { plannedInvestment, ...rest } = project('IK-1');
    const retry = await postWithKey(manager, '/projects', { plannedInvestment, ...rest }, key);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.text).toBe(first.text);
    expect(await countByCode('IK-1')).toBe(1);
    const audits = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1`,
      [first.body.id],
    );
    expect(audits.rows[0].n).toBe(1);
  });

  it('lets 50 concurrent requests with one key create one row, all answered alike', async () => {
    const key = randomUUID();
    const replies = await Promise.all(
      Array.from({ length: 50 }, () => postWithKey(manager, '/projects', project('IK-50'), key)),
    );
    const statuses = replies.map((r) => r.status);
    const replayed = replies.filter((r) => r.headers['idempotent-replayed'] === 'true').length;
    expect(new Set(statuses)).toEqual(new Set([201]));
    expect(new Set(replies.map((r) => r.text)).size).toBe(1);
    expect(replayed).toBe(49);
    expect(await countByCode('IK-50')).toBe(1);
  });

  it('answers 422 to the same key with another body or on another route, and writes nothing', async () => {
    const key = randomUUID();
    await postWithKey(manager, '/projects', project('IK-2'), key).expect(201);
    const other = await postWithKey(manager, '/projects', project('IK-2', '2.00'), key).expect(422);
    expect(other.body).toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
    const elsewhere = await postWithKey(manager, '/projects', project('IK-3'), key).expect(422);
    expect(elsewhere.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await countByCode('IK-3')).toBe(0);
    const { rows } = await t.db.query(
      `SELECT planned_investment FROM projects WHERE code = 'IK-2'`,
    );
    expect(rows).toEqual([{ planned_investment: '1000000.00' }]);
  });

  it('releases the key of a request that failed, so the fixed request can use it', async () => {
    const key = randomUUID();
    const bad = await postWithKey(
      manager,
      '/projects',
      { ...project('IK-4'), stage: 'completed' },
      key,
    );
    expect(bad.status).toBe(400);
    const conflict = await makeProject(t.db, { parkId: park.id, code: 'IK-TAKEN' });
    await postWithKey(manager, '/projects', project(conflict.code), key).expect(409);
    // a retry of a failure runs again (and fails again): failures are not stored
    await postWithKey(manager, '/projects', project(conflict.code), key).expect(409);
    await postWithKey(manager, '/projects', project('IK-4'), key).expect(201);
    expect(await countByCode('IK-4')).toBe(1);
  });

  it('keeps keys per user: another user with the same key makes their own row', async () => {
    const key = randomUUID();
    const a = await postWithKey(manager, '/projects', project('IK-5'), key).expect(201);
    const b = await postWithKey(officer, '/projects', project('IK-6'), key).expect(201);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(b.body.id).not.toBe(a.body.id);
  });

  it('answers 400 naming the header for a key that is empty, too long or not visible ASCII', async () => {
    for (const key of [' ', 'x'.repeat(256), 'clé']) {
      const res = await postWithKey(manager, '/projects', project('IK-7'), key).expect(400);
      expect(res.body.details).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
    }
    expect(await countByCode('IK-7')).toBe(0);
  });

  it('works on other creates: a milestone and a multipart import (202/200 kept)', async () => {
    const p = await makeProject(t.db, { parkId: park.id });
    const milestone = { title: 'Groundbreaking', dueDate: '2027-03-01' };
    const key = randomUUID();
    const m1 = await postWithKey(officer, `/projects/${p.id}/milestones`, milestone, key).expect(
      201,
    );
    const m2 = await postWithKey(officer, `/projects/${p.id}/milestones`, milestone, key).expect(
      201,
    );
    expect(m2.text).toBe(m1.text);
    const { rows } = await t.db.query(
      `SELECT count(*)::int AS n FROM milestones WHERE project_id = $1`,
      [p.id],
    );
    expect(rows[0].n).toBe(1);

    const file = csvFile([
      ['项目编号', '项目名称', '总投资(万元)'],
      ['IK-IMP', '导入项目', '1'],
    ]);
    const importKey = randomUUID();
    const upload = () =>
      uploadRegister(t, manager, `parkId=${park.id}`, file, 'r.csv').set(
        'idempotency-key',
        importKey,
      );
    const i1 = await upload();
    const i2 = await upload();
    expect(i1.status).toBeLessThan(300);
    expect(i2.status).toBe(i1.status);
    expect(i2.text).toBe(i1.text);
    expect(i2.headers['idempotent-replayed']).toBe('true');
    const imports = await t.db.query(`SELECT count(*)::int AS n FROM project_imports`);
    expect(imports.rows[0].n).toBe(1);
  });

  it('documents the header and its 422 on every POST that needs a token', () => {
    const document = buildOpenApiDocument(t.app);
    const posts = Object.entries(document.paths).flatMap(([path, item]) =>
      item.post ? [[path, item.post] as const] : [],
    );
    expect(posts.length).toBeGreaterThan(20);
    for (const [path, op] of posts) {
      const hasKey = (op.parameters ?? []).some(
        (p) => 'name' in p && p.name === 'Idempotency-Key' && p.in === 'header',
      );
      const isPublic = (op.security ?? document.security ?? []).length === 0;
      expect({ path, documented: hasKey }).toEqual({ path, documented: !isPublic });
      if (!isPublic) expect(op.responses['422']).toBeDefined();
    }
  });
});
