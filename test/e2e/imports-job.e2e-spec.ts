import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateRegister } from '../../bench/import-data.js';
import { makePark, makeUser, type ParkRow, type UserRow } from '../factories/factories.js';
import { uploadRegister } from '../factories/import-factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait.js';

const ROWS = 6_000;

describe('big key-project files import as a job', () => {
  let t: TestApp;
  let park: ParkRow;
  let officer: UserRow;
  let file: Buffer;

  const importOf = (id: string) => as(t, officer).get(`/imports/${id}`);
  const finished = (id: string) =>
    waitFor(
      async () => (await importOf(id).expect(200)).body,
      (body) => body.status === 'succeeded' || body.status === 'failed',
      60_000,
      200,
    );
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await t.db.query(sql, params)).rows[0].n);

  beforeAll(async () => {
    t = await createTestApp({ APP_ROLES: 'api,worker' });
    park = await makePark(t.db, { kind: 'zone' });
    officer = await makeUser(t.db, { role: 'officer', parkIds: [park.id] });
    file = await generateRegister(ROWS, 'csv', { codePrefix: 'JOB' });
  }, 60_000);
  afterAll(() => t.close());

  it('answers 202, commits progress while the data waits in one transaction, then succeeds whole', async () => {
    // a project the import must create, held by an open transaction: the import's second range
    // of rows waits on it, with the first range written but not committed
    const blocker = await t.db.connect();
    await blocker.query('BEGIN');
    await blocker.query(
      `INSERT INTO projects (code, name, park_id) VALUES ('JOB-005500', 'x', $1)`,
      [park.id],
    );
    try {
      const res = await uploadRegister(t, officer, `parkId=${park.id}`, file, 'big.csv').expect(
        202,
      );
      expect(res.body).toEqual({
        importId: expect.any(String),
        jobId: expect.any(String),
        status: 'queued',
      });
      const midway = await waitFor(
        async () => (await importOf(res.body.importId).expect(200)).body,
        (body) => body.processed === 5_000,
        60_000,
        100,
      );
      expect(midway).toMatchObject({ status: 'running', total: ROWS, processed: 5_000 });
      expect(await count(`SELECT count(*) AS n FROM projects WHERE park_id = $1`, [park.id])).toBe(
        0,
      );
      await blocker.query('ROLLBACK');

      const done = await finished(res.body.importId);
      expect(done).toMatchObject({
        status: 'succeeded',
        total: ROWS,
        processed: ROWS,
        created: ROWS,
        updated: 0,
        errors: [],
        filename: 'big.csv',
        format: 'csv',
        createdBy: officer.id,
        finishedAt: expect.any(String),
      });
      expect(done).not.toHaveProperty('content');
      expect(await count(`SELECT count(*) AS n FROM projects WHERE park_id = $1`, [park.id])).toBe(
        ROWS,
      );
      expect(
        await count(
          `SELECT count(*) AS n FROM audit_log WHERE entity = 'project' AND park_id = $1`,
          [park.id],
        ),
      ).toBe(ROWS);
      // one enterprise per five rows, created in bulk
      expect(
        await count(`SELECT count(*) AS n FROM enterprises WHERE park_id = $1`, [park.id]),
      ).toBe(ROWS / 5);
      const stored = await t.db.query(`SELECT content FROM project_imports WHERE id = $1`, [
        res.body.importId,
      ]);
      expect(stored.rows[0].content).toBeNull();
      const job = await as(t, officer).get(`/jobs/${res.body.jobId}`).expect(200);
      expect(job.body).toMatchObject({ name: 'project-import', state: 'completed' });
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      blocker.release();
    }
  }, 90_000);

  it('re-imports the same big file as a job that creates and updates nothing', async () => {
    const versions = await count(`SELECT sum(version) AS n FROM projects WHERE park_id = $1`, [
      park.id,
    ]);
    const res = await uploadRegister(t, officer, `parkId=${park.id}`, file, 'big.csv').expect(202);
    expect(await finished(res.body.importId)).toMatchObject({
      status: 'succeeded',
      processed: ROWS,
      created: 0,
      updated: 0,
    });
    expect(await count(`SELECT count(*) AS n FROM projects WHERE park_id = $1`, [park.id])).toBe(
      ROWS,
    );
    expect(
      await count(`SELECT sum(version) AS n FROM projects WHERE park_id = $1`, [park.id]),
    ).toBe(versions);
  }, 90_000);

  it('refuses a big file whose header lacks a column at once (422), queueing nothing', async () => {
    const before = await count(`SELECT count(*) AS n FROM project_imports`);
    const lines = ['项目编号,总投资(万元)'];
    for (let i = 0; i < ROWS; i++) lines.push(`NH-${i},${i}`);
    const res = await uploadRegister(
      t,
      officer,
      `parkId=${park.id}`,
      Buffer.from(lines.join('\n'), 'utf8'),
      'no-name.csv',
    ).expect(422);
    expect(res.body.details).toEqual([
      expect.objectContaining({
        row: 1,
        column: '项目名称',
        message: 'column missing: the header needs 项目名称 (or name)',
      }),
    ]);
    expect(await count(`SELECT count(*) AS n FROM project_imports`)).toBe(before);
  });

  it('fails a big file with errors whole: the import lists them, nothing is written', async () => {
    const other = await makePark(t.db, { kind: 'zone' });
    const manager = await makeUser(t.db, { role: 'manager', parkIds: [other.id] });
    const lines = (await generateRegister(ROWS, 'csv', { codePrefix: 'BAD' }))
      .toString('utf8')
      .split('\r\n');
    lines[101] = lines[101].replace('"市级,区级"', '部级'); // row 102: data row 101 has two levels
    lines[5001] = lines[5001].replace('BAD-005001', 'BAD-000001');
    const bad = Buffer.from(lines.join('\r\n'), 'utf8');
    const res = await uploadRegister(t, manager, `parkId=${other.id}`, bad, 'bad.csv').expect(202);
    const done = await waitFor(
      async () => (await as(t, manager).get(`/imports/${res.body.importId}`).expect(200)).body,
      (body) => body.status === 'failed' || body.status === 'succeeded',
      60_000,
      200,
    );
    expect(done).toMatchObject({ status: 'failed', total: ROWS, created: 0, updated: 0 });
    expect(done.errors).toEqual([
      { row: 102, column: '项目级别', message: expect.stringContaining('"部级" is not a level') },
      { row: 5002, column: '项目编号', message: '"BAD-000001" is also on row 2' },
    ]);
    expect(await count(`SELECT count(*) AS n FROM projects WHERE park_id = $1`, [other.id])).toBe(
      0,
    );
    expect(
      await count(`SELECT count(*) AS n FROM enterprises WHERE park_id = $1`, [other.id]),
    ).toBe(0);

    // listed among the imports of that park, not among another park's
    const list = await as(t, manager).get(`/imports?parkId=${other.id}`).expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: res.body.importId, status: 'failed', errorCount: 2 }),
    ]);
    expect(list.body.items[0]).not.toHaveProperty('errors');
    await as(t, officer).get(`/imports/${res.body.importId}`).expect(404);
    const mine = await as(t, officer).get('/imports').expect(200);
    expect(mine.body.items.map((i: { id: string }) => i.id)).not.toContain(res.body.importId);
  }, 90_000);
});
