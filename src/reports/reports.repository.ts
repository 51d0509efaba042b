import { Injectable } from '@nestjs/common';
import { type Actor, isAdmin, scopeSql } from '../common/auth/actor.js';
import { Db, type Queryable } from '../common/database/db.service.js';
import type { ListRequest } from '../common/pagination/list-page.js';
import type { ReportDetail } from './dto/report.dto.js';
import type { WeeklyReportData } from './weekly-report-data.js';

/** The columns of a report without its snapshot, with its park's code and name. */
const SUMMARY = `r.id, r.type, r.park_id AS "parkId", pk.code AS "parkCode", pk.name AS "parkName",
       r.period, r.period_start AS "periodStart", r.period_end AS "periodEnd",
       r.previous_id AS "previousId", r.revision, r.generated_by AS "generatedBy",
       r.generated_at AS "generatedAt"`;

const FROM = `reports r LEFT JOIN parks pk ON pk.id = r.park_id`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const SUMMARY_COLUMNS = [
  'id',
  'type',
  'parkId',
  'parkCode',
  'parkName',
  'period',
  'periodStart',
  'periodEnd',
  'previousId',
  'revision',
  'generatedBy',
  'generatedAt',
];

export interface StoredReport {
  id: string;
  parkId: string | null;
  period: string;
  revision: number;
  generatedAt: Date;
  generatedBy: string | null;
  data: WeeklyReportData;
}

export interface ReportValues {
  parkId: string | null;
  period: string;
  periodStart: string;
  periodEnd: string;
  data: WeeklyReportData;
  previousId: string | null;
  generatedBy: string | null;
  generatedAt: Date;
}

/** The SQL of stored reports: their rows, who may read them, who hears about them. */
@Injectable()
export class ReportsRepository {
  constructor(private readonly db: Db) {}

  /** Serialises the builders of one report until the transaction ends. */
  async lock(q: Queryable, key: string): Promise<void> {
    await q.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [key]);
  }

  /** The weekly report of a park (null: the zone) for a week; `lock` holds it until commit. */
  findWeekly(q: Queryable, parkId: string | null, period: string, lock = false) {
    return q.one<StoredReport>(
      `SELECT r.id, r.park_id AS "parkId", r.period, r.revision, r.generated_at AS "generatedAt",
              r.generated_by AS "generatedBy", r.data
         FROM reports r
        WHERE r.type = 'weekly' AND r.park_id IS NOT DISTINCT FROM $1::uuid AND r.period = $2
        ${lock ? 'FOR UPDATE' : ''}`,
      [parkId, period],
    );
  }

  /** The latest weekly report of the same park (or the zone) for an earlier week. */
  previousWeekly(q: Queryable, parkId: string | null, periodStart: string) {
    return q.one<{ id: string; period: string; data: Partial<WeeklyReportData> }>(
      `SELECT r.id, r.period, r.data FROM reports r
        WHERE r.type = 'weekly' AND r.park_id IS NOT DISTINCT FROM $1::uuid
          AND r.period_start < $2::date
        ORDER BY r.period_start DESC LIMIT 1`,
      [parkId, periodStart],
    );
  }

  async insertWeekly(q: Queryable, v: ReportValues): Promise<{ id: string; revision: number }> {
    const [row] = await q.query<{ id: string; revision: number }>(
      `INSERT INTO reports (type, park_id, period, period_start, period_end, data, previous_id,
                            revision, generated_by, generated_at)
       VALUES ('weekly', $1, $2, $3, $4, $5, $6, 1, $7, $8)
       RETURNING id, revision`,
      [
        v.parkId,
        v.period,
        v.periodStart,
        v.periodEnd,
        JSON.stringify(v.data),
        v.previousId,
        v.generatedBy,
        v.generatedAt,
      ],
    );
    return row;
  }

  /** A new snapshot for an existing report: revision + 1. */
  async replaceWeekly(
    q: Queryable,
    id: string,
    v: Pick<ReportValues, 'data' | 'previousId' | 'generatedBy' | 'generatedAt'>,
  ): Promise<{ id: string; revision: number }> {
    const [row] = await q.query<{ id: string; revision: number }>(
      `UPDATE reports SET data = $2, previous_id = $3, generated_by = $4, generated_at = $5,
                          revision = revision + 1
        WHERE id = $1 RETURNING id, revision`,
      [id, JSON.stringify(v.data), v.previousId, v.generatedBy, v.generatedAt],
    );
    return row;
  }

  /**
   * Who receives a report: the active managers assigned to the park itself (a manager of a
   * parent park gets the parent's report, which rolls this one up), or every active admin for
   * the zone report.
   */
  recipients(q: Queryable, parkId: string | null): Promise<{ id: string }[]> {
    return parkId
      ? q.query<{ id: string }>(
          `SELECT u.id FROM users u JOIN user_parks up ON up.user_id = u.id
            WHERE up.park_id = $1 AND u.role = 'manager' AND u.deactivated_at IS NULL
            ORDER BY u.id`,
          [parkId],
        )
      : q.query<{ id: string }>(
          `SELECT u.id FROM users u
            WHERE u.role = 'admin' AND u.deactivated_at IS NULL ORDER BY u.id`,
        );
  }

  /** The audit row of a report built or rebuilt (by a job: the requester, or null). */
  async audit(
    q: Queryable,
    entry: {
      actorId: string | null;
      correlationId: string | null;
      reportId: string;
      parkId: string | null;
      action: 'create' | 'update';
      before: object | null;
      after: object;
    },
  ): Promise<void> {
    await q.query(
      `INSERT INTO audit_log (actor_id, entity, entity_id, park_id, action, before, after, correlation_id)
       VALUES ($1, 'report', $2, $3, $4, $5, $6, $7)`,
      [
        entry.actorId,
        entry.reportId,
        entry.parkId,
        entry.action,
        entry.before === null ? null : JSON.stringify(entry.before),
        JSON.stringify(entry.after),
        entry.correlationId?.slice(0, 100) ?? null,
      ],
    );
  }

  /** Who asked for a job: the outbox row it came from (null: the scheduler, whose ids differ). */
  async requester(jobId: string | undefined): Promise<string | null> {
    if (!jobId || !UUID.test(jobId)) return null;
    const row = await this.db.one<{ requestedBy: string | null }>(
      `SELECT requested_by AS "requestedBy" FROM outbox WHERE id = $1`,
      [jobId],
    );
    return row?.requestedBy ?? null;
  }

  /** Every park, parents first: the Monday run makes one report each. */
  async allParkIds(): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `SELECT pk.id FROM parks pk
         LEFT JOIN LATERAL (SELECT max(depth) AS depth FROM park_closure
                             WHERE descendant_id = pk.id) d ON true
        ORDER BY d.depth, pk.code`,
    );
    return rows.map((r) => r.id);
  }

  async parkExists(q: Queryable, parkId: string): Promise<boolean> {
    return Boolean(await q.one(`SELECT 1 FROM parks WHERE id = $1`, [parkId]));
  }

  /** The park exists and is in the actor's scope (their parks and everything below them). */
  async parkVisible(actor: Actor, parkId: string): Promise<boolean> {
    const params: unknown[] = [parkId];
    const row = await this.db.one(
      `SELECT 1 FROM parks p WHERE p.id = $1${scopeSql(actor, 'p.id', params)}`,
      params,
    );
    return Boolean(row);
  }

  /**
   * Who may read a report: admins any; everyone else the reports of parks in their scope (the
   * zone report is the admins').
   */
  private visibleSql(actor: Actor, params: unknown[]): string {
    if (isAdmin(actor)) return 'true';
    params.push(actor.parkIds);
    return `r.park_id IN (SELECT descendant_id FROM park_closure
                           WHERE ancestor_id = ANY($${params.length}::uuid[]))`;
  }

  listRequest(
    actor: Actor,
    filters: { type?: string; parkId?: string; week?: string },
    page: number,
    limit: number,
    csv: boolean,
  ): ListRequest {
    const params: unknown[] = [];
    const where = [this.visibleSql(actor, params)];
    if (filters.type) where.push(`r.type = $${params.push(filters.type)}`);
    if (filters.parkId) where.push(`r.park_id = $${params.push(filters.parkId)}::uuid`);
    if (filters.week) where.push(`r.period = $${params.push(filters.week)}`);
    return {
      csv: csv ? { columns: SUMMARY_COLUMNS, filename: 'reports' } : undefined,
      select: SUMMARY,
      from: FROM,
      where,
      params,
      // newest week first; the zone's report before the parks', then by park code
      orderBy: 'r.period_start DESC, r.park_id IS NOT NULL, pk.code',
      idColumn: 'r.id',
      page,
      limit,
    };
  }

  findVisible(q: Queryable, actor: Actor, id: string): Promise<ReportDetail | undefined> {
    const params: unknown[] = [id];
    return q.one<ReportDetail>(
      `SELECT ${SUMMARY}, r.data FROM ${FROM}
        WHERE r.id = $1 AND ${this.visibleSql(actor, params)}`,
      params,
    );
  }

  /** The summary of one report, whoever asks (the POST answering with an existing one). */
  findDetail(id: string): Promise<ReportDetail | undefined> {
    return this.db.one<ReportDetail>(`SELECT ${SUMMARY}, r.data FROM ${FROM} WHERE r.id = $1`, [
      id,
    ]);
  }
}
