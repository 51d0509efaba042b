import { Injectable, StreamableFile } from '@nestjs/common';
import { type Actor, isAdmin } from '../common/auth/actor.js';
import { Db } from '../common/database/db.service.js';
import { DomainException } from '../common/errors/domain.exception.js';
import { listResponse } from '../common/pagination/list-page.js';
import { JobName } from '../jobs/job-name.js';
import { JobsService } from '../jobs/jobs.service.js';
import type {
  ListReportsQuery,
  ReportDetail,
  ReportFormat,
  ReportSummary,
  RequestWeeklyReportDto,
} from './dto/report.dto.js';
import { ReportsRepository } from './reports.repository.js';
import { weeklyReportBulletin } from './weekly-report-bulletin.js';
import { weeklyReportWorkbook } from './weekly-report-workbook.js';
import { WeeklyReportService } from './weekly-report.service.js';

export type RequestOutcome = { status: 200; report: ReportDetail } | { status: 202; jobId: string };

const CONTENT_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

/**
 * Reports over HTTP. Who: everyone signed in reads the reports of parks in their scope (officers
 * and viewers too: the report is the park's news); the zone report is the admins'. Managers ask
 * for the reports of parks in their scope, admins for any and for the zone.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly db: Db,
    private readonly repo: ReportsRepository,
    private readonly weekly: WeeklyReportService,
    private readonly jobs: JobsService,
  ) {}

  list(actor: Actor, query: ListReportsQuery, csv = false) {
    const request = this.repo.listRequest(
      actor,
      { type: query.type, parkId: query.parkId?.toLowerCase(), week: query.week },
      query.page,
      query.limit,
      csv,
    );
    // a report is frozen once built: a replica serves the list (one just built may lag a moment)
    return listResponse<ReportSummary>(this.db.replica, request);
  }

  async get(
    actor: Actor,
    id: string,
    format: ReportFormat = 'json',
  ): Promise<ReportDetail | StreamableFile> {
    // from a replica; one built a moment ago may not have reached it yet, so a miss asks the
    // primary before answering 404 (the job said done: GET /reports/:id must find it)
    const report =
      (await this.repo.findVisible(this.db.replica, actor, id)) ??
      (this.db.hasReplicas ? await this.repo.findVisible(this.db, actor, id) : undefined);
    if (!report) throw DomainException.notFound('Report', id);
    if (format === 'json') return report;
    const file =
      format === 'xlsx' ? await weeklyReportWorkbook(report) : await weeklyReportBulletin(report);
    return new StreamableFile(file, {
      type: CONTENT_TYPES[format],
      disposition: `attachment; filename="${fileName(report)}.${format}"`,
      length: file.length,
    });
  }

  /**
   * `POST /reports/weekly`: an existing report is answered as it is (200), unless regenerate is
   * set; otherwise the job that builds it goes through the outbox (202 with its id). The job
   * checks again, so a report made meanwhile is returned, not replaced.
   */
  async request(actor: Actor, dto: RequestWeeklyReportDto): Promise<RequestOutcome> {
    const week = this.weekly.endedWeek(dto.week);
    const parkId = dto.parkId?.toLowerCase() ?? null;
    if (parkId) {
      if (!(await this.repo.parkVisible(actor, parkId))) {
        throw DomainException.notFound('Park', parkId);
      }
    } else if (!isAdmin(actor)) {
      throw DomainException.forbidden(
        'Only admins ask for the zone report; send the parkId of a park in your scope',
      );
    }
    if (!dto.regenerate) {
      const existing = await this.repo.findWeekly(this.db, parkId, week.text);
      if (existing) {
        const report = await this.repo.findDetail(existing.id);
        if (report) return { status: 200, report };
      }
    }
    const jobId = await this.jobs.enqueue(
      this.db,
      JobName.WeeklyReport,
      { week: week.text, parkId, ...(dto.regenerate ? { regenerate: true } : {}) },
      actor.id,
    );
    return { status: 202, jobId };
  }
}

/** weekly-report-2026-W22-LG (the park's code) or …-zone; ASCII only for every browser. */
function fileName(report: ReportDetail): string {
  const scope = (report.parkCode ?? 'zone').replace(/[^A-Za-z0-9_-]+/g, '_');
  return `weekly-report-${report.period}-${scope}`;
}
