import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  makeEnterprise,
  makePark,
  makeProject,
  makeUser,
  type ParkRow,
  type UserRow,
} from '../factories/factories.js';
import { readXlsx, uploadRegister } from '../factories/import-factories.js';
import { makeCluster } from '../factories/projects-factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const HEADER_YUAN = [
  '项目编号',
  '项目名称',
  '建设单位',
  '所属集群',
  '项目级别',
  '总投资(元)',
  '年度计划投资(元)',
  '预计年产值(元)',
  '币种',
  '开工时间',
  '竣工时间',
  '责任领导',
  '责任单位',
  '建设地点',
  '备注',
  '项目阶段',
  '已完成投资(元)',
];

describe('key-project export as xlsx, and the round trip', () => {
  let t: TestApp;
  let park: ParkRow;
  let sub: ParkRow;
  let manager: UserRow;

  /** The projects of the zone, every column, and the audit: what an import could touch. */
  const snapshot = async () =>
    (
      await t.db.query(`
        SELECT (SELECT md5(string_agg(p::text, ',' ORDER BY p.id)) FROM projects p) AS projects,
               (SELECT count(*)::int FROM enterprises) AS enterprises,
               (SELECT count(*)::int FROM audit_log) AS audit`)
    ).rows[0];

  const exportXlsx = async (query: string) => {
    const res = await t.http
      .get(`/api/v1/projects?format=xlsx&${query}`)
      .set('authorization', `Bearer ${t.token(manager)}`)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers['content-disposition']).toBe('attachment; filename="projects.xlsx"');
    return res.body as Buffer;
  };

  beforeAll(async () => {
    t = await createTestApp();
    park = await makePark(t.db, { kind: 'zone', name: '威海高新区' });
    sub = await makePark(t.db, { kind: 'industrial_park', parentId: park.id, name: '临港区' });
    const other = await makePark(t.db, { kind: 'zone' });
    manager = await makeUser(t.db, { role: 'manager', parkIds: [park.id] });
    const weigao = await makeEnterprise(t.db, { parkId: park.id, name: '威高集团' });
    const foreign = await makeEnterprise(t.db, { parkId: other.id, name: 'Airbus Helicopters' });
    const cluster = await makeCluster(t.db, { parkId: park.id, name: '医疗器械' });
    await makeProject(t.db, {
      parkId: park.id,
      code: 'WH-001',
      name: '惠普打印机产业园, "一期"',
      enterpriseId: weigao.id,
      clusterId: cluster.id,
      levels: ['provincial', 'municipal'],
      plannedInvestment: '1500000000.25',
      annualPlannedInvestment: '800000000.00',
      expectedAnnualOutput: '3000000000.00',
      startDate: '2022-01-10',
      plannedCompletionDate: '2022-05-31',
      leaderName: '刘伟',
      department: '区招商局',
      location: '初村镇',
      description: '年产1000万台\n打印机',
      stage: 'under_construction',
    });
    await makeProject(t.db, {
      parkId: park.id,
      code: 'WH-002',
      name: 'Airbus cabin line',
      enterpriseId: foreign.id, // an enterprise of another park keeps its link
      levels: ['national', 'provincial', 'municipal', 'district'],
      plannedInvestment: '0.01',
      currency: 'EUR',
    });
    await makeProject(t.db, {
      parkId: sub.id,
      code: 'LG-001',
      name: '临港创新中心',
      levels: ['district'],
    });
    await makeProject(t.db, { parkId: other.id, code: 'OTHER-1', name: 'Not yours' });
  });
  afterAll(() => t.close());

  it('writes every matching project in the import layout: Chinese headers, names, levels, dates, yuan', async () => {
    const rows = await readXlsx(await exportXlsx('sort=code'));
    expect(rows[0]).toEqual(HEADER_YUAN);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['LG-001', 'WH-001', 'WH-002']);
    const wh1 = rows[2];
    expect(wh1.slice(0, 9)).toEqual([
      'WH-001',
      '惠普打印机产业园, "一期"',
      '威高集团',
      '医疗器械',
      '省级、市级',
      1500000000.25,
      800000000,
      3000000000,
      'CNY',
    ]);
    expect(wh1.slice(9, 11)).toEqual([
      new Date(Date.UTC(2022, 0, 10)),
      new Date(Date.UTC(2022, 4, 31)),
    ]);
    expect(wh1.slice(11)).toEqual([
      '刘伟',
      '区招商局',
      '初村镇',
      '年产1000万台\n打印机',
      '在建',
      0,
    ]);
    expect(rows[3].slice(0, 9)).toEqual([
      'WH-002',
      'Airbus cabin line',
      'Airbus Helicopters',
      undefined,
      '国家级、省级、市级、区级',
      0.01,
      undefined,
      undefined,
      'EUR',
    ]);
  });

  it('applies the list filters and writes amounts in ?unit=', async () => {
    const rows = await readXlsx(
      await exportXlsx(`level=provincial&unit=${encodeURIComponent('亿元')}`),
    );
    expect(rows[0][5]).toBe('总投资(亿元)');
    expect(rows[0][16]).toBe('已完成投资(亿元)');
    expect(rows.slice(1).map((r) => [r[0], r[5], r[6]])).toEqual([
      ['WH-001', 15.0000000025, 8],
      ['WH-002', 1e-10, undefined],
    ]);
    const wan = await readXlsx(
      await exportXlsx(`parkId=${sub.id}&unit=${encodeURIComponent('万元')}`),
    );
    expect(wan.map((r) => r[0])).toEqual(['项目编号', 'LG-001']);
    expect(wan[1][5]).toBe(100); // 1,000,000.00 yuan
  });

  it('round trip: the export imports back into its park changing nothing, in any unit', async () => {
    for (const unit of ['yuan', '万元', '亿元']) {
      const file = await exportXlsx(`parkId=${park.id}&unit=${encodeURIComponent(unit)}`);
      const before = await snapshot();
      const res = await uploadRegister(t, manager, `parkId=${park.id}`, file, 'projects.xlsx');
      expect({ unit, status: res.status }).toEqual({ unit, status: 201 });
      expect(res.body).toMatchObject({
        rows: 3,
        created: 0,
        updated: 0,
        unchanged: 3,
        enterprisesCreated: 0,
      });
      expect(res.body.ignoredColumns).toEqual([
        '项目阶段',
        `已完成投资(${unit === 'yuan' ? '元' : unit})`,
      ]);
      expect(await snapshot()).toEqual(before);
    }
  });
});
