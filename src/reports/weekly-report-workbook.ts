import ExcelJS from 'exceljs';
import type { ReportDetail } from './dto/report.dto.js';
import {
  COUNT_KEYS,
  KEY_LABELS,
  MONEY_KEYS,
  type MilestoneItem,
  type Money,
  type SupervisionItemRow,
  type VerifiedMoney,
  type WeeklyReportData,
} from './weekly-report-data.js';
import { lightLabel, moneyCell, stageLabel, zoneTime } from './weekly-report-text.js';

interface Column {
  header: string;
  key: string;
  width: number;
  money?: boolean;
}

interface Sheet {
  name: string;
  columns: Column[];
  rows: Record<string, unknown>[];
}

const HEADER_FILL = 'FF1F4E79';
/** Marks a row whose numbers are money (the summary mixes counts and amounts). */
const MONEY_ROW = '__money';
const MONEY_FORMAT = '#,##0.00';

const col = (header: string, key: string, width: number, money = false): Column => ({
  header,
  key,
  width,
  money,
});

/** Money rows of one measure: one per currency, or a single 0 row when there is none. */
function perCurrency(list: Money[]): Money[] {
  return list.length ? list : [{ currency: '', amount: '0.00' }];
}

function reportSheet(report: ReportDetail, d: WeeklyReportData): Sheet {
  const rows: [string, unknown][] = [
    ['范围 Scope', d.scope.name],
    ['园区编号 Park code', d.scope.parkCode ?? ''],
    ['覆盖园区 Parks covered', d.scope.parks],
    ['周次 Week', d.week.period],
    ['起 From', d.week.start],
    ['止 To', d.week.end],
    ['时区 Time zone', d.week.timeZone],
    ['生成时间 Generated', zoneTime(new Date(report.generatedAt).toISOString(), d.week.timeZone)],
    ['版本 Revision', report.revision],
    ['对比 Compared with', d.previous?.period ?? '—'],
    ['在办督办 Supervision open at week end', d.supervision.openAtWeekEnd],
    ['目标 Targets', d.investment.targetsNote],
  ];
  return {
    name: '报告 Report',
    columns: [col('项目 Field', 'field', 36), col('内容 Value', 'value', 60)],
    rows: rows.map(([field, value]) => ({ field, value })),
  };
}

function summarySheet(d: WeeklyReportData): Sheet {
  const rows: Record<string, unknown>[] = COUNT_KEYS.map((key) => ({
    measure: KEY_LABELS[key],
    currency: '',
    current: d.keyNumbers[key],
    previous: d.deltas?.[key].previous ?? '',
    change: d.deltas?.[key].change ?? '',
  }));
  for (const key of MONEY_KEYS) {
    const deltas = d.deltas?.[key];
    const lines = deltas?.length
      ? deltas
      : perCurrency(d.keyNumbers[key]).map((m) => ({
          currency: m.currency,
          current: m.amount,
          previous: null,
          change: null,
        }));
    for (const line of lines) {
      rows.push({
        [MONEY_ROW]: true,
        measure: KEY_LABELS[key],
        currency: line.currency,
        current: moneyCell(line.current),
        previous: line.previous === null ? '' : moneyCell(line.previous),
        change: line.change === null ? '' : moneyCell(line.change),
      });
    }
  }
  return {
    name: '概要 Summary',
    columns: [
      col('指标 Measure', 'measure', 34),
      col('币种 Currency', 'currency', 12),
      col('本周 This week', 'current', 18),
      col('上期 Previous', 'previous', 18),
      col('变化 Change', 'change', 18),
    ],
    rows,
  };
}

function sections(d: WeeklyReportData): Sheet[] {
  const tz = d.week.timeZone;
  const project = [col('项目编号 Code', 'code', 16), col('项目名称 Project', 'name', 40)];
  const milestoneRow = (kind: string) => (m: MilestoneItem) => ({
    kind,
    code: m.projectCode,
    name: m.projectName,
    title: m.title,
    dueDate: m.dueDate,
    completedAt: zoneTime(m.completedAt, tz),
    onTime: m.onTime === undefined ? '' : m.onTime ? '是 yes' : '否 no',
    daysOverdue: m.daysOverdue ?? '',
  });
  const supervisionRow = (kind: string) => (s: SupervisionItemRow) => ({
    kind,
    code: s.projectCode,
    name: s.projectName,
    severity: s.severity,
    reason: s.reason,
    deadline: s.deadline,
    status: s.status,
  });
  const investmentRow = (range: string) => (m: VerifiedMoney) => ({
    range,
    currency: m.currency,
    amount: moneyCell(m.amount),
    tranches: m.tranches,
  });
  return [
    {
      name: '签约 Contracts',
      columns: [
        col('合同编号 Code', 'code', 16),
        col('名称 Title', 'title', 40),
        col('园区 Park', 'parkName', 24),
        col('签约日期 Signed', 'signedAt', 14),
        col('金额 Amount', 'amount', 20, true),
        col('币种 Currency', 'currency', 10),
        col('状态 Status', 'status', 16),
      ],
      rows: d.deals.contracts.items.map((c) => ({ ...c, amount: moneyCell(c.amount) })),
    },
    {
      name: '活动 Events',
      columns: [
        col('名称 Event', 'name', 40),
        col('类型 Kind', 'kind', 18),
        col('园区 Park', 'parkName', 24),
        col('日期 Date', 'startDate', 14),
      ],
      rows: d.deals.events.items.map((e) => ({ ...e })),
    },
    {
      name: '项目阶段 Stages',
      columns: [
        col('阶段 Stage', 'stage', 26),
        col('项目数 Projects', 'count', 14),
        col('币种 Currency', 'currency', 12),
        col('计划投资 Planned investment', 'amount', 24, true),
      ],
      rows: d.projects.byStage.flatMap((s) =>
        perCurrency(s.plannedInvestment).map((m, i) => ({
          stage: stageLabel(s.stage),
          count: i === 0 ? s.count : '',
          currency: m.currency,
          amount: moneyCell(m.amount),
        })),
      ),
    },
    {
      name: '阶段变化 Stage changes',
      columns: [
        ...project,
        col('原阶段 From', 'from', 24),
        col('新阶段 To', 'to', 24),
        col('时间 At', 'at', 18),
      ],
      rows: d.projects.stageChanges.map((c) => ({
        code: c.code,
        name: c.name,
        from: stageLabel(c.fromStage),
        to: stageLabel(c.toStage),
        at: zoneTime(c.at, tz),
      })),
    },
    {
      name: '到位资金 Investment',
      columns: [
        col('口径 Range', 'range', 30),
        col('币种 Currency', 'currency', 12),
        col('金额 Amount', 'amount', 22, true),
        col('笔数 Tranches', 'tranches', 12),
      ],
      rows: [
        ...d.investment.verifiedThisWeek.map(investmentRow('本周 This week')),
        ...d.investment.verifiedYearToDate.map(
          investmentRow(`年初至今 Year to date (${d.week.yearStart} –)`),
        ),
      ],
    },
    {
      name: '节点 Milestones',
      columns: [
        col('类别 Kind', 'kind', 16),
        ...project,
        col('节点 Milestone', 'title', 30),
        col('到期 Due', 'dueDate', 12),
        col('完成时间 Completed', 'completedAt', 18),
        col('按时 On time', 'onTime', 10),
        col('逾期天数 Days overdue', 'daysOverdue', 12),
      ],
      rows: [
        ...d.milestones.completed.items.map(milestoneRow('完成 Completed')),
        ...d.milestones.overdue.items.map(milestoneRow('逾期 Overdue')),
      ],
    },
    {
      name: '督办 Supervision',
      columns: [
        col('类别 Kind', 'kind', 14),
        ...project,
        col('级别 Severity', 'severity', 10),
        col('事由 Reason', 'reason', 40),
        col('期限 Deadline', 'deadline', 12),
        col('状态 Status', 'status', 14),
      ],
      rows: [
        ...d.supervision.opened.items.map(supervisionRow('新增 Opened')),
        ...d.supervision.closed.items.map(supervisionRow('办结 Closed')),
      ],
    },
    {
      name: '预警变化 Light changes',
      columns: [
        ...project,
        col('原 From', 'from', 12),
        col('现 To', 'to', 12),
        col('次数 Changes', 'changes', 10),
        col('最后变化 Last change', 'lastChangedAt', 18),
      ],
      rows: d.lights.changes.map((c) => ({
        ...c,
        from: lightLabel(c.from),
        to: lightLabel(c.to),
        lastChangedAt: zoneTime(c.lastChangedAt, tz),
      })),
    },
    {
      name: '红灯 Red list',
      columns: [
        ...project,
        col('园区 Park', 'parkName', 24),
        col('阶段 Stage', 'stage', 24),
        col('红灯起 Red since', 'redSince', 18),
        col('原因 Reasons', 'reasons', 60),
      ],
      rows: d.redList.map((r) => ({
        ...r,
        stage: stageLabel(r.stage),
        redSince: zoneTime(r.redSince, tz),
        reasons: r.reasons.join('; '),
      })),
    },
  ];
}

function addSheet(workbook: ExcelJS.Workbook, sheet: Sheet) {
  const ws = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = sheet.columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.width,
    ...(c.money ? { style: { numFmt: MONEY_FORMAT } } : {}),
  }));
  for (const row of sheet.rows) {
    const added = ws.addRow(row);
    if (row[MONEY_ROW]) added.eachCell((cell) => (cell.numFmt = MONEY_FORMAT));
  }
  ws.getRow(1).eachCell((cell) => {
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    cell.alignment = { vertical: 'middle', wrapText: true };
  });
  ws.getRow(1).height = 30;
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
}

/** The report as a workbook: one sheet per section, the header row styled, widths set. */
export async function weeklyReportWorkbook(report: ReportDetail): Promise<Buffer> {
  const d = report.data;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'zone-crm';
  workbook.title = `${d.scope.name} ${d.week.period}`;
  workbook.created = new Date(report.generatedAt);
  for (const sheet of [reportSheet(report, d), summarySheet(d), ...sections(d)]) {
    addSheet(workbook, sheet);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
