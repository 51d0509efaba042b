import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeEnterprise, makePark, makeUser, type UserRow } from '../factories/factories.js';
import {
  CN_HEADER,
  csvFile,
  projectsByCode,
  uploadRegister,
  xlsxFile,
} from '../factories/import-factories.js';
import { makeCluster } from '../factories/projects-factories.js';
import { generateRegister } from '../../bench/import-data.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('key-project import: values, units and enterprises', () => {
  let t: TestApp;
  let officer: UserRow;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const newPark = async () => {
    const park = await makePark(t.db, { kind: 'zone' });
    officer = await makeUser(t.db, { role: 'officer', parkIds: [park.id] });
    return park;
  };

  it('imports a UTF-8 CSV with BOM and Chinese headers: 万元 converted exactly, levels, dates, enterprises', async () => {
    const park = await newPark();
    const known = await makeEnterprise(t.db, { parkId: park.id, name: 'Weigao Group' });
    const file = csvFile([
      ['2026年省市重点项目计划表'],
      CN_HEADER,
      [
        '1',
        'WH-001',
        '惠普打印机产业园',
        'weigao group',
        '初村镇',
        '省级、市级',
        '150000',
        '1.5',
        '2026-01-10',
        '2026/5/31',
        '刘伟',
        '区招商局',
        '年产1000万台，"一期"',
      ],
      [
        '2',
        'WH-002',
        '威高疫苗二期',
        '威高生物科技有限公司',
        '双岛街道',
        '国家级,区级',
        '1.2345',
        '',
        '2026年3月1日',
        '2027.06',
        '王芳',
        '',
        '',
      ],
      [
        '3',
        'WH-003',
        '新能源汽车零部件',
        '威高生物科技有限公司',
        '',
        '县级；市级',
        '0.01',
        '0',
        '2026.05',
        '2026-12',
        '',
        '区工信局',
        '',
      ],
      [],
      ['', '', '合计', '', '', '', '150001.2445', '', '', '', '', '', ''],
    ]);
    const res = await uploadRegister(t, officer, `parkId=${park.id}`, file, '重点项目.csv').expect(
      201,
    );
    expect(res.body).toMatchObject({
      dryRun: false,
      valid: true,
      format: 'csv',
      rows: 3,
      created: 3,
      updated: 0,
      unchanged: 0,
      enterprisesCreated: 1,
      ignoredColumns: ['序号'],
      errorCount: 0,
      errors: [],
      importId: expect.any(String),
    });
    expect(res.body.columns).toContainEqual({
      header: '总投资(万元)',
      field: 'plannedInvestment',
      unit: '万元',
    });
    const projects = await projectsByCode(t, park.id);
    expect(projects['WH-001']).toMatchObject({
      name: '惠普打印机产业园',
      enterprise: 'Weigao Group', // matched case-insensitively, not created again
      location: '初村镇',
      levels: ['provincial', 'municipal'],
      plannedInvestment: '1500000000.00',
      annualPlannedInvestment: '15000.00',
      startDate: '2026-01-10',
      plannedCompletionDate: '2026-05-31',
      leaderName: '刘伟',
      department: '区招商局',
      description: '年产1000万台，"一期"',
      stage: 'lead',
      version: 1,
    });
    expect(projects['WH-002']).toMatchObject({
      enterprise: '威高生物科技有限公司',
      levels: ['national', 'district'],
      plannedInvestment: '12345.00',
      annualPlannedInvestment: null,
      startDate: '2026-03-01',
      plannedCompletionDate: '2027-06-01',
      department: null,
      description: null,
    });
    expect(projects['WH-003']).toMatchObject({
      levels: ['municipal', 'district'],
      plannedInvestment: '100.00',
      annualPlannedInvestment: '0.00',
      startDate: '2026-05-01',
      location: null,
    });
    const enterprises = await t.db.query(
      `SELECT id, name FROM enterprises WHERE park_id = $1 ORDER BY name`,
      [park.id],
    );
    expect(enterprises.rows.map((e) => e.name)).toEqual(['Weigao Group', '威高生物科技有限公司']);
    expect(enterprises.rows[0].id).toBe(known.id);
    // the creating officer is the officer of what they imported, as with POST /projects
    const officers = await t.db.query(
      `SELECT DISTINCT officer_id, created_by FROM projects WHERE park_id = $1`,
      [park.id],
    );
    expect(officers.rows).toEqual([{ officer_id: officer.id, created_by: officer.id }]);
    // one audit row per project created and per enterprise created, with the request's id
    const audit = await t.db.query(
      `SELECT entity, action, count(*)::int AS n, count(DISTINCT correlation_id)::int AS ids
         FROM audit_log WHERE park_id = $1 GROUP BY entity, action ORDER BY entity`,
      [park.id],
    );
    expect(audit.rows).toEqual([
      { entity: 'enterprise', action: 'create', n: 1, ids: 1 },
      { entity: 'project', action: 'create', n: 3, ids: 1 },
    ]);
    const record = await t.db.query(
      `SELECT status, total, processed, created, updated, content, filename FROM project_imports WHERE id = $1`,
      [res.body.importId],
    );
    expect(record.rows[0]).toEqual({
      status: 'succeeded',
      total: 3,
      processed: 3,
      created: 3,
      updated: 0,
      content: null,
      filename: '重点项目.csv',
    });
  });

  it('imports an XLSX with English headers, date cells, numbers and the unit parameter (亿元)', async () => {
    const park = await newPark();
    const cluster = await makeCluster(t.db, { parkId: park.id, name: 'Medical Devices' });
    const file = await xlsxFile(
      [
        [
          'code',
          'name',
          'enterprise',
          'cluster',
          'levels',
          'plannedInvestment',
          'annualPlannedInvestment',
          'startDate',
          'plannedCompletionDate',
          'leaderName',
        ],
        [
          'X-1',
          'Airbus helicopters',
          'Airbus',
          'medical devices',
          'provincial;municipal',
          1.2345,
          '0.5',
          new Date(Date.UTC(2026, 0, 10)),
          '2027-03',
          'Li',
        ],
        ['X-2', 'Lenovo image', null, null, 'National', 12, 0.000001, 46082, 20270101, null],
      ],
      { extraSheet: [['ignored', 'sheet']] },
    );
    const res = await uploadRegister(
      t,
      officer,
      `parkId=${park.id}&unit=${encodeURIComponent('亿元')}`,
      file,
      'register.xlsx',
    ).expect(201);
    expect(res.body).toMatchObject({ format: 'xlsx', rows: 2, created: 2, enterprisesCreated: 1 });
    const projects = await projectsByCode(t, park.id);
    expect(projects['X-1']).toMatchObject({
      plannedInvestment: '123450000.00',
      annualPlannedInvestment: '50000000.00',
      startDate: '2026-01-10',
      plannedCompletionDate: '2027-03-01',
      levels: ['provincial', 'municipal'],
      enterprise: 'Airbus',
      leaderName: 'Li',
    });
    expect(projects['X-2']).toMatchObject({
      plannedInvestment: '1200000000.00',
      annualPlannedInvestment: '100.00', // 0.000001 亿元 = 100 yuan
      startDate: '2026-03-01', // Excel serial 46082
      plannedCompletionDate: '2027-01-01',
      levels: ['national'],
      enterprise: null,
    });
    const { rows } = await t.db.query(
      `SELECT cluster_id FROM projects WHERE code = 'X-1' AND park_id = $1`,
      [park.id],
    );
    expect(rows[0].cluster_id).toBe(cluster.id);
  });

  it('reads the unit from the header over the parameter: 总投资（亿元） with full-width brackets, and GBK CSV', async () => {
    const park = await newPark();
    const file = csvFile(
      [
        ['项目编号', '项目名称', '总投资（亿元）', '年度计划投资(元)', '项目级别'],
        ['G-1', '临港创新中心', '2.5', '1234.56', '省级重点项目'],
      ],
      { encoding: 'gb18030' },
    );
    const res = await uploadRegister(
      t,
      officer,
      `parkId=${park.id}&unit=${encodeURIComponent('万元')}`,
      file,
      'gbk.csv',
    ).expect(201);
    expect(res.body.columns).toEqual([
      { header: '项目编号', field: 'code' },
      { header: '项目名称', field: 'name' },
      { header: '总投资（亿元）', field: 'plannedInvestment', unit: '亿元' },
      { header: '年度计划投资(元)', field: 'annualPlannedInvestment', unit: 'yuan' },
      { header: '项目级别', field: 'levels' },
    ]);
    expect((await projectsByCode(t, park.id))['G-1']).toMatchObject({
      name: '临港创新中心',
      plannedInvestment: '250000000.00',
      annualPlannedInvestment: '1234.56',
      levels: ['provincial'],
    });
  });

  it('takes a CSV without BOM, with LF line ends and a "单位：万元" note above the header', async () => {
    const park = await newPark();
    const file = csvFile(
      [
        ['重点项目表', '', '单位：万元'],
        ['项目编号', '项目名称', '总投资', '开工时间'],
        ['N-1', '无BOM项目', '12.3456', '20260315'],
      ],
      { bom: false, eol: '\n' },
    );
    await uploadRegister(t, officer, `parkId=${park.id}`, file, 'nobom.csv').expect(201);
    expect((await projectsByCode(t, park.id))['N-1']).toMatchObject({
      name: '无BOM项目',
      plannedInvestment: '123456.00',
      startDate: '2026-03-15',
    });
  });

  it('reads every Chinese character of a 4,000-row workbook intact (no UTF-8 split across chunks)', async () => {
    const park = await newPark();
    const file = await generateRegister(4_000, 'xlsx', { codePrefix: 'ZH' });
    const res = await uploadRegister(t, officer, `parkId=${park.id}`, file, 'zh.xlsx').expect(201);
    expect(res.body).toMatchObject({ rows: 4_000, created: 4_000, enterprisesCreated: 800 });
    // every text exactly one of the generator's: a split character would show as U+FFFD
    const industry = '(智能制造|医疗器械|新能源汽车|电子信息|生物医药|新材料)';
    const { rows } = await t.db.query(
      `SELECT count(*)::int AS n FROM projects p JOIN enterprises e ON e.id = p.enterprise_id
        WHERE p.park_id = $1 AND p.name ~ $2 AND e.name ~ $3
          AND p.location IN ('初村镇', '双岛街道', '怡园街道', '田和街道', '临港区', '经开区')
          AND p.leader_name IN ('刘伟', '王芳', '张强', '李娜', '陈杰', '赵敏')
          AND p.department IN ('区招商局', '区发改局', '区工信局', '区商务局', '区住建局')
          AND coalesce(p.description, '年产1万台套，"一期"工程') ~ '^年产[0-9]+万台套，"一期"工程$'`,
      [park.id, `^${industry}项目[0-9]+号$`, `^${industry}企业[0-9]+有限公司$`],
    );
    expect(rows[0].n).toBe(4_000);
  });

  it('refuses amounts that are not whole fen once converted, negative amounts and wrong values, naming row and column', async () => {
    const park = await newPark();
    const file = csvFile([
      ['项目编号', '项目名称', '总投资(亿元)', '项目级别', '开工时间', '竣工时间'],
      ['B-1', 'ok', '1.2345', '省级', '2026-01-01', '2026-12-31'],
      ['B-2', 'fen', '1.00000000001', '部级', '2026-02-30', '2025-01-01'],
      ['B-3', '', '-1', '', 'soon', ''],
      ['B-1', 'again', 'abc', '', '', ''],
    ]);
    const res = await uploadRegister(
      t,
      officer,
      `parkId=${park.id}&dryRun=true`,
      file,
      'bad.csv',
    ).expect(200);
    expect(res.body).toMatchObject({ dryRun: true, valid: false, rows: 4, errorCount: 8 });
    expect(res.body.errors).toEqual([
      {
        row: 3,
        column: '总投资(亿元)',
        message: '"1.00000000001" 亿元 is not a whole number of fen (分)',
      },
      { row: 3, column: '项目级别', message: expect.stringContaining('"部级" is not a level') },
      { row: 3, column: '开工时间', message: '"2026-02-30" is not a real date' },
      { row: 4, column: '项目名称', message: 'is required' },
      { row: 4, column: '总投资(亿元)', message: '"-1" must not be negative' },
      { row: 4, column: '开工时间', message: expect.stringContaining('"soon" is not a date') },
      { row: 5, column: '项目编号', message: '"B-1" is also on row 2' },
      { row: 5, column: '总投资(亿元)', message: '"abc" is not an amount' },
    ]);
  });
});
