import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { makeContract } from '../factories/deals-factories.js';
import {
  makePark,
  makeProject,
  makeUser,
  type ParkRow,
  type UserRow,
} from '../factories/factories.js';
import {
  arrayBufferOf,
  binary,
  buildReport,
  freezeAt,
  makeLightChange,
  pdfPageCount,
  setLight,
  W21,
  W22,
} from '../factories/report-factories.js';
import { makeTransition } from '../factories/workflow-factories.js';
import { as } from '../support/http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The report as a workbook and as a printable bulletin, read back as a person's tools would. */
describe('weekly report files: xlsx and pdf', () => {
  let t: TestApp;
  let manager: UserRow;
  let park: ParkRow;
  let reportId: string;

  beforeAll(async () => {
    t = await createTestApp();
    freezeAt(t);
    park = await makePark(t.db, { code: 'LG', name: '临港经济开发区' });
    manager = await makeUser(t.db, { role: 'manager', parkIds: [park.id] });
    const project = await makeProject(t.db, {
      parkId: park.id,
      code: 'HP-01',
      name: '惠普打印机项目',
      stage: 'under_construction',
      plannedInvestment: '3000000.00',
      createdAt: '2026-01-01T00:00:00Z',
    });
    await makeProject(t.db, {
      parkId: park.id,
      code: 'WG-02',
      name: '威高疫苗二期',
      stage: 'signed',
      createdAt: '2026-04-01T00:00:00Z',
    });
    await makeTransition(t.db, {
      projectId: project.id,
      fromStage: 'preparing',
      toStage: 'under_construction',
      at: '2026-05-27T02:00:00Z',
    });
    await makeContract(t.db, {
      parkId: park.id,
      code: 'HT-1',
      title: '华为科技园合同',
      signedAt: '2026-05-26',
      amount: '1500000.25',
    });
    await makeContract(t.db, { parkId: park.id, signedAt: '2026-05-19', amount: '20.00' });
    await makeLightChange(t.db, {
      projectId: project.id,
      parkId: park.id,
      from: 'yellow',
      to: 'red',
      at: '2026-05-28T01:00:00Z',
    });
    await setLight(t.db, project.id, 'red');
    await buildReport(t, W21, park.id);
    reportId = (await buildReport(t, W22, park.id)).id;
  });
  afterAll(() => t.close());

  it('downloads a workbook with one styled sheet per section and the Chinese text intact', async () => {
    const res = await as(t, manager)
      .get(`/reports/${reportId}?format=xlsx`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="weekly-report-2026-W22-LG.xlsx"',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(arrayBufferOf(res.body as Buffer));
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      '报告 Report',
      '概要 Summary',
      '签约 Contracts',
      '活动 Events',
      '项目阶段 Stages',
      '阶段变化 Stage changes',
      '到位资金 Investment',
      '节点 Milestones',
      '督办 Supervision',
      '预警变化 Light changes',
      '红灯 Red list',
    ]);

    const report = workbook.getWorksheet('报告 Report');
    expect(report?.getCell('A1').value).toBe('项目 Field');
    expect(report?.getCell('B2').value).toBe('临港经济开发区');
    expect(report?.getCell('B5').value).toBe(W22);

    const summary = workbook.getWorksheet('概要 Summary');
    const header = summary?.getRow(1);
    expect(header?.values).toEqual([
      undefined, // exceljs rows are 1-based
      '指标 Measure',
      '币种 Currency',
      '本周 This week',
      '上期 Previous',
      '变化 Change',
    ]);
    expect(header?.getCell(1).font?.bold).toBe(true);
    expect(header?.getCell(1).fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    expect(summary?.getColumn(1).width).toBe(34);
    expect(summary?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const contractsRow = summary?.getRow(4).values as unknown[];
    expect(contractsRow.slice(1)).toEqual(['签约项目 Contracts signed', '', 1, 1, 0]);
    const amountRow = summary?.getRow(13).values as unknown[];
    expect(amountRow.slice(1)).toEqual([
      '签约金额 Contract amount',
      'CNY',
      1500000.25,
      20,
      1499980.25,
    ]);
    expect(summary?.getRow(13).getCell(3).numFmt).toBe('#,##0.00');

    const contracts = workbook.getWorksheet('签约 Contracts');
    expect(contracts?.getRow(1).getCell(2).value).toBe('名称 Title');
    expect(contracts?.getRow(2).values).toEqual([
      undefined,
      'HT-1',
      '华为科技园合同',
      '临港经济开发区',
      '2026-05-26',
      1500000.25,
      'CNY',
      'signed',
    ]);

    const stages = workbook.getWorksheet('项目阶段 Stages');
    const stageRows = (stages?.getSheetValues() ?? []).slice(2) as unknown[][];
    expect(stageRows.map((r) => r.slice(1, 3))).toContainEqual(['在建 Under construction', 1]);
    expect(stageRows.map((r) => r.slice(1, 3))).toContainEqual(['签约 Signed', 1]);

    const changes = workbook.getWorksheet('阶段变化 Stage changes');
    expect(changes?.getRow(2).values).toEqual([
      undefined,
      'HP-01',
      '惠普打印机项目',
      '拟开工 Preparing',
      '在建 Under construction',
      '2026-05-27 10:00', // Shanghai time
    ]);

    const red = workbook.getWorksheet('红灯 Red list');
    expect(red?.getRow(2).getCell(2).value).toBe('惠普打印机项目');
    expect(String(red?.getRow(2).getCell(6).value)).toContain('No progress reported for 151 days');
  });

  it('downloads a printable A4 bulletin: a PDF of two pages with the CJK font embedded', async () => {
    const res = await as(t, manager)
      .get(`/reports/${reportId}?format=pdf`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="weekly-report-2026-W22-LG.pdf"',
    );
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    // page 1: title, key numbers and the stage chart; page 2: the lists
    expect(pdfPageCount(pdf)).toBe(2);
    const text = pdf.toString('latin1');
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC/);
    expect(text).toContain('/FontFile2');
    // subset, not the whole 8,000-glyph font
    expect(pdf.length).toBeLessThan(200_000);
  });

  it('answers 400 for an unknown format and 404 for a report outside your parks', async () => {
    await as(t, manager).get(`/reports/${reportId}?format=docx`).expect(400);
    const outsider = await makeUser(t.db, { role: 'manager', parkIds: [] });
    await as(t, outsider).get(`/reports/${reportId}?format=xlsx`).expect(404);
  });
});
