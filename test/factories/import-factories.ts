import ExcelJS from 'exceljs';
import type { TestApp } from '../support/test-app.js';

export type SheetCell = string | number | Date | null;

/** A CSV file of rows: UTF-8 with a BOM unless told otherwise; quoted where needed. */
export function csvFile(
  rows: SheetCell[][],
  options: { bom?: boolean; encoding?: 'utf8' | 'gb18030'; eol?: string } = {},
): Buffer {
  const cell = (v: SheetCell) => {
    const text = v === null ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const text = rows.map((r) => r.map(cell).join(',')).join(options.eol ?? '\r\n');
  if (options.encoding === 'gb18030') return gbk(text);
  return Buffer.from(`${options.bom === false ? '' : '\uFEFF'}${text}\r\n`, 'utf8');
}

/**
 * GBK bytes of a text, built with the platform's own GB18030 decoder: every two-byte code is
 * decoded once and the text encoded from that table (Node has no GBK encoder).
 */
function gbk(text: string): Buffer {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gb18030');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(Uint8Array.from([lead, trail]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else {
      const pair = table.get(ch);
      if (!pair) throw new Error(`no GBK code for ${ch}`);
      bytes.push(...pair);
    }
  }
  return Buffer.from(bytes);
}

/** An .xlsx workbook whose first sheet holds `rows` (dates as date cells, numbers as numbers). */
export async function xlsxFile(
  rows: SheetCell[][],
  options: { sheetName?: string; extraSheet?: SheetCell[][] } = {},
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(options.sheetName ?? '重点项目');
  for (const row of rows) sheet.addRow(row);
  sheet.eachRow((row) =>
    row.eachCell((cell) => {
      if (cell.value instanceof Date) cell.numFmt = 'yyyy-mm-dd';
    }),
  );
  if (options.extraSheet) {
    const extra = workbook.addWorksheet('说明');
    for (const row of options.extraSheet) extra.addRow(row);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The first sheet of an .xlsx file as rows of values (row 1 = the header). */
export async function readXlsx(content: Buffer): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ExcelJS.Buffer);
  const rows: unknown[][] = [];
  workbook.worksheets[0].eachRow({ includeEmpty: true }, (row, n) => {
    rows[n - 1] = (row.values as unknown[]).slice(1);
  });
  return rows;
}

/** POST /imports/projects with the file as multipart (`query` without the leading ?). */
export function uploadRegister(
  t: TestApp,
  user: { id: string; role: import('../../src/users/user.entity.js').Role },
  query: string,
  file: Buffer,
  filename: string,
) {
  return t.http
    .post(`/api/v1/imports/projects?${query}`)
    .set('authorization', `Bearer ${t.token(user)}`)
    .attach('file', file, filename);
}

/** A register header in Chinese, amounts in 万元. */
export const CN_HEADER = [
  '序号',
  '项目编号',
  '项目名称',
  '建设单位',
  '建设地点',
  '项目级别',
  '总投资(万元)',
  '年度计划投资（万元）',
  '开工时间',
  '竣工时间',
  '责任领导',
  '责任单位',
  '备注',
];

/** The projects of a park as the import sees them, by code, in a form easy to compare. */
export async function projectsByCode(t: TestApp, parkId: string) {
  const { rows } = await t.db.query(
    `SELECT p.code, p.name, e.name AS enterprise, p.location, p.levels,
            p.planned_investment::text AS "plannedInvestment",
            p.annual_planned_investment::text AS "annualPlannedInvestment",
            to_char(p.start_date, 'YYYY-MM-DD') AS "startDate",
            to_char(p.planned_completion_date, 'YYYY-MM-DD') AS "plannedCompletionDate",
            p.leader_name AS "leaderName", p.department, p.description, p.stage, p.version
       FROM projects p LEFT JOIN enterprises e ON e.id = p.enterprise_id
      WHERE p.park_id = $1 AND p.deleted_at IS NULL ORDER BY p.code`,
    [parkId],
  );
  return Object.fromEntries(rows.map((r) => [r.code, r])) as Record<
    string,
    Record<string, unknown>
  >;
}
