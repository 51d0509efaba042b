import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import type { Queryable } from '../../common/database/db.service.js';
import type { ProjectStage } from '../../projects/project.entity.js';
import type { Light, Metrics, Threshold } from './rules.js';

/** Which projects an evaluation covers; nothing set means every project of the zone. */
export interface EvaluationTarget {
  /** this park and every park below it */
  parkId?: string;
  /** these parks and every park below them (a manager's scope) */
  parkIds?: string[];
  projectIds?: string[];
}

/** A rule in force for a park, and the park it comes from (null: the zone default). */
export interface EffectiveRule extends Threshold {
  parkId: string;
  sourceParkId: string | null;
}

export interface MetricsRow {
  projectId: string;
  parkId: string;
  stage: ProjectStage;
  light: Light | null;
  metrics: Metrics;
}

export interface StoredLight {
  projectId: string;
  light: Light | null;
}

type Param = (value: unknown) => string;

/** `p.` predicates selecting the target's live projects. */
function targetWhere(target: EvaluationTarget, param: Param): string {
  const where = ['p.deleted_at IS NULL'];
  if (target.projectIds) where.push(`p.id = ANY(${param(target.projectIds)}::uuid[])`);
  const parks = [...(target.parkId ? [target.parkId] : []), ...(target.parkIds ?? [])];
  if (target.parkId || target.parkIds) {
    where.push(
      `p.park_id IN (SELECT descendant_id FROM park_closure WHERE ancestor_id = ANY(${param(parks)}::uuid[]))`,
    );
  }
  return where.join(' AND ');
}

function binder(params: unknown[]): Param {
  return (value) => {
    params.push(value);
    return `$${params.length}`;
  };
}

/**
 * Per park and kind, the rule of the nearest park at or above it (park_closure.depth 0 is the
 * park itself), else the zone default. `parks` selects the park_id column of the parks to resolve.
 */
function inForceSql(parks: string): string {
  return `WITH parks AS (${parks}),
               candidates AS (
                 SELECT pk.park_id, r.kind, r.yellow_at, r.red_at, r.enabled, r.park_id AS source,
                        c.depth
                   FROM parks pk
                   JOIN park_closure c ON c.descendant_id = pk.park_id
                   JOIN warning_rules r ON r.park_id = c.ancestor_id
                 UNION ALL
                 SELECT pk.park_id, r.kind, r.yellow_at, r.red_at, r.enabled, NULL, 2147483647
                   FROM parks pk CROSS JOIN warning_rules r
                  WHERE r.park_id IS NULL)
          SELECT DISTINCT ON (park_id, kind)
                 park_id AS "parkId", kind, yellow_at AS "yellowAt", red_at AS "redAt", enabled,
                 source AS "sourceParkId"
            FROM candidates
           ORDER BY park_id, kind, depth`;
}

/**
 * The SQL of the three-colour warning: the rules in force per park, the metrics of many projects
 * in one pass, and the lights stored back in one statement. Reviewed as SQL.
 */
@Injectable()
export class WarningsRepository {
  /** The rules in force for the parks of the target's projects. */
  async effectiveRules(q: Queryable, target: EvaluationTarget): Promise<EffectiveRule[]> {
    const params: unknown[] = [];
    const parks = `SELECT DISTINCT p.park_id FROM projects p WHERE ${targetWhere(target, binder(params))}`;
    return q.query<EffectiveRule>(inForceSql(parks), params);
  }

  /** The rules in force for one park (the zone defaults for null), whatever its projects. */
  rulesOfPark(q: Queryable, parkId: string | null): Promise<EffectiveRule[]> {
    return parkId
      ? q.query<EffectiveRule>(inForceSql('SELECT $1::uuid AS park_id'), [parkId])
      : q.query<EffectiveRule>(
          `SELECT NULL AS "parkId", kind, yellow_at AS "yellowAt", red_at AS "redAt", enabled,
                  NULL AS "sourceParkId"
             FROM warning_rules WHERE park_id IS NULL`,
        );
  }

  /**
   * What each rule measures, as of `today` (a zone calendar date: never SQL now(), so tests can
   * freeze time). Days count calendar days; percentages are rounded to one decimal, and the
   * rounded value is the one compared with the thresholds and shown in messages.
   *
   * - no_progress_days: today − the latest progress date, or the day the project was created
   * - milestone_overdue_days: today − the earliest due date of an open milestone already past due
   * - behind_pace_percent: planned pace (share of start → planned completion elapsed, 0–100)
   *   − the latest stated percentComplete (0 if none); only with both dates and today ≥ start
   * - investment_shortfall_percent: (expected − realized) / expected × 100, expected = planned
   *   investment × planned pace, when expected > 0
   */
  async metrics(
    q: Queryable,
    target: EvaluationTarget,
    today: string,
    timeZone: string,
  ): Promise<MetricsRow[]> {
    const params: unknown[] = [today, timeZone];
    const rows = await q.query<{
      projectId: string;
      parkId: string;
      stage: ProjectStage;
      light: Light | null;
      noProgress: number;
      overdue: number | null;
      behind: string | null;
      shortfall: string | null;
    }>(
      // LATERAL index look-ups per project (progress by (project_id, date), milestones by
      // (project_id, due_date)): measured faster than hash aggregates both for one park
      // (25 ms against 140 ms for 1,666 projects) and for the whole zone (1.5 s against 1.8 s
      // for 100,000 projects with 300,000 progress updates and 300,000 milestones)
      `SELECT p.id AS "projectId", p.park_id AS "parkId", p.stage, p.light,
              GREATEST(0, $1::date - COALESCE(latest.date, (p.created_at AT TIME ZONE $2::text)::date))
                AS "noProgress",
              $1::date - overdue.first_due AS "overdue",
              round(plan.pace - COALESCE(stated.percent_complete, 0), 1)::text AS "behind",
              CASE WHEN p.planned_investment * plan.pace > 0
                   THEN round(100 * (p.planned_investment * plan.pace / 100 - p.realized_investment)
                                  / (p.planned_investment * plan.pace / 100), 1)::text
              END AS "shortfall"
         FROM projects p
         LEFT JOIN LATERAL (
                SELECT u.date FROM progress_updates u WHERE u.project_id = p.id
                 ORDER BY u.date DESC LIMIT 1) latest ON true
         LEFT JOIN LATERAL (
                SELECT u.percent_complete FROM progress_updates u
                 WHERE u.project_id = p.id AND u.percent_complete IS NOT NULL
                 ORDER BY u.date DESC, u.created_at DESC LIMIT 1) stated ON true
         LEFT JOIN LATERAL (
                SELECT min(m.due_date) AS first_due FROM milestones m
                 WHERE m.project_id = p.id AND m.completed_at IS NULL AND m.due_date < $1::date
              ) overdue ON true
        CROSS JOIN LATERAL (
                SELECT CASE WHEN p.start_date IS NULL OR p.planned_completion_date IS NULL
                                 OR $1::date < p.start_date THEN NULL
                            WHEN p.planned_completion_date = p.start_date THEN 100::numeric
                            ELSE LEAST(100, 100.0 * ($1::date - p.start_date)
                                            / (p.planned_completion_date - p.start_date))
                       END AS pace) plan
        WHERE ${targetWhere(target, binder(params))}`,
      params,
    );
    const num = (v: string | null) => (v === null ? null : Number(v));
    return rows.map((r) => ({
      projectId: r.projectId,
      parkId: r.parkId,
      stage: r.stage,
      light: r.light,
      metrics: {
        no_progress_days: r.noProgress,
        milestone_overdue_days: r.overdue,
        behind_pace_percent: num(r.behind),
        investment_shortfall_percent: num(r.shortfall),
      },
    }));
  }

  /**
   * Stores the lights that changed, in one statement (the caller sends only those: rewriting
   * 100,000 unchanged rows every hour cost 5.8 s and a table's worth of dead tuples). Rows are
   * locked in id order first, so two evaluations over overlapping projects wait for each other
   * instead of deadlocking, and the colour is compared again under the lock. A change of colour is
   * audited on the project (before/after {light}: the history "lights that changed colour" reads);
   * a first evaluation to green is not a change worth a row. version and updated_at stay: the
   * light is derived, and an hourly evaluation must not make the next PATCH stale.
   */
  async storeLights(
    q: Queryable,
    lights: StoredLight[],
    evaluatedAt: Date,
    actor: Actor | null,
  ): Promise<void> {
    if (lights.length === 0) return;
    await q.query(
      `WITH v AS (SELECT * FROM unnest($1::uuid[], $2::varchar[]) AS v(id, light)),
            old AS (SELECT p.id, p.light FROM projects p JOIN v ON v.id = p.id
                     ORDER BY p.id FOR UPDATE OF p),
            changed AS (
              UPDATE projects p SET light = v.light, light_evaluated_at = $3
                FROM v JOIN old ON old.id = v.id
               WHERE p.id = v.id AND old.light IS DISTINCT FROM v.light
              RETURNING p.id, p.park_id, old.light AS before, v.light AS after)
       INSERT INTO audit_log (actor_id, entity, entity_id, park_id, action, before, after, correlation_id)
       SELECT $4, 'project', c.id, c.park_id, 'update',
              jsonb_build_object('light', c.before), jsonb_build_object('light', c.after), $5
         FROM changed c
        WHERE NOT (c.before IS NULL AND c.after = 'green')`,
      [
        lights.map((l) => l.projectId),
        lights.map((l) => l.light),
        evaluatedAt,
        actor?.id ?? null,
        actor?.correlationId?.slice(0, 100) ?? null,
      ],
    );
  }
}
