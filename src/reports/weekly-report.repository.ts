import { Injectable } from '@nestjs/common';
import type { Queryable } from '../common/database/db.service.js';
import type { ProjectStage } from '../projects/project.entity.js';
import type {
  ContractItem,
  EventItem,
  LightChange,
  MilestoneItem,
  Money,
  StageChange,
  SupervisionItemRow,
  VerifiedMoney,
} from './weekly-report-data.js';

/** One report's reach: a park and everything below it (parkId null: the whole zone), one week. */
export interface WeekScope {
  parkId: string | null;
  /** Monday and Sunday of the ISO week, zone calendar dates */
  start: string;
  end: string;
  timeZone: string;
}

export interface RedCandidate {
  projectId: string;
  code: string;
  name: string;
  parkName: string;
  stage: ProjectStage;
  redSince: string | null;
}

/**
 * Every statement takes the same four parameters: $1 the park (NULL: the zone), $2 and $3 the
 * week's Monday and Sunday, $4 the zone's time zone. They open with the same CTEs:
 *
 * - scope: the park and its sub-parks (park_closure), or every park.
 * - bounds: the week as instants, [Monday 00:00, next Monday 00:00) in the zone, so an instant
 *   at Sunday 23:59 in Shanghai (15:59 UTC) is in the week and one at Monday 00:00 in Shanghai
 *   (Sunday 16:00 UTC) is not. year_from_at: 1 January 00:00 of the year of the week's Sunday.
 * - live: the projects of the scope that existed at the week's end and were not deleted by then.
 *
 * Calendar dates (visits.date, events.start_date, contracts.signed_at, milestones.due_date) are
 * the zone's already and compare with $2 and $3 directly.
 */
const CTES = `
WITH scope AS (
  SELECT pk.id, pk.name FROM parks pk
   WHERE $1::uuid IS NULL
      OR pk.id IN (SELECT descendant_id FROM park_closure WHERE ancestor_id = $1::uuid)
),
bounds AS (
  SELECT ($2::date)::timestamp AT TIME ZONE $4::text AS from_at,
         ($3::date + 1)::timestamp AT TIME ZONE $4::text AS to_at,
         make_date(extract(year FROM $3::date)::int, 1, 1)::timestamp AT TIME ZONE $4::text
           AS year_from_at
),
live AS (
  SELECT p.* FROM projects p CROSS JOIN bounds b
   WHERE p.park_id IN (SELECT id FROM scope)
     AND p.created_at < b.to_at AND (p.deleted_at IS NULL OR p.deleted_at >= b.to_at)
)`;

/**
 * The live projects with their stage at the week's end: the target of their last transition
 * before it, else the origin of their first one after it (they have moved since), else the
 * stage they have now (they never moved).
 */
const AT_END = `,
at_end AS (
  SELECT p.id, p.code, p.name, p.park_id, p.planned_investment, p.currency, p.light,
         COALESCE(before_end.to_stage, after_end.from_stage, p.stage) AS stage
    FROM live p CROSS JOIN bounds b
    LEFT JOIN LATERAL (
           SELECT t.to_stage FROM project_transitions t
            WHERE t.project_id = p.id AND t.at < b.to_at
            ORDER BY t.at DESC, t.id DESC LIMIT 1) before_end ON true
    LEFT JOIN LATERAL (
           SELECT t.from_stage FROM project_transitions t
            WHERE t.project_id = p.id AND t.at >= b.to_at
            ORDER BY t.at, t.id LIMIT 1) after_end ON true
)`;

/**
 * An audit row recording a change of a project's light (warnings.repository storeLights): its
 * before and after carry the light and nothing else.
 */
const LIGHT_CHANGE = `a.entity = 'project' AND a.action = 'update'
  AND a.after ? 'light' AND a.after - 'light' = '{}'::jsonb`;

/** An instant as an ISO 8601 UTC string, the way the snapshot keeps it. */
const iso = (expr: string) =>
  `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const MILESTONE_COLUMNS = `m.id, p.code AS "projectCode", p.name AS "projectName", m.title,
       m.due_date AS "dueDate", ${iso('m.completed_at')} AS "completedAt"`;

const SUPERVISION_COLUMNS = `s.id, p.code AS "projectCode", p.name AS "projectName", s.severity,
       s.reason, s.deadline, s.status`;

/** The SQL of the weekly report: one statement per section, reviewed as SQL. */
@Injectable()
export class WeeklyReportRepository {
  private params(w: WeekScope): unknown[] {
    return [w.parkId, w.start, w.end, w.timeZone];
  }

  /** The park (code, name) and how many parks the report covers, itself included. */
  async scopeInfo(q: Queryable, parkId: string | null) {
    return q.one<{ code: string | null; name: string | null; parks: number }>(
      `SELECT pk.code, pk.name,
              (SELECT count(*)::int FROM parks x
                WHERE $1::uuid IS NULL
                   OR x.id IN (SELECT descendant_id FROM park_closure WHERE ancestor_id = $1::uuid))
                AS parks
         FROM (SELECT 1) one LEFT JOIN parks pk ON pk.id = $1::uuid`,
      [parkId],
    );
  }

  /** Visits that started in the week (visits.date), in and out. */
  async visits(q: Queryable, w: WeekScope) {
    const row = await q.one<{ count: number; inbound: number; outbound: number }>(
      `${CTES}
       SELECT count(*)::int AS count,
              count(*) FILTER (WHERE v.direction = 'inbound')::int AS inbound,
              count(*) FILTER (WHERE v.direction = 'outbound')::int AS outbound
         FROM visits v
        WHERE v.park_id IN (SELECT id FROM scope) AND v.date BETWEEN $2::date AND $3::date`,
      this.params(w),
    );
    return row ?? { count: 0, inbound: 0, outbound: 0 };
  }

  /** Events that started in the week. */
  events(q: Queryable, w: WeekScope): Promise<EventItem[]> {
    return q.query<EventItem>(
      `${CTES}
       SELECT e.id, e.name, e.kind, s.name AS "parkName", e.start_date AS "startDate"
         FROM events e JOIN scope s ON s.id = e.park_id
        WHERE e.start_date BETWEEN $2::date AND $3::date
        ORDER BY e.start_date, e.name, e.id`,
      this.params(w),
    );
  }

  /** Contracts signed in the week, whatever their status since. */
  contracts(q: Queryable, w: WeekScope): Promise<ContractItem[]> {
    return q.query<ContractItem>(
      `${CTES}
       SELECT c.id, c.code, c.title, s.name AS "parkName", c.signed_at AS "signedAt",
              c.amount::text AS amount, c.currency::text AS currency, c.status
         FROM contracts c JOIN scope s ON s.id = c.park_id
        WHERE c.signed_at BETWEEN $2::date AND $3::date
        ORDER BY c.signed_at, c.code, c.id`,
      this.params(w),
    );
  }

  /** The amounts of the week's contracts by currency. */
  contractAmounts(q: Queryable, w: WeekScope): Promise<Money[]> {
    return q.query<Money>(
      `${CTES}
       SELECT c.currency::text AS currency, sum(c.amount)::text AS amount
         FROM contracts c
        WHERE c.park_id IN (SELECT id FROM scope) AND c.signed_at BETWEEN $2::date AND $3::date
        GROUP BY c.currency ORDER BY c.currency`,
      this.params(w),
    );
  }

  /** Live projects by their stage at the week's end: count and planned investment by currency. */
  projectsByStage(q: Queryable, w: WeekScope) {
    return q.query<{ stage: ProjectStage; count: number; plannedInvestment: Money[] }>(
      `${CTES}${AT_END}
       SELECT x.stage, sum(x.n)::int AS count,
              jsonb_agg(jsonb_build_object('currency', x.currency, 'amount', x.amount::text)
                        ORDER BY x.currency) AS "plannedInvestment"
         FROM (SELECT stage, currency::text AS currency, count(*) AS n,
                      sum(planned_investment) AS amount
                 FROM at_end GROUP BY stage, currency) x
        GROUP BY x.stage`,
      this.params(w),
    );
  }

  /** Stage transitions recorded in the week, in the order they happened. */
  stageChanges(q: Queryable, w: WeekScope): Promise<StageChange[]> {
    return q.query<StageChange>(
      `${CTES}
       SELECT t.project_id AS "projectId", p.code, p.name, t.from_stage AS "fromStage",
              t.to_stage AS "toStage", ${iso('t.at')} AS at
         FROM project_transitions t JOIN live p ON p.id = t.project_id CROSS JOIN bounds b
        WHERE t.at >= b.from_at AND t.at < b.to_at
        ORDER BY t.at, t.id`,
      this.params(w),
    );
  }

  /**
   * Tranches verified (verified_at) in the week, or from 1 January of the week's Sunday's year
   * to the week's end, by currency. A tranche counts when it was verified, not by its date.
   */
  verifiedInvestment(q: Queryable, w: WeekScope, range: 'week' | 'year'): Promise<VerifiedMoney[]> {
    return q.query<VerifiedMoney>(
      `${CTES}
       SELECT tr.currency::text AS currency, sum(tr.amount)::text AS amount,
              count(*)::int AS tranches
         FROM investment_tranches tr JOIN live p ON p.id = tr.project_id CROSS JOIN bounds b
        WHERE tr.verified_at >= ${range === 'week' ? 'b.from_at' : 'b.year_from_at'}
          AND tr.verified_at < b.to_at
        GROUP BY tr.currency ORDER BY tr.currency`,
      this.params(w),
    );
  }

  /** Milestones completed in the week; on time when done on or before their due day (zone). */
  milestonesCompleted(q: Queryable, w: WeekScope): Promise<MilestoneItem[]> {
    return q.query<MilestoneItem>(
      `${CTES}
       SELECT ${MILESTONE_COLUMNS},
              (m.completed_at AT TIME ZONE $4::text)::date <= m.due_date AS "onTime"
         FROM milestones m JOIN live p ON p.id = m.project_id CROSS JOIN bounds b
        WHERE m.completed_at >= b.from_at AND m.completed_at < b.to_at
        ORDER BY m.completed_at, m.id`,
      this.params(w),
    );
  }

  /**
   * Milestones overdue at the week's end: due on or before its Sunday and not completed by
   * Monday 00:00 (completed since: completedAt says when). daysOverdue counts to that Monday.
   */
  milestonesOverdue(q: Queryable, w: WeekScope): Promise<MilestoneItem[]> {
    return q.query<MilestoneItem>(
      `${CTES}
       SELECT ${MILESTONE_COLUMNS}, ($3::date + 1) - m.due_date AS "daysOverdue"
         FROM milestones m JOIN live p ON p.id = m.project_id CROSS JOIN bounds b
        WHERE m.due_date <= $3::date AND (m.completed_at IS NULL OR m.completed_at >= b.to_at)
        ORDER BY m.due_date, p.code, m.id`,
      this.params(w),
    );
  }

  /** Supervision items opened (created_at) or closed (closed_at) in the week. */
  supervisionItems(
    q: Queryable,
    w: WeekScope,
    which: 'opened' | 'closed',
  ): Promise<SupervisionItemRow[]> {
    const column = which === 'opened' ? 's.created_at' : 's.closed_at';
    return q.query<SupervisionItemRow>(
      `${CTES}
       SELECT ${SUPERVISION_COLUMNS}
         FROM supervision_items s JOIN live p ON p.id = s.project_id CROSS JOIN bounds b
        WHERE ${column} >= b.from_at AND ${column} < b.to_at
        ORDER BY ${column}, s.id`,
      this.params(w),
    );
  }

  /** Supervision items open at the week's end: opened before it, not closed by then. */
  async supervisionOpenAtEnd(q: Queryable, w: WeekScope): Promise<number> {
    const row = await q.one<{ n: number }>(
      `${CTES}
       SELECT count(*)::int AS n
         FROM supervision_items s JOIN live p ON p.id = s.project_id CROSS JOIN bounds b
        WHERE s.created_at < b.to_at AND (s.closed_at IS NULL OR s.closed_at >= b.to_at)`,
      this.params(w),
    );
    return row?.n ?? 0;
  }

  /**
   * Projects whose light changed colour in the week (audit_log, see LIGHT_CHANGE): the light
   * before the first change and after the last, and how many changes.
   */
  lightChanges(q: Queryable, w: WeekScope): Promise<LightChange[]> {
    return q.query<LightChange>(
      `${CTES},
       changes AS (
         SELECT a.entity_id AS project_id, a.id, a.at,
                a.before->>'light' AS from_light, a.after->>'light' AS to_light
           FROM audit_log a CROSS JOIN bounds b
          WHERE ${LIGHT_CHANGE} AND a.at >= b.from_at AND a.at < b.to_at)
       SELECT p.id AS "projectId", p.code, p.name,
              (array_agg(c.from_light ORDER BY c.at, c.id))[1] AS "from",
              (array_agg(c.to_light ORDER BY c.at DESC, c.id DESC))[1] AS "to",
              count(*)::int AS changes, ${iso('max(c.at)')} AS "lastChangedAt"
         FROM changes c JOIN live p ON p.id = c.project_id
        GROUP BY p.id, p.code, p.name
        ORDER BY max(c.at), p.code`,
      this.params(w),
    );
  }

  /**
   * Projects red at the week's end. The light then is the one the first colour change after the
   * week's end started from, or, with no change since, the light stored now; only projects red
   * now or changed since can qualify. redSince: the last change before the end, when it is the
   * one that turned the project red.
   */
  redAtEnd(q: Queryable, w: WeekScope): Promise<RedCandidate[]> {
    return q.query<RedCandidate>(
      `${CTES}${AT_END}
       SELECT x."projectId", x.code, x.name, x."parkName", x.stage, x."redSince"
         FROM (
           SELECT p.id AS "projectId", p.code, p.name, s.name AS "parkName", p.stage,
                  CASE WHEN since.id IS NOT NULL THEN since.light ELSE p.light END AS light,
                  CASE WHEN last_before.light = 'red' THEN ${iso('last_before.at')} END
                    AS "redSince"
             FROM at_end p JOIN scope s ON s.id = p.park_id CROSS JOIN bounds b
             LEFT JOIN LATERAL (
                    SELECT a.id, a.before->>'light' AS light FROM audit_log a
                     WHERE a.entity_id = p.id AND a.at >= b.to_at AND ${LIGHT_CHANGE}
                     ORDER BY a.at, a.id LIMIT 1) since ON true
             LEFT JOIN LATERAL (
                    SELECT a.at, a.after->>'light' AS light FROM audit_log a
                     WHERE a.entity_id = p.id AND a.at < b.to_at AND ${LIGHT_CHANGE}
                     ORDER BY a.at DESC, a.id DESC LIMIT 1) last_before ON true
            WHERE p.light = 'red'
               OR EXISTS (SELECT 1 FROM audit_log a
                           WHERE a.entity_id = p.id AND a.at >= b.to_at AND ${LIGHT_CHANGE})
         ) x
        WHERE x.light = 'red'
        ORDER BY x.code, x."projectId"`,
      this.params(w),
    );
  }
}
