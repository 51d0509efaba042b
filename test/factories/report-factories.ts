import type { Stream } from 'node:stream';
import { jest } from '@jest/globals';
import type pg from 'pg';
import { Clock } from '../../src/common/time/clock.js';
import { WeeklyReportService } from '../../src/reports/weekly-report.service.js';
import type { WeeklyReportData } from '../../src/reports/weekly-report-data.js';
import { as } from '../support/http.js';
import { waitFor } from '../support/wait.js';
import type { TestApp } from '../support/test-app.js';
import { makeContract, makeEvent, makeVisit } from './deals-factories.js';
import { insertRow, makeMilestone, makePark, makeProject } from './factories.js';
import { makeSupervisionItem } from './supervision-factories.js';
import { makeTransition } from './workflow-factories.js';

/** Factories and helpers for weekly reports (ISO weeks in Asia/Shanghai, UTC+8). */

/** 2026-W22 runs from Monday 25 May to Sunday 31 May 2026 in Shanghai. */
export const W22 = '2026-W22';
export const W21 = '2026-W21';
/** Monday 25 May 00:00 in Shanghai: the first instant of W22 (still Sunday in UTC). */
export const W22_FIRST = '2026-05-24T16:00:00Z';
/** Sunday 24 May 23:59 in Shanghai: the last minute of W21. */
export const W21_LAST_MINUTE = '2026-05-24T15:59:00Z';
/** Sunday 31 May 23:59 in Shanghai: the last minute of W22. */
export const W22_LAST_MINUTE = '2026-05-31T15:59:00Z';
/** Monday 1 June 00:00 in Shanghai: W23 already, though still Sunday 31 May in UTC. */
export const W23_FIRST = '2026-05-31T16:00:00Z';
/** Monday 1 June 08:00 in Shanghai: when the scheduler reports W22. */
export const MONDAY_MORNING = new Date('2026-06-01T00:00:00Z');

/** Freezes the service's Clock (not Date). */
export function freezeAt(t: TestApp, at: Date = MONDAY_MORNING) {
  return jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(at);
}

/**
 * A change of a project's light as the warning evaluation audits it (before/after {light}), and
 * optionally the light stored on the project now.
 */
export async function makeLightChange(
  db: pg.Pool,
  values: { projectId: string; parkId: string; from: string | null; to: string | null; at: string },
) {
  return insertRow<{ id: string }>(db, 'audit_log', {
    entity: 'project',
    entityId: values.projectId,
    parkId: values.parkId,
    action: 'update',
    before: { light: values.from },
    after: { light: values.to },
    at: values.at,
  });
}

export async function setLight(db: pg.Pool, projectId: string, light: string | null) {
  await db.query('UPDATE projects SET light = $2 WHERE id = $1', [projectId, light]);
}

/** A verified tranche: verified_at decides the week it counts in. */
export function makeVerifiedTranche(
  db: pg.Pool,
  values: { projectId: string; amount: string; verifiedAt: string | null; currency?: string },
) {
  return insertRow<{ id: string }>(db, 'investment_tranches', {
    date: values.verifiedAt ? values.verifiedAt.slice(0, 10) : '2026-05-01',
    evidenceRef: `V-${Math.random().toString(36).slice(2, 10)}`,
    ...values,
  });
}

export interface BuiltReport {
  id: string;
  revision: number;
  previousId: string | null;
  data: WeeklyReportData;
}

/** Builds (or returns) a report straight through the service, and reads it back from the table. */
export async function buildReport(
  t: TestApp,
  week: string,
  parkId: string | null,
  regenerate = false,
): Promise<BuiltReport> {
  const result = await t.app
    .get(WeeklyReportService)
    .generate({ week, parkId, regenerate, requestedBy: null });
  return storedReport(t.db, result.reportId);
}

export async function storedReport(db: pg.Pool, id: string): Promise<BuiltReport> {
  const { rows } = await db.query(
    `SELECT id, revision, previous_id AS "previousId", data FROM reports WHERE id = $1`,
    [id],
  );
  return rows[0] as BuiltReport;
}

/** Polls GET /jobs/:id until the job completes or fails (or the time is up). */
export async function waitForJob(
  t: TestApp,
  user: { id: string; role: 'admin' | 'manager' | 'officer' | 'viewer' },
  jobId: string,
  ms = 20_000,
): Promise<{ state: string; result?: Record<string, unknown>; failedReason?: string }> {
  return waitFor(
    async () => (await as(t, user).get(`/jobs/${jobId}`).expect(200)).body,
    (body) => ['completed', 'failed'].includes(body.state),
    ms,
  );
}

/** A Buffer as the ArrayBuffer exceljs' load() is typed to take. */
export function arrayBufferOf(buffer: Buffer): ArrayBuffer {
  return buffer.buffer.slice(
    buffer.byteOffset,
    buffer.byteOffset + buffer.byteLength,
  ) as ArrayBuffer;
}

/** Pages of a PDF: its page objects (/Type /Page, not /Pages), uncompressed in pdfkit's output. */
export function pdfPageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}

/** supertest: keep a binary body as a Buffer. */
export function binary(res: Stream, done: (err: Error | null, body: unknown) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/**
 * The fixed data set of the weekly report's numbers test (weekly-report.e2e-spec.ts, where each
 * number is worked out). 2026-W22 is Mon 25 – Sun 31 May 2026 in Shanghai (UTC+8). Parks: LG
 * with two sub-parks LG-IC and LG-NB (empty), and HZ beside it. Returns the parks and the ids of
 * the projects (p1…p5) and milestones (M1…M6).
 */
export async function makeWeekFixture(db: pg.Pool) {
  const ids: Record<string, string> = {};
  const lg = await makePark(db, { code: 'LG', name: '临港区' });
  const ic = await makePark(db, { code: 'LG-IC', name: '临港创新中心', parentId: lg.id });
  const nb = await makePark(db, { code: 'LG-NB', name: '宁波奉化分中心', parentId: lg.id });
  const hz = await makePark(db, { code: 'HZ', name: 'Haizhou Industrial Park' });
  const project = async (key: string, values: Record<string, unknown> & { parkId: string }) => {
    const row = await makeProject(db, { createdAt: '2026-04-01T00:00:00Z', ...values });
    ids[key] = row.id;
    return row;
  };
  // P1 (LG): preparing → under construction in W22's last minute; created 1 Feb: 120 days
  // without progress on 1 June
  const p1 = await project('p1', {
    parkId: lg.id,
    code: 'P1',
    name: '临港智能制造项目',
    stage: 'under_construction',
    plannedInvestment: '1000000.00',
    createdAt: '2026-02-01T00:00:00Z',
  });
  await makeTransition(db, {
    projectId: p1.id,
    fromStage: 'signed',
    toStage: 'preparing',
    at: '2026-05-10T02:00:00Z',
  });
  await makeTransition(db, {
    projectId: p1.id,
    fromStage: 'preparing',
    toStage: 'under_construction',
    at: W22_LAST_MINUTE,
  });
  // P2 (LG-IC): signed at the end of W22; it moved on at W23's first instant
  const p2 = await project('p2', {
    parkId: ic.id,
    code: 'P2',
    name: '威高疫苗二期',
    stage: 'preparing',
    plannedInvestment: '2000000.00',
  });
  await makeTransition(db, {
    projectId: p2.id,
    fromStage: 'signed',
    toStage: 'preparing',
    at: W23_FIRST,
  });
  // P3 (HZ): lead → negotiating at W22's first instant
  const p3 = await project('p3', {
    parkId: hz.id,
    code: 'P3',
    name: 'Haizhou logistics hub',
    stage: 'negotiating',
    plannedInvestment: '500000.00',
    currency: 'USD',
  });
  await makeTransition(db, {
    projectId: p3.id,
    fromStage: 'lead',
    toStage: 'negotiating',
    at: W22_FIRST,
  });
  // not counted: created after the week, and deleted before its end
  await project('p4', { parkId: lg.id, code: 'P4', createdAt: '2026-06-02T00:00:00Z' });
  await project('p5', {
    parkId: lg.id,
    code: 'P5',
    stage: 'signed',
    deletedAt: '2026-05-20T00:00:00Z',
  });

  // visits: LG 25 May (in), 31 May (out), 24 May (W21), 1 June (W23); LG-IC 27 May; HZ 28 May
  for (const [parkId, date, direction] of [
    [lg.id, '2026-05-25', 'inbound'],
    [lg.id, '2026-05-31', 'outbound'],
    [lg.id, '2026-05-24', 'inbound'],
    [lg.id, '2026-06-01', 'inbound'],
    [ic.id, '2026-05-27', 'inbound'],
    [hz.id, '2026-05-28', 'inbound'],
  ]) {
    await makeVisit(db, { parkId, date, direction });
  }
  await makeEvent(db, {
    parkId: ic.id,
    name: '临港创新发展大会',
    kind: 'conference',
    startDate: '2026-05-29',
  });
  await makeEvent(db, { parkId: hz.id, startDate: '2026-06-01' });
  // contracts: W22 has C1, C2 (LG) and C3 (LG-IC); C6 is LG's in W21, C4 and C5 are HZ's outside W22
  const contracts: [string, string, string, string, string][] = [
    ['C1', lg.id, '2026-05-25', '1500000.00', 'CNY'],
    ['C2', lg.id, '2026-05-31', '250000.50', 'USD'],
    ['C3', ic.id, '2026-05-26', '300000.25', 'CNY'],
    ['C4', hz.id, '2026-05-24', '100.00', 'CNY'],
    ['C5', hz.id, '2026-06-01', '999.99', 'CNY'],
    ['C6', lg.id, '2026-05-20', '100000.00', 'CNY'],
  ];
  for (const [code, parkId, signedAt, amount, currency] of contracts) {
    await makeContract(db, { code, title: `合同 ${code}`, parkId, signedAt, amount, currency });
  }
  // tranches count when verified: W22 has 400,000 (P1) + 200,000 (P2) CNY and 30,000 USD (P3)
  const tranches: [string, string, string | null, string][] = [
    [p1.id, '400000.00', W22_LAST_MINUTE, 'CNY'],
    [p1.id, '100000.00', '2026-03-01T00:00:00Z', 'CNY'], // this year, not this week
    [p1.id, '50000.00', W23_FIRST, 'CNY'], // after the week
    [p1.id, '77.00', null, 'CNY'], // never verified
    [p2.id, '200000.00', '2026-05-26T03:00:00Z', 'CNY'],
    [p2.id, '10000.00', '2025-12-31T15:59:00Z', 'CNY'], // 31 Dec 23:59 in Shanghai: last year
    [p2.id, '20000.00', '2025-12-31T16:00:00Z', 'CNY'], // 1 Jan 00:00 in Shanghai: this year
    [p3.id, '30000.00', '2026-05-27T00:00:00Z', 'USD'],
  ];
  for (const [projectId, amount, verifiedAt, currency] of tranches) {
    await makeVerifiedTranche(db, { projectId, amount, verifiedAt, currency });
  }
  // milestones: M1 on time, M2 late (both done in W22); M3 due Sunday and open: overdue at the
  // end; M4 due Monday: not yet; M5 done only at W23's first instant: overdue 17 days; M6 on time
  const milestones: [string, string, string, string | null][] = [
    ['M1', p1.id, '2026-05-28', '2026-05-27T10:00:00Z'],
    ['M2', p1.id, '2026-05-20', W22_LAST_MINUTE],
    ['M3', p1.id, '2026-05-31', null],
    ['M4', p1.id, '2026-06-01', null],
    ['M5', p2.id, '2026-05-15', W23_FIRST],
    ['M6', p3.id, '2026-05-30', '2026-05-29T00:00:00Z'],
  ];
  for (const [title, projectId, dueDate, completedAt] of milestones) {
    const m = await makeMilestone(db, { title, projectId, dueDate, completedAt });
    ids[title] = m.id;
  }
  // supervision: S1 opened in W22; S2 closed in its last minute; S3 opened at W23's first
  // instant; S4 open at the end (closed at W23's first instant)
  const closed = { status: 'closed', resolution: 'Resolved' };
  await makeSupervisionItem(db, {
    projectId: p1.id,
    parkId: lg.id,
    createdAt: '2026-05-26T02:00:00Z',
  });
  await makeSupervisionItem(db, {
    projectId: p2.id,
    parkId: ic.id,
    createdAt: '2026-05-10T00:00:00Z',
    closedAt: W22_LAST_MINUTE,
    ...closed,
  });
  await makeSupervisionItem(db, { projectId: p3.id, parkId: hz.id, createdAt: W23_FIRST });
  await makeSupervisionItem(db, {
    projectId: p1.id,
    parkId: lg.id,
    createdAt: '2026-05-01T00:00:00Z',
    closedAt: W23_FIRST,
    ...closed,
  });
  // lights: P1 green → yellow → red in W22 (red now); P2 red since 20 May, green from W23's
  // first instant; P3 yellow from W21's last minute
  await makeLightChange(db, {
    projectId: p1.id,
    parkId: lg.id,
    from: 'green',
    to: 'yellow',
    at: '2026-05-26T01:00:00Z',
  });
  await makeLightChange(db, {
    projectId: p1.id,
    parkId: lg.id,
    from: 'yellow',
    to: 'red',
    at: '2026-05-28T01:00:00Z',
  });
  await makeLightChange(db, {
    projectId: p2.id,
    parkId: ic.id,
    from: 'yellow',
    to: 'red',
    at: '2026-05-20T00:00:00Z',
  });
  await makeLightChange(db, {
    projectId: p2.id,
    parkId: ic.id,
    from: 'red',
    to: 'green',
    at: W23_FIRST,
  });
  await makeLightChange(db, {
    projectId: p3.id,
    parkId: hz.id,
    from: null,
    to: 'yellow',
    at: W21_LAST_MINUTE,
  });
  await setLight(db, p1.id, 'red');
  await setLight(db, p2.id, 'green');
  await setLight(db, p3.id, 'yellow');
  return { lg, ic, nb, hz, ids };
}
