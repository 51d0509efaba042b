import { PassThrough } from 'node:stream';
import { StreamableFile } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { Db } from '../common/database/db.service.js';
import { formatAmount, formatLevels } from '../imports/cell-values.js';
import {
  type AmountUnit,
  EXPORT_ONLY_COLUMNS,
  exportHeader,
  IMPORT_COLUMNS,
  type ImportField,
  STAGE_LABEL,
} from '../imports/column-map.js';
import type { ProjectStage } from './project.entity.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The list's filter and order: the same rows as the JSON list and the CSV export. */
export interface ExportQuery {
  where: string[];
  params: unknown[];
  orderBy: string;
  idColumn: string;
}

/** One project as the register shows it: references by name, amounts as decimal strings. */
const SELECT = `p.code, p.name, e.name AS enterprise, c.name AS cluster, p.levels,
  p.planned_investment::text AS "plannedInvestment",
  p.annual_planned_investment::text AS "annualPlannedInvestment",
  p.expected_annual_output::text AS "expectedAnnualOutput", p.currency,
  to_char(p.start_date, 'YYYY-MM-DD') AS "startDate",
  to_char(p.planned_completion_date, 'YYYY-MM-DD') AS "plannedCompletionDate",
  p.leader_name AS "leaderName", p.department, p.location, p.description, p.stage,
  p.realized_investment::text AS "realizedInvestment"`;
const FROM = `projects p
  LEFT JOIN enterprises e ON e.id = p.enterprise_id
  LEFT JOIN industry_clusters c ON c.id = p.cluster_id`;

const WIDTH: Partial<Record<ImportField, number>> = { name: 36, enterprise: 28, description: 40 };
// a double holds 15 significant digits exactly: longer amounts are written as text
const EXACT_DIGITS = 15;

/**
 * Every matching project as an .xlsx workbook in the import's column layout (Chinese headers,
 * amounts in `unit`), so that the file imports back unchanged. Streamed: rows come through a
 * cursor and leave as compressed XML, 100,000 of them never sit in memory together.
 */
export function projectsXlsx(db: Db, query: ExportQuery, unit: AmountUnit): StreamableFile {
  const where = query.where.length ? `WHERE ${query.where.join(' AND ')}` : '';
  const rows = db.stream<Record<string, unknown>>(
    `SELECT ${SELECT} FROM ${FROM} ${where} ORDER BY ${query.orderBy}, ${query.idColumn}`,
    query.params,
  );
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('重点项目', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    ...IMPORT_COLUMNS.map((c) => ({ width: WIDTH[c.field] ?? (c.kind === 'amount' ? 18 : 14) })),
    ...EXPORT_ONLY_COLUMNS.map(() => ({ width: 14 })),
  ];
  const write = async () => {
    const header = sheet.addRow([
      ...IMPORT_COLUMNS.map((c) => exportHeader(c, unit)),
      ...EXPORT_ONLY_COLUMNS.map((c) =>
        c.key === 'realizedInvestment' ? `${c.header}(${unit === 'yuan' ? '元' : unit})` : c.header,
      ),
    ]);
    header.font = { bold: true };
    header.commit();
    for await (const project of rows) {
      const row = sheet.addRow([
        ...IMPORT_COLUMNS.map((c) => cellOf(c.kind, project[c.field], unit)),
        STAGE_LABEL[project.stage as ProjectStage] ?? project.stage,
        cellOf('amount', project.realizedInvestment, unit),
      ]);
      IMPORT_COLUMNS.forEach((c, i) => {
        if (c.kind === 'date') row.getCell(i + 1).numFmt = 'yyyy-mm-dd';
        if (c.kind === 'amount' && unit === 'yuan') row.getCell(i + 1).numFmt = '#,##0.00';
      });
      row.commit();
    }
    sheet.commit();
    await workbook.commit();
  };
  // a failure after the headers went out can only cut the download short
  write().catch((error: Error) => out.destroy(error));
  return new StreamableFile(out, {
    type: XLSX_TYPE,
    disposition: `attachment; filename="projects.xlsx"`,
  });
}

function cellOf(kind: string, value: unknown, unit: AmountUnit): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'amount': {
      const text = formatAmount(value as string, unit);
      return text.replace(/\D|^0+/g, '').length <= EXACT_DIGITS ? Number(text) : text;
    }
    case 'date': {
      const [y, m, d] = (value as string).split('-').map(Number);
      return new Date(Date.UTC(y, m - 1, d));
    }
    case 'levels':
      return formatLevels(value as string[]) || null;
    default:
      return value as string;
  }
}
