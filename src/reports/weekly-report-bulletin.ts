import Pdf from 'pdfkit';
import { cjkFonts } from './cjk-font.js';
import type { ReportDetail } from './dto/report.dto.js';
import { COUNT_KEYS, KEY_LABELS, MONEY_KEYS, type WeeklyReportData } from './weekly-report-data.js';
import { groupDigits, lightLabel, signed, stageLabel, zoneTime } from './weekly-report-text.js';

type Doc = PDFKit.PDFDocument;

const MARGIN = 50;
const WIDTH = 595.28 - 2 * MARGIN; // A4
const INK = '#1a1a1a';
const MUTED = '#666666';
const ACCENT = '#1f4e79';
const LIST_LIMIT = 25;

/** Rows of a table at fixed column widths; a row that does not fit starts a new page. */
function table(doc: Doc, header: string[], rows: string[][], widths: number[]) {
  const draw = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'bold' : 'regular').fontSize(9);
    const height = Math.max(
      ...cells.map((text, i) => doc.heightOfString(text || ' ', { width: widths[i] - 6 })),
    );
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    let x = MARGIN;
    if (bold) doc.rect(MARGIN, y - 2, WIDTH, height + 4).fill('#e8eef5');
    doc.fillColor(INK);
    cells.forEach((text, i) => {
      doc.text(text, x + 3, y, { width: widths[i] - 6 });
      x += widths[i];
    });
    doc.x = MARGIN;
    doc.y = y + height + 5;
  };
  draw(header, true);
  for (const row of rows) draw(row, false);
}

function heading(doc: Doc, text: string) {
  if (doc.y + 60 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  doc.moveDown(0.8).font('bold').fontSize(13).fillColor(ACCENT).text(text, MARGIN);
  doc.moveDown(0.3).fillColor(INK);
}

/** A list section: at most LIST_LIMIT rows, then how many more the workbook has. */
function list(doc: Doc, title: string, header: string[], rows: string[][], widths: number[]) {
  heading(doc, `${title} (${rows.length})`);
  if (rows.length === 0) {
    doc.font('regular').fontSize(9).fillColor(MUTED).text('无 None', MARGIN).fillColor(INK);
    return;
  }
  table(doc, header, rows.slice(0, LIST_LIMIT), widths);
  if (rows.length > LIST_LIMIT) {
    doc
      .font('regular')
      .fontSize(8)
      .fillColor(MUTED)
      .text(`… ${rows.length - LIST_LIMIT} more: see the workbook (?format=xlsx)`, MARGIN)
      .fillColor(INK);
  }
}

function keyNumbers(doc: Doc, d: WeeklyReportData) {
  heading(doc, '主要指标 Key numbers');
  const rows = COUNT_KEYS.map((key) => [
    KEY_LABELS[key],
    String(d.keyNumbers[key]),
    d.deltas ? String(d.deltas[key].previous) : '—',
    d.deltas ? signed(d.deltas[key].change) : '—',
  ]);
  for (const key of MONEY_KEYS) {
    const lines = d.deltas?.[key].length
      ? d.deltas[key]
      : d.keyNumbers[key].map((m) => ({ ...m, current: m.amount, previous: null, change: null }));
    if (lines.length === 0) rows.push([KEY_LABELS[key], '0', d.deltas ? '0' : '—', '—']);
    for (const m of lines) {
      rows.push([
        `${KEY_LABELS[key]} (${m.currency})`,
        groupDigits(m.current),
        m.previous === null ? '—' : groupDigits(m.previous),
        m.change === null ? '—' : signed(groupDigits(m.change)),
      ]);
    }
  }
  table(doc, ['指标 Measure', '本周 This week', '上期 Previous', '变化 Change'], rows, [
    WIDTH * 0.43,
    WIDTH * 0.19,
    WIDTH * 0.19,
    WIDTH * 0.19,
  ]);
}

/** Projects by stage at the week's end as horizontal bars, drawn as vector rectangles. */
function stageChart(doc: Doc, d: WeeklyReportData) {
  heading(doc, '项目阶段分布 Projects by stage (week end)');
  const labelWidth = 150;
  const barMax = WIDTH - labelWidth - 40;
  const barHeight = 12;
  const gap = 6;
  const max = Math.max(1, ...d.projects.byStage.map((s) => s.count));
  const top = doc.y + 4;
  d.projects.byStage.forEach((s, i) => {
    const y = top + i * (barHeight + gap);
    doc.font('regular').fontSize(9).fillColor(INK);
    doc.text(stageLabel(s.stage), MARGIN, y + 1, { width: labelWidth - 8, lineBreak: false });
    const width = (s.count / max) * barMax;
    if (s.count > 0) doc.rect(MARGIN + labelWidth, y, width, barHeight).fill(ACCENT);
    doc
      .fillColor(INK)
      .text(String(s.count), MARGIN + labelWidth + width + 4, y + 1, { lineBreak: false });
  });
  const bottom = top + d.projects.byStage.length * (barHeight + gap);
  doc
    .moveTo(MARGIN + labelWidth, top - 3)
    .lineTo(MARGIN + labelWidth, bottom)
    .lineWidth(0.8)
    .stroke(MUTED);
  doc.x = MARGIN;
  doc.y = bottom + 6;
  doc
    .font('regular')
    .fontSize(8)
    .fillColor(MUTED)
    .text(`项目总数 Total: ${d.projects.total}`, MARGIN)
    .fillColor(INK);
}

function details(doc: Doc, d: WeeklyReportData) {
  const tz = d.week.timeZone;
  const w = (...parts: number[]) => parts.map((p) => WIDTH * p);
  list(
    doc,
    '红灯项目 Red list (week end)',
    ['编号 Code', '项目 Project', '阶段 Stage', '原因 Reasons'],
    d.redList.map((r) => [r.code, r.name, stageLabel(r.stage), r.reasons.join('; ')]),
    w(0.15, 0.3, 0.2, 0.35),
  );
  list(
    doc,
    '本周签约 Contracts signed',
    ['编号 Code', '名称 Title', '园区 Park', '金额 Amount'],
    d.deals.contracts.items.map((c) => [
      c.code,
      c.title,
      c.parkName,
      `${groupDigits(c.amount)} ${c.currency}`,
    ]),
    w(0.15, 0.37, 0.22, 0.26),
  );
  list(
    doc,
    '阶段变化 Stage changes',
    ['编号 Code', '项目 Project', '变化 Change', '时间 At'],
    d.projects.stageChanges.map((c) => [
      c.code,
      c.name,
      `${stageLabel(c.fromStage)} -> ${stageLabel(c.toStage)}`,
      zoneTime(c.at, tz),
    ]),
    w(0.15, 0.3, 0.35, 0.2),
  );
  list(
    doc,
    '预警变色 Light changes',
    ['编号 Code', '项目 Project', '变化 Change', '次数 Changes'],
    d.lights.changes.map((c) => [
      c.code,
      c.name,
      `${lightLabel(c.from)} -> ${lightLabel(c.to)}`,
      String(c.changes),
    ]),
    w(0.15, 0.4, 0.3, 0.15),
  );
  list(
    doc,
    '逾期节点 Milestones overdue (week end)',
    ['编号 Code', '项目 Project', '节点 Milestone', '逾期 Days'],
    d.milestones.overdue.items.map((m) => [
      m.projectCode,
      m.projectName,
      `${m.title} (${m.dueDate})`,
      String(m.daysOverdue ?? ''),
    ]),
    w(0.15, 0.3, 0.4, 0.15),
  );
  heading(doc, '目标 Targets');
  doc.font('regular').fontSize(9).fillColor(MUTED).text(d.investment.targetsNote, MARGIN);
}

/** Page numbers, written once every page exists (bufferPages). */
function footers(doc: Doc, title: string) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    // below the bottom margin pdfkit would start a new page for the text: lift it for the footer
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(8)
      .fillColor(MUTED)
      .text(`${title} · ${i + 1} / ${range.count}`, MARGIN, doc.page.height - 35, {
        width: WIDTH,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
}

/**
 * The report as a printable A4 bulletin: title, week, key numbers against the previous report
 * and the chart of projects by stage on page 1; the lists (red list, signings, stage changes,
 * light changes, overdue milestones) from page 2.
 */
export function weeklyReportBulletin(report: ReportDetail): Promise<Buffer> {
  const d = report.data;
  const fonts = cjkFonts();
  const title = `${d.scope.name} 招商引资周报 ${d.week.period}`;
  const doc = new Pdf({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: title, Author: 'zone-crm', Subject: 'Weekly progress report' },
  });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('bold').fontSize(20).fillColor(ACCENT).text('招商引资工作周报', MARGIN);
  doc.font('regular').fontSize(11).fillColor(MUTED).text('Weekly investment-promotion report');
  doc.moveDown(0.6).font('bold').fontSize(14).fillColor(INK).text(d.scope.name);
  doc
    .font('regular')
    .fontSize(10)
    .text(`${d.week.period}: ${d.week.start} – ${d.week.end} (${d.week.timeZone})`)
    .fillColor(MUTED)
    .text(
      `生成 Generated ${zoneTime(new Date(report.generatedAt).toISOString(), d.week.timeZone)}` +
        ` · 版本 Revision ${report.revision}` +
        ` · 对比 Compared with ${d.previous?.period ?? '—'}`,
    )
    .fillColor(INK);
  keyNumbers(doc, d);
  stageChart(doc, d);
  doc.addPage();
  details(doc, d);
  footers(doc, title);
  doc.end();
  return done;
}
