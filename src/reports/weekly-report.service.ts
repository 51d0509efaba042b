import { Inject, Injectable, Logger } from '@nestjs/common';
import { Db, type Queryable } from '../common/database/db.service.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { Clock } from '../common/time/clock.js';
import { dateInZone } from '../common/time/zone-date.js';
import { APP_CONFIG, type AppConfig } from '../config/app.config.js';
import { NotificationWriter } from '../notifications/notification-writer.js';
import { PROJECT_STAGES } from '../projects/project.entity.js';
import { assess } from '../workflow/health/rules.js';
import { WarningsRepository } from '../workflow/health/warnings.repository.js';
import type { Period } from '../workflow/assessment/period.js';
import { ReportsRepository } from './reports.repository.js';
import { lastWeek, parseWeek, shiftDate, weekHasEnded } from './report-week.js';
import {
  computeDeltas,
  COUNT_KEYS,
  KEY_LABELS,
  type KeyNumbers,
  type RedProject,
  WEEKLY_REPORT_SCHEMA,
  type WeeklyReportData,
} from './weekly-report-data.js';
import { type WeekScope, WeeklyReportRepository } from './weekly-report.repository.js';

export interface GenerateRequest {
  week: string;
  parkId: string | null;
  regenerate?: boolean;
  /** who asked (null: the scheduler), and the job doing it, for the audit */
  requestedBy: string | null;
  jobId?: string;
}

export interface GenerateResult {
  reportId: string;
  week: string;
  parkId: string | null;
  revision: number;
  /** created: a new report; existing: the one already there, untouched; regenerated: rebuilt */
  outcome: 'created' | 'existing' | 'regenerated';
}

const TARGETS_NOTE =
  'No targets are recorded yet (there is no targets table): investment is reported without a target to compare with.';

/**
 * Builds weekly reports: a frozen snapshot of one ISO week (zone calendar) for a park rolled up
 * through its sub-parks, or the whole zone, compared with the previous report of the same park.
 * Idempotent per (park, week): an existing report is returned as it is unless regenerate is set.
 */
@Injectable()
export class WeeklyReportService {
  private readonly logger = new Logger('WeeklyReports');

  constructor(
    private readonly db: Db,
    private readonly measures: WeeklyReportRepository,
    private readonly reports: ReportsRepository,
    private readonly warnings: WarningsRepository,
    private readonly notifications: NotificationWriter,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  today(): string {
    return dateInZone(this.clock.now(), this.config.zoneTimeZone);
  }

  /** A week that has ended, or a 400 naming `week`. */
  endedWeek(text: string): Period {
    const parsed = parseWeek(text);
    if ('error' in parsed) throw DomainException.validation('week', parsed.error);
    const today = this.today();
    if (!weekHasEnded(parsed.week, today)) {
      throw DomainException.validation(
        'week',
        `${text} ends on ${parsed.week.end}: it can be reported from ${shiftDate(parsed.week.end, 1)} (${this.config.zoneTimeZone})`,
      );
    }
    return parsed.week;
  }

  /** One report (the on-demand job). */
  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const week = this.endedWeek(request.week);
    const parkId = request.parkId?.toLowerCase() ?? null;
    return this.db.transaction(async (tx) => {
      if (parkId && !(await this.reports.parkExists(tx, parkId))) {
        throw DomainException.notFound('Park', parkId);
      }
      // two builders of one report (a POST and the Monday run) take turns
      await this.reports.lock(tx, `report:weekly:${parkId ?? 'zone'}:${week.text}`);
      const existing = await this.reports.findWeekly(tx, parkId, week.text, true);
      if (existing && !request.regenerate) {
        return this.result(existing.id, week, parkId, existing.revision, 'existing');
      }
      const previous = await this.reports.previousWeekly(tx, parkId, week.start);
      const data = await this.snapshot(tx, week, parkId, previous ?? null);
      const generatedAt = this.clock.now();
      const values = {
        data,
        previousId: previous?.id ?? null,
        generatedBy: request.requestedBy,
        generatedAt,
      };
      const audit = {
        actorId: request.requestedBy,
        correlationId: request.jobId ? `job:${request.jobId}` : null,
        parkId,
      };
      const summary = (revision: number, at: Date, by: string | null, keys: unknown) => ({
        period: week.text,
        revision,
        generatedAt: at,
        generatedBy: by,
        keyNumbers: keys,
      });
      if (existing) {
        const row = await this.reports.replaceWeekly(tx, existing.id, values);
        await this.reports.audit(tx, {
          ...audit,
          reportId: row.id,
          action: 'update',
          before: summary(
            existing.revision,
            existing.generatedAt,
            existing.generatedBy,
            existing.data.keyNumbers,
          ),
          after: summary(row.revision, generatedAt, request.requestedBy, data.keyNumbers),
        });
        return this.result(row.id, week, parkId, row.revision, 'regenerated');
      }
      const row = await this.reports.insertWeekly(tx, {
        ...values,
        parkId,
        period: week.text,
        periodStart: week.start,
        periodEnd: week.end,
      });
      await this.reports.audit(tx, {
        ...audit,
        reportId: row.id,
        action: 'create',
        before: null,
        after: summary(row.revision, generatedAt, request.requestedBy, data.keyNumbers),
      });
      await this.notifyRecipients(tx, row.id, parkId, data);
      return this.result(row.id, week, parkId, row.revision, 'created');
    });
  }

  /**
   * The Monday run: the zone's report and one per park (every park, with or without projects:
   * a quiet week is news too), each in its own transaction, so a retry after a failure keeps
   * the ones already made and only builds the rest.
   */
  async generateAll(weekText?: string): Promise<{
    week: string;
    reports: number;
    created: number;
  }> {
    const week = weekText ?? lastWeek(this.today());
    const parkIds: (string | null)[] = [null, ...(await this.reports.allParkIds())];
    let created = 0;
    for (const parkId of parkIds) {
      const result = await this.generate({ week, parkId, requestedBy: null });
      if (result.outcome === 'created') created++;
    }
    this.logger.log(`${week}: ${parkIds.length} reports, ${created} new`);
    return { week, reports: parkIds.length, created };
  }

  private result(
    reportId: string,
    week: Period,
    parkId: string | null,
    revision: number,
    outcome: GenerateResult['outcome'],
  ): GenerateResult {
    return { reportId, week: week.text, parkId, revision, outcome };
  }

  /** Every section of the report, measured inside the caller's transaction. */
  private async snapshot(
    q: Queryable,
    week: Period,
    parkId: string | null,
    previous: { id: string; period: string; data: Partial<WeeklyReportData> } | null,
  ): Promise<WeeklyReportData> {
    const w: WeekScope = {
      parkId,
      start: week.start,
      end: week.end,
      timeZone: this.config.zoneTimeZone,
    };
    const m = this.measures;
    const info = await m.scopeInfo(q, parkId);
    const visits = await m.visits(q, w);
    const events = await m.events(q, w);
    const contracts = await m.contracts(q, w);
    const contractAmounts = await m.contractAmounts(q, w);
    const stageRows = await m.projectsByStage(q, w);
    const stageChanges = await m.stageChanges(q, w);
    const verifiedThisWeek = await m.verifiedInvestment(q, w, 'week');
    const verifiedYearToDate = await m.verifiedInvestment(q, w, 'year');
    const completed = await m.milestonesCompleted(q, w);
    const overdue = await m.milestonesOverdue(q, w);
    const opened = await m.supervisionItems(q, w, 'opened');
    const closed = await m.supervisionItems(q, w, 'closed');
    const openAtWeekEnd = await m.supervisionOpenAtEnd(q, w);
    const lightChanges = await m.lightChanges(q, w);
    const redList = await this.redList(q, w);

    const byStage = PROJECT_STAGES.map((stage) => {
      const row = stageRows.find((r) => r.stage === stage);
      return { stage, count: row?.count ?? 0, plannedInvestment: row?.plannedInvestment ?? [] };
    });
    const total = byStage.reduce((sum, row) => sum + row.count, 0);
    const keyNumbers: KeyNumbers = {
      visits: visits.count,
      events: events.length,
      contracts: contracts.length,
      contractAmount: contractAmounts,
      investmentVerified: verifiedThisWeek.map(({ currency, amount }) => ({ currency, amount })),
      stageChanges: stageChanges.length,
      milestonesCompleted: completed.length,
      milestonesOverdue: overdue.length,
      supervisionOpened: opened.length,
      supervisionClosed: closed.length,
      lightChanges: lightChanges.length,
      redProjects: redList.length,
      projects: total,
    };
    return {
      schemaVersion: WEEKLY_REPORT_SCHEMA,
      scope: {
        parkId,
        parkCode: info?.code ?? null,
        name: info?.name ?? '全区 Whole zone',
        parks: info?.parks ?? 0,
      },
      week: {
        period: week.text,
        start: week.start,
        end: week.end,
        timeZone: this.config.zoneTimeZone,
        yearStart: `${week.end.slice(0, 4)}-01-01`,
      },
      keyNumbers,
      deals: {
        visits,
        events: { count: events.length, items: events },
        contracts: { count: contracts.length, amounts: contractAmounts, items: contracts },
      },
      projects: { total, byStage, stageChanges },
      investment: {
        verifiedThisWeek,
        verifiedYearToDate,
        targets: [],
        targetsNote: TARGETS_NOTE,
      },
      milestones: {
        completed: { count: completed.length, items: completed },
        overdue: { count: overdue.length, items: overdue },
      },
      supervision: {
        opened: { count: opened.length, items: opened },
        closed: { count: closed.length, items: closed },
        openAtWeekEnd,
      },
      lights: {
        changes: lightChanges,
        turnedRed: lightChanges.filter((c) => c.to === 'red' && c.from !== 'red').length,
        leftRed: lightChanges.filter((c) => c.from === 'red' && c.to !== 'red').length,
      },
      redList,
      previous: previous ? { reportId: previous.id, period: previous.period } : null,
      deltas: previous ? computeDeltas(keyNumbers, previous.data.keyNumbers) : null,
    };
  }

  /**
   * The red list at the week's end, each project with the reasons the warning rules give when
   * measured as of that Monday (rules in force now; data entered later may make them differ).
   */
  private async redList(q: Queryable, w: WeekScope): Promise<RedProject[]> {
    const red = await this.measures.redAtEnd(q, w);
    if (red.length === 0) return [];
    const target = { projectIds: red.map((r) => r.projectId) };
    const asOf = shiftDate(w.end, 1);
    const [rules, metrics] = await Promise.all([
      this.warnings.effectiveRules(q, target),
      this.warnings.metrics(q, target, asOf, w.timeZone),
    ]);
    return red.map((project) => {
      const measured = metrics.find((row) => row.projectId === project.projectId);
      const inForce = measured ? rules.filter((r) => r.parkId === measured.parkId) : [];
      const reasons = measured ? assess(project.stage, measured.metrics, inForce).reasons : [];
      const row: RedProject = {
        projectId: project.projectId,
        code: project.code,
        name: project.name,
        parkName: project.parkName,
        stage: project.stage,
        redSince: project.redSince,
        reasons: reasons.map((r) => r.message),
      };
      return row;
    });
  }

  /** The park's managers (the zone report: the admins) each get a notification, and a mail. */
  private async notifyRecipients(
    q: Queryable,
    reportId: string,
    parkId: string | null,
    data: WeeklyReportData,
  ): Promise<void> {
    const users = await this.reports.recipients(q, parkId);
    const k = data.keyNumbers;
    const money = (list: { currency: string; amount: string }[]) =>
      list.length ? list.map((x) => `${x.amount} ${x.currency}`).join(', ') : '0';
    const body = [
      `${data.scope.name}, ${data.week.period} (${data.week.start} – ${data.week.end})`,
      ...COUNT_KEYS.map((key) => `${KEY_LABELS[key]}: ${k[key]}`),
      `${KEY_LABELS.contractAmount}: ${money(k.contractAmount)}`,
      `${KEY_LABELS.investmentVerified}: ${money(k.investmentVerified)}`,
    ].join('\n');
    // stored for each recipient, and e-mailed (in this transaction) when SMTP is set
    await this.notifications.notifyMany(
      q,
      users.map((u) => ({
        userId: u.id,
        kind: 'report',
        title: `周报 Weekly report ${data.week.period}: ${data.scope.name}`,
        body,
        link: `/api/v1/reports/${reportId}`,
      })),
    );
  }
}
