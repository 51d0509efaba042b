import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  makeEnterprise,
  makePark,
  makeProject,
  makeUser,
  type UserRow,
} from '../factories/factories.js';
import {
  CN_HEADER,
  csvFile,
  projectsByCode,
  type SheetCell,
  uploadRegister,
  xlsxFile,
} from '../factories/import-factories.js';
import { makeCluster, makeTranche } from '../factories/projects-factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** Rows of a register in CN_HEADER's layout: code, name, 万元, start. */
const register = (
  n: number,
  prefix: string,
  patch: (i: number, row: SheetCell[]) => void = () => undefined,
) =>
  Array.from({ length: n }, (_, i) => {
    const row: SheetCell[] = [
      String(i + 1),
      `${prefix}-${String(i + 1).padStart(3, '0')}`,
      `项目${i + 1}`,
      `企业${i % 4}`,
      '初村镇',
      i % 2 ? '省级、市级' : '区级',
      `${100 + i}.5`,
      '',
      '2026-03-01',
      '2027-06',
      '刘伟',
      '区招商局',
      '',
    ];
    patch(i, row);
    return row;
  });

describe('key-project import: dry run, all or nothing, re-import', () => {
  let t: TestApp;
  let manager: UserRow;

  /** Everything an import could write, summed up. */
  const snapshot = async () =>
    (
      await t.db.query(`
        SELECT (SELECT md5(string_agg(p::text, ',' ORDER BY p.id)) FROM projects p) AS projects,
               (SELECT count(*)::int FROM enterprises) AS enterprises,
               (SELECT count(*)::int FROM audit_log) AS audit,
               (SELECT count(*)::int FROM project_imports) AS imports`)
    ).rows[0];

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const newPark = async (values: Record<string, unknown> = {}) => {
    const park = await makePark(t.db, { kind: 'zone', ...values });
    manager = await makeUser(t.db, { role: 'manager', parkIds: [park.id] });
    return park;
  };

  it('dry run: checks every row, also against the database, answers the counts and writes nothing', async () => {
    const park = await newPark();
    await makeCluster(t.db, { parkId: park.id, name: '医疗器械' });
    const funded = await makeProject(t.db, {
      parkId: park.id,
      code: 'D-FUNDED',
      startDate: '2026-01-01',
    });
    await makeTranche(t.db, { projectId: funded.id, amount: '100.00' });
    await makeProject(t.db, {
      parkId: park.id,
      code: 'D-SAME',
      name: '不变',
      plannedInvestment: '10000.00',
    });
    const header = ['项目编号', '项目名称', '所属集群', '币种', '竣工时间', '总投资(万元)'];
    const good = csvFile([
      header,
      ['D-NEW', '新项目', '医疗器械', '', '', '1'],
      ['D-SAME', '不变', '', '', '', '1'],
      ['D-FUNDED', '改名', '', '', '2026-12-31', '2'],
    ]);
    const before = await snapshot();
    const ok = await uploadRegister(
      t,
      manager,
      `parkId=${park.id}&dryRun=true`,
      good,
      'good.csv',
    ).expect(200);
    expect(ok.body).toMatchObject({
      dryRun: true,
      valid: true,
      rows: 3,
      created: 1,
      updated: 1,
      unchanged: 1,
      enterprisesCreated: 0,
      errors: [],
    });
    expect(ok.body.importId).toBeUndefined();

    const bad = csvFile([
      header,
      ['D-NEW', '新项目', '生物医药', '', '', '1'],
      ['D-FUNDED', '改名', '', 'USD', '2025-06-30', '2'],
      ['D-BAD', '', '', 'dollars', 'soon', 'x'],
    ]);
    const res = await uploadRegister(
      t,
      manager,
      `parkId=${park.id}&dryRun=true`,
      bad,
      'bad.csv',
    ).expect(200);
    expect(res.body).toMatchObject({ dryRun: true, valid: false, errorCount: 7 });
    expect(res.body.errors).toEqual([
      {
        row: 2,
        column: '所属集群',
        message: expect.stringContaining('"生物医药" is not a cluster of'),
      },
      { row: 3, column: '币种', message: 'cannot change from CNY once investment is recorded' },
      { row: 3, column: '竣工时间', message: 'is before the start (2026-01-01)' },
      { row: 4, column: '项目名称', message: 'is required' },
      { row: 4, column: '币种', message: expect.stringContaining('"dollars" is not a currency') },
      { row: 4, column: '竣工时间', message: expect.stringContaining('"soon" is not a date') },
      { row: 4, column: '总投资(万元)', message: '"x" is not an amount' },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('a real import with one bad row among good ones answers 422 with every error and writes nothing', async () => {
    const park = await newPark();
    const rows = register(60, 'A', (i, row) => {
      if (i === 41) row[6] = '12.345678'; // 万元 with 6 decimals: 123456.78 yuan, fine
      if (i === 42) row[6] = '12.3456789'; // not a whole fen
      if (i === 57) row[8] = '2026-13-01';
    });
    const before = await snapshot();
    const res = await uploadRegister(
      t,
      manager,
      `parkId=${park.id}`,
      await xlsxFile([CN_HEADER, ...rows]),
      'a.xlsx',
    ).expect(422);
    expect(res.body).toMatchObject({
      status: 422,
      code: 'IMPORT_ROWS_INVALID',
      message: 'The file has 2 errors; nothing was imported',
      details: [
        {
          row: 44,
          column: '总投资(万元)',
          field: '总投资(万元)',
          message: '"12.3456789" 万元 is not a whole number of fen (分)',
        },
        {
          row: 59,
          column: '开工时间',
          field: '开工时间',
          message: '"2026-13-01" is not a real date',
        },
      ],
    });
    expect(await snapshot()).toEqual(before);
    // fixed, the same file imports whole
    rows[42][6] = '12.34';
    rows[57][8] = '2026-12-01';
    const fixed = await uploadRegister(
      t,
      manager,
      `parkId=${park.id}`,
      await xlsxFile([CN_HEADER, ...rows]),
      'a.xlsx',
    ).expect(201);
    expect(fixed.body).toMatchObject({ created: 60, enterprisesCreated: 4 });
    expect((await projectsByCode(t, park.id))['A-042']?.plannedInvestment).toBe('123456.78');
  });

  it('re-importing the same file duplicates nothing and writes nothing; a changed row is updated and audited once', async () => {
    const park = await newPark();
    const rows = register(30, 'R');
    const file = await xlsxFile([CN_HEADER, ...rows]);
    await uploadRegister(t, manager, `parkId=${park.id}`, file, 'r.xlsx').expect(201);
    const first = await projectsByCode(t, park.id);
    const stamps = await t.db.query(
      `SELECT code, updated_at FROM projects WHERE park_id = $1 ORDER BY code`,
      [park.id],
    );
    const before = await snapshot();

    const again = await uploadRegister(t, manager, `parkId=${park.id}`, file, 'r.xlsx').expect(201);
    expect(again.body).toMatchObject({
      rows: 30,
      created: 0,
      updated: 0,
      unchanged: 30,
      enterprisesCreated: 0,
    });
    expect(await projectsByCode(t, park.id)).toEqual(first);
    expect(
      (
        await t.db.query(`SELECT code, updated_at FROM projects WHERE park_id = $1 ORDER BY code`, [
          park.id,
        ])
      ).rows,
    ).toEqual(stamps.rows);
    const after = await snapshot();
    expect({ ...after, imports: after.imports - 1 }).toEqual(before); // only the new import record

    // one name changed, one amount changed (same value written differently does not count)
    rows[4][2] = '项目5（更名）';
    rows[9][6] = '200';
    rows[10][6] = '110.50';
    const changed = await uploadRegister(
      t,
      manager,
      `parkId=${park.id}`,
      await xlsxFile([CN_HEADER, ...rows]),
      'r2.xlsx',
    ).expect(201);
    expect(changed.body).toMatchObject({ created: 0, updated: 2, unchanged: 28 });
    const now = await projectsByCode(t, park.id);
    expect(now['R-005']).toMatchObject({ name: '项目5（更名）', version: 2 });
    expect(now['R-010']).toMatchObject({ plannedInvestment: '2000000.00', version: 2 });
    expect(now['R-011'].version).toBe(1);
    // a changed plan re-lights its project (as PATCH does); a changed name does not
    const lights = await t.db.query(
      `SELECT code, light, light_evaluated_at IS NOT NULL AS lit FROM projects
        WHERE park_id = $1 AND code IN ('R-005', 'R-010') ORDER BY code`,
      [park.id],
    );
    expect(lights.rows).toEqual([
      { code: 'R-005', light: null, lit: false },
      { code: 'R-010', light: 'green', lit: true },
    ]);
    const audit = await t.db.query(
      `SELECT before->>'name' AS before, after->>'name' AS after, after->>'version' AS version
         FROM audit_log WHERE entity = 'project' AND action = 'update' AND park_id = $1 ORDER BY before->>'code'`,
      [park.id],
    );
    expect(audit.rows).toEqual([
      { before: '项目5', after: '项目5（更名）', version: '2' },
      { before: '项目10', after: '项目10', version: '2' },
    ]);
  });

  it('a column the file lacks is left alone; an empty cell clears its field', async () => {
    const park = await newPark();
    await makeProject(t.db, {
      parkId: park.id,
      code: 'K-1',
      name: 'Kept',
      department: '区发改局',
      leaderName: '张强',
      location: 'Old place',
    });
    const file = csvFile([
      ['项目编号', '项目名称', '建设地点'],
      ['K-1', 'Kept', ''],
    ]);
    const res = await uploadRegister(t, manager, `parkId=${park.id}`, file, 'k.csv').expect(201);
    expect(res.body).toMatchObject({ updated: 1 });
    expect((await projectsByCode(t, park.id))['K-1']).toMatchObject({
      department: '区发改局',
      leaderName: '张强',
      location: null,
      plannedInvestment: '1000000.00',
      version: 2,
    });
  });

  it('matches a code of a sub-park and keeps the project where it is; a code in two sub-parks is an error', async () => {
    const parent = await newPark();
    const sub = await makePark(t.db, {
      kind: 'industrial_park',
      parentId: parent.id,
      name: '临港区',
    });
    const sub2 = await makePark(t.db, {
      kind: 'industrial_park',
      parentId: parent.id,
      name: '经开区',
    });
    const elsewhere = await makeEnterprise(t.db, { parkId: sub.id, name: 'Foxconn' });
    const inSub = await makeProject(t.db, {
      parkId: sub.id,
      code: 'S-1',
      name: 'Sub project',
      enterpriseId: elsewhere.id,
    });
    await makeProject(t.db, { parkId: sub.id, code: 'TWICE' });
    await makeProject(t.db, { parkId: sub2.id, code: 'TWICE' });
    const ok = csvFile([
      ['项目编号', '项目名称', '建设单位'],
      ['S-1', 'Sub project', 'FOXCONN'],
    ]);
    const res = await uploadRegister(t, manager, `parkId=${parent.id}`, ok, 's.csv').expect(201);
    expect(res.body).toMatchObject({ created: 0, updated: 0, unchanged: 1, enterprisesCreated: 0 });
    const { rows } = await t.db.query(
      `SELECT park_id, enterprise_id, version FROM projects WHERE id = $1`,
      [inSub.id],
    );
    expect(rows[0]).toEqual({ park_id: sub.id, enterprise_id: elsewhere.id, version: 1 });

    const twice = csvFile([
      ['项目编号', '项目名称'],
      ['TWICE', 'Which one'],
    ]);
    const bad = await uploadRegister(t, manager, `parkId=${parent.id}`, twice, 't.csv').expect(422);
    expect(bad.body.details).toEqual([
      {
        row: 2,
        column: '项目编号',
        field: '项目编号',
        message: 'is a project of several sub-parks (临港区, 经开区): import it into its sub-park',
      },
    ]);
    // into the sub-park itself it is that park's project
    await uploadRegister(t, manager, `parkId=${sub.id}`, twice, 't.csv').expect(201);
  });
});
